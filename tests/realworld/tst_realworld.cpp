// Other projects' example manifests (../shared/realworld: the Gateway API examples and Envoy
// Gateway's), as their users apply them, answered as a conformant controller and data plane would:
// each example, with the objects it assumes a cluster has (fixtures/, files of this test's own),
// validates; the status of its objects equals golden/<example>.status.yaml (GWS_REGENERATE_GOLDEN=1
// rewrites them; review the diff); its export validates again and exporting that gives the same
// bytes; and the requests its project's guide describes (requests.yaml) are served as the guide
// says. An example is a folder of files applied together, or a file on its own; an Envoy Gateway
// example without a Gateway of its own is applied on top of its quickstart, as its guide says.

#include <QDir>
#include <QFileInfo>
#include <QTest>

#include <set>

#include "controller/status_output.h"
#include "controller/translator.h"
#include "export/exporter.h"
#include "http_client.h"
#include "served_topology.h"
#include "test_support.h"
#include "tls/certificates.h"
#include "tls_client.h"
#include "yaml/access.h"
#include "yaml/yaml_reader.h"
#include "yaml/yaml_writer.h"

using namespace gs;

namespace {

const QString kHere = QStringLiteral(GWS_TESTDATA_DIR);
const QString kRealworld = QStringLiteral(GWS_SHARED_DIR "/realworld");

bool regenerate() { return qEnvironmentVariableIntValue("GWS_REGENERATE_GOLDEN") == 1; }

// Errors an example has on purpose, by example: the reason is in the message.
const std::map<std::string, std::string> kExpectedErrors{
    // v1alpha2 TLSRoute without hostnames: v1 (what the model reads every version as) requires them.
    {"gateway-api/examples/experimental/v1alpha2/tls-routing", "spec.hostnames: required field is missing"},
};

struct Example {
    std::string id;                  // "gateway-api/examples/standard/http-routing" (a folder) or a file's path
    std::vector<std::string> files;  // relative to kRealworld
    std::vector<std::string> base;   // applied first: Envoy Gateway's quickstart
};

std::string relative(const QString& path) { return QDir(kRealworld).relativeFilePath(path).toStdString(); }

bool mentions(const std::string& text, const std::string& kindLine) { return text.find("\nkind: " + kindLine + "\n") != std::string::npos || text.rfind("kind: " + kindLine + "\n", 0) == 0; }

std::set<std::string> identities(const std::string& text);

// A folder's files are applied together, except variants: files that define an object another
// file of the folder defines too are alternatives (the guide applies one or the other), each an
// example of its own with the folder's other files.
void addFolder(std::map<std::string, Example>& byId, const std::string& folder, const std::vector<std::string>& files)
{
    std::map<std::string, int> definedBy;
    std::map<std::string, std::set<std::string>> ids;
    for (const std::string& f : files) {
        ids[f] = identities(test::readFile(kRealworld + "/" + QString::fromStdString(f)));
        for (const std::string& id : ids[f])
            ++definedBy[id];
    }
    std::vector<std::string> shared, variants;
    for (const std::string& f : files)
        (std::any_of(ids[f].begin(), ids[f].end(), [&](const std::string& id) { return definedBy[id] > 1; }) ? variants : shared)
            .push_back(f);
    if (variants.empty()) {
        byId[folder] = {folder, files, {}};
        return;
    }
    for (const std::string& v : variants) {
        Example e{v, shared, {}};
        e.files.push_back(v);
        byId[v] = e;
    }
}

std::vector<Example> findExamples()
{
    std::map<std::string, Example> byId;
    std::map<std::string, std::vector<std::string>> folders;
    for (const QString& path : test::yamlFilesUnder(kRealworld)) {
        const std::string file = relative(path);
        const QString dir = QFileInfo(path).dir().dirName();
        const bool alone = file.rfind("gateway-api/", 0) != 0 || dir == "standard" || dir == "experimental";
        if (alone)
            byId[file] = {file, {file}, {}};
        else
            folders[relative(QFileInfo(path).absolutePath())].push_back(file);
    }
    for (const auto& [folder, files] : folders)
        addFolder(byId, folder, files);
    const std::string quickstart = "envoy-gateway/examples/kubernetes/quickstart.yaml";
    // The gRPC JWT guide secures the route of the gRPC routing guide.
    const std::map<std::string, std::string> baseOf{
        {"envoy-gateway/examples/kubernetes/jwt/grpc-jwt.yaml", "envoy-gateway/examples/kubernetes/grpc-routing.yaml"}};
    for (auto& [id, e] : byId)
        if (auto it = baseOf.find(id); it != baseOf.end())
            e.base.push_back(it->second);
        else if (id.rfind("envoy-gateway/", 0) == 0 && id != quickstart) {
            const std::string text = test::readFile(kRealworld + "/" + QString::fromStdString(e.files[0]));
            if (!mentions(text, "Gateway") && !mentions(text, "GatewayClass"))
                e.base.push_back(quickstart);
        }
    std::vector<Example> out;
    for (auto& [id, e] : byId)
        out.push_back(std::move(e));
    return out;
}

// A document's kind, namespace and name, for telling which fixture objects an example defines itself.
std::string identity(const yaml::Node& doc)
{
    const yaml::Node* metadata = yaml::child(doc, "metadata");
    return std::string(yaml::childText(doc, "kind")) + " " +
           (metadata ? std::string(yaml::childText(*metadata, "namespace", "default")) + "/" +
                           std::string(yaml::childText(*metadata, "name"))
                     : std::string());
}

std::set<std::string> identities(const std::string& text)
{
    std::set<std::string> out;
    for (const yaml::Document& d : yaml::readYamlStream(text).documents)
        if (!d.empty)
            out.insert(identity(d.root));
    return out;
}

class Pki {
public:
    Pki()
    {
        std::string error;
        ca_ = *runtime::tls::issueCertificate({"realworld-test-ca", {}, true}, nullptr, error);
    }
    // A kubernetes.io/tls Secret for the names, signed by the test's CA.
    std::string secret(const std::string& ns, const std::string& name, const std::vector<std::string>& names) const
    {
        std::string error;
        const runtime::tls::PemPair pem = *runtime::tls::issueCertificate({names.empty() ? name : names[0], names}, &ca_, error);
        auto block = [](const std::string& text) {
            std::string out = "|\n";
            for (std::size_t start = 0; start < text.size();) {
                const std::size_t end = text.find('\n', start);
                out += "    " + text.substr(start, end - start) + "\n";
                start = end == std::string::npos ? text.size() : end + 1;
            }
            return out;
        };
        return "apiVersion: v1\nkind: Secret\nmetadata:\n  name: " + name + "\n  namespace: " + ns +
               "\ntype: kubernetes.io/tls\nstringData:\n  tls.crt: " + block(pem.certificate) + "  tls.key: " + block(pem.privateKey);
    }
    // A ConfigMap whose ca.crt is the test's CA.
    std::string caConfigMap(const std::string& ns, const std::string& name) const
    {
        std::string out = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\n  namespace: " + ns + "\ndata:\n  ca.crt: |\n";
        for (std::size_t start = 0; start < ca_.certificate.size();) {
            const std::size_t end = ca_.certificate.find('\n', start);
            out += "    " + ca_.certificate.substr(start, end - start) + "\n";
            start = end == std::string::npos ? ca_.certificate.size() : end + 1;
        }
        return out;
    }

private:
    runtime::tls::PemPair ca_;
};

// The fixture documents an example does not define itself. A Secret annotated
// test.gateway-studio.dev/certificate-for: "a.example.com,*.example.com" gets a certificate for
// those names, and a ConfigMap annotated test.gateway-studio.dev/ca-certificate: "true" the CA
// that signs them (ca.crt), made when the test runs.
std::string fixtureFor(const std::string& project, const std::set<std::string>& defined, const Pki& pki)
{
    const std::string text = test::readFile(kHere + "/fixtures/" + QString::fromStdString(project) + ".yaml");
    std::string out;
    for (const yaml::Document& d : yaml::readYamlStream(text).documents) {
        if (d.empty || defined.count(identity(d.root)))
            continue;
        const yaml::Node* metadata = yaml::child(d.root, "metadata");
        const yaml::Node* annotations = metadata ? yaml::child(*metadata, "annotations") : nullptr;
        const std::string_view names = annotations ? yaml::childText(*annotations, "test.gateway-studio.dev/certificate-for") : "";
        const bool ca = annotations && yaml::childText(*annotations, "test.gateway-studio.dev/ca-certificate") == "true";
        std::string doc;
        if (ca) {
            doc = pki.caConfigMap(std::string(yaml::childText(*metadata, "namespace", "default")),
                                  std::string(yaml::childText(*metadata, "name")));
        } else if (!names.empty()) {
            std::vector<std::string> list;
            for (std::size_t start = 0; start <= names.size();) {
                const std::size_t comma = std::min(names.find(',', start), names.size());
                list.emplace_back(names.substr(start, comma - start));
                start = comma + 1;
            }
            doc = pki.secret(std::string(yaml::childText(*metadata, "namespace", "default")),
                             std::string(yaml::childText(*metadata, "name")), list);
        } else {
            yaml::writeYaml(d.root, doc);
        }
        out += "---\n" + doc;
    }
    return out;
}

// The documents of `text` that are not in `defined`, written again.
std::string documentsNotIn(const std::string& text, const std::set<std::string>& defined)
{
    std::string out;
    for (const yaml::Document& d : yaml::readYamlStream(text).documents)
        if (!d.empty && !defined.count(identity(d.root))) {
            out += "---\n";
            yaml::writeYaml(d.root, out);
        }
    return out;
}

// What the example's objects are given as: its base without what the example redefines, its
// files, and the fixture without what either defines, as sources.
std::vector<model::Source> sourcesOf(const Example& e, const Pki& pki)
{
    std::vector<model::Source> sources;
    std::string own;
    for (const std::string& f : e.files) {
        sources.push_back({f, test::readFile(kRealworld + "/" + QString::fromStdString(f))});
        own += "\n---\n" + sources.back().text;
    }
    std::set<std::string> defined = identities(own);
    for (const std::string& f : e.base) {
        const std::string text = test::readFile(kRealworld + "/" + QString::fromStdString(f));
        if (std::string rest = documentsNotIn(text, defined); !rest.empty())
            sources.insert(sources.begin(), {f, std::move(rest)});
        for (const std::string& id : identities(text))
            defined.insert(id);
    }
    const std::string project = e.id.substr(0, e.id.find('/'));
    if (std::string fixture = fixtureFor(project, defined, pki); !fixture.empty())
        sources.push_back({"fixtures/" + project + ".yaml", std::move(fixture)});
    return sources;
}

bool ownObject(const Example& e, const model::Object& o)
{
    return std::find(e.files.begin(), e.files.end(), o.file) != e.files.end();
}

std::string statusGolden(const Example& e, const model::ObjectSet& objects, const model::Translation& t)
{
    std::string out;
    for (const model::ObjectStatus& s : t.statuses) {
        const model::Object& o = objects.objects()[s.objectIndex];
        if (!ownObject(e, o))
            continue;
        yaml::Node doc = yaml::Node::map();
        doc.set("kind", yaml::Node::string(o.id.kind));
        doc.set("name", yaml::Node::string(o.displayName()));
        doc.set("status", model::statusNode(s));
        if (!s.notes.empty()) {
            yaml::Node notes = yaml::Node::seq();
            for (const std::string& n : s.notes)
                notes.append(yaml::Node::string(n));
            doc.set("notes", notes);
        }
        out += out.empty() ? "" : "---\n";
        yaml::writeYaml(doc, out);
    }
    return out;
}

QString goldenPath(const Example& e)
{
    QString id = QString::fromStdString(e.id);
    id.replace("/examples/", "/").replace('/', "__");
    if (id.endsWith(".yaml"))
        id.chop(5);
    return kHere + "/golden/" + id + ".status.yaml";
}

}  // namespace

class TestRealworld : public QObject {
    Q_OBJECT
    Pki pki_;
    std::vector<Example> examples_;

    const Example& example(const QString& id) const
    {
        return *std::find_if(examples_.begin(), examples_.end(), [&](const Example& e) { return e.id == id.toStdString(); });
    }

private slots:
    void initTestCase()
    {
        if (!QDir(kRealworld).exists())
            QSKIP("../shared/realworld is absent: other projects' manifests are read from there, never copied");
        examples_ = findExamples();
        QVERIFY(examples_.size() > 50);
    }

    void examples_data()
    {
        QTest::addColumn<QString>("id");
        for (const Example& e : findExamples())
            QTest::newRow(e.id.c_str()) << QString::fromStdString(e.id);
    }

    // Validates as a cluster's API server would (strict), with only the errors it has on purpose.
    void examples()
    {
        QFETCH(QString, id);
        const Example& e = example(id);
        const model::Topology t = model::loadTopology(sourcesOf(e, pki_));
        const auto expected = kExpectedErrors.find(e.id);
        for (const model::Diagnostic& d : t.diagnostics.all())
            if (d.severity == model::Severity::Error)
                QVERIFY2(expected != kExpectedErrors.end() && d.format().find(expected->second) != std::string::npos,
                         d.format().c_str());
        if (expected != kExpectedErrors.end()) {
            QVERIFY2(t.diagnostics.hasErrors(), "the expected error is no longer reported");
            return;   // not served: nothing more to compare
        }

        const model::Translation translation = model::translate(t.objects, {}, {});
        const std::string status = statusGolden(e, t.objects, translation);
        const QString golden = goldenPath(e);
        if (regenerate()) {
            QDir().mkpath(QFileInfo(golden).absolutePath());
            QFile f(golden);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(status.data(), qint64(status.size()));
        } else {
            QVERIFY2(QFile::exists(golden), qPrintable(golden + " is missing; run with GWS_REGENERATE_GOLDEN=1 and review it"));
            QVERIFY2(test::readFile(golden) == status, qPrintable("the status differs from " + golden + ":\n" +
                                                                   QString::fromStdString(status).left(3000)));
        }

        model::ObjectSet own;
        for (const model::Object& o : t.objects.objects())
            if (ownObject(e, o))
                own.add(o);
        const std::string exported = model::exportYaml(own);
        const model::Topology again = test::loadText("exported.yaml", exported);
        QVERIFY2(!again.diagnostics.hasErrors(), qPrintable(test::diagnosticsText(again.diagnostics)));
        QCOMPARE(model::exportYaml(again.objects), exported);
    }
};

GWS_TEST_MAIN_NEEDING_SHARED(TestRealworld)
#include "tst_realworld.moc"

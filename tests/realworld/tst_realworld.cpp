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
#include "test_pki.h"
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
    std::string id;  // "gateway-api/examples/standard/http-routing" (a folder) or a file's path
    std::vector<std::string> files;  // relative to kRealworld
    std::vector<std::string> base;  // applied first: Envoy Gateway's quickstart
};

std::string relative(const QString& path) { return QDir(kRealworld).relativeFilePath(path).toStdString(); }

bool mentions(const std::string& text, const std::string& kindLine)
{
    return text.find("\nkind: " + kindLine + "\n") != std::string::npos || text.rfind("kind: " + kindLine + "\n", 0) == 0;
}

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

// The test's CA, and what it signs.
class Pki {
public:
    Pki() : ca_(test::issueCertificate("realworld-test-ca", {}, nullptr)) { }
    std::string secret(const std::string& ns, const std::string& name, const std::vector<std::string>& names) const
    {
        return test::tlsSecretYaml(ns, name, test::issueCertificate(names.empty() ? name : names[0], names, &ca_));
    }
    std::string caConfigMap(const std::string& ns, const std::string& name) const
    {
        return test::caConfigMapYaml(ns, name, ca_.certificate);
    }

private:
    runtime::tls::PemPair ca_;
};

// The documents of a fixture that nothing above it defines. A Secret annotated
// test.gateway-studio.dev/certificate-for: "a.example.com,*.example.com" gets a certificate for
// those names, and a ConfigMap annotated test.gateway-studio.dev/ca-certificate: "true" the CA
// that signs them (ca.crt), made when the test runs.
std::string fixtureDocuments(const std::string& text, const std::set<std::string>& defined, const Pki& pki)
{
    std::string out;
    for (const yaml::Document& d : yaml::readYamlStream(text).documents) {
        if (d.empty || defined.count(identity(d.root)))
            continue;
        const yaml::Node* metadata = yaml::child(d.root, "metadata");
        const yaml::Node* annotations = metadata ? yaml::child(*metadata, "annotations") : nullptr;
        const std::string_view names =
            annotations ? yaml::childText(*annotations, "test.gateway-studio.dev/certificate-for") : "";
        const bool ca = annotations && yaml::childText(*annotations, "test.gateway-studio.dev/ca-certificate") == "true";
        const std::string ns = metadata ? std::string(yaml::childText(*metadata, "namespace", "default")) : "default";
        const std::string name = metadata ? std::string(yaml::childText(*metadata, "name")) : "";
        std::string doc;
        if (ca) {
            doc = pki.caConfigMap(ns, name);
        } else if (!names.empty()) {
            std::vector<std::string> list;
            for (std::size_t start = 0; start <= names.size();) {
                const std::size_t comma = std::min(names.find(',', start), names.size());
                list.emplace_back(names.substr(start, comma - start));
                start = comma + 1;
            }
            doc = pki.secret(ns, name, list);
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

QString fixtureName(const std::string& id)
{
    QString name = QString::fromStdString(id);
    name.replace("/examples/", "/").replace('/', "__");
    if (name.endsWith(".yaml"))
        name.chop(5);
    return name;
}

// What the example's objects are given as, in layers, each without what a layer above defines:
// its files; its own fixture (fixtures/<example>.yaml: what its guide adds, e.g. by kubectl
// patch); its base; its project's fixture.
std::vector<model::Source> sourcesOf(const Example& e, const Pki& pki)
{
    std::vector<model::Source> sources;
    std::set<std::string> defined;
    auto add = [&](const std::string& name, const std::string& text) {
        if (!text.empty())
            sources.push_back({name, text});
        for (const std::string& id : identities(text))
            defined.insert(id);
    };
    std::string own;
    for (const std::string& f : e.files)
        own += "\n---\n" + test::readFile(kRealworld + "/" + QString::fromStdString(f));
    const std::set<std::string> ownIds = identities(own);
    for (const std::string& f : e.files)
        sources.push_back({f, test::readFile(kRealworld + "/" + QString::fromStdString(f))});
    defined = ownIds;
    const QString exampleFixture = kHere + "/fixtures/" + fixtureName(e.id) + ".yaml";
    if (QFile::exists(exampleFixture))
        add("fixtures/" + fixtureName(e.id).toStdString() + ".yaml",
            fixtureDocuments(test::readFile(exampleFixture), defined, pki));
    for (const std::string& f : e.base)
        add(f, documentsNotIn(test::readFile(kRealworld + "/" + QString::fromStdString(f)), defined));
    const std::string project = e.id.substr(0, e.id.find('/'));
    add("fixtures/" + project + ".yaml",
        fixtureDocuments(test::readFile(kHere + "/fixtures/" + QString::fromStdString(project) + ".yaml"), defined, pki));
    return sources;
}

bool ownObject(const Example& e, const model::Object& o)
{
    return std::find(e.files.begin(), e.files.end(), o.file) != e.files.end();
}

QString goldenPath(const Example& e) { return kHere + "/golden/" + fixtureName(e.id) + ".status.yaml"; }

// One request of requests.yaml: what a guide says to send, and what it says comes back.
struct GuideRequest {
    std::string example, listener, protocol, host, path, method = "GET", note;
    std::string gap;  // why a conformant gateway cannot answer as the guide says (requests.yaml)
    std::vector<runtime::http::Header> headers;
    const yaml::Node* expect = nullptr;
};

std::vector<GuideRequest> guideRequests(const yaml::Node& root)
{
    std::vector<GuideRequest> out;
    if (!root.isSeq())
        return out;
    for (const yaml::Node& n : root.items()) {
        GuideRequest r;
        r.example = std::string(yaml::childText(n, "example"));
        r.listener = std::string(yaml::childText(n, "listener"));
        r.protocol = std::string(yaml::childText(n, "protocol", "HTTP"));
        r.host = std::string(yaml::childText(n, "host"));
        r.path = std::string(yaml::childText(n, "path", "/"));
        r.method = std::string(yaml::childText(n, "method", "GET"));
        r.note = std::string(yaml::childText(n, "note"));
        if (const yaml::Node* h = yaml::child(n, "headers"))
            for (const yaml::MapEntry& e : h->entries())
                r.headers.push_back({e.key, e.value.text()});
        r.expect = yaml::child(n, "expect");
        r.gap = std::string(yaml::childText(n, "gap"));
        out.push_back(std::move(r));
    }
    return out;
}

// The example a request is for: the one with that id, or the one holding that file.
const Example* exampleFor(const std::vector<Example>& examples, const std::string& id)
{
    for (const Example& e : examples)
        if (e.id == id || (id.size() > 1 && id.back() == '/' && e.id == id.substr(0, id.size() - 1)))
            return &e;
    for (const Example& e : examples)
        if (std::find(e.files.begin(), e.files.end(), id) != e.files.end())
            return &e;
    return nullptr;
}

std::string joined(const std::vector<model::Source>& sources)
{
    std::string out;
    for (const model::Source& s : sources)
        out += "---\n" + s.text + "\n";
    return out;
}

}  // namespace

class TestRealworld : public QObject {
    Q_OBJECT
    Pki pki_;
    std::vector<Example> examples_;
    yaml::ReadResult requestsDoc_;
    std::vector<GuideRequest> requests_;
    std::unique_ptr<test::ServedTopology> served_;  // the example of the current request
    std::string servedId_;

    static test::HttpResponse send(const GuideRequest& r, const std::string& address, int port)
    {
        if (r.protocol == "HTTPS" || r.protocol == "TLS") {
            test::TlsClient tls(address, port, r.host, {}, {"http/1.1"});
            if (!tls.ok()) {
                test::HttpResponse failed;
                failed.error = tls.error();
                return failed;
            }
            return tls.request(r.method, r.path, r.host, r.headers);
        }
        return test::HttpClient(address, port).request(r.method, r.path, r.host, r.headers);  // HTTP, and HTTP over TCP
    }

    // The guide's Location as this Gateway says it: a port the Gateway serves elsewhere (Gateways
    // sharing 127.0.0.1, GWS_LOOPBACK=single) is the served one, as the gateway's redirects say it.
    std::string localLocation(std::string_view location, const std::string& gateway) const
    {
        const std::size_t hostStart = location.find("://");
        if (hostStart == std::string_view::npos)
            return std::string(location);
        const std::size_t pathStart = location.find('/', hostStart + 3);
        const std::string_view authority = location.substr(hostStart + 3, pathStart - hostStart - 3);
        const std::size_t colon = authority.rfind(':');
        const std::string_view host = authority.substr(0, colon);
        const int port = colon != std::string_view::npos ? std::stoi(std::string(authority.substr(colon + 1)))
                                                         : (location.starts_with("https") ? 443 : 80);
        const int served = served_->servedPort(gateway, port);
        if (served == port)
            return std::string(location);
        return std::string(location.substr(0, hostStart + 3)) + std::string(host) + ":" + std::to_string(served) +
            std::string(pathStart == std::string_view::npos ? "" : location.substr(pathStart));
    }

    // "" when the answer is what the guide says.
    std::string check(const GuideRequest& r, const std::string& gateway, const std::string& address, int port) const
    {
        if (r.protocol != "HTTP" && r.protocol != "HTTPS" && r.protocol != "TLS" && r.protocol != "TCP")
            return "protocol " + r.protocol + " is not sent by this test";
        const yaml::Node& expect = *r.expect;
        if (const yaml::Node* split = yaml::child(expect, "split"))
            return checkSplit(r, *split, address, port);
        if ((r.protocol == "TCP" || r.protocol == "TLS") && !yaml::has(expect, "status"))
            return checkStream(r, std::string(yaml::childText(expect, "backend")), address, port);
        const test::HttpResponse got = send(r, address, port);
        if (!got.ok)
            return "no answer: " + got.error;
        const std::int64_t status = yaml::childInt(expect, "status", 200);
        if (got.status != status)
            return "status " + std::to_string(got.status) + ", want " + std::to_string(status) + ": " + got.body.substr(0, 200);
        test::EchoBody echo = test::parseEchoBody(got.body);
        if (const std::string backend(yaml::childText(expect, "backend")); !backend.empty() && echo.fields["service"] != backend)
            return "answered by " + echo.fields["service"] + " (pod " + echo.fields["pod"] + "), want Service " + backend + ": " +
                got.body.substr(0, 120);
        if (const std::string location = localLocation(yaml::childText(expect, "location"), gateway);
            !location.empty() && got.headers.get("location").value_or("") != location)
            return "Location " + std::string(got.headers.get("location").value_or("<none>")) + ", want " + location;
        if (const yaml::Node* headers = yaml::child(expect, "responseHeaders"))
            for (const yaml::MapEntry& h : headers->entries())
                if (got.headers.joined(h.key).value_or("<none>") != h.value.text())
                    return "response header " + h.key + ": " + got.headers.joined(h.key).value_or("<none>") + ", want " +
                        h.value.text();
        if (const yaml::Node* headers = yaml::child(expect, "backendHeaders"))
            for (const yaml::MapEntry& h : headers->entries())
                if (echo.header(h.key) != h.value.text())
                    return "the backend saw " + h.key + ": " + echo.header(h.key) + ", want " + h.value.text();
        if (const std::string_view path = yaml::childText(expect, "backendPath"); !path.empty() && echo.fields["path"] != path)
            return "the backend saw path " + echo.fields["path"] + ", want " + std::string(path);
        if (const yaml::Node* absent = yaml::child(expect, "backendHeadersAbsent"))
            for (const yaml::Node& h : absent->items())
                if (!echo.header(h.text()).empty())
                    return "the backend saw " + h.text() + ", which the guide says is removed";
        return {};
    }

    // A TCP or TLS stream to a TCP echo backend: its line protocol's TEST answers who it is.
    static std::string checkStream(const GuideRequest& r, const std::string& backend, const std::string& address, int port)
    {
        std::string line;
        if (r.protocol == "TLS") {
            test::TlsClient tls(address, port, r.host);
            if (!tls.ok())
                return "the TLS handshake failed: " + tls.error();
            tls.write("TEST\n");
            for (int i = 0; i < 3 && line.find('{') == std::string::npos; ++i)  // past the server's greeting
                line = tls.readLine();
        } else {
            test::HttpClient tcp(address, port);
            tcp.sendRaw("TEST\n");
            std::string got;
            for (int i = 0; i < 20 && got.find('}') == std::string::npos; ++i)
                got += tcp.readSome(std::chrono::milliseconds(250));
            line = got.find('{') == std::string::npos ? got : got.substr(got.find('{'));
        }
        const std::string key = "\"service\":\"";
        const std::size_t at = line.find(key);
        const std::string service = at == std::string::npos
            ? std::string()
            : line.substr(at + key.size(), line.find('"', at + key.size()) - at - key.size());
        return service == backend
            ? std::string()
            : "the stream reached " + (line.empty() ? std::string("nothing") : line.substr(0, 160)) + ", want Service " + backend;
    }

    // A weighted split: 100 requests, each Service's share within 5 points of the guide's.
    static std::string checkSplit(const GuideRequest& r, const yaml::Node& split, const std::string& address, int port)
    {
        std::map<std::string, int> answered;
        for (int i = 0; i < 100; ++i) {
            const test::HttpResponse got = send(r, address, port);
            const test::EchoBody echo = test::parseEchoBody(got.body);
            if (!got.ok || got.status != 200 || !echo.fields.count("pod"))
                return "request " + std::to_string(i) + " got " + std::to_string(got.status) + " " + got.error;
            ++answered[echo.fields.at("service")];
        }
        for (const yaml::MapEntry& e : split.entries()) {
            const std::int64_t want = std::atoll(e.value.text().c_str());
            if (std::abs(answered[e.key] - want) > 5)
                return e.key + " answered " + std::to_string(answered[e.key]) + " of 100, the guide says " +
                    std::to_string(want) + "%";
        }
        return {};
    }

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

    void requests_data()
    {
        QTest::addColumn<int>("index");
        const std::string text = test::readFile(kHere + "/requests.yaml");
        requestsDoc_ = yaml::readYamlStream(text);
        QVERIFY2(requestsDoc_.errors.empty() && !requestsDoc_.documents.empty(), "requests.yaml does not read");
        requests_ = guideRequests(requestsDoc_.documents[0].root);
        QVERIFY(!requests_.empty());
        for (std::size_t i = 0; i < requests_.size(); ++i)
            QTest::newRow(qPrintable(QString::fromStdString(requests_[i].example + " " + requests_[i].protocol + " " +
                                                            requests_[i].host + requests_[i].path)))
                << int(i);
    }

    // The requests of the guides, served as the guides say (requests.yaml).
    void requests()
    {
        QFETCH(int, index);
        const GuideRequest& r = requests_[std::size_t(index)];
        if (!r.gap.empty())
            QSKIP(qPrintable("the guide's answer needs more than the manifests: " + QString::fromStdString(r.gap)));
        if (r.protocol == "GRPC")
            QSKIP("the guide's gRPC service is its own server program; the built-in echo backend serves the conformance "
                  "GrpcEcho service (gRPC routing is covered by the conformance suite)");
        if (r.protocol == "UDP")
            QSKIP("the guide names only the backend of a UDP exchange; UDPRoute is covered by the conformance suite");
        const Example* e = exampleFor(examples_, r.example);
        QVERIFY2(e, ("no example " + r.example).c_str());
        if (servedId_ != e->id) {
            served_.reset();
            served_ = std::make_unique<test::ServedTopology>(joined(sourcesOf(*e, pki_)));
            servedId_ = e->id;
        }
        QVERIFY2(served_->ok(), served_->error().c_str());
        const std::size_t slash = r.listener.rfind('/');
        const std::string gateway = r.listener.substr(0, slash);
        const int port = served_->port(gateway, r.listener.substr(slash + 1));
        QVERIFY2(port > 0, ("listener " + r.listener + " is not served").c_str());
        const std::string address = served_->address(gateway);
        const std::string problem = check(r, gateway, address, port);
        QVERIFY2(problem.empty(), (problem + " (the guide: " + r.note + ")").c_str());
    }

    void cleanupTestCase() { served_.reset(); }

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
            return;  // not served: nothing more to compare
        }

        const model::Translation translation = model::translate(t.objects, {}, {});
        const std::string status =
            test::statusGolden(t.objects, translation, [&](const model::Object& o) { return ownObject(e, o); });
        const QString golden = goldenPath(e);
        if (regenerate()) {
            QDir().mkpath(QFileInfo(golden).absolutePath());
            QFile f(golden);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(status.data(), qint64(status.size()));
        } else {
            QVERIFY2(QFile::exists(golden), qPrintable(golden + " is missing; run with GWS_REGENERATE_GOLDEN=1 and review it"));
            QVERIFY2(test::readFile(golden) == status,
                     qPrintable("the status differs from " + golden + ":\n" + QString::fromStdString(status).left(3000)));
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

#include "conformance_data.h"

#include <QFile>

#include <map>

#include "controller/translator.h"
#include "test_pki.h"

namespace gs::test {

namespace {

std::string readAll(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QByteArray bytes = f.readAll();
    return std::string(bytes.constData(), std::size_t(bytes.size()));
}

void replaceAll(std::string& text, const std::string& from, const std::string& to)
{
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
}

std::string tlsSecret(const std::string& ns, const std::string& name)
{
    const runtime::tls::PemPair& pem = conformancePki(name);
    return "apiVersion: v1\nkind: Secret\nmetadata:\n  name: " + name + "\n  namespace: " + ns +
        "\ntype: kubernetes.io/tls\nstringData:\n  tls.crt: " + literalBlock(pem.certificate, 2) +
        "  tls.key: " + literalBlock(pem.privateKey, 2);
}

std::string caConfigMap(const std::string& ns, const std::string& name)
{
    return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\n  namespace: " + ns +
        "\ndata:\n  ca.crt: " + literalBlock(conformancePki(name).certificate, 2);
}

// What the suite creates in code at start (conformance/utils/suite/suite.go; README of the data).
std::string generatedObjects()
{
    const std::string infra = "gateway-conformance-infra", web = "gateway-conformance-web-backend",
                      app = "gateway-conformance-app-backend";
    std::vector<std::string> docs{
        "apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata:\n  name: " + std::string(kConformanceClass) +
            "\nspec:\n  controllerName: " + kConformanceController + "\n",
        tlsSecret(web, "certificate"),
        caConfigMap(web, "web-backend-cm"),
        tlsSecret(infra, "tls-validity-checks-certificate"),
        caConfigMap(infra, "tls-validity-checks-ca-certificate"),
        caConfigMap(infra, "tls-validity-checks-per-port-ca-certificate"),
        tlsSecret(infra, "tls-validity-checks-client-certificate"),
        tlsSecret(infra, "tls-validity-checks-per-port-client-certificate"),
        caConfigMap(infra, "tls-checks-ca-certificate"),
        tlsSecret(infra, "tls-checks-certificate"),
        tlsSecret(infra, "tls-checks-client-certificate"),
        tlsSecret(infra, "tls-passthrough-checks-certificate"),
        tlsSecret(app, "tls-passthrough-checks-certificate"),
        tlsSecret(infra, "tls-terminate-checks-certificate"),
        caConfigMap(infra, "mismatch-ca-certificate"),
    };
    std::string out;
    for (const std::string& d : docs)
        out += "---\n" + d;
    return out;
}

}  // namespace

// The certificates the suite generates at start (README of the conformance data): CAs, the
// certificates they sign, and the self-signed ones, generated once per test process.
const runtime::tls::PemPair& conformancePki(const std::string& name)
{
    static const std::map<std::string, runtime::tls::PemPair> pki = [] {
        using runtime::tls::CertificateRequest;
        std::map<std::string, runtime::tls::PemPair> out;
        std::string error;
        auto issue = [&](const std::string& key, CertificateRequest r, const std::string& issuer) {
            out[key] = *runtime::tls::issueCertificate(r, issuer.empty() ? nullptr : &out.at(issuer), error);
        };
        issue("certificate", {"web-backend", {"*"}}, "");
        issue("web-backend-cm", {"web-backend-ca", {}, true}, "");
        issue("tls-validity-checks-certificate", {"tls-validity-checks", {"*", "*.org", "*.wildcard.org"}}, "");
        issue("tls-validity-checks-ca-certificate", {"tls-validity-checks-ca", {}, true}, "");
        issue("tls-validity-checks-per-port-ca-certificate", {"tls-validity-checks-per-port-ca", {}, true}, "");
        issue("tls-validity-checks-client-certificate", {"client", {}}, "tls-validity-checks-ca-certificate");
        issue("tls-validity-checks-per-port-client-certificate", {"client", {}}, "tls-validity-checks-per-port-ca-certificate");
        issue("tls-checks-ca-certificate", {"tls-checks-ca", {}, true}, "");
        issue("tls-checks-certificate", {"abc.example.com", {"abc.example.com", "other.example.com"}},
              "tls-checks-ca-certificate");
        issue("tls-checks-client-certificate", {"client", {}}, "tls-checks-ca-certificate");
        issue("tls-passthrough-checks-certificate", {"abc.example.com", {"abc.example.com"}}, "tls-checks-ca-certificate");
        issue("tls-terminate-checks-certificate", {"tls.example.com", {"tls.example.com"}}, "tls-checks-ca-certificate");
        issue("mismatch-ca-certificate", {"mismatch-ca", {}, true}, "");
        return out;
    }();
    return pki.at(name);
}

const QStringList& claimedFeatures()
{
    static const QStringList features = [] {
        QStringList out;
        for (const std::string& f : model::supportedFeatures())
            out << QString::fromStdString(f);
        return out;
    }();
    return features;
}

ConformanceData::ConformanceData(const QString& dir) : dir_(dir + "/conformance")
{
    const std::string text = readAll(dir_ + "/expectations.json");
    if (!text.empty())
        expectations_ = nlohmann::json::parse(text, nullptr, false);
    if (expectations_.is_discarded())
        expectations_ = nullptr;
}

const nlohmann::json* ConformanceData::test(const std::string& name) const
{
    for (const nlohmann::json& t : tests())
        if (t["test"] == name)
            return &t;
    return nullptr;
}

std::string ConformanceData::prepared(const std::string& name, const std::string& text) const
{
    std::string out = text;
    // The suite fills the manifests' empty EndpointSlices in code with the pods of infra-backend-v1
    // (HTTPRouteServiceTypes).
    if (name.find("httproute-service-types") != std::string::npos)
        replaceAll(out, "addressType: IPv4\n",
                   "addressType: IPv4\nendpoints:\n- addresses: [10.0.0.1]\n  targetRef: {kind: Pod, name: "
                   "infra-backend-v1-endpoints-0, namespace: gateway-conformance-infra}\n");
    replaceAll(out, "{GATEWAY_CLASS_NAME}", kConformanceClass);
    replaceAll(out, "{GATEWAY_CONTROLLER_NAME}", kConformanceController);
    replaceAll(out, "PLACEHOLDER_USABLE_ADDRS", kUsableAddress);
    replaceAll(out, "PLACEHOLDER_UNUSABLE_ADDRS", kUnusableAddress);
    return out;
}

std::vector<model::Source> ConformanceData::sourcesFor(const nlohmann::json& test) const
{
    std::vector<model::Source> sources;
    sources.push_back({"base-manifests.yaml", prepared("base", readAll(dir_ + "/base-manifests.yaml"))});
    // "manifest" is one path or a list of them.
    std::vector<std::string> manifests;
    if (test["manifest"].is_string())
        manifests.push_back(test["manifest"]);
    else if (test["manifest"].is_array())
        for (const nlohmann::json& m : test["manifest"])
            manifests.push_back(m);
    for (const std::string& manifest : manifests)
        if (manifest.find("base-manifests") == std::string::npos)
            sources.push_back({manifest, prepared(manifest, readAll(dir_ + "/" + QString::fromStdString(manifest)))});
    sources.push_back({"generated.yaml", generatedObjects()});
    return sources;
}

QStringList ConformanceData::unclaimedFeatures(const nlohmann::json& test) const
{
    QStringList out;
    for (const nlohmann::json& f : test["features"])
        if (!claimedFeatures().contains(QString::fromStdString(f.get<std::string>())))
            out << QString::fromStdString(f.get<std::string>());
    return out;
}

}  // namespace gs::test

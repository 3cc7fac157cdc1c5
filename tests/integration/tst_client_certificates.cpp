// Client certificates on HTTPS listeners (Gateway spec.tls.frontend) over real TLS handshakes:
// the gateway asks for a certificate, lets through a client whose certificate chains to the
// listener's CA, and refuses one without a certificate or with another CA's; a listener on the
// same port that asks for none (chosen by SNI) does not ask; AllowInsecureFallback asks but lets
// everyone through. The handshake starts on the port's fallback context, so the check must follow
// the listener the SNI picks.

#include <QTest>

#include "http_client.h"
#include "served_topology.h"
#include "tls/certificates.h"
#include "tls_client.h"

using namespace gs;
using test::TlsClient;

namespace {

std::string block(const std::string& text)
{
    std::string out = "|\n";
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find('\n', start);
        out += "    " + text.substr(start, end - start) + "\n";
        if (end == std::string::npos)
            break;
        start = end + 1;
    }
    return out;
}

runtime::tls::PemPair issue(const std::string& cn, const std::vector<std::string>& names, const runtime::tls::PemPair* ca)
{
    std::string error;
    runtime::tls::CertificateRequest r;
    r.commonName = cn;
    r.dnsNames = names;
    r.authority = ca == nullptr;
    return *runtime::tls::issueCertificate(r, ca, error);
}

const char* kTopology = R"(
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: studio}
spec: {controllerName: gateway-studio.dev/test}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec:
  gatewayClassName: studio
  tls:
    frontend:
      default:
        validation:
          caCertificateRefs: [{kind: ConfigMap, group: "", name: client-ca}]
      perPort:
        - port: 9444
          tls:
            validation:
              mode: AllowInsecureFallback
              caCertificateRefs: [{kind: ConfigMap, group: "", name: client-ca}]
  listeners:
    - {name: tls-any, protocol: TLS, port: 9443, tls: {mode: Terminate, certificateRefs: [{name: server-cert}]}}
    - {name: https-secure, protocol: HTTPS, port: 9443, hostname: secure.example.com, tls: {certificateRefs: [{name: server-cert}]}}
    - {name: https-fallback, protocol: HTTPS, port: 9444, tls: {certificateRefs: [{name: server-cert}]}}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web, namespace: infra}
spec:
  parentRefs: [{name: gw, sectionName: https-secure}, {name: gw, sectionName: https-fallback}]
  rules: [{backendRefs: [{name: web, port: 8080}]}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: TLSRoute
metadata: {name: raw, namespace: infra}
spec:
  parentRefs: [{name: gw, sectionName: tls-any}]
  hostnames: [raw.example.com]
  rules: [{backendRefs: [{name: tcp-backend, port: 3000}]}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: infra}
spec: {ports: [{port: 8080}]}
---
apiVersion: v1
kind: Service
metadata: {name: tcp-backend, namespace: infra}
spec:
  selector: {app: tcp-backend}
  ports: [{port: 3000}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: tcp-backend, namespace: infra}
spec:
  selector: {matchLabels: {app: tcp-backend}}
  template:
    metadata: {labels: {app: tcp-backend}}
    spec:
      containers:
        - name: echo
          image: registry.k8s.io/gateway-api/echo-basic
          env: [{name: TCP_ECHO_SERVER, value: "1"}]
)";

}  // namespace

class TestClientCertificates : public QObject {
    Q_OBJECT
    runtime::tls::PemPair clientCa_, otherCa_;
    std::unique_ptr<test::ServedTopology> served_;
    std::string address_;
    int shared_ = 0, fallback_ = 0;

    test::ClientCertificate client(const runtime::tls::PemPair& ca)
    {
        const runtime::tls::PemPair pem = issue("client", {}, &ca);
        return {pem.certificate, pem.privateKey};
    }

private slots:
    void initTestCase()
    {
        clientCa_ = issue("client-ca", {}, nullptr);
        otherCa_ = issue("other-ca", {}, nullptr);
        const runtime::tls::PemPair server = issue("server", {"*.example.com"}, nullptr);
        const std::string yaml = std::string(kTopology) +
                                 "---\napiVersion: v1\nkind: Secret\nmetadata: {name: server-cert, namespace: infra}\n"
                                 "type: kubernetes.io/tls\nstringData:\n  tls.crt: " + block(server.certificate) +
                                 "  tls.key: " + block(server.privateKey) +
                                 "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: client-ca, namespace: infra}\n"
                                 "data:\n  ca.crt: " + block(clientCa_.certificate);
        served_ = std::make_unique<test::ServedTopology>(yaml);
        QVERIFY2(served_->ok(), served_->error().c_str());
        address_ = served_->address("infra/gw");
        shared_ = served_->port("infra/gw", "https-secure");
        fallback_ = served_->port("infra/gw", "https-fallback");
        QVERIFY(shared_ > 0 && fallback_ > 0);
        QCOMPARE(served_->port("infra/gw", "tls-any"), shared_);
    }

    void cleanupTestCase() { served_.reset(); }

    void aCertificateFromTheListenersCaIsLetThrough()
    {
        const test::ClientCertificate certificate = client(clientCa_);
        TlsClient tls(address_, shared_, "secure.example.com", {}, {"http/1.1"}, &certificate);
        QVERIFY2(tls.ok(), tls.error().c_str());
        QVERIFY(tls.certificateRequested());
        const test::HttpResponse r = tls.request("GET", "/", "secure.example.com");
        QVERIFY2(r.ok, r.error.c_str());
        QCOMPARE(r.status, 200);
    }

    void noCertificateIsRefused()
    {
        TlsClient tls(address_, shared_, "secure.example.com", {}, {"http/1.1"});
        QVERIFY(tls.certificateRequested());
        // TLS 1.3: the client's handshake ends before the server has checked; the refusal arrives
        // as an alert instead of the response.
        const test::HttpResponse r = tls.ok() ? tls.request("GET", "/", "secure.example.com") : test::HttpResponse{};
        QVERIFY2(!r.ok, ("got status " + std::to_string(r.status)).c_str());
    }

    void anotherCasCertificateIsRefused()
    {
        const test::ClientCertificate certificate = client(otherCa_);
        TlsClient tls(address_, shared_, "secure.example.com", {}, {"http/1.1"}, &certificate);
        QVERIFY(tls.certificateRequested());
        const test::HttpResponse r = tls.ok() ? tls.request("GET", "/", "secure.example.com") : test::HttpResponse{};
        QVERIFY2(!r.ok, ("got status " + std::to_string(r.status)).c_str());
    }

    void aListenerWithoutValidationOnTheSamePortAsksForNothing()
    {
        TlsClient tls(address_, shared_, "raw.example.com");
        QVERIFY2(tls.ok(), tls.error().c_str());
        QVERIFY(!tls.certificateRequested());
        QVERIFY(tls.write("hello\n"));
        QVERIFY(!tls.readLine().empty());
    }

    void insecureFallbackAsksButLetsEveryoneThrough()
    {
        const test::ClientCertificate other = client(otherCa_);
        for (const test::ClientCertificate* certificate : {static_cast<const test::ClientCertificate*>(nullptr), &other}) {
            TlsClient tls(address_, fallback_, "fallback.example.com", {}, {"http/1.1"}, certificate);
            QVERIFY2(tls.ok(), tls.error().c_str());
            QVERIFY(tls.certificateRequested());
            const test::HttpResponse r = tls.request("GET", "/", "fallback.example.com");
            QVERIFY2(r.ok, r.error.c_str());
            QCOMPARE(r.status, 200);
        }
    }

    void statusSaysSo()
    {
        const model::Translation& t = served_->translation();
        bool insecure = false;
        for (const model::ObjectStatus& s : t.statuses)
            for (const model::Condition& c : s.conditions.items)
                insecure = insecure || (c.type == "InsecureFrontendValidationMode" && c.status == model::ConditionStatus::True &&
                                        c.reason == "ConfigurationChanged" && c.message.find("https-fallback") != std::string::npos);
        QVERIFY(insecure);
    }
};

QTEST_GUILESS_MAIN(TestClientCertificates)
#include "tst_client_certificates.moc"

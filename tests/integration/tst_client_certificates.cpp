// Client certificates on HTTPS listeners (Gateway spec.tls.frontend) over real TLS handshakes:
// the gateway asks for a certificate, lets through a client whose certificate chains to the
// listener's CA, and refuses one without a certificate or with another CA's; a listener on the
// same port that asks for none (chosen by SNI) does not ask; AllowInsecureFallback asks but lets
// everyone through. The handshake starts on the port's fallback context, so the check must follow
// the listener the SNI picks.

#include <QTest>

#include "http_client.h"
#include "served_topology.h"
#include "test_pki.h"
#include "tls/tls_context.h"
#include "tls_client.h"

using namespace gs;
using test::TlsClient;

namespace {

using test::issueCertificate;
using test::literalBlock;

const std::string kTopology = test::testdata("client_certificates.yaml");

}  // namespace

class TestClientCertificates : public QObject {
    Q_OBJECT
    runtime::tls::PemPair clientCa_, otherCa_;
    std::unique_ptr<test::ServedTopology> served_;
    std::string address_;
    int shared_ = 0, fallback_ = 0;

    test::ClientCertificate client(const runtime::tls::PemPair& ca)
    {
        const runtime::tls::PemPair pem = issueCertificate("client", {}, &ca);
        return {pem.certificate, pem.privateKey};
    }

private slots:
    void initTestCase()
    {
        clientCa_ = issueCertificate("client-ca", {}, nullptr);
        otherCa_ = issueCertificate("other-ca", {}, nullptr);
        const runtime::tls::PemPair server = issueCertificate("server", {"*.example.com"}, nullptr);
        const std::string yaml = std::string(kTopology) +
            "---\napiVersion: v1\nkind: Secret\nmetadata: {name: server-cert, namespace: infra}\n"
            "type: kubernetes.io/tls\nstringData:\n  tls.crt: " +
            literalBlock(server.certificate) + "  tls.key: " + literalBlock(server.privateKey) +
            "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: client-ca, namespace: infra}\n"
            "data:\n  ca.crt: " +
            literalBlock(clientCa_.certificate);
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
    }

    // TLS 1.3 resumption is decided before the SNI picks the listener: a session from the listener
    // that asks for no certificate must not let a client into the one that requires one.
    void aSessionFromAnotherListenerDoesNotSkipTheCheck()
    {
        TlsClient first(address_, shared_, "raw.example.com");
        QVERIFY2(first.ok(), first.error().c_str());
        QVERIFY(first.write("PING\n"));
        first.readLine();  // whatever answers, the server's tickets (if any) have arrived by now
        const std::string session = first.sessionPem();
        QVERIFY(!session.empty());
        TlsClient second(address_, shared_, "secure.example.com", {}, {"http/1.1"}, nullptr, session);
        QVERIFY(!second.resumed());
        const test::HttpResponse r = second.ok() ? second.request("GET", "/", "secure.example.com") : test::HttpResponse{};
        QVERIFY2(!r.ok, ("a resumed session got status " + std::to_string(r.status)).c_str());
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

    // A CA bundle that says PEM but does not parse: with the gateway's own check the listener is
    // not accepted (NoValidCACertificate); without it (a model that only looks at the PEM markers)
    // the port is still never served as plain HTTP.
    void anUnreadableCaIsRefusedAndNeverServedInTheClear()
    {
        const runtime::tls::PemPair server = issueCertificate("server", {"*.example.com"}, nullptr);
        const std::string yaml = R"(apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: studio}
spec: {controllerName: gateway-studio.dev/test}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: bad-ca, namespace: infra}
spec:
  gatewayClassName: studio
  tls: {frontend: {default: {validation: {caCertificateRefs: [{kind: ConfigMap, group: "", name: garbled}]}}}}
  listeners:
    - {name: https, protocol: HTTPS, port: 9443, tls: {certificateRefs: [{name: server-cert}]}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: garbled, namespace: infra}
data:
  ca.crt: |
    -----BEGIN CERTIFICATE-----
    this is not base64
    -----END CERTIFICATE-----
---
apiVersion: v1
kind: Secret
metadata: {name: server-cert, namespace: infra}
type: kubernetes.io/tls
stringData:
  tls.crt: )" +
            literalBlock(server.certificate) + "  tls.key: " + literalBlock(server.privateKey);
        const model::Topology t = model::loadTopology(std::vector<model::Source>{{"bad-ca.yaml", yaml}});
        QVERIFY(!t.diagnostics.hasErrors());
        model::TranslateOptions options;
        options.checkCaCertificate = [](const std::string& pem) -> std::optional<std::string> {
            std::string error;
            return runtime::tls::ClientContext::create({pem}, false, error) ? std::nullopt : std::optional<std::string>(error);
        };
        const model::Translation checked = model::translate(t.objects, {}, options);
        bool refused = false;
        for (const model::ObjectStatus& s : checked.statuses)
            if (s.gateway)
                for (const model::ListenerStatus& l : s.gateway->listeners)
                    for (const model::Condition& c : l.conditions.items)
                        refused = refused || (c.type == "Accepted" && c.reason == "NoValidCACertificate");
        QVERIFY(refused);

        // The structure check only: the listener is programmed, its context fails to build (an
        // error on the listener), and its socket is bound all the same.
        test::ServedTopology served(yaml);
        QVERIFY(!served.ok());
        const std::string address = served.address("infra/bad-ca");
        const int port = served.boundPort("infra/bad-ca", 9443);
        QVERIFY(port > 0);
        const test::HttpResponse plain = test::HttpClient(address, port).request("GET", "/", "a.example.com");
        QVERIFY2(!plain.ok, ("plain HTTP was served: " + std::to_string(plain.status)).c_str());
        TlsClient tls(address, port, "a.example.com", {}, {"http/1.1"});
        const test::HttpResponse secure = tls.ok() ? tls.request("GET", "/", "a.example.com") : test::HttpResponse{};
        QVERIFY(!secure.ok);
    }

    void statusSaysSo()
    {
        const model::Translation& t = served_->translation();
        bool insecure = false;
        for (const model::ObjectStatus& s : t.statuses)
            for (const model::Condition& c : s.conditions.items)
                insecure = insecure ||
                    (c.type == "InsecureFrontendValidationMode" && c.status == model::ConditionStatus::True &&
                     c.reason == "ConfigurationChanged" && c.message.find("https-fallback") != std::string::npos);
        QVERIFY(insecure);
    }
};

QTEST_GUILESS_MAIN(TestClientCertificates)
#include "tst_client_certificates.moc"

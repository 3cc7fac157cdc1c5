// TLS, TCP and UDP through the embedded gateway over real loopback sockets: HTTPS Terminate with
// the certificate chosen by SNI and 421 for misdirected requests; TLS Passthrough reaching a TLS
// backend that presents its own certificate to the client's SNI; TLS Terminate forwarding plain
// TCP; a reset for an unknown SNI; TCPRoute and UDPRoute to the built-in echo backends.

#include <QTest>

#include <arpa/inet.h>
#include <sys/socket.h>
#include <unistd.h>

#include "h2_client.h"
#include "http_client.h"
#include "served_topology.h"
#include "test_pki.h"
#include "tls_client.h"
#include "tls_record_backend.h"

using namespace gs;
using test::TlsClient;

namespace {

std::string caConfigMap(const std::string& name, const runtime::tls::PemPair& ca)
{
    return "---\n" + test::caConfigMapYaml("infra", name, ca.certificate);
}

std::string secret(const std::string& name, const runtime::tls::PemPair& pem)
{
    return "---\n" + test::tlsSecretYaml("infra", name, pem);
}

using test::issueCertificate;

const std::string kTopology = test::testdata("tls_proxy.yaml");

// A route to test::TlsRecordBackend (bound as infra/counted:443) through a BackendTLSPolicy.
const std::string kCountedBackend = R"(---
apiVersion: v1
kind: Service
metadata: {name: counted, namespace: infra}
spec: {ports: [{port: 443}]}
---
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata: {name: counted, namespace: infra}
spec:
  targetRefs: [{group: "", kind: Service, name: counted}]
  validation: {caCertificateRefs: [{group: "", kind: ConfigMap, name: test-ca}], hostname: counted.internal}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: counted, namespace: infra}
spec:
  parentRefs: [{name: gw, sectionName: https-shop}]
  rules: [{matches: [{path: {value: /counted}}], backendRefs: [{name: counted, port: 443}]}]
)";

}  // namespace

class TestTlsProxy : public QObject {
    Q_OBJECT
    runtime::tls::PemPair ca_;
    std::unique_ptr<test::TlsRecordBackend> counted_;
    std::unique_ptr<test::ServedTopology> served_;
    std::string address_;
    int https_ = 0, tls_ = 0, tcp_ = 0, udp_ = 0;

private slots:
    void initTestCase()
    {
        ca_ = issueCertificate("test-ca", {}, nullptr);
        const std::string yaml = std::string(kTopology) +
            secret("shop-cert", issueCertificate("shop.example.com", {"shop.example.com"}, &ca_)) +
            secret("wildcard-cert", issueCertificate("*.example.com", {"*.example.com"}, &ca_)) +
            secret("pass-cert", issueCertificate("pass-backend", {"pass.example.com"}, &ca_)) +
            secret("secure-cert", issueCertificate("secure.internal", {"secure.internal"}, &ca_)) + caConfigMap("test-ca", ca_) +
            caConfigMap("other-ca", issueCertificate("other-ca", {}, nullptr)) + kCountedBackend;
        const runtime::tls::PemPair countedCert = issueCertificate("counted.internal", {"counted.internal"}, &ca_);
        counted_ = std::make_unique<test::TlsRecordBackend>(countedCert.certificate, countedCert.privateKey);
        QVERIFY(counted_->ok());
        model::Workspace workspace;
        std::string error;
        workspace.bindings.push_back(
            *model::parseBinding("infra/counted:443=127.0.0.1:" + std::to_string(counted_->port()), error));
        served_ = std::make_unique<test::ServedTopology>(yaml, workspace);
        QVERIFY2(served_->ok(), served_->error().c_str());
        address_ = served_->address("infra/gw");
        https_ = served_->port("infra/gw", "https-shop");
        tls_ = served_->port("infra/gw", "tls-pass");
        tcp_ = served_->port("infra/gw", "tcp");
        udp_ = served_->port("infra/gw", "udp");
        QVERIFY(https_ > 0 && tls_ > 0 && tcp_ > 0);
    }

    void cleanupTestCase()
    {
        served_.reset();
        counted_.reset();
    }

    void httpsCertificateBySni()
    {
        TlsClient shop(address_, https_, "shop.example.com", ca_.certificate, {"http/1.1"});
        QVERIFY2(shop.ok(), shop.error().c_str());
        QCOMPARE(shop.peerCommonName(), std::string("shop.example.com"));
        QCOMPARE(shop.alpn(), std::string("http/1.1"));
        const test::HttpResponse r = shop.request("GET", "/cart?x=1", "shop.example.com");
        QCOMPARE(r.status, 200);
        const test::EchoBody echo = test::parseEchoBody(r.body);
        QVERIFY(echo.fields.at("pod").rfind("web-", 0) == 0);
        QCOMPARE(echo.fields.at("path"), std::string("/cart?x=1"));
        QCOMPARE(echo.header("X-Forwarded-Proto"), std::string("https"));
        QVERIFY(echo.fields.count("tls") == 0);  // the backend sees plain HTTP

        TlsClient any(address_, https_, "news.example.com", ca_.certificate);
        QVERIFY2(any.ok(), any.error().c_str());
        QCOMPARE(any.peerCommonName(), std::string("*.example.com"));
        QVERIFY(test::parseEchoBody(any.request("GET", "/", "news.example.com").body).fields.at("pod").rfind("other-", 0) == 0);
    }

    // An answer's head and body leave in one TLS record (one encryption at the gateway, one
    // decryption at the client), not one record per write.
    void oneRecordPerAnswer()
    {
        TlsClient c(address_, https_, "shop.example.com", ca_.certificate, {"http/1.1"});
        QVERIFY2(c.ok(), c.error().c_str());
        const std::size_t before = c.applicationRecordsReceived();
        const test::HttpResponse r = c.request("GET", "/cart", "shop.example.com");
        QCOMPARE(r.status, 200);
        QVERIFY(!r.body.empty());
        QCOMPARE(c.applicationRecordsReceived() - before, std::size_t(1));
    }

    // A client that sends its request and then close_notify has ended only its writing side: the
    // answer still comes, then the gateway's close_notify.
    void answerAfterCloseNotify()
    {
        for (int attempt = 0; attempt < 5; ++attempt) {  // the request and the close_notify in one read, or not
            TlsClient c(address_, https_, "shop.example.com", ca_.certificate, {"http/1.1"});
            QVERIFY2(c.ok(), c.error().c_str());
            QVERIFY(c.write("GET /cart HTTP/1.1\r\nHost: shop.example.com\r\n\r\n"));
            QVERIFY(c.closeNotify());
            QCOMPARE(c.readLine(), std::string("HTTP/1.1 200 OK\r"));
        }
    }

    void backendTlsPolicyReencrypts()
    {
        TlsClient c(address_, https_, "shop.example.com", ca_.certificate, {"http/1.1"});
        const test::HttpResponse r = c.request("GET", "/secure", "shop.example.com");
        QCOMPARE(r.status, 200);
        // The backend saw TLS, with the policy's hostname as SNI.
        QVERIFY2(r.body.find("\"serverName\": \"secure.internal\"") != std::string::npos, r.body.c_str());
        QVERIFY(r.body.find("\"pod\": \"secure-") != std::string::npos);
        // A backend whose certificate the policy's CA did not sign: the handshake fails, 503.
        TlsClient u(address_, https_, "shop.example.com", ca_.certificate, {"http/1.1"});
        const test::HttpResponse bad = u.request("GET", "/untrusted", "shop.example.com");
        QCOMPARE(bad.status, 503);
        QVERIFY2(bad.body.find("TLS handshake with the backend") != std::string::npos, bad.body.c_str());
    }

    // Re-encrypted to the backend, a request's head and body go in one TLS record, as they came.
    // On a new backend connection they wait for the handshake and leave together anyway: with
    // two workers, the third request with a body is on a reused connection at the latest.
    void oneRecordPerRequestToTheBackend()
    {
        for (const std::string body : {"", "a small body", "another body", "a third body", "a fourth body"}) {
            TlsClient c(address_, https_, "shop.example.com", ca_.certificate, {"http/1.1"});
            QVERIFY2(c.ok(), c.error().c_str());
            const test::HttpResponse r = c.request("POST", "/counted", "shop.example.com", {}, body);
            QCOMPARE(r.status, 200);
            QCOMPARE(r.body, std::string("records=1"));
        }
    }

    void misdirectedRequestIs421()
    {
        TlsClient c(address_, https_, "news.example.com", ca_.certificate);
        QVERIFY(c.ok());
        QCOMPARE(c.request("GET", "/", "shop.example.com").status, 421);
        TlsClient nowhere(address_, https_, "news.example.com", ca_.certificate);
        QCOMPARE(nowhere.request("GET", "/", "shop.example.org").status, 404);
    }

    void http2ByAlpn()
    {
        test::H2Client c(address_, https_, std::string("shop.example.com"));
        QVERIFY2(c.ok(), c.error().c_str());
        QCOMPARE(c.alpn(), std::string("h2"));
        const std::vector<test::H2Response> r = c.requests({{"GET", "/one", "shop.example.com", {{"x-test", "1"}}},
                                                            {"GET", "/two", "shop.example.com", {}},
                                                            {"GET", "/", "news.example.com", {}}});  // another listener's host
        QVERIFY2(r[0].ok, r[0].error.c_str());
        QCOMPARE(r[0].status, 200);
        const test::EchoBody one = test::parseEchoBody(r[0].body);
        QCOMPARE(one.fields.at("path"), std::string("/one"));
        QCOMPARE(one.fields.at("host"), std::string("shop.example.com"));
        QCOMPARE(one.header("X-Test"), std::string("1"));
        QVERIFY(one.fields.at("pod").rfind("web-", 0) == 0);
        QCOMPARE(test::parseEchoBody(r[1].body).fields.at("path"), std::string("/two"));
        QCOMPARE(r[2].status, 421);
        const test::H2Response posted = c.request({"POST", "/upload", "shop.example.com", {}, std::string(100000, 'x')});
        QCOMPARE(posted.status, 200);
        QCOMPARE(test::parseEchoBody(posted.body).fields.at("method"), std::string("POST"));
    }

    void unknownServerNameFailsTheHandshake()
    {
        TlsClient c(address_, https_, "shop.example.org", ca_.certificate);
        QVERIFY(!c.ok());
    }

    void passthroughReachesTheBackendsOwnTls()
    {
        TlsClient c(address_, tls_, "pass.example.com", ca_.certificate);
        QVERIFY2(c.ok(), c.error().c_str());
        QCOMPARE(c.peerCommonName(), std::string("pass-backend"));  // the backend's certificate, not the gateway's
        QCOMPARE(c.readLine(), std::string("Gateway API Test TCP Server"));
        QVERIFY(c.write("PING\nIS_TLS\nTEST\n"));
        QCOMPARE(c.readLine(), std::string("PONG"));
        QCOMPARE(c.readLine(), std::string("true"));
        const std::string json = c.readLine();
        QVERIFY2(json.find("\"serverName\":\"pass.example.com\"") != std::string::npos, json.c_str());
        QVERIFY(json.find("\"pod\":\"tcp-backend-") != std::string::npos);
        QVERIFY(json.find("\"namespace\":\"infra\"") != std::string::npos);
    }

    void terminateForwardsPlainTcp()
    {
        TlsClient c(address_, tls_, "term.example.com", ca_.certificate);
        QVERIFY2(c.ok(), c.error().c_str());
        QCOMPARE(c.peerCommonName(), std::string("*.example.com"));  // the gateway's certificate
        QCOMPARE(c.readLine(), std::string("Gateway API Test TCP Server"));
        QVERIFY(c.write("IS_TLS\n"));
        QCOMPARE(c.readLine(), std::string("false"));
    }

    void unknownSniIsReset()
    {
        TlsClient c(address_, tls_, "nobody.example.com");
        QVERIFY(!c.ok());
        QVERIFY2(c.rejected(), c.error().c_str());
    }

    void tcpRoute()
    {
        test::HttpClient raw(address_, tcp_);  // a plain socket is all this needs
        QVERIFY(raw.connected());
        QVERIFY(raw.sendRaw("PING\nhello\n"));
        std::string got;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (got.find("hello\n") == std::string::npos && std::chrono::steady_clock::now() < deadline)
            got += raw.readSome();
        QCOMPARE(got, std::string("Gateway API Test TCP Server\nPONG\nhello\n"));
    }

    void udpRoute()
    {
        QVERIFY(udp_ > 0);
        const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_port = htons(std::uint16_t(udp_));
        ::inet_pton(AF_INET, address_.c_str(), &to.sin_addr);
        timeval timeout{5, 0};
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        for (const std::string payload : {"first", "second"}) {  // the second datagram rides the same session
            ::sendto(fd, payload.data(), payload.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
            char reply[2048] = {};
            sockaddr_in from{};
            socklen_t fromLength = sizeof from;
            const ssize_t n = ::recvfrom(fd, reply, sizeof reply - 1, 0, reinterpret_cast<sockaddr*>(&from), &fromLength);
            QVERIFY2(n > 0, "no reply");
            QCOMPARE(ntohs(from.sin_port), std::uint16_t(udp_));  // from the listener's address
            const std::string json(reply, std::size_t(n));
            QVERIFY2(json.find("\"request\":\"" + payload + "\"") != std::string::npos, json.c_str());
            QVERIFY(json.find("\"pod\":\"dns-") != std::string::npos);
        }
        ::close(fd);
    }

    void statsCountConnectionsAndHandshakes()
    {
        std::uint64_t handshakes = 0, connections = 0;
        for (const auto& l : served_->gateway().stats().listeners) {
            if (l.name == "gateway/infra/gw/listener/https-shop")
                handshakes = l.fields[runtime::stats::TlsHandshakes];
            if (l.name == "gateway/infra/gw/listener/tcp")
                connections = l.fields[runtime::stats::ConnectionsTotal];
        }
        QVERIFY(handshakes >= 1);
        QVERIFY(connections >= 1);
    }
};

QTEST_GUILESS_MAIN(TestTlsProxy)
#include "tst_tls_proxy.moc"

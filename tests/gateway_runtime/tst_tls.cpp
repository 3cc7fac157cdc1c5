// The TLS building blocks without sockets: certificates issued and inspected, the ClientHello
// SNI reader on real and malformed hellos, and server sessions whose SNI picks the listener and
// its certificate, driven against OpenSSL clients through memory.

#include <QTest>

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <random>

#include "tls/certificates.h"
#include "tls/client_hello.h"
#include "tls/tls_context.h"
#include "tls/tls_session.h"

using namespace gs::runtime;
using tls::ClientHello;

namespace {

tls::PemPair issue(const std::vector<std::string>& names, const tls::PemPair* ca, tls::KeyType type = tls::KeyType::EcdsaP256)
{
    std::string error;
    tls::CertificateRequest r;
    r.commonName = names.empty() ? "ca" : names.front();
    r.dnsNames = names;
    r.authority = names.empty();
    r.keyType = type;
    auto pem = tls::issueCertificate(r, ca, error);
    if (!pem)
        qFatal("%s", error.c_str());
    return *pem;
}

// The first flight of an OpenSSL client: its ClientHello.
std::string clientHello(const std::string& serverName)
{
    std::string error;
    auto context = tls::ClientContext::create({}, false, error);
    auto session = context->newSession(serverName, {"h2", "http/1.1"});
    session->handshake();
    net::Buffer out;
    session->takeCipher(out);
    return std::string(out.view());
}

// Runs a handshake between two sessions through memory; true when both complete.
bool pump(tls::Session& client, tls::Session& server)
{
    for (int i = 0; i < 20; ++i) {
        const auto c = client.handshake();
        net::Buffer bytes;
        client.takeCipher(bytes);
        server.receiveCipher(bytes.view());
        const auto s = server.handshake();
        net::Buffer back;
        server.takeCipher(back);
        client.receiveCipher(back.view());
        if (c == tls::Session::Status::Failed || s == tls::Session::Status::Failed)
            return false;
        if (client.established() && server.established())
            return true;
    }
    return false;
}

std::string peerCommonName(const tls::Session& s)
{
    X509* peer = SSL_get1_peer_certificate(s.native());
    if (!peer)
        return {};
    char cn[256] = {};
    X509_NAME_get_text_by_NID(X509_get_subject_name(peer), NID_commonName, cn, sizeof cn);
    X509_free(peer);
    return cn;
}

}  // namespace

class TestTls : public QObject {
    Q_OBJECT
    tls::PemPair ca_, shop_, any_, shopRsa_;

private slots:
    void initTestCase()
    {
        ca_ = issue({}, nullptr);
        shop_ = issue({"shop.example.com"}, &ca_);
        shopRsa_ = issue({"shop.example.com"}, &ca_, tls::KeyType::Rsa2048);
        any_ = issue({"*.example.com"}, &ca_);
    }

    void certificateInspection()
    {
        std::string error;
        const auto info = tls::inspectCertificate(shop_.certificate, error);
        QVERIFY2(info, error.c_str());
        QCOMPARE(info->subject, std::string("CN=shop.example.com"));
        QCOMPARE(info->issuer, std::string("CN=ca"));
        QCOMPARE(info->dnsNames, std::vector<std::string>{"shop.example.com"});
        QVERIFY(!info->selfSigned);
        QVERIFY(info->notAfter > std::chrono::system_clock::now() + std::chrono::hours(24 * 800));
        QVERIFY(!tls::inspectCertificate("not a certificate", error));
        QVERIFY(tls::coversHostname({"*.example.com"}, "a.example.com"));
        QVERIFY(!tls::coversHostname({"*.example.com"}, "a.b.example.com"));
        QVERIFY(!tls::coversHostname({"*.example.com"}, "example.com"));
    }

    void clientHelloServerName()
    {
        const std::string hello = clientHello("Shop.Example.com");
        const ClientHello parsed = tls::parseClientHello(hello);
        QCOMPARE(int(parsed.status), int(ClientHello::Status::Complete));
        QCOMPARE(parsed.serverName, std::string("shop.example.com"));
        QCOMPARE(tls::parseClientHello(clientHello("")).serverName, std::string());
        // Every strict prefix is incomplete, never invalid or a crash.
        for (std::size_t n = 0; n < hello.size(); n += 7)
            QCOMPARE(int(tls::parseClientHello(std::string_view(hello).substr(0, n)).status),
                     int(ClientHello::Status::Incomplete));
    }

    void clientHelloAcrossRecords()
    {
        // The same hello split into two handshake records, as a client may send it.
        const std::string hello = clientHello("split.example.com");
        const std::string body = hello.substr(5);
        const std::size_t half = body.size() / 2;
        auto record = [](std::string_view payload) {
            std::string r = {char(22), char(3), char(1), char(payload.size() >> 8), char(payload.size() & 0xff)};
            return r + std::string(payload);
        };
        const ClientHello parsed = tls::parseClientHello(record(body.substr(0, half)) + record(body.substr(half)));
        QCOMPARE(int(parsed.status), int(ClientHello::Status::Complete));
        QCOMPARE(parsed.serverName, std::string("split.example.com"));
    }

    void clientHelloRejectsOtherBytes()
    {
        QCOMPARE(int(tls::parseClientHello("GET / HTTP/1.1\r\n\r\n").status), int(ClientHello::Status::Invalid));
        QCOMPARE(int(tls::parseClientHello(std::string("\x16\x03\x01\x00\x00", 5)).status), int(ClientHello::Status::Invalid));
        std::string wrongMessage = clientHello("a.example.com");
        wrongMessage[5] = 2;  // a ServerHello
        QCOMPARE(int(tls::parseClientHello(wrongMessage).status), int(ClientHello::Status::Invalid));
        // Random corruption of a real hello: any status, but never a crash or an out-of-bounds read.
        const std::string hello = clientHello("fuzz.example.com");
        std::mt19937 random(7);
        for (int i = 0; i < 3000; ++i) {
            std::string mutated = hello;
            for (int k = 0; k < 1 + int(random() % 4); ++k)
                mutated[random() % mutated.size()] = char(random());
            tls::parseClientHello(mutated);
        }
    }

    void sniPicksListenerAndCertificate()
    {
        std::string error;
        auto shop = tls::ServerContext::create({{"shop", shop_.certificate, shop_.privateKey}}, {"http/1.1"}, error);
        auto wildcard = tls::ServerContext::create({{"any", any_.certificate, any_.privateKey}}, {"http/1.1"}, error);
        QVERIFY2(shop && wildcard, error.c_str());
        const tls::SniRouter router({"*.example.com", "shop.example.com"}, {wildcard, shop});
        auto client = tls::ClientContext::create({ca_.certificate}, false, error);
        for (const auto& [sni, listener, cn] :
             {std::tuple{"shop.example.com", 1, "shop.example.com"}, std::tuple{"cart.example.com", 0, "*.example.com"}}) {
            auto c = client->newSession(sni, {"h2", "http/1.1"});
            auto s = router.newSession();
            QVERIFY2(pump(*c, *s), (c->error() + " / " + s->error()).c_str());
            QCOMPARE(s->listener(), listener);
            QCOMPARE(peerCommonName(*c), std::string(cn));
            QCOMPARE(s->alpn(), std::string("http/1.1"));
            QCOMPARE(s->serverName(), std::string(sni));
        }
        auto unknown = client->newSession("other.org");
        auto s = router.newSession();
        QVERIFY(!pump(*unknown, *s));  // no listener serves the name: unrecognized_name
    }

    void plaintextBothWays()
    {
        std::string error;
        auto context = tls::ServerContext::create(
            {{"rsa", shopRsa_.certificate, shopRsa_.privateKey}, {"ecdsa", shop_.certificate, shop_.privateKey}}, {}, error);
        QVERIFY2(context, error.c_str());
        const tls::SniRouter router({"shop.example.com"}, {context});
        auto client = tls::ClientContext::create({ca_.certificate}, false, error);
        auto c = client->newSession("shop.example.com");
        auto s = router.newSession();
        QVERIFY(pump(*c, *s));
        QCOMPARE(s->version(), std::string("TLSv1.3"));
        QVERIFY(c->writePlain("hello through TLS"));
        net::Buffer cipher, plain;
        c->takeCipher(cipher);
        s->receiveCipher(cipher.view());
        QCOMPARE(s->readPlain(plain), long(17));
        QCOMPARE(std::string(plain.view()), std::string("hello through TLS"));
        QCOMPARE(s->readPlain(plain), long(-1));  // nothing more yet
    }

    void unusableCertificatesAreErrors()
    {
        std::string error;
        QVERIFY(!tls::ServerContext::create(
            {{"broken", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", shop_.privateKey}}, {}, error));
        QVERIFY(error.find("broken") != std::string::npos);
        QVERIFY(!tls::ServerContext::create({{"mismatch", shop_.certificate, any_.privateKey}}, {}, error));
        QVERIFY(error.find("private key") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestTls)
#include "tst_tls.moc"

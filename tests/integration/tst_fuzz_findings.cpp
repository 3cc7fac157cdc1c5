// Every input the network fuzzers found a problem with (tests/fuzz/regressions/TARGET/), replayed
// over a real loopback connection to the gateway the fuzzers drive (tests/fuzz/served_gateway.yaml,
// with a certificate for its HTTPS listener) or to its admin endpoint: the gateway closes the
// connection once the client has half-closed it (no hang) and still serves the next request (no
// crash). fuzz_tls inputs go over TLS as that target sends them (fuzz_tls.cpp: the first byte
// picks ALPN http/1.1, h2, or raw bytes); the data and the close_notify leave in one write, so
// the gateway reads them together, as it did when the fuzzer found the hang. The fuzz build (GWS_FUZZ=ON) replays
// the same files under ASan and UBSan.

#include <QDir>
#include <QFile>
#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/ssl.h>

#include <fstream>
#include <sstream>

#include "admin/admin_server.h"
#include "http_client.h"
#include "proxy/h2_downstream.h"
#include "served_topology.h"
#include "tls/certificates.h"

using namespace gs;

namespace {

const QString kRegressions = QStringLiteral(GWS_SOURCE_DIR "/tests/fuzz/regressions/");

std::string readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll().toStdString() : std::string();
}

enum class Outcome { ClosedByGateway, StillOpen, ConnectFailed };

// Sends `bytes`, half-closes, and reads until the gateway closes (or 10 s pass: a hang).
Outcome replay(const std::string& host, int port, const std::string& bytes)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(std::uint16_t(port));
    ::inet_pton(AF_INET, host.c_str(), &address.sin_addr);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        ::close(fd);
        return Outcome::ConnectFailed;
    }
    timeval wait{10, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
    ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    ::shutdown(fd, SHUT_WR);
    char buffer[4096];
    ssize_t n;
    while ((n = ::recv(fd, buffer, sizeof buffer, 0)) > 0) { }
    const bool timedOut = n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
    ::close(fd);
    return timedOut ? Outcome::StillOpen : Outcome::ClosedByGateway;
}

// The Secret the fuzz gateway's HTTPS listener names (the fuzz harness makes the same one).
std::string certificateSecret()
{
    runtime::tls::CertificateRequest request;
    request.commonName = "fuzz.example.com";
    request.dnsNames = {"fuzz.example.com", "*.example.com"};
    std::string error;
    const auto pem = runtime::tls::issueCertificate(request, nullptr, error);
    auto indented = [](const std::string& text) {
        std::string out;
        std::size_t start = 0;
        for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1)
            out += "    " + text.substr(start, end - start + 1);
        return out;
    };
    return "---\napiVersion: v1\nkind: Secret\nmetadata: {name: fuzz-tls, namespace: default}\ntype: kubernetes.io/tls\n"
           "stringData:\n  tls.crt: |\n" +
        indented(pem.value().certificate) + "  tls.key: |\n" + indented(pem.value().privateKey);
}

// A TLS handshake offering `alpn` (wire format), then `bytes` and a close_notify in one write, a
// TCP half-close, and reads until the gateway closes (or 10 s pass: a hang).
Outcome replayTls(const std::string& host, int port, std::string_view alpn, const std::string& bytes)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(std::uint16_t(port));
    ::inet_pton(AF_INET, host.c_str(), &address.sin_addr);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        ::close(fd);
        return Outcome::ConnectFailed;
    }
    timeval wait{10, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
    SSL_CTX* context = SSL_CTX_new(TLS_client_method());
    SSL* ssl = SSL_new(context);
    SSL_set_fd(ssl, fd);
    SSL_set_tlsext_host_name(ssl, "fuzz.example.com");
    SSL_set_alpn_protos(ssl, reinterpret_cast<const unsigned char*>(alpn.data()), unsigned(alpn.size()));
    Outcome outcome = Outcome::ConnectFailed;
    if (SSL_connect(ssl) == 1) {
        BIO* records = BIO_new(BIO_s_mem());  // from here on, what the client writes collects here
        BIO_up_ref(records);
        SSL_set0_wbio(ssl, records);
        if (!bytes.empty())
            SSL_write(ssl, bytes.data(), int(bytes.size()));
        SSL_shutdown(ssl);
        char* data = nullptr;
        const long length = BIO_get_mem_data(records, &data);
        ::send(fd, data, std::size_t(length), MSG_NOSIGNAL);
        BIO_free(records);
        ::shutdown(fd, SHUT_WR);
        char buffer[4096];
        ssize_t n;
        while ((n = ::recv(fd, buffer, sizeof buffer, 0)) > 0) { }
        outcome = n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) ? Outcome::StillOpen : Outcome::ClosedByGateway;
    }
    SSL_free(ssl);
    SSL_CTX_free(context);
    ::close(fd);
    return outcome;
}

}  // namespace

class TestFuzzFindings : public QObject {
    Q_OBJECT
    std::unique_ptr<test::ServedTopology> served_;
    std::unique_ptr<runtime::AdminServer> admin_;
    std::string address_;
    int port_ = 0;
    int tlsPort_ = 0;

    // As fuzz_tls.cpp sends an input: its first byte modulo 3 picks the mode.
    Outcome replayFuzzTls(const std::string& input)
    {
        const std::string rest = input.substr(1);
        switch (static_cast<unsigned char>(input[0]) % 3) {
        case 0: return replayTls(address_, tlsPort_, std::string_view("\x08http/1.1", 9), rest);
        case 1:
            return replayTls(address_, tlsPort_, std::string_view("\x02h2", 3),
                             std::string(runtime::proxy::H2Downstream::kPreface) + rest);
        default: return replay(address_, tlsPort_, rest);
        }
    }

private slots:
    void initTestCase()
    {
        served_ = std::make_unique<test::ServedTopology>(
            readFile(GWS_SOURCE_DIR "/tests/fuzz/served_gateway.yaml") + certificateSecret(), model::Workspace{}, 1);
        QVERIFY2(served_->ok(), served_->error().c_str());
        port_ = served_->port("default/gw", "http");
        tlsPort_ = served_->port("default/gw", "https");
        QVERIFY(port_ > 0 && tlsPort_ > 0);
        address_ = served_->address("default/gw");
        admin_ = std::make_unique<runtime::AdminServer>(served_->gateway());
        std::string error;
        QVERIFY2(admin_->start("127.0.0.1", 0, error), error.c_str());
    }

    void cleanupTestCase()
    {
        admin_.reset();
        served_.reset();
    }

    void findingIsHandled_data()
    {
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("file");
        for (const QString target : {"fuzz_http1", "fuzz_h2", "fuzz_tls", "fuzz_admin"})
            for (const QString& name : QDir(kRegressions + target).entryList(QDir::Files, QDir::Name))
                QTest::newRow(qPrintable(target + "/" + name)) << target << kRegressions + target + "/" + name;
    }

    void findingIsHandled()
    {
        QFETCH(QString, target);
        QFETCH(QString, file);
        std::string bytes = readFile(file);
        QVERIFY(!bytes.empty());
        std::string host = address_;
        int port = port_;
        if (target == "fuzz_h2")
            bytes.insert(0, runtime::proxy::H2Downstream::kPreface);  // as the fuzz target sends it
        if (target == "fuzz_admin") {
            host = "127.0.0.1";
            port = admin_->address().port();
        }
        if (target == "fuzz_tls")
            QCOMPARE(replayFuzzTls(bytes), Outcome::ClosedByGateway);
        else
            QCOMPARE(replay(host, port, bytes), Outcome::ClosedByGateway);
        const test::HttpResponse next = test::httpGet(port, target == "fuzz_admin" ? "/healthz" : "/", "example.com", {}, host);
        QCOMPARE(next.status, 200);
    }
};

QTEST_GUILESS_MAIN(TestFuzzFindings)
#include "tst_fuzz_findings.moc"

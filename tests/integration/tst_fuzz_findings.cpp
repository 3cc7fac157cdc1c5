// Every input the network fuzzers found a problem with (tests/fuzz/regressions/TARGET/), replayed
// over a real loopback connection to the gateway the fuzzers drive (tests/fuzz/served_gateway.yaml)
// or to its admin endpoint: the gateway closes the connection once the client has half-closed it
// (no hang) and still serves the next request (no crash). The fuzz build (GWS_FUZZ=ON) replays
// the same files under ASan and UBSan.

#include <QDir>
#include <QFile>
#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "admin/admin_server.h"
#include "http_client.h"
#include "proxy/h2_downstream.h"
#include "served_topology.h"

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
    while ((n = ::recv(fd, buffer, sizeof buffer, 0)) > 0) {
    }
    const bool timedOut = n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
    ::close(fd);
    return timedOut ? Outcome::StillOpen : Outcome::ClosedByGateway;
}

}  // namespace

class TestFuzzFindings : public QObject {
    Q_OBJECT
    std::unique_ptr<test::ServedTopology> served_;
    std::unique_ptr<runtime::AdminServer> admin_;
    std::string address_;
    int port_ = 0;

private slots:
    void initTestCase()
    {
        served_ = std::make_unique<test::ServedTopology>(readFile(GWS_SOURCE_DIR "/tests/fuzz/served_gateway.yaml"),
                                                         model::Workspace{}, 1);
        QVERIFY2(served_->ok(), served_->error().c_str());
        port_ = served_->port("default/gw", "http");
        QVERIFY(port_ > 0);
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
        for (const QString target : {"fuzz_http1", "fuzz_h2", "fuzz_admin"})
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
            bytes.insert(0, runtime::proxy::H2Downstream::kPreface);   // as the fuzz target sends it
        if (target == "fuzz_admin") {
            host = "127.0.0.1";
            port = admin_->address().port();
        }
        QCOMPARE(replay(host, port, bytes), Outcome::ClosedByGateway);
        const test::HttpResponse next =
            test::httpGet(port, target == "fuzz_admin" ? "/healthz" : "/", "example.com", {}, host);
        QCOMPARE(next.status, 200);
    }
};

QTEST_GUILESS_MAIN(TestFuzzFindings)
#include "tst_fuzz_findings.moc"

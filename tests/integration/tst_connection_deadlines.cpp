// Client connection deadlines, over real sockets: a request head that trickles in too slowly gets
// 408 and the connection closed (slowloris); an idle keep-alive connection (HTTP/1.1 or HTTP/2) is
// closed after the idle timeout; a connection that keeps sending requests stays open past it.

#include <QElapsedTimer>
#include <QTest>

#include <thread>

#include "http_client.h"
#include "served_topology.h"

using namespace gs;
using namespace std::chrono_literals;
using test::HttpClient;

namespace {

const std::string kTopology = test::testdata("connection_deadlines.yaml");

runtime::proxy::WorkerLimits shortDeadlines()
{
    runtime::proxy::WorkerLimits limits;
    limits.headerTimeout = 300ms;
    limits.idleTimeout = 600ms;
    return limits;
}

}  // namespace

class TestConnectionDeadlines : public QObject {
    Q_OBJECT
    std::unique_ptr<test::ServedTopology> served_;
    int port_ = 0;
    std::string address_;

private slots:
    void initTestCase()
    {
        served_ = std::make_unique<test::ServedTopology>(kTopology, model::Workspace{}, 1, shortDeadlines());
        QVERIFY2(served_->ok(), served_->error().c_str());
        port_ = served_->port("infra/gw", "http");
        address_ = served_->address("infra/gw");
    }

    void cleanupTestCase() { served_.reset(); }

    void slowRequestHeadGets408()
    {
        HttpClient c(address_, port_);
        QVERIFY(c.sendRaw("GET / HTTP/1.1\r\nHost: a\r\n"));
        for (int i = 0; i < 4; ++i) {  // a header line every 100 ms: the head never completes in time
            std::this_thread::sleep_for(100ms);
            c.sendRaw("X-Slow-" + std::to_string(i) + ": 1\r\n");
        }
        QCOMPARE(c.read(false, 2s).status, 408);
        QVERIFY(c.closedByPeer());
    }

    void idleConnectionIsClosed()
    {
        HttpClient c(address_, port_);
        QCOMPARE(c.request("GET", "/", "a").status, 200);
        QElapsedTimer t;
        t.start();
        QVERIFY(c.closedByPeer(3s));
        QVERIFY2(t.elapsed() >= 450 && t.elapsed() < 2000, qPrintable(QString::number(t.elapsed())));
    }

    // An HTTP/2 connection without streams is closed after the idle timeout too (it was kept
    // forever): the preface and SETTINGS, then nothing.
    void idleHttp2ConnectionIsClosed()
    {
        HttpClient c(address_, port_);
        QVERIFY(c.sendRaw(std::string("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") + std::string("\0\0\0\4\0\0\0\0\0", 9)));
        bool closed = false;
        for (int i = 0; i < 50 && !closed; ++i) {  // the server's SETTINGS, its ACK, GOAWAY, then the end
            c.readSome(100ms);
            closed = c.closedByPeer(100ms);
        }
        QVERIFY(closed);
    }

    void activeConnectionStaysOpenPastTheIdleTimeout()
    {
        HttpClient c(address_, port_);
        for (int i = 0; i < 8; ++i) {  // 8 × 200 ms: well past the 600 ms idle timeout in total
            QCOMPARE(c.request("GET", "/", "a").status, 200);
            std::this_thread::sleep_for(200ms);
        }
        QCOMPARE(c.request("GET", "/", "a").status, 200);
    }
};

QTEST_GUILESS_MAIN(TestConnectionDeadlines)
#include "tst_connection_deadlines.moc"

// The built-in echo backend answers as the conformance echo server does, over real sockets.

#include <QTest>

#include <memory>

#include "backends/echo_server.h"
#include "http_client.h"
#include "loop_thread.h"

using namespace gs;
using runtime::backends::EchoServer;

class TestEchoServer : public QObject {
    Q_OBJECT
    test::LoopThread loop_;
    std::unique_ptr<EchoServer> echo_;
    int port_ = 0;

private slots:
    void initTestCase()
    {
        port_ = loop_.call([this] {
            echo_ = std::make_unique<EchoServer>(loop_.loop(),
                                                 runtime::backends::EchoIdentity{"shop", "web", "web-abcde12345-xyz12"});
            runtime::net::Address a;
            runtime::net::Address::parse("127.0.0.1", 0, a);
            std::string error;
            return echo_->listen(a, error) ? int(echo_->address().port()) : 0;
        });
        QVERIFY(port_ > 0);
    }

    void cleanupTestCase()
    {
        loop_.call([this] {
            echo_.reset();
            return 0;
        });
    }

    void echoesTheRequest()
    {
        const test::HttpResponse r =
            test::httpGet(port_, "/v2/example?x=1&y=a%20b", "example.com:8080", {{"x-custom", "one"}, {"X-CUSTOM", "two"}});
        QVERIFY2(r.ok, r.error.c_str());
        QCOMPARE(r.status, 200);
        QCOMPARE(QString::fromStdString(std::string(r.headers.get("Content-Type").value_or(""))), QString("application/json"));
        QCOMPARE(QString::fromStdString(std::string(r.headers.get("X-Content-Type-Options").value_or(""))), QString("nosniff"));
        QVERIFY(r.headers.get("Date").value_or("").ends_with(" GMT"));  // dated, as Go's net/http dates it
        const test::EchoBody body = test::parseEchoBody(r.body);
        QVERIFY2(body.parsed, r.body.c_str());
        QCOMPARE(QString::fromStdString(body.fields.at("path")), QString("/v2/example?x=1&y=a%20b"));
        QCOMPARE(QString::fromStdString(body.fields.at("host")), QString("example.com:8080"));
        QCOMPARE(QString::fromStdString(body.fields.at("method")), QString("GET"));
        QCOMPARE(QString::fromStdString(body.fields.at("namespace")), QString("shop"));
        QCOMPARE(QString::fromStdString(body.fields.at("pod")), QString("web-abcde12345-xyz12"));
        QCOMPARE(QString::fromStdString(body.header("X-Custom")), QString("one,two"));
        QVERIFY(body.headers.count("X-Custom"));  // Go's canonical form
        QVERIFY(!body.headers.count("Host"));
    }

    void statusAndHealth()
    {
        QCOMPARE(test::httpGet(port_, "/status/503").status, 503);
        QCOMPARE(test::httpGet(port_, "/status/5033").status, 400);
        QCOMPARE(test::httpGet(port_, "/health").status, 200);
    }

    void setsRequestedResponseHeaders()
    {
        const test::HttpResponse r = test::httpGet(port_, "/", "a", {{"X-Echo-Set-Header", "X-Foo:bar,X-Foo:baz, Other: x"}});
        QCOMPARE(QString::fromStdString(std::string(r.headers.get("X-Foo").value_or(""))), QString("bar,baz"));
        QCOMPARE(QString::fromStdString(std::string(r.headers.get("Other").value_or(""))), QString("x"));
    }

    void delayAnswersLater()
    {
        QElapsedTimer timer;
        timer.start();
        const test::HttpResponse r = test::httpGet(port_, "/slow?delay=300ms");
        QCOMPARE(r.status, 200);
        QVERIFY(timer.elapsed() >= 280);
    }

    void keepAliveAndPipelining()
    {
        test::HttpClient c("127.0.0.1", port_);
        QVERIFY(c.sendRaw("GET /one?delay=100ms HTTP/1.1\r\nHost: a\r\n\r\nGET /two HTTP/1.1\r\nHost: a\r\n\r\n"
                          "POST /three HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello"));
        for (const char* path : {"/one?delay=100ms", "/two", "/three"}) {
            const test::HttpResponse r = c.read();
            QVERIFY2(r.ok, r.error.c_str());
            QCOMPARE(QString::fromStdString(test::parseEchoBody(r.body).fields["path"]), QString(path));
        }
    }

    void logsEveryEcho()
    {
        test::httpGet(port_, "/logged?id=42");
        const auto log = loop_.call([this] { return echo_->requestLog(); });
        QVERIFY(!log.empty());
        QVERIFY(
            QString::fromStdString(log.back()).startsWith("Echoing back request made to /logged?id=42 to client (127.0.0.1:"));
    }

    void malformedRequestGets400AndClose()
    {
        test::HttpClient c("127.0.0.1", port_);
        QVERIFY(c.sendRaw("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"));
        const test::HttpResponse r = c.read();
        QCOMPARE(r.status, 400);
        QVERIFY(c.closedByPeer());
    }

    void goDurations()
    {
        QCOMPARE(runtime::backends::parseGoDurationMs("1s").value_or(-1), 1000);
        QCOMPARE(runtime::backends::parseGoDurationMs("1.5s").value_or(-1), 1500);
        QCOMPARE(runtime::backends::parseGoDurationMs("1m30s").value_or(-1), 90000);
        QCOMPARE(runtime::backends::parseGoDurationMs("300ms").value_or(-1), 300);
        QVERIFY(!runtime::backends::parseGoDurationMs("soon"));
    }
};

QTEST_GUILESS_MAIN(TestEchoServer)
#include "tst_echo_server.moc"

// The HTTP/1.1 limits and defenses of the data plane, over real sockets (gateway_runtime/README.md,
// "Limits and defenses"): request target (414), head size and field count (431), body size
// (413), connections per listener, request smuggling (ambiguous framing is 400 and the connection
// closes), and path normalization (a route cannot be bypassed by spelling its path differently).

#include <QTest>

#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "h2_client.h"
#include "http_client.h"
#include "served_topology.h"
#include "tls/client_hello.h"

// QFETCH for a QString column, as a std::string.
#define FETCH_STRING(name)                                                                                                       \
    const std::string name = static_cast<QString*>(QTest::qData(#name, ::qMetaTypeId<QString>()))->toStdString()

using namespace gs;
using namespace std::chrono_literals;
using test::HttpClient;
using test::HttpResponse;

namespace {

const std::string kTopology = test::testdata("http_limits.yaml");

constexpr std::uint64_t kBodyLimit = 1000;

runtime::proxy::WorkerLimits limits(std::size_t maxConnections = 20'000)
{
    runtime::proxy::WorkerLimits l;
    l.maxRequestBodyBytes = kBodyLimit;
    l.maxConnectionsPerSocket = maxConnections;
    l.parser.maxTarget = 4096;
    l.parser.maxHeadBytes = 16 * 1024;
    l.parser.maxHeaders = 50;
    return l;
}

std::string serviceOf(const HttpResponse& r) { return test::parseEchoBody(r.body).fields["service"]; }
std::string pathOf(const HttpResponse& r) { return test::parseEchoBody(r.body).fields["path"]; }
QString q(const std::string& text) { return QString::fromStdString(text); }

}  // namespace

class TestHttpLimits : public QObject {
    Q_OBJECT
    std::unique_ptr<test::ServedTopology> served_;
    int port_ = 0;
    std::string address_;

    // Sends `bytes` on a new connection; the first response, and whether the gateway closed after it.
    std::pair<int, bool> exchangeRaw(const std::string& bytes)
    {
        HttpClient c(address_, port_);
        if (!c.sendRaw(bytes))
            return {-1, false};
        const int status = c.read(false, 5s).status;
        return {status, c.closedByPeer(5s)};
    }

private slots:
    // The backpressure mark is a limit like the others, with a floor: a TLS listener must be able
    // to hold a whole ClientHello before it pauses reading.
    void bufferHighWaterHasAFloor()
    {
        runtime::proxy::WorkerLimits l;
        QCOMPARE(runtime::proxy::sanitized(l).bufferHighWater, std::size_t(256 * 1024));
        l.bufferHighWater = 100;
        QCOMPARE(runtime::proxy::sanitized(l).bufferHighWater, runtime::tls::kMaxClientHello);
        l.bufferHighWater = 1 << 20;
        QCOMPARE(runtime::proxy::sanitized(l).bufferHighWater, std::size_t(1 << 20));
    }

    void initTestCase()
    {
        served_ = std::make_unique<test::ServedTopology>(kTopology, model::Workspace{}, 1, limits());
        QVERIFY2(served_->ok(), served_->error().c_str());
        port_ = served_->port("infra/gw", "http");
        address_ = served_->address("infra/gw");
    }

    void cleanupTestCase() { served_.reset(); }

    void sizeLimits_data()
    {
        QTest::addColumn<QString>("request");
        QTest::addColumn<int>("status");
        QTest::newRow("target too long") << q("GET /" + std::string(5000, 'a') + " HTTP/1.1\r\nHost: a\r\n\r\n") << 414;
        QTest::newRow("head too large") << q("GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + std::string(20000, 'x') + "\r\n\r\n")
                                        << 431;
        std::string many = "GET / HTTP/1.1\r\nHost: a\r\n";
        for (int i = 0; i < 60; ++i)
            many += "X-Field-" + std::to_string(i) + ": 1\r\n";
        QTest::newRow("too many fields") << q(many + "\r\n") << 431;
        QTest::newRow("body length over the limit") << "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1001\r\n\r\n" << 413;
        std::string chunked = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";
        for (int i = 0; i < 3; ++i)
            chunked += "190\r\n" + std::string(400, 'c') + "\r\n";  // 1200 bytes in three chunks
        QTest::newRow("chunked body over the limit") << q(chunked + "0\r\n\r\n") << 413;
    }

    // Each limit answers with its status and closes the connection.
    void sizeLimits()
    {
        FETCH_STRING(request);
        QFETCH(int, status);
        const auto [got, closed] = exchangeRaw(request);
        QCOMPARE(got, status);
        QVERIFY(closed);
    }

    void bodyWithinTheLimitIsServed()
    {
        HttpClient c(address_, port_);
        QCOMPARE(c.request("POST", "/", "a", {}, std::string(kBodyLimit, 'b')).status, 200);
        QCOMPARE(c.request("GET", "/", "a").status, 200);  // and the connection stays open
    }

    // RFC 9112 §6.3 and §7.1: framing that two parsers could read differently is refused, and the
    // connection closed, so that no request can be smuggled behind another.
    void smuggling_data()
    {
        QTest::addColumn<QString>("request");
        const std::string post = "POST / HTTP/1.1\r\nHost: a\r\n";
        QTest::newRow("Content-Length with Transfer-Encoding")
            << q(post + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
        QTest::newRow("Transfer-Encoding with Content-Length")
            << q(post + "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n");
        QTest::newRow("two different Content-Lengths") << q(post + "Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd");
        QTest::newRow("two equal Content-Lengths") << q(post + "Content-Length: 3\r\nContent-Length: 3\r\n\r\nabc");
        QTest::newRow("Content-Length list") << q(post + "Content-Length: 3, 3\r\n\r\nabc");
        QTest::newRow("Content-Length not a number") << q(post + "Content-Length: 3x\r\n\r\nabc");
        QTest::newRow("negative Content-Length") << q(post + "Content-Length: -1\r\n\r\n");
        QTest::newRow("Content-Length overflow") << q(post + "Content-Length: 99999999999999999999999\r\n\r\n");
        QTest::newRow("space before the colon") << q(post + "Content-Length : 3\r\n\r\nabc");
        QTest::newRow("chunked not last") << q(post + "Transfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n");
        QTest::newRow("unknown transfer coding") << q(post + "Transfer-Encoding: gzip\r\n\r\nabc");
        QTest::newRow("invalid chunk size") << q(post + "Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n");
        QTest::newRow("chunk size overflow")
            << q(post + "Transfer-Encoding: chunked\r\n\r\nfffffffffffffffffff\r\nabc\r\n0\r\n\r\n");
        QTest::newRow("chunk without CRLF") << q(post + "Transfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n0\r\n\r\n");
        QTest::newRow("space in a field name") << q(post + "Content Length: 3\r\n\r\nabc");
        QTest::newRow("empty field name") << q(post + ": 3\r\n\r\nabc");
    }

    // (A bare LF ending a line and obsolete line folding are accepted, as RFC 9112 §2.2 and §5.2
    // allow: the head is written anew for the backend, with CRLF and the folds replaced by spaces.)
    void smuggling()
    {
        FETCH_STRING(request);
        const auto [status, closed] = exchangeRaw(request);
        QCOMPARE(status, 400);
        QVERIFY(closed);
    }

    // An answer sent before the request was read in full (413 here) ends with a lingering close,
    // as nginx's: the client can go on sending its body without the gateway resetting the
    // connection (a reset can destroy the answer before the client reads it), and then sees the
    // end of the stream. It used to close at once, and the client's next send was reset.
    void earlyAnswerLingersInsteadOfResetting()
    {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(std::uint16_t(port_));
        ::inet_pton(AF_INET, address_.c_str(), &a.sin_addr);
        QCOMPARE(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
        const std::string head = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 50000000\r\n\r\n" + std::string(2000, 'x');
        QCOMPARE(::send(fd, head.data(), head.size(), MSG_NOSIGNAL), ssize_t(head.size()));
        timeval wait{3, 0};
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
        char answer[4096];
        const ssize_t n = ::recv(fd, answer, sizeof answer, 0);
        QVERIFY(n > 0);
        QVERIFY(std::string(answer, std::size_t(n)).rfind("HTTP/1.1 413", 0) == 0);
        const std::string more(65536, 'y');
        for (int i = 0; i < 40; ++i) {
            QVERIFY2(::send(fd, more.data(), more.size(), MSG_NOSIGNAL) > 0, "the gateway reset the connection");
            std::this_thread::sleep_for(5ms);
        }
        QCOMPARE(::recv(fd, answer, sizeof answer, 0), ssize_t(0));  // the end of the stream, not a reset
        ::close(fd);
    }

    // RFC 9112 §3.2: an HTTP/1.1 request without Host, or with two, is 400; HTTP/1.0 may omit it.
    void hostIsRequired_data()
    {
        QTest::addColumn<QString>("request");
        QTest::addColumn<int>("status");
        QTest::newRow("HTTP/1.1 without Host") << "GET / HTTP/1.1\r\n\r\n" << 400;
        QTest::newRow("two Host headers") << "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n" << 400;
        QTest::newRow("HTTP/1.1 with an empty Host") << "GET / HTTP/1.1\r\nHost:\r\n\r\n" << 200;
        QTest::newRow("HTTP/1.0 without Host") << "GET / HTTP/1.0\r\n\r\n" << 200;
    }

    void hostIsRequired()
    {
        FETCH_STRING(request);
        QFETCH(int, status);
        QCOMPARE(exchangeRaw(request).first, status);
    }

    // However the path is spelled, the rule for /admin gets it, and the backend sees the spelling
    // that was routed.
    void pathNormalization_data()
    {
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("service");
        QTest::addColumn<QString>("path");
        QTest::newRow("plain") << "/admin/x"
                               << "admin"
                               << "/admin/x";
        QTest::newRow("dot-dot") << "/public/../admin/x"
                                 << "admin"
                                 << "/admin/x";
        QTest::newRow("encoded dot-dot") << "/public/%2e%2e/admin/x"
                                         << "admin"
                                         << "/admin/x";
        QTest::newRow("encoded letter") << "/%61dmin/x"
                                        << "admin"
                                        << "/admin/x";
        QTest::newRow("double slash") << "//admin/x"
                                      << "admin"
                                      << "/admin/x";
        QTest::newRow("dot segment") << "/./admin/./x"
                                     << "admin"
                                     << "/admin/x";
        QTest::newRow("above the root") << "/../admin"
                                        << "admin"
                                        << "/admin";
        QTest::newRow("out of admin") << "/admin/../public"
                                      << "public"
                                      << "/public";
        QTest::newRow("not a segment") << "/admin..x"
                                       << "public"
                                       << "/admin..x";
        QTest::newRow("query kept") << "/public/../admin?a=/../b"
                                    << "admin"
                                    << "/admin?a=/../b";
    }

    void pathNormalization()
    {
        FETCH_STRING(target);
        FETCH_STRING(service);
        FETCH_STRING(path);
        const HttpResponse r = test::httpGet(port_, target, "a", {}, address_);
        QCOMPARE(r.status, 200);
        QCOMPARE(serviceOf(r), service);
        QCOMPARE(pathOf(r), path);
    }

    void ambiguousPathsAreRefused_data()
    {
        QTest::addColumn<QString>("target");
        QTest::newRow("encoded slash") << "/public%2F..%2Fadmin";
        QTest::newRow("encoded backslash") << "/public%5c..%5cadmin";
        QTest::newRow("bad escape") << "/admin%zz";
    }

    void ambiguousPathsAreRefused()
    {
        FETCH_STRING(target);
        QCOMPARE(test::httpGet(port_, target, "a", {}, address_).status, 400);
    }

    void pathNormalizationOverHttp2()
    {
        test::H2Client c(address_, port_);
        QVERIFY2(c.ok(), c.error().c_str());
        const test::H2Response r = c.request({"GET", "/public/%2e%2e/admin/x", "a", {}});
        QCOMPARE(r.status, 200);
        QCOMPARE(test::parseEchoBody(r.body).fields["service"], std::string("admin"));
    }

    // The HTTP/1.1 head limits apply to an HTTP/2 header block too: 431 for that stream, and the
    // connection goes on serving.
    void headerLimitsOverHttp2()
    {
        test::H2Client c(address_, port_);
        QVERIFY2(c.ok(), c.error().c_str());
        const test::H2Response big = c.request({"GET", "/public/x", "a", {{"x-big", std::string(20 * 1024, 'b')}}});
        QCOMPARE(big.status, 431);
        std::vector<runtime::http::Header> many;
        for (int i = 0; i < 60; ++i)
            many.push_back({"x-h" + std::to_string(i), "v"});
        QCOMPARE(c.request({"GET", "/public/x", "a", many}).status, 431);
        const test::H2Response fine = c.request({"GET", "/public/x", "a", {{"x-small", "ok"}}});
        QCOMPARE(fine.status, 200);
        QCOMPARE(test::parseEchoBody(fine.body).fields["service"], std::string("public"));
    }

    // maxConnectionsPerSocket: connections past it are closed at once; one closing makes room.
    void connectionsPerListenerAreLimited()
    {
        test::ServedTopology limited(kTopology, model::Workspace{}, 1, limits(2));
        QVERIFY2(limited.ok(), limited.error().c_str());
        const int port = limited.port("infra/gw", "http");
        const std::string address = limited.address("infra/gw");
        auto first = std::make_unique<HttpClient>(address, port);
        HttpClient second(address, port);
        QCOMPARE(first->request("GET", "/", "a").status, 200);
        QCOMPARE(second.request("GET", "/", "a").status, 200);
        HttpClient third(address, port);
        QVERIFY(third.connected());  // the kernel completes the handshake; the gateway closes it
        QVERIFY(third.closedByPeer(5s));
        QCOMPARE(second.request("GET", "/", "a").status, 200);
        first.reset();
        int status = 0;
        for (int attempt = 0; attempt < 50 && status != 200; ++attempt) {  // until the gateway has seen the close
            HttpClient next(address, port);
            status = next.request("GET", "/", "a").status;
            if (status != 200)
                std::this_thread::sleep_for(20ms);
        }
        QCOMPARE(status, 200);
    }
};

QTEST_GUILESS_MAIN(TestHttpLimits)
#include "tst_http_limits.moc"

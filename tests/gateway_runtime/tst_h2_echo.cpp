// The built-in HTTP/2 echo backend answers gRPC and plain HTTP/2 requests like the conformance echo
// server, over real sockets, driven by a small blocking nghttp2 client.

#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <map>
#include <memory>

#include <nghttp2/nghttp2.h>

#include "backends/grpc_echo_proto.h"
#include "backends/h2_echo_server.h"
#include "http_client.h"
#include "loop_thread.h"

using namespace gs;
using namespace std::chrono_literals;
using runtime::backends::H2EchoServer;
namespace grpcecho = runtime::backends::grpcecho;

namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;
const std::string kEcho = "/gateway_api_conformance.echo_basic.grpcecho.GrpcEcho/";

std::string valueOf(const Fields& fields, const std::string& name)
{
    for (const auto& [n, v] : fields)
        if (n == name)
            return v;
    return {};
}

int connectLoopback(int port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(std::uint16_t(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

bool sendAll(int fd, std::string_view bytes)
{
    while (!bytes.empty()) {
        const ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n <= 0)
            return false;
        bytes.remove_prefix(std::size_t(n));
    }
    return true;
}

// Reads (and drops) until the peer closes; false when it has not within `timeout`.
bool closesWithin(int fd, std::chrono::milliseconds timeout)
{
    const auto end = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < end) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0)
            continue;
        char chunk[4096];
        if (::recv(fd, chunk, sizeof chunk, 0) <= 0)
            return true;
    }
    return false;
}

struct H2Response {
    int status = 0;
    Fields headers;
    Fields trailers;
    std::string body;
    bool closed = false;
    std::uint32_t errorCode = 0;
    // grpc-status from the trailers, or from the headers of a Trailers-Only response.
    std::string grpcStatus() const
    {
        const std::string t = valueOf(trailers, "grpc-status");
        return t.empty() ? valueOf(headers, "grpc-status") : t;
    }
};

// A blocking HTTP/2 client (prior knowledge) on one connection; several streams may be open at once.
class H2Client {
public:
    explicit H2Client(int port) : fd_(connectLoopback(port))
    {
        nghttp2_session_callbacks* cb = nullptr;
        nghttp2_session_callbacks_new(&cb);
        nghttp2_session_callbacks_set_on_header_callback(cb, onHeader);
        nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cb, onData);
        nghttp2_session_callbacks_set_on_stream_close_callback(cb, onClose);
        nghttp2_option* option = nullptr;
        nghttp2_option_new(&option);
        nghttp2_option_set_max_send_header_block_length(option, 1 << 20);  // to send oversized blocks
        nghttp2_session_client_new2(&session_, cb, this, option);
        nghttp2_option_del(option);
        nghttp2_session_callbacks_del(cb);
        nghttp2_submit_settings(session_, NGHTTP2_FLAG_NONE, nullptr, 0);
    }
    ~H2Client()
    {
        nghttp2_session_del(session_);
        if (fd_ >= 0)
            ::close(fd_);
    }
    bool connected() const { return fd_ >= 0; }

    std::int32_t submit(const std::string& method, const std::string& path, const std::string& authority,
                        const Fields& extra = {}, const std::string& body = {})
    {
        Fields fields{{":method", method}, {":scheme", "http"}, {":path", path}, {":authority", authority}};
        fields.insert(fields.end(), extra.begin(), extra.end());
        std::vector<nghttp2_nv> nv;
        for (auto& [n, v] : fields)
            nv.push_back({reinterpret_cast<std::uint8_t*>(n.data()), reinterpret_cast<std::uint8_t*>(v.data()), n.size(),
                          v.size(), NGHTTP2_NV_FLAG_NONE});
        bodies_.push_back(std::make_unique<std::pair<std::string, std::size_t>>(body, 0));
        nghttp2_data_provider provider{};
        provider.source.ptr = bodies_.back().get();
        provider.read_callback = readBody;
        return nghttp2_submit_request(session_, nullptr, nv.data(), nv.size(), body.empty() ? nullptr : &provider, nullptr);
    }

    // Exchanges frames until every stream of `ids` has closed; false on timeout or a closed connection.
    bool run(const std::vector<std::int32_t>& ids, std::chrono::milliseconds timeout = 5s)
    {
        const auto end = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < end) {
            if (!flush())
                return false;
            if (std::all_of(ids.begin(), ids.end(), [this](std::int32_t id) { return responses_[id].closed; }))
                return true;
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, 50) <= 0)
                continue;
            char chunk[16384];
            const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
            if (n <= 0 || nghttp2_session_mem_recv(session_, reinterpret_cast<std::uint8_t*>(chunk), std::size_t(n)) < 0)
                return false;
        }
        return false;
    }

    H2Response& response(std::int32_t id) { return responses_[id]; }
    const std::vector<std::int32_t>& closeOrder() const { return order_; }

private:
    bool flush()
    {
        const std::uint8_t* data = nullptr;
        for (ssize_t n; (n = nghttp2_session_mem_send(session_, &data)) > 0;)
            if (!sendAll(fd_, {reinterpret_cast<const char*>(data), std::size_t(n)}))
                return false;
        return true;
    }

    static H2Client& self(void* p) { return *static_cast<H2Client*>(p); }

    static int onHeader(nghttp2_session*, const nghttp2_frame* frame, const std::uint8_t* name, std::size_t nameLength,
                        const std::uint8_t* value, std::size_t valueLength, std::uint8_t, void* p)
    {
        H2Response& r = self(p).responses_[frame->hd.stream_id];
        std::string n(reinterpret_cast<const char*>(name), nameLength), v(reinterpret_cast<const char*>(value), valueLength);
        if (n == ":status")
            r.status = std::stoi(v);
        (frame->headers.cat == NGHTTP2_HCAT_HEADERS ? r.trailers : r.headers).emplace_back(n, v);
        return 0;
    }
    static int onData(nghttp2_session*, std::uint8_t, std::int32_t id, const std::uint8_t* data, std::size_t length, void* p)
    {
        self(p).responses_[id].body.append(reinterpret_cast<const char*>(data), length);
        return 0;
    }
    static int onClose(nghttp2_session*, std::int32_t id, std::uint32_t errorCode, void* p)
    {
        self(p).responses_[id].closed = true;
        self(p).responses_[id].errorCode = errorCode;
        self(p).order_.push_back(id);
        return 0;
    }
    static ssize_t readBody(nghttp2_session*, std::int32_t, std::uint8_t* buffer, std::size_t length, std::uint32_t* flags,
                            nghttp2_data_source* source, void*)
    {
        auto& [body, sent] = *static_cast<std::pair<std::string, std::size_t>*>(source->ptr);
        const std::size_t n = std::min(length, body.size() - sent);
        std::memcpy(buffer, body.data() + sent, n);
        sent += n;
        if (sent == body.size())
            *flags |= NGHTTP2_DATA_FLAG_EOF;
        return ssize_t(n);
    }

    int fd_;
    nghttp2_session* session_ = nullptr;
    std::map<std::int32_t, H2Response> responses_;
    std::vector<std::int32_t> order_;
    std::vector<std::unique_ptr<std::pair<std::string, std::size_t>>> bodies_;
};

const Fields kGrpcHeaders{{"content-type", "application/grpc"}, {"te", "trailers"}, {"x-trace", "abc"}};

}  // namespace

class TestH2Echo : public QObject {
    Q_OBJECT
    test::LoopThread loop_;
    std::unique_ptr<H2EchoServer> echo_;
    int port_ = 0;

    H2Response grpcCall(const std::string& path)
    {
        H2Client c(port_);
        const std::int32_t id = c.submit("POST", path, "grpc.example.com:8080", kGrpcHeaders, grpcecho::frameMessage(""));
        return c.run({id}) ? c.response(id) : H2Response{};
    }

private slots:
    void initTestCase()
    {
        port_ = loop_.call([this] {
            echo_ = std::make_unique<H2EchoServer>(loop_.loop(),
                                                   runtime::backends::EchoIdentity{"grpc-ns", "grpc-svc", "grpc-pod-1"});
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

    void grpcEchoAnswersAssertions()
    {
        const H2Response r = grpcCall(kEcho + "Echo");
        QCOMPARE(r.status, 200);
        QCOMPARE(QString::fromStdString(valueOf(r.headers, "content-type")), QString("application/grpc"));
        QCOMPARE(QString::fromStdString(r.grpcStatus()), QString("0"));
        QVERIFY(!valueOf(r.trailers, "grpc-status").empty());  // in trailers, after the message
        const auto message = grpcecho::firstMessage(r.body);
        QVERIFY(message);
        QCOMPARE(message->size() + 5, r.body.size());
        const auto echo = grpcecho::decodeEchoResponse(*message);
        QVERIFY(echo);
        QCOMPARE(QString::fromStdString(echo->fullyQualifiedMethod), QString::fromStdString(kEcho + "Echo"));
        QCOMPARE(QString::fromStdString(echo->authority), QString("grpc.example.com:8080"));
        QCOMPARE(QString::fromStdString(echo->context.ns), QString("grpc-ns"));
        QCOMPARE(QString::fromStdString(echo->context.serviceName), QString("grpc-svc"));
        QCOMPARE(QString::fromStdString(echo->context.pod), QString("grpc-pod-1"));
        std::map<std::string, std::string> headers;
        for (const auto& h : echo->headers)
            headers[h.key] = h.value;
        QCOMPARE(QString::fromStdString(headers[":authority"]), QString("grpc.example.com:8080"));
        QCOMPARE(QString::fromStdString(headers["x-trace"]), QString("abc"));
        QCOMPARE(QString::fromStdString(headers["content-type"]), QString("application/grpc"));
        QVERIFY(!headers.count(":path"));
        QVERIFY(!headers.count("te"));
    }

    void grpcEchoTwoAnswers()
    {
        const H2Response r = grpcCall(kEcho + "EchoTwo");
        QCOMPARE(QString::fromStdString(r.grpcStatus()), QString("0"));
        const auto message = grpcecho::firstMessage(r.body);
        QVERIFY(message);
        const auto echo = grpcecho::decodeEchoResponse(*message);
        QVERIFY(echo);
        QCOMPARE(QString::fromStdString(echo->fullyQualifiedMethod), QString::fromStdString(kEcho + "EchoTwo"));
    }

    void grpcEchoThreeIsUnimplemented()
    {
        const H2Response r = grpcCall(kEcho + "EchoThree");
        QCOMPARE(r.status, 200);
        QCOMPARE(QString::fromStdString(r.grpcStatus()), QString("12"));
        QVERIFY(QString::fromStdString(valueOf(r.headers, "grpc-message")).contains("EchoThree"));
        QVERIFY(r.body.empty());
    }

    void unknownServiceAndMethodAreUnimplemented()
    {
        const H2Response service = grpcCall("/other.Service/Echo");
        QCOMPARE(QString::fromStdString(service.grpcStatus()), QString("12"));
        QVERIFY(QString::fromStdString(valueOf(service.headers, "grpc-message")).contains("unknown service other.Service"));
        const H2Response method = grpcCall(kEcho + "EchoFour");
        QCOMPARE(QString::fromStdString(method.grpcStatus()), QString("12"));
        QVERIFY(method.body.empty());
    }

    void plainRequestEchoesJson()
    {
        H2Client c(port_);
        const std::int32_t id =
            c.submit("GET", "/v2/example?x=1", "example.com:8080",
                     {{"x-custom", "one"}, {"x-custom", "two"}, {"x-echo-set-header", "X-Foo:bar,X-Foo:baz"}});
        QVERIFY(c.run({id}));
        const H2Response& r = c.response(id);
        QCOMPARE(r.status, 200);
        QCOMPARE(QString::fromStdString(valueOf(r.headers, "content-type")), QString("application/json"));
        QCOMPARE(QString::fromStdString(valueOf(r.headers, "x-content-type-options")), QString("nosniff"));
        QVERIFY(valueOf(r.headers, "date").ends_with(" GMT"));
        QCOMPARE(QString::fromStdString(valueOf(r.headers, "x-foo")), QString("bar,baz"));
        const test::EchoBody body = test::parseEchoBody(r.body);
        QVERIFY2(body.parsed, r.body.c_str());
        QCOMPARE(QString::fromStdString(body.fields.at("proto")), QString("HTTP/2.0"));
        QCOMPARE(QString::fromStdString(body.fields.at("path")), QString("/v2/example?x=1"));
        QCOMPARE(QString::fromStdString(body.fields.at("host")), QString("example.com:8080"));
        QCOMPARE(QString::fromStdString(body.fields.at("method")), QString("GET"));
        QCOMPARE(QString::fromStdString(body.fields.at("pod")), QString("grpc-pod-1"));
        QCOMPARE(QString::fromStdString(body.header("X-Custom")), QString("one,two"));
        QVERIFY(body.headers.count("X-Custom"));
        QVERIFY(!body.headers.count(":authority"));
    }

    // Two streams on one connection: the delayed one does not hold up the other.
    void concurrentStreamsOnOneConnection()
    {
        H2Client c(port_);
        const std::int32_t slow = c.submit("GET", "/slow?delay=300ms", "a.example");
        const std::int32_t fast = c.submit("POST", kEcho + "Echo", "b.example", kGrpcHeaders, grpcecho::frameMessage(""));
        QVERIFY(c.run({slow, fast}));
        QCOMPARE(c.response(slow).status, 200);
        QCOMPARE(QString::fromStdString(test::parseEchoBody(c.response(slow).body).fields["path"]), QString("/slow?delay=300ms"));
        QCOMPARE(QString::fromStdString(c.response(fast).grpcStatus()), QString("0"));
        QCOMPARE(c.closeOrder().front(), fast);
    }

    void oversizedHeaderBlockResetsOnlyItsStream()
    {
        H2Client c(port_);
        const std::string big(40000, 'x');
        const std::int32_t reset = c.submit("GET", "/big", "a", {{"x-a", big}, {"x-b", big}});
        QVERIFY(c.run({reset}));
        QCOMPARE(c.response(reset).status, 0);
        QVERIFY(c.response(reset).errorCode != 0);
        const std::int32_t next = c.submit("GET", "/after", "a");
        QVERIFY(c.run({next}));
        QCOMPARE(c.response(next).status, 200);
    }

    void http1RequestGets400AndClose()
    {
        test::HttpClient c("127.0.0.1", port_);
        QVERIFY(c.sendRaw("GET / HTTP/1.1\r\nHost: a\r\n\r\n"));
        const test::HttpResponse r = c.read();
        QVERIFY2(r.ok, r.error.c_str());
        QCOMPARE(r.status, 400);
        QCOMPARE(QString::fromStdString(r.body), QString("Expected h2c request"));
        QVERIFY(c.closedByPeer());
    }

    void garbageAfterPrefaceClosesOnlyThatConnection()
    {
        const int fd = connectLoopback(port_);
        QVERIFY(fd >= 0);
        QVERIFY(sendAll(fd, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + std::string(64, '\xff')));
        const bool closed = closesWithin(fd, 3s);
        ::close(fd);
        QVERIFY(closed);
        QCOMPARE(QString::fromStdString(grpcCall(kEcho + "Echo").grpcStatus()), QString("0"));
    }

    void logsEveryRequest()
    {
        H2Client c(port_);
        QVERIFY(c.run({c.submit("GET", "/logged?id=7", "a")}));
        const auto log = loop_.call([this] { return echo_->requestLog(); });
        QVERIFY(!log.empty());
        QVERIFY(QString::fromStdString(log.back()).startsWith("Echoing back request made to /logged?id=7 to client (127.0.0.1:"));
    }

    void protoRoundTripAndMalformedInput()
    {
        grpcecho::Assertions a;
        a.fullyQualifiedMethod = "/s/m";
        a.headers = {{":authority", "h"}, {"k", ""}};
        a.context = {"ns", "", "svc", "pod"};
        const std::string bytes = grpcecho::encodeEchoResponse(a);
        const auto back = grpcecho::decodeEchoResponse(bytes);
        QVERIFY(back);
        QCOMPARE(back->headers.size(), std::size_t(2));
        QCOMPARE(QString::fromStdString(back->headers[1].key), QString("k"));
        QCOMPARE(QString::fromStdString(back->context.pod), QString("pod"));
        QVERIFY(!grpcecho::decodeEchoResponse(bytes.substr(0, bytes.size() - 1)));
        QVERIFY(!grpcecho::decodeEchoResponse("\x0a\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"));
        QVERIFY(!grpcecho::firstMessage(std::string("\0\0\0\0\x05"
                                                    "abc",
                                                    8)));
        // Field numbers of grpcecho.proto: EchoResponse.assertions 1; Assertions.fully_qualified_method 1,
        // headers 2, authority 3, context 4; Header.key 1, value 2; Context.namespace 1, pod 4.
        grpcecho::Assertions small;
        small.fullyQualifiedMethod = "/m";
        small.headers = {{"k", "v"}};
        small.authority = "h";
        small.context.ns = "n";
        small.context.pod = "p";
        const std::string golden("\x0a\x17"
                                 "\x0a\x02/m"
                                 "\x12\x06\x0a\x01k\x12\x01v"
                                 "\x1a\x01h"
                                 "\x22\x06\x0a\x01n\x22\x01p",
                                 25);
        QCOMPARE(QByteArray::fromStdString(grpcecho::encodeEchoResponse(small)).toHex(),
                 QByteArray::fromStdString(golden).toHex());
    }
};

QTEST_GUILESS_MAIN(TestH2Echo)
#include "tst_h2_echo.moc"

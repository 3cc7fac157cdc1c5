// End to end over real loopback sockets: YAML → translator → embedded gateway → built-in echo
// backends, checked with a real HTTP client: routing and listener isolation, weights, filters,
// redirects, keep-alive, pipelining, streamed bodies, and backend failures.

#include <QElapsedTimer>
#include <QTest>

#include <algorithm>

#include <future>
#include <map>
#include <thread>

#include "backends/websocket_echo.h"
#include "h2_client.h"
#include "held_h2_backend.h"
#include "http_client.h"
#include "served_topology.h"

using namespace gs;
using test::HttpClient;
using test::HttpResponse;

namespace {

const std::string kBase = test::testdata("http_proxy.yaml");

std::string route(const std::string& name, const std::string& spec)
{
    return "---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: " + name +
        ", namespace: infra}\nspec:\n" + spec;
}

// An h2c Service for the tests that bind it to their own backend.
const std::string kHeldService = test::testdata("held_h2c_service.yaml");

QString podOf(const HttpResponse& r) { return QString::fromStdString(test::parseEchoBody(r.body).fields["pod"]); }

}  // namespace

class TestHttpProxy : public QObject {
    Q_OBJECT
    std::unique_ptr<test::ServedTopology> served_;
    int port_ = 0;
    std::string address_;

    HttpResponse get(const std::string& target, const std::string& host = "any.example.org",
                     const std::vector<runtime::http::Header>& headers = {})
    {
        return test::httpGet(port_, target, host, headers, address_);
    }

private slots:
    void initTestCase()
    {
        const std::string yaml = kBase + route("main", R"(  parentRefs: [{name: gw, sectionName: http}]
  rules:
    - matches: [{path: {type: PathPrefix, value: /app}}]
      backendRefs: [{name: web, port: 8080}]
    - matches: [{path: {type: Exact, value: /split}}]
      backendRefs: [{name: v1, port: 8080, weight: 80}, {name: v2, port: 8080, weight: 20}]
    - matches: [{path: {type: PathPrefix, value: /headers}}]
      filters:
        - type: RequestHeaderModifier
          requestHeaderModifier:
            set: [{name: X-Set, value: set-value}]
            add: [{name: X-Add, value: added}]
            remove: [X-Remove]
        - type: ResponseHeaderModifier
          responseHeaderModifier: {add: [{name: X-Response, value: from-gateway}]}
      backendRefs: [{name: web, port: 8080}]
    - matches: [{path: {type: PathPrefix, value: /old}}]
      filters:
        - type: RequestRedirect
          requestRedirect: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /new}, statusCode: 301}
    - matches: [{path: {type: PathPrefix, value: /rewrite}}]
      filters:
        - type: URLRewrite
          urlRewrite: {hostname: internal.example.com, path: {type: ReplacePrefixMatch, replacePrefixMatch: /inside}}
      backendRefs: [{name: web, port: 8080}]
    - matches: [{path: {type: PathPrefix, value: /missing}}]
      backendRefs: [{name: nowhere, port: 8080}]
    - matches: [{path: {type: PathPrefix, value: /slow}}]
      timeouts: {request: 200ms}
      backendRefs: [{name: web, port: 8080}]
    - matches: [{path: {type: PathPrefix, value: /refused}}]
      backendRefs: [{name: refused, port: 8080}]
    - matches: [{path: {type: Exact, value: /ws}}]
      backendRefs: [{name: web, port: 8080}]
)") + route("shop", R"(  parentRefs: [{name: gw, sectionName: shop}]
  rules:
    - backendRefs: [{name: v2, port: 8080}]
)");
        model::Workspace workspace;
        std::string error;
        workspace.bindings.push_back(*model::parseBinding("infra/refused:8080=127.0.0.1:1", error));
        served_ = std::make_unique<test::ServedTopology>(yaml, workspace);
        QVERIFY2(served_->ok(), served_->error().c_str());
        port_ = served_->port("infra/gw", "http");
        address_ = served_->address("infra/gw");
        QVERIFY(port_ > 0);
        QCOMPARE(served_->port("infra/gw", "shop"), port_);  // one socket for both listeners
    }

    void cleanupTestCase() { served_.reset(); }

    void routesAndForwardsUnchanged()
    {
        const HttpResponse r = get("/app/page?q=1&x=%20y", "Any.Example.org:1234", {{"X-Custom", "v"}, {"User-Agent", "t"}});
        QVERIFY2(r.ok, r.error.c_str());
        QCOMPARE(r.status, 200);
        const test::EchoBody body = test::parseEchoBody(r.body);
        QCOMPARE(QString::fromStdString(body.fields.at("path")), QString("/app/page?q=1&x=%20y"));
        QCOMPARE(QString::fromStdString(body.fields.at("host")), QString("Any.Example.org:1234"));
        QCOMPARE(QString::fromStdString(body.fields.at("method")), QString("GET"));
        QCOMPARE(QString::fromStdString(body.fields.at("namespace")), QString("infra"));
        QVERIFY(podOf(r).startsWith("web-"));
        QCOMPARE(QString::fromStdString(body.header("X-Custom")), QString("v"));
        QCOMPARE(QString::fromStdString(body.header("X-Forwarded-For")), QString("127.0.0.1"));
        QCOMPARE(QString::fromStdString(body.header("X-Forwarded-Proto")), QString("http"));
        QCOMPARE(QString::fromStdString(body.header("X-Forwarded-Host")), QString("Any.Example.org:1234"));
        // The echo dates its answer, as Go's net/http does; the gateway keeps that Date, and adds none.
        const auto dates = std::count_if(r.headers.all().begin(), r.headers.all().end(), [](const runtime::http::Header& h) {
            return runtime::http::equalsIgnoreCase(h.name, "date");
        });
        QCOMPARE(dates, 1);
    }

    void notFound()
    {
        QCOMPARE(get("/nothing-here").status, 404);
        QCOMPARE(get("/application").status, 404);  // /app is a segment prefix, not a string prefix
    }

    void listenerIsolation()
    {
        // shop.example.com belongs to the "shop" listener: only its routes apply.
        QVERIFY(podOf(get("/app", "shop.example.com")).startsWith("v2-"));
        QVERIFY(podOf(get("/anything", "shop.example.com")).startsWith("v2-"));
    }

    void weightsExactWithinTenRequests()
    {
        std::map<QString, int> counts;
        for (int i = 0; i < 10; ++i) {
            const HttpResponse r = get("/split");
            QCOMPARE(r.status, 200);
            ++counts[podOf(r).section('-', 0, 0)];
        }
        QCOMPARE(counts["v1"], 8);
        QCOMPARE(counts["v2"], 2);
    }

    void headerModifiers()
    {
        const HttpResponse r = get("/headers", "a.example.org", {{"x-set", "old"}, {"X-Add", "existing"}, {"X-Remove", "gone"}});
        QCOMPARE(r.status, 200);
        const test::EchoBody body = test::parseEchoBody(r.body);
        QCOMPARE(QString::fromStdString(body.header("X-Set")), QString("set-value"));
        QCOMPARE(QString::fromStdString(body.header("X-Add")), QString("existing,added"));
        QCOMPARE(QString::fromStdString(body.header("X-Remove")), QString());
        QCOMPARE(QString::fromStdString(std::string(r.headers.get("x-response").value_or(""))), QString("from-gateway"));
    }

    void redirect()
    {
        const HttpResponse r = get("/old/path?k=v", "shop.example.org:9999");
        QCOMPARE(r.status, 301);
        QCOMPARE(QString::fromStdString(std::string(r.headers.get("Location").value_or(""))),
                 QString("http://shop.example.org/new/path?k=v"));
    }

    void rewrite()
    {
        const HttpResponse r = get("/rewrite/a/b?z=1");
        QCOMPARE(r.status, 200);
        const test::EchoBody body = test::parseEchoBody(r.body);
        QCOMPARE(QString::fromStdString(body.fields.at("path")), QString("/inside/a/b?z=1"));
        QCOMPARE(QString::fromStdString(body.fields.at("host")), QString("internal.example.com"));
    }

    void invalidBackendIs500AndRefusedIs503()
    {
        QCOMPARE(get("/missing").status, 500);
        QCOMPARE(get("/refused").status, 503);
    }

    void requestTimeoutIs504()
    {
        QElapsedTimer t;
        t.start();
        QCOMPARE(get("/slow?delay=2s").status, 504);
        QVERIFY(t.elapsed() < 1500);
        QCOMPARE(get("/slow?delay=10ms").status, 200);
    }

    void keepAliveAndPipelining()
    {
        HttpClient c(address_, port_);
        QVERIFY(c.sendRaw("GET /app/1?delay=50ms HTTP/1.1\r\nHost: a\r\n\r\nGET /nothing HTTP/1.1\r\nHost: a\r\n\r\n"
                          "GET /app/3 HTTP/1.1\r\nHost: a\r\n\r\n"));
        const HttpResponse r1 = c.read(), r2 = c.read(), r3 = c.read();
        QCOMPARE(r1.status, 200);
        QCOMPARE(QString::fromStdString(test::parseEchoBody(r1.body).fields["path"]), QString("/app/1?delay=50ms"));
        QCOMPARE(r2.status, 404);
        QCOMPARE(QString::fromStdString(test::parseEchoBody(r3.body).fields["path"]), QString("/app/3"));
        for (int i = 0; i < 20; ++i)
            QCOMPARE(c.request("GET", "/app/again", "a").status, 200);
    }

    void upstreamConnectionsAreReused()
    {
        auto opened = [this] {
            for (const auto& b : served_->gateway().stats().backends)
                if (b.name == "httproute/infra/main/rule/0/backend/0")
                    return b.fields[runtime::stats::UpstreamConnections];
            return std::uint64_t(0);
        };
        const std::uint64_t before = opened();
        HttpClient c(address_, port_);
        for (int i = 0; i < 30; ++i)
            QCOMPARE(c.request("GET", "/app/reuse", "a").status, 200);
        // One client connection stays on one worker, whose pool keeps one backend connection.
        QVERIFY2(opened() - before <= 1, qPrintable(QString::number(opened() - before)));
    }

    void webSocketUpgradeIsTunnelled()
    {
        HttpClient c(address_, port_);
        QVERIFY(c.sendRaw("GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"));
        std::string got;
        for (int i = 0; i < 20 && got.find("\r\n\r\n") == std::string::npos; ++i)
            got += c.readSome();
        QVERIFY2(got.rfind("HTTP/1.1 101 ", 0) == 0, got.c_str());
        QVERIFY(got.find("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=") != std::string::npos);  // RFC 6455 §1.3
        QVERIFY(got.find("Upgrade: websocket") != std::string::npos);
        // Frames go through untouched both ways: a text and a binary message come back.
        using runtime::backends::websocketFrame;
        QVERIFY(
            c.sendRaw(websocketFrame(1, "Websocket Support!", true) + websocketFrame(2, std::string("\x01\x02\x03", 3), true)));
        const std::string want = websocketFrame(1, "Websocket Support!") + websocketFrame(2, std::string("\x01\x02\x03", 3));
        std::string echoed = got.substr(got.find("\r\n\r\n") + 4);
        for (int i = 0; i < 20 && echoed.size() < want.size(); ++i)
            echoed += c.readSome();
        QCOMPARE(echoed, want);
        QVERIFY(c.sendRaw(websocketFrame(8, "\x03\xe8", true)));  // close: answered, then the tunnel ends
        std::string closing;
        for (int i = 0; i < 20 && closing.size() < 4; ++i)
            closing += c.readSome();
        QCOMPARE(closing, websocketFrame(8, "\x03\xe8"));
        QVERIFY(c.closedByPeer(std::chrono::seconds(3)));
    }

    // Review finding 3: an HTTP/2 backend connection without streams is closed after
    // upstreamIdleTimeout; the next call opens a new one (counted as UpstreamConnections), while
    // calls within the idle time share it.
    void idleHttp2BackendConnectionIsClosed()
    {
        runtime::proxy::WorkerLimits limits;
        limits.upstreamIdleTimeout = std::chrono::milliseconds(200);
        test::ServedTopology served(kBase, {}, 1, limits);
        QVERIFY2(served.ok(), served.error().c_str());
        test::H2Client c(served.address("infra/gw"), served.port("infra/gw", "http"));
        auto call = [&] {
            return c
                .request({"POST",
                          "/gateway_api_conformance.echo_basic.grpcecho.GrpcEcho/Echo",
                          "grpc.example.com",
                          {{"content-type", "application/grpc"}, {"te", "trailers"}},
                          test::grpcFrame("")})
                .status;
        };
        auto opened = [&] {
            for (const auto& s : served.gateway().stats().backends)
                if (s.name == "grpcroute/infra/echo/rule/0/backend/0")
                    return s.fields[runtime::stats::UpstreamConnections];
            return std::uint64_t(0);
        };
        QCOMPARE(call(), 200);
        QCOMPARE(call(), 200);
        QCOMPARE(opened(), 1u);  // one connection, two streams
        QTest::qWait(600);  // three idle times
        QCOMPARE(call(), 200);
        QCOMPARE(opened(), 2u);  // the idle one was closed
    }

    // A backend that takes at most 2 concurrent streams (SETTINGS_MAX_CONCURRENT_STREAMS, RFC 9113
    // §6.5.2) gets a third concurrent request on a second connection; the first, replaced,
    // connection stays open while its streams run and is closed by the gateway when they end
    // (long before upstreamIdleTimeout); the second stays open and takes the next request.
    void aFullHttp2BackendConnectionIsReplacedAndClosedWhenItsStreamsEnd()
    {
        test::HeldH2Backend backend(2);
        QVERIFY(backend.ok());
        model::Workspace workspace;
        std::string error;
        workspace.bindings.push_back(*model::parseBinding("infra/held:8080=127.0.0.1:" + std::to_string(backend.port()), error));
        runtime::proxy::WorkerLimits limits;
        limits.upstreamIdleTimeout = std::chrono::minutes(5);  // an idle close would come far later than the wait below
        test::ServedTopology served(kBase + kHeldService + route("held", R"(  parentRefs: [{name: gw, sectionName: http}]
  rules: [{backendRefs: [{name: held, port: 8080}]}]
)"),
                                    workspace, 1, limits);
        QVERIFY2(served.ok(), served.error().c_str());
        const int port = served.port("infra/gw", "http");
        const std::string address = served.address("infra/gw");
        auto send = [&] {
            return std::async(std::launch::async, [=] { return test::httpGet(port, "/held", "a", {}, address); });
        };
        auto connections = [&] { return backend.connections(); };

        auto first = send(), second = send();
        // Both streams wait on connection 0, and the gateway has acknowledged its limit of 2.
        QTRY_VERIFY(connections().size() == 1 && connections()[0].held == 2 && connections()[0].settingsAcknowledged);
        auto third = send();
        QTRY_VERIFY(connections().size() == 2 && connections()[1].held == 1);
        QVERIFY(!connections()[0].closedByPeer);  // still has two streams running

        backend.release(0);
        QCOMPARE(first.get().body, std::string("connection 0"));
        QCOMPARE(second.get().body, std::string("connection 0"));
        QTRY_VERIFY(connections()[0].closedByPeer);  // replaced, and its last stream ended
        QCOMPARE(connections()[0].answered, 2);

        backend.release(1);
        const HttpResponse thirdAnswer = third.get();
        QCOMPARE(thirdAnswer.status, 200);
        QCOMPARE(thirdAnswer.body, std::string("connection 1"));
        auto fourth = send();  // the current connection is reused
        QTRY_VERIFY(connections().size() == 2 && connections()[1].held == 1);
        backend.release(1);
        QCOMPARE(fourth.get().body, std::string("connection 1"));
        QCOMPARE(connections().size(), std::size_t(2));
        QVERIFY(!connections()[1].closedByPeer);
        QCOMPARE(connections()[1].answered, 2);
        std::uint64_t opened = 0;
        for (const auto& s : served.gateway().stats().backends)
            if (s.name == "httproute/infra/held/rule/0/backend/0")
                opened = s.fields[runtime::stats::UpstreamConnections];
        QCOMPARE(opened, std::uint64_t(2));
    }

    // rules[].retry: listed codes and resets are tried again up to `attempts` times, with the body
    // the gateway held; other codes are answered as they are. The echo backend's /retry/ handler
    // fails the first N attempts of a uuid.
    void retriesListedCodesAndResets()
    {
        test::ServedTopology served(kBase + route("retry", R"(  parentRefs: [{name: gw, sectionName: http}]
  hostnames: [retry.example.com]
  rules:
    - retry: {codes: [503], attempts: 2, backoff: 10ms}
      backendRefs: [{name: web, port: 8080}]
)"));
        QVERIFY2(served.ok(), served.error().c_str());
        const int port = served.port("infra/gw", "http");
        const std::string address = served.address("infra/gw");
        auto send = [&](const std::string& query, const std::string& method = "GET", const std::string& body = {}) {
            return test::HttpClient(address, port).request(method, "/retry/x?" + query, "retry.example.com", {}, body);
        };
        auto retries = [&] {
            std::uint64_t n = 0;
            for (const auto& s : served.gateway().stats().backends)
                if (s.name == "httproute/infra/retry/rule/0/backend/0")
                    n = s.fields[runtime::stats::Retries];
            return n;
        };
        HttpResponse r = send("responseCode=503&succeedAfter=2&uuid=a");
        QCOMPARE(r.status, 200);
        QCOMPARE(test::parseEchoBody(r.body).fields["path"], std::string("/retry/x?responseCode=503&succeedAfter=2&uuid=a"));
        QCOMPARE(retries(), std::uint64_t(2));
        QCOMPARE(send("responseCode=503&succeedAfter=3&uuid=b").status, 503);  // attempts exhausted
        QCOMPARE(retries(), std::uint64_t(4));
        QCOMPARE(send("responseCode=500&succeedAfter=1&uuid=c").status, 500);  // not a listed code
        QCOMPARE(retries(), std::uint64_t(4));
        // A reset: retried (on a pooled connection, by the transparent retry of a stale connection).
        QCOMPARE(send("succeedAfter=1&uuid=d").status, 200);
        const std::uint64_t before = retries();
        r = send("responseCode=503&succeedAfter=1&uuid=e", "POST", "held body");
        QCOMPARE(r.status, 200);
        QCOMPARE(test::parseEchoBody(r.body).header("Content-Length"), std::string("9"));
        QCOMPARE(retries(), before + 1);
    }

    // A RequestMirror filter on a backendRef mirrors the requests that backend gets, counted on
    // its mirror target like a rule's mirror.
    void backendRefMirrorsAreSent()
    {
        test::ServedTopology served(kBase + route("mirrored", R"(  parentRefs: [{name: gw, sectionName: http}]
  hostnames: [mirrored.example.com]
  rules:
    - backendRefs:
        - name: web
          port: 8080
          filters: [{type: RequestMirror, requestMirror: {backendRef: {name: v2, port: 8080}}}]
)"));
        QVERIFY2(served.ok(), served.error().c_str());
        const int port = served.port("infra/gw", "http");
        const std::string address = served.address("infra/gw");
        for (int i = 0; i < 3; ++i)
            QCOMPARE(test::HttpClient(address, port).request("GET", "/m", "mirrored.example.com").status, 200);
        auto answered = [&] {
            for (const auto& s : served.gateway().stats().backends)
                if (s.name == "httproute/infra/mirrored/rule/0/backend/0/filter/0/mirror")
                    return s.fields[runtime::stats::Responses2xx];
            return std::uint64_t(0);
        };
        QTRY_COMPARE(answered(), std::uint64_t(3));
    }

    void grpcThroughGrpcRoute()
    {
        test::H2Client c(address_, port_);
        auto call = [&](const std::string& method, const std::string& authority) {
            return c.request({"POST",
                              "/gateway_api_conformance.echo_basic.grpcecho.GrpcEcho/" + method,
                              authority,
                              {{"content-type", "application/grpc"}, {"te", "trailers"}},
                              test::grpcFrame("")});
        };
        // The status is in the trailers, or in the head of a trailers-only answer.
        auto status = [](const test::H2Response& r) {
            return std::string(r.trailers.get("grpc-status").value_or(r.headers.get("grpc-status").value_or("none")));
        };
        const test::H2Response ok = call("Echo", "grpc.example.com");
        QVERIFY2(ok.ok, ok.error.c_str());
        QCOMPARE(status(ok), std::string("0"));
        QVERIFY(ok.trailers.has("grpc-status"));  // trailers made it through the gateway
        QVERIFY(ok.body.find("grpc-") != std::string::npos);  // the EchoResponse names its pod, grpc-...
        // A trailers-only answer from the h2c backend stays trailers-only: one HEADERS frame that
        // ends the stream, not HEADERS, an empty DATA and no trailers.
        const test::H2Response three = call("EchoThree", "grpc.example.com");
        QCOMPARE(status(three), std::string("12"));
        QVERIFY(three.endedWithHead);
        QVERIFY(three.body.empty());
        // A GRPCRoute's backend is spoken to in HTTP/2 although its Service port names no
        // appProtocol (Envoy Gateway's and NGINX Gateway Fabric's examples): answered as gRPC.
        const test::H2Response plain = call("Echo", "plain-grpc.example.com");
        QVERIFY2(plain.ok, plain.error.c_str());
        QCOMPARE(std::string(plain.headers.get("content-type").value_or("")), std::string("application/grpc"));
        QCOMPARE(status(plain), std::string("0"));
        // No GRPCRoute for this host: the gateway itself answers UNIMPLEMENTED, as gRPC.
        const test::H2Response none = call("Echo", "other.example.com");
        QCOMPARE(none.status, 200);
        QCOMPARE(status(none), std::string("12"));
        std::uint64_t okCount = 0, unimplemented = 0;
        for (const auto& r : served_->gateway().stats().routes)
            if (r.name == "grpcroute/infra/echo/rule/0") {
                okCount = r.fields[runtime::stats::GrpcStatus0];
                unimplemented = r.fields[runtime::stats::GrpcStatus0 + 12];
            }
        QCOMPARE(okCount, std::uint64_t(1));
        QCOMPARE(unimplemented, std::uint64_t(1));
    }

    void h2cWithPriorKnowledge()
    {
        test::H2Client c(address_, port_);
        QVERIFY(c.ok());
        const auto r = c.requests({{"GET", "/app/h2c?q=1", "any.example.org", {}},
                                   {"GET", "/nothing", "any.example.org", {}},
                                   {"GET", "/split", "any.example.org", {}}});
        QVERIFY2(r[0].ok, r[0].error.c_str());
        QCOMPARE(r[0].status, 200);
        QCOMPARE(test::parseEchoBody(r[0].body).fields.at("path"), std::string("/app/h2c?q=1"));
        QCOMPARE(r[1].status, 404);
        QCOMPARE(r[2].status, 200);
        // An HTTP/1.1 request on a fresh connection is still HTTP/1.1.
        QCOMPARE(get("/app/after").status, 200);
    }

    void hostileHttp2IsContained()
    {
        // A preface then garbage: the connection ends (GOAWAY or reset), the gateway serves on.
        HttpClient bad(address_, port_);
        QVERIFY(bad.sendRaw("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + std::string(200, '\xff')));
        QVERIFY(bad.closedByPeer(std::chrono::seconds(3)) || !bad.readSome().empty());
        // Fresh connections, HTTP/2 and HTTP/1.1, are served as before.
        test::H2Client c(address_, port_);
        QVERIFY(c.ok());
        QCOMPARE(c.request({"GET", "/app/fine", "any.example.org", {}}).status, 200);
        QCOMPARE(get("/app/still-serving").status, 200);
    }

    void h2cByUpgrade()
    {
        test::H2Client c(address_, port_);
        const test::H2Response first = c.upgrade({"GET", "/app/upgraded", "any.example.org", {}});
        QVERIFY2(first.ok, first.error.c_str());
        QCOMPARE(first.status, 200);
        QCOMPARE(test::parseEchoBody(first.body).fields.at("path"), std::string("/app/upgraded"));
        QVERIFY(test::parseEchoBody(first.body).header("Upgrade").empty());  // not passed on
        const test::H2Response next = c.request({"GET", "/app/next", "any.example.org", {}});  // now plain HTTP/2
        QCOMPARE(next.status, 200);
    }

    void chunkedRequestBodyAndExpectContinue()
    {
        HttpClient c(address_, port_);
        QVERIFY(c.sendRaw("POST /app/upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                          "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"));
        HttpResponse r = c.read();
        QCOMPARE(r.status, 200);
        QCOMPARE(QString::fromStdString(test::parseEchoBody(r.body).fields["method"]), QString("POST"));
        QVERIFY(c.sendRaw("PUT /app/upload HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n"));
        r = c.read();
        QCOMPARE(r.status, 100);
        QVERIFY(c.sendRaw("abc"));
        r = c.read();
        QCOMPARE(r.status, 200);
        QCOMPARE(QString::fromStdString(test::parseEchoBody(r.body).header("Expect")), QString());
    }

    void malformedRequests()
    {
        HttpClient c(address_, port_);
        QVERIFY(c.sendRaw("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabc"));
        QCOMPARE(c.read().status, 400);
        QVERIFY(c.closedByPeer());
        HttpClient big(address_, port_);
        QVERIFY(big.sendRaw("GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + std::string(70000, 'x') + "\r\n\r\n"));
        QCOMPARE(big.read().status, 431);
    }

    void statsCountTraffic()
    {
        const auto before = served_->gateway().stats();
        for (int i = 0; i < 5; ++i)
            get("/app/counted");
        get("/missing");
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        const auto after = served_->gateway().stats();
        auto find = [](const runtime::stats::Snapshot& s, const std::string& name) -> runtime::stats::Sample {
            for (const auto& b : s.backends)
                if (b.name == name)
                    return b;
            return {};
        };
        const auto web0 = find(before, "httproute/infra/main/rule/0/backend/0");
        const auto web1 = find(after, "httproute/infra/main/rule/0/backend/0");
        QCOMPARE(web1.fields[runtime::stats::Requests] - web0.fields[runtime::stats::Requests], std::uint64_t(5));
        QCOMPARE(web1.fields[runtime::stats::Responses2xx] - web0.fields[runtime::stats::Responses2xx], std::uint64_t(5));
        QCOMPARE(web1.labels.at("service"), std::string("web"));
        const auto missing = find(after, "httproute/infra/main/rule/5/backend/0");
        QVERIFY(missing.fields[runtime::stats::Responses5xx] >= 1);
    }
};

QTEST_GUILESS_MAIN(TestHttpProxy)
#include "tst_http_proxy.moc"

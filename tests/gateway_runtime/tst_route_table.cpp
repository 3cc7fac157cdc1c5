// The route table of one listener (http/route_table.h) as a table: entries, a request, the entry
// that takes it. The request tracer (http/route_trace.h) must name the same winner for every row,
// since the editor's Trace tab explains what the data plane does. Rows whose patterns RE2 refuses
// check that the build reports them and that such a match never matches (not a looser compare).
#include <QtTest>

#include "gateway.h"
#include "http/route_table.h"
#include "http/route_trace.h"

using namespace gs::runtime;
using config::HttpMatch;
using config::PathMatch;
using config::ValueMatch;

namespace {

struct Entry {
    std::string hostname;  // "" any, "*.example.com", or exact
    HttpMatch match;
};

struct Request {
    std::string method = "GET";
    std::string host = "example.com";
    std::string path = "/";  // with its query
    std::vector<std::pair<std::string, std::string>> headers;
};

HttpMatch path(PathMatch::Type type, std::string value)
{
    HttpMatch m;
    m.path = {type, std::move(value)};
    return m;
}

HttpMatch prefix(std::string value) { return path(PathMatch::Type::PathPrefix, std::move(value)); }

HttpMatch withHeader(HttpMatch m, ValueMatch::Type type, std::string name, std::string value)
{
    m.headers.push_back({type, std::move(name), std::move(value)});
    return m;
}

HttpMatch withQuery(HttpMatch m, ValueMatch::Type type, std::string name, std::string value)
{
    m.queryParams.push_back({type, std::move(name), std::move(value)});
    return m;
}

HttpMatch withMethod(HttpMatch m, std::string method)
{
    m.method = std::move(method);
    return m;
}

std::vector<config::RouteEntry> routeEntries(const std::vector<Entry>& entries)
{
    std::vector<config::RouteEntry> out;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        config::RouteEntry e;
        e.routeKind = "HTTPRoute";
        e.routeNamespace = "default";
        e.routeName = "r" + std::to_string(i);
        e.name = "httproute/default/r" + std::to_string(i) + "/rule/0/match/0";
        e.hostname = entries[i].hostname;
        e.match = entries[i].match;
        out.push_back(std::move(e));
    }
    return out;
}

constexpr auto Exact = ValueMatch::Type::Exact;
constexpr auto Regex = ValueMatch::Type::RegularExpression;

}  // namespace

Q_DECLARE_METATYPE(std::vector<Entry>)
Q_DECLARE_METATYPE(Request)

class TestRouteTable : public QObject {
    Q_OBJECT

private slots:
    void winner_data()
    {
        QTest::addColumn<std::vector<Entry>>("entries");
        QTest::addColumn<Request>("request");
        QTest::addColumn<int>("winner");  // -1: no entry (404)
        QTest::addColumn<int>("patternErrors");
        const auto row = [](const char* name, std::vector<Entry> entries, Request request, int winner, int errors = 0) {
            QTest::newRow(name) << entries << request << winner << errors;
        };
        // Paths (SPEC-NOTES §3): prefixes by whole segments, a trailing '/' of the prefix ignored.
        row("prefix: the path itself", {{"", prefix("/abc")}}, {.path = "/abc"}, 0);
        row("prefix: below it", {{"", prefix("/abc")}}, {.path = "/abc/def"}, 0);
        row("prefix: not a longer segment", {{"", prefix("/abc")}}, {.path = "/abcd"}, -1);
        row("prefix with a trailing slash", {{"", prefix("/abc/")}}, {.path = "/abc"}, 0);
        row("prefix / takes all", {{"", prefix("/")}}, {.path = "/anything/at/all"}, 0);
        row("exact: not with a slash more", {{"", path(PathMatch::Type::Exact, "/a")}}, {.path = "/a/"}, -1);
        row("exact, query apart", {{"", path(PathMatch::Type::Exact, "/a")}}, {.path = "/a?x=1"}, 0);
        row("regex: the whole path", {{"", path(PathMatch::Type::RegularExpression, "/v[0-9]+/.*")}}, {.path = "/v2/x"}, 0);
        row("regex: not a part of it", {{"", path(PathMatch::Type::RegularExpression, "/v[0-9]+")}}, {.path = "/v2/x"}, -1);
        row("the first entry that fits", {{"", prefix("/a")}, {"", prefix("/")}}, {.path = "/a/b"}, 0);
        row("a later one when the first does not", {{"", prefix("/a")}, {"", prefix("/")}}, {.path = "/b"}, 1);
        // Method, headers (names case-insensitive), query parameters (percent-decoded).
        row("method", {{"", withMethod(prefix("/"), "POST")}, {"", prefix("/")}}, {.method = "GET"}, 1);
        row("method fits", {{"", withMethod(prefix("/"), "POST")}}, {.method = "POST"}, 0);
        row("header name in any case", {{"", withHeader(prefix("/"), Exact, "X-Env", "prod")}}, {.headers = {{"x-env", "prod"}}},
            0);
        row("header value exactly", {{"", withHeader(prefix("/"), Exact, "X-Env", "prod")}}, {.headers = {{"X-Env", "Prod"}}},
            -1);
        row("header missing", {{"", withHeader(prefix("/"), Exact, "X-Env", "prod")}}, {}, -1);
        row("header regex", {{"", withHeader(prefix("/"), Regex, "X-Env", "pr.d|staging")}}, {.headers = {{"X-Env", "staging"}}},
            0);
        row("query parameter decoded", {{"", withQuery(prefix("/"), Exact, "q", "a b")}}, {.path = "/?q=a%20b"}, 0);
        row("query parameter regex", {{"", withQuery(prefix("/"), Regex, "page", "[0-9]+")}}, {.path = "/?page=12&x"}, 0);
        row("query parameter missing", {{"", withQuery(prefix("/"), Exact, "q", "1")}}, {.path = "/?x=1"}, -1);
        // Hostnames: exact, wildcard (any depth, never the apex), any; entry order across them.
        const std::vector<Entry> hosts{{"a.example.com", prefix("/")}, {"*.example.com", prefix("/")}, {"", prefix("/")}};
        row("host exact", hosts, {.host = "a.example.com"}, 0);
        row("host exact, any case and port", hosts, {.host = "A.Example.com:8080"}, 0);
        row("host wildcard", hosts, {.host = "b.example.com"}, 1);
        row("host wildcard, two labels", hosts, {.host = "x.y.example.com"}, 1);
        row("host wildcard is not the apex", hosts, {.host = "example.com"}, 2);
        row("host any", hosts, {.host = "other.test"}, 2);
        row("entry order across host lists", {{"*.example.com", prefix("/")}, {"a.example.com", prefix("/")}},
            {.host = "a.example.com"}, 0);
        row("no host fits", {{"a.example.com", prefix("/")}}, {.host = "b.example.com"}, -1);
        // A host of 20 labels with a wildcard route on every parent domain: more candidate lists
        // than the table keeps on the stack; the first entry in order still wins, and it is the
        // one on the list found last ("*.example.com").
        std::string deep = "example.com";
        std::vector<Entry> everyParent{{"*.example.com", prefix("/")}};
        for (int label = 18; label >= 1; --label) {
            everyParent.push_back({"*." + deep, prefix("/")});
            deep = "l" + std::to_string(label) + "." + deep;
        }
        row("a host of many labels, a wildcard on each parent", everyParent, {.host = "x." + deep}, 0);
        everyParent.front().match = prefix("/elsewhere");
        row("... and the next in order when the first does not fit", everyParent, {.host = "x." + deep}, 1);
        // Patterns RE2 refuses: reported, and the match matches nothing.
        row("invalid path regex", {{"", path(PathMatch::Type::RegularExpression, "(")}, {"", prefix("/")}}, {.path = "/("}, 1, 1);
        row("invalid header regex is no exact compare", {{"", withHeader(prefix("/"), Regex, "X-Env", "(")}},
            {.headers = {{"X-Env", "("}}}, -1, 1);
        row("invalid query regex is no exact compare", {{"", withQuery(prefix("/"), Regex, "q", "a[")}}, {.path = "/?q=a["}, -1,
            1);
        row("every invalid pattern reported",
            {{"", withQuery(withHeader(path(PathMatch::Type::RegularExpression, "*"), Regex, "h", "("), Regex, "q", ")")}}, {},
            -1, 3);
    }

    void winner()
    {
        QFETCH(std::vector<Entry>, entries);
        QFETCH(Request, request);
        QFETCH(int, winner);
        QFETCH(int, patternErrors);
        const std::vector<config::RouteEntry> routes = routeEntries(entries);

        std::vector<http::PatternError> errors;
        const http::RouteTable table = http::RouteTable::build(routes, errors);
        QCOMPARE(int(errors.size()), patternErrors);
        for (const http::PatternError& e : errors) {
            QVERIFY2(e.entry.rfind("httproute/default/r", 0) == 0 && !e.message.empty(), e.text().c_str());
            QVERIFY(e.text().find("is not a valid RE2 regular expression") != std::string::npos);
        }
        http::Headers headers;
        for (const auto& [name, value] : request.headers)
            headers.add(name, value);
        const std::string host = http::normalizeHost(request.host);
        const std::size_t q = request.path.find('?');
        http::RequestView view;
        view.method = request.method;
        view.path = std::string_view(request.path).substr(0, q);
        view.query = q == std::string::npos ? std::string_view() : std::string_view(request.path).substr(q + 1);
        view.host = host;
        view.headers = &headers;
        QCOMPARE(table.match(view), winner);

        // The tracer, on a listener with these entries, names the same winner.
        config::RuntimeConfig config;
        config::Gateway& gateway = config.gateways.emplace_back();
        gateway.name = "gateway/default/gw";
        config::Listener& listener = gateway.listeners.emplace_back();
        listener.name = "gateway/default/gw/listener/http";
        listener.listenerName = "http";
        listener.port = 80;
        listener.httpRoutes = routes;
        http::TraceRequest traced;
        traced.port = 80;
        traced.method = request.method;
        traced.host = request.host;
        traced.path = request.path;
        traced.headers = headers;
        const http::Trace trace = http::traceRequest(config, traced);
        QCOMPARE(trace.candidates.size(), routes.size());
        int traceWinner = -1;
        for (std::size_t i = 0; i < trace.candidates.size(); ++i)
            if (trace.candidates[i].wins)
                traceWinner = int(i);
        QVERIFY2(traceWinner == winner, trace.verdict.c_str());
        if (patternErrors > 0) {
            const auto explained = std::find_if(trace.candidates.begin(), trace.candidates.end(), [](const auto& c) {
                return c.reason.find("is not a valid RE2 regular expression") != std::string::npos;
            });
            QVERIFY2(explained != trace.candidates.end(), "the trace does not say which pattern RE2 refuses");
        }
    }

    // The gateway says which matches it serves as never matching, per listener, and serves the rest.
    void gatewayReportsPatternErrors()
    {
        auto config = std::make_shared<config::RuntimeConfig>();
        config::Gateway& gateway = config->gateways.emplace_back();
        gateway.name = "gateway/default/gw";
        gateway.address = "127.0.0.1";
        config::Listener& listener = gateway.listeners.emplace_back();
        listener.name = "gateway/default/gw/listener/http";
        listener.listenerName = "http";
        listener.address = "127.0.0.1";
        listener.port = 80;
        listener.servedPort = 80;
        listener.httpRoutes = routeEntries({{"", withHeader(prefix("/"), Regex, "X-Env", "(")}, {"", prefix("/")}});
        GatewayOptions options;
        options.workers = 1;
        options.ephemeralPorts = true;
        Gateway gw(options);
        const ApplyResult result = gw.apply(config);
        QCOMPARE(result.listeners.size(), std::size_t(1));
        QVERIFY(result.listeners[0].ok);
        QCOMPARE(result.listeners[0].routeErrors.size(), std::size_t(1));
        const std::string& error = result.listeners[0].routeErrors[0];
        QVERIFY2(error.rfind("httproute/default/r0/rule/0/match/0: header X-Env ~ \"(\" is not a valid RE2 regular expression",
                             0) == 0,
                 error.c_str());
    }
};

QTEST_GUILESS_MAIN(TestRouteTable)
#include "tst_route_table.moc"

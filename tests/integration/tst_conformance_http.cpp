// The conformance traffic cases over real sockets: for each test of
// ../shared/gateway-api/conformance/expectations.json with HTTP cases, load base-manifests.yaml
// plus the test's manifest as the suite prepares them, serve them with the embedded gateway and
// its echo backends, send every case as a real request, and check what the suite checks: status,
// backend, namespace, path, host, headers, redirects, response headers, mirrors and weight
// distributions (conventions in expectations.json). HTTPS cases go over TLS with the case's SNI;
// TLS cases dial raw TLS and speak the TCP echo line protocol, or expect the connection to be
// rejected; H2 cases speak HTTP/2 over TLS (ALPN h2), H2C_PRIOR_KNOWLEDGE cleartext HTTP/2; GRPC
// cases make unary calls to the GrpcEcho service and decode its EchoResponse; WebSocket cases
// upgrade and exchange a text and a binary message.

#include <QTest>

#include <algorithm>
#include <atomic>
#include <unistd.h>
#include <map>
#include <thread>

#include "conformance_data.h"
#include "http_client.h"
#include "served_topology.h"
#include "test_support.h"
#include "backends/grpc_echo_proto.h"
#include "backends/websocket_echo.h"
#include "http/grpc_status.h"
#include "h2_client.h"
#include "tls_client.h"

using namespace gs;
using nlohmann::json;

namespace {

struct Target {
    std::string gateway;  // "ns/name"
    std::string address;
    int port = 0;
    int specPort = 0;
};

std::string withoutSpaces(std::string s)
{
    s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
    return s;
}

bool statusMatches(const json& expected, int got)
{
    auto one = [got](int want) { return want == got || ((want == 408 || want == 504) && (got == 408 || got == 504)); };
    if (expected.is_array()) {
        for (const json& s : expected)
            if (one(s.get<int>()))
                return true;
        return false;
    }
    return one(expected.get<int>());
}

struct Location {
    std::string scheme, host, path;
    std::optional<int> port;
};

Location parseLocation(const std::string& url)
{
    Location l;
    const std::size_t sep = url.find("://");
    l.scheme = url.substr(0, sep);
    std::string rest = url.substr(sep + 3);
    const std::size_t slash = rest.find('/');
    std::string authority = rest.substr(0, slash);
    l.path = slash == std::string::npos ? "/" : rest.substr(slash);
    l.path = l.path.substr(0, l.path.find('?'));
    const std::size_t colon = authority.rfind(':');
    if (colon != std::string::npos) {
        l.port = std::stoi(authority.substr(colon + 1));
        authority = authority.substr(0, colon);
    }
    l.host = authority;
    return l;
}

class CaseRunner {
public:
    CaseRunner(test::ServedTopology& served, const json& test) : served_(served), test_(test) { }

    // "" when the case passes.
    std::string run(const json& original)
    {
        const json c = withFreshUuid(original);
        const json& request = c["request"];
        const json& expect = c["expect"];
        const Target target = targetOf(c);
        if (target.port == 0)  // nothing listens, so a request there fails
            return expect.value("requestFails", false)
                ? std::string()
                : "the Gateway's listener on port " + std::to_string(target.specPort) + " is not served";
        if (request.value("protocol", "HTTP") == "TLS")
            return tlsConversation(c, target);
        if (request.value("protocol", "HTTP") == "WebSocket")
            return webSocket(c, target);
        if (request.value("protocol", "HTTP") == "GRPC")
            return expect.contains("distribution") ? grpcDistribution(c, target) : grpcCall(c, target);
        if (expect.contains("distribution"))
            return distribution(c, target);
        if (expect.contains("backendHeader"))
            return backendHeader(c, target);
        std::vector<runtime::http::Header> headers;
        if (request.contains("headers"))
            for (const auto& [name, value] : request["headers"].items())
                headers.push_back({name, value.get<std::string>()});
        std::string echoSet;
        if (request.contains("backendSetResponseHeaders"))
            for (const auto& [name, value] : request["backendSetResponseHeaders"].items())
                echoSet += (echoSet.empty() ? "" : ",") + name + ":" + value.get<std::string>();
        headers.push_back({"X-Echo-Set-Header", echoSet});
        const std::string host = request.value("host", target.address + ":" + std::to_string(target.specPort));
        const std::string method = request.value("method", "GET");
        const std::string path = request.value("path", "/");
        const std::size_t mirroredBefore = mirrorCount(expect, path);
        const test::HttpResponse r = send(request, target, method, path, host, headers);
        if (expect.value("requestFails", false))
            return r.ok ? "got status " + std::to_string(r.status) + ", want the request to fail" : std::string();
        if (!r.ok)
            return "no response: " + r.error;
        if (!statusMatches(expect["status"], r.status))
            return "status " + std::to_string(r.status) + ", want " + expect["status"].dump() + " (" + r.body.substr(0, 200) +
                ")";
        std::string problem;
        if (r.status == 200 || r.status == 204)
            problem = checkBody(request, expect, r, headers, host, method, path);
        else if (r.status >= 300 && r.status < 400 && expect.contains("redirect"))
            problem = checkRedirect(expect["redirect"], r, target.gateway);
        if (problem.empty() && expect.contains("mirroredTo"))
            problem = checkMirrors(expect["mirroredTo"], path, mirroredBefore);
        return problem;
    }

private:
    // "<fresh-uuid-per-attempt>" in a path: the suite sends a new uuid each time it tries a case
    // (the echo backend's /retry/ handler counts attempts per uuid).
    static json withFreshUuid(json c)
    {
        static const std::string placeholder = "<fresh-uuid-per-attempt>";
        static std::atomic<int> counter{0};
        const std::string uuid = "case-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
        for (json* field : {&c["request"], &c["expect"]})
            if (field->contains("path")) {
                std::string path = (*field)["path"].get<std::string>();
                if (const std::size_t at = path.find(placeholder); at != std::string::npos)
                    (*field)["path"] = path.replace(at, placeholder.size(), uuid);
            }
        return c;
    }

    static test::HttpResponse send(const json& request, const Target& target, const std::string& method, const std::string& path,
                                   const std::string& host, const std::vector<runtime::http::Header>& headers)
    {
        const std::string protocol = request.value("protocol", "HTTP");
        if (protocol == "HTTP")
            return test::HttpClient(target.address, target.port).request(method, path, host, headers);
        if (protocol == "H2" || protocol == "H2C_PRIOR_KNOWLEDGE") {
            test::H2Client h2 = protocol == "H2" ? test::H2Client(target.address, target.port, request.value("sni", ""))
                                                 : test::H2Client(target.address, target.port);
            std::vector<runtime::http::Header> lower;
            for (const auto& h : headers)
                lower.push_back(
                    {runtime::http::equalsIgnoreCase(h.name, "x-echo-set-header") ? "x-echo-set-header" : h.name, h.value});
            const test::H2Response r = h2.request({method, path, host, lower});
            test::HttpResponse out;
            out.status = r.status;
            out.headers = r.headers;
            out.body = r.body;
            out.ok = r.ok;
            out.error = r.error;
            return out;
        }
        const std::optional<test::ClientCertificate> certificate = clientCertificate(request);
        test::TlsClient tls(target.address, target.port, request.value("sni", ""), {}, {}, certificate ? &*certificate : nullptr);
        if (!tls.ok()) {
            test::HttpResponse failed;
            failed.error = tls.error();
            return failed;
        }
        if (certificate && !tls.certificateRequested()) {  // the suite asserts it was asked for
            test::HttpResponse failed;
            failed.error = "the gateway did not ask for the client certificate";
            return failed;
        }
        return tls.request(method, path, host, headers);
    }

    static test::H2Request grpcRequest(const json& request, const Target& target)
    {
        test::H2Request r{"POST",
                          request.value("rpc", ""),
                          request.value("authority", target.address + ":" + std::to_string(target.specPort)),
                          {{"content-type", "application/grpc"}, {"te", "trailers"}},
                          test::grpcFrame("")};
        if (request.contains("metadata"))
            for (const auto& [name, value] : request["metadata"].items())
                r.headers.push_back({name, value.get<std::string>()});
        for (auto& h : r.headers)
            std::transform(h.name.begin(), h.name.end(), h.name.begin(), [](unsigned char ch) { return char(std::tolower(ch)); });
        return r;
    }

    // grpc-status in the trailers, or in the headers of a trailers-only response.
    static std::string grpcStatusName(const test::H2Response& r)
    {
        auto status = r.trailers.get("grpc-status");
        if (!status)
            status = r.headers.get("grpc-status");
        if (!status)
            return "<none: HTTP " + std::to_string(r.status) + ">";
        // A value that is not one of the codes, as it came (the gateway must not send one).
        const std::string text(*status);
        const runtime::http::GrpcStatus code = runtime::http::parseGrpcStatus(text);
        return runtime::http::grpcStatusText(code) == text ? runtime::http::grpcStatusName(code) : text;
    }

    static std::optional<runtime::backends::grpcecho::Assertions> grpcAssertions(const test::H2Response& r)
    {
        const auto message = runtime::backends::grpcecho::firstMessage(r.body);
        return message ? runtime::backends::grpcecho::decodeEchoResponse(*message) : std::nullopt;
    }

    std::string grpcCall(const json& c, const Target& target) const
    {
        const json& expect = c["expect"];
        test::H2Client h2(target.address, target.port);
        const test::H2Response r = h2.request(grpcRequest(c["request"], target));
        if (!r.ok)
            return "no gRPC response: " + r.error;
        const std::string status = grpcStatusName(r);
        if (status != expect.value("grpcStatus", "OK"))
            return "grpc-status " + status + ", want " + expect.value("grpcStatus", "OK");
        if (status != "OK")
            return {};
        const auto a = grpcAssertions(r);
        if (!a)
            return "the EchoResponse cannot be decoded";
        if (expect.contains("fullyQualifiedMethod") &&
            a->fullyQualifiedMethod != expect["fullyQualifiedMethod"].get<std::string>())
            return "method " + a->fullyQualifiedMethod;
        if (expect.contains("backend") && !expect["backend"].is_null() &&
            a->context.pod.rfind(expect["backend"].get<std::string>(), 0) != 0)
            return "backend pod " + a->context.pod + ", want " + expect["backend"].get<std::string>();
        if (expect.contains("namespace") && !expect["namespace"].get<std::string>().empty() &&
            a->context.ns != expect["namespace"].get<std::string>())
            return "namespace " + a->context.ns;
        return {};
    }

    std::string grpcDistribution(const json& c, const Target& target) const
    {
        const json& expect = c["expect"];
        const int total = expect.value("totalRequests", 500), concurrency = expect.value("concurrency", 10);
        std::map<std::string, int> counts;
        test::H2Client h2(target.address, target.port);
        for (int sent = 0; sent < total; sent += concurrency) {
            const std::vector<test::H2Request> batch(std::size_t(concurrency), grpcRequest(c["request"], target));
            for (const test::H2Response& r : h2.requests(batch)) {
                const auto a = grpcAssertions(r);
                if (!r.ok || grpcStatusName(r) != "OK" || !a)
                    return "a call failed: " + grpcStatusName(r) + " " + r.error;
                std::string pod = a->context.pod;
                for (int cut = 0; cut < 2; ++cut)
                    pod = pod.substr(0, pod.rfind('-'));
                ++counts[pod];
            }
        }
        for (const auto& [backend, share] : expect["distribution"].items()) {
            const double got = double(counts[backend]) / total;
            if (share.get<double>() == 0 ? counts[backend] != 0
                                         : std::abs(got - share.get<double>()) > expect.value("tolerance", 0.05))
                return backend + " got " + std::to_string(got) + ", want " + share.dump();
        }
        return {};
    }

    // Upgrades to WebSocket at /ws and expects a text and a binary message echoed back.
    static std::string webSocket(const json& c, const Target& target)
    {
        using runtime::backends::websocketFrame;
        test::HttpClient client(target.address, target.port);
        client.sendRaw("GET /ws HTTP/1.1\r\nHost: " + target.address + ":" + std::to_string(target.specPort) +
                       "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                       "Sec-WebSocket-Version: 13\r\nOrigin: " +
                       c["request"].value("origin", "") + "\r\n\r\n");
        std::string got;
        for (int i = 0; i < 50 && got.find("\r\n\r\n") == std::string::npos; ++i)
            got += client.readSome();
        if (got.rfind("HTTP/1.1 101", 0) != 0)
            return "no 101 Switching Protocols: " + got.substr(0, 100);
        const json& expect = c["expect"];
        std::string binary;
        for (const json& b : expect["binaryEcho"])
            binary += char(b.get<int>());
        const std::string want = websocketFrame(1, expect.value("textEcho", "")) + websocketFrame(2, binary);
        client.sendRaw(websocketFrame(1, expect.value("textEcho", ""), true) + websocketFrame(2, binary, true));
        std::string echoed = got.substr(got.find("\r\n\r\n") + 4);
        for (int i = 0; i < 50 && echoed.size() < want.size(); ++i)
            echoed += client.readSome();
        return echoed == want ? std::string() : "the messages did not come back as sent";
    }

    // "Secret NS/NAME": the certificate the client presents when asked.
    static std::optional<test::ClientCertificate> clientCertificate(const json& request)
    {
        const std::string ref = request.value("clientCertificate", "");
        if (ref.empty())
            return std::nullopt;
        const runtime::tls::PemPair& pem = test::conformancePki(ref.substr(ref.find('/') + 1));
        return test::ClientCertificate{pem.certificate, pem.privateKey};
    }

    // "ConfigMap NS/NAME key ca.crt": the CA the client trusts.
    static std::string trustedCa(const json& request)
    {
        const std::string ref = request.value("trustedCA", "");
        const std::size_t slash = ref.find('/'), space = ref.find(' ', slash);
        return ref.empty() ? std::string() : test::conformancePki(ref.substr(slash + 1, space - slash - 1)).certificate;
    }

    // A raw TLS dial: rejected as the case wants, or the TCP echo conversation through it.
    std::string tlsConversation(const json& c, const Target& target) const
    {
        const json& request = c["request"];
        const json& expect = c["expect"];
        const std::string sni = request.value("sni", "");
        test::TlsClient tls(target.address, target.port, sni, trustedCa(request));
        if (expect.value("connectionRejected", false))
            return tls.rejected() ? std::string() : tls.ok() ? "the handshake completed" : "failed otherwise: " + tls.error();
        if (!tls.ok())
            return "handshake: " + tls.error();
        if (tls.readLine() != "Gateway API Test TCP Server")
            return "no welcome line";
        tls.write("PING\n");
        if (tls.readLine() != "PONG")
            return "PING not answered";
        tls.write("IS_TLS\n");
        const std::string isTls = tls.readLine();
        if (expect.contains("backendIsTLS") && isTls != (expect["backendIsTLS"].get<bool>() ? "true" : "false"))
            return "IS_TLS answered " + isTls;
        tls.write("TEST\n");
        const json seen = json::parse(tls.readLine(), nullptr, false);
        if (seen.is_discarded())
            return "TEST did not answer JSON";
        if (seen.value("pod", "").rfind(expect.value("backendPodPrefix", ""), 0) != 0)
            return "backend pod " + seen.value("pod", "");
        if (expect.contains("namespace") && seen.value("namespace", "") != expect["namespace"].get<std::string>())
            return "namespace " + seen.value("namespace", "");
        if (expect.contains("backendSeesSNI") &&
            (!seen.contains("tls") || seen["tls"].value("serverName", "") != expect["backendSeesSNI"].get<std::string>()))
            return "the backend did not see SNI " + expect["backendSeesSNI"].get<std::string>() + ": " + seen.dump();
        return {};
    }

    // The TLS the backend saw from the gateway: the SNI, and the client certificate presented
    // ("Secret NS/NAME tls.crt").
    static std::string checkBackendTls(const json& expect, const std::string& body)
    {
        if (!expect.contains("backendSeesSNI") && !expect.contains("backendPeerCertificatesContain"))
            return {};
        const json seen = json::parse(body, nullptr, false);
        const json tls = seen.is_object() && seen.contains("tls") ? seen["tls"] : json::object();
        if (expect.contains("backendSeesSNI") && tls.value("serverName", "") != expect["backendSeesSNI"].get<std::string>())
            return "the backend did not see SNI " + expect["backendSeesSNI"].get<std::string>() + ": " + tls.dump();
        if (expect.contains("backendPeerCertificatesContain")) {
            const std::string ref = expect["backendPeerCertificatesContain"].get<std::string>();
            const std::size_t slash = ref.find('/'), space = ref.find(' ', slash);
            const std::string want = test::conformancePki(ref.substr(slash + 1, space - slash - 1)).certificate;
            const json peers = tls.value("peerCertificates", json::array());
            if (std::find(peers.begin(), peers.end(), json(want)) == peers.end())
                return "the backend did not see client certificate " + ref + " (" + std::to_string(peers.size()) + " presented)";
        }
        return {};
    }

    Target targetOf(const json& c) const
    {
        const std::string gateway = c.value("gateway", test_.value("gateway", "gateway-conformance-infra/same-namespace"));
        Target t;
        t.gateway = gateway;
        t.specPort = c.value("port", test_.value("port", 80));
        t.address = served_.address(gateway);
        t.port = served_.boundPort(gateway, t.specPort);
        return t;
    }

    std::string checkBody(const json& request, const json& expect, const test::HttpResponse& r,
                          const std::vector<runtime::http::Header>& sent, const std::string& host, const std::string& method,
                          const std::string& path) const
    {
        const bool isJson = r.headers.get("content-type").value_or("") == "application/json";
        const test::EchoBody echo = isJson ? test::parseEchoBody(r.body) : test::EchoBody{};
        auto field = [&](const char* name) {
            auto it = echo.fields.find(name);
            return it == echo.fields.end() ? std::string() : it->second;
        };
        if (expect.contains("backend") && !expect["backend"].is_null() &&
            field("pod").rfind(expect["backend"].get<std::string>(), 0) != 0)
            return "backend pod " + field("pod") + ", want " + expect["backend"].get<std::string>();
        if (expect.contains("namespace") && field("namespace") != expect["namespace"].get<std::string>())
            return "namespace " + field("namespace") + ", want " + expect["namespace"].get<std::string>();
        if (expect.contains("path") && field("path") != expect["path"].get<std::string>())
            return "path " + field("path") + ", want " + expect["path"].get<std::string>();
        if (expect.contains("method") && isJson && field("method") != expect["method"].get<std::string>())
            return "method " + field("method");
        if (expect.contains("host") && field("host") != expect["host"].get<std::string>())
            return "host " + field("host") + ", want " + expect["host"].get<std::string>();
        if (expect.contains("headers"))
            for (const auto& [name, value] : expect["headers"].items())
                if (echo.header(name) != value.get<std::string>())
                    return "backend header " + name + " is \"" + echo.header(name) + "\", want \"" + value.get<std::string>() +
                        "\"";
        if (expect.contains("absentHeaders"))
            for (const json& name : expect["absentHeaders"])
                if (!echo.header(name.get<std::string>()).empty())
                    return "backend header " + name.get<std::string>() + " should be absent";
        if (expect.value("backendRequestIsImplicit", false)) {
            if (field("method") != method || field("path") != path)
                return "the backend saw " + field("method") + " " + field("path");
            if (request.contains("host") && field("host") != host)
                return "the backend saw host " + field("host");
            for (const auto& h : sent)
                if (echo.header(h.name) != h.value)
                    return "the backend saw header " + h.name + " as \"" + echo.header(h.name) + "\", sent \"" + h.value + "\"";
        }
        if (std::string problem = checkBackendTls(expect, isJson ? r.body : std::string()); !problem.empty())
            return problem;
        const bool ignoreSpaces = expect.value("responseHeaderIgnoreWhitespace", false);
        auto responseHeader = [&](const std::string& name) {
            const auto v = r.headers.joined(name);
            return v ? (ignoreSpaces ? withoutSpaces(*v) : *v) : std::string("<absent>");
        };
        if (expect.contains("responseHeaders"))
            for (const auto& [name, value] : expect["responseHeaders"].items()) {
                const std::string want = ignoreSpaces ? withoutSpaces(value.get<std::string>()) : value.get<std::string>();
                if (responseHeader(name) != want)
                    return "response header " + name + " is \"" + responseHeader(name) + "\", want \"" + want + "\"";
            }
        if (expect.contains("responseHeadersOneOf"))
            for (const auto& [name, options] : expect["responseHeadersOneOf"].items()) {
                bool any = false;
                for (const json& o : options)
                    any = any ||
                        responseHeader(name) == (ignoreSpaces ? withoutSpaces(o.get<std::string>()) : o.get<std::string>());
                if (!any)
                    return "response header " + name + " is \"" + responseHeader(name) + "\", want one of " + options.dump();
            }
        if (expect.contains("responseAbsentHeaders"))
            for (const json& name : expect["responseAbsentHeaders"])
                if (r.headers.has(name.get<std::string>()))
                    return "response header " + name.get<std::string>() + " should be absent";
        return {};
    }

    // Ports as the spec says them, except where the Gateway serves that port elsewhere (Gateways
    // sharing 127.0.0.1, GWS_LOOPBACK=single): then the served one, as the gateway's redirects say.
    std::string checkRedirect(const json& want, const test::HttpResponse& r, const std::string& gateway) const
    {
        const auto location = r.headers.get("location");
        if (!location)
            return "no Location";
        const Location l = parseLocation(std::string(*location));
        const std::string scheme = want.value("scheme", l.scheme);
        if (l.scheme != scheme)
            return "Location " + std::string(*location) + ": scheme";
        if (want.contains("hostname") && !want["hostname"].is_null() && l.host != want["hostname"].get<std::string>())
            return "Location " + std::string(*location) + ": hostname, want " + want["hostname"].get<std::string>();
        if (want.contains("port")) {
            const int wellKnown = scheme == "https" ? 443 : 80;
            if (want["port"].is_null() && served_.servedPort(gateway, wellKnown) == wellKnown) {
                if (l.port && *l.port != wellKnown)
                    return "Location " + std::string(*location) + ": no port wanted";
            } else {
                const int spec = want["port"].is_null() ? wellKnown
                    : want["port"].is_string()          ? std::stoi(want["port"].get<std::string>())
                                                        : want["port"].get<int>();
                if (l.port.value_or(wellKnown) != served_.servedPort(gateway, spec))
                    return "Location " + std::string(*location) + ": port, want " +
                        std::to_string(served_.servedPort(gateway, spec));
            }
        }
        if (want.contains("path") && l.path != want["path"].get<std::string>())
            return "Location " + std::string(*location) + ": path, want " + want["path"].get<std::string>();
        return {};
    }

    std::size_t mirrorCount(const json& expect, const std::string& path) const
    {
        std::size_t n = 0;
        if (expect.contains("mirroredTo"))
            for (const json& m : expect["mirroredTo"])
                for (const std::string& line : served_.gateway().echoLog(m["namespace"], m["name"]))
                    n += line.find("request made to " + path + " ") != std::string::npos ? 1 : 0;
        return n;
    }

    std::string checkMirrors(const json& mirrors, const std::string& path, std::size_t before) const
    {
        for (const json& m : mirrors) {
            if (m.contains("percent"))
                continue;  // statistical: checked by percentMirror()
            bool seen = false;
            for (int attempt = 0; attempt < 100 && !seen; ++attempt) {
                for (const std::string& line : served_.gateway().echoLog(m["namespace"], m["name"]))
                    seen = seen || line.find("request made to " + path + " ") != std::string::npos;
                if (!seen)
                    std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
            if (!seen)
                return "not mirrored to " + m["name"].get<std::string>();
        }
        (void)before;
        return {};
    }

    std::string distribution(const json& c, const Target& target) const
    {
        const json& expect = c["expect"];
        const int total = expect.value("totalRequests", 500);
        const double tolerance = expect.value("tolerance", 0.05);
        std::map<std::string, int> counts;
        test::HttpClient client(target.address, target.port);
        for (int i = 0; i < total; ++i) {
            const test::HttpResponse r = client.request("GET", c["request"].value("path", "/"),
                                                        c["request"].value("host", target.address), {{"X-Echo-Set-Header", ""}});
            if (!r.ok || r.status != 200)
                return "request " + std::to_string(i) + " failed: " + std::to_string(r.status) + " " + r.error;
            std::string pod = test::parseEchoBody(r.body).fields["pod"];
            for (int cut = 0; cut < 2; ++cut)
                pod = pod.substr(0, pod.rfind('-'));
            ++counts[pod];
        }
        for (const auto& [backend, share] : expect["distribution"].items()) {
            const double got = double(counts[backend]) / total;
            if (share.get<double>() == 0 ? counts[backend] != 0 : std::abs(got - share.get<double>()) > tolerance)
                return backend + " got " + std::to_string(got) + ", want " + share.dump();
        }
        return {};
    }

    // Each backendRef sets its own "Backend" header: exactly one, naming the pod's backend.
    std::string backendHeader(const json& c, const Target& target) const
    {
        const int repeat = c["expect"].value("repeat", 100);
        test::HttpClient client(target.address, target.port);
        for (int i = 0; i < repeat; ++i) {
            const test::HttpResponse r =
                client.request("GET", c["request"].value("path", "/"), target.address, {{"X-Echo-Set-Header", ""}});
            if (!r.ok || r.status != 200)
                return "request " + std::to_string(i) + ": " + std::to_string(r.status) + " " + r.error;
            const test::EchoBody echo = test::parseEchoBody(r.body);
            const auto it = echo.headers.find("Backend");
            if (it == echo.headers.end() || it->second.size() != 1)
                return "request " + std::to_string(i) + ": not exactly one Backend header";
            if (echo.fields.at("pod").rfind(it->second[0], 0) != 0)
                return "pod " + echo.fields.at("pod") + " but Backend: " + it->second[0];
        }
        return {};
    }

    test::ServedTopology& served_;
    const json& test_;
};

// HTTP/1.1 cleartext, HTTPS (HTTP/1.1 over TLS) and raw TLS cases run here.
bool runsOverHttp(const json& c)
{
    const std::string protocol = c["request"].value("protocol", "HTTP");
    return protocol == "HTTP" || protocol == "HTTPS" || protocol == "TLS" || protocol == "H2" ||
        protocol == "H2C_PRIOR_KNOWLEDGE" || protocol == "GRPC" || protocol == "WebSocket";
}

}  // namespace

class TestConformanceHttp : public QObject {
    Q_OBJECT
    test::ConformanceData data_{test::sharedGatewayApiDir()};
    int casesPassed_ = 0, casesFailed_ = 0, casesOtherProtocol_ = 0, testsPassed_ = 0, testsFailed_ = 0;

private slots:
    void traffic_data()
    {
        QTest::addColumn<QString>("name");
        QVERIFY(data_.ok());
        for (const json& t : data_.tests())
            if (!t["cases"].empty())
                QTest::newRow(t["test"].get<std::string>().c_str()) << QString::fromStdString(t["test"]);
    }

    void traffic()
    {
        QFETCH(QString, name);
        const json& t = *data_.test(name.toStdString());
        std::size_t http = 0;
        for (const json& c : t["cases"])
            http += runsOverHttp(c) ? 1 : 0;
        casesOtherProtocol_ += int(t["cases"].size() - http);
        if (http == 0)
            QSKIP("only WebSocket cases, which are not run here");
        if (const QStringList missing = data_.unclaimedFeatures(t); !missing.isEmpty())
            QSKIP(qPrintable("needs features Gateway Studio does not claim: " + missing.join(", ")));
        std::string yaml;
        for (const model::Source& s : data_.sourcesFor(t))
            yaml += "---\n" + s.text + "\n";
        test::ServedTopology served(yaml);
        QVERIFY2(served.ok(), served.error().c_str());
        CaseRunner runner(served, t);
        QStringList failures;
        for (std::size_t i = 0; i < t["cases"].size(); ++i) {
            const json& c = t["cases"][i];
            if (!runsOverHttp(c))
                continue;
            // "after deleting KIND NS/NAME": the test deletes that object before this case.
            const std::string caseName = c.value("name", "");
            if (caseName.rfind("after deleting ", 0) == 0) {
                const std::string what = caseName.substr(15);
                const std::string error = served.reloadWithout(what.substr(0, what.find(' ')), what.substr(what.find(' ') + 1));
                QVERIFY2(error.empty(), error.c_str());
            }
            std::string problem;
            try {
                problem = runner.run(c);
            } catch (const json::exception& e) {
                problem = std::string("unreadable case (") + e.what() + "): " + c.dump().substr(0, 300);
            }
            if (problem.empty()) {
                ++casesPassed_;
                continue;
            }
            ++casesFailed_;
            failures << QString("case %1 (%2 %3): %4")
                            .arg(i)
                            .arg(QString::fromStdString(c["request"].value("method", "GET")))
                            .arg(QString::fromStdString(c["request"].value("path", "")))
                            .arg(QString::fromStdString(problem));
        }
        (failures.isEmpty() ? testsPassed_ : testsFailed_)++;
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join("\n")));
    }

    void cleanupTestCase()
    {
        qInfo("conformance traffic (HTTP/1.1, HTTPS, HTTP/2, h2c, gRPC, TLS, WebSocket): %d cases passed, %d failed; %d tests "
              "passed, %d failed; %d cases of "
              "other protocols not run here",
              casesPassed_, casesFailed_, testsPassed_, testsFailed_, casesOtherProtocol_);
    }
};

GWS_TEST_MAIN_NEEDING_SHARED(TestConformanceHttp)
#include "tst_conformance_http.moc"

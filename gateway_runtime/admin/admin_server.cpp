#include "admin/admin_server.h"

#include <future>

#include "gateway.h"
#include "http/json_writer.h"
#include "http/route_table.h"

namespace gs::runtime {

namespace {

constexpr const char* kClasses[] = {"1xx", "2xx", "3xx", "4xx", "5xx"};

void writeSample(http::JsonWriter& json, const stats::Sample& s)
{
    json.beginObject();
    json.key("name").value(s.name);
    for (const auto& [k, v] : s.labels)
        json.key(k).value(v);
    json.key("requests").value(s.fields[stats::Requests]);
    json.key("responses").beginObject();
    for (int c = 0; c < 5; ++c)
        json.key(kClasses[c]).value(s.fields[std::size_t(stats::Responses1xx + c)]);
    json.endObject();
    json.key("bytesIn").value(s.fields[stats::BytesIn]);
    json.key("bytesOut").value(s.fields[stats::BytesOut]);
    if (s.kind == stats::Kind::Listener) {
        json.key("activeConnections").value(s.fields[stats::ActiveConnections]);
        json.key("connections").value(s.fields[stats::ConnectionsTotal]);
        json.key("tlsHandshakes").value(s.fields[stats::TlsHandshakes]);
        json.key("tlsHandshakeFailures").value(s.fields[stats::TlsHandshakeFailures]);
        json.key("notRouted").value(s.fields[stats::NotRouted]);
    }
    if (s.kind == stats::Kind::Backend) {
        json.key("connectionsOpened").value(s.fields[stats::UpstreamConnections]);
        json.key("connectFailures").value(s.fields[stats::UpstreamConnectFailures]);
        json.key("resets").value(s.fields[stats::UpstreamResets]);
        json.key("timeouts").value(s.fields[stats::Timeouts]);
        json.key("retries").value(s.fields[stats::Retries]);
    }
    if (s.kind != stats::Kind::Listener) {
        // gRPC status codes seen, by name; only the codes that occurred.
        static const char* names[] = {"OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
                                      "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
                                      "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS",
                                      "UNAUTHENTICATED"};
        json.key("grpcStatus").beginObject();
        for (int code = 0; code < 17; ++code)
            if (const std::uint64_t n = s.fields[std::size_t(stats::GrpcStatus0 + code)])
                json.key(names[code]).value(n);
        json.endObject();
    }
    json.key("latencyMs").beginObject();
    json.key("p50").value(s.percentileMs(50));
    json.key("p90").value(s.percentileMs(90));
    json.key("p99").value(s.percentileMs(99));
    json.endObject();
    json.endObject();
}

std::string labelText(const stats::Sample& s)
{
    std::string out = "name=\"" + s.name + "\"";
    for (const auto& [k, v] : s.labels)
        out += "," + k + "=\"" + v + "\"";
    return out;
}

void appendFamily(std::string& out, const std::string& metric, const char* type, const char* help,
                  const std::vector<stats::Sample>& samples, stats::Field field)
{
    out += "# HELP " + metric + " " + help + "\n# TYPE " + metric + " " + type + "\n";
    for (const stats::Sample& s : samples)
        out += metric + "{" + labelText(s) + "} " + std::to_string(s.fields[std::size_t(field)]) + "\n";
}

void appendResponses(std::string& out, const std::string& metric, const std::vector<stats::Sample>& samples)
{
    out += "# HELP " + metric + " Responses by status class\n# TYPE " + metric + " counter\n";
    for (const stats::Sample& s : samples)
        for (int c = 0; c < 5; ++c)
            out += metric + "{" + labelText(s) + ",class=\"" + kClasses[c] + "\"} " +
                   std::to_string(s.fields[std::size_t(stats::Responses1xx + c)]) + "\n";
}

void appendLatency(std::string& out, const std::string& metric, const std::vector<stats::Sample>& samples)
{
    out += "# HELP " + metric + " Request duration\n# TYPE " + metric + " histogram\n";
    for (const stats::Sample& s : samples) {
        std::uint64_t cumulative = 0;
        for (std::size_t b = 0; b < stats::kBuckets; ++b) {
            cumulative += s.histogram[b];
            const std::string le = b < stats::kLatencyBoundsUs.size()
                                       ? std::to_string(double(stats::kLatencyBoundsUs[b]) / 1e6)
                                       : std::string("+Inf");
            out += metric + "_bucket{" + labelText(s) + ",le=\"" + le + "\"} " + std::to_string(cumulative) + "\n";
        }
        out += metric + "_count{" + labelText(s) + "} " + std::to_string(cumulative) + "\n";
    }
}

}  // namespace

std::string statsJson(const stats::Snapshot& snapshot)
{
    http::JsonWriter json(2);
    json.beginObject();
    for (const auto& [key, samples] : {std::pair{"listeners", &snapshot.listeners}, std::pair{"routes", &snapshot.routes},
                                       std::pair{"backends", &snapshot.backends}}) {
        json.key(key).beginArray();
        for (const stats::Sample& s : *samples)
            writeSample(json, s);
        json.endArray();
    }
    json.endObject();
    return json.text() + "\n";
}

std::string statsPrometheus(const stats::Snapshot& snapshot)
{
    std::string out;
    for (const auto& [prefix, samples] : {std::pair{"listener", &snapshot.listeners}, std::pair{"route", &snapshot.routes},
                                          std::pair{"backend", &snapshot.backends}}) {
        const std::string base = std::string("gateway_studio_") + prefix;
        appendFamily(out, base + "_requests_total", "counter", "Requests", *samples, stats::Requests);
        appendResponses(out, base + "_responses_total", *samples);
        appendFamily(out, base + "_bytes_in_total", "counter", "Request body bytes", *samples, stats::BytesIn);
        appendFamily(out, base + "_bytes_out_total", "counter", "Response body bytes", *samples, stats::BytesOut);
        appendLatency(out, base + "_request_duration_seconds", *samples);
    }
    appendFamily(out, "gateway_studio_listener_active_connections", "gauge", "Open client connections", snapshot.listeners,
                 stats::ActiveConnections);
    appendFamily(out, "gateway_studio_listener_connections_total", "counter", "Client connections", snapshot.listeners,
                 stats::ConnectionsTotal);
    appendFamily(out, "gateway_studio_listener_tls_handshakes_total", "counter", "Completed TLS handshakes", snapshot.listeners,
                 stats::TlsHandshakes);
    appendFamily(out, "gateway_studio_listener_tls_handshake_failures_total", "counter", "Failed TLS handshakes",
                 snapshot.listeners, stats::TlsHandshakeFailures);
    appendFamily(out, "gateway_studio_listener_not_routed_total", "counter",
                 "Requests no route took (404; gRPC UNIMPLEMENTED): no listener serves the Host, or no route matches", snapshot.listeners,
                 stats::NotRouted);
    appendFamily(out, "gateway_studio_backend_connections_opened_total", "counter", "Connections opened to the backend",
                 snapshot.backends, stats::UpstreamConnections);
    appendFamily(out, "gateway_studio_backend_connect_failures_total", "counter", "Refused or failed connections",
                 snapshot.backends, stats::UpstreamConnectFailures);
    appendFamily(out, "gateway_studio_backend_resets_total", "counter", "Connections reset by the backend",
                 snapshot.backends, stats::UpstreamResets);
    appendFamily(out, "gateway_studio_backend_timeouts_total", "counter", "Requests timed out", snapshot.backends,
                 stats::Timeouts);
    appendFamily(out, "gateway_studio_backend_retries_total", "counter", "Attempts made again under rules[].retry",
                 snapshot.backends, stats::Retries);
    return out;
}

AdminServer::AdminServer(const Gateway& gateway) : gateway_(gateway) {}

AdminServer::~AdminServer() { stop(); }

bool AdminServer::start(const std::string& host, std::uint16_t port, std::string& error)
{
    net::Address address;
    if (!net::Address::parse(host, port, address)) {
        error = "not an IP address: " + host;
        return false;
    }
    server_ = std::make_unique<http::SimpleServer>(
        loop_, [this](const http::SimpleServer::Request& r, http::SimpleServer::Respond respond) { handle(r, std::move(respond)); });
    if (!server_->listen(address, error)) {
        server_.reset();
        return false;
    }
    address_ = server_->address();
    thread_ = std::thread([this] { loop_.run(); });
    return true;
}

net::Address AdminServer::address() const { return address_; }

void AdminServer::setConfigText(std::string_view yaml) { setConfigText(PackedText(yaml)); }

void AdminServer::setConfigText(PackedText yaml)
{
    std::lock_guard lock(mutex_);
    configText_ = std::move(yaml);
}

void AdminServer::stop()
{
    if (!thread_.joinable())
        return;
    std::promise<void> done;
    loop_.post([this, &done] {
        server_.reset();
        done.set_value();
    });
    done.get_future().wait();
    loop_.stop();
    thread_.join();
}

// /logs?service=NS/NAME[&tail=N]: the request log of a Service's built-in echo replicas (what
// `kubectl logs` shows of the conformance echo pods: one "Echoing back request made to ..." line
// per request), the last N lines (100 by default, at most 4096), oldest first.
std::string AdminServer::logs(std::string_view query) const
{
    std::string service, tail = "100";
    for (const auto& [name, value] : http::parseQuery(query)) {
        if (name == "service")
            service = value;
        else if (name == "tail")
            tail = value;
    }
    const std::size_t slash = service.find('/');
    const bool tailOk = !tail.empty() && tail.size() <= 4 && tail.find_first_not_of("0123456789") == std::string::npos;
    if (slash == std::string::npos || slash == 0 || slash + 1 == service.size() || !tailOk)
        return http::simpleResponse(400, "text/plain", "usage: /logs?service=NAMESPACE/NAME[&tail=N] (N up to 4096)\n");
    const std::size_t limit = std::min<std::size_t>(std::stoul(tail), 4096);
    const std::vector<std::string> lines = gateway_.echoLog(service.substr(0, slash), service.substr(slash + 1));
    std::string body;
    for (std::size_t i = lines.size() > limit ? lines.size() - limit : 0; i < lines.size(); ++i)
        body += lines[i] + "\n";
    return http::simpleResponse(200, "text/plain", body);
}

void AdminServer::handle(const http::SimpleServer::Request& request, http::SimpleServer::Respond respond)
{
    const std::string_view path = request.head.path();
    if (request.head.method != "GET" && request.head.method != "HEAD") {
        respond(http::simpleResponse(405, "text/plain", "the admin endpoint answers GET only\n", {{"Allow", "GET, HEAD"}}));
        return;
    }
    if (path == "/healthz") {
        respond(http::simpleResponse(200, "text/plain", "ok\n"));
    } else if (path == "/stats") {
        respond(http::simpleResponse(200, "application/json", statsJson(gateway_.stats())));
    } else if (path == "/metrics") {
        respond(http::simpleResponse(200, "text/plain; version=0.0.4", statsPrometheus(gateway_.stats())));
    } else if (path == "/config") {
        PackedText packed;   // copied under the lock (small), inflated outside it
        {
            std::lock_guard lock(mutex_);
            packed = configText_;
        }
        respond(http::simpleResponse(200, "application/yaml", packed.text()));
    } else if (path == "/logs") {
        respond(logs(request.head.query()));
    } else {
        respond(http::simpleResponse(404, "text/plain", "admin endpoints: /stats /metrics /healthz /config /logs?service=NS/NAME\n"));
    }
}

}  // namespace gs::runtime

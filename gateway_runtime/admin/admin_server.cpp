#include "admin/admin_server.h"

#include <future>
#include <tuple>

#include "gateway.h"
#include "http/json_writer.h"
#include "http/grpc_status.h"
#include "http/route_table.h"
#include "stats/stat_fields.h"

namespace gs::runtime {

namespace {

using stats::Series;
using stats::StatField;

std::uint64_t fieldOf(const stats::Sample& s, stats::Field first, int offset = 0)
{
    return s.fields[std::size_t(first + offset)];
}

const char* grpcName(int code) { return http::grpcStatusName(http::GrpcStatus(code)); }

void writeField(http::JsonWriter& json, const stats::Sample& s, const StatField& f)
{
    json.key(f.jsonKey);
    switch (f.series) {
    case Series::One: json.value(fieldOf(s, f.field)); return;
    case Series::ByStatusClass:
        json.beginObject();
        for (int c = 0; c < int(stats::kStatusClasses.size()); ++c)
            json.key(stats::kStatusClasses[std::size_t(c)]).value(fieldOf(s, f.field, c));
        json.endObject();
        return;
    case Series::ByGrpcStatus:
        json.beginObject();
        for (int code = 0; code < http::kGrpcStatusCount; ++code)
            if (const std::uint64_t n = fieldOf(s, f.field, code))
                json.key(grpcName(code)).value(n);
        json.endObject();
        return;
    case Series::Latency:
        json.beginObject();
        json.key("p50").value(s.percentileMs(50));
        json.key("p90").value(s.percentileMs(90));
        json.key("p99").value(s.percentileMs(99));
        json.endObject();
        return;
    }
}

void writeSample(http::JsonWriter& json, const stats::Sample& s)
{
    json.beginObject();
    json.key("name").value(s.name);
    for (const auto& [k, v] : s.labels)
        json.key(k).value(v);
    for (const StatField& f : stats::kStatFields)
        if (stats::hasField(f.kinds, s.kind))
            writeField(json, s, f);
    json.endObject();
}

std::string labelText(const stats::Sample& s)
{
    std::string out = "name=\"" + s.name + "\"";
    for (const auto& [k, v] : s.labels)
        out += "," + k + "=\"" + v + "\"";
    return out;
}

void appendSeries(std::string& out, const std::string& metric, const stats::Sample& s, const StatField& f)
{
    const std::string labels = labelText(s);
    switch (f.series) {
    case Series::One: out += metric + "{" + labels + "} " + std::to_string(fieldOf(s, f.field)) + "\n"; return;
    case Series::ByStatusClass:
        for (int c = 0; c < int(stats::kStatusClasses.size()); ++c)
            out += metric + "{" + labels + ",class=\"" + stats::kStatusClasses[std::size_t(c)] + "\"} " +
                std::to_string(fieldOf(s, f.field, c)) + "\n";
        return;
    case Series::ByGrpcStatus:
        for (int code = 0; code < http::kGrpcStatusCount; ++code)
            if (const std::uint64_t n = fieldOf(s, f.field, code))
                out += metric + "{" + labels + ",code=\"" + grpcName(code) + "\"} " + std::to_string(n) + "\n";
        return;
    case Series::Latency: {
        std::uint64_t cumulative = 0;
        for (std::size_t b = 0; b < stats::kBuckets; ++b) {
            cumulative += s.histogram[b];
            const std::string le = b < stats::kLatencyBoundsUs.size() ? std::to_string(double(stats::kLatencyBoundsUs[b]) / 1e6)
                                                                      : std::string("+Inf");
            out += metric + "_bucket{" + labels + ",le=\"" + le + "\"} " + std::to_string(cumulative) + "\n";
        }
        out += metric + "_count{" + labels + "} " + std::to_string(cumulative) + "\n";
        return;
    }
    }
}

const char* prometheusType(const StatField& f)
{
    return f.series == Series::Latency ? "histogram" : f.gauge ? "gauge" : "counter";
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
    for (const auto& [kind, prefix, samples] : {std::tuple{stats::Kind::Listener, "listener", &snapshot.listeners},
                                                std::tuple{stats::Kind::Route, "route", &snapshot.routes},
                                                std::tuple{stats::Kind::Backend, "backend", &snapshot.backends}})
        for (const StatField& f : stats::kStatFields) {
            if (!stats::hasField(f.kinds, kind))
                continue;
            const std::string metric = std::string("gateway_studio_") + prefix + "_" + f.metric;
            out += "# HELP " + metric + " " + f.help + "\n# TYPE " + metric + " " + prometheusType(f) + "\n";
            for (const stats::Sample& s : *samples)
                appendSeries(out, metric, s, f);
        }
    return out;
}

AdminServer::AdminServer(const Gateway& gateway) : gateway_(gateway) { }

AdminServer::~AdminServer() { stop(); }

bool AdminServer::start(const std::string& host, std::uint16_t port, std::string& error)
{
    net::Address address;
    if (!net::Address::parse(host, port, address)) {
        error = "not an IP address: " + host;
        return false;
    }
    server_ = std::make_unique<http::SimpleServer>(
        loop_,
        [this](const http::SimpleServer::Request& r, http::SimpleServer::Respond respond) { handle(r, std::move(respond)); });
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
        PackedText packed;  // copied under the lock (small), inflated outside it
        {
            std::lock_guard lock(mutex_);
            packed = configText_;
        }
        respond(http::simpleResponse(200, "application/yaml", packed.text()));
    } else if (path == "/logs") {
        respond(logs(request.head.query()));
    } else {
        respond(
            http::simpleResponse(404, "text/plain", "admin endpoints: /stats /metrics /healthz /config /logs?service=NS/NAME\n"));
    }
}

}  // namespace gs::runtime

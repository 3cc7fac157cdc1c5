#pragma once
// The admin endpoint (loopback by default), on a thread of its own:
//   GET /stats    JSON: listeners[], routes[], backends[] with requests, responses by class,
//                 bytes, connections and latency percentiles
//   GET /metrics  the same in the Prometheus text format (gateway_studio_*)
//   GET /healthz  "ok"
//   GET /config   the current status as YAML (text the application provides)

#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "admin/packed_text.h"
#include "http/simple_server.h"
#include "net/event_loop.h"
#include "stats/stats.h"

namespace gs::runtime {

class Gateway;

class AdminServer {
public:
    explicit AdminServer(const Gateway& gateway);
    ~AdminServer();

    // Binds `host:port` (port 0 picks one). False and `error` when it cannot.
    bool start(const std::string& host, std::uint16_t port, std::string& error);
    net::Address address() const;
    // The text /config serves; kept deflated until asked for.
    void setConfigText(std::string_view yaml);
    void setConfigText(PackedText yaml);
    void stop();

private:
    void handle(const http::SimpleServer::Request& request, http::SimpleServer::Respond respond);
    std::string logs(std::string_view query) const;

    const Gateway& gateway_;
    net::EventLoop loop_;
    std::thread thread_;
    std::unique_ptr<http::SimpleServer> server_;
    mutable std::mutex mutex_;
    PackedText configText_;
    net::Address address_;
};

// The stats as /stats JSON and as Prometheus text.
std::string statsJson(const stats::Snapshot& snapshot);
std::string statsPrometheus(const stats::Snapshot& snapshot);

}  // namespace gs::runtime

#pragma once
// The embedded gateway: serves a RuntimeConfig on real sockets with a pool of worker threads,
// and runs the built-in echo backends on a thread of their own.
//
// apply() swaps in a new configuration atomically: it is compiled into an immutable snapshot and
// posted to every worker, and returns once each has it, so a request that starts afterwards sees
// it; requests in flight finish on the snapshot they started with; sockets of
// listeners that did not change stay open; new ones are bound before apply() returns, so a bind
// error (port in use) is reported to the caller, never swallowed.
//
// Threading: apply(), stop() and the accessors may be called from one controlling thread.

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "config/runtime_config.h"
#include "net/event_loop.h"
#include "proxy/snapshot.h"
#include "proxy/worker.h"
#include "stats/stats.h"

namespace gs::runtime {

namespace backends {
class EchoReplica;
}

struct GatewayOptions {
    int workers = 2;
    proxy::WorkerLimits limits;
    // Bind every listener on an ephemeral port instead of its servedPort (tests); the ports are
    // reported in ApplyResult.
    bool ephemeralPorts = false;
};

struct BoundListener {
    std::string name;  // "gateway/ns/gw/listener/http"
    config::Protocol protocol = config::Protocol::HTTP;
    std::string address;
    std::uint16_t port = 0;  // where it is served (the ephemeral port when so bound)
    bool ok = false;
    std::string error;  // "address already in use", ...
    // Route matches it serves as never matching (http::PatternError::text()); it serves the rest.
    std::vector<std::string> routeErrors;
};

struct ApplyResult {
    std::vector<BoundListener> listeners;
    bool ok() const;
};

class Gateway {
public:
    explicit Gateway(GatewayOptions options = {});
    ~Gateway();
    Gateway(const Gateway&) = delete;
    Gateway& operator=(const Gateway&) = delete;

    ApplyResult apply(std::shared_ptr<const config::RuntimeConfig> config);
    // Stops accepting, lets requests in flight finish for up to `drain`, stops every thread.
    void stop(std::chrono::milliseconds drain = std::chrono::seconds(5));

    stats::Snapshot stats() const { return registry_.snapshot(); }
    // Socket events the workers have handled so far (a busy loop shows as a runaway count).
    std::uint64_t eventsHandled() const;
    std::shared_ptr<const config::RuntimeConfig> config() const;
    // Where a listener's socket is (its key in the configuration → the port actually bound).
    std::uint16_t boundPort(const std::string& address, std::uint16_t servedPort) const;
    // The request log of a Service's echo replicas ("Echoing back request made to ...").
    std::vector<std::string> echoLog(const std::string& ns, const std::string& service) const;

private:
    struct EchoKey;
    void syncEchoServers(const config::RuntimeConfig& config);
    proxy::EndpointResolver resolver() const;
    void syncSockets(const proxy::Snapshot& snapshot, ApplyResult& result);

    GatewayOptions options_;
    stats::Registry registry_;
    std::vector<std::unique_ptr<proxy::Worker>> workers_;
    std::unique_ptr<net::EventLoop> backendLoop_;
    std::thread backendThread_;
    std::map<std::string, std::unique_ptr<backends::EchoReplica>> echo_;  // EchoReplica::key → replica
    std::map<proxy::SocketKey, std::pair<std::uint16_t, std::string>> sockets_;  // key → bound port, or error
    mutable std::mutex mutex_;
    std::shared_ptr<const proxy::Snapshot> snapshot_;
    bool stopped_ = false;
};

}  // namespace gs::runtime

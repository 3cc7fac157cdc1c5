#pragma once
// A configuration compiled for serving: route tables built, backends' endpoints resolved to
// socket addresses, weighted schedules laid out, stats counters attached. Immutable once built
// (apart from its atomic cursors) and shared by every worker through a shared_ptr; a request
// keeps the snapshot it started with, so a reload never changes a request in flight.

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "config/runtime_config.h"
#include "http/route_table.h"
#include "net/socket.h"
#include "proxy/weighted.h"
#include "stats/stats.h"
#include "tls/tls_context.h"

namespace gs::runtime::proxy {

struct TargetRuntime {
    const config::ServiceTarget* spec = nullptr;
    // Where requests go; empty: no endpoint (503). Targets with the same endpoints share one list
    // (10,000 routes to the same two Services hold two lists, not 20,000).
    std::shared_ptr<const std::vector<net::Address>> endpoints;
    stats::Counters* stats = nullptr;
    mutable std::atomic<std::uint64_t> nextEndpoint{0};
    // BackendTLSPolicy: the context that verifies the backend, or why it could not be made.
    std::shared_ptr<const tls::ClientContext> tls;
    std::string tlsError;
    bool h2c() const { return spec && spec->http2; }
    // The endpoint for the next request (round-robin), or nullptr.
    const net::Address* pickEndpoint() const;
};

struct BackendRuntime {
    const config::Backend* spec = nullptr;
    std::unique_ptr<TargetRuntime> target;
    std::vector<std::unique_ptr<TargetRuntime>> mirrors;  // per backendRef filter index, null for other filters
};

struct RouteRuntime {
    const config::RouteEntry* spec = nullptr;
    std::vector<BackendRuntime> backends;
    std::unique_ptr<WeightedSchedule> schedule;
    std::vector<std::unique_ptr<TargetRuntime>> mirrors;  // per filter index, null for other filters
    stats::Counters* stats = nullptr;  // of the rule
    mutable std::atomic<std::uint64_t> mirrorCount{0};
};

// A listener's compiled HTTPRoute (or GRPCRoute) entries: the table that picks an entry for a
// request, and what each entry does (same index). Listeners that hold one route list in the
// configuration (config::RouteList) share one set.
struct RouteSet {
    http::RouteTable table;
    std::vector<std::unique_ptr<RouteRuntime>> routes;
    std::vector<std::string> patternErrors;  // matches RE2 refused (they never match)
};

// A TLSRoute (chosen by SNI) or the TCPRoute/UDPRoute of a listener: weighted backends that
// receive whole connections (or datagram sessions).
struct StreamRouteRuntime {
    std::string name;  // "tlsroute/ns/name"
    std::vector<BackendRuntime> backends;
    std::unique_ptr<WeightedSchedule> schedule;
    stats::Counters* stats = nullptr;
};

struct ListenerRuntime {
    const config::Listener* spec = nullptr;
    const config::Gateway* gateway = nullptr;
    std::shared_ptr<const RouteSet> http;  // never null
    std::shared_ptr<const RouteSet> grpc;  // never null
    stats::Counters* stats = nullptr;
    // TLS listeners: the TLSRoutes, and every (route hostname → route index) pair for SNI lookup.
    std::vector<std::unique_ptr<StreamRouteRuntime>> tlsRoutes;
    std::vector<std::string> tlsHostnames;
    std::vector<std::size_t> tlsHostnameRoute;
    // TCP and UDP listeners: the route that carries their traffic.
    std::unique_ptr<StreamRouteRuntime> streamRoute;

    std::vector<const StreamRouteRuntime*> streamRoutes() const
    {
        std::vector<const StreamRouteRuntime*> out;
        for (const auto& r : tlsRoutes)
            out.push_back(r.get());
        if (streamRoute)
            out.push_back(streamRoute.get());
        return out;
    }
    // The TLSRoute an SNI goes to (the most specific hostname), or nullptr.
    const StreamRouteRuntime* tlsRouteFor(std::string_view serverName) const;
};

// What one socket serves: the listeners that share an address and port.
struct SocketKey {
    std::string address;
    std::uint16_t port = 0;
    bool udp = false;
    friend bool operator<(const SocketKey& a, const SocketKey& b)
    {
        return std::tie(a.address, a.port, a.udp) < std::tie(b.address, b.port, b.udp);
    }
    friend bool operator==(const SocketKey& a, const SocketKey& b) = default;
    std::string text() const { return address + ":" + std::to_string(port) + (udp ? "/udp" : ""); }
};

struct SocketGroup {
    SocketKey key;
    config::Protocol protocol = config::Protocol::HTTP;
    std::vector<const ListenerRuntime*> listeners;
    std::vector<std::string> hostnames;  // listeners[i]'s hostname, for selection
    // HTTPS, and TLS listeners that terminate: the SNI picks the listener and its certificate.
    std::shared_ptr<const tls::SniRouter> tls;
    // The listener a Host belongs to (listener isolation), or nullptr.
    const ListenerRuntime* select(std::string_view host) const;
};

struct Snapshot {
    std::shared_ptr<const config::RuntimeConfig> config;
    std::vector<std::unique_ptr<ListenerRuntime>> listeners;
    std::map<SocketKey, SocketGroup> groups;
    // Per Gateway: a port the spec names → the port served locally (redirects follow the mapping).
    std::map<std::string, std::map<std::uint16_t, std::uint16_t>> servedPorts;
    // Listeners whose certificates OpenSSL refused (listener name → why); they are not served.
    std::map<std::string, std::string> tlsErrors;
    // Route matches of a listener that can never match (a pattern RE2 refused: listener name →
    // what and why); the listener serves its other routes.
    std::map<std::string, std::vector<std::string>> routeErrors;

    const SocketGroup* group(const SocketKey& key) const;
    std::uint16_t servedPort(const std::string& gateway, std::uint16_t specPort) const;
};

// Where an endpoint of the configuration is served: the built-in echo replica's socket, or the
// bound local process. nullopt when it is not available.
using EndpointResolver =
    std::function<std::optional<net::Address>(const config::ServiceTarget& target, const config::Endpoint& endpoint)>;

std::shared_ptr<const Snapshot> buildSnapshot(std::shared_ptr<const config::RuntimeConfig> config,
                                              const EndpointResolver& resolve, stats::Registry& registry);

// The stats names of a rule ("httproute/ns/name/rule/0") from an entry name.
std::string ruleName(const std::string& entryName);

}  // namespace gs::runtime::proxy

#include "gateway.h"

#include <future>
#include <set>

#include "backends/echo_replica.h"

namespace gs::runtime {

namespace {

template <typename F> auto callOn(net::EventLoop& loop, F&& f) -> decltype(f())
{
    std::packaged_task<decltype(f())()> task(std::forward<F>(f));
    auto result = task.get_future();
    loop.post([&task] { task(); });
    return result.get();
}

// Every target (backend or mirror) of a configuration.
template <typename Fn> void forEachTarget(const config::RuntimeConfig& c, Fn fn)
{
    for (const config::Gateway& g : c.gateways)
        for (const config::Listener& l : g.listeners) {
            for (const auto* entries : {&l.httpRoutes, &l.grpcRoutes})
                for (const config::RouteEntry& e : *entries) {
                    for (const config::Backend& b : e.backends) {
                        fn(b.target);
                        for (const config::HttpFilter& f : b.filters)  // a backendRef's mirrors
                            if (f.type == config::HttpFilter::Type::RequestMirror)
                                fn(f.mirror.target);
                    }
                    for (const config::HttpFilter& f : e.filters)
                        if (f.type == config::HttpFilter::Type::RequestMirror)
                            fn(f.mirror.target);
                }
            for (const config::TlsRouteEntry& e : l.tlsRoutes)
                for (const config::Backend& b : e.backends)
                    fn(b.target);
            if (l.streamRoute)
                for (const config::Backend& b : l.streamRoute->backends)
                    fn(b.target);
        }
}

}  // namespace

bool ApplyResult::ok() const
{
    for (const BoundListener& l : listeners)
        if (!l.ok)
            return false;
    return true;
}

Gateway::Gateway(GatewayOptions options) : options_(options), registry_(std::max(1, options.workers))
{
    for (int i = 0; i < std::max(1, options.workers); ++i) {
        workers_.push_back(std::make_unique<proxy::Worker>(i, options.limits));
        workers_.back()->start();
    }
    backendLoop_ = std::make_unique<net::EventLoop>();
    backendThread_ = std::thread([this] { backendLoop_->run(); });
}

Gateway::~Gateway() { stop(std::chrono::milliseconds(0)); }

std::shared_ptr<const config::RuntimeConfig> Gateway::config() const
{
    std::lock_guard lock(mutex_);
    return snapshot_ ? snapshot_->config : nullptr;
}

void Gateway::syncEchoServers(const config::RuntimeConfig& c)
{
    struct Wanted {
        backends::EchoIdentity identity;
        const config::Endpoint* endpoint;
    };
    std::map<std::string, Wanted> wanted;
    forEachTarget(c, [&](const config::ServiceTarget& t) {
        for (const config::Endpoint& e : t.endpoints)
            if (e.kind == config::Endpoint::Kind::Echo)
                wanted[backends::EchoReplica::key(t.serviceNamespace, e)] = {{t.serviceNamespace, t.serviceName, e.name}, &e};
    });
    callOn(*backendLoop_, [&] {
        for (auto it = echo_.begin(); it != echo_.end();)
            it = wanted.count(it->first) ? std::next(it) : echo_.erase(it);
        net::Address loopback;
        net::Address::parse("127.0.0.1", 0, loopback);
        for (const auto& [key, w] : wanted) {
            auto& replica = echo_[key];
            std::string error;
            if (!replica)
                replica = backends::EchoReplica::start(*backendLoop_, loopback, w.identity, *w.endpoint, error);
            if (!replica) {
                echo_.erase(key);  // its endpoint resolves to nothing: 503 for its share
                continue;
            }
            replica->setFaults(w.endpoint->faults);
        }
        return 0;
    });
}

proxy::EndpointResolver Gateway::resolver() const
{
    return [this](const config::ServiceTarget& t, const config::Endpoint& e) -> std::optional<net::Address> {
        if (e.kind == config::Endpoint::Kind::Bound) {
            net::Address a;
            if (net::Address::parse(e.host, e.port, a))
                return a;
            return std::nullopt;
        }
        auto it = echo_.find(backends::EchoReplica::key(t.serviceNamespace, e));
        if (it == echo_.end())
            return std::nullopt;
        return it->second->address();
    };
}

void Gateway::syncSockets(const proxy::Snapshot& snapshot, ApplyResult& result)
{
    for (auto it = sockets_.begin(); it != sockets_.end();) {
        if (snapshot.groups.count(it->first)) {
            ++it;
            continue;
        }
        for (auto& w : workers_)
            w->dropSocket(it->first);
        it = sockets_.erase(it);
    }
    std::map<proxy::SocketKey, std::string> errors;
    for (const auto& [key, group] : snapshot.groups) {
        if (sockets_.count(key))
            continue;  // an open socket stays open
        net::Address address;
        if (!net::Address::parse(key.address, options_.ephemeralPorts ? 0 : key.port, address)) {
            errors[key] = "not an IP address: " + key.address;
            continue;
        }
        std::vector<int> fds;
        std::string error;
        // TCP: a socket per worker (SO_REUSEPORT spreads connections), or one shared through an fd
        // each where the kernel would not spread them (net/socket.h); UDP: one, on the first
        // worker, so that a client's datagrams meet its session.
        const std::size_t count = key.udp ? 1 : workers_.size();
        const bool share = net::workersShareListeningSocket();
        for (std::size_t i = 0; i < count; ++i) {
            const int fd = i > 0 && share
                ? net::shareListeningSocket(fds[0], error)
                : net::listenOn(address, key.udp ? net::Protocol::Udp : net::Protocol::Tcp, !key.udp && !share, error);
            if (fd < 0)
                break;
            if (i == 0)
                address = net::localAddress(fd);  // the port picked when binding port 0
            fds.push_back(fd);
        }
        if (fds.size() != count) {
            for (int fd : fds)
                net::closeFd(fd);
            errors[key] = error;
            continue;
        }
        for (std::size_t i = 0; i < count; ++i)
            workers_[i]->adoptSocket(key, fds[i]);
        sockets_[key] = {address.port(), {}};
    }
    for (const config::Gateway& g : snapshot.config->gateways)
        for (const config::Listener& l : g.listeners) {
            const proxy::SocketKey key{l.address, l.servedPort, l.protocol == config::Protocol::UDP};
            BoundListener b{l.name, l.protocol, l.address, l.servedPort, false, {}, {}};
            if (auto routeErrors = snapshot.routeErrors.find(l.name); routeErrors != snapshot.routeErrors.end())
                b.routeErrors = routeErrors->second;
            if (auto tlsError = snapshot.tlsErrors.find(l.name); tlsError != snapshot.tlsErrors.end()) {
                b.error = tlsError->second;
            } else if (auto it = sockets_.find(key); it != sockets_.end()) {
                b.port = it->second.first;
                b.ok = true;
            } else {
                b.error = errors.count(key) ? errors[key] : std::string("not served");
            }
            result.listeners.push_back(std::move(b));
        }
}

ApplyResult Gateway::apply(std::shared_ptr<const config::RuntimeConfig> config)
{
    syncEchoServers(*config);
    auto snapshot = proxy::buildSnapshot(config, resolver(), registry_);
    ApplyResult result;
    syncSockets(*snapshot, result);
    // Every worker has the new snapshot before apply() returns: the next request sees it.
    std::vector<std::future<void>> adopted;
    for (auto& w : workers_)
        adopted.push_back(w->setSnapshot(snapshot));
    for (auto& f : adopted)
        f.wait();
    std::lock_guard lock(mutex_);
    snapshot_ = std::move(snapshot);
    return result;
}

std::uint64_t Gateway::eventsHandled() const
{
    std::uint64_t total = 0;
    for (const auto& w : workers_)
        total += w->eventsHandled();
    return total;
}

std::uint16_t Gateway::boundPort(const std::string& address, std::uint16_t servedPort) const
{
    auto it = sockets_.find(proxy::SocketKey{address, servedPort, false});
    return it == sockets_.end() ? 0 : it->second.first;
}

std::vector<std::string> Gateway::echoLog(const std::string& ns, const std::string& service) const
{
    std::vector<std::string> out;
    callOn(*backendLoop_, [&] {
        for (const auto& [key, replica] : echo_)
            if (replica->identity().ns == ns && replica->identity().service == service)
                for (std::string& line : replica->requestLog())
                    out.push_back(std::move(line));
        return 0;
    });
    return out;
}

void Gateway::stop(std::chrono::milliseconds drain)
{
    if (stopped_)
        return;
    stopped_ = true;
    for (auto& w : workers_)
        w->beginStop(drain);
    for (auto& w : workers_)
        w->join();
    callOn(*backendLoop_, [this] {
        echo_.clear();
        return 0;
    });
    backendLoop_->stop();
    backendThread_.join();
}

}  // namespace gs::runtime

#include "proxy/snapshot.h"

#include <unordered_set>

namespace gs::runtime::proxy {

namespace {

std::unique_ptr<TargetRuntime> compileTarget(const config::ServiceTarget& spec, const std::string& route,
                                             const EndpointResolver& resolve, stats::Registry& registry)
{
    auto t = std::make_unique<TargetRuntime>();
    t->spec = &spec;
    for (const config::Endpoint& e : spec.endpoints)
        if (auto address = resolve(spec, e))
            t->endpoints.push_back(*address);
    t->stats = registry.get(stats::Kind::Backend, spec.name,
                            {{"namespace", spec.serviceNamespace},
                             {"service", spec.serviceName},
                             {"port", std::to_string(spec.servicePort)},
                             {"route", route}});
    return t;
}

std::unique_ptr<RouteRuntime> compileRoute(const config::RouteEntry& entry, const EndpointResolver& resolve,
                                           stats::Registry& registry)
{
    auto r = std::make_unique<RouteRuntime>();
    r->spec = &entry;
    const std::string rule = ruleName(entry.name);
    std::vector<std::uint32_t> weights;
    for (const config::Backend& b : entry.backends) {
        r->backends.push_back({&b, compileTarget(b.target, rule, resolve, registry)});
        weights.push_back(b.weight);
    }
    r->schedule = std::make_unique<WeightedSchedule>(weights);
    r->mirrors.resize(entry.filters.size());
    for (std::size_t i = 0; i < entry.filters.size(); ++i)
        if (entry.filters[i].type == config::HttpFilter::Type::RequestMirror)
            r->mirrors[i] = compileTarget(entry.filters[i].mirror.target, rule, resolve, registry);
    r->stats = registry.get(stats::Kind::Route, rule,
                            {{"kind", entry.routeKind}, {"namespace", entry.routeNamespace}, {"route", entry.routeName}});
    return r;
}

}  // namespace

std::string ruleName(const std::string& entryName)
{
    const std::size_t at = entryName.rfind("/match/");
    return at == std::string::npos ? entryName : entryName.substr(0, at);
}

const net::Address* TargetRuntime::pickEndpoint() const
{
    if (endpoints.empty())
        return nullptr;
    return &endpoints[nextEndpoint.fetch_add(1, std::memory_order_relaxed) % endpoints.size()];
}

const ListenerRuntime* SocketGroup::select(std::string_view host) const
{
    const int i = http::selectByHostname(hostnames, host);
    return i < 0 ? nullptr : listeners[std::size_t(i)];
}

const SocketGroup* Snapshot::group(const SocketKey& key) const
{
    auto it = groups.find(key);
    return it == groups.end() ? nullptr : &it->second;
}

std::uint16_t Snapshot::servedPort(const std::string& gateway, std::uint16_t specPort) const
{
    auto g = servedPorts.find(gateway);
    if (g == servedPorts.end())
        return specPort;
    auto p = g->second.find(specPort);
    return p == g->second.end() ? specPort : p->second;
}

std::shared_ptr<const Snapshot> buildSnapshot(std::shared_ptr<const config::RuntimeConfig> config,
                                              const EndpointResolver& resolve, stats::Registry& registry)
{
    auto snapshot = std::make_shared<Snapshot>();
    snapshot->config = config;
    std::vector<const stats::Counters*> active;
    for (const config::Gateway& g : config->gateways) {
        for (const config::Listener& l : g.listeners) {
            auto lr = std::make_unique<ListenerRuntime>();
            lr->spec = &l;
            lr->gateway = &g;
            lr->httpTable = http::RouteTable(l.httpRoutes);
            lr->grpcTable = http::RouteTable(l.grpcRoutes);
            for (const config::RouteEntry& e : l.httpRoutes)
                lr->httpRoutes.push_back(compileRoute(e, resolve, registry));
            for (const config::RouteEntry& e : l.grpcRoutes)
                lr->grpcRoutes.push_back(compileRoute(e, resolve, registry));
            lr->stats = registry.get(stats::Kind::Listener, l.name,
                                     {{"gateway", g.gatewayNamespace + "/" + g.gatewayName}, {"listener", l.listenerName}});
            active.push_back(lr->stats);
            for (const auto* routes : {&lr->httpRoutes, &lr->grpcRoutes})
                for (const auto& r : *routes) {
                    active.push_back(r->stats);
                    for (const BackendRuntime& b : r->backends)
                        active.push_back(b.target->stats);
                }
            const SocketKey key{l.address, l.servedPort, l.protocol == config::Protocol::UDP};
            SocketGroup& group = snapshot->groups[key];
            group.key = key;
            group.protocol = l.protocol;
            group.listeners.push_back(lr.get());
            group.hostnames.push_back(l.hostname);
            snapshot->servedPorts[g.name][l.port] = l.servedPort;
            snapshot->listeners.push_back(std::move(lr));
        }
    }
    std::unordered_set<const stats::Counters*> seen;
    std::vector<const stats::Counters*> unique;
    for (const stats::Counters* c : active)
        if (seen.insert(c).second)
            unique.push_back(c);
    registry.setActive(unique);
    return snapshot;
}

}  // namespace gs::runtime::proxy

#include "proxy/snapshot.h"

#include "config/element_names.h"

#include <unordered_set>

namespace gs::runtime::proxy {

namespace {

// Equal endpoint lists, shared within one snapshot.
class EndpointLists {
public:
    std::shared_ptr<const std::vector<net::Address>> intern(std::vector<net::Address> addresses)
    {
        std::string key;
        for (const net::Address& a : addresses)
            key.append(a.bytes()).push_back('\0');
        auto& slot = lists_[key];
        if (!slot)
            slot = std::make_shared<const std::vector<net::Address>>(std::move(addresses));
        return slot;
    }

private:
    std::unordered_map<std::string, std::shared_ptr<const std::vector<net::Address>>> lists_;
};

// A backend's TLS client context (or why there is none), one per BackendTLSPolicy setting: the
// targets of one Service share their `tls` settings, so 10,000 routes to it make one OpenSSL
// context (with the system CA store loaded once), not 10,000.
class ClientContexts {
public:
    struct Entry {
        std::shared_ptr<const tls::ClientContext> context;
        std::string error;
    };
    const Entry& get(const config::BackendTls& settings)
    {
        auto [it, added] = entries_.try_emplace(&settings);
        if (added) {
            std::optional<tls::CertificatePem> certificate;
            if (settings.clientCertificate)
                certificate = tls::CertificatePem{settings.clientCertificate->name, settings.clientCertificate->certificatePem,
                                                  settings.clientCertificate->privateKeyPem};
            it->second.context = tls::ClientContext::create(settings.caCertificatesPem, settings.useSystemCertificates,
                                                            it->second.error, certificate ? &*certificate : nullptr);
            if (!it->second.context && it->second.error.empty())
                it->second.error = "the CA certificates cannot be used";
        }
        return it->second;
    }

private:
    std::unordered_map<const config::BackendTls*, Entry> entries_;  // the settings outlive the build
};

// What compiling a target needs besides its spec: where endpoints are, and what is shared so far.
struct TargetCompiler {
    const EndpointResolver& resolve;
    EndpointLists lists;
    ClientContexts tls;
};

// `mirror`: the target of a RequestMirror filter, labelled so in /stats and /metrics.
std::unique_ptr<TargetRuntime> compileTarget(const config::ServiceTarget& spec, const std::string& route, TargetCompiler& targets,
                                             stats::Registry& registry, bool mirror = false)
{
    auto t = std::make_unique<TargetRuntime>();
    t->spec = &spec;
    std::vector<net::Address> addresses;
    for (const config::Endpoint& e : spec.endpoints)
        if (auto address = targets.resolve(spec, e))
            addresses.push_back(*address);
    t->endpoints = targets.lists.intern(std::move(addresses));
    if (spec.tls) {
        const ClientContexts::Entry& tls = targets.tls.get(*spec.tls);
        t->tls = tls.context;
        t->tlsError = tls.error;
    }
    std::map<std::string, std::string> labels{{"namespace", spec.serviceNamespace},
                                              {"service", spec.serviceName},
                                              {"port", std::to_string(spec.servicePort)},
                                              {"route", route}};
    if (mirror)
        labels["mirror"] = "true";
    t->stats = registry.get(stats::Kind::Backend, spec.name, labels);
    return t;
}

std::unique_ptr<RouteRuntime> compileRoute(const config::RouteEntry& entry, TargetCompiler& targets, stats::Registry& registry)
{
    auto r = std::make_unique<RouteRuntime>();
    r->spec = &entry;
    const std::string rule = ruleName(entry.name);
    std::vector<std::uint32_t> weights;
    for (const config::Backend& b : entry.backends) {
        BackendRuntime backend{&b, compileTarget(b.target, rule, targets, registry), {}};
        backend.mirrors.resize(b.filters.size());
        for (std::size_t i = 0; i < b.filters.size(); ++i)
            if (b.filters[i].type == config::HttpFilter::Type::RequestMirror)
                backend.mirrors[i] = compileTarget(b.filters[i].mirror.target, rule, targets, registry, true);
        r->backends.push_back(std::move(backend));
        weights.push_back(b.weight);
    }
    r->schedule = std::make_unique<WeightedSchedule>(weights);
    r->mirrors.resize(entry.filters.size());
    for (std::size_t i = 0; i < entry.filters.size(); ++i)
        if (entry.filters[i].type == config::HttpFilter::Type::RequestMirror)
            r->mirrors[i] = compileTarget(entry.filters[i].mirror.target, rule, targets, registry, true);
    r->stats = registry.get(stats::Kind::Route, rule,
                            {{"kind", entry.routeKind}, {"namespace", entry.routeNamespace}, {"route", entry.routeName}});
    return r;
}

// Route lists compiled so far in one build, by list identity: a list that listeners share is
// compiled once.
class RouteSets {
public:
    std::shared_ptr<const RouteSet> get(const config::RouteList& list, TargetCompiler& targets, stats::Registry& registry)
    {
        auto& slot = sets_[list.identity()];
        if (!slot) {
            auto set = std::make_shared<RouteSet>();
            std::vector<http::PatternError> errors;
            set->table = http::RouteTable::build(list.items(), errors);
            for (const http::PatternError& e : errors)
                set->patternErrors.push_back(e.text());
            set->routes.reserve(list.size());
            for (const config::RouteEntry& e : list)
                set->routes.push_back(compileRoute(e, targets, registry));
            slot = std::move(set);
        }
        return slot;
    }

private:
    std::unordered_map<const void*, std::shared_ptr<const RouteSet>> sets_;  // the lists outlive the build
};

// The SNI routers of the ports that terminate TLS; a listener whose certificates cannot be used
// gets no context (its handshakes fail) and an entry in tlsErrors.
void buildTls(Snapshot& snapshot)
{
    for (auto& [key, group] : snapshot.groups) {
        if (group.protocol != config::Protocol::HTTPS && group.protocol != config::Protocol::TLS)
            continue;
        std::vector<std::shared_ptr<tls::ServerContext>> contexts;
        bool any = false, verifiesClients = false;
        for (const ListenerRuntime* l : group.listeners) {
            std::shared_ptr<tls::ServerContext> context;
            if (l->spec->tlsMode == config::TlsMode::Terminate) {
                std::vector<tls::CertificatePem> pems;
                for (const config::Certificate& c : l->spec->certificates)
                    pems.push_back({c.name, c.certificatePem, c.privateKeyPem});
                const std::vector<std::string> alpn = group.protocol == config::Protocol::HTTPS
                    ? std::vector<std::string>{"h2", "http/1.1"}
                    : std::vector<std::string>{};
                std::string error;
                std::optional<tls::ClientVerification> clients;
                if (l->spec->clientValidation)
                    clients = tls::ClientVerification{l->spec->clientValidation->caCertificatesPem,
                                                      l->spec->clientValidation->allowInsecureFallback
                                                          ? tls::ClientVerification::Mode::AcceptAny
                                                          : tls::ClientVerification::Mode::Require};
                context = tls::ServerContext::create(pems, alpn, error, clients ? &*clients : nullptr);
                if (!context)
                    snapshot.tlsErrors[l->spec->name] = error;
            }
            any = any || context;
            verifiesClients = verifiesClients || l->spec->clientValidation.has_value();
            contexts.push_back(std::move(context));
        }
        if (verifiesClients)
            for (const auto& c : contexts)
                if (c)
                    c->disableResumption();
        if (any)
            group.tls = std::make_shared<tls::SniRouter>(group.hostnames, std::move(contexts));
    }
}

std::unique_ptr<StreamRouteRuntime> compileStreamRoute(const std::string& name, const std::string& kind,
                                                       const std::vector<config::Backend>& backends, TargetCompiler& targets,
                                                       stats::Registry& registry)
{
    auto r = std::make_unique<StreamRouteRuntime>();
    r->name = name;
    std::vector<std::uint32_t> weights;
    for (const config::Backend& b : backends) {
        r->backends.push_back({&b, compileTarget(b.target, name, targets, registry)});
        weights.push_back(b.weight);
    }
    r->schedule = std::make_unique<WeightedSchedule>(weights);
    const std::size_t slash = name.find('/'), second = name.find('/', slash + 1);
    r->stats = registry.get(
        stats::Kind::Route, name,
        {{"kind", kind}, {"namespace", name.substr(slash + 1, second - slash - 1)}, {"route", name.substr(second + 1)}});
    return r;
}

void compileStreamRoutes(const config::Listener& l, ListenerRuntime& lr, TargetCompiler& targets, stats::Registry& registry)
{
    for (const config::TlsRouteEntry& e : l.tlsRoutes) {
        for (const std::string& h : e.hostnames) {
            lr.tlsHostnames.push_back(h);
            lr.tlsHostnameRoute.push_back(lr.tlsRoutes.size());
        }
        lr.tlsRoutes.push_back(compileStreamRoute(e.name, "TLSRoute", e.backends, targets, registry));
    }
    if (l.streamRoute)
        lr.streamRoute = compileStreamRoute(l.streamRoute->name, l.protocol == config::Protocol::UDP ? "UDPRoute" : "TCPRoute",
                                            l.streamRoute->backends, targets, registry);
}

}  // namespace

const StreamRouteRuntime* ListenerRuntime::tlsRouteFor(std::string_view serverName) const
{
    const int i = http::selectByHostname(tlsHostnames, serverName);
    return i < 0 ? nullptr : tlsRoutes[tlsHostnameRoute[std::size_t(i)]].get();
}

std::string ruleName(const std::string& entryName) { return std::string(config::names::ruleOfMatch(entryName)); }

const net::Address* TargetRuntime::pickEndpoint() const
{
    if (!endpoints || endpoints->empty())
        return nullptr;
    return &(*endpoints)[nextEndpoint.fetch_add(1, std::memory_order_relaxed) % endpoints->size()];
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
    TargetCompiler targets{resolve, {}};
    RouteSets routeSets;
    for (const config::Gateway& g : config->gateways) {
        for (const config::Listener& l : g.listeners) {
            auto lr = std::make_unique<ListenerRuntime>();
            lr->spec = &l;
            lr->gateway = &g;
            lr->http = routeSets.get(l.httpRoutes, targets, registry);
            lr->grpc = routeSets.get(l.grpcRoutes, targets, registry);
            for (const RouteSet* set : {lr->http.get(), lr->grpc.get()})
                for (const std::string& e : set->patternErrors)
                    snapshot->routeErrors[l.name].push_back(e);
            compileStreamRoutes(l, *lr, targets, registry);
            lr->stats = registry.get(stats::Kind::Listener, l.name,
                                     {{"gateway", g.gatewayNamespace + "/" + g.gatewayName}, {"listener", l.listenerName}});
            active.push_back(lr->stats);
            for (const RouteSet* set : {lr->http.get(), lr->grpc.get()})
                for (const auto& r : set->routes) {
                    active.push_back(r->stats);
                    for (const BackendRuntime& b : r->backends) {
                        active.push_back(b.target->stats);
                        for (const auto& mirror : b.mirrors)
                            if (mirror)
                                active.push_back(mirror->stats);
                    }
                    for (const auto& mirror : r->mirrors)
                        if (mirror)
                            active.push_back(mirror->stats);
                }
            for (const StreamRouteRuntime* r : lr->streamRoutes()) {
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
            if (l.protocol != config::Protocol::UDP)  // a redirect never leads to a UDP port
                snapshot->servedPorts[g.name][l.port] = l.servedPort;
            snapshot->listeners.push_back(std::move(lr));
        }
    }
    buildTls(*snapshot);
    std::unordered_set<const stats::Counters*> seen;
    std::vector<const stats::Counters*> unique;
    for (const stats::Counters* c : active)
        if (seen.insert(c).second)
            unique.push_back(c);
    registry.setActive(unique);
    return snapshot;
}

}  // namespace gs::runtime::proxy

// The runtime configuration: every programmed listener with its attached routes, intersected,
// filtered, resolved and sorted by precedence (translator.h, precedence.h).

#include <algorithm>
#include <cctype>

#include "controller/backends.h"
#include "config/element_names.h"
#include "controller/precedence.h"
#include "gateway_duration.h"

namespace gs::model::translation {

namespace {

namespace cfg = runtime::config;

cfg::Protocol protocolOf(const std::string& p)
{
    if (p == "HTTPS")
        return cfg::Protocol::HTTPS;
    if (p == "TLS")
        return cfg::Protocol::TLS;
    if (p == "TCP")
        return cfg::Protocol::TCP;
    if (p == "UDP")
        return cfg::Protocol::UDP;
    return cfg::Protocol::HTTP;
}

cfg::HeaderModifier convertHeaders(const api::HeaderModifier& m)
{
    cfg::HeaderModifier out;
    for (const auto& [name, value] : m.set)
        out.set.push_back({name, value});
    for (const auto& [name, value] : m.add)
        out.add.push_back({name, value});
    out.remove = m.remove;
    return out;
}

std::optional<cfg::PathModifier> convertPath(const std::optional<api::PathModifier>& p)
{
    if (!p)
        return std::nullopt;
    return cfg::PathModifier{p->type == "ReplacePrefixMatch" ? cfg::PathModifier::Type::ReplacePrefixMatch
                                                             : cfg::PathModifier::Type::ReplaceFullPath,
                             p->value};
}

// Redirect port rules (SPEC-NOTES §5): an explicit port; else the scheme's well-known port; else
// none here, and the data plane uses the listener's port.
cfg::Redirect convertRedirect(const api::Filter& f)
{
    cfg::Redirect r;
    r.scheme = f.scheme;
    r.hostname = f.hostname;
    if (f.port)
        r.port = std::uint16_t(*f.port);
    else if (f.scheme)
        r.port = *f.scheme == "https" ? 443 : 80;
    r.path = convertPath(f.path);
    r.statusCode = int(f.statusCode);
    return r;
}

class RouteCompiler {
public:
    RouteCompiler(const State& state, const api::Route& route) : state_(state), route_(route) { }

    std::vector<cfg::HttpFilter> filters(const std::vector<api::Filter>& in, const std::string& where) const
    {
        std::vector<cfg::HttpFilter> out;
        for (std::size_t i = 0; i < in.size(); ++i)
            out.push_back(filter(in[i], where + "/filter/" + std::to_string(i)));
        return out;
    }

    std::vector<cfg::Backend> backends(const api::Rule& rule, std::size_t ruleIndex) const
    {
        std::vector<cfg::Backend> out;
        const std::string rulePath = cfg::names::rule(routeElementName(route_), ruleIndex);
        for (std::size_t b = 0; b < rule.backendRefs.size(); ++b) {
            const api::BackendRef& ref = rule.backendRefs[b];
            cfg::Backend backend;
            backend.target.name = cfg::names::backend(rulePath, int(b));
            resolveTarget(state_, route_, ref.ref,
                          "rules[" + std::to_string(ruleIndex) + "].backendRefs[" + std::to_string(b) + "]", backend.target);
            backend.weight = std::uint32_t(std::max<std::int64_t>(0, ref.ref.weight));
            backend.filters = filters(ref.filters, backend.target.name);
            out.push_back(std::move(backend));
        }
        return out;
    }

private:
    cfg::HttpFilter filter(const api::Filter& f, const std::string& name) const
    {
        cfg::HttpFilter out;
        if (f.type == "RequestHeaderModifier" || f.type == "ResponseHeaderModifier") {
            out.type = f.type == "RequestHeaderModifier" ? cfg::HttpFilter::Type::RequestHeaderModifier
                                                         : cfg::HttpFilter::Type::ResponseHeaderModifier;
            out.headers = convertHeaders(f.headers);
        } else if (f.type == "RequestRedirect") {
            out.type = cfg::HttpFilter::Type::RequestRedirect;
            out.redirect = convertRedirect(f);
        } else if (f.type == "URLRewrite") {
            out.type = cfg::HttpFilter::Type::URLRewrite;
            out.rewrite = {f.hostname, convertPath(f.path)};
        } else if (f.type == "RequestMirror" && f.mirrorBackend) {
            out.type = cfg::HttpFilter::Type::RequestMirror;
            out.mirror.target.name = name + "/mirror";
            resolveTarget(state_, route_, *f.mirrorBackend, "mirror", out.mirror.target);
            if (f.mirrorPercent) {
                out.mirror.numerator = std::uint32_t(*f.mirrorPercent);
                out.mirror.denominator = 100;
            } else if (f.mirrorFraction) {
                out.mirror.numerator = std::uint32_t(f.mirrorFraction->first);
                out.mirror.denominator = std::uint32_t(f.mirrorFraction->second);
            }
        } else if (f.type == "CORS") {
            out.type = cfg::HttpFilter::Type::CORS;
            out.cors = {f.allowOrigins, f.allowMethods, f.allowHeaders, f.exposeHeaders, f.allowCredentials, int(f.maxAge)};
        } else {
            out.type = cfg::HttpFilter::Type::Unsupported;
            out.unsupportedReason = f.type + " filter is not supported by the local gateway";
        }
        return out;
    }

    const State& state_;
    const api::Route& route_;
};

cfg::ValueMatch valueMatch(const api::HeaderMatch& h)
{
    return {h.type == "RegularExpression" ? cfg::ValueMatch::Type::RegularExpression : cfg::ValueMatch::Type::Exact, h.name,
            h.value};
}

cfg::HttpMatch httpMatch(const api::HttpMatch& m)
{
    cfg::HttpMatch out;
    out.path.type = m.path.type == "Exact"   ? cfg::PathMatch::Type::Exact
        : m.path.type == "RegularExpression" ? cfg::PathMatch::Type::RegularExpression
                                             : cfg::PathMatch::Type::PathPrefix;
    out.path.value = m.path.value;
    for (const api::HeaderMatch& h : m.headers)
        out.headers.push_back(valueMatch(h));
    for (const api::HeaderMatch& q : m.queryParams)
        out.queryParams.push_back(valueMatch(q));
    out.method = m.method.value_or("");
    return out;
}

std::string regexQuote(const std::string& s)
{
    std::string out;
    for (char c : s) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_')
            out += '\\';
        out += c;
    }
    return out;
}

// GRPCRoute method matches become :path matches (`/service/method`).
cfg::HttpMatch grpcMatch(const api::GrpcMatch& m)
{
    cfg::HttpMatch out;
    out.method = "POST";
    for (const api::HeaderMatch& h : m.headers)
        out.headers.push_back(valueMatch(h));
    if (!m.method)
        return out;
    const api::GrpcMethodMatch& g = *m.method;
    if (g.type == "RegularExpression") {
        out.path = {cfg::PathMatch::Type::RegularExpression,
                    "/(" + g.service.value_or("[^/]+") + ")/(" + g.method.value_or("[^/]+") + ")"};
    } else if (g.service && g.method) {
        out.path = {cfg::PathMatch::Type::Exact, "/" + *g.service + "/" + *g.method};
    } else if (g.service) {
        out.path = {cfg::PathMatch::Type::PathPrefix, "/" + *g.service};
    } else if (g.method) {
        out.path = {cfg::PathMatch::Type::RegularExpression, "/[^/]+/" + regexQuote(*g.method)};
    }
    return out;
}

cfg::Timeouts timeouts(const api::Rule& rule)
{
    cfg::Timeouts t;
    if (rule.requestTimeout)
        t.requestMs = parseGatewayDuration(*rule.requestTimeout);
    if (rule.backendRequestTimeout)
        t.backendRequestMs = parseGatewayDuration(*rule.backendRequestTimeout);
    return t;
}

// rules[].retry. Unset attempts and backoff are the implementation's choice (GEP-1731): one retry,
// 25 ms apart, as Envoy does.
std::optional<cfg::Retry> retryOf(const api::Rule& rule)
{
    if (!rule.retry)
        return std::nullopt;
    cfg::Retry r;
    for (std::int64_t code : rule.retry->codes)
        r.codes.push_back(int(code));
    if (rule.retry->attempts)
        r.attempts = int(std::clamp<std::int64_t>(*rule.retry->attempts, 1, 100));
    if (rule.retry->backoff)
        if (auto ms = parseGatewayDuration(*rule.retry->backoff))
            r.backoffMs = *ms;
    return r;
}

struct Sortable {
    HttpPrecedence http;
    GrpcPrecedence grpc;
    cfg::RouteEntry entry;
};

void addRouteEntries(const State& state, const Attachment& a, std::vector<Sortable>& http, std::vector<Sortable>& grpc)
{
    const api::Route& route = *a.route;
    const Object& o = *route.object;
    const RouteResolution& resolution = state.resolutions.at(&route);
    const RouteCompiler compiler(state, route);
    const CreationOrder created = CreationOrder::of(o);
    const bool isGrpc = route.kind == "GRPCRoute";
    for (std::size_t r = 0; r < route.rules.size(); ++r) {
        if (resolution.droppedRules[r])
            continue;
        const api::Rule& rule = route.rules[r];
        const std::string rulePath = cfg::names::rule(routeElementName(route), int(r));
        cfg::RouteEntry base;
        base.routeKind = route.kind;
        base.routeNamespace = o.id.ns;
        base.routeName = o.id.name;
        base.ruleIndex = int(r);
        base.ruleName = rule.name.value_or("");
        base.filters = compiler.filters(rule.filters, rulePath);
        base.backends = compiler.backends(rule, r);
        base.timeouts = timeouts(rule);
        base.retry = retryOf(rule);
        const std::size_t matches = std::max<std::size_t>(1, isGrpc ? rule.grpcMatches.size() : rule.httpMatches.size());
        for (const std::string& hostname : a.hostnames)
            for (std::size_t m = 0; m < matches; ++m) {
                Sortable s;
                s.entry = base;
                s.entry.name = cfg::names::match(rulePath, int(m));
                s.entry.hostname = hostname;
                if (isGrpc) {
                    const api::GrpcMatch match = m < rule.grpcMatches.size() ? rule.grpcMatches[m] : api::GrpcMatch{};
                    s.entry.match = grpcMatch(match);
                    const auto& method = match.method;
                    s.grpc = {exactHostLength(hostname),
                              hostname.size(),
                              method && method->service ? method->service->size() : 0,
                              method && method->method ? method->method->size() : 0,
                              match.headers.size(),
                              created,
                              keyOf(o),
                              r,
                              m};
                    grpc.push_back(std::move(s));
                } else {
                    const api::HttpMatch match = m < rule.httpMatches.size() ? rule.httpMatches[m] : api::HttpMatch{};
                    s.entry.match = httpMatch(match);
                    const int rank = match.path.type == "Exact" ? 0 : match.path.type == "PathPrefix" ? 1 : 2;
                    s.http = {exactHostLength(hostname),
                              hostname.size(),
                              rank,
                              rank == 1 ? prefixLength(match.path.value) : match.path.value.size(),
                              match.method.has_value(),
                              match.headers.size(),
                              match.queryParams.size(),
                              created,
                              keyOf(o),
                              r,
                              m};
                    http.push_back(std::move(s));
                }
            }
    }
}

void addTlsRoute(const State& state, const Attachment& a, cfg::Listener& out)
{
    const api::Route& route = *a.route;
    cfg::TlsRouteEntry e;
    e.name = routeElementName(route);
    e.hostnames = a.hostnames;
    if (!route.rules.empty())
        e.backends = RouteCompiler(state, route).backends(route.rules[0], 0);
    out.tlsRoutes.push_back(std::move(e));
}

// TCPRoute and UDPRoute: several may attach to one listener, but only the oldest carries traffic
// (SPEC-NOTES §1, TCPRouteMultipleRoutesAttachment).
void setStreamRoute(const State& state, const std::vector<const Attachment*>& attached, cfg::Listener& out)
{
    const Attachment* oldest = nullptr;
    for (const Attachment* a : attached)
        if (!oldest || CreationOrder::of(*a->route->object) < CreationOrder::of(*oldest->route->object))
            oldest = a;
    if (!oldest || oldest->route->rules.empty())
        return;
    out.streamRoute = cfg::StreamRoute{routeElementName(*oldest->route),
                                       RouteCompiler(state, *oldest->route).backends(oldest->route->rules[0], 0)};
}

// The Gateway's spec.tls.backend client certificate goes with every TLS connection to a backend
// from this Gateway: its targets get a copy of the BackendTLSPolicy settings (one per policy per
// Gateway) that carries it.
void presentClientCertificate(const GatewayState& g, cfg::Listener& out)
{
    if (!g.backendClientCertificate)
        return;
    auto withCertificate = [&g](cfg::ServiceTarget& target) {
        if (!target.tls)
            return;
        auto& copy = g.backendTlsWithClient[target.tls.get()];
        if (!copy) {
            cfg::BackendTls tls = *target.tls;
            tls.clientCertificate = g.backendClientCertificate;
            copy = std::make_shared<const cfg::BackendTls>(std::move(tls));
        }
        target.tls = copy;
    };
    for (auto* entries : {&out.httpRoutes, &out.grpcRoutes})
        for (cfg::RouteEntry& e : entries->edit()) {
            for (cfg::Backend& b : e.backends) {
                withCertificate(b.target);
                for (cfg::HttpFilter& f : b.filters)
                    withCertificate(f.mirror.target);
            }
            for (cfg::HttpFilter& f : e.filters)
                withCertificate(f.mirror.target);
        }
}

cfg::Listener compileListener(const State& state, const GatewayState& g, const ListenerState& l,
                              const std::vector<const Attachment*>& attached)
{
    cfg::Listener out;
    out.name = cfg::names::listener(cfg::names::object(l.ownerKind, l.ownerNamespace, l.ownerName), l.spec.name);
    out.gatewayNamespace = g.spec->object->id.ns;
    out.gatewayName = g.spec->object->id.name;
    out.listenerName = l.spec.name;
    out.protocol = protocolOf(l.spec.protocol);
    out.address = g.address;
    out.port = std::uint16_t(l.spec.port);
    out.servedPort = l.servedPort;
    out.hostname = l.spec.hostname.value_or("");
    if (l.spec.protocol == "HTTPS" || l.spec.protocol == "TLS")
        out.tlsMode = l.spec.tlsMode.value_or("Terminate") == "Passthrough" ? cfg::TlsMode::Passthrough : cfg::TlsMode::Terminate;
    out.certificates = l.certificates;
    out.clientValidation = l.clientValidation;
    std::vector<Sortable> http, grpc;
    std::vector<const Attachment*> streams;
    for (const Attachment* a : attached) {
        const std::string& kind = a->route->kind;
        if (kind == "HTTPRoute" || kind == "GRPCRoute")
            addRouteEntries(state, *a, http, grpc);
        else if (kind == "TLSRoute")
            addTlsRoute(state, *a, out);
        else
            streams.push_back(a);
    }
    std::stable_sort(http.begin(), http.end(), [](const Sortable& a, const Sortable& b) { return precedes(a.http, b.http); });
    std::stable_sort(grpc.begin(), grpc.end(), [](const Sortable& a, const Sortable& b) { return precedes(a.grpc, b.grpc); });
    for (auto [sorted, entries] : {std::pair{&http, &out.httpRoutes}, std::pair{&grpc, &out.grpcRoutes}}) {
        std::vector<cfg::RouteEntry> list;
        list.reserve(sorted->size());
        for (Sortable& s : *sorted)
            list.push_back(std::move(s.entry));
        *entries = std::move(list);
    }
    setStreamRoute(state, streams, out);
    presentClientCertificate(g, out);
    return out;
}

// Listeners with equal route entries hold one list (an HTTP and an HTTPS listener that every
// route attaches to, the shape of most Gateways), so the configuration and the data plane keep
// the entries once. Lists are compared with the distinct lists seen so far, size first.
void shareEqualRouteLists(cfg::RuntimeConfig& config)
{
    std::vector<const cfg::RouteList*> distinct;
    for (cfg::Gateway& g : config.gateways)
        for (cfg::Listener& l : g.listeners)
            for (cfg::RouteList* list : {&l.httpRoutes, &l.grpcRoutes}) {
                if (list->empty())
                    continue;
                auto same =
                    std::find_if(distinct.begin(), distinct.end(), [list](const cfg::RouteList* d) { return *d == *list; });
                if (same != distinct.end())
                    list->share(**same);
                else
                    distinct.push_back(list);
            }
}

}  // namespace

void compileConfig(State& state, cfg::RuntimeConfig& out)
{
    std::map<std::pair<const GatewayState*, std::size_t>, std::vector<const Attachment*>> byListener;
    for (const Attachment& a : state.attachments)
        byListener[{a.gateway, a.listener}].push_back(&a);
    for (const auto& g : state.gateways) {
        const ObjectStatus* status = nullptr;
        if (auto it = state.statuses.find(g->objectIndex); it != state.statuses.end())
            status = &it->second;
        if (!g->managed || !status || !status->conditions.has(condition::Programmed, ConditionStatus::True))
            continue;
        cfg::Gateway cg;
        cg.name = "gateway/" + g->display();
        cg.gatewayNamespace = g->spec->object->id.ns;
        cg.gatewayName = g->spec->object->id.name;
        cg.address = g->address;
        for (std::size_t i = 0; i < g->listeners.size(); ++i)
            if (g->listeners[i].programmed())
                cg.listeners.push_back(compileListener(state, *g, g->listeners[i], byListener[{g.get(), i}]));
        out.gateways.push_back(std::move(cg));
    }
    shareEqualRouteLists(out);
}

}  // namespace gs::model::translation

// backendRefs → Services, ports and endpoints; ResolvedRefs of routes (SPEC-NOTES §4).

#include "controller/backends.h"
#include "config/element_names.h"
#include "yaml/access.h"

#include <algorithm>
#include <cctype>

#include <re2/re2.h>

namespace gs::model::translation {

namespace {

namespace cfg = runtime::config;

// Kubernetes' alphabet for generated name suffixes (no vowels, no look-alike digits).
constexpr std::string_view kSuffixAlphabet = "bcdfghjklmnpqrstvwxz2456789";

std::string hashSuffix(const std::string& seed, std::size_t length)
{
    std::uint64_t h = 1469598103934665603ull;
    for (char c : seed)
        h = (h ^ std::uint8_t(c)) * 1099511628211ull;
    std::string out;
    for (std::size_t i = 0; i < length; ++i) {
        out += kSuffixAlphabet[h % kSuffixAlphabet.size()];
        h = h / kSuffixAlphabet.size() + (h << 7) + i;
    }
    return out;
}

bool selects(const std::map<std::string, std::string>& selector, const std::map<std::string, std::string>& labels)
{
    if (selector.empty())
        return false;
    for (const auto& [k, v] : selector) {
        auto it = labels.find(k);
        if (it == labels.end() || it->second != v)
            return false;
    }
    return true;
}

bool isLoopbackIp(const std::string& ip) { return ip.rfind("127.", 0) == 0 || ip == "::1"; }

// A Service without selector takes its endpoints from its EndpointSlices: a loopback address is a
// real local process; any other endpoint is stood in for by an echo replica named after its pod.
std::vector<cfg::Endpoint> sliceEndpoints(const State& state, const api::Service& service, std::int64_t port)
{
    const Object& so = *service.object;
    std::vector<cfg::Endpoint> out;
    std::vector<std::string> seen;
    for (const api::EndpointSlice& slice : state.index->endpointSlices) {
        if (slice.object->id.ns != so.id.ns || slice.service != so.id.name)
            continue;
        for (std::size_t i = 0; i < slice.endpoints.size(); ++i) {
            const api::EndpointSlice::Endpoint& e = slice.endpoints[i];
            if (!e.addresses.empty() && isLoopbackIp(e.addresses[0]) && !slice.ports.empty()) {
                const std::uint16_t p = std::uint16_t(slice.ports[0].second);
                out.push_back({cfg::Endpoint::Kind::Bound, e.addresses[0] + ":" + std::to_string(p), e.addresses[0], p});
                continue;
            }
            const std::string pod = e.pod.value_or(slice.object->id.name + "-" + std::to_string(i));
            if (std::find(seen.begin(), seen.end(), pod) != seen.end())
                continue;
            seen.push_back(pod);
            out.push_back({cfg::Endpoint::Kind::Echo, pod, "", 0});
        }
    }
    (void)port;
    return out;
}

// The built-in echo replicas that stand in for a Service's pods, named as a cluster names them:
// "<deployment>-<replicaset hash>-<pod hash>", after the Deployment that the Service selects.
// A Service without selector gets the endpoints of its EndpointSlices instead.
// The echo server that stands in for the pods: the one the Deployment asks the conformance echo
// image for (TCP_ECHO_SERVER, UDP_ECHO_SERVER, else HTTP), or without a Deployment the one the
// route kind needs. And the certificate when the pod serves TLS on this port: the echo image does
// when its Deployment sets TLS_SERVER_CERT and mounts a kubernetes.io/tls Secret, on TLS_PORT
// (TCP echo) or HTTPS_PORT (HTTP echo), 8443 by default.
void echoFlavour(const State& state, const api::Deployment* d, const std::string& routeKind, const api::ServicePort& port,
                 cfg::Endpoint& e)
{
    using P = cfg::Endpoint::EchoProtocol;
    if (d)
        e.echoProtocol = d->env.count("TCP_ECHO_SERVER") ? P::Tcp : d->env.count("UDP_ECHO_SERVER") ? P::Udp : P::Http;
    else
        e.echoProtocol = routeKind == "TCPRoute" || routeKind == "TLSRoute" ? P::Tcp : routeKind == "UDPRoute" ? P::Udp : P::Http;
    if (e.echoProtocol == P::Http &&
        (port.appProtocol.value_or("") == "kubernetes.io/h2c" || routeKind == "GRPCRoute" ||
         (d && d->env.count("GRPC_ECHO_SERVER"))))
        e.echoProtocol = P::H2c;  // the echo image's h2c port, or its gRPC server
    if (!d || !d->env.count("TLS_SERVER_CERT") || d->secretVolumes.empty() || e.echoProtocol == P::Udp)
        return;
    const auto portVar = d->env.find(e.echoProtocol == P::Tcp ? "TLS_PORT" : "HTTPS_PORT");
    std::int64_t tlsPort = 8443;
    if (portVar != d->env.end() && !yaml::parseInteger(portVar->second, tlsPort))
        return;
    if (port.targetPort != tlsPort)
        return;
    const std::string secret = d->object->id.ns + "/" + d->secretVolumes.front();
    auto it = state.index->secrets.find(secret);
    if (it == state.index->secrets.end() || !it->second.data.count("tls.crt") || !it->second.data.count("tls.key"))
        return;
    cfg::EchoTls tls{{"secret/" + secret, it->second.data.at("tls.crt"), it->second.data.at("tls.key")}, {}};
    // TLS_CLIENT_CACERTS: the echo server verifies a client certificate when one is sent, against
    // the CA of the ConfigMap mounted beside the Secret (key ca.crt).
    if (d->env.count("TLS_CLIENT_CACERTS") && !d->configMapVolumes.empty())
        if (auto cm = state.index->configMaps.find(d->object->id.ns + "/" + d->configMapVolumes.front());
            cm != state.index->configMaps.end())
            if (const yaml::Node* data = yaml::child(cm->second->doc, "data"))
                if (const std::string pem(yaml::childText(*data, "ca.crt")); !pem.empty())
                    tls.clientCasPem.push_back(pem);
    e.echoTls = std::make_shared<const cfg::EchoTls>(std::move(tls));
}

std::vector<cfg::Endpoint> echoEndpoints(const State& state, const api::Service& service, const std::string& routeKind,
                                         const api::ServicePort& port)
{
    if (service.selector.empty()) {
        for (const api::EndpointSlice& slice : state.index->endpointSlices)
            if (slice.object->id.ns == service.object->id.ns && slice.service == service.object->id.name) {
                std::vector<cfg::Endpoint> out = sliceEndpoints(state, service, 0);
                for (cfg::Endpoint& e : out)
                    echoFlavour(state, nullptr, routeKind, port, e);
                return out;
            }
    }
    const Object& so = *service.object;
    std::string base = so.id.name;
    std::int64_t replicas = 1;
    const api::Deployment* deployment = nullptr;
    for (const api::Deployment& d : state.index->deployments)
        if (d.object->id.ns == so.id.ns && selects(service.selector, d.templateLabels)) {
            deployment = &d;
            base = d.object->id.name;
            replicas = d.replicas;
            break;
        }
    EchoSettings settings;
    if (auto it = state.workspace->echo.find(keyOf(so)); it != state.workspace->echo.end())
        settings = it->second;
    if (settings.replicas > 0)
        replicas = settings.replicas;
    replicas = std::clamp<std::int64_t>(replicas, 1, 16);
    const std::string rs = hashSuffix(so.id.ns + "/" + base, 10);
    std::vector<cfg::Endpoint> out;
    for (std::int64_t i = 0; i < replicas; ++i) {
        out.push_back(
            {cfg::Endpoint::Kind::Echo, base + "-" + rs + "-" + hashSuffix(rs + std::to_string(i), 5), "", 0, settings.faults});
        echoFlavour(state, deployment, routeKind, port, out.back());
    }
    return out;
}

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

// Whether a Service port's appProtocol can carry the route's traffic.
bool appProtocolFits(const std::string& routeKind, const std::string& appProtocol)
{
    if (appProtocol.empty() || routeKind == "TCPRoute" || routeKind == "TLSRoute" || routeKind == "UDPRoute")
        return true;
    static const std::vector<std::string> http{
        "http", "https", "http2", "h2c", "kubernetes.io/h2c", "kubernetes.io/ws", "kubernetes.io/wss", "grpc"};
    static const std::vector<std::string> grpc{"h2c", "http2", "https", "grpc", "kubernetes.io/h2c"};
    const auto& allowed = routeKind == "GRPCRoute" ? grpc : http;
    return std::find(allowed.begin(), allowed.end(), lower(appProtocol)) != allowed.end();
}

std::string portsOf(const api::Service& s)
{
    std::string out;
    for (const api::ServicePort& p : s.ports)
        out += (out.empty() ? "" : ", ") + std::to_string(p.port);
    return out.empty() ? std::string("none") : out;
}

std::optional<RefProblem> problem(std::string_view reason, std::string message, cfg::ServiceTarget& target)
{
    target.valid = false;
    target.invalidReason = message;
    return RefProblem{std::string(reason), std::move(message)};
}

std::optional<std::string> regexProblem(const std::string& pattern)
{
    RE2::Options options;
    options.set_log_errors(false);
    RE2 re(pattern, options);
    if (re.ok())
        return std::nullopt;
    return re.error();
}

// A rule is dropped when it uses a value this implementation cannot honour (an invalid RE2 regular
// expression); the route reports PartiallyInvalid, or Accepted=False/UnsupportedValue when no rule
// is left.
std::optional<std::string> droppedBecause(const api::Rule& rule, std::size_t r)
{
    const std::string at = "rules[" + std::to_string(r) + "]";
    for (std::size_t m = 0; m < rule.httpMatches.size(); ++m) {
        const api::HttpMatch& match = rule.httpMatches[m];
        const std::string mat = at + ".matches[" + std::to_string(m) + "]";
        if (match.path.type == "RegularExpression")
            if (auto e = regexProblem(match.path.value))
                return mat + ".path.value is not a valid RE2 regular expression (" + *e + ")";
        for (const auto* list : {&match.headers, &match.queryParams})
            for (const api::HeaderMatch& h : *list)
                if (h.type == "RegularExpression")
                    if (auto e = regexProblem(h.value))
                        return mat + ": " + h.name + " has an invalid RE2 regular expression (" + *e + ")";
    }
    for (std::size_t m = 0; m < rule.grpcMatches.size(); ++m) {
        const auto& method = rule.grpcMatches[m].method;
        if (!method || method->type != "RegularExpression")
            continue;
        for (const auto& part : {method->service, method->method})
            if (part)
                if (auto e = regexProblem(*part))
                    return at + ".matches[" + std::to_string(m) + "].method has an invalid RE2 regular expression (" + *e + ")";
    }
    return std::nullopt;
}

void noteFirst(RouteResolution& r, const std::optional<RefProblem>& p)
{
    if (p && r.resolved) {
        r.resolved = false;
        r.reason = p->reason;
        r.message = p->message;
    }
}

void resolveFilters(const State& state, const api::Route& route, const std::vector<api::Filter>& filters,
                    const std::string& where, RouteResolution& out)
{
    const std::string self = route.kind + " " + keyOf(*route.object) + " ";
    for (std::size_t f = 0; f < filters.size(); ++f) {
        const api::Filter& filter = filters[f];
        const std::string at = where + ".filters[" + std::to_string(f) + "]";
        if (filter.type == "RequestMirror" && filter.mirrorBackend) {
            cfg::ServiceTarget target;
            noteFirst(out, resolveTarget(state, route, *filter.mirrorBackend, at + ".requestMirror.backendRef", target));
        } else if (filter.type == "ExtensionRef" && filter.extensionRef) {
            noteFirst(out,
                      RefProblem{std::string(reason::InvalidKind),
                                 self + at + " is an ExtensionRef to " + filter.extensionRef->group + "/" +
                                     filter.extensionRef->kind + " " + filter.extensionRef->name +
                                     ", which the local gateway does not implement; requests that reach it get 500."});
        }
    }
}

}  // namespace

std::string routeElementName(const api::Route& route)
{
    return cfg::names::object(route.kind, route.object->id.ns, route.object->id.name);
}

// A bound process is spoken to as its Service's port says (kubernetes.io/h2c: cleartext HTTP/2),
// when the files have the Service: the port with this number, or nullptr.
static const api::ServicePort* portOf(const api::Service* service, int port)
{
    if (!service)
        return nullptr;
    const auto it =
        std::find_if(service->ports.begin(), service->ports.end(), [port](const api::ServicePort& p) { return p.port == port; });
    return it == service->ports.end() ? nullptr : &*it;
}

// The endpoint list of `key` ("ns/service:port", and the route kind for echo pods, whose protocol
// follows it), made by `make` the first time.
template <typename Make> cfg::EndpointList sharedEndpoints(const State& state, const std::string& key, Make make)
{
    auto [it, added] = state.endpointLists.try_emplace(key);
    if (added)
        it->second = make();
    return it->second;
}

std::optional<RefProblem> resolveTarget(const State& state, const api::Route& route, const api::Reference& ref,
                                        const std::string& where, cfg::ServiceTarget& target)
{
    const Object& ro = *route.object;
    const std::string ns = ref.namespaceOr(ro.id.ns);
    target.serviceNamespace = ns;
    target.serviceName = ref.name;
    target.servicePort = std::uint16_t(ref.port.value_or(0));
    const std::string display = route.kind + " " + keyOf(ro) + " " + where;
    const std::string service = ns + "/" + ref.name;
    if (!ref.group.empty() || ref.kind != "Service")
        return problem(reason::InvalidKind,
                       display + " refers to kind " + ref.kind + (ref.group.empty() ? "" : " of group " + ref.group) +
                           "; the local gateway sends traffic to core Services only.",
                       target);
    if (!state.index->referencePermitted("gateway.networking.k8s.io", route.kind, ro.id.ns, "", "Service", ns, ref.name))
        return problem(reason::RefNotPermitted,
                       display + " refers to Service " + service + " in another namespace, and no ReferenceGrant in " + ns +
                           " allows " + route.kind + "s from " + ro.id.ns + " to use it.",
                       target);
    if (auto tls = state.backendTls.find(service); tls != state.backendTls.end())
        target.tls = tls->second;  // BackendTLSPolicy: re-encrypt to this Service
    const auto it = state.index->services.find(service);
    const api::Service* s = it == state.index->services.end() ? nullptr : &it->second;
    const api::ServicePort* port = portOf(s, ref.port.value_or(-1));
    // The port's appProtocol says how the backend is spoken to, bound to a local process or not.
    target.appProtocol = port ? port->appProtocol.value_or("") : "";
    target.http2 = !target.tls && (route.kind == "GRPCRoute" || target.appProtocol == "kubernetes.io/h2c");
    if (port && !appProtocolFits(route.kind, target.appProtocol))
        return problem(reason::UnsupportedProtocol,
                       display + ": port " + std::to_string(port->port) + " of Service " + service + " has appProtocol " +
                           target.appProtocol + ", which an " + route.kind + " cannot carry.",
                       target);
    const std::string servicePort = service + ":" + std::to_string(target.servicePort);
    if (const EndpointBinding* b = state.workspace->bindingFor(ns, ref.name, target.servicePort)) {
        target.endpoints = sharedEndpoints(state, servicePort, [b] {
            return std::vector<cfg::Endpoint>{
                {cfg::Endpoint::Kind::Bound, b->host + ":" + std::to_string(b->targetPort), b->host, b->targetPort}};
        });
        return std::nullopt;
    }
    if (!s)
        return problem(reason::BackendNotFound,
                       display + " refers to Service " + service +
                           ", which is not in the loaded files (add it, or bind it to a local process with --bind " + service +
                           ":" + std::to_string(target.servicePort) + "=HOST:PORT).",
                       target);
    if (s->type == "ExternalName")
        return problem(reason::BackendNotFound,
                       display + " refers to ExternalName Service " + service + ", which has no endpoints to route to.", target);
    if (!port)
        return problem(reason::BackendNotFound,
                       display + " refers to port " + std::to_string(target.servicePort) + " of Service " + service +
                           ", which has no such port (its ports: " + portsOf(*s) + ").",
                       target);
    target.endpoints =
        sharedEndpoints(state, servicePort + ":" + route.kind, [&] { return echoEndpoints(state, *s, route.kind, *port); });
    if (auto invalid = state.invalidBackendTls.find(service); invalid != state.invalidBackendTls.end()) {
        target.valid = false;  // GEP-1897: connections under an unusable policy fail with a 5xx
        target.invalidReason = invalid->second;
    }
    return std::nullopt;
}

RouteResolution resolveRoute(const State& state, const api::Route& route)
{
    RouteResolution out;
    out.droppedRules.resize(route.rules.size());
    for (std::size_t r = 0; r < route.rules.size(); ++r) {
        const api::Rule& rule = route.rules[r];
        out.droppedRules[r] = droppedBecause(rule, r);
        const std::string at = "rules[" + std::to_string(r) + "]";
        for (std::size_t b = 0; b < rule.backendRefs.size(); ++b) {
            const std::string where = at + ".backendRefs[" + std::to_string(b) + "]";
            cfg::ServiceTarget target;
            noteFirst(out, resolveTarget(state, route, rule.backendRefs[b].ref, where, target));
            resolveFilters(state, route, rule.backendRefs[b].filters, where, out);
        }
        resolveFilters(state, route, rule.filters, at, out);
    }
    if (out.resolved)
        out.message = "All references of " + route.kind + " " + keyOf(*route.object) + " resolve.";
    return out;
}

}  // namespace gs::model::translation

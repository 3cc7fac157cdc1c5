#include "controller/config_json.h"

#include <nlohmann/json.hpp>

namespace gs::model {

namespace {

namespace cfg = runtime::config;
using json = nlohmann::ordered_json;

const char* protocolName(cfg::Protocol p)
{
    switch (p) {
    case cfg::Protocol::HTTP: return "HTTP";
    case cfg::Protocol::HTTPS: return "HTTPS";
    case cfg::Protocol::TLS: return "TLS";
    case cfg::Protocol::TCP: return "TCP";
    case cfg::Protocol::UDP: return "UDP";
    }
    return "?";
}

json headerValues(const std::vector<cfg::HeaderValue>& values)
{
    json j = json::array();
    for (const cfg::HeaderValue& v : values)
        j.push_back({{"name", v.name}, {"value", v.value}});
    return j;
}

json pathModifier(const std::optional<cfg::PathModifier>& p)
{
    if (!p)
        return nullptr;
    return {{"type", p->type == cfg::PathModifier::Type::ReplaceFullPath ? "ReplaceFullPath" : "ReplacePrefixMatch"},
            {"value", p->value}};
}

template <typename T> json optional(const std::optional<T>& v) { return v ? json(*v) : json(nullptr); }

json target(const cfg::ServiceTarget& t)
{
    json j = {{"name", t.name}, {"valid", t.valid}};
    if (!t.valid)
        j["invalidReason"] = t.invalidReason;
    j["service"] = t.serviceNamespace + "/" + t.serviceName + ":" + std::to_string(t.servicePort);
    if (!t.appProtocol.empty())
        j["appProtocol"] = t.appProtocol;
    if (t.http2)
        j["http2"] = true;
    json endpoints = json::array();
    for (const cfg::Endpoint& e : t.endpoints) {
        json endpoint = {{"kind", e.kind == cfg::Endpoint::Kind::Echo ? "echo" : "bound"}, {"name", e.name}};
        using P = cfg::Endpoint::EchoProtocol;
        if (e.kind == cfg::Endpoint::Kind::Echo && e.echoProtocol != P::Http)
            endpoint["protocol"] = e.echoProtocol == P::Tcp ? "tcp" : e.echoProtocol == P::Udp ? "udp" : "h2c";
        if (e.echoTls) {
            endpoint["tls"] = e.echoTls->certificate.name;
            if (!e.echoTls->clientCasPem.empty())
                endpoint["tlsClientCas"] = e.echoTls->clientCasPem.size();
        }
        endpoints.push_back(std::move(endpoint));
    }
    j["endpoints"] = endpoints;
    if (t.tls)
        j["tls"] = {{"hostname", t.tls->hostname},
                    {"caCertificates", t.tls->caCertificatesPem.size()},
                    {"systemCertificates", t.tls->useSystemCertificates},
                    {"subjectAltNames", t.tls->subjectAltNames}};
    if (t.tls && t.tls->clientCertificate)
        j["tls"]["clientCertificate"] = t.tls->clientCertificate->name;
    return j;
}

json filter(const cfg::HttpFilter& f)
{
    using T = cfg::HttpFilter::Type;
    switch (f.type) {
    case T::RequestHeaderModifier:
    case T::ResponseHeaderModifier:
        return {{"type", f.type == T::RequestHeaderModifier ? "RequestHeaderModifier" : "ResponseHeaderModifier"},
                {"set", headerValues(f.headers.set)},
                {"add", headerValues(f.headers.add)},
                {"remove", f.headers.remove}};
    case T::RequestRedirect:
        return {{"type", "RequestRedirect"},
                {"scheme", optional(f.redirect.scheme)},
                {"hostname", optional(f.redirect.hostname)},
                {"port", optional(f.redirect.port)},
                {"path", pathModifier(f.redirect.path)},
                {"statusCode", f.redirect.statusCode}};
    case T::URLRewrite:
        return {{"type", "URLRewrite"}, {"hostname", optional(f.rewrite.hostname)}, {"path", pathModifier(f.rewrite.path)}};
    case T::RequestMirror:
        return {{"type", "RequestMirror"},
                {"target", target(f.mirror.target)},
                {"fraction", std::to_string(f.mirror.numerator) + "/" + std::to_string(f.mirror.denominator)}};
    case T::CORS:
        return {{"type", "CORS"},
                {"allowOrigins", f.cors.allowOrigins},
                {"allowMethods", f.cors.allowMethods},
                {"allowHeaders", f.cors.allowHeaders},
                {"exposeHeaders", f.cors.exposeHeaders},
                {"allowCredentials", f.cors.allowCredentials},
                {"maxAge", f.cors.maxAge}};
    case T::Unsupported: return {{"type", "Unsupported"}, {"reason", f.unsupportedReason}};
    }
    return nullptr;
}

json filters(const std::vector<cfg::HttpFilter>& fs)
{
    json j = json::array();
    for (const cfg::HttpFilter& f : fs)
        j.push_back(filter(f));
    return j;
}

json backends(const std::vector<cfg::Backend>& bs)
{
    json j = json::array();
    for (const cfg::Backend& b : bs) {
        json bj = target(b.target);
        bj["weight"] = b.weight;
        if (!b.filters.empty())
            bj["filters"] = filters(b.filters);
        j.push_back(bj);
    }
    return j;
}

json valueMatches(const std::vector<cfg::ValueMatch>& ms)
{
    json j = json::array();
    for (const cfg::ValueMatch& m : ms)
        j.push_back({{"type", m.type == cfg::ValueMatch::Type::Exact ? "Exact" : "RegularExpression"},
                     {"name", m.name},
                     {"value", m.value}});
    return j;
}

json routeEntry(const cfg::RouteEntry& e)
{
    const char* pathType = e.match.path.type == cfg::PathMatch::Type::Exact ? "Exact"
        : e.match.path.type == cfg::PathMatch::Type::PathPrefix             ? "PathPrefix"
                                                                            : "RegularExpression";
    json match = {{"path", {{"type", pathType}, {"value", e.match.path.value}}}};
    if (!e.match.headers.empty())
        match["headers"] = valueMatches(e.match.headers);
    if (!e.match.queryParams.empty())
        match["queryParams"] = valueMatches(e.match.queryParams);
    if (!e.match.method.empty())
        match["method"] = e.match.method;
    json j = {{"name", e.name}, {"hostname", e.hostname}, {"match", match}};
    if (!e.filters.empty())
        j["filters"] = filters(e.filters);
    j["backends"] = backends(e.backends);
    if (e.retry)
        j["retry"] = {{"codes", e.retry->codes}, {"attempts", e.retry->attempts}, {"backoffMs", e.retry->backoffMs}};
    if (e.timeouts.requestMs || e.timeouts.backendRequestMs)
        j["timeouts"] = {{"requestMs", optional(e.timeouts.requestMs)},
                         {"backendRequestMs", optional(e.timeouts.backendRequestMs)}};
    return j;
}

json listener(const cfg::Listener& l)
{
    json j = {{"name", l.name}, {"protocol", protocolName(l.protocol)}, {"address", l.address},
              {"port", l.port}, {"servedPort", l.servedPort},           {"hostname", l.hostname}};
    if (l.tlsMode != cfg::TlsMode::None)
        j["tlsMode"] = l.tlsMode == cfg::TlsMode::Terminate ? "Terminate" : "Passthrough";
    if (!l.certificates.empty()) {
        json certs = json::array();
        for (const cfg::Certificate& c : l.certificates)
            certs.push_back(c.name);
        j["certificates"] = certs;
    }
    if (l.clientValidation)
        j["clientValidation"] = {
            {"caCertificates", l.clientValidation->caCertificatesPem.size()},
            {"mode", l.clientValidation->allowInsecureFallback ? "AllowInsecureFallback" : "AllowValidOnly"}};
    json http = json::array(), grpc = json::array(), tls = json::array();
    for (const cfg::RouteEntry& e : l.httpRoutes)
        http.push_back(routeEntry(e));
    for (const cfg::RouteEntry& e : l.grpcRoutes)
        grpc.push_back(routeEntry(e));
    for (const cfg::TlsRouteEntry& e : l.tlsRoutes)
        tls.push_back({{"name", e.name}, {"hostnames", e.hostnames}, {"backends", backends(e.backends)}});
    if (!http.empty())
        j["httpRoutes"] = http;
    if (!grpc.empty())
        j["grpcRoutes"] = grpc;
    if (!tls.empty())
        j["tlsRoutes"] = tls;
    if (l.streamRoute)
        j["streamRoute"] = {{"name", l.streamRoute->name}, {"backends", backends(l.streamRoute->backends)}};
    return j;
}

}  // namespace

std::string configToJson(const cfg::RuntimeConfig& config)
{
    json gateways = json::array();
    for (const cfg::Gateway& g : config.gateways) {
        json listeners = json::array();
        for (const cfg::Listener& l : g.listeners)
            listeners.push_back(listener(l));
        gateways.push_back({{"name", g.name}, {"address", g.address}, {"listeners", listeners}});
    }
    return json{{"version", config.version}, {"gateways", gateways}}.dump(2) + "\n";
}

}  // namespace gs::model

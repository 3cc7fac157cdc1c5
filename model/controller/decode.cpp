// Decoding of the typed views (gateway_api.h) from defaulted trees.

#include <algorithm>

#include "controller/gateway_api.h"
#include "yaml/access.h"

namespace gs::model::api {

namespace {

using yaml::child;
using yaml::childInt;
using yaml::childItems;
using yaml::childText;
using yaml::Node;

const Node& treeOf(const Object& o) { return o.defaulted.isMap() ? o.defaulted : o.doc; }

std::optional<std::string> optionalText(const Node& map, std::string_view key)
{
    const Node* n = child(map, key);
    if (!n || !n->isScalar())
        return std::nullopt;
    return n->text();
}

std::optional<std::int64_t> optionalInt(const Node& map, std::string_view key)
{
    std::int64_t v = 0;
    const Node* n = child(map, key);
    if (!n || !n->isScalar() || !yaml::parseInteger(n->text(), v))
        return std::nullopt;
    return v;
}

std::vector<std::string> strings(const Node& map, std::string_view key)
{
    std::vector<std::string> out;
    for (const Node& n : childItems(map, key))
        if (n.isScalar())
            out.push_back(n.text());
    return out;
}

std::map<std::string, std::string> stringMap(const Node* n)
{
    std::map<std::string, std::string> out;
    if (n)
        for (const yaml::MapEntry& e : n->entries())
            out[e.key] = e.value.isScalar() ? e.value.text() : std::string();
    return out;
}

Reference decodeReference(const Node& n)
{
    Reference r;
    r.group = std::string(childText(n, "group"));
    r.kind = std::string(childText(n, "kind"));
    r.name = std::string(childText(n, "name"));
    r.ns = optionalText(n, "namespace");
    r.sectionName = optionalText(n, "sectionName");
    r.port = optionalInt(n, "port");
    r.weight = childInt(n, "weight", 1);
    r.mark = n.mark();
    return r;
}

std::vector<Reference> references(const Node& map, std::string_view key)
{
    std::vector<Reference> out;
    for (const Node& n : childItems(map, key))
        out.push_back(decodeReference(n));
    return out;
}

LabelSelector decodeSelector(const Node* n)
{
    LabelSelector s;
    if (!n)
        return s;
    s.matchLabels = stringMap(child(*n, "matchLabels"));
    for (const Node& e : childItems(*n, "matchExpressions"))
        s.matchExpressions.push_back(
            {std::string(childText(e, "key")), std::string(childText(e, "operator")), strings(e, "values")});
    return s;
}

Listener decodeListener(const Node& n)
{
    Listener l;
    l.name = std::string(childText(n, "name"));
    l.hostname = optionalText(n, "hostname");
    l.port = childInt(n, "port");
    l.protocol = std::string(childText(n, "protocol"));
    l.mark = n.mark();
    if (const Node* tls = child(n, "tls")) {
        l.tlsMode = optionalText(*tls, "mode");
        l.certificateRefs = references(*tls, "certificateRefs");
        l.hasTlsOptions = child(*tls, "options") && child(*tls, "options")->size() > 0;
    }
    if (const Node* allowed = child(n, "allowedRoutes")) {
        if (const Node* namespaces = child(*allowed, "namespaces")) {
            l.allowedFrom = std::string(childText(*namespaces, "from", "Same"));
            l.allowedSelector = decodeSelector(child(*namespaces, "selector"));
        }
        if (const Node* kinds = child(*allowed, "kinds")) {
            l.allowedKinds.emplace();
            for (const Node& k : kinds->items())
                l.allowedKinds->push_back({std::string(childText(k, "group")), std::string(childText(k, "kind"))});
        }
    }
    return l;
}

std::vector<HeaderMatch> headerMatches(const Node& map, std::string_view key)
{
    std::vector<HeaderMatch> out;
    for (const Node& h : childItems(map, key))
        out.push_back(
            {std::string(childText(h, "type", "Exact")), std::string(childText(h, "name")), std::string(childText(h, "value"))});
    return out;
}

HttpMatch decodeHttpMatch(const Node& n)
{
    HttpMatch m;
    if (const Node* path = child(n, "path"))
        m.path = {std::string(childText(*path, "type", "PathPrefix")), std::string(childText(*path, "value", "/"))};
    m.headers = headerMatches(n, "headers");
    m.queryParams = headerMatches(n, "queryParams");
    m.method = optionalText(n, "method");
    return m;
}

GrpcMatch decodeGrpcMatch(const Node& n)
{
    GrpcMatch m;
    if (const Node* method = child(n, "method"))
        m.method = GrpcMethodMatch{std::string(childText(*method, "type", "Exact")), optionalText(*method, "service"),
                                   optionalText(*method, "method")};
    m.headers = headerMatches(n, "headers");
    return m;
}

std::vector<std::pair<std::string, std::string>> headerValues(const Node& map, std::string_view key)
{
    std::vector<std::pair<std::string, std::string>> out;
    for (const Node& h : childItems(map, key))
        out.emplace_back(std::string(childText(h, "name")), std::string(childText(h, "value")));
    return out;
}

HeaderModifier decodeHeaderModifier(const Node* n)
{
    HeaderModifier m;
    if (!n)
        return m;
    m.set = headerValues(*n, "set");
    m.add = headerValues(*n, "add");
    m.remove = strings(*n, "remove");
    return m;
}

std::optional<PathModifier> decodePathModifier(const Node& map)
{
    const Node* p = child(map, "path");
    if (!p)
        return std::nullopt;
    PathModifier m;
    m.type = std::string(childText(*p, "type"));
    m.value = std::string(childText(*p, m.type == "ReplacePrefixMatch" ? "replacePrefixMatch" : "replaceFullPath"));
    return m;
}

void decodeRedirect(const Node& r, Filter& f)
{
    f.scheme = optionalText(r, "scheme");
    f.hostname = optionalText(r, "hostname");
    f.port = optionalInt(r, "port");
    f.path = decodePathModifier(r);
    f.statusCode = childInt(r, "statusCode", 302);
}

void decodeMirror(const Node& m, Filter& f)
{
    if (const Node* b = child(m, "backendRef"))
        f.mirrorBackend = decodeReference(*b);
    f.mirrorPercent = optionalInt(m, "percent");
    if (const Node* fraction = child(m, "fraction"))
        f.mirrorFraction = std::make_pair(childInt(*fraction, "numerator"), childInt(*fraction, "denominator", 100));
}

void decodeCors(const Node& c, Filter& f)
{
    f.allowOrigins = strings(c, "allowOrigins");
    f.allowMethods = strings(c, "allowMethods");
    f.allowHeaders = strings(c, "allowHeaders");
    f.exposeHeaders = strings(c, "exposeHeaders");
    f.allowCredentials = childText(c, "allowCredentials") == "true";
    f.maxAge = childInt(c, "maxAge", 5);
}

Filter decodeFilter(const Node& n)
{
    Filter f;
    f.type = std::string(childText(n, "type"));
    if (f.type == "RequestHeaderModifier")
        f.headers = decodeHeaderModifier(child(n, "requestHeaderModifier"));
    else if (f.type == "ResponseHeaderModifier")
        f.headers = decodeHeaderModifier(child(n, "responseHeaderModifier"));
    else if (const Node* r = child(n, "requestRedirect"); r && f.type == "RequestRedirect")
        decodeRedirect(*r, f);
    else if (const Node* w = child(n, "urlRewrite"); w && f.type == "URLRewrite") {
        f.hostname = optionalText(*w, "hostname");
        f.path = decodePathModifier(*w);
    } else if (const Node* m = child(n, "requestMirror"); m && f.type == "RequestMirror")
        decodeMirror(*m, f);
    else if (const Node* c = child(n, "cors"); c && f.type == "CORS")
        decodeCors(*c, f);
    else if (const Node* e = child(n, "extensionRef"); e && f.type == "ExtensionRef")
        f.extensionRef = decodeReference(*e);
    return f;
}

std::vector<Filter> filters(const Node& map)
{
    std::vector<Filter> out;
    for (const Node& f : childItems(map, "filters"))
        out.push_back(decodeFilter(f));
    return out;
}

Rule decodeRule(const Node& n, std::string_view kind)
{
    Rule r;
    r.name = optionalText(n, "name");
    r.mark = n.mark();
    for (const Node& m : childItems(n, "matches")) {
        if (kind == "GRPCRoute")
            r.grpcMatches.push_back(decodeGrpcMatch(m));
        else
            r.httpMatches.push_back(decodeHttpMatch(m));
    }
    r.filters = filters(n);
    for (const Node& b : childItems(n, "backendRefs"))
        r.backendRefs.push_back({decodeReference(b), filters(b)});
    if (const Node* t = child(n, "timeouts")) {
        r.requestTimeout = optionalText(*t, "request");
        r.backendRequestTimeout = optionalText(*t, "backendRequest");
    }
    if (const Node* retry = child(n, "retry")) {
        Rule::Retry out;
        for (const Node& code : childItems(*retry, "codes"))
            if (std::int64_t value = 0; code.isScalar() && yaml::parseInteger(code.text(), value))
                out.codes.push_back(value);
        out.attempts = optionalInt(*retry, "attempts");
        out.backoff = optionalText(*retry, "backoff");
        r.retry = std::move(out);
    }
    return r;
}

// A decoding of Secret.data that skips what is not base64 (validation reports it).
std::string decodeBase64(std::string_view in)
{
    auto value = [](char c) -> int {
        if (c >= 'A' && c <= 'Z')
            return c - 'A';
        if (c >= 'a' && c <= 'z')
            return c - 'a' + 26;
        if (c >= '0' && c <= '9')
            return c - '0' + 52;
        if (c == '+')
            return 62;
        if (c == '/')
            return 63;
        return -1;
    };
    std::string out;
    int bits = 0, buffer = 0;
    for (char c : in) {
        const int v = value(c);
        if (v < 0)
            continue;
        buffer = (buffer << 6) | v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += char((buffer >> bits) & 0xFF);
        }
    }
    return out;
}

}  // namespace

const FrontendValidation* FrontendTls::forPort(std::int64_t port) const
{
    for (const auto& [p, validation] : perPort)
        if (p == port)
            return validation ? &*validation : nullptr;
    return defaults ? &*defaults : nullptr;
}

bool LabelSelector::matches(const std::map<std::string, std::string>& labels) const
{
    for (const auto& [key, value] : matchLabels) {
        auto it = labels.find(key);
        if (it == labels.end() || it->second != value)
            return false;
    }
    for (const Expression& e : matchExpressions) {
        auto it = labels.find(e.key);
        const bool present = it != labels.end();
        const bool listed = present && std::find(e.values.begin(), e.values.end(), it->second) != e.values.end();
        if ((e.op == "In" && !listed) || (e.op == "NotIn" && listed) || (e.op == "Exists" && !present) ||
            (e.op == "DoesNotExist" && present))
            return false;
    }
    return true;
}

std::map<std::string, std::string> labelsOf(const Object& o)
{
    const Node* metadata = child(o.doc, "metadata");
    return stringMap(metadata ? child(*metadata, "labels") : nullptr);
}

std::int64_t generationOf(const Object& o)
{
    const Node* metadata = child(o.doc, "metadata");
    return metadata ? childInt(*metadata, "generation", 1) : 1;
}

std::optional<FrontendValidation> decodeFrontendValidation(const Node* tls)
{
    const Node* validation = tls ? child(*tls, "validation") : nullptr;
    if (!validation)
        return std::nullopt;
    FrontendValidation v;
    v.caCertificateRefs = references(*validation, "caCertificateRefs");
    v.mode = std::string(childText(*validation, "mode", "AllowValidOnly"));
    return v;
}

FrontendTls decodeFrontendTls(const Node& frontend)
{
    FrontendTls f;
    f.defaults = decodeFrontendValidation(child(frontend, "default"));
    for (const Node& p : childItems(frontend, "perPort"))
        f.perPort.emplace_back(childInt(p, "port", 0), decodeFrontendValidation(child(p, "tls")));
    return f;
}

Gateway decodeGateway(const Object& o)
{
    Gateway g;
    g.object = &o;
    const Node& spec = o.spec();
    g.className = std::string(childText(spec, "gatewayClassName"));
    for (const Node& l : childItems(spec, "listeners"))
        g.listeners.push_back(decodeListener(l));
    for (const Node& a : childItems(spec, "addresses"))
        g.addresses.push_back({std::string(childText(a, "type", "IPAddress")), optionalText(a, "value")});
    if (const Node* infra = child(spec, "infrastructure")) {
        if (const Node* p = child(*infra, "parametersRef"))
            g.parametersRef = decodeReference(*p);
        g.infrastructureMetadata = child(*infra, "labels") || child(*infra, "annotations");
    }
    if (const Node* tls = child(spec, "tls")) {
        if (const Node* backend = child(*tls, "backend"))
            if (const Node* c = child(*backend, "clientCertificateRef"))
                g.backendClientCertificate = decodeReference(*c);
        if (const Node* frontend = child(*tls, "frontend"))
            g.frontend = decodeFrontendTls(*frontend);
    }
    if (const Node* allowed = child(spec, "allowedListeners"))
        if (const Node* namespaces = child(*allowed, "namespaces")) {
            g.allowedListenersFrom = std::string(childText(*namespaces, "from", "None"));
            g.allowedListenersSelector = decodeSelector(child(*namespaces, "selector"));
        }
    return g;
}

GatewayClass decodeGatewayClass(const Object& o)
{
    GatewayClass c;
    c.object = &o;
    c.controllerName = std::string(childText(o.spec(), "controllerName"));
    if (const Node* p = child(o.spec(), "parametersRef"))
        c.parametersRef = decodeReference(*p);
    return c;
}

ListenerSet decodeListenerSet(const Object& o)
{
    ListenerSet s;
    s.object = &o;
    if (const Node* p = child(o.spec(), "parentRef"))
        s.parent = decodeReference(*p);
    for (const Node& l : childItems(o.spec(), "listeners"))
        s.listeners.push_back(decodeListener(l));
    return s;
}

Route decodeRoute(const Object& o)
{
    Route r;
    r.object = &o;
    r.kind = o.id.kind;
    r.parentRefs = references(o.spec(), "parentRefs");
    r.hostnames = strings(o.spec(), "hostnames");
    for (const Node& rule : childItems(o.spec(), "rules"))
        r.rules.push_back(decodeRule(rule, r.kind));
    return r;
}

ReferenceGrant decodeReferenceGrant(const Object& o)
{
    ReferenceGrant g;
    g.object = &o;
    for (const Node& f : childItems(o.spec(), "from"))
        g.from.push_back(
            {std::string(childText(f, "group")), std::string(childText(f, "kind")), std::string(childText(f, "namespace"))});
    for (const Node& t : childItems(o.spec(), "to"))
        g.to.push_back({std::string(childText(t, "group")), std::string(childText(t, "kind")), optionalText(t, "name")});
    return g;
}

Service decodeService(const Object& o)
{
    Service s;
    s.object = &o;
    s.type = std::string(childText(o.spec(), "type", "ClusterIP"));
    s.selector = stringMap(child(o.spec(), "selector"));
    for (const Node& p : childItems(o.spec(), "ports")) {
        const std::int64_t port = childInt(p, "port");
        s.ports.push_back({optionalText(p, "name"), port, std::string(childText(p, "protocol", "TCP")),
                           optionalText(p, "appProtocol"), childInt(p, "targetPort", port)});
    }
    return s;
}

Secret decodeSecret(const Object& o)
{
    Secret s;
    s.object = &o;
    const Node& tree = treeOf(o);
    s.type = std::string(childText(tree, "type", "Opaque"));
    if (const Node* data = child(tree, "data"))
        for (const yaml::MapEntry& e : data->entries())
            s.data[e.key] = decodeBase64(e.value.str());
    if (const Node* stringData = child(tree, "stringData"))
        for (const yaml::MapEntry& e : stringData->entries())
            s.data[e.key] = std::string(e.value.str());
    return s;
}

Namespace decodeNamespace(const Object& o)
{
    Namespace n;
    n.object = &o;
    n.labels = labelsOf(o);
    return n;
}

BackendTLSPolicy decodeBackendTLSPolicy(const Object& o)
{
    BackendTLSPolicy p;
    p.object = &o;
    p.targetRefs = references(o.spec(), "targetRefs");
    if (const Node* v = child(o.spec(), "validation")) {
        p.hostname = std::string(childText(*v, "hostname"));
        p.caCertificateRefs = references(*v, "caCertificateRefs");
        p.wellKnownCACertificates = std::string(childText(*v, "wellKnownCACertificates"));
        for (const Node& san : childItems(*v, "subjectAltNames"))
            p.subjectAltNames.push_back(std::string(childText(san, childText(san, "type") == "URI" ? "uri" : "hostname")));
    }
    return p;
}

Deployment decodeDeployment(const Object& o)
{
    Deployment d;
    d.object = &o;
    d.replicas = childInt(o.spec(), "replicas", 1);
    const Node* t = child(o.spec(), "template");
    if (!t)
        return d;
    if (const Node* m = child(*t, "metadata"))
        d.templateLabels = stringMap(child(*m, "labels"));
    const Node* pod = child(*t, "spec");
    if (!pod)
        return d;
    const std::vector<Node>& containers = childItems(*pod, "containers");
    if (!containers.empty())
        for (const Node& e : childItems(containers.front(), "env"))
            if (const auto value = optionalText(e, "value"))
                d.env[std::string(childText(e, "name"))] = *value;
    for (const Node& v : childItems(*pod, "volumes"))
        if (const Node* secret = child(v, "secret"))
            d.secretVolumes.emplace_back(childText(*secret, "secretName"));
        else if (const Node* configMap = child(v, "configMap"))
            d.configMapVolumes.emplace_back(childText(*configMap, "name"));
    return d;
}

EndpointSlice decodeEndpointSlice(const Object& o)
{
    EndpointSlice s;
    s.object = &o;
    const auto labels = labelsOf(o);
    if (auto it = labels.find("kubernetes.io/service-name"); it != labels.end())
        s.service = it->second;
    for (const Node& e : childItems(o.doc, "endpoints")) {
        EndpointSlice::Endpoint endpoint;
        endpoint.addresses = strings(e, "addresses");
        if (const Node* ref = child(e, "targetRef"); ref && childText(*ref, "kind", "Pod") == "Pod")
            endpoint.pod = optionalText(*ref, "name");
        s.endpoints.push_back(std::move(endpoint));
    }
    for (const Node& p : childItems(o.doc, "ports"))
        s.ports.emplace_back(std::string(childText(p, "name")), childInt(p, "port"));
    return s;
}

}  // namespace gs::model::api

#include "connection_rules.h"

#include <algorithm>

#include "controller/gateway_api.h"
#include "controller/hostnames.h"

namespace gs::gui {

namespace {

namespace api = model::api;

// The route kinds a listener protocol serves (spec: Listener.protocol and the route kinds' docs).
bool protocolServes(const std::string& protocol, const std::string& routeKind)
{
    if (protocol == "HTTP" || protocol == "HTTPS")
        return routeKind == "HTTPRoute" || routeKind == "GRPCRoute";
    if (protocol == "TLS")
        return routeKind == "TLSRoute";
    if (protocol == "TCP")
        return routeKind == "TCPRoute";
    if (protocol == "UDP")
        return routeKind == "UDPRoute";
    return false;
}

std::string selectorText(const api::LabelSelector& s)
{
    std::string out;
    for (const auto& [k, v] : s.matchLabels)
        out += (out.empty() ? "" : ", ") + k + "=" + v;
    return out.empty() ? "the selector" : out;
}

std::map<std::string, std::string> namespaceLabels(const model::ObjectSet& objects, const std::string& ns)
{
    for (const model::Object& o : objects.objects())
        if (o.id.kind == "Namespace" && o.id.name == ns)
            return api::labelsOf(o);
    return {{"kubernetes.io/metadata.name", ns}};
}

std::optional<std::string> whyNotListener(const model::ObjectSet& objects, const model::Object& route,
                                          const std::string& parentNs, const api::Listener& l)
{
    const std::string& kind = route.id.kind;
    const std::string who = "listener " + l.name;
    if (l.allowedKinds) {
        const bool listed = std::any_of(l.allowedKinds->begin(), l.allowedKinds->end(),
                                        [&](const api::RouteKindRef& k) { return k.kind == kind; });
        if (!listed)
            return who + " does not list " + kind + " in allowedRoutes.kinds";
    } else if (!protocolServes(l.protocol, kind)) {
        return who + " speaks " + l.protocol + ", which does not serve a " + kind;
    }
    if (l.allowedFrom == "Same" && route.id.ns != parentNs)
        return who + " admits routes only from namespace " + parentNs;
    if (l.allowedFrom == "Selector" && !l.allowedSelector.matches(namespaceLabels(objects, route.id.ns)))
        return who + " admits routes only from namespaces labelled " + selectorText(l.allowedSelector) + ", and namespace " +
            route.id.ns + " is not";
    const api::Route r = api::decodeRoute(route);
    if (!r.hostnames.empty() && l.hostname) {
        const bool any = std::any_of(r.hostnames.begin(), r.hostnames.end(),
                                     [&](const std::string& h) { return model::intersectHostnames(l.hostname, h); });
        if (!any)
            return who + " serves only " + *l.hostname + ", which none of the route's hostnames matches";
    }
    return std::nullopt;
}

bool alreadyAttached(const model::Object& route, const model::Object& parent, const std::string& listener)
{
    for (const api::Reference& ref : api::decodeRoute(route).parentRefs)
        if (ref.name == parent.id.name && ref.namespaceOr(route.id.ns) == parent.id.ns &&
            (ref.kind.empty() ? std::string("Gateway") : ref.kind) == parent.id.kind && ref.sectionName.value_or("") == listener)
            return true;
    return false;
}

bool grantAllows(const model::ObjectSet& objects, const model::Object& route, const model::Object& service)
{
    for (const model::Object& o : objects.objects()) {
        if (o.id.kind != "ReferenceGrant" || o.id.ns != service.id.ns || o.hasErrors)
            continue;
        const api::ReferenceGrant g = api::decodeReferenceGrant(o);
        const bool from = std::any_of(g.from.begin(), g.from.end(), [&](const api::ReferenceGrant::From& f) {
            return f.kind == route.id.kind && f.ns == route.id.ns;
        });
        const bool to = std::any_of(g.to.begin(), g.to.end(), [&](const api::ReferenceGrant::To& t) {
            return t.kind == "Service" && t.group.empty() && (!t.name || *t.name == service.id.name);
        });
        if (from && to)
            return true;
    }
    return false;
}

}  // namespace

std::optional<std::string> whyNotAttach(const model::ObjectSet& objects, const model::Object& route, const model::Object& parent,
                                        const std::string& listener)
{
    if (!route.known || !route.known->isRoute())
        return "only a route attaches to a listener; drag from the route";
    if (parent.id.kind != "Gateway" && parent.id.kind != "ListenerSet")
        return "a " + route.id.kind + " attaches to a Gateway's or a ListenerSet's listener";
    if (route.hasErrors || parent.hasErrors)
        return "fix the validation errors of " + (route.hasErrors ? route.displayName() : parent.displayName()) + " first";
    if (alreadyAttached(route, parent, listener))
        return route.displayName() + " is already attached to " +
            (listener.empty() ? parent.displayName() : "listener " + listener);
    const std::vector<api::Listener> listeners =
        parent.id.kind == "Gateway" ? api::decodeGateway(parent).listeners : api::decodeListenerSet(parent).listeners;
    std::optional<std::string> last = parent.displayName() + " has no listener";
    for (const api::Listener& l : listeners) {
        if (!listener.empty() && l.name != listener)
            continue;
        last = whyNotListener(objects, route, parent.id.ns, l);
        if (!last)
            return std::nullopt;
    }
    if (!listener.empty() && last && last->find("has no listener") != std::string::npos)
        return parent.displayName() + " has no listener named " + listener;
    return last;
}

std::optional<std::string> whyNotBackend(const model::ObjectSet& objects, const model::Object& route,
                                         const model::Object& service)
{
    if (!route.known || !route.known->isRoute())
        return "only a route sends traffic to a Service; drag from the route";
    if (service.id.kind != "Service")
        return "a backendRef points at a Service";
    if (route.hasErrors || service.hasErrors)
        return "fix the validation errors of " + (route.hasErrors ? route.displayName() : service.displayName()) + " first";
    if (api::decodeService(service).ports.empty())
        return "Service " + service.displayName() + " has no port to send traffic to";
    const api::Route r = api::decodeRoute(route);
    if (!r.rules.empty())
        for (const api::BackendRef& b : r.rules.front().backendRefs)
            if (b.ref.name == service.id.name && b.ref.namespaceOr(route.id.ns) == service.id.ns)
                return service.displayName() + " is already a backend of the route's first rule";
    if (service.id.ns != route.id.ns && !grantAllows(objects, route, service))
        return "Service " + service.displayName() + " is in another namespace: a ReferenceGrant in " + service.id.ns +
            " must allow " + route.id.kind + " from namespace " + route.id.ns + " first";
    return std::nullopt;
}

}  // namespace gs::gui

// buildGraph(): objects + status → nodes and edges. See graph.h.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>

#include "controller/gateway_api.h"
#include "config/element_names.h"
#include "graph.h"

namespace gs::gui {

namespace {

using model::ConditionStatus;

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

// The first condition in its bad polarity, as "Type: message".
std::string firstProblem(const model::Conditions& conditions)
{
    for (const model::Condition& c : conditions.items)
        if (c.isProblem())
            return c.type + " " + c.reason + ": " + c.message;
    return {};
}

GraphEdge edge(std::string id, EdgeKind kind, std::string from, std::string fromPort, std::string to, std::string toPort = {})
{
    GraphEdge e;
    e.id = std::move(id);
    e.kind = kind;
    e.from = std::move(from);
    e.fromPort = std::move(fromPort);
    e.to = std::move(to);
    e.toPort = std::move(toPort);
    return e;
}

Health healthOf(const model::Conditions& conditions)
{
    if (conditions.items.empty())
        return Health::Pending;
    return firstProblem(conditions).empty() ? Health::Ok : Health::Error;
}

class Builder {
public:
    Builder(const model::ObjectSet& objects, const model::Translation* translation) : objects_(objects), translation_(translation)
    {
    }

    Graph build()
    {
        const auto& all = objects_.objects();
        for (std::size_t i = 0; i < all.size(); ++i)
            if (isDrawnKind(all[i].id.kind) && !all[i].id.name.empty())
                addObjectNode(i);
        for (std::size_t i = 0; i < all.size(); ++i)
            if (isDrawnKind(all[i].id.kind) && !all[i].id.name.empty())
                addEdgesOf(all[i]);  // objects with errors too: what they say is still worth seeing
        return std::move(graph_);
    }

private:
    const model::ObjectStatus* statusOf(std::size_t index) const
    {
        return translation_ ? translation_->statusOf(index) : nullptr;
    }

    void addObjectNode(std::size_t index)
    {
        const model::Object& o = objects_.objects()[index];
        GraphNode n;
        n.id = nodeIdOf(o);
        if (index_.count(n.id))
            return;  // a duplicate object: validation reports it; the first one is drawn
        n.kind = o.id.kind;
        n.name = o.id.name;
        n.ns = o.id.ns;
        n.objectIndex = index;
        const model::ObjectStatus* status = statusOf(index);
        if (status) {
            n.health = status->hasProblem() ? Health::Error : Health::Ok;
            n.problem = firstProblem(status->conditions);
            for (const auto& p : status->parents)
                if (n.problem.empty())
                    n.problem = firstProblem(p.conditions);
            if (n.problem.empty() && !status->notes.empty())
                n.problem = status->notes.front();
        }
        if (o.hasErrors) {
            n.health = Health::Error;
            n.problem = "The object has validation errors; a cluster would refuse it.";
        }
        describe(o, status, n);
        index_[n.id] = graph_.nodes.size();
        graph_.nodes.push_back(std::move(n));
    }

    static std::vector<GraphPort> portsOf(const std::vector<model::api::Listener>& listeners,
                                          const std::vector<model::ListenerStatus>* statuses)
    {
        std::vector<GraphPort> ports;
        for (const auto& l : listeners) {
            GraphPort p{l.name, l.protocol, l.port, l.hostname.value_or(""), l.tlsMode.value_or(""), l.allowedFrom};
            if (statuses)
                for (const auto& s : *statuses)
                    if (s.name == l.name) {
                        p.attachedRoutes = s.attachedRoutes;
                        p.health = healthOf(s.conditions);
                    }
            ports.push_back(std::move(p));
        }
        return ports;
    }

    void describe(const model::Object& o, const model::ObjectStatus* status, GraphNode& n)
    {
        namespace api = model::api;
        const std::string& kind = o.id.kind;
        if (kind == "GatewayClass") {
            n.subtitle = api::decodeGatewayClass(o).controllerName;
        } else if (kind == "Gateway") {
            const api::Gateway g = api::decodeGateway(o);
            n.ports = portsOf(g.listeners, status && status->gateway ? &status->gateway->listeners : nullptr);
            n.subtitle = "class " + g.className;
        } else if (kind == "ListenerSet") {
            n.ports = portsOf(api::decodeListenerSet(o).listeners, status ? &status->listenerSetListeners : nullptr);
        } else if (o.known && o.known->isRoute()) {
            const api::Route r = api::decodeRoute(o);
            std::string hosts;
            for (const std::string& h : r.hostnames)
                hosts += (hosts.empty() ? "" : ", ") + h;
            n.subtitle = hosts.empty() ? std::to_string(r.rules.size()) + (r.rules.size() == 1 ? " rule" : " rules") : hosts;
        } else if (kind == "Service") {
            std::string ports;
            for (const auto& p : api::decodeService(o).ports)
                ports += (ports.empty() ? "port " : ", ") + std::to_string(p.port);
            n.subtitle = ports;
        } else if (kind == "Secret") {
            n.subtitle = api::decodeSecret(o).type;
        } else if (kind == "ReferenceGrant") {
            std::string from;
            for (const auto& f : api::decodeReferenceGrant(o).from)
                from += (from.empty() ? "from " : ", ") + f.kind + " in " + f.ns;
            n.subtitle = from;
        }
    }

    // The node a reference points at; a placeholder node when the files do not define it.
    std::string target(const std::string& kind, const std::string& ns, const std::string& name)
    {
        const std::string id = nodeId(kind, ns, name);
        auto it = index_.find(id);
        if (it == index_.end()) {
            GraphNode n;
            n.id = id;
            n.kind = kind;
            n.name = name;
            n.ns = ns;
            n.health = Health::Error;
            n.subtitle = "not in the loaded files";
            n.problem = kind + " " + (ns.empty() ? "" : ns + "/") + name + " is referenced but not defined";
            it = index_.emplace(id, graph_.nodes.size()).first;
            graph_.nodes.push_back(std::move(n));
        }
        return graph_.nodes[it->second].id;
    }

    bool hasPort(const std::string& nodeId, const std::string& port) const
    {
        auto it = index_.find(nodeId);
        if (it == index_.end())
            return false;
        const auto& ports = graph_.nodes[it->second].ports;
        return std::any_of(ports.begin(), ports.end(), [&](const GraphPort& p) { return p.name == port; });
    }

    void addEdgesOf(const model::Object& o)
    {
        namespace api = model::api;
        const std::string self = nodeIdOf(o);
        const std::string& kind = o.id.kind;
        if (kind == "Gateway") {
            const api::Gateway g = api::decodeGateway(o);
            addEdge(edge(self + "/class", EdgeKind::GatewayClass, target("GatewayClass", "", g.className), "", self));
            addCertificateEdges(self, o.id.ns, g.listeners);
        } else if (kind == "ListenerSet") {
            const api::ListenerSet ls = api::decodeListenerSet(o);
            const std::string parentKind = ls.parent.kind.empty() ? "Gateway" : ls.parent.kind;
            addEdge(edge(self + "/parent", EdgeKind::ListenerSetParent,
                         target(parentKind, ls.parent.namespaceOr(o.id.ns), ls.parent.name), "", self));
            addCertificateEdges(self, o.id.ns, ls.listeners);
        } else if (o.known && o.known->isRoute()) {
            addRouteEdges(o, self);
        } else if (kind == "ReferenceGrant") {
            addGrantEdges(o, self);
        } else if (kind == "BackendTLSPolicy") {
            const auto policy = api::decodeBackendTLSPolicy(o);
            for (std::size_t i = 0; i < policy.targetRefs.size(); ++i) {
                const auto& ref = policy.targetRefs[i];
                GraphEdge e = edge(self + "/target/" + std::to_string(i), EdgeKind::PolicyTarget, self, "",
                                   target(ref.kind.empty() ? "Service" : ref.kind, o.id.ns, ref.name));
                e.refIndex = int(i);
                addEdge(std::move(e));
            }
        }
    }

    void addCertificateEdges(const std::string& self, const std::string& ns, const std::vector<model::api::Listener>& listeners)
    {
        for (const auto& l : listeners)
            for (std::size_t i = 0; i < l.certificateRefs.size(); ++i) {
                const auto& ref = l.certificateRefs[i];
                GraphEdge e =
                    edge(runtime::config::names::listener(self, l.name) + "/cert/" + std::to_string(i), EdgeKind::CertificateRef,
                         target(ref.kind.empty() ? "Secret" : ref.kind, ref.namespaceOr(ns), ref.name), "", self, l.name);
                e.refIndex = int(i);
                addEdge(std::move(e));
            }
    }

    // The parent status the translator wrote for this parentRef, when there is one.
    const model::RouteParentStatus* parentStatus(const model::Object& o, const model::api::Reference& ref) const
    {
        const std::size_t index = std::size_t(&o - objects_.objects().data());
        const model::ObjectStatus* status = statusOf(index);
        if (!status)
            return nullptr;
        for (const auto& p : status->parents)
            if (p.parentRef.name == ref.name && p.parentRef.sectionName == ref.sectionName && p.parentRef.port == ref.port)
                return &p;
        return nullptr;
    }

    void addRouteEdges(const model::Object& o, const std::string& self)
    {
        const model::api::Route r = model::api::decodeRoute(o);
        for (std::size_t i = 0; i < r.parentRefs.size(); ++i) {
            const auto& ref = r.parentRefs[i];
            const std::string parentKind = ref.kind.empty() ? "Gateway" : ref.kind;
            const std::string parent = target(parentKind, ref.namespaceOr(o.id.ns), ref.name);
            const std::string port = ref.sectionName && hasPort(parent, *ref.sectionName) ? *ref.sectionName : "";
            GraphEdge e = edge(self + "/parent/" + std::to_string(i), EdgeKind::ParentRef, parent, port, self);
            e.refIndex = int(i);
            if (const auto* ps = parentStatus(o, ref))
                e.health = healthOf(ps->conditions);
            addEdge(std::move(e));
        }
        for (std::size_t ri = 0; ri < r.rules.size(); ++ri) {
            const auto& refs = r.rules[ri].backendRefs;
            std::int64_t total = 0;
            for (const auto& b : refs)
                total += b.ref.weight;
            for (std::size_t bi = 0; bi < refs.size(); ++bi) {
                const auto& ref = refs[bi].ref;
                const std::string backendKind = ref.kind.empty() ? "Service" : ref.kind;
                GraphEdge e = edge(runtime::config::names::backend(runtime::config::names::rule(self, int(ri)), int(bi)),
                                   EdgeKind::BackendRef, self, "", target(backendKind, ref.namespaceOr(o.id.ns), ref.name));
                e.ruleIndex = int(ri);
                e.refIndex = int(bi);
                e.weight = ref.weight;
                const long percent = total > 0 ? std::lround(100.0 * double(ref.weight) / double(total)) : 0;
                e.label = refs.size() > 1 ? std::to_string(ref.weight) + " · " + std::to_string(percent) + "%"
                                          : (ref.weight == 0 ? "0 · 0%" : "");
                addEdge(std::move(e));
                addMirrorEdges(o, self, refs[bi].filters, int(ri), int(bi));
            }
            addMirrorEdges(o, self, r.rules[ri].filters, int(ri), -1);
        }
    }

    // RequestMirror filters: a dashed edge to the Service that gets the copies. Its id is the
    // name the gateway counts the mirror under ("…/rule/0/filter/1/mirror"), so traffic finds it.
    void addMirrorEdges(const model::Object& o, const std::string& self, const std::vector<model::api::Filter>& filters, int rule,
                        int backend)
    {
        for (std::size_t fi = 0; fi < filters.size(); ++fi) {
            const model::api::Filter& f = filters[fi];
            if (f.type != "RequestMirror" || !f.mirrorBackend)
                continue;
            const auto& ref = *f.mirrorBackend;
            const std::string ruleId = runtime::config::names::rule(self, rule);
            const std::string where = backend >= 0 ? runtime::config::names::backend(ruleId, backend) : ruleId;
            GraphEdge e = edge(where + "/filter/" + std::to_string(fi) + "/mirror", EdgeKind::Mirror, self, "",
                               target(ref.kind.empty() ? "Service" : ref.kind, ref.namespaceOr(o.id.ns), ref.name));
            e.ruleIndex = rule;
            e.refIndex = backend;
            e.filterIndex = int(fi);
            const std::optional<std::int64_t> percent = f.mirrorPercent ? f.mirrorPercent
                : f.mirrorFraction && f.mirrorFraction->second > 0
                ? std::optional<std::int64_t>(
                      std::lround(100.0 * double(f.mirrorFraction->first) / double(f.mirrorFraction->second)))
                : std::nullopt;
            e.label = "mirror" + (percent && *percent < 100 ? " " + std::to_string(*percent) + "%" : std::string());
            addEdge(std::move(e));
        }
    }

    // A ReferenceGrant points at what it permits others to reference in its own namespace.
    void addGrantEdges(const model::Object& o, const std::string& self)
    {
        const model::api::ReferenceGrant g = model::api::decodeReferenceGrant(o);
        int i = 0;
        for (const auto& to : g.to)
            for (const GraphNode& n : graph_.nodes)
                if (n.kind == to.kind && n.ns == o.id.ns && n.objectIndex && (!to.name || *to.name == n.name))
                    addEdge(edge(self + "/to/" + std::to_string(i++), EdgeKind::ReferenceGrant, self, "", n.id));
    }

    void addEdge(GraphEdge e) { graph_.edges.push_back(std::move(e)); }

    const model::ObjectSet& objects_;
    const model::Translation* translation_;
    Graph graph_;
    std::map<std::string, std::size_t> index_;
};

}  // namespace

const char* toString(Health h)
{
    switch (h) {
    case Health::Ok: return "ok";
    case Health::Pending: return "pending";
    case Health::Warning: return "warning";
    case Health::Error: return "error";
    case Health::Neutral: break;
    }
    return "neutral";
}

const char* toString(EdgeKind k)
{
    switch (k) {
    case EdgeKind::GatewayClass: return "gatewayClassName";
    case EdgeKind::ParentRef: return "parentRef";
    case EdgeKind::BackendRef: return "backendRef";
    case EdgeKind::CertificateRef: return "certificateRef";
    case EdgeKind::ReferenceGrant: return "referenceGrant";
    case EdgeKind::ListenerSetParent: return "listenerSetParent";
    case EdgeKind::PolicyTarget: return "policyTarget";
    case EdgeKind::Mirror: return "requestMirror";
    }
    return "";
}

const GraphNode* Graph::findNode(const std::string& id) const
{
    for (const GraphNode& n : nodes)
        if (n.id == id)
            return &n;
    return nullptr;
}

std::string nodeId(const std::string& kind, const std::string& ns, const std::string& name)
{
    return lower(kind) + "/" + (ns.empty() ? "" : ns + "/") + name;
}

std::string nodeIdOf(const model::Object& object) { return nodeId(object.id.kind, object.id.ns, object.id.name); }

bool isDrawnKind(const std::string& kind)
{
    static const char* const kinds[] = {"GatewayClass", "Gateway",  "ListenerSet",    "HTTPRoute",
                                        "GRPCRoute",    "TLSRoute", "TCPRoute",       "UDPRoute",
                                        "Service",      "Secret",   "ReferenceGrant", "BackendTLSPolicy"};
    return std::find(std::begin(kinds), std::end(kinds), kind) != std::end(kinds);
}

// Marks the edges that carry encrypted traffic: parentRefs from Terminate and Passthrough
// listeners; a passthrough route's backendRefs (the stream stays encrypted to the backend); and
// backendRefs to a Service a BackendTLSPolicy targets (the gateway re-encrypts).
void markTls(Graph& graph)
{
    std::map<std::pair<std::string, std::string>, std::string> listenerMode;  // (gateway, listener) → mode
    // A parentRef without sectionName attaches to every listener that takes its kind: it is
    // encrypted when all of those agree (TLSRoute: the TLS listeners; HTTP kinds: HTTP and HTTPS).
    std::map<std::pair<std::string, bool>, std::set<std::string>> modesByKind;  // (gateway, tls kind) → modes
    for (const GraphNode& n : graph.nodes)
        for (const GraphPort& p : n.ports) {
            const std::string mode = p.tlsMode.empty() ? "" : p.tlsMode == "Passthrough" ? "passthrough" : "terminate";
            listenerMode[{n.id, p.name}] = mode;
            if (p.protocol == "TLS")
                modesByKind[{n.id, true}].insert(mode);
            else if (p.protocol == "HTTP" || p.protocol == "HTTPS")
                modesByKind[{n.id, false}].insert(mode);
        }
    std::set<std::string> passthroughRoutes, reencrypted;
    for (GraphEdge& e : graph.edges) {
        if (e.kind == EdgeKind::ParentRef && e.fromPort.empty()) {
            const auto& modes = modesByKind[{e.from, e.to.rfind("tlsroute/", 0) == 0}];
            if (modes.size() == 1 && !modes.begin()->empty()) {
                e.tls = *modes.begin();
                if (e.tls == "passthrough")
                    passthroughRoutes.insert(e.to);
            }
        } else if (e.kind == EdgeKind::ParentRef) {
            const auto it = listenerMode.find({e.from, e.fromPort});
            if (it != listenerMode.end() && !it->second.empty()) {
                e.tls = it->second;
                if (e.tls == "passthrough")
                    passthroughRoutes.insert(e.to);
            }
        }
        if (e.kind == EdgeKind::PolicyTarget && e.from.rfind("backendtlspolicy/", 0) == 0)
            reencrypted.insert(e.to);
    }
    for (GraphEdge& e : graph.edges)
        if (e.kind == EdgeKind::BackendRef || e.kind == EdgeKind::Mirror)
            e.tls = passthroughRoutes.count(e.from) ? "passthrough" : reencrypted.count(e.to) ? "reencrypt" : "";
}

Graph buildGraph(const model::ObjectSet& objects, const model::Translation* translation)
{
    Graph graph = Builder(objects, translation).build();
    markTls(graph);
    return graph;
}

}  // namespace gs::gui

#include "graph_collapse.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>

namespace gs::gui {

namespace {

constexpr std::string_view kNamespacePrefix = "namespace/";
constexpr std::string_view kGatewayPrefix = "gateway/";

bool isRoute(const GraphNode& n) { return n.kind.size() > 5 && n.kind.ends_with("Route"); }

// Routes with a parentRef to Gateway `gatewayId`, in the graph's order.
std::vector<std::string> routesOf(const Graph& graph, const std::string& gatewayId)
{
    std::set<std::string> attached;
    for (const GraphEdge& e : graph.edges)
        if (e.kind == EdgeKind::ParentRef && e.from == gatewayId)
            attached.insert(e.to);
    std::vector<std::string> out;
    for (const GraphNode& n : graph.nodes)
        if (attached.count(n.id) && isRoute(n))
            out.push_back(n.id);
    return out;
}

std::string plural(std::size_t n, const char* one, const char* many) { return std::to_string(n) + " " + (n == 1 ? one : many); }

// The node that stands for a group, from its members.
GraphNode groupNode(const std::string& key, const std::vector<const GraphNode*>& members)
{
    GraphNode g;
    g.id = collapsedNodeId(key);
    std::size_t problems = 0;
    std::set<std::string> namespaces;
    for (const GraphNode* m : members) {
        g.members.push_back(m->id);
        g.health = std::max(g.health, m->health);
        if (m->health == Health::Error || m->health == Health::Warning) {
            ++problems;
            if (g.problem.empty())
                g.problem = m->name + ": " + m->problem;
        }
        namespaces.insert(m->ns);
    }
    if (key.starts_with(kNamespacePrefix)) {
        g.kind = "Namespace";
        g.name = key.substr(kNamespacePrefix.size());  // no ns: it is the namespace, no box around it
        g.subtitle = plural(members.size(), "object", "objects");
    } else {
        g.kind = "Routes";
        g.name = "routes of " + key.substr(key.rfind('/') + 1);
        g.ns = namespaces.size() == 1 ? *namespaces.begin() : std::string();
        g.subtitle = plural(members.size(), "route", "routes");
    }
    g.problemMembers = problems;
    if (problems > 0)
        g.subtitle += " · " + std::to_string(problems) + " with problems";
    return g;
}

// Each edge with an end in a group, merged per (kind, from, port, to, port) once its ends are the
// groups' nodes; a port on a group's end is dropped (the group has none).
std::vector<GraphEdge> collapseEdges(const std::vector<GraphEdge>& edges,
                                     const std::unordered_map<std::string, std::string>& groupOf)
{
    std::vector<GraphEdge> out;
    std::map<std::tuple<EdgeKind, std::string, std::string, std::string, std::string>, std::size_t> merged;
    for (const GraphEdge& e : edges) {
        const auto from = groupOf.find(e.from);
        const auto to = groupOf.find(e.to);
        if (from == groupOf.end() && to == groupOf.end()) {
            out.push_back(e);
            continue;
        }
        if (from != groupOf.end() && to != groupOf.end() && from->second == to->second)
            continue;  // inside one group
        GraphEdge g = e;
        if (from != groupOf.end()) {
            g.from = from->second;
            g.fromPort.clear();
        }
        if (to != groupOf.end()) {
            g.to = to->second;
            g.toPort.clear();
        }
        const auto key = std::make_tuple(g.kind, g.from, g.fromPort, g.to, g.toPort);
        const auto [it, fresh] = merged.try_emplace(key, out.size());
        if (fresh) {
            g.id = "collapsed/" + g.from + ":" + g.fromPort + "->" + g.to + ":" + g.toPort + "/" + toString(g.kind);
            g.members = {e.id};
            g.label.clear();
            g.ruleIndex = g.refIndex = g.filterIndex = -1;
            out.push_back(std::move(g));
            continue;
        }
        GraphEdge& into = out[it->second];
        into.members.push_back(e.id);
        into.health = std::max(into.health, e.health);
        into.weight += e.weight;
        if (into.tls != e.tls)
            into.tls.clear();  // mixed: the badge would say something untrue of some
    }
    return out;
}

}  // namespace

std::string collapsedNodeId(const std::string& key) { return "collapsed/" + key; }
std::string namespaceGroupKey(const std::string& ns) { return std::string(kNamespacePrefix) + ns; }

std::vector<std::string> groupKeysOf(const Graph& graph, const std::string& nodeId)
{
    const GraphNode* n = graph.findNode(nodeId);
    if (!n || !n->members.empty())
        return {};
    std::vector<std::string> keys;
    if (n->kind == "Gateway" && !routesOf(graph, n->id).empty())
        keys.push_back(n->id);
    if (isRoute(*n))
        for (const GraphEdge& e : graph.edges)
            if (e.kind == EdgeKind::ParentRef && e.to == n->id && e.from.starts_with(kGatewayPrefix) &&
                std::find(keys.begin(), keys.end(), e.from) == keys.end())
                keys.push_back(e.from);
    if (!n->ns.empty())
        keys.push_back(namespaceGroupKey(n->ns));
    return keys;
}

std::vector<std::string> membersOf(const Graph& graph, const std::string& key)
{
    if (key.starts_with(kGatewayPrefix))
        return routesOf(graph, key);
    std::vector<std::string> out;
    if (key.starts_with(kNamespacePrefix))
        for (const GraphNode& n : graph.nodes)
            if (n.ns == key.substr(kNamespacePrefix.size()))
                out.push_back(n.id);
    return out;
}

Graph collapseGroups(const Graph& graph, const std::set<std::string>& collapsed)
{
    if (collapsed.empty())
        return graph;
    std::unordered_map<std::string, std::string> groupOf;  // member id → group node id
    for (const std::string& key : collapsed)
        if (key.starts_with(kGatewayPrefix))
            for (const std::string& id : routesOf(graph, key))
                groupOf.try_emplace(id, collapsedNodeId(key));  // the first collapsed Gateway claims it
    for (const std::string& key : collapsed)
        if (key.starts_with(kNamespacePrefix))
            for (const std::string& id : membersOf(graph, key))
                groupOf[id] = collapsedNodeId(key);
    std::map<std::string, std::vector<const GraphNode*>> members;
    for (const GraphNode& n : graph.nodes)
        if (auto it = groupOf.find(n.id); it != groupOf.end())
            members[it->second].push_back(&n);
    Graph out;
    std::set<std::string> emitted;
    for (const GraphNode& n : graph.nodes) {
        const auto it = groupOf.find(n.id);
        if (it == groupOf.end()) {
            out.nodes.push_back(n);
        } else if (emitted.insert(it->second).second) {  // where its first member was
            out.nodes.push_back(groupNode(it->second.substr(std::string_view("collapsed/").size()), members[it->second]));
        }
    }
    out.edges = collapseEdges(graph.edges, groupOf);
    return out;
}

}  // namespace gs::gui

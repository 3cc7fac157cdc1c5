#include "graph_layout.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <memory>
#include <mutex>

namespace gs::gui {

namespace {

// cgraph takes mutable C strings for names and attribute values.
char* cstr(std::string& s) { return s.data(); }

void setAttr(void* object, const char* name, std::string value)
{
    std::string n = name;
    std::string fallback;
    agsafeset(object, cstr(n), cstr(value), cstr(fallback));
}

struct GraphDeleter {
    GVC_t* gvc;
    void operator()(Agraph_t* g) const
    {
        gvFreeLayout(gvc, g);
        agclose(g);
    }
};

constexpr double kPointsPerInch = 72.0;

}  // namespace

Positions layoutGraph(const std::vector<LayoutNode>& nodes, const std::vector<LayoutEdge>& edges)
{
    Positions out;
    if (nodes.empty())
        return out;
    static std::mutex graphviz;  // Graphviz keeps global state: one layout at a time in the process
    const std::lock_guard lock(graphviz);
    static GVC_t* gvc = gvContext();  // one context for the process; Graphviz is single-threaded anyway
    std::string name = "g";
    std::unique_ptr<Agraph_t, GraphDeleter> g(agopen(cstr(name), Agdirected, nullptr), GraphDeleter{gvc});
    setAttr(g.get(), "rankdir", "LR");
    setAttr(g.get(), "nodesep", "0.1");
    setAttr(g.get(), "ranksep", "0.5");
    setAttr(g.get(), "newrank", "true");
    if (nodes.size() > 500) {
        // Large graphs: bound Graphviz's network-simplex passes (where nearly all of its time goes
        // on thousands of nodes); the layering stays, node placement is a little less tidy.
        setAttr(g.get(), "nslimit", "2");
        setAttr(g.get(), "nslimit1", "2");
        setAttr(g.get(), "mclimit", "0.5");
    }

    std::map<std::string, Agraph_t*> clusters;
    std::map<std::string, Agnode_t*> byId;
    for (const LayoutNode& n : nodes) {
        Agraph_t* parent = g.get();
        if (!n.group.empty()) {
            Agraph_t*& cluster = clusters[n.group];
            if (!cluster) {
                std::string clusterName = "cluster_" + n.group;
                cluster = agsubg(g.get(), cstr(clusterName), 1);
                setAttr(cluster, "margin", "24");
            }
            parent = cluster;
        }
        std::string id = n.id;
        Agnode_t* node = agnode(parent, cstr(id), 1);
        setAttr(node, "shape", "box");
        setAttr(node, "label", "");
        setAttr(node, "fixedsize", "true");
        setAttr(node, "width", std::to_string(n.width / kPointsPerInch));
        setAttr(node, "height", std::to_string(n.height / kPointsPerInch));
        byId[n.id] = node;
    }
    for (const LayoutEdge& e : edges) {
        auto from = byId.find(e.from);
        auto to = byId.find(e.to);
        if (from != byId.end() && to != byId.end() && from != to)
            agedge(g.get(), from->second, to->second, nullptr, 1);
    }
    if (gvLayout(gvc, g.get(), "dot") != 0)
        return out;
    const double top = GD_bb(g.get()).UR.y;
    for (const LayoutNode& n : nodes) {
        const pointf c = ND_coord(byId[n.id]);
        out[n.id] = {c.x - n.width / 2, top - c.y - n.height / 2};
    }
    return out;
}

}  // namespace gs::gui

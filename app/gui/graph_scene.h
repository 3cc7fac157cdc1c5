#pragma once
// The graph with its geometry: where each node is and how big, where an edge starts and ends,
// and the box of each namespace. Plain data shared (read-only) by the node, edge and group list
// models; the Document owns it and is the only writer. Coordinates are canvas pixels, y down.

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "graph.h"
#include "graph_layout.h"
#include "graph_packing.h"
#include "graph_placement.h"

namespace gs::gui {

struct Rect {
    double x = 0, y = 0, width = 0, height = 0;
};

struct Point {
    double x = 0, y = 0;
};

// A namespace drawn as a box around its nodes.
struct NamespaceGroup {
    std::string name;
    Rect box;
    std::size_t objects = 0;  // a collapsed group's node counts for its members
    std::size_t problems = 0;  // objects with an error or a warning
};

class GraphScene {
public:
    static constexpr double kNodeWidth = 204;
    static constexpr double kHeaderHeight = 56;  // kind, name and subtitle
    static constexpr double kPortHeight = 26;  // one listener row
    static constexpr double kGroupPadding = 22;
    static constexpr double kGroupLabelHeight = 22;

    // Where a new node's corner goes for its header to be centred on (x, y): the palette creates
    // and paste places nodes under the point the user sees.
    static std::pair<double, double> cornerForHeaderAt(double x, double y) { return {x - kNodeWidth / 2, y - kHeaderHeight / 2}; }

    // Replaces the graph. Nodes keep the position in `positions` under their id. The others are
    // added to `positions`: when none has one, from the automatic layout of the whole graph
    // (layoutWorkspace, shaped `aspect`); else
    // each in free space next to what it connects to, or near its `wanted` position
    // (graph_placement.h), with every placed node left where it is. Returns true when the set of
    // node ids changed.
    bool setGraph(Graph graph, Positions& positions, const Positions& wanted = {}, double aspect = PackingOptions{}.aspect);

    // The automatic layout in three steps, the middle one free to run on a worker thread: the job
    // holds every node and edge; run() lays them out (layoutWorkspace); placed() turns that into
    // node positions. With pinned nodes, the drawing is moved for the first pinned node (by id)
    // to land where it is pinned, every pinned node stays where it is, and a node the drawing
    // puts on a pinned one goes to the nearest free spot instead (graph_placement.h).
    struct LayoutJob {
        std::vector<LayoutNode> nodes;
        std::vector<LayoutEdge> edges;
        PackingOptions options;
        Positions pinned;  // where the pinned nodes are
        std::vector<PlacementNode> placement;  // every node's size and namespace, for the free-space search
        Positions run() const { return layoutWorkspace(nodes, edges, options); }
        Positions placed(const Positions& raw) const;
    };
    LayoutJob layoutJob(const std::set<std::string>& pinned, double aspect) const;

    // Lays out every node not in `pinned` again, now, around the pinned ones (LayoutJob), and
    // overwrites their `positions`.
    void layoutAll(Positions& positions, const std::set<std::string>& pinned = {}, double aspect = PackingOptions{}.aspect);

    const Graph& graph() const { return graph_; }
    const std::vector<GraphNode>& nodes() const { return graph_.nodes; }
    const std::vector<GraphEdge>& edges() const { return graph_.edges; }
    const std::vector<NamespaceGroup>& groups() const { return groups_; }
    const Rect& geometry(std::size_t node) const { return geometry_[node]; }
    int indexOf(const std::string& id) const;

    // Moves a node; updates the group boxes. False when there is no such node.
    bool moveNode(const std::string& id, double x, double y);
    // Moves every node of `positions` that is in the scene (others are ignored), then updates the
    // group boxes once.
    void moveNodes(const Positions& positions);

    Point edgeStart(const GraphEdge& e) const;
    Point edgeEnd(const GraphEdge& e) const;

    // The bounding box of everything drawn.
    Rect bounds() const;

    // The node (and listener port, when over one) at a canvas point; empty id when none.
    struct Hit {
        std::string id;
        std::string port;
    };
    Hit hitTest(double x, double y) const;

    static double heightOf(const GraphNode& n);
    // The centre of port `index`, relative to the node's top.
    static double portCenter(std::size_t index) { return kHeaderHeight + kPortHeight * (double(index) + 0.5); }

private:
    Point anchor(const std::string& nodeId, const std::string& port, bool out) const;
    void updateGroups();
    std::vector<LayoutNode> layoutNodes() const;
    Positions placeNew(const Positions& positions, const Positions& wanted) const;
    static Positions fromLayout(const Positions& layout);
    std::vector<LayoutEdge> layoutEdges() const;

    Graph graph_;
    std::vector<Rect> geometry_;
    std::map<std::string, std::size_t> index_;
    std::vector<NamespaceGroup> groups_;
};

}  // namespace gs::gui

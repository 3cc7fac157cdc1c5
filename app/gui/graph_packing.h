#pragma once
// The whole-workspace layout for big topologies. One layered drawing of hundreds of routes is a
// single column tens of thousands of pixels tall (Graphviz stacks the namespaces' clusters along
// the ranks), so that Fit shows slivers. Here instead:
//
// - each namespace (a LayoutNode's group; cluster-scoped nodes form one more) is cut into blocks,
//   one per entry point: a node nothing in its namespace points at (a Gateway, a route attached
//   to another namespace's Gateway, a Secret a listener uses) with everything it reaches there
//   that no bigger block took first: a Gateway with its routes and their backends;
// - each block is laid out left to right by Graphviz (layoutGraph), so its edges cross as little
//   as a layered layout allows;
// - a namespace's blocks are packed in rows into one cell, and the cells in rows into the
//   drawing, both in name order and shaped like the window (`aspect`, width / height); the
//   cluster-scoped nodes (GatewayClasses) form a column at the left, halfway down.
//
// Small workspaces (up to `layeredUpTo` nodes) keep the one layered drawing of everything, where
// edges between namespaces are laid out too. Plain data in, positions out; no Qt. Graphviz is
// called under layoutGraph's lock, so this may run on a worker thread.

#include <cstddef>
#include <vector>

#include "graph_layout.h"

namespace gs::gui {

struct PackingOptions {
    double aspect = 1.6;  // the drawing's wanted width / height
    std::size_t layeredUpTo = 60;  // nodes; up to this many, one layered drawing
    double gap = 48;  // between blocks and between namespace cells, pixels
};

// Top-left corners, the drawing starting at (0, 0), in the convention of layoutGraph.
Positions layoutWorkspace(const std::vector<LayoutNode>& nodes, const std::vector<LayoutEdge>& edges,
                          const PackingOptions& options = {});

// The blocks of one namespace (indexes into `nodes`, which all share the group), each in the order
// it was reached. Exposed for the tests.
std::vector<std::vector<std::size_t>> blocksOfGroup(const std::vector<LayoutNode>& nodes, const std::vector<LayoutEdge>& edges);

// Places boxes of the given sizes in rows, in order, with the row width whose drawing comes
// nearest the shape `aspect` (width / height; never narrower than the widest box). Returns the
// top-left corners; `extent` receives the whole drawing's size.
struct Size2 {
    double width = 0, height = 0;
};
std::vector<std::pair<double, double>> packInRows(const std::vector<Size2>& sizes, double aspect, double gap, Size2& extent);

}  // namespace gs::gui

#pragma once
// Where a node goes that has no place yet (an object added from the palette, pasted, created by a
// Fix or typed in the YAML; the placeholder of a missing reference): into free space next to what
// it connects to, never over another node, never into another namespace's box, and without
// moving any node that is placed already (the user's layout stays as it is).
//
// The rule: a node that something placed points at goes one column to the right of it (an edge
// runs left to right: listener → route → backend), a node that points at something placed goes
// one column to its left, at the height of its neighbours; a wanted position (the palette's click,
// a paste, a Fix beside its object) comes first. From there the nearest free spot is searched,
// near in height before a column over. New nodes with no placed neighbour at all are laid out
// together (Graphviz) and put below everything. Plain data in, positions out; no Qt.

#include <string>
#include <vector>

#include "graph_layout.h"

namespace gs::gui {

struct PlacementNode {
    std::string id;
    std::string ns;  // empty: cluster-scoped (no namespace box)
    double width = 0;
    double height = 0;
};

struct PlacementMetrics {
    double gap = 24;  // between nodes of one namespace
    double columnGap = 90;  // between a node and the column of its neighbours
    double groupPadding = 22;  // a namespace box around its nodes
    double groupLabel = 22;  // the box's label above its nodes
    double step = 12;  // the search's vertical step
};

// Positions (top-left) for every node of `nodes` that `placed` lacks. `wanted` holds preferred
// positions for some of them. Edges name node ids (from → to).
Positions placeNewNodes(const std::vector<PlacementNode>& nodes, const std::vector<LayoutEdge>& edges, const Positions& placed,
                        const Positions& wanted, const PlacementMetrics& metrics = {});

}  // namespace gs::gui

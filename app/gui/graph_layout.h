#pragma once
// Layered automatic layout with Graphviz `dot` (left to right: classes, gateways, routes, backends),
// namespaces kept together as clusters. Thread-safe: Graphviz keeps global state, so calls from
// several threads take turns under one lock.

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace gs::gui {

struct LayoutNode {
    std::string id;
    double width = 0;  // pixels
    double height = 0;
    std::string group;  // nodes of one non-empty group are laid out together (a namespace)
};

struct LayoutEdge {
    std::string from;
    std::string to;
};

// Top-left corner of every node, in pixels, with the drawing starting near (0, 0).
using Positions = std::map<std::string, std::pair<double, double>>;

Positions layoutGraph(const std::vector<LayoutNode>& nodes, const std::vector<LayoutEdge>& edges);

}  // namespace gs::gui

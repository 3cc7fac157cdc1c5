#pragma once
// Collapsed groups: a namespace, or the routes attached to a Gateway, drawn as one node. Its edges
// stand for the group's edges to the rest of the graph, one per neighbour (and listener), and
// carry their summed traffic (EdgeListModel) and the worst status among them; the node carries
// the worst status of its members and their count. Edges inside a group are not drawn.
//
// Group keys, as the workspace keeps them: "namespace/NS" (every node of namespace NS) and a
// Gateway's node id, "gateway/NS/NAME" (every route with a parentRef to that Gateway). A node in
// a collapsed namespace belongs to the namespace's group even when a collapsed Gateway's routes
// would include it. The group's node id is "collapsed/" + key. A namespace's node is drawn
// without a namespace box (it is the namespace); a Gateway's routes' node in their namespace's
// box when they share one.

#include <set>
#include <string>
#include <vector>

#include "graph.h"

namespace gs::gui {

std::string collapsedNodeId(const std::string& key);
std::string namespaceGroupKey(const std::string& ns);

// The keys of the groups `nodeId` can be collapsed into, the smallest first: a route's Gateways,
// then its namespace (none for cluster-scoped nodes); for a Gateway, its own routes' group.
std::vector<std::string> groupKeysOf(const Graph& graph, const std::string& nodeId);

// The ids of the nodes group `key` holds in `graph` (a graph with nothing collapsed).
std::vector<std::string> membersOf(const Graph& graph, const std::string& key);

// `graph` with every group in `collapsed` that has members drawn as one node.
Graph collapseGroups(const Graph& graph, const std::set<std::string>& collapsed);

}  // namespace gs::gui

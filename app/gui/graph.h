#pragma once
// The editor's graph as plain data: one node per object that the canvas draws (Gateway API kinds,
// Services, Secrets), one edge per reference between them. Built from the loaded objects and the
// translator's status by buildGraph(); the Qt list models only present it.
//
// Every node and edge has a stable id that traces to its source ("httproute/shop/web",
// "httproute/shop/web/rule/0/backend/1"), the same string the runtime uses for stats and the GUI
// for selection, so selection and positions survive a reload of the YAML.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "controller/translator.h"
#include "objects/object.h"

namespace gs::gui {

// What a node's or an edge's colour says.
enum class Health { Neutral, Ok, Pending, Warning, Error };
const char* toString(Health h);

// A listener, drawn as a port on its Gateway or ListenerSet.
struct GraphPort {
    std::string name;
    std::string protocol;
    std::int64_t port = 0;
    std::string hostname;  // empty: any host
    std::string tlsMode;  // "", "Terminate" or "Passthrough"
    std::string allowedFrom;  // All, Same, Selector
    std::int64_t attachedRoutes = 0;
    Health health = Health::Neutral;
};

struct GraphNode {
    std::string id;  // "gateway/infra/shared", "gatewayclass/gateway-studio"
    std::string kind;
    std::string name;
    std::string ns;  // empty for cluster-scoped kinds
    std::optional<std::size_t> objectIndex;  // nullopt: referenced but not in the files
    std::vector<GraphPort> ports;
    std::string subtitle;  // one line under the name (controller, hostnames, ports)
    Health health = Health::Neutral;
    std::string problem;  // the first problem, for the tooltip
    // A collapsed group (graph_collapse.h): the ids of the nodes it stands for; empty otherwise.
    std::vector<std::string> members;
    std::size_t problemMembers = 0;  // of those, how many have a problem (error or warning)
};

enum class EdgeKind {
    GatewayClass,
    ParentRef,
    BackendRef,
    CertificateRef,
    ReferenceGrant,
    ListenerSetParent,
    PolicyTarget,
    Mirror
};
const char* toString(EdgeKind k);

// An edge runs in the direction traffic and configuration flow, left to right on the canvas:
// class → gateway, listener → route, route → service, secret → listener, grant → target,
// BackendTLSPolicy → the Service it applies to.
struct GraphEdge {
    std::string id;
    EdgeKind kind = EdgeKind::ParentRef;
    std::string from;  // node id
    std::string fromPort;  // listener name on `from`, or empty
    std::string to;
    std::string toPort;
    std::string label;  // "80 (80%)" on weighted backendRefs
    int ruleIndex = -1;  // backendRefs and mirrors: where the ref is in the route
    int refIndex = -1;  // parentRefs/backendRefs/certificateRefs: index in its list;
        // mirrors: the backendRef whose filter it is (-1: the rule's)
    int filterIndex = -1;  // mirrors: the RequestMirror filter's index in its list
    std::int64_t weight = 1;
    Health health = Health::Neutral;
    // Where traffic on this edge is encrypted (see markTls): "" plain, "terminate" (TLS from the
    // client ends at the listener), "passthrough" (the client's TLS stream goes through to the
    // backend), "reencrypt" (the gateway opens TLS to the backend: BackendTLSPolicy).
    std::string tls;
    // An edge of a collapsed group (graph_collapse.h): the ids of the edges it stands for, whose
    // traffic it sums; empty otherwise.
    std::vector<std::string> members;
};

struct Graph {
    std::vector<GraphNode> nodes;
    std::vector<GraphEdge> edges;
    const GraphNode* findNode(const std::string& id) const;
};

// The node id of an object: lower-case kind, then "namespace/name" (or "name").
std::string nodeIdOf(const model::Object& object);
std::string nodeId(const std::string& kind, const std::string& ns, const std::string& name);

// The kinds the canvas draws; other objects (Namespaces, Deployments, ...) stay in the YAML only.
bool isDrawnKind(const std::string& kind);

// Builds the graph. `translation` may be null (invalid input): nodes then have no status colour
// beyond their validation errors.
Graph buildGraph(const model::ObjectSet& objects, const model::Translation* translation);

}  // namespace gs::gui

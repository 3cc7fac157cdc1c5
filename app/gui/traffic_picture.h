#pragma once
// The traffic the canvas draws, computed from the graph's edges and the gateway's stats: per edge
// and node a rate, an error share and a label; per weighted rule its configured next to its
// observed split. Pure: no Qt, no clock, no gateway. LiveGateway feeds it each poll from its
// TrafficWindow; tests feed it made-up readings.
//
// Where an edge gets its traffic (the stats name of each element is the edge's id or the route's
// rule, config/element_names.h):
//   backendRef edge   ← the backend element named by the edge id ("…/rule/N/backend/M")
//   mirror edge       ← the mirror element named by the edge id
//   parentRef edge    ← the route's node rate: the sum of its rules (or its stream)
//   Service node      ← the sum of the backendRef and mirror edges into it
//   Gateway node      ← the sum of its listeners

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "edge_traffic.h"
#include "graph.h"
#include "split_list_model.h"
#include "traffic_window.h"

namespace gs::runtime::config {
struct RuntimeConfig;
}

namespace gs::gui {

// The stats elements of the served configuration, by what the canvas draws them on.
struct ServedElements {
    std::unordered_map<std::string, std::vector<std::string>> routes;  // route node id → its stats names
    std::vector<std::string> listeners;  // listener stats names
};
ServedElements servedElements(const runtime::config::RuntimeConfig& config);

// A weighted rule: its route's node id and the rule's index.
using RuleKey = std::pair<std::string, int>;

// What the picture reads of the traffic.
class TrafficReadings {
public:
    virtual ~TrafficReadings() = default;
    virtual TrafficRate rate(const std::string& element) const = 0;
    // Requests per second, oldest first (the split strips).
    virtual std::vector<std::uint32_t> history(const std::string& element) const = 0;
    // Each backend's requests to compare with the rule's weights (in the order of `elements`).
    virtual std::vector<std::uint64_t> observedCounts(const RuleKey& rule, const std::vector<std::int64_t>& weights,
                                                      const std::vector<std::string>& elements) = 0;
};

struct TrafficPicture {
    std::unordered_map<std::string, EdgeTraffic> edges;  // by edge id
    std::unordered_map<std::string, NodeTraffic> nodes;  // by node id
    std::unordered_map<std::string, std::uint64_t> notRouted;  // listener stats name → 404s for want of a route
    std::vector<SplitRule> splits;  // the rules with more than one backendRef
    double totalRate = 0;  // all listeners
};

struct PictureOptions {
    bool serving = false;  // false: rates and shares only, no labels (a stopped gateway draws none)
    bool history = false;  // fill the split strips (once a second)
};

TrafficPicture computeTrafficPicture(const std::vector<GraphEdge>& edges, const ServedElements& served, TrafficReadings& readings,
                                     PictureOptions options);

// Labels, as the canvas writes them.
std::string rateLabel(const TrafficRate& r);  // "12.0/s · p99 3.0 ms · 5% errors"
std::string groupedNumber(std::uint64_t n);  // "1,204" for 1204

}  // namespace gs::gui

#pragma once
// What the canvas shows of live traffic on an edge or a node, as the LiveGateway computes it from
// the stats each poll. Absent (nullptr from the provider) when the gateway is not running.

#include <string>
#include <vector>

namespace gs::gui {

struct EdgeTraffic {
    double rate = 0;  // requests (or connections) per second over the rate window
    double errorShare = 0;  // 5xx share, 0..1 (drawn red above a few percent)
    double observedPct = -1;  // weighted backendRefs: share of the rule's requests in the share window; -1 none
    double configuredPct = -1;  // weighted backendRefs: weight / Σ weights; -1 none
    std::string text;  // the label: "12.0/s · 80% → 79% · p99 3 ms"
};

struct NodeTraffic {
    double rate = 0;
    std::string text;  // "1,204 req · 12.0/s"
};

// A collapsed group's traffic (graph_collapse.h): the rates summed, the error share weighted by
// rate, no weights; the text says the total ("52.0/s", "52.0/s · 4% 5xx"). Null entries (no
// traffic) count as none.
EdgeTraffic sumTraffic(const std::vector<const EdgeTraffic*>& parts);
NodeTraffic sumTraffic(const std::vector<const NodeTraffic*>& parts);

}  // namespace gs::gui

#pragma once
// Weighted splits as a canary rollout sees them: the weights that send a given percentage to the
// canary, and whether an observed split differs from the configured one beyond what sampling
// explains. Pure functions; the Document applies the weights, the LiveGateway supplies counts.
//
// Gateway API (HTTPRoute backendRefs[].weight): a backend receives weight / Σ weights of the
// rule's requests; weight 0 sends it none. By convention here the rule's last backendRef is the
// canary and the others are the stable version(s).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace gs::rollout {

// Weights (summing to 100) that send `percent` (0..100) of the rule to its last backend; the
// others share the rest in proportion to their current weights (equally when all are 0).
std::vector<std::int64_t> canaryWeights(const std::vector<std::int64_t>& current, int percent);

// Configured shares (0..1) of each backend from its weight.
std::vector<double> configuredShares(const std::vector<std::int64_t>& weights);

// A plain-words warning when the observed counts differ from the configured shares by more than
// sampling explains (four standard deviations of a binomial, and at least two points), or
// nullopt. Needs at least `minimum` requests to judge.
std::optional<std::string> splitDrift(const std::vector<std::string>& names, const std::vector<double>& configured,
                                      const std::vector<std::uint64_t>& counts, std::uint64_t minimum = 20);

}  // namespace gs::rollout

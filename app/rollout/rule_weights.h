#pragma once
// The weighted rule a rollout plan names, in the loaded objects: its backends (the last one is
// the canary, rollout/canary.h) and their weights, and the weights set in place (the object's
// tree as written and its defaulted copy, so translate() and export see the same weights).

#include <cstdint>
#include <string>
#include <vector>

#include "objects/object.h"
#include "rollout_plan.h"

namespace gs::rollout {

struct RuleBackends {
    std::vector<std::string> services;  // "ns/name" of each backendRef
    std::vector<std::int64_t> weights;  // as configured (default 1)
    std::vector<std::string> statsNames;  // "httproute/ns/route/rule/N/backend/M", the gateway's stats keys
    std::vector<std::string> hostnames;  // the route's spec.hostnames
};

// The plan's rule; false and `error` (in plain words) when the route or rule is missing or the
// rule has fewer than two backendRefs (nothing to split).
bool findRule(const model::ObjectSet& objects, const model::RolloutPlan& plan, RuleBackends& out, std::string& error);

// Sets the rule's weights (one per backendRef, in order); false when the rule is not there.
bool setRuleWeights(model::ObjectSet& objects, const model::RolloutPlan& plan, const std::vector<std::int64_t>& weights);

}  // namespace gs::rollout

#pragma once
// A canary rollout plan on one weighted rule of an HTTPRoute, as Flagger's `analysis` states it:
// the canary (the rule's last backendRef) gets each step's percentage in turn; at the end of a
// step the canary's answers in that step are checked against the gates; a passed check moves to
// the next step, a failed one keeps the weight and checks again, and `threshold` failed checks
// roll back (canary at 0 %). After the last step passes, the canary is promoted (100 %).
//
// Sample size: a check is judged only on at least `minRequests` canary answers in the step. A
// step that ends with fewer passes unjudged ("too few requests"), so small early steps move on,
// and the gates first bite at the first step whose sample is large enough. The last step is
// never passed unjudged: it waits for its sample up to 5 more step times (the weight held, no
// failed check), then each time it ends short is a failed check.
//
// Kept in the workspace (`rollouts`), never exported; the CLI builds one from its options.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "quantities.h"

namespace gs::model {

// A weighted rule: an HTTPRoute and the index of one of its rules.
struct RuleRef {
    std::string routeNamespace;
    std::string routeName;
    int rule = 0;

    std::string key() const;  // "ns/name/N": the workspace key, and the --rule form
};

struct RolloutPlan {
    std::string routeNamespace;
    std::string routeName;
    int rule = 0;
    std::vector<int> steps{1, 5, 25, 50, 100};  // canary percentages, increasing, 1..100
    std::int64_t stepTimeMs = 10'000;  // Flagger's analysis.interval
    std::uint64_t minRequests = 20;  // canary answers a step needs to be judged
    double max5xxRate = 0.01;  // the canary's 5xx share, 0..1 (Flagger: success rate ≥ 99 %)
    std::int64_t maxP99Ms = 500;  // the canary's p99 latency (Flagger: request-duration)
    std::optional<double> max5xxIncrease;  // canary minus stable 5xx share, 0..1
    std::optional<std::int64_t> maxP99IncreaseMs;  // canary minus stable p99
    int threshold = 1;  // failed checks that roll back (1: at once)

    RuleRef target() const { return {routeNamespace, routeName, rule}; }
    std::string key() const { return target().key(); }
    void aimAt(const RuleRef& ref);
    // What is wrong with the plan, in plain words (empty when it can run).
    std::vector<std::string> problems() const;
};

// "NS/ROUTE" or "NS/ROUTE/RULE" (RULE a 0-based index; rule 0 when absent).
std::optional<RuleRef> parseRuleRef(std::string_view text, std::string& error);
// "1,5,25,50,100".
std::optional<std::vector<int>> parseSteps(std::string_view text, std::string& error);

}  // namespace gs::model

#pragma once
// The rollout plan as Flagger runs it in a cluster: a flagger.app/v1beta1 Canary with provider
// gatewayapi:v1 (Flagger's Gateway API tutorial), kubectl-ready.
//
// The mapping:
//   plan.steps             → analysis.stepWeights (Flagger promotes after the last one passes)
//   plan.stepTimeMs        → analysis.interval, and each metric's interval
//   plan.threshold         → analysis.threshold (failed checks before rollback)
//   plan.max5xxRate        → metric request-success-rate, thresholdRange.min = 100 − the 5xx %
//   plan.maxP99Ms          → metric request-duration (Flagger's p99, ms), thresholdRange.max
//   the route              → service.hosts (spec.hostnames), service.gatewayRefs (parentRefs),
//                            service.port (the stable backendRef's port), service.timeout and
//                            backendTimeout (the rule's timeouts)
//   the stable backend     → targetRef: the Deployment its Service selects (or the Service's
//                            name when the files hold no Deployment): Flagger copies it to
//                            <name>-primary and routes between <name>-primary and <name>-canary
//                            through an HTTPRoute of its own.
// What does not carry over (a note each): minRequests (Flagger has no sample size), the gates
// against the stable version (Flagger's built-in metrics are absolute), the rule's matches and
// filters (Flagger's HTTPRoute is its own), and where the built-in metrics come from.
//
// The Canary CRD's rules the output must keep are kept here (required targetRef, analysis and
// service.port; targetRef.kind Deployment or Service; provider from the CRD's enum; intervals
// matching ^[0-9]+(m|s)); tests validate the output against Flagger's CRD schema.

#include <string>
#include <vector>

#include "objects/object.h"
#include "rollout_plan.h"

namespace gs::rollout {

struct FlaggerExport {
    std::string yaml;  // the Canary, with the notes as a comment above it
    std::vector<std::string> notes;  // what does not carry over, in plain words
    std::string error;  // why there is nothing to export (yaml empty)
};

FlaggerExport flaggerCanary(const model::ObjectSet& objects, const model::RolloutPlan& plan);

// A step time as a Go duration Flagger's pattern accepts: "10s", "1m", "1500ms".
std::string flaggerInterval(std::int64_t ms);

}  // namespace gs::rollout

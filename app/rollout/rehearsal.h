#pragma once
// A rehearsal without a window (gateway-studio rehearse, the tests): the objects served by an
// embedded gateway on loopback, the plan's steps applied as weight changes (translate → apply,
// so the gateway serves exactly what the objects say), the traffic generator sending to the
// rule (or only external traffic), and each step judged on the gateway's own counters for the
// canary and the stable backends. Blocks until the rollout is promoted, rolled back or stopped.

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "analysis.h"
#include "controller/translator.h"
#include "gateway.h"
#include "objects/object.h"
#include "rule_weights.h"
#include "workspace.h"

namespace gs::rollout {

struct TrafficOptions {
    bool generate = true;  // false: only external traffic counts
    double rate = 100;  // requests per second
    int concurrency = 0;  // senders; 0 → one per 10 requests/s, 4 to 64 (a slow canary must not starve the rate)
    std::string path;  // "" → the rule's first match (its path, exact headers and query)
    std::string host;  // "" → the route's first hostname (a wildcard gets "rehearsal.")
};

// A point of the rehearsal's history, every `kSeriesMs`: the canary's weight, and the canary's
// 5xx share and p99 over the interval (the report's chart).
struct SeriesPoint {
    double seconds = 0;
    int percent = 0;
    std::uint64_t canaryAnswered = 0;
    double canaryErrorRate = 0;
    double canaryP99Ms = 0;
};

struct RehearsalInput {
    model::ObjectSet objects;
    model::Workspace workspace;
    model::TranslateOptions translate;
    model::RolloutPlan plan;
    TrafficOptions traffic;
    runtime::GatewayOptions gateway;
    const std::atomic<bool>* stop = nullptr;  // set from another thread or a signal
    std::function<void(const std::string& line)> onNote;  // listeners, the traffic's target
    std::function<void(const Check& check)> onCheck;
    std::function<void(const runtime::ApplyResult&)> onServing;  // the first apply, with the bound ports
};

struct RehearsalResult {
    bool ran = false;
    std::string error;  // why it could not run (ran == false)
    Rollout::State state = Rollout::State::Stopped;
    std::vector<Check> checks;
    std::vector<SeriesPoint> series;
    RuleBackends rule;  // the weights before the rehearsal
    std::vector<std::int64_t> finalWeights;
    model::ObjectSet objects;  // with the final weights (export writes them)
    double seconds = 0;
    std::uint64_t generated = 0;  // requests the generator completed
};

inline constexpr int kSeriesMs = 250;

// Blocks until the rollout ends. The gateway's streamIdleTimeout is lowered to stallTimeout(plan),
// so a stalled request is answered 504 within its step; a listener that cannot be bound, or a
// request the generator cannot aim at the rule, is an error before anything runs.
RehearsalResult rehearse(RehearsalInput input);

// Twice the p99 gate, between 1 and 10 s: a request silent that long has failed the gate anyway.
std::chrono::milliseconds stallTimeout(const model::RolloutPlan& plan);

}  // namespace gs::rollout

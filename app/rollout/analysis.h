#pragma once
// A rollout's analysis, as Flagger runs it (analysis.interval, threshold, stepWeights, the
// request-success-rate and request-duration metrics): what the canary and the stable version
// answered during one step, the gates of a model::RolloutPlan judged on it, and the state
// machine that turns checks into the next weight, a promotion or a rollback. Pure: the callers
// (the command line's rehearsal, the editor's) apply the weights and supply the measures.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "rollout_plan.h"
#include "stats/stats.h"

namespace gs::rollout {

// One version's answers in a window: counts and the latency histogram, as differences of two
// stats snapshots of the gateway (so traffic from any client counts, not only the generator's).
struct Window {
    std::uint64_t answered = 0;  // responses of any status (a backend failure is answered 502/503/504)
    std::uint64_t errors = 0;  // 5xx among them
    std::array<std::uint64_t, runtime::stats::kBuckets> histogram{};

    void add(const Window& other);
    double errorRate() const { return answered ? double(errors) / double(answered) : 0.0; }
    double p99Ms() const;  // from the histogram, interpolated within its bucket (stats.h bounds)
};

// `after` minus `before` (nullptr: since zero) for one backend's sample.
Window windowBetween(const runtime::stats::Sample* before, const runtime::stats::Sample& after);

// The samples of a rule's backends (by their stats names) in one snapshot; a backend the gateway
// has not counted yet is all zeros.
std::vector<runtime::stats::Sample> ruleSamples(const runtime::stats::Snapshot& snapshot, const std::vector<std::string>& names);
// Between two such lists: the canary's window (the last backend) and the stable ones' together.
void ruleWindows(const std::vector<runtime::stats::Sample>& before, const std::vector<runtime::stats::Sample>& after,
                 Window& canary, Window& stable);

enum class Verdict { Passed, Unjudged, Failed };
enum class Outcome { Advance, Hold, Promote, RollBack, Stopped };

struct Check {
    int step = 0;  // index into plan.steps
    int percent = 0;  // the canary's weight during the step
    double endSeconds = 0;  // since the rehearsal started
    Window canary, stable;
    Verdict verdict = Verdict::Passed;
    std::vector<std::string> reasons;  // why it failed or was not judged; the gate values when it passed
    Outcome outcome = Outcome::Advance;
    int failedChecks = 0;  // after this check
};

// Judges the gates of `plan` on one step's windows: Unjudged below plan.minRequests canary
// answers, else Failed with each gate that is over, else Passed.
Check judge(const model::RolloutPlan& plan, const Window& canary, const Window& stable);

const char* verdictName(Verdict v);

// How the rollout's figures are written everywhere (lines, reports, the editor):
std::string percentText(double share);  // 0.16 → "16%", 0.005 → "0.5%"
std::string weightsText(const std::vector<std::int64_t>& weights);  // "90/10"
std::string reasonsText(const Check& check);  // its reasons joined by "; "
const char* outcomeName(Outcome o);

class Rollout {
public:
    static constexpr int kLastStepWaits = 5;  // extra step times the last step waits for its sample

    explicit Rollout(model::RolloutPlan plan);

    enum class State { Running, Promoted, RolledBack, Stopped };
    State state() const { return state_; }
    bool finished() const { return state_ != State::Running; }
    // The canary's percentage the route should carry now: the current step's while running,
    // 100 once promoted, 0 once rolled back or stopped.
    int canaryPercent() const;
    int step() const { return step_; }
    const model::RolloutPlan& plan() const { return plan_; }

    // The end of the current step: judges it and moves on. Returns the check as recorded.
    const Check& endStep(const Window& canary, const Window& stable, double atSeconds);
    // Stopped by the user: back to the stable split.
    void stop(double atSeconds);
    const std::vector<Check>& checks() const { return checks_; }
    int failedChecks() const { return failedChecks_; }

private:
    model::RolloutPlan plan_;
    State state_ = State::Running;
    int step_ = 0;
    int failedChecks_ = 0;
    int lastStepWaits_ = 0;
    std::vector<Check> checks_;
};

const char* stateName(Rollout::State s);

}  // namespace gs::rollout

#include "analysis.h"

#include <cmath>
#include <map>
#include <sstream>

namespace gs::rollout {

namespace {

namespace st = runtime::stats;

std::string msText(double ms)
{
    std::ostringstream s;
    if (ms < 10)
        s.precision(ms < 1 ? 1 : 2);
    else
        s.precision(0), s.setf(std::ios::fixed);
    s << ms << " ms";
    return s.str();
}

}  // namespace

void Window::add(const Window& other)
{
    answered += other.answered;
    errors += other.errors;
    for (std::size_t b = 0; b < histogram.size(); ++b)
        histogram[b] += other.histogram[b];
}

double Window::p99Ms() const
{
    st::Sample sample;
    sample.histogram = histogram;
    return sample.percentileMs(99);
}

Window windowBetween(const st::Sample* before, const st::Sample& after)
{
    const auto delta = [&](std::uint64_t now, std::uint64_t then) { return now >= then ? now - then : now; };
    Window w;
    for (int f = st::Responses1xx; f <= st::Responses5xx; ++f)
        w.answered += delta(after.fields[std::size_t(f)], before ? before->fields[std::size_t(f)] : 0);
    w.errors = delta(after.fields[st::Responses5xx], before ? before->fields[st::Responses5xx] : 0);
    for (std::size_t b = 0; b < w.histogram.size(); ++b)
        w.histogram[b] = delta(after.histogram[b], before ? before->histogram[b] : 0);
    return w;
}

std::vector<st::Sample> ruleSamples(const st::Snapshot& snapshot, const std::vector<std::string>& names)
{
    std::vector<st::Sample> out(names.size());
    std::map<std::string_view, const st::Sample*> byName;
    for (const st::Sample& s : snapshot.backends)
        byName[s.name] = &s;
    for (std::size_t i = 0; i < names.size(); ++i)
        if (auto it = byName.find(names[i]); it != byName.end())
            out[i] = *it->second;
    return out;
}

void ruleWindows(const std::vector<st::Sample>& before, const std::vector<st::Sample>& after, Window& canary, Window& stable)
{
    canary = {};
    stable = {};
    for (std::size_t i = 0; i < after.size() && i < before.size(); ++i)
        (i + 1 == after.size() ? canary : stable).add(windowBetween(&before[i], after[i]));
}

Check judge(const model::RolloutPlan& plan, const Window& canary, const Window& stable)
{
    Check c;
    c.canary = canary;
    c.stable = stable;
    if (canary.answered < plan.minRequests) {
        c.verdict = Verdict::Unjudged;
        c.reasons.push_back("too few requests to judge: the canary answered " + std::to_string(canary.answered) + " of the " +
                            std::to_string(plan.minRequests) + " a check needs");
        return c;
    }
    const double rate = canary.errorRate(), p99 = canary.p99Ms();
    const auto gate = [&](bool over, std::string text) {
        if (over)
            c.reasons.push_back(std::move(text));
    };
    gate(rate > plan.max5xxRate, "5xx " + percentText(rate) + " over the " + percentText(plan.max5xxRate) + " allowed");
    gate(p99 > double(plan.maxP99Ms), "p99 " + msText(p99) + " over the " + msText(double(plan.maxP99Ms)) + " allowed");
    const bool stableJudged = stable.answered >= plan.minRequests;
    if (plan.max5xxIncrease && stableJudged)
        gate(rate - stable.errorRate() > *plan.max5xxIncrease,
             "5xx " + percentText(rate) + " against the stable version's " + percentText(stable.errorRate()) + ": more than " +
                 percentText(*plan.max5xxIncrease) + " worse");
    if (plan.maxP99IncreaseMs && stableJudged)
        gate(p99 - stable.p99Ms() > double(*plan.maxP99IncreaseMs),
             "p99 " + msText(p99) + " against the stable version's " + msText(stable.p99Ms()) + ": more than " +
                 msText(double(*plan.maxP99IncreaseMs)) + " slower");
    if (!c.reasons.empty()) {
        c.verdict = Verdict::Failed;
        return c;
    }
    c.reasons.push_back("5xx " + percentText(rate) + ", p99 " + msText(p99) + " over " + std::to_string(canary.answered) +
                        " requests");
    return c;
}

std::string percentText(double share)
{
    std::ostringstream s;
    s.precision(share * 100 < 10 ? 2 : 3);
    s << share * 100 << "%";
    return s.str();
}

std::string weightsText(const std::vector<std::int64_t>& weights)
{
    std::string out;
    for (std::int64_t w : weights)
        out += (out.empty() ? "" : "/") + std::to_string(w);
    return out;
}

std::string reasonsText(const Check& check)
{
    std::string out;
    for (const std::string& r : check.reasons)
        out += (out.empty() ? "" : "; ") + r;
    return out;
}

const char* verdictName(Verdict v)
{
    switch (v) {
    case Verdict::Passed: return "passed";
    case Verdict::Unjudged: return "not judged";
    case Verdict::Failed: return "failed";
    }
    return "";
}

const char* outcomeName(Outcome o)
{
    switch (o) {
    case Outcome::Advance: return "next step";
    case Outcome::Hold: return "holds";
    case Outcome::Promote: return "promoted";
    case Outcome::RollBack: return "rolled back";
    case Outcome::Stopped: return "stopped";
    }
    return "";
}

const char* stateName(Rollout::State s)
{
    switch (s) {
    case Rollout::State::Running: return "running";
    case Rollout::State::Promoted: return "promoted";
    case Rollout::State::RolledBack: return "rolled back";
    case Rollout::State::Stopped: return "stopped";
    }
    return "";
}

Rollout::Rollout(model::RolloutPlan plan) : plan_(std::move(plan)) { }

int Rollout::canaryPercent() const
{
    switch (state_) {
    case State::Running: return plan_.steps.empty() ? 0 : plan_.steps[std::size_t(step_)];
    case State::Promoted: return 100;
    default: return 0;
    }
}

const Check& Rollout::endStep(const Window& canary, const Window& stable, double atSeconds)
{
    Check c = judge(plan_, canary, stable);
    c.step = step_;
    c.percent = canaryPercent();
    c.endSeconds = atSeconds;
    const bool last = std::size_t(step_) + 1 >= plan_.steps.size();
    // The last step is never passed unjudged: promotion needs evidence (rollout_plan.h). It waits
    // for its sample for kLastStepWaits more step times, then a short step is a failed check.
    const bool shortLast = last && c.verdict == Verdict::Unjudged;
    if (shortLast && lastStepWaits_ < kLastStepWaits) {
        ++lastStepWaits_;
        c.reasons.push_back("the last step waits for its sample (" + std::to_string(lastStepWaits_) + " of " +
                            std::to_string(kLastStepWaits) + " extra step times)");
        c.outcome = Outcome::Hold;
        c.failedChecks = failedChecks_;
        checks_.push_back(std::move(c));
        return checks_.back();
    }
    if (shortLast)
        c.reasons.push_back("the last step must be judged before the canary is promoted");
    const bool failed = c.verdict == Verdict::Failed || shortLast;
    if (failed) {
        c.failedChecks = ++failedChecks_;
        if (failedChecks_ >= plan_.threshold) {
            c.outcome = Outcome::RollBack;
            state_ = State::RolledBack;
        } else {
            c.outcome = Outcome::Hold;
        }
    } else if (last) {
        c.outcome = Outcome::Promote;
        state_ = State::Promoted;
    } else {
        c.outcome = Outcome::Advance;
        ++step_;
    }
    c.failedChecks = failedChecks_;
    checks_.push_back(std::move(c));
    return checks_.back();
}

void Rollout::stop(double atSeconds)
{
    if (finished())
        return;
    Check c;
    c.step = step_;
    c.percent = canaryPercent();
    c.endSeconds = atSeconds;
    c.verdict = Verdict::Unjudged;
    c.reasons.push_back("stopped before the step ended");
    c.outcome = Outcome::Stopped;
    c.failedChecks = failedChecks_;
    state_ = State::Stopped;
    checks_.push_back(std::move(c));
}

}  // namespace gs::rollout

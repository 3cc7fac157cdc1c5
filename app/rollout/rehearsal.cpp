#include "rehearsal.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <thread>

#include "canary.h"
#include "client/load_generator.h"
#include "traffic_target.h"

namespace gs::rollout {

namespace {

namespace cfg = runtime::config;
namespace st = runtime::stats;
using Clock = std::chrono::steady_clock;
using Samples = std::vector<st::Sample>;

class Run {
public:
    explicit Run(RehearsalInput& input) : in_(input), rollout_(input.plan), gateway_(input.gateway) { }

    RehearsalResult go()
    {
        RehearsalResult r;
        if (!prepare(r))
            return r;
        r.ran = true;
        started_ = Clock::now();
        const Samples first = ruleSamples(gateway_.stats(), r.rule.statsNames);
        Samples stepStart = first, pointStart = first;
        auto stepEnd = started_ + std::chrono::milliseconds(in_.plan.stepTimeMs);
        auto nextPoint = started_ + std::chrono::milliseconds(kSeriesMs);
        while (!rollout_.finished()) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            const auto now = Clock::now();
            if (in_.stop && in_.stop->load()) {
                rollout_.stop(seconds(now));
                break;
            }
            if (now >= nextPoint) {
                const Samples s = ruleSamples(gateway_.stats(), r.rule.statsNames);
                addPoint(r, pointStart, s, now);
                pointStart = s;
                nextPoint += std::chrono::milliseconds(kSeriesMs);
            }
            if (now < stepEnd)
                continue;
            const Samples s = ruleSamples(gateway_.stats(), r.rule.statsNames);
            Window canary, stable;
            ruleWindows(stepStart, s, canary, stable);
            const int before = rollout_.canaryPercent();
            const Check& c = rollout_.endStep(canary, stable, seconds(now));
            if (in_.onCheck)
                in_.onCheck(c);
            if (rollout_.canaryPercent() != before && !applyPercent(r, rollout_.canaryPercent())) {
                rollout_.stop(seconds(Clock::now()));
                break;
            }
            stepStart = ruleSamples(gateway_.stats(), r.rule.statsNames);  // the next window starts on the new weights
            stepEnd = Clock::now() + std::chrono::milliseconds(in_.plan.stepTimeMs);
        }
        if (rollout_.state() == Rollout::State::Stopped)
            applyPercent(r, 0);
        finish(r);
        return r;
    }

private:
    bool prepare(RehearsalResult& r)
    {
        for (const std::string& p : in_.plan.problems())
            r.error += (r.error.empty() ? "" : "; ") + p;
        if (!r.error.empty() || !findRule(in_.objects, in_.plan, r.rule, r.error))
            return false;
        if (!applyPercent(r, rollout_.canaryPercent()))
            return false;
        for (const runtime::BoundListener& l : applied_.listeners)
            if (!l.ok)
                r.error += (r.error.empty() ? "" : "; ") + l.name + " cannot be served on " + l.address + ":" +
                    std::to_string(l.port) + ": " + l.error;
        if (!r.error.empty())
            return false;
        std::string error;
        const auto bound = [this](std::size_t index,
                                  const cfg::Listener&) -> std::optional<std::pair<std::string, std::uint16_t>> {
            const runtime::BoundListener& b = applied_.listeners[index];
            return b.ok ? std::optional(std::pair{b.address, b.port}) : std::nullopt;
        };
        const auto target =
            in_.traffic.generate ? trafficTarget(*gateway_.config(), bound, in_.plan, in_.traffic, error) : std::nullopt;
        if (in_.traffic.generate && !target) {
            r.error = error;
            return false;
        }
        if (in_.onServing)
            in_.onServing(applied_);
        if (target) {
            note("traffic " + target->text + " at " + std::to_string(int(in_.traffic.rate)) + " requests/s");
            generator_ = std::make_unique<runtime::client::LoadGenerator>(target->spec);
            generator_->start();
        } else {
            note("traffic: external only (no generator)");
        }
        return true;
    }

    // The weights for `percent` on the objects, translated and served; false (and r.error) when
    // the gateway cannot serve them.
    bool applyPercent(RehearsalResult& r, int percent)
    {
        const std::vector<std::int64_t> weights = canaryWeights(r.rule.weights, percent);
        if (!setRuleWeights(in_.objects, in_.plan, weights)) {
            r.error = "the rule's backendRefs changed";
            return false;
        }
        r.finalWeights = weights;
        const model::Translation t = model::translate(in_.objects, in_.workspace, in_.translate);
        const bool first = !gateway_.config();
        applied_ = gateway_.apply(std::make_shared<const cfg::RuntimeConfig>(t.config));
        if (first) {
            std::size_t i = 0;
            for (const cfg::Gateway& g : t.config.gateways)
                for (const cfg::Listener& l : g.listeners) {
                    const runtime::BoundListener& b = applied_.listeners[i++];
                    note("listener " + g.gatewayNamespace + "/" + g.gatewayName + "/" + l.listenerName + " " +
                         cfg::schemeOf(l.protocol) + "://" + b.address + ":" + std::to_string(b.port) +
                         (b.ok ? "" : " (" + b.error + ")"));
                }
        }
        return true;
    }

    void addPoint(RehearsalResult& r, const Samples& from, const Samples& to, Clock::time_point now)
    {
        Window canary, stable;
        ruleWindows(from, to, canary, stable);
        r.series.push_back({seconds(now), rollout_.canaryPercent(), canary.answered, canary.errorRate(), canary.p99Ms()});
    }

    void finish(RehearsalResult& r)
    {
        if (generator_) {
            generator_->stop();
            r.generated = generator_->results().completed;
        }
        gateway_.stop(std::chrono::milliseconds(200));
        r.state = rollout_.state();
        r.checks = rollout_.checks();
        r.seconds = seconds(Clock::now());
        r.objects = std::move(in_.objects);
    }

    double seconds(Clock::time_point t) const { return std::chrono::duration<double>(t - started_).count(); }
    void note(const std::string& line)
    {
        if (in_.onNote)
            in_.onNote(line);
    }

    RehearsalInput& in_;
    Rollout rollout_;
    runtime::Gateway gateway_;
    runtime::ApplyResult applied_;
    std::unique_ptr<runtime::client::LoadGenerator> generator_;
    Clock::time_point started_;
};

}  // namespace

std::chrono::milliseconds stallTimeout(const model::RolloutPlan& plan)
{
    return std::chrono::milliseconds(std::clamp<std::int64_t>(2 * plan.maxP99Ms, 1000, 10'000));
}

RehearsalResult rehearse(RehearsalInput input)
{
    // A stalled request must end inside its step to count: the gateway answers 504 once the
    // backend has been silent this long (WorkerLimits::streamIdleTimeout).
    input.gateway.limits.streamIdleTimeout = std::min(input.gateway.limits.streamIdleTimeout, stallTimeout(input.plan));
    Run run(input);
    return run.go();
}

}  // namespace gs::rollout

#include "rehearsal.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <thread>

#include "canary.h"
#include "client/load_generator.h"

namespace gs::rollout {

namespace {

namespace cfg = runtime::config;
namespace st = runtime::stats;
using Clock = std::chrono::steady_clock;

// Where the generator sends: the first programmed listener carrying the rule (HTTP before HTTPS),
// and a request the rule's first match takes.
struct Target {
    runtime::client::LoadSpec spec;
    std::string text;   // "GET http://host/path via 127.x.y.z:port"
};

std::string concreteHost(const std::string& pattern)
{
    return pattern.size() > 1 && pattern[0] == '*' ? "rehearsal" + pattern.substr(1) : pattern;
}

std::optional<Target> targetFor(const cfg::RuntimeConfig& config, const runtime::ApplyResult& applied,
                                const model::RolloutPlan& plan, const TrafficOptions& traffic, std::string& error)
{
    std::optional<Target> best;
    std::size_t index = 0;
    for (const cfg::Gateway& g : config.gateways)
        for (const cfg::Listener& l : g.listeners) {
            const runtime::BoundListener& bound = applied.listeners[index++];
            if (!bound.ok || (l.protocol != cfg::Protocol::HTTP && l.protocol != cfg::Protocol::HTTPS) ||
                (best && best->spec.scheme == runtime::client::LoadSpec::Scheme::Http))
                continue;
            for (const cfg::RouteEntry& e : l.httpRoutes) {
                if (e.routeNamespace != plan.routeNamespace || e.routeName != plan.routeName || e.ruleIndex != plan.rule)
                    continue;
                Target t;
                auto& s = t.spec;
                s.scheme = l.protocol == cfg::Protocol::HTTPS ? runtime::client::LoadSpec::Scheme::Https
                                                              : runtime::client::LoadSpec::Scheme::Http;
                s.address = bound.address;
                s.port = bound.port;
                s.host = !traffic.host.empty() ? traffic.host
                       : !e.hostname.empty()   ? concreteHost(e.hostname)
                       : !l.hostname.empty()   ? concreteHost(l.hostname)
                                               : "";
                s.method = e.match.method.empty() ? "GET" : e.match.method;
                s.path = traffic.path;
                if (s.path.empty()) {
                    if (e.match.path.type == cfg::PathMatch::Type::RegularExpression) {
                        error = "the rule matches its path by a regular expression: say which path to send with --path";
                        return std::nullopt;
                    }
                    s.path = e.match.path.value;
                    std::string query;
                    for (const cfg::ValueMatch& q : e.match.queryParams)
                        if (q.type == cfg::ValueMatch::Type::Exact)
                            query += (query.empty() ? "?" : "&") + q.name + "=" + q.value;
                    s.path += query;
                    for (const cfg::ValueMatch& h : e.match.headers)
                        if (h.type == cfg::ValueMatch::Type::Exact)
                            s.headers.push_back({h.name, h.value});
                }
                s.rate = traffic.rate;
                s.concurrency = traffic.concurrency > 0 ? traffic.concurrency : std::clamp(int(traffic.rate / 10), 4, 64);
                t.text = s.method + " " + cfg::schemeOf(l.protocol) + "://" + (s.host.empty() ? bound.address : s.host) + s.path +
                         " via " + bound.address + ":" + std::to_string(bound.port);
                best = t;
                break;
            }
        }
    if (!best)
        error = "no programmed HTTP or HTTPS listener serves HTTPRoute " + plan.routeNamespace + "/" + plan.routeName +
                " rule " + std::to_string(plan.rule) + " (is the route accepted?)";
    return best;
}

// The canary's and the stable backends' samples in one snapshot, by the rule's stats names.
struct Samples {
    std::vector<st::Sample> backends;   // one per backendRef, zero when the gateway has none yet
};

Samples samplesOf(const st::Snapshot& snapshot, const RuleBackends& rule)
{
    Samples out;
    out.backends.resize(rule.statsNames.size());
    std::map<std::string_view, const st::Sample*> byName;
    for (const st::Sample& s : snapshot.backends)
        byName[s.name] = &s;
    for (std::size_t i = 0; i < rule.statsNames.size(); ++i)
        if (auto it = byName.find(rule.statsNames[i]); it != byName.end())
            out.backends[i] = *it->second;
    return out;
}

void windows(const Samples& before, const Samples& after, Window& canary, Window& stable)
{
    canary = {};
    stable = {};
    const std::size_t last = after.backends.size() - 1;
    for (std::size_t i = 0; i < after.backends.size(); ++i)
        (i == last ? canary : stable).add(windowBetween(&before.backends[i], after.backends[i]));
}

class Run {
public:
    explicit Run(RehearsalInput& input) : in_(input), rollout_(input.plan), gateway_(input.gateway) {}

    RehearsalResult go()
    {
        RehearsalResult r;
        if (!prepare(r))
            return r;
        r.ran = true;
        started_ = Clock::now();
        const Samples first = samplesOf(gateway_.stats(), r.rule);
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
                const Samples s = samplesOf(gateway_.stats(), r.rule);
                addPoint(r, pointStart, s, now);
                pointStart = s;
                nextPoint += std::chrono::milliseconds(kSeriesMs);
            }
            if (now < stepEnd)
                continue;
            const Samples s = samplesOf(gateway_.stats(), r.rule);
            Window canary, stable;
            windows(stepStart, s, canary, stable);
            const int before = rollout_.canaryPercent();
            const Check& c = rollout_.endStep(canary, stable, seconds(now));
            if (in_.onCheck)
                in_.onCheck(c);
            if (rollout_.canaryPercent() != before && !applyPercent(r, rollout_.canaryPercent())) {
                rollout_.stop(seconds(Clock::now()));
                break;
            }
            stepStart = samplesOf(gateway_.stats(), r.rule);   // the next window starts on the new weights
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
        configured_ = r.rule.weights;
        if (!applyPercent(r, rollout_.canaryPercent()))
            return false;
        for (const runtime::BoundListener& l : applied_.listeners)
            if (!l.ok)
                r.error += (r.error.empty() ? "" : "; ") + l.name + " cannot be served on " + l.address + ":" +
                           std::to_string(l.port) + ": " + l.error;
        if (!r.error.empty())
            return false;
        std::string error;
        const auto target = in_.traffic.generate ? targetFor(*gateway_.config(), applied_, in_.plan, in_.traffic, error)
                                                 : std::nullopt;
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
        const std::vector<std::int64_t> weights = weightsFor(configured_, percent);
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
        windows(from, to, canary, stable);
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
        r.rule.weights = configured_;
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
    std::vector<std::int64_t> configured_;
    std::unique_ptr<runtime::client::LoadGenerator> generator_;
    Clock::time_point started_;
};

}  // namespace

std::vector<std::int64_t> weightsFor(const std::vector<std::int64_t>& configured, int canaryPercent)
{
    return canaryWeights(configured, canaryPercent);
}

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

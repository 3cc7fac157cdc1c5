// The rollout's pure parts: the fault text form and its workspace round trip, the fault draws'
// shares and percentiles, the gates, and the state machine's way through a plan (Flagger's
// analysis: steps, the sample-size rule, failed checks, threshold, promotion, rollback).

#include <QtTest>

#include <algorithm>
#include <random>

#include "backends/fault_draw.h"
#include "echo_faults.h"
#include "rollout/analysis.h"
#include "workspace.h"

using namespace gs;
using rollout::Outcome;
using rollout::Verdict;
using Shape = runtime::config::LatencyDistribution::Shape;

namespace {

// A window of `answered` requests, `errors` of them 5xx, all in the latency bucket holding `ms`.
rollout::Window window(std::uint64_t answered, std::uint64_t errors, double ms)
{
    rollout::Window w;
    w.answered = answered;
    w.errors = errors;
    std::size_t bucket = 0;
    while (bucket < runtime::stats::kLatencyBoundsUs.size() && ms * 1000 > double(runtime::stats::kLatencyBoundsUs[bucket]))
        ++bucket;
    w.histogram[bucket] = answered;
    return w;
}

model::RolloutPlan plan(std::vector<int> steps, std::uint64_t minRequests = 20, int threshold = 1)
{
    model::RolloutPlan p;
    p.routeNamespace = "shop";
    p.routeName = "checkout";
    p.steps = std::move(steps);
    p.minRequests = minRequests;
    p.threshold = threshold;
    p.max5xxRate = 0.01;
    p.maxP99Ms = 250;
    return p;
}

}  // namespace

class TstRolloutAnalysis : public QObject {
    Q_OBJECT
private slots:
    void faultText_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("canonical");
        QTest::newRow("empty") << "" << true << "";
        QTest::newRow("code") << "503:5%" << true << "503:5%";
        QTest::newRow("decimal share") << "500:0.5%" << true << "500:0.5%";
        QTest::newRow("fixed") << "latency:200ms" << true << "latency:200ms";
        QTest::newRow("uniform") << "latency:50ms..150ms" << true << "latency:50ms..150ms";
        QTest::newRow("p99 only") << "latency:200ms-p99" << true << "latency:50ms-p50/200ms-p99";
        QTest::newRow("p50 and p99") << "latency:20ms-p50/400ms-p99" << true << "latency:20ms-p50/400ms-p99";
        QTest::newRow("all") << "503:5%,reset:1%,stall:2%,latency:1s" << true << "503:5%,reset:1%,stall:2%,latency:1000ms";
        QTest::newRow("no percent sign") << "503:5" << false << "";
        QTest::newRow("over 100") << "503:101%" << false << "";
        QTest::newRow("shares add over 100") << "503:60%,reset:50%" << false << "";
        QTest::newRow("not a status") << "302:5%" << false << "";
        QTest::newRow("unknown item") << "drop:5%" << false << "";
        QTest::newRow("bad duration") << "latency:fast" << false << "";
        QTest::newRow("p50 over p99") << "latency:300ms-p50/200ms-p99" << false << "";
        QTest::newRow("uniform reversed") << "latency:150ms..50ms" << false << "";
        QTest::newRow("empty item") << "503:5%," << false << "";
    }
    void faultText()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(QString, canonical);
        std::string error;
        const auto faults = model::parseEchoFaults(text.toStdString(), error);
        QCOMPARE(faults.has_value(), valid);
        if (!valid) {
            QVERIFY2(!error.empty(), "a refusal says why");
            return;
        }
        QCOMPARE(QString::fromStdString(model::echoFaultsText(*faults)), canonical);
        const auto again = model::parseEchoFaults(model::echoFaultsText(*faults), error);
        QVERIFY(again && *again == *faults);
    }

    void faultOption()
    {
        std::string error;
        const auto f = model::parseFaultOption("shop/checkout-v2=503:20%,latency:200ms-p99", error);
        QVERIFY(f);
        QCOMPARE(f->first, std::string("shop/checkout-v2"));
        QCOMPARE(f->second.errorStatus, 503);
        QCOMPARE(f->second.errorRate, 0.2);
        QCOMPARE(f->second.latency.shape, Shape::LongTail);
        QVERIFY(!model::parseFaultOption("checkout-v2=503:20%", error));
        QVERIFY(error.find("NAMESPACE/SERVICE") != std::string::npos);
    }

    void workspaceKeepsFaultsAndPlans()
    {
        model::Workspace w;
        std::string error;
        w.echo["shop/v2"].faults = *model::parseEchoFaults("503:5%,reset:1%,latency:20ms-p50/400ms-p99", error);
        model::RolloutPlan p = plan({1, 10, 100}, 50, 3);
        p.rule = 2;
        p.maxP99IncreaseMs = 40;
        w.rollouts[p.key()] = p;
        const auto back = model::Workspace::fromJson(w.toJson(), error);
        QVERIFY2(back, error.c_str());
        QVERIFY(back->echo.at("shop/v2").faults == w.echo.at("shop/v2").faults);
        const model::RolloutPlan& q = back->rollouts.at("shop/checkout/2");
        QCOMPARE(q.routeName, std::string("checkout"));
        QCOMPARE(q.rule, 2);
        QCOMPARE(q.steps, (std::vector<int>{1, 10, 100}));
        QCOMPARE(q.minRequests, std::uint64_t(50));
        QCOMPARE(q.threshold, 3);
        QCOMPARE(q.maxP99IncreaseMs, std::optional<std::int64_t>(40));
        QVERIFY(!q.max5xxIncrease);
    }

    // Workspace files written before faults had shapes: latencyMs is a fixed delay, errorRate
    // answers 500.
    void workspaceReadsVersionOneEcho()
    {
        std::string error;
        const auto w = model::Workspace::fromJson(
            R"({"kind":"GatewayStudioWorkspace","version":1,"echo":{"ns/a":{"replicas":2,"latencyMs":30,"errorRate":0.1}}})",
            error);
        QVERIFY2(w, error.c_str());
        const auto& e = w->echo.at("ns/a");
        QCOMPARE(e.replicas, 2);
        QCOMPARE(e.faults.latency.shape, Shape::Fixed);
        QCOMPARE(e.faults.latency.aMs, 30.0);
        QCOMPARE(e.faults.errorStatus, 500);
        QCOMPARE(e.faults.errorRate, 0.1);
        QVERIFY(!model::Workspace::fromJson(R"({"kind":"GatewayStudioWorkspace","echo":{"ns/a":{"errorRate":1.5}}})", error));
        QVERIFY(error.find("errorRate") != std::string::npos);
    }

    void ruleRef_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("key");
        QTest::newRow("route") << "shop/checkout"
                               << "shop/checkout/0";
        QTest::newRow("rule") << "shop/checkout/3"
                              << "shop/checkout/3";
        QTest::newRow("no namespace") << "checkout"
                                      << "";
        QTest::newRow("empty route") << "shop/"
                                     << "";
        QTest::newRow("bad rule") << "shop/checkout/x"
                                  << "";
        QTest::newRow("negative rule") << "shop/checkout/-1"
                                       << "";
    }
    void ruleRef()
    {
        QFETCH(QString, text);
        QFETCH(QString, key);
        std::string error;
        const std::optional<model::RuleRef> ref = model::parseRuleRef(text.toStdString(), error);
        QCOMPARE(ref.has_value(), !key.isEmpty());
        QCOMPARE(error.empty(), ref.has_value());
        if (ref) {
            model::RolloutPlan p;
            p.aimAt(*ref);
            QCOMPARE(QString::fromStdString(p.key()), key);
        }
    }

    void planProblems()
    {
        QVERIFY(plan({1, 5, 25, 50, 100}).problems().empty());
        QVERIFY(!plan({5, 5}).problems().empty());
        QVERIFY(!plan({50, 10}).problems().empty());
        QVERIFY(!plan({0, 100}).problems().empty());
        QVERIFY(!plan({101}).problems().empty());
        QVERIFY(!plan({}).problems().empty());
        QVERIFY(!plan({10}, 0).problems().empty());
        QVERIFY(!plan({10}, 20, 0).problems().empty());
    }

    // One uniform draw per request: the shares come out as configured, cumulatively.
    void faultDrawShares()
    {
        std::string error;
        const auto faults = *model::parseEchoFaults("503:20%,reset:5%,stall:2%", error);
        std::minstd_rand random(7);
        std::map<runtime::backends::FaultDraw::Action, int> seen;
        const int n = 40000;
        for (int i = 0; i < n; ++i) {
            const auto d = runtime::backends::drawFault(faults, random);
            ++seen[d.action];
            if (d.action == runtime::backends::FaultDraw::Action::Error)
                QCOMPARE(d.status, 503);
        }
        using A = runtime::backends::FaultDraw::Action;
        QVERIFY(std::abs(seen[A::Error] / double(n) - 0.20) < 0.01);
        QVERIFY(std::abs(seen[A::Reset] / double(n) - 0.05) < 0.006);
        QVERIFY(std::abs(seen[A::Stall] / double(n) - 0.02) < 0.004);
        QVERIFY(std::abs(seen[A::Answer] / double(n) - 0.73) < 0.01);
        QCOMPARE(runtime::backends::drawFault({}, random).action, A::Answer);
    }

    void latencyDistributions()
    {
        std::minstd_rand random(11);
        std::vector<double> tail;
        for (int i = 0; i < 20000; ++i)
            tail.push_back(runtime::backends::drawLatencyMs({Shape::LongTail, 20, 400}, random));
        std::sort(tail.begin(), tail.end());
        const double p50 = tail[tail.size() / 2], p99 = tail[tail.size() * 99 / 100];
        QVERIFY2(std::abs(p50 - 20) < 2, qPrintable(QString::number(p50)));
        QVERIFY2(std::abs(p99 - 400) < 60, qPrintable(QString::number(p99)));
        for (int i = 0; i < 1000; ++i) {
            const double u = runtime::backends::drawLatencyMs({Shape::Uniform, 50, 150}, random);
            QVERIFY(u >= 50 && u <= 150);
        }
        QCOMPARE(runtime::backends::drawLatencyMs({Shape::Fixed, 200, 0}, random), 200.0);
        QCOMPARE(runtime::backends::drawLatencyMs({}, random), 0.0);
    }

    void gates_data()
    {
        QTest::addColumn<int>("answered");
        QTest::addColumn<int>("errors");
        QTest::addColumn<double>("ms");
        QTest::addColumn<int>("verdict");
        QTest::addColumn<QString>("reason");
        QTest::newRow("healthy") << 100 << 0 << 2.0 << int(Verdict::Passed) << "5xx 0%";
        QTest::newRow("just under the sample") << 19 << 19 << 2.0 << int(Verdict::Unjudged) << "answered 19 of the 20";
        QTest::newRow("at the sample") << 20 << 4 << 2.0 << int(Verdict::Failed) << "5xx 20% over the 1% allowed";
        QTest::newRow("1% is allowed") << 200 << 2 << 2.0 << int(Verdict::Passed) << "";
        QTest::newRow("slow") << 100 << 0 << 400.0 << int(Verdict::Failed) << "p99";
        QTest::newRow("slow and failing") << 100 << 50 << 400.0 << int(Verdict::Failed) << "5xx 50%";
    }
    void gates()
    {
        QFETCH(int, answered);
        QFETCH(int, errors);
        QFETCH(double, ms);
        QFETCH(int, verdict);
        QFETCH(QString, reason);
        const rollout::Check c = rollout::judge(plan({10, 100}), window(answered, errors, ms), window(500, 0, 2));
        QCOMPARE(int(c.verdict), verdict);
        std::string all;
        for (const std::string& r : c.reasons)
            all += r + "; ";
        QVERIFY2(all.find(reason.toStdString()) != std::string::npos, all.c_str());
    }

    void gatesAgainstStable()
    {
        model::RolloutPlan p = plan({10, 100});
        p.maxP99Ms = 1000;
        p.maxP99IncreaseMs = 50;
        const rollout::Check slower = rollout::judge(p, window(100, 0, 200), window(500, 0, 2));
        QCOMPARE(slower.verdict, Verdict::Failed);
        QVERIFY(slower.reasons.front().find("stable version") != std::string::npos);
        // Not judged against a stable version with too small a sample of its own.
        QCOMPARE(rollout::judge(p, window(100, 0, 200), window(5, 0, 2)).verdict, Verdict::Passed);
    }

    // Small early steps pass unjudged; the gates bite at the first step whose sample is large
    // enough, and not before.
    void rollbackAtFirstLargeEnoughSample()
    {
        rollout::Rollout r(plan({1, 5, 25, 50, 100}));
        QCOMPARE(r.canaryPercent(), 1);
        QCOMPARE(r.endStep(window(2, 1, 2), window(198, 0, 2), 1).outcome, Outcome::Advance);
        QCOMPARE(r.canaryPercent(), 5);
        QCOMPARE(r.endStep(window(10, 3, 2), window(190, 0, 2), 2).verdict, Verdict::Unjudged);
        QCOMPARE(r.canaryPercent(), 25);
        const rollout::Check& c = r.endStep(window(50, 10, 2), window(150, 0, 2), 3);
        QCOMPARE(c.verdict, Verdict::Failed);
        QCOMPARE(c.outcome, Outcome::RollBack);
        QCOMPARE(r.state(), rollout::Rollout::State::RolledBack);
        QCOMPARE(r.canaryPercent(), 0);
    }

    void promotedAfterTheLastStep()
    {
        rollout::Rollout r(plan({50, 100}));
        r.endStep(window(100, 0, 2), window(100, 0, 2), 1);
        QCOMPARE(r.canaryPercent(), 100);
        QCOMPARE(r.endStep(window(200, 1, 2), {}, 2).outcome, Outcome::Promote);
        QCOMPARE(r.state(), rollout::Rollout::State::Promoted);
        QCOMPARE(r.canaryPercent(), 100);
    }

    // The last step is never passed unjudged: it waits for its sample (no failed check), then
    // each short step is a failed check.
    void lastStepNeedsItsSample()
    {
        rollout::Rollout r(plan({100}, 20, 2));
        for (int i = 0; i < rollout::Rollout::kLastStepWaits; ++i) {
            const rollout::Check& wait = r.endStep(window(3, 0, 2), {}, i + 1);
            QCOMPARE(wait.verdict, Verdict::Unjudged);
            QCOMPARE(wait.outcome, Outcome::Hold);
            QCOMPARE(wait.failedChecks, 0);
        }
        QCOMPARE(r.canaryPercent(), 100);
        const rollout::Check& first = r.endStep(window(3, 0, 2), {}, 10);
        QCOMPARE(first.outcome, Outcome::Hold);
        QCOMPARE(first.failedChecks, 1);
        QCOMPARE(r.endStep(window(3, 0, 2), {}, 11).outcome, Outcome::RollBack);
    }

    void lastStepPromotesOnceItsSampleCame()
    {
        rollout::Rollout r(plan({100}));
        QCOMPARE(r.endStep(window(3, 0, 2), {}, 1).outcome, Outcome::Hold);
        QCOMPARE(r.endStep(window(30, 0, 2), {}, 2).outcome, Outcome::Promote);
    }

    void oneStatusCodePerService()
    {
        std::string error;
        QVERIFY(!model::parseEchoFaults("503:5%,500:5%", error));
        QVERIFY(error.find("one status code") != std::string::npos);
        QVERIFY(model::parseEchoFaults("503:5%,503:6%", error));
    }

    // threshold N: a failed check keeps the weight; the Nth rolls back; failed checks are counted
    // over the whole rollout, as Flagger's status.failedChecks.
    void thresholdHoldsThenRollsBack()
    {
        rollout::Rollout r(plan({10, 50, 100}, 20, 3));
        QCOMPARE(r.endStep(window(100, 10, 2), {}, 1).outcome, Outcome::Hold);
        QCOMPARE(r.canaryPercent(), 10);
        QCOMPARE(r.endStep(window(100, 0, 2), {}, 2).outcome, Outcome::Advance);
        QCOMPARE(r.endStep(window(100, 10, 2), {}, 3).outcome, Outcome::Hold);
        QCOMPARE(r.failedChecks(), 2);
        const rollout::Check& third = r.endStep(window(100, 10, 2), {}, 4);
        QCOMPARE(third.outcome, Outcome::RollBack);
        QCOMPARE(third.failedChecks, 3);
    }

    void stopLeavesTheStableSplit()
    {
        rollout::Rollout r(plan({10, 50, 100}));
        r.endStep(window(100, 0, 2), {}, 1);
        r.stop(1.5);
        QCOMPARE(r.state(), rollout::Rollout::State::Stopped);
        QCOMPARE(r.canaryPercent(), 0);
        QCOMPARE(r.checks().back().outcome, Outcome::Stopped);
    }
};

QTEST_GUILESS_MAIN(TstRolloutAnalysis)
#include "tst_rollout_analysis.moc"

// Real rehearsals on loopback: the embedded gateway serves tests/rollout/testdata/shop.yaml with
// echo backends, the canary's pods misbehave as asked, the traffic generator (or a client of the
// test's own) sends real requests, and each step is judged on the gateway's counters. Short
// steps (1 s) keep each case to a few seconds.

#include <QtTest>

#include <atomic>

#include "client/load_generator.h"
#include "echo_faults.h"
#include "export/exporter.h"
#include "rollout/rehearsal.h"
#include "topology.h"

using namespace gs;
using rollout::Outcome;
using rollout::Verdict;
using State = rollout::Rollout::State;

namespace {

rollout::RehearsalInput input(std::vector<int> steps, const std::string& canaryFaults = "")
{
    rollout::RehearsalInput in;
    model::Topology t = model::loadTopology({std::string(GWS_TESTDATA_DIR) + "/testdata/shop.yaml"});
    if (t.diagnostics.hasErrors())
        qFatal("shop.yaml has errors");
    in.objects = std::move(t.objects);
    std::string error;
    in.workspace.echo["shop/checkout-v2"].faults = *model::parseEchoFaults(canaryFaults, error);
    in.plan.routeNamespace = "shop";
    in.plan.routeName = "checkout";
    in.plan.steps = std::move(steps);
    in.plan.stepTimeMs = 1000;
    in.plan.minRequests = 20;
    in.plan.max5xxRate = 0.01;
    in.plan.maxP99Ms = 250;
    in.traffic.rate = 200;
    in.gateway.ephemeralPorts = true;
    in.gateway.workers = 2;
    return in;
}

// The weight of backendRef `i` of the rule in the exported YAML's HTTPRoute.
QString exportedWeights(const model::ObjectSet& objects)
{
    const std::string yaml = model::exportYaml(objects);
    QString out;
    std::size_t at = yaml.find("kind: HTTPRoute");
    while ((at = yaml.find("weight: ", at)) != std::string::npos) {
        at += 8;
        out += (out.isEmpty() ? "" : "/") + QString::fromStdString(yaml.substr(at, yaml.find('\n', at) - at));
    }
    return out;
}

}  // namespace

class TstRehearsal : public QObject {
    Q_OBJECT
private slots:
    void healthyCanaryIsPromoted()
    {
        auto in = input({10, 50, 100});
        in.plan.minRequests = 10;  // the 10 % step's 20 answers, with room for a slow machine
        const rollout::RehearsalResult r = rollout::rehearse(std::move(in));
        QVERIFY2(r.ran, r.error.c_str());
        QCOMPARE(r.state, State::Promoted);
        QCOMPARE(int(r.checks.size()), 3);
        for (const rollout::Check& c : r.checks)
            QCOMPARE(c.verdict, Verdict::Passed);
        // Each step's canary share follows its weight (200 requests/s for 1 s).
        const rollout::Check& first = r.checks[0];
        const double share = double(first.canary.answered) / double(first.canary.answered + first.stable.answered);
        QVERIFY2(std::abs(share - 0.10) < 0.04, qPrintable(QString::number(share)));
        QVERIFY(r.checks[2].stable.answered <= 20);  // at most the requests in flight when the weights changed
        QCOMPARE(r.finalWeights, (std::vector<std::int64_t>{0, 100}));
        QCOMPARE(r.rule.weights, (std::vector<std::int64_t>{90, 10}));
        QCOMPARE(exportedWeights(r.objects), QString("0/100"));
        QVERIFY(r.generated > 400);
        QVERIFY(!r.series.empty());
    }

    // 20 % 503s: steps 1 % (2 requests) and 5 % (10) are too small to judge; 25 % (50) is the
    // first large enough, and the rollback comes there.
    void failingCanaryRollsBackAtTheFirstLargeEnoughSample()
    {
        auto in = input({1, 5, 25, 50, 100}, "503:20%");
        const rollout::RehearsalResult r = rollout::rehearse(std::move(in));
        QVERIFY2(r.ran, r.error.c_str());
        QCOMPARE(r.state, State::RolledBack);
        QVERIFY(!r.checks.empty());
        const rollout::Check& last = r.checks.back();
        QCOMPARE(last.verdict, Verdict::Failed);
        QCOMPARE(last.outcome, Outcome::RollBack);
        QVERIFY(last.canary.answered >= 20);
        QVERIFY2(last.canary.errorRate() > 0.05, qPrintable(QString::number(last.canary.errorRate())));
        for (std::size_t i = 0; i + 1 < r.checks.size(); ++i) {
            QCOMPARE(r.checks[i].verdict, Verdict::Unjudged);
            QVERIFY(r.checks[i].canary.answered < 20);
        }
        QVERIFY(last.percent >= 25);  // 25 % at 200 requests/s; later only if the machine sent fewer
        QCOMPARE(r.finalWeights, (std::vector<std::int64_t>{100, 0}));
        QCOMPARE(exportedWeights(r.objects), QString("100/0"));
    }

    void latencyTripsTheP99Gate()
    {
        auto in = input({50, 100}, "latency:300ms");
        in.traffic.rate = 100;
        in.traffic.concurrency = 40;  // 300 ms answers: enough senders to keep the rate
        const rollout::RehearsalResult r = rollout::rehearse(std::move(in));
        QVERIFY2(r.ran, r.error.c_str());
        QCOMPARE(r.state, State::RolledBack);
        const rollout::Check& c = r.checks.front();
        QCOMPARE(c.verdict, Verdict::Failed);
        QVERIFY(c.canary.p99Ms() > 250);
        QVERIFY(c.stable.p99Ms() < 100);
        QVERIFY2(c.reasons.front().find("p99") == 0, c.reasons.front().c_str());
        QCOMPARE(c.canary.errors, std::uint64_t(0));
    }

    // Resets and stalls reach the gates as the 502s and 504s the gateway answers: a reset is not
    // taken for a stale pooled connection and resent, and a stall ends within its step.
    void resetsAndStallsCountAsErrors()
    {
        auto in = input({100}, "reset:30%,stall:10%");
        in.plan.maxP99Ms = 400;  // stalls answered 504 after 1 s (stallTimeout)
        in.traffic.rate = 100;
        in.plan.stepTimeMs = 2500;
        const rollout::RehearsalResult r = rollout::rehearse(std::move(in));
        QVERIFY2(r.ran, r.error.c_str());
        QCOMPARE(r.state, State::RolledBack);
        const rollout::Check& c = r.checks.front();
        QCOMPARE(c.verdict, Verdict::Failed);
        QVERIFY2(c.canary.errorRate() > 0.3 && c.canary.errorRate() < 0.55, qPrintable(QString::number(c.canary.errorRate())));
    }

    // No generator: requests from another client reach the gateway's counters and are judged.
    void externalTrafficCounts()
    {
        auto in = input({50, 100});
        in.traffic.generate = false;
        std::unique_ptr<runtime::client::LoadGenerator> external;
        in.onServing = [&](const runtime::ApplyResult& applied) {
            runtime::client::LoadSpec spec;
            spec.address = applied.listeners.front().address;
            spec.port = applied.listeners.front().port;
            spec.host = "checkout.shop.example";
            spec.path = "/cart/42";
            spec.rate = 150;
            spec.concurrency = 4;
            external = std::make_unique<runtime::client::LoadGenerator>(spec);
            external->start();
        };
        const rollout::RehearsalResult r = rollout::rehearse(std::move(in));
        QVERIFY(external);
        external->stop();
        QVERIFY2(r.ran, r.error.c_str());
        QCOMPARE(r.generated, std::uint64_t(0));
        QCOMPARE(r.state, State::Promoted);
        QVERIFY(r.checks.front().canary.answered >= 50);
        QVERIFY(external->results().completed >= r.checks.front().canary.answered);
    }

    // Stopped half-way: the stable split, whatever step it was on.
    void stoppedHalfWayLeavesTheStableSplit()
    {
        auto in = input({10, 50, 100});
        std::atomic<bool> stop{false};
        in.stop = &stop;
        in.onCheck = [&](const rollout::Check& c) {
            if (c.step == 0)
                stop = true;
        };
        const rollout::RehearsalResult r = rollout::rehearse(std::move(in));
        QVERIFY2(r.ran, r.error.c_str());
        QCOMPARE(r.state, State::Stopped);
        QCOMPARE(r.checks.back().outcome, Outcome::Stopped);
        QCOMPARE(r.finalWeights, (std::vector<std::int64_t>{100, 0}));
        QCOMPARE(exportedWeights(r.objects), QString("100/0"));
        QVERIFY(r.seconds < 5);
    }

    void refusesWhatCannotRun()
    {
        auto missing = input({10, 100});
        missing.plan.routeName = "nope";
        rollout::RehearsalResult r = rollout::rehearse(std::move(missing));
        QVERIFY(!r.ran);
        QVERIFY2(r.error.find("shop/nope is not in the files") != std::string::npos, r.error.c_str());
        auto noSplit = input({10, 100});
        noSplit.plan.rule = 3;
        r = rollout::rehearse(std::move(noSplit));
        QVERIFY(!r.ran);
        QVERIFY2(r.error.find("no rule 3") != std::string::npos, r.error.c_str());
        auto badPlan = input({50, 10});
        r = rollout::rehearse(std::move(badPlan));
        QVERIFY(!r.ran);
        QVERIFY2(r.error.find("steps must increase") != std::string::npos, r.error.c_str());
    }
};

QTEST_GUILESS_MAIN(TstRehearsal)
#include "tst_rehearsal.moc"

// The editor's rehearsal against what a person may do around it, offscreen with a real gateway on
// the bundled demo: faults kept in the workspace and never in the YAML, a rehearsal as one undo
// step (two rehearsals as two), and the rehearsal stopping at the stable split when the weights are
// changed under it or the gateway stops.
#include <QSignalSpy>
#include <QtTest>

#include "document.h"
#include "live_gateway.h"
#include "node_list_model.h"
#include "rollout_rehearsal.h"

using namespace gs::gui;

namespace {

const QString kRoute = "httproute/default/traffic-split";

struct Setup {
    Document doc;
    LiveGateway live;
    RolloutRehearsal rehearsal;
    Setup()
    {
        doc.fileOps()->newFromTemplate("demo");
        live.setProperty("ephemeralPorts", true);
        live.setDocument(&doc);
        rehearsal.setProperty("document", QVariant::fromValue(&doc));
        rehearsal.setLive(&live);
        rehearsal.select(kRoute, 0);
        rehearsal.setProperty("steps", "50,100");
        rehearsal.setProperty("stepTime", "400ms");
        rehearsal.setProperty("minRequests", 5);
        rehearsal.setProperty("rate", 100);
    }
};

QString faultsOnNode(Document& doc, const QString& id)
{
    NodeListModel* nodes = doc.nodes();
    for (int row = 0; row < nodes->rowCount(); ++row) {
        const QModelIndex i = nodes->index(row);
        if (nodes->data(i, NodeListModel::IdRole).toString() == id)
            return nodes->data(i, NodeListModel::FaultsRole).toString();
    }
    return "no node";
}

}  // namespace

class TstRolloutEditor : public QObject {
    Q_OBJECT
private slots:
    void faultsLiveInTheWorkspace()
    {
        Setup s;
        const QString yaml = s.doc.yamlText();
        QVERIFY(!s.doc.local()->setEchoFaults("service/default/app-v2", "503:5"));  // refused, with a reason
        QVERIFY(s.doc.local()->setEchoFaults("service/default/app-v2", "503:20%,latency:20ms-p50/200ms-p99"));
        QCOMPARE(s.doc.local()->echoFaults("service/default/app-v2"), QString("503:20%,latency:20ms-p50/200ms-p99"));
        QCOMPARE(s.doc.yamlText(), yaml);
        QVERIFY(!s.doc.canUndo());  // not an edit of the YAML
        QCOMPARE(faultsOnNode(s.doc, "service/default/app-v2"), QString("20% 503 · p50 20 ms p99 200 ms"));
        QCOMPARE(faultsOnNode(s.doc, "service/default/app-v1"), QString());
        QVERIFY(!s.doc.local()->setEchoFaults("httproute/default/traffic-split", "503:5%"));
    }

    void eachRehearsalIsOneUndoStep()
    {
        Setup s;
        const QString before = s.doc.yamlText();
        QVERIFY(s.rehearsal.start());
        QVERIFY(QTest::qWaitFor([&] { return s.rehearsal.state() == "promoted"; }, 15000));
        QVERIFY(s.doc.yamlText().contains("weight: 0\n        - name: app-v2"));
        const QString promoted = s.doc.yamlText();
        QVERIFY(s.doc.local()->setEchoFaults("service/default/app-v2", "503:50%"));
        QVERIFY(s.rehearsal.start());
        QVERIFY(QTest::qWaitFor([&] { return s.rehearsal.state() == "rolled back"; }, 15000));
        QVERIFY(s.doc.yamlText().contains("weight: 100\n        - name: app-v2"));
        s.doc.undo();  // the second rehearsal
        QCOMPARE(s.doc.yamlText(), promoted);
        s.doc.undo();  // the first
        QCOMPARE(s.doc.yamlText(), before);
        QVERIFY(!s.doc.canUndo());
    }

    // The canary slower than the stable version by more than the gate allows: rolled back, and
    // the plan (with that gate) kept in the workspace for the rule.
    void gateAgainstStable()
    {
        Setup s;
        QVERIFY(s.doc.local()->setEchoFaults("service/default/app-v2", "latency:120ms"));
        s.rehearsal.setProperty("maxP99", "2s");
        s.rehearsal.setProperty("maxP99Increase", "50ms");
        s.rehearsal.setProperty("stepTime", "1s");
        QVERIFY(s.rehearsal.start());
        QVERIFY(QTest::qWaitFor([&] { return !s.rehearsal.running(); }, 15000));
        QCOMPARE(s.rehearsal.state(), QString("rolled back"));
        QVERIFY2(s.rehearsal.verdict().contains("stable version"), qPrintable(s.rehearsal.verdict()));
        QCOMPARE(s.doc.local()->rolloutPlan(kRoute, 0).maxP99IncreaseMs, std::optional<std::int64_t>(50));
    }

    void weightsChangedUnderItStopIt()
    {
        Setup s;
        s.rehearsal.setProperty("stepTime", "3s");
        QVERIFY(s.rehearsal.start());
        QVERIFY(QTest::qWaitFor([&] { return s.doc.yamlText().contains("weight: 50"); }, 5000));
        QTest::qWait(300);
        QVERIFY(s.live.setCanaryPercent(kRoute, 0, 25));  // a preset while it runs
        QVERIFY(QTest::qWaitFor([&] { return !s.rehearsal.running(); }, 3000));
        QCOMPARE(s.rehearsal.state(), QString("stopped"));
        QVERIFY2(s.rehearsal.message().contains("changed during the rehearsal"), qPrintable(s.rehearsal.message()));
        QVERIFY(s.doc.yamlText().contains("weight: 100\n        - name: app-v2"));  // the stable split
    }

    void gatewayStoppedStopsIt()
    {
        Setup s;
        s.rehearsal.setProperty("stepTime", "3s");
        QVERIFY(s.rehearsal.start());
        QVERIFY(QTest::qWaitFor([&] { return s.rehearsal.running() && s.live.running(); }, 3000));
        s.live.stop();
        QVERIFY(QTest::qWaitFor([&] { return !s.rehearsal.running(); }, 3000));
        QCOMPARE(s.rehearsal.state(), QString("stopped"));
        QVERIFY2(s.rehearsal.message().contains("gateway stopped"), qPrintable(s.rehearsal.message()));
    }

    void refusesWhatCannotRun()
    {
        Setup s;
        s.rehearsal.setProperty("steps", "50,10");
        QVERIFY(!s.rehearsal.start());
        QVERIFY2(s.rehearsal.message().contains("steps must increase"), qPrintable(s.rehearsal.message()));
        s.rehearsal.setProperty("steps", "50,100");
        s.rehearsal.setProperty("stepTime", "soon");
        QVERIFY(!s.rehearsal.start());
        QVERIFY(s.rehearsal.message().contains("Step time"));
        s.rehearsal.setProperty("stepTime", "1s");
        s.rehearsal.setProperty("maxP99Increase", "fast");
        QVERIFY(!s.rehearsal.start());
        QVERIFY2(s.rehearsal.message().contains("p99 above stable"), qPrintable(s.rehearsal.message()));
        s.rehearsal.setProperty("maxP99Increase", "");
        s.rehearsal.select("httproute/default/app-route", 0);  // one backendRef: nothing to split
        s.rehearsal.setProperty("stepTime", "1s");
        QVERIFY(!s.rehearsal.start());
        QVERIFY2(s.rehearsal.message().contains("fewer than two backendRefs"), qPrintable(s.rehearsal.message()));
        QVERIFY(!s.live.running());
    }
};

QTEST_MAIN(TstRolloutEditor)
#include "tst_rollout_editor.moc"

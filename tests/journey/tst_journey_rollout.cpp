// Rehearsing a canary rollout in the editor, as a person does it: the canary's Service gets a
// fault in the inspector (typed, never in the YAML), Run, Rehearse… on the split, a short plan
// typed into the Rollout tab, Rehearse; the timeline fills step by step and ends with the
// verdict, the YAML says where the weights ended, and one Ctrl+Z takes the whole rehearsal back.
// At 1024×640 light and 1920×1080 dark.
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

#include "document.h"
#include "journey.h"
#include "live_gateway.h"
#include "rollout_rehearsal.h"

using journey::Journey;
using journey::retype;
using journey::textOf;

namespace {

gs::gui::RolloutRehearsal* rehearsalOf(Journey& j)
{
    return j.window()->property("rehearsal").value<gs::gui::RolloutRehearsal*>();
}

}  // namespace

class JourneyRollout : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

private slots:
    void initTestCase() { gs::gui::setUpEditorApplication(); }
    void init() { QSettings().clear(); }

    void failingCanaryRollsBack_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<bool>("dark");
        QTest::newRow("1024x640 light") << QSize(1024, 640) << false;
        QTest::newRow("1920x1080 dark") << QSize(1920, 1080) << true;
    }
    void failingCanaryRollsBack()
    {
        QFETCH(QSize, size);
        QFETCH(bool, dark);
        const QString tag = dark ? "dark" : "light";
        Journey j;
        QVERIFY(j.open({{}, "service/default/app-v2", dark, false}, size));
        gs::gui::Document& doc = j.document();
        const QString before = doc.yamlText();
        QVERIFY(j.click(j.waitItem("inspectorTab")));
        QVERIFY(retype(j, "echoFaults", "503:40%"));
        QVERIFY2(Journey::waitFor([&] { return doc.local()->echoFaults("service/default/app-v2") == "503:40%"; }),
                 qPrintable(doc.local()->echoFaults("service/default/app-v2")));
        QCOMPARE(doc.yamlText(), before);  // never in the YAML
        j.screenshot("rollout-fault-" + tag);

        gs::gui::LiveGateway* live = j.editor().live();
        live->setProperty("ephemeralPorts", true);
        QVERIFY(j.click(j.item("runGateway")));
        QVERIFY(Journey::waitFor([&] { return live->running(); }));
        if (size.width() < 1200)
            QVERIFY(j.click(j.waitItem("splitsTab")));
        QQuickItem* rehearse = j.waitItem("rehearse");
        QVERIFY2(rehearse, "no Rehearse button on the split");
        QVERIFY(j.click(rehearse));
        QVERIFY2(j.waitItem("rolloutPanel"), "Rehearse did not show the Rollout tab");
        QVERIFY(retype(j, "rolloutSteps", "50,100"));
        QVERIFY(retype(j, "rolloutStepTime", "2s"));  // 50 canary answers at 50 %: well over the 20 a check needs
        QVERIFY(retype(j, "rolloutMax5xx", "5%"));
        QVERIFY(j.click(j.item("rolloutStart")));
        gs::gui::RolloutRehearsal* r = rehearsalOf(j);
        QVERIFY(r);
        QVERIFY2(Journey::waitFor([&] { return r->running(); }, 3000), qPrintable(r->message()));
        QVERIFY(Journey::waitFor([&] { return j.item("rolloutCheck:0") != nullptr; }, 15000));
        QVERIFY(Journey::waitFor([&] { return !r->running(); }, 20000));
        const QString verdict = textOf(j, "rolloutVerdictText");
        QVERIFY2(verdict.startsWith("rolled back at 50 %") && verdict.contains("5xx"), qPrintable(verdict));
        QVERIFY(j.waitItem("rolloutChart"));
        QVERIFY(Journey::waitFor([&] { return doc.yamlText().contains("weight: 100") && doc.yamlText().contains("weight: 0"); }));
        Journey::settle(300);
        j.screenshot("rollout-rolled-back-" + tag);
        const QStringList cut = journey::cutTexts(j.item("rolloutPanel"));
        QVERIFY2(cut.isEmpty(), qPrintable(cut.join("\n")));

        // One undo step takes the whole rehearsal back to 80/20.
        QVERIFY(j.click(j.item("inspectorTab")));
        QVERIFY(j.key("Escape"));
        QVERIFY(j.key("ctrl+z"));
        QVERIFY2(Journey::waitFor([&] { return doc.yamlText() == before; }),
                 qPrintable(doc.yamlText().mid(doc.yamlText().indexOf("traffic-split"), 400)));
    }

    // Healthy: promoted, the canary at 100 % in the YAML; the report saved as Markdown and PNG.
    void healthyCanaryIsPromotedAndReported()
    {
        Journey j;
        QVERIFY(j.open({}, {1280, 800}));
        gs::gui::Document& doc = j.document();
        gs::gui::LiveGateway* live = j.editor().live();
        live->setProperty("ephemeralPorts", true);
        QVERIFY(j.click(j.item("runGateway")));
        QVERIFY(Journey::waitFor([&] { return live->running(); }));
        QVERIFY(j.click(j.waitItem("rehearse")));
        QVERIFY(retype(j, "rolloutSteps", "50,100"));
        QVERIFY(retype(j, "rolloutStepTime", "2s"));
        QVERIFY(j.click(j.item("rolloutStart")));
        gs::gui::RolloutRehearsal* r = rehearsalOf(j);
        QVERIFY(Journey::waitFor([&] { return r->state() == "promoted"; }, 30000));
        QVERIFY2(textOf(j, "rolloutVerdictText").startsWith("promoted"), qPrintable(textOf(j, "rolloutVerdictText")));
        QVERIFY(Journey::waitFor([&] { return doc.yamlText().contains("weight: 0\n        - name: app-v2"); }));
        QVERIFY(r->saveReport(dir_.filePath("report.md")));
        QFile md(dir_.filePath("report.md"));
        QVERIFY(md.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(md.readAll());
        QVERIFY2(text.contains("**Promoted at 100 %") && text.contains("(report.png)"), qPrintable(text));
        QImage chart(dir_.filePath("report.png"));
        QVERIFY(!chart.isNull() && chart.width() == 900);
        Journey::settle(200);
        j.screenshot("rollout-promoted");
    }
};

QTEST_MAIN(JourneyRollout)
#include "tst_journey_rollout.moc"

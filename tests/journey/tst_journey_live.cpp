// Journeys with the local gateway, through the real window: Run refused for errors says so in the
// banner and lists them (a click shows the line); the traffic generator's default request is
// routed and its words follow Stop; the canary preset does not set off the drift warning; a file
// changed on disk and reloaded leaves no stale words behind; the tracer's Send keeps the window
// live and shows the answer.
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

#include "document.h"
#include "journey.h"
#include "live_gateway.h"
#include "traffic_generator.h"

using journey::Journey;
using journey::textOf;

namespace {

QString demoText()
{
    QFile f(GWS_SOURCE_DIR "/resources/demo/demo.yaml");
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

void writeFile(const QString& path, const QString& text)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text.toUtf8());
}

}  // namespace

class JourneyLive : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

private slots:
    void initTestCase() { gs::gui::setUpEditorApplication(); }
    void init() { QSettings().clear(); }

    // Two files that both define the GatewayClass: Run says why it does not start, where the
    // user is looking, and a click on the error shows its line in the YAML.
    void runRefusedForErrorsSaysWhy()
    {
        writeFile(dir_.filePath("a.yaml"), demoText());
        writeFile(dir_.filePath("b.yaml"),
                  "apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata:\n"
                  "  name: gateway-studio\nspec:\n  controllerName: gateway-studio.dev/local-controller\n");
        Journey j;
        QVERIFY(j.open({{dir_.filePath("a.yaml"), dir_.filePath("b.yaml")}, {}, false, false}, {1024, 640}));
        QVERIFY(j.document().errorCount() > 0);
        j.editor().live()->setProperty("ephemeralPorts", true);
        QQuickItem* run = j.item("runGateway");
        QVERIFY(run ? j.click(run) : j.key("ctrl+r"));
        QVERIFY2(j.waitItem("errorBanner"), "Run with an error shows nothing in the window");
        const QString headline = textOf(j, "errorBannerText");
        QVERIFY2(headline.contains("Not started") && headline.contains("error"), qPrintable(headline));
        QVERIFY(!j.editor().live()->running());
        // The details name the file, line and the duplicate.
        QQuickItem* detail = nullptr;
        for (QQuickItem* i : j.items(""))
            if (i->property("text").toString().contains("duplicate") && i->inherits("QQuickText"))
                detail = i;
        QVERIFY2(detail, "the banner does not list the error");
        QVERIFY(detail->property("text").toString().contains("b.yaml:"));
        j.screenshot("live-run-refused");
        QVERIFY(j.click(detail));
        QVERIFY(Journey::waitFor([&] { return j.document().currentFile() == 1; }));
        QQuickItem* yaml = j.waitItem("yamlEditor");
        QVERIFY(yaml && yaml->isVisible());
        // Dismissed, it goes.
        QVERIFY(j.click(j.item("errorBannerDismiss")));
        QVERIFY(Journey::waitFor([&] { return !j.item("errorBanner"); }));
    }

    // Run, Traffic tab, Start with what it proposes: the requests are routed (200, no 404 on the
    // listener); Stop says it stopped.
    void generatorDefaultRequestIsRouted()
    {
        Journey j;
        QVERIFY(j.open({}, {1280, 800}));
        j.editor().live()->setProperty("ephemeralPorts", true);
        QVERIFY(j.click(j.item("runGateway")));
        QVERIFY(Journey::waitFor([&] { return j.editor().live()->running(); }));
        QVERIFY(j.click(j.item("trafficTab")));
        QQuickItem* host = j.waitItem("generatorHost");
        QVERIFY(host);
        QCOMPARE(host->property("text").toString(), QString("example.com"));  // a value, not a grey placeholder
        QVERIFY(j.click(j.item("generatorStart")));
        gs::gui::TrafficGenerator* generator = j.editor().generator();
        QVERIFY(Journey::waitFor([&] { return generator->results().value("completed").toInt() >= 20; }, 10000));
        QVERIFY(j.click(j.item("generatorStart")));  // now Stop
        QVERIFY(Journey::waitFor([&] { return !generator->running(); }));
        const QString statuses = generator->results().value("statuses").toString();
        QVERIFY2(statuses.startsWith("200 × ") && !statuses.contains("404"), qPrintable(statuses));
        QVERIFY2(generator->message().startsWith("Stopped after"), qPrintable(generator->message()));
        QVERIFY(!textOf(j, "message").contains("Sending"));
        QVERIFY(!j.item("notRouted:gateway/default/demo-gateway:http"));
        j.screenshot("live-generator");

        // A Host no route takes: counted on the listener, in red.
        QVERIFY(j.click(host));
        QVERIFY(j.key("ctrl+a"));
        QVERIFY(j.type("nobody.example"));
        QVERIFY(j.click(j.item("generatorStart")));
        QVERIFY(Journey::waitFor([&] { return j.item("notRouted:gateway/default/demo-gateway:http") != nullptr; }, 10000));
        QVERIFY(j.click(j.item("generatorStart")));
        j.screenshot("live-not-routed");
    }

    // Trace tab, Send with the gateway running: the button says it is sending, the window keeps
    // drawing while the request is out (it goes from a thread of its own), and the answer shows.
    void sendFromTheTracerKeepsTheWindowLive()
    {
        for (const bool dark : {false, true}) {
            Journey j;
            QVERIFY(j.open({{}, {}, dark, false}, dark ? QSize(1920, 1080) : QSize(1024, 640)));
            gs::gui::LiveGateway* live = j.editor().live();
            live->setProperty("ephemeralPorts", true);
            QVERIFY(j.click(j.item("runGateway")));
            QVERIFY(Journey::waitFor([&] { return live->running(); }));
            QVERIFY(j.click(j.item("traceTab")));
            QQuickItem* send = j.waitItem("sendButton");
            QVERIFY(send && send->property("enabled").toBool());
            QVERIFY(j.click(send));
            QVERIFY(Journey::waitFor([&] { return textOf(j, "traceResponseStatus").contains("HTTP 200"); }, 10000));
            QVERIFY(send->property("enabled").toBool());
            QCOMPARE(send->property("text").toString(), QString("Send"));
            QVERIFY2(textOf(j, "traceResponse").contains("\"path\": \"/\""), qPrintable(textOf(j, "traceResponse")));
            j.screenshot(dark ? "live-trace-sent-dark" : "live-trace-sent");
        }
    }

    // Traffic at 80/20, then the 50 % preset: the observed shares start again, and no drift
    // warning appears for the traffic sent before the change.
    void presetDoesNotSetOffTheDriftWarning()
    {
        Journey j;
        QVERIFY(j.open({}, {1280, 800}));
        gs::gui::LiveGateway* live = j.editor().live();
        live->setProperty("ephemeralPorts", true);
        QVERIFY(j.click(j.item("runGateway")));
        QVERIFY(Journey::waitFor([&] { return live->running(); }));
        gs::gui::TrafficGenerator* generator = j.editor().generator();
        generator->setProperty("rate", 200);
        QVERIFY(j.click(j.item("trafficTab")));
        QVERIFY(j.click(j.waitItem("generatorStart")));
        QVERIFY(Journey::waitFor([&] { return generator->results().value("completed").toInt() >= 300; }, 10000));
        QQuickItem* split = j.waitItem("split:httproute/default/traffic-split/rule/0");
        QVERIFY(split);
        QQuickItem* preset = nullptr;
        for (QQuickItem* i : j.items("preset:50"))
            preset = i;
        QVERIFY2(preset, "no 50 % preset on the splits panel");
        QVERIFY(j.click(preset));
        QVERIFY(Journey::waitFor([&] { return j.document().yamlText().contains("weight: 50"); }));
        for (int i = 0; i < 20; ++i) {  // two seconds of polls under the new weights
            Journey::settle(100);
            QVERIFY2(j.item("split:httproute/default/traffic-split/rule/0")->property("drift").toString().isEmpty(),
                     qPrintable(j.item("split:httproute/default/traffic-split/rule/0")->property("drift").toString()));
        }
        j.screenshot("live-after-preset");
        QVERIFY(j.click(j.item("generatorStart")));
    }

    // A file changed by someone else: the bar says so; Reload reads it, and the footer no longer
    // speaks of a change on disk.
    void reloadLeavesNoStaleWords()
    {
        const QString file = dir_.filePath("disk.yaml");
        writeFile(file, demoText());
        Journey j;
        QVERIFY(j.open({{file}, {}, false, false}, {1280, 800}));
        Journey::settle(200);
        writeFile(file, demoText().replace("weight: 80", "weight: 70"));
        QVERIFY(j.waitItem("diskChangedBar"));
        QVERIFY(textOf(j, "message").contains("changed on disk"));
        QQuickItem* reload = nullptr;
        for (QQuickItem* i : j.items(""))
            if (i->property("text").toString() == "Reload" && i->inherits("QQuickAbstractButton"))
                reload = i;
        QVERIFY(j.click(reload));
        QVERIFY(Journey::waitFor([&] { return j.document().yamlText().contains("weight: 70"); }));
        QVERIFY(Journey::waitFor([&] { return !j.item("diskChangedBar"); }));
        QVERIFY2(!textOf(j, "message").contains("changed on disk"), qPrintable(textOf(j, "message")));
    }
};

QTEST_MAIN(JourneyLive)
#include "tst_journey_live.moc"

// The whole task a new user comes with, through the real window with real input only, at
// 1024×640 and at 1280×800: open a file, add a Service and rename it, connect the route to it,
// save, run, send traffic and watch it, move the canary, export. Nothing on the way needs a
// workaround, and what was done is on disk.
#include <QAbstractButton>
#include <QFileDialog>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

#include "document.h"
#include "journey.h"
#include "live_gateway.h"
#include "traffic_generator.h"

using journey::Journey;

namespace {

QString readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

// Clicks the palette's `kind`, or the Add menu's in a narrow window.
bool addFromPalette(Journey& j, const QString& kind)
{
    if (QQuickItem* button = j.item("palette-" + kind))
        return j.click(button);
    return j.click(j.waitItem("addMenuButton")) && j.click(j.waitItem("add:" + kind));
}

// Clicks a toolbar command, or finds it in the overflow menu.
bool command(Journey& j, const QString& button, const QString& text)
{
    if (QQuickItem* b = j.item(button))
        return j.click(b);
    if (!j.click(j.waitItem("overflowButton")))
        return false;
    for (QQuickItem* i : j.items("overflow:"))
        if (i->property("text").toString().contains(text))
            return j.click(i);
    return false;
}

// The banner's text when it shows (nothing went wrong on the way: "").
QString banner(Journey& j)
{
    QQuickItem* text = j.item("errorBannerText");
    return text ? text->property("text").toString() : QString();
}

}  // namespace

class JourneyWhole : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { gs::gui::setUpEditorApplication(); }

    void openEditConnectSaveRunWatchCanaryExport_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::newRow("1024x640") << QSize(1024, 640);
        QTest::newRow("1280x800") << QSize(1280, 800);
    }

    void openEditConnectSaveRunWatchCanaryExport()
    {
        QFETCH(QSize, size);
        QSettings().clear();
        QTemporaryDir dir;
        const QString shop = dir.filePath("shop.yaml");
        QVERIFY(QFile::copy(GWS_SOURCE_DIR "/resources/templates/plain-http.yaml", shop));
        QFile::setPermissions(shop, QFile::ReadOwner | QFile::WriteOwner);
        const QString tag = QStringLiteral("whole-%1x%2-").arg(size.width()).arg(size.height());

        Journey j;
        QVERIFY(j.open({}, size));
        // Open.
        QVERIFY(j.key("ctrl+o"));
        QFileDialog* dialog = j.fileDialog();
        QVERIFY(dialog);
        QVERIFY(j.typeFileName(dialog, shop));
        QVERIFY(j.click(Journey::button(dialog, "Open")));
        QVERIFY(Journey::waitFor([&] { return j.document().filePaths() == QStringList{shop}; }));
        QVERIFY(j.waitItem("node:httproute/default/web"));

        // Add a Service and name it in the inspector.
        QVERIFY(addFromPalette(j, "Service"));
        QVERIFY(Journey::waitFor([&] { return j.document().selection()->current() == "service/default/service-1"; }));
        QQuickItem* name = j.waitItem("editor:metadata.name");
        QVERIFY(name);
        QVERIFY(j.click(name));
        QVERIFY(j.key("ctrl+a"));
        QVERIFY(j.type("web-v2"));
        QVERIFY(j.key("Return"));
        QVERIFY(Journey::waitFor([&] { return j.document().yamlText().contains("name: web-v2"); }));
        QCOMPARE(j.document().selection()->current(), QString("service/default/web-v2"));
        QCOMPARE(banner(j), QString());
        QQuickItem* fit = j.item("fitButton");
        QVERIFY(fit ? j.click(fit) : j.key("ctrl+0"));
        Journey::settle(300);

        // Connect the route to it: drag the route's + handle onto the Service.
        QQuickItem* handle = j.waitItem("connect:httproute/default/web");
        QQuickItem* target = j.waitItem("node:service/default/web-v2");
        QVERIFY(handle && target);
        QVERIFY(j.drag(handle, QPointF(-1, -1), target, QPointF(-1, -1)));
        QVERIFY2(Journey::waitFor([&] { return j.document().yamlText().contains("- name: web-v2"); }),
                 qPrintable(j.document().message()));
        j.screenshot(tag + "connected");

        // Save.
        QVERIFY(j.key("ctrl+s"));
        QVERIFY(Journey::waitFor([&] { return readFile(shop).contains("- name: web-v2"); }));
        QVERIFY(!j.document().modified());

        // Run, and send traffic from the Traffic tab.
        j.editor().live()->setProperty("ephemeralPorts", true);
        QVERIFY(command(j, "runGateway", "Run"));
        QVERIFY(Journey::waitFor([&] { return j.editor().live()->running(); }));
        QVERIFY(j.click(j.item("trafficTab")));
        QVERIFY(j.click(j.waitItem("generatorStart")));
        QVERIFY(Journey::waitFor([&] { return j.editor().generator()->results().value("completed").toInt() >= 30; }, 10000));
        // Watch: the edges to both Services carry traffic.
        QVERIFY(Journey::waitFor(
            [&] {
                const QString a = j.editor().live()->edgeTraffic("httproute/default/web/rule/0/backend/0")["text"].toString();
                const QString b = j.editor().live()->edgeTraffic("httproute/default/web/rule/0/backend/1")["text"].toString();
                return a.contains("/s") && b.contains("/s");
            },
            8000));
        j.screenshot(tag + "running");

        // Move the canary to 100 % from the splits panel.
        if (QQuickItem* tab = j.item("splitsTab"))
            QVERIFY(j.click(tab));
        QQuickItem* promote = j.waitItem("promote");
        QVERIFY2(promote, "the splits panel shows no canary controls");
        QVERIFY(j.click(promote));
        QVERIFY(Journey::waitFor([&] { return j.document().yamlText().contains("weight: 0"); }));
        QVERIFY(j.click(j.item("generatorStart")));  // Stop
        j.screenshot(tag + "promoted");

        // Export.
        QVERIFY(j.click(j.item("fileMenuButton")));
        QVERIFY(j.click(j.waitItem("menuExport")));
        dialog = j.fileDialog();
        QVERIFY(dialog);
        QVERIFY(j.typeFileName(dialog, dir.filePath("cluster.yaml")));
        QVERIFY(j.click(Journey::button(dialog, "Export")));
        QVERIFY(Journey::waitFor([&] { return readFile(dir.filePath("cluster.yaml")).contains("name: web-v2"); }));
        const QString exported = readFile(dir.filePath("cluster.yaml"));
        QVERIFY(exported.contains("apiVersion: gateway.networking.k8s.io/v1") && !exported.contains("status:"));
        // The canary change is unsaved; quitting asks. Nothing went wrong on the way.
        QVERIFY(j.document().modified());
        QCOMPARE(banner(j), QString());
        j.editor().live()->stop();
    }
};

QTEST_MAIN(JourneyWhole)
#include "tst_journey_whole.moc"

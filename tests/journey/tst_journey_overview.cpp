// A platform team's big workspace, through the real window: 2,001 objects (200 Gateways in ten
// namespaces, 900 routes, their Services) opened without a workspace file, fitted, collapsed into
// the overview of its namespaces from the canvas's menu, one namespace expanded by a double-click,
// a Gateway's paths in focus mode and back with Escape, then a Gateway placed by hand and the
// layout run again around it. At 1920 × 1080 light and 1024 × 640 dark.
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

#include "../support/big_topology.h"
#include "document.h"
#include "journey.h"

using journey::Journey;

namespace {

QRectF rectOf(gs::gui::Document& d, const QString& id)
{
    const QVariantMap g = d.nodeGeometry(id);
    return {g.value("x").toDouble(), g.value("y").toDouble(), g.value("width").toDouble(), g.value("height").toDouble()};
}

// Where node `id`'s centre is on the canvas (view pixels): zoomed out, the canvas paints the
// nodes (OverviewLayer) instead of making an item of each, so a person's click lands on the canvas.
QPointF viewPointOf(QQuickItem* canvas, gs::gui::Document& d, const QString& id)
{
    const QPointF c = rectOf(d, id).center();
    QVariant p;
    QMetaObject::invokeMethod(canvas, "toView", Q_RETURN_ARG(QVariant, p), Q_ARG(QVariant, c.x()), Q_ARG(QVariant, c.y()));
    return p.toPointF();
}

}  // namespace

class JourneyOverview : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { gs::gui::setUpEditorApplication(); }
    void init() { QSettings().clear(); }

    void bigWorkspace_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<bool>("dark");
        QTest::newRow("1920x1080-light") << QSize(1920, 1080) << false;
        QTest::newRow("1024x640-dark") << QSize(1024, 640) << true;
    }

    void bigWorkspace()
    {
        QFETCH(QSize, size);
        QFETCH(bool, dark);
        const QString tag = QString::fromLatin1(QTest::currentDataTag());
        QTemporaryDir dir;
        const QString path = dir.filePath("platform.yaml");
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray::fromStdString(gs::testing::bigTopology(200, 900)));
        }
        Journey j;
        gs::gui::EditorOptions options;
        options.files = {path};
        options.dark = dark;
        QVERIFY(j.open(options, size));
        gs::gui::Document& d = j.document();
        QCOMPARE(d.objectCount(), 2001);

        // Fit: the whole workspace, shaped like the canvas, not a column.
        QQuickItem* canvas = j.waitItem("graphCanvas");
        QVERIFY(canvas);
        QVERIFY(j.click(canvas, QPointF(6, 6)));
        QVERIFY(j.key("ctrl+0"));
        Journey::settle(300);
        const QRectF b = d.bounds();
        const double canvasAspect = canvas->width() / canvas->height();
        QVERIFY2(b.width() / b.height() > canvasAspect / 2.5 && b.width() / b.height() < canvasAspect * 2.5,
                 qPrintable(QStringLiteral("%1 × %2 in a %3 × %4 canvas")
                                .arg(b.width())
                                .arg(b.height())
                                .arg(canvas->width())
                                .arg(canvas->height())));
        // The fitted view shows it all: the canvas's zoom goes below the old floor of 0.2.
        QVERIFY(canvas->property("zoom").toDouble() < 0.2);
        j.screenshot("overview-fit-" + tag);

        // The canvas's menu: every namespace collapsed into one node.
        QVERIFY(j.rightClick(canvas, QPointF(6, 6)));
        QVERIFY(j.click(j.waitItem("menuOverview")));
        QVERIFY(Journey::waitFor([&] { return d.canvas()->collapsedCount() == 10; }));
        QCOMPARE(d.nodes()->rowCount(), 11);  // ten namespaces and the GatewayClass
        Journey::settle(300);
        j.screenshot("overview-collapsed-" + tag);

        // Double-click one: it opens where it was.
        QVERIFY(j.doubleClick(canvas, viewPointOf(canvas, d, "collapsed/namespace/team-3")));
        QVERIFY(Journey::waitFor([&] { return d.canvas()->collapsedCount() == 9; }));
        QCOMPARE(d.nodes()->rowCount(), 11 - 1 + 20 + 2 * 90);
        QVERIFY(j.key("ctrl+0"));
        Journey::settle(300);
        j.screenshot("overview-team3-" + tag);

        // Zoomed out to the whole of it, the canvas is one painted layer: no item per node.
        QVERIFY(canvas->property("overview").toBool());
        QVERIFY(j.waitItem("overviewLayer"));
        QVERIFY(j.items("node:").isEmpty());

        // Focus on a Gateway's paths from its menu (on the painted layer), and back with Escape.
        const QString gateway = "gateway/team-3/gw-13";
        QVERIFY(j.rightClick(canvas, viewPointOf(canvas, d, gateway)));
        QVERIFY(j.click(j.waitItem("menuFocus")));
        QVERIFY(Journey::waitFor([&] { return d.filter()->focus() == gateway; }));
        QCOMPARE(d.filter()->matchCount(), 1 + 1 + 2 * 5);  // the class, the Gateway, its five routes and Services
        QVERIFY(j.waitItem("focusBar"));
        Journey::settle(300);
        j.screenshot("overview-focus-" + tag);
        QVERIFY(j.key("Escape"));
        QVERIFY(Journey::waitFor([&] { return d.filter()->focus().isEmpty(); }));

        // Placed by hand (dragged on the painted layer), the Gateway is pinned; the layout (from
        // the canvas's menu) keeps it.
        QVERIFY(j.key("ctrl+0"));
        Journey::settle(200);
        const QPointF at = viewPointOf(canvas, d, gateway);
        QVERIFY(j.drag(canvas, at, canvas, at + QPointF(-60, 90)));
        QVERIFY(Journey::waitFor([&] { return d.canvas()->pinnedCount() == 1; }));
        QCOMPARE(d.selection()->current(), gateway);
        const QRectF placed = rectOf(d, gateway);
        QVERIFY(j.rightClick(canvas, QPointF(6, 6)));
        QVERIFY(j.click(j.waitItem("menuLayout")));
        QVERIFY(Journey::waitFor([&] { return d.undoText() == "Automatic layout" && !d.canvas()->layingOut(); }, 30000));
        QCOMPARE(rectOf(d, gateway), placed);
        QVERIFY(j.key("ctrl+0"));
        Journey::settle(300);
        j.screenshot("overview-relayout-" + tag);

        // Zoomed in with the wheel over the Gateway, from the overview to readable text: node
        // cards are made for what is near the view only, not for the 2,001 objects the overview
        // held; zoomed out again, they go.
        const QPointF over = viewPointOf(canvas, d, gateway);
        QVERIFY(j.wheel(canvas, over, 12));
        for (int notch = 0; notch < 8 && !canvas->property("readableZoom").toBool(); ++notch)
            QVERIFY(j.wheel(canvas, over, 1));  // a notch at a time, until text is readable
        QVERIFY(Journey::waitFor([&] { return canvas->property("readableZoom").toBool(); }));
        Journey::settle(400);
        QVERIFY(j.waitItem("node:" + gateway));
        const auto cards = j.items("node:").size();
        QVERIFY2(cards > 1 && cards < 150, qPrintable(QString::number(cards) + " node cards"));
        j.screenshot("overview-wheel-in-" + tag);
        QVERIFY(j.key("ctrl+0"));
        QVERIFY(Journey::waitFor([&] { return j.items("node:").isEmpty(); }));
    }
};

QTEST_MAIN(JourneyOverview)
#include "tst_journey_overview.moc"

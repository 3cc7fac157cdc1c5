// Journeys that read the graph's labels, in the real window: in the demo and every template, at
// 1024×640 and 1920×1080, idle and with live traffic, no edge label (weight or traffic chip, TLS
// badge) overlaps another, a node card, a route's "+" handle or a node's traffic badge; the
// minimap never covers the selected node.
#include <QSettings>
#include <QtTest>

#include "document.h"
#include "journey.h"
#include "live_gateway.h"
#include "traffic_generator.h"

using journey::Journey;
using journey::windowRect;

namespace {

// "a overlaps b" for the first two labels, or a label and a thing, that overlap; "" when none.
// `checked` is how many labels were looked at.
QString labelOverlaps(Journey& j, int* checked = nullptr)
{
    QList<QQuickItem*> labels = j.items("weight:") + j.items("tls:");
    if (checked)
        *checked = int(labels.size());
    QList<QQuickItem*> things = j.items("node:") + j.items("connect:") + j.items("traffic:");
    auto box = [](QQuickItem* i) { return windowRect(i).adjusted(1, 1, -1, -1); };  // touching is not covering
    for (int a = 0; a < labels.size(); ++a) {
        for (int b = a + 1; b < labels.size(); ++b)
            if (box(labels[a]).intersects(box(labels[b])))
                return labels[a]->objectName() + " overlaps " + labels[b]->objectName();
        for (QQuickItem* t : things)
            if (box(labels[a]).intersects(box(t)))
                return labels[a]->objectName() + " overlaps " + t->objectName();
    }
    return {};
}

}  // namespace

class JourneyLabels : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { gs::gui::setUpEditorApplication(); }
    void init() { QSettings().clear(); }

    void noLabelCoversAnything_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QSize>("size");
        QTest::addColumn<int>("labels");  // at least this many labels to look at
        const std::pair<const char*, int> templates[] = {{"demo", 2},   {"plain-http", 0},     {"canary", 2},
                                                         {"mirror", 1}, {"tls-terminate", 1},  {"tls-passthrough", 2},
                                                         {"grpc", 0},   {"cross-namespace", 0}};
        for (const auto& [name, labels] : templates) {
            QTest::newRow(qPrintable(QString(name) + "-small")) << QString(name) << QSize(1024, 640) << labels;
            QTest::newRow(qPrintable(QString(name) + "-large")) << QString(name) << QSize(1920, 1080) << labels;
        }
    }

    void noLabelCoversAnything()
    {
        QFETCH(QString, name);
        QFETCH(QSize, size);
        QFETCH(int, labels);
        Journey j;
        QVERIFY(j.open({}, size));
        QVERIFY(j.document().fileOps()->newFromTemplate(name));
        Journey::settle(400);
        int checked = 0;
        const QString mess = labelOverlaps(j, &checked);
        QVERIFY2(checked >= labels, qPrintable(QString("only %1 label(s) shown").arg(checked)));
        j.screenshot(QStringLiteral("labels-%1-%2x%3").arg(name).arg(size.width()).arg(size.height()));
        QVERIFY2(mess.isEmpty(), qPrintable(mess));
    }

    // The demo with live traffic: rates, shares and latency on the edges, totals under the nodes.
    void liveLabelsCoverNothing()
    {
        Journey j;
        QVERIFY(j.open({}, {1280, 800}));
        gs::gui::LiveGateway* live = j.editor().live();
        live->setProperty("ephemeralPorts", true);
        QVERIFY(live->start());
        gs::gui::TrafficGenerator* generator = j.editor().generator();
        generator->applySettings({{"path", "/"}, {"rate", 60}});
        QVERIFY(generator->start());
        QVERIFY(Journey::waitFor([&] { return j.items("traffic:").size() >= 4; }, 8000));
        // The /app route too.
        generator->stop();
        generator->applySettings({{"path", "/app"}, {"host", "any.example"}, {"rate", 60}});
        QVERIFY(generator->start());
        Journey::settle(2500);
        int checked = 0;
        const QString mess = labelOverlaps(j, &checked);
        QVERIFY2(checked >= 4, qPrintable(QString("only %1 label(s) shown").arg(checked)));
        j.screenshot("labels-live");
        generator->stop();
        QVERIFY2(mess.isEmpty(), qPrintable(mess));
    }

    // Shadow traffic, live, light and dark, small and large: the mirror edge carries its own rate,
    // its chip covers nothing, and a click on it opens no weight popup (a mirror has no weight).
    void mirrorEdgeShowsItsCopies_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<bool>("dark");
        QTest::newRow("small-light") << QSize(1024, 640) << false;
        QTest::newRow("large-dark") << QSize(1920, 1080) << true;
    }

    void mirrorEdgeShowsItsCopies()
    {
        QFETCH(QSize, size);
        QFETCH(bool, dark);
        Journey j;
        gs::gui::EditorOptions options;
        options.dark = dark;
        QVERIFY(j.open(options, size));
        QVERIFY(j.document().fileOps()->newFromTemplate("mirror"));
        Journey::settle(400);
        gs::gui::LiveGateway* live = j.editor().live();
        live->setProperty("ephemeralPorts", true);
        QVERIFY(live->start());
        gs::gui::TrafficGenerator* generator = j.editor().generator();
        generator->applySettings({{"path", "/"}, {"rate", 40}});
        QVERIFY(generator->start());
        const QString mirror = "httproute/default/shop-shadow/rule/0/filter/0/mirror";
        QQuickItem* chip = nullptr;
        QVERIFY(Journey::waitFor(
            [&] {
                chip = j.item("weight:" + mirror);
                return chip && chip->isVisible() && chip->property("visible").toBool() &&
                    live->edgeTraffic(mirror)["text"].toString().contains("/s");
            },
            8000));
        Journey::settle(1500);
        int checked = 0;
        const QString mess = labelOverlaps(j, &checked);
        j.screenshot(QStringLiteral("mirror-live-%1x%2-%3").arg(size.width()).arg(size.height()).arg(dark ? "dark" : "light"));
        QVERIFY(j.click(chip, QPointF(chip->width() / 2, chip->height() / 2)));
        Journey::settle(300);
        QVERIFY2(!j.item("weightSpin"), "a click on the mirror's chip opened the weight popup");
        generator->stop();
        QVERIFY2(mess.isEmpty(), qPrintable(mess));
        QVERIFY(checked >= 2);
    }

    // Select a node near each corner: the minimap moves out of its way.
    void minimapNeverCoversTheSelection()
    {
        Journey j;
        QVERIFY(j.open({}, {1024, 640}));
        QQuickItem* canvas = j.item("graphCanvas");
        canvas->setProperty("zoom", 1.2);  // part of the graph out of view: the minimap shows
        Journey::settle(200);
        int checked = 0;
        for (QQuickItem* node : j.items("node:")) {
            const QRectF n = windowRect(node);
            if (!windowRect(canvas).intersects(n))
                continue;
            QVERIFY(j.click(node, QPointF(20, 12)));
            Journey::settle(100);
            QQuickItem* minimap = j.item("minimap");
            if (!minimap)
                continue;
            ++checked;
            QVERIFY2(!windowRect(minimap).intersects(windowRect(node)),
                     qPrintable("the minimap covers the selected " + node->objectName()));
        }
        QVERIFY2(checked > 0, "the minimap never showed");
        j.screenshot("labels-minimap");
    }
};

QTEST_MAIN(JourneyLabels)
#include "tst_journey_labels.moc"

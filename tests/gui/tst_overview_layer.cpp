// The overview layer (overview_layer.h) painted into an image, as the canvas shows it zoomed out:
// each node a block of its kind's colour where the scene puts it, the selection framed, what the
// focus leaves out faint, a collapsed group a stack; the minimap's mode only the blocks.
#include <QImage>
#include <QPainter>
#include <QtTest>

#include "document.h"
#include "overview_layer.h"

using namespace gs::gui;

namespace {

QString demo()
{
    QFile f(QStringLiteral(GWS_SOURCE_DIR "/resources/demo/demo.yaml"));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read the demo");
    return QString::fromUtf8(f.readAll());
}

// Plain colours, each easy to tell apart in a pixel.
QVariantMap colors()
{
    return {{"canvas", QColor(Qt::white)},         {"node", QColor(Qt::white)},          {"border", QColor(Qt::black)},
            {"selection", QColor(0, 255, 0)},      {"error", QColor(255, 0, 0)},         {"edge", QColor(128, 128, 128)},
            {"text", QColor(Qt::black)},           {"groupFill", QColor(240, 240, 240)}, {"groupBorder", QColor(200, 200, 200)},
            {"accent", QColor(255, 0, 255)},       {"kind:Gateway", QColor(0, 0, 255)},  {"kind:GatewayClass", QColor(0, 0, 128)},
            {"kind:HTTPRoute", QColor(0, 128, 0)}, {"kind:Service", QColor(255, 128, 0)}};
}

QImage paintOf(OverviewLayer& layer)
{
    QImage image(int(layer.width()), int(layer.height()), QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter p(&image);
    layer.paint(&p);
    return image;
}

// Where the centre of node `id` lands in the layer's picture.
QPoint centreOf(const Document& d, const OverviewLayer& layer, const std::string& id)
{
    const Rect& g = d.scene().geometry(std::size_t(d.scene().indexOf(id)));
    const double zoom = layer.property("zoom").toDouble();
    return QPointF((g.x + g.width / 2) * zoom + layer.property("panX").toDouble(),
                   (g.y + 20) * zoom + layer.property("panY").toDouble())
        .toPoint();
}

}  // namespace

class TestOverviewLayer : public QObject {
    Q_OBJECT

private slots:
    void paintsNodesWhereTheSceneHasThem()
    {
        Document d;
        d.loadText(demo());
        OverviewLayer layer;
        layer.setSize({800, 500});
        layer.setDocument(&d);
        layer.setColors(colors());
        layer.setZoom(0.3);
        layer.setPanX(20);
        layer.setPanY(20);
        QImage image = paintOf(layer);
        QCOMPARE(layer.paintCount(), 1);
        // A Gateway's block: white tinted 45 % towards blue.
        const QColor gateway = image.pixelColor(centreOf(d, layer, "gateway/default/demo-gateway"));
        QVERIFY2(gateway.blue() == 255 && gateway.red() < 160 && gateway.red() > 120, qPrintable(gateway.name()));
        const QColor service = image.pixelColor(centreOf(d, layer, "service/default/app-v1"));
        QVERIFY2(service.red() == 255 && service.blue() < 160, qPrintable(service.name()));

        // Selected: framed in the selection's colour (the frame runs along the block's top edge).
        d.selection()->setCurrent("gateway/default/demo-gateway");
        image = paintOf(layer);
        const Rect& g = d.scene().geometry(std::size_t(d.scene().indexOf("gateway/default/demo-gateway")));
        const QPoint top = QPointF((g.x + g.width / 2) * 0.3 + 20, g.y * 0.3 + 20).toPoint();
        QCOMPARE(image.pixelColor(top).green(), 255);
        QCOMPARE(image.pixelColor(top).red(), 0);

        // Focus on a Service: the Services off its paths are faint (the namespace's fill shows
        // through their orange).
        d.filter()->setFocus("service/default/app-v1");
        image = paintOf(layer);
        QVERIFY(image.pixelColor(centreOf(d, layer, "service/default/app-v1")).blue() < 160);
        const QColor faint = image.pixelColor(centreOf(d, layer, "service/default/api-service"));
        QVERIFY2(faint.blue() > 200 && faint.red() > 230, qPrintable(faint.name()));
    }

    void minimapPaintsBlocksOnly()
    {
        Document d;
        d.loadText(demo());
        OverviewLayer layer;
        layer.setSize({150, 96});
        layer.setDocument(&d);
        layer.setColors(colors());
        layer.setProperty("nodesOnly", true);
        const Rect b = d.scene().bounds();
        const double zoom = std::min(138 / b.width, 84 / b.height);
        layer.setZoom(zoom);
        layer.setPanX(6 - b.x * zoom);
        layer.setPanY(6 - b.y * zoom);
        const QImage image = paintOf(layer);
        // The block is the kind's colour itself, and nothing is drawn between the blocks.
        QCOMPARE(image.pixelColor(centreOf(d, layer, "gateway/default/demo-gateway")), QColor(0, 0, 255));
        QCOMPARE(image.pixelColor(1, 1).alpha(), 0);
    }
};

QTEST_MAIN(TestOverviewLayer)
#include "tst_overview_layer.moc"

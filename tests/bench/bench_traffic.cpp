// Times frames of the canvas with live traffic on every edge: opens FILE in the real main window
// (offscreen, software renderer), zooms out until at least EDGES edges are in view, gives each
// edge traffic (particles, a label) and refreshes the traffic roles at 10 Hz as the LiveGateway
// does, advances the particles' phase each frame and renders it with grabWindow (polish, sync and
// render of the whole window: an upper bound of a frame's cost).
// Usage: QT_QPA_PLATFORM=offscreen bench_traffic FILE.yaml [FRAMES] [EDGES]
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQmlExtensionPlugin>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>

#include <algorithm>
#include <cstdio>
#include <unordered_map>
#include <vector>

#include "document.h"

Q_IMPORT_QML_PLUGIN(GatewayStudio_EditorPlugin)
Q_IMPORT_QML_PLUGIN(GatewayStudio_UiPlugin)

int main(int argc, char** argv)
{
    QGuiApplication app(argc, argv);
    QQuickStyle::setStyle("Fusion");
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_traffic FILE.yaml [FRAMES] [EDGES]\n");
        return 2;
    }
    const int frames = argc > 2 ? std::atoi(argv[2]) : 240;
    const int wantEdges = argc > 3 ? std::atoi(argv[3]) : 1000;
    gs::gui::Document document;
    if (!document.openFile(QString::fromLocal8Bit(argv[1])))
        return 2;
    // Synthetic traffic on every edge: rate, an error share on every tenth, a label.
    std::unordered_map<std::string, gs::gui::EdgeTraffic> traffic;
    int serial = 0;
    for (const gs::gui::GraphEdge& e : document.scene().edges())
        traffic[e.id] = {10.0 + serial % 90, serial++ % 10 == 0 ? 0.2 : 0.0, -1, -1, "12.0/s · p99 3 ms"};
    document.edges()->setTraffic([&](const std::string& id) -> const gs::gui::EdgeTraffic* {
        const auto it = traffic.find(id);
        return it == traffic.end() ? nullptr : &it->second;
    });

    QQmlApplicationEngine engine;
    engine.addImportPath("qrc:/qt/qml");
    engine.setInitialProperties({{"document", QVariant::fromValue(&document)}});
    engine.load(QUrl("qrc:/qt/qml/GatewayStudio/Ui/Main.qml"));
    auto* window = qobject_cast<QQuickWindow*>(engine.rootObjects().value(0));
    if (!window)
        return 1;
    auto* canvas = window->findChild<QQuickItem*>("graphCanvas");
    canvas->setProperty("autoFit", false);
    // Zoom out from the graph's top-left corner until enough edges are in view (below the
    // zoom a person would use: the point is the cost of many animated edges).
    const QRectF bounds = document.bounds();
    double zoom = 1.0;
    for (;;) {
        canvas->setProperty("zoom", zoom);
        canvas->setProperty("panX", 20.0 - bounds.x() * zoom);
        canvas->setProperty("panY", 20.0 - bounds.y() * zoom);
        QCoreApplication::processEvents();
        if (document.visibleEdges()->rowCount() >= wantEdges || zoom < 0.02)
            break;
        zoom *= 0.85;
    }
    canvas->setProperty("animateTraffic", true);
    for (int i = 0; i < 3; ++i) {
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        QCoreApplication::processEvents();
        window->grabWindow();
    }
    std::vector<double> ms;
    QElapsedTimer clock;
    clock.start();
    qint64 lastPoll = 0;
    int polls = 0;
    for (int i = 0; i < frames; ++i) {
        QElapsedTimer t;
        t.start();
        if (clock.elapsed() - lastPoll >= 100) {   // 10 Hz stats, as the LiveGateway polls
            lastPoll = clock.elapsed();
            for (auto& [id, e] : traffic)
                e.rate = e.rate >= 99 ? 10 : e.rate + 1;
            document.edges()->trafficChanged();
            ++polls;
        }
        canvas->setProperty("trafficPhase", canvas->property("trafficPhase").toDouble() + 0.2);
        QCoreApplication::processEvents();
        window->grabWindow();
        ms.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    std::sort(ms.begin(), ms.end());
    std::printf("%d objects, %d animated edges in view (zoom %.2f), %d stats refreshes: frame median %.1f ms, "
                "p95 %.1f ms, max %.1f ms (%d frames)\n",
                document.objectCount(), int(document.visibleEdges()->rowCount()), zoom, polls, ms[ms.size() / 2],
                ms[ms.size() * 95 / 100], ms.back(), frames);
    return 0;
}

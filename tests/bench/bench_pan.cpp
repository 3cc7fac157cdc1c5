// Times panning the canvas: opens FILE in the real main window (offscreen, software renderer),
// zooms to 100 % at the drawing's centre, then moves the view 20 px at a time and renders a frame after each step with grabWindow (which
// polishes, syncs and renders the whole window: an upper bound of a frame's cost). Each frame is
// timed twice: wall clock, and the GUI thread's CPU time (the software renderer draws on that
// thread), which other processes on a shared machine do not inflate.
// Usage: QT_QPA_PLATFORM=offscreen bench_pan FILE.yaml [STEPS]
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQmlExtensionPlugin>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <vector>

#include "document.h"
#include "document_filter.h"

Q_IMPORT_QML_PLUGIN(GatewayStudio_EditorPlugin)
Q_IMPORT_QML_PLUGIN(GatewayStudio_UiPlugin)

namespace {

double threadCpuMs()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
}

}  // namespace

int main(int argc, char** argv)
{
    QGuiApplication app(argc, argv);
    QQuickStyle::setStyle("Fusion");
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_pan FILE.yaml [STEPS]\n");
        return 2;
    }
    const int steps = argc > 2 ? std::atoi(argv[2]) : 120;
    gs::gui::Document document;
    QElapsedTimer open;
    open.start();
    if (!document.fileOps()->openFile(QString::fromLocal8Bit(argv[1])))
        return 2;
    QQmlApplicationEngine engine;
    engine.addImportPath("qrc:/qt/qml");
    engine.setInitialProperties({{"document", QVariant::fromValue(&document)}});
    engine.load(QUrl("qrc:/qt/qml/GatewayStudio/Ui/Main.qml"));
    auto* window = qobject_cast<QQuickWindow*>(engine.rootObjects().value(0));
    if (!window)
        return 1;
    window->grabWindow();
    const qint64 firstFrame = open.elapsed();
    auto* canvas = window->findChild<QQuickItem*>("graphCanvas");
    QCoreApplication::processEvents();  // the fit the open queued (Qt.callLater) runs first
    canvas->setProperty("autoFit", false);
    QElapsedTimer zoomIn;
    zoomIn.start();
    // Zoom to 100 % at the drawing's centre (as the canvas's own zoom does, in one step), so the
    // pan crosses namespaces' nodes, not the empty space beside the drawing.
    const QRectF drawing = document.filter()->matchedBounds();
    QMetaObject::invokeMethod(canvas, "setView", Q_ARG(QVariant, 1.0),
                              Q_ARG(QVariant, canvas->width() / 2 - drawing.center().x()),
                              Q_ARG(QVariant, canvas->height() / 2 - drawing.center().y()));
    for (int i = 0; i < 3; ++i) {  // the zoom change itself (delegates destroyed later) is not a pan frame
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        QCoreApplication::processEvents();
        window->grabWindow();
        if (i == 0)
            std::printf("zoom from the fitted overview to 100 %%, with its first frame: %lld ms\n", zoomIn.elapsed());
    }
    std::vector<double> ms, cpu;
    for (int i = 0; i < steps; ++i) {
        QElapsedTimer t;
        t.start();
        const double cpuStart = threadCpuMs();
        canvas->setProperty("panX", canvas->property("panX").toDouble() - 20);
        canvas->setProperty("panY", canvas->property("panY").toDouble() - (i % 2 ? 10 : 0));
        QCoreApplication::processEvents();
        window->grabWindow();
        ms.push_back(double(t.nsecsElapsed()) / 1e6);
        cpu.push_back(threadCpuMs() - cpuStart);
        if (ms.back() > 100)
            std::printf("slow frame %d: %.1f ms\n", i, ms.back());
        if (i == 0 && canvas->property("zoom").toDouble() != 1.0)
            std::printf("the zoom moved from 100 %% to %.3f: these are not frames at 100 %%\n",
                        canvas->property("zoom").toDouble());
    }
    std::sort(ms.begin(), ms.end());
    std::sort(cpu.begin(), cpu.end());
    std::printf("%d objects: open to first frame %lld ms; pan frame median %.1f ms, p95 %.1f ms, max %.1f ms (%d frames)\n",
                document.objectCount(), firstFrame, ms[ms.size() / 2], ms[ms.size() * 95 / 100], ms.back(), steps);
    std::printf("GUI thread CPU per frame: median %.1f ms, p95 %.1f ms, max %.1f ms\n", cpu[cpu.size() / 2],
                cpu[cpu.size() * 95 / 100], cpu.back());
    return 0;
}

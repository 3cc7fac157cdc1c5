#include "frame_benchmark.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QQuickItem>
#include <QQuickWindow>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <memory>
#include <unordered_map>
#include <vector>

#include "document.h"

namespace gs::gui {

namespace {

double threadCpuMs()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
}

// The stats refresh at 10 Hz; a display shows 60 frames a second: one frame in six carries a
// refresh, whatever this machine's frame rate (so the percentiles mean the same on any machine).
constexpr int kFramesPerRefresh = 6;

struct Percentiles {
    double median, p95, p99, max;
};

Percentiles percentiles(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    const auto at = [&v](double q) { return v[std::min(v.size() - 1, std::size_t(double(v.size()) * q))]; };
    return {at(0.5), at(0.95), at(0.99), v.back()};
}

// Synthetic live traffic: every edge 10–99 requests/s, every tenth failing, every node a total;
// refresh() moves the rates and the labels as a poll of the gateway's stats would.
struct SyntheticTraffic {
    std::unordered_map<std::string, EdgeTraffic> edges;
    std::unordered_map<std::string, NodeTraffic> nodes;
    long long polls = 0;

    explicit SyntheticTraffic(const GraphScene& scene)
    {
        int serial = 0;
        for (const GraphEdge& e : scene.edges()) {
            edges[e.id] = {10.0 + serial % 90, serial % 10 == 0 ? 0.2 : 0.0, -1, -1, {}};
            ++serial;
        }
        for (const GraphNode& n : scene.nodes())
            nodes[n.id] = {};
        refresh();
    }
    void refresh()
    {
        ++polls;
        for (auto& [id, e] : edges) {
            e.rate = e.rate >= 99 ? 10 : e.rate + 1;
            e.text = std::to_string(int(e.rate)) + ".0/s · p99 3 ms";
        }
        for (auto& [id, n] : nodes) {
            n.rate = 40;
            n.text = std::to_string(polls * 4) + " req · 40.0/s";
        }
    }
};

void settle(QQuickWindow* window)
{
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    QCoreApplication::processEvents();
    window->grabWindow();
}

// Zooms out from the graph's top-left corner until `edges` edges are animated in view, or the
// whole graph is in view. Returns the zoom.
double zoomOutUntil(QQuickWindow* window, QQuickItem* canvas, QObject* particles, const QRectF& bounds, int edges)
{
    double zoom = 1.0;
    for (;;) {
        canvas->setProperty("zoom", zoom);
        canvas->setProperty("panX", 20.0 - bounds.x() * zoom);
        canvas->setProperty("panY", 20.0 - bounds.y() * zoom);
        settle(window);
        settle(window);  // the particles read the viewport's edges after the event loop's turn
        const bool wholeGraph = bounds.width() * zoom < canvas->width() && bounds.height() * zoom < canvas->height();
        if (particles->property("animatedEdgeCount").toInt() >= edges || wholeGraph || zoom < 0.001)
            return zoom;
        zoom *= 0.85;
    }
}

void runFrameBenchmark(QQuickWindow* window, Document& document, FrameBenchmarkOptions options)
{
    auto* canvas = window->findChild<QQuickItem*>("graphCanvas");
    auto* particles = window->findChild<QObject*>("trafficParticles");
    auto* overview = window->findChild<QObject*>("overviewLayer");
    if (!canvas || !particles) {
        std::fprintf(stderr, "gateway-studio: --benchmark-frames: the window has no graph canvas\n");
        QCoreApplication::exit(1);
        return;
    }
    auto traffic = std::make_shared<SyntheticTraffic>(document.scene());
    document.edges()->setTraffic([traffic](const std::string& id) -> const EdgeTraffic* {
        const auto it = traffic->edges.find(id);
        return it == traffic->edges.end() ? nullptr : &it->second;
    });
    document.nodes()->setTraffic([traffic](const std::string& id) -> const NodeTraffic* {
        const auto it = traffic->nodes.find(id);
        return it == traffic->nodes.end() ? nullptr : &it->second;
    });
    document.edges()->trafficChanged();
    document.nodes()->trafficChanged();
    canvas->setProperty("autoFit", false);
    const double zoom = zoomOutUntil(window, canvas, particles, document.bounds(), options.edges);
    canvas->setProperty("animateTraffic", true);
    for (int i = 0; i < 3; ++i)
        settle(window);

    const int paintsBefore = overview ? overview->property("paintCount").toInt() : 0;
    std::vector<double> wall, cpu, pollCpu, quietCpu;
    long long dots = 0, animated = 0;
    int polls = 0;
    double statsMs = 0, edgeRolesMs = 0, nodeRolesMs = 0;  // CPU inside the refreshes, summed
    for (int i = 0; i < options.frames; ++i) {
        QElapsedTimer frame;
        frame.start();
        const double cpuStart = threadCpuMs();
        const bool poll = i % kFramesPerRefresh == 0;
        if (poll) {  // 10 Hz on a 60 Hz display, as LiveGateway polls the stats
            double at = threadCpuMs();
            const auto lap = [&at](double& into) {
                const double now = threadCpuMs();
                into += now - at;
                at = now;
            };
            traffic->refresh();
            lap(statsMs);
            document.edges()->trafficChanged();  // the views update synchronously
            lap(edgeRolesMs);
            document.nodes()->trafficChanged();
            lap(nodeRolesMs);
            ++polls;
        }
        canvas->setProperty("trafficPhase", canvas->property("trafficPhase").toDouble() + 0.2);
        QCoreApplication::processEvents();
        window->grabWindow();
        wall.push_back(double(frame.nsecsElapsed()) / 1e6);
        cpu.push_back(threadCpuMs() - cpuStart);
        (poll ? pollCpu : quietCpu).push_back(cpu.back());
        dots += particles->property("drawnCount").toInt();
        animated += particles->property("animatedEdgeCount").toInt();
    }
    const Percentiles w = percentiles(wall), c = percentiles(cpu);
    const QRectF bounds = document.bounds();
    std::printf("%d objects, %d nodes and %d edges on the canvas (%.0f × %.0f px at zoom 1); zoom %.3f\n", document.objectCount(),
                int(document.scene().nodes().size()), int(document.scene().edges().size()), bounds.width(), bounds.height(),
                zoom);
    std::printf("%d frames: %lld animated edges and %lld particles in view on average, stats refreshed %d times\n",
                options.frames, animated / options.frames, dots / options.frames, polls);
    std::printf("frame time (wall):      median %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms\n", w.median, w.p95, w.p99, w.max);
    std::printf("GUI thread CPU a frame: median %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms\n", c.median, c.p95, c.p99, c.max);
    for (const auto& [name, v] : {std::pair{"with a stats refresh", &pollCpu}, std::pair{"particles only", &quietCpu}})
        if (!v->empty()) {
            const Percentiles p = percentiles(*v);
            std::printf("  %-20s   median %.1f ms, p95 %.1f ms (%d frames)\n", name, p.median, p.p95, int(v->size()));
        }
    if (canvas->property("overview").toBool())
        std::printf("overview layer (zoomed out): painted %d times in the %d frames\n",
                    overview->property("paintCount").toInt() - paintsBefore, options.frames);
    if (polls > 0)
        std::printf("  a refresh, before rendering: synthetic stats %.1f ms, edge roles %.1f ms, node roles %.1f ms\n",
                    statsMs / polls, edgeRolesMs / polls, nodeRolesMs / polls);
    std::fflush(stdout);
    QCoreApplication::exit(0);
}

}  // namespace

void scheduleFrameBenchmark(QQuickWindow* window, Document& document, FrameBenchmarkOptions options)
{
    QTimer::singleShot(0, window, [window, &document, options] { runFrameBenchmark(window, document, options); });
}

}  // namespace gs::gui

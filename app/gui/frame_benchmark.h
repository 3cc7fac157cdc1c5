#pragma once
// `gateway-studio --benchmark-frames N [--benchmark-edges E] FILE...`: times N frames of the main
// window with live traffic on every edge and prints frame-time percentiles, then exits.
//
// What a frame is: one frame in six (10 Hz at 60 frames a second) refreshes the stats as the
// LiveGateway does (synthetic rates and labels on every edge and node, every tenth edge failing);
// every frame advances the particles' phase; and
// the window polished, synced and rendered with grabWindow (the software renderer repaints what
// changed). Before timing, the view zooms out from the graph's top-left corner until at least E
// edges (default 1,000) are animated in view or the whole graph is. Each frame is timed on the
// wall clock and in CPU time of the GUI thread (where the software renderer draws), which other
// processes on a shared machine do not inflate.

#include <QObject>

class QQuickWindow;

namespace gs::gui {

class Document;

struct FrameBenchmarkOptions {
    int frames = 300;
    int edges = 1000;
};

// Starts once the event loop runs; prints to stdout and quits the application with 0, or 1 when
// the window has no canvas.
void scheduleFrameBenchmark(QQuickWindow* window, Document& document, FrameBenchmarkOptions options);

}  // namespace gs::gui

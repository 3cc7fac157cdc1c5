#include "document_canvas.h"

#include <QElapsedTimer>
#include <QLocale>

#include "document.h"
#include "graph_collapse.h"

namespace gs::gui {

namespace {

QString groupLabel(const std::string& key)
{
    if (key.starts_with("namespace/"))
        return QObject::tr("namespace %1").arg(QString::fromStdString(key.substr(std::string_view("namespace/").size())));
    return QObject::tr("the routes of %1").arg(QString::fromStdString(key.substr(key.find('/') + 1)));
}

}  // namespace

DocumentCanvas::DocumentCanvas(Document& document) : QObject(&document), document_(document) { }

DocumentCanvas::~DocumentCanvas()
{
    if (worker_.joinable())
        worker_.join();  // its result, posted to this object, is dropped with it
}

void DocumentCanvas::forgetPendingLayout() { ++generation_; }

int DocumentCanvas::pinnedCount() const { return int(document_.workspace().pinned.size()); }
int DocumentCanvas::collapsedCount() const { return int(document_.workspace().collapsed.size()); }

void DocumentCanvas::autoLayout()
{
    if (worker_.joinable())
        return;
    std::set<std::string> pinned;
    for (const GraphNode& n : document_.scene().nodes())
        if (document_.workspace().pinned.count(n.id))
            pinned.insert(n.id);
    GraphScene::LayoutJob job = document_.scene().layoutJob(pinned, document_.viewAspect());
    if (pinned.size() == job.nodes.size()) {
        document_.setMessage(
            tr("Every object is pinned where it was placed: unpin some (right-click) for the layout to move them"));
        return;
    }
    // Applies the result as one step, once it is there.
    auto finish = [this, pinned](const GraphScene::LayoutJob& done, const Positions& raw, qint64 ms) {
        CanvasState before = document_.canvasState(), after = document_.canvasState();
        for (const auto& [id, xy] : done.placed(raw)) {
            const int row = document_.scene().indexOf(id);
            if (row < 0 || before.pinned.count(id))
                continue;  // gone since the layout began, or pinned (maybe placed by hand meanwhile)
            const Rect& g = document_.scene().geometry(std::size_t(row));
            before.positions[id] = {g.x, g.y};
            after.positions[id] = xy;
        }
        document_.undoStack().push(new CanvasCommand(&document_, tr("Automatic layout"), std::move(before), std::move(after)));
        const QString moved = QLocale().toString(qlonglong(done.nodes.size() - pinned.size()));
        document_.setMessage(pinned.empty() ? tr("Laid out %1 objects in %2 ms").arg(moved).arg(ms)
                                            : tr("Laid out %1 objects in %2 ms around %3 pinned where they were placed")
                                                  .arg(moved)
                                                  .arg(ms)
                                                  .arg(pinned.size()));
        emit laidOut();
    };
    QElapsedTimer clock;
    clock.start();
    if (job.nodes.size() <= kInlineUpTo) {
        finish(job, job.run(), clock.elapsed());
        return;
    }
    // Graphviz on a worker thread (layoutGraph takes turns under its lock); the job is a copy of
    // what it needs, and the result comes back as a queued call on this object's thread.
    worker_ = std::thread([this, job = std::move(job), finish, clock, generation = generation_] {
        Positions raw = job.run();
        QMetaObject::invokeMethod(
            this,
            [this, job, raw = std::move(raw), finish, clock, generation] {
                worker_.join();
                emit layingOutChanged();
                if (generation == generation_)  // else other files were opened meanwhile
                    finish(job, raw, clock.elapsed());
            },
            Qt::QueuedConnection);
    });
    emit layingOutChanged();
}

bool DocumentCanvas::isPinned(const QString& id) const { return document_.workspace().pinned.count(id.toStdString()) > 0; }

void DocumentCanvas::unpin(const QStringList& ids)
{
    CanvasState before = document_.canvasState(), after = document_.canvasState();
    for (const QString& id : ids)
        after.pinned.erase(id.toStdString());
    if (after.pinned == before.pinned)
        return;
    const int count = int(before.pinned.size() - after.pinned.size());
    document_.undoStack().push(
        new CanvasCommand(&document_, tr("Unpin %n object(s)", nullptr, count), std::move(before), std::move(after)));
}

void DocumentCanvas::unpinAll()
{
    QStringList all;
    for (const std::string& id : document_.workspace().pinned)
        all.append(QString::fromStdString(id));
    unpin(all);
}

QVariantList DocumentCanvas::collapseChoices(const QString& nodeId) const
{
    QVariantList out;
    for (const std::string& key : groupKeysOf(document_.fullGraph(), nodeId.toStdString()))
        out.append(QVariantMap{{"key", QString::fromStdString(key)}, {"label", tr("Collapse %1").arg(groupLabel(key))}});
    return out;
}

void DocumentCanvas::setCollapsed(std::set<std::string> collapsed, const QString& label)
{
    CanvasState before = document_.canvasState(), after = document_.canvasState();
    after.collapsed = std::move(collapsed);
    if (after.collapsed == before.collapsed)
        return;
    document_.undoStack().push(new CanvasCommand(&document_, label, std::move(before), std::move(after)));
}

void DocumentCanvas::collapse(const QString& key)
{
    const std::string k = key.toStdString();
    if (membersOf(document_.fullGraph(), k).empty())
        return;
    std::set<std::string> collapsed = document_.workspace().collapsed;
    collapsed.insert(k);
    setCollapsed(std::move(collapsed), tr("Collapse %1").arg(groupLabel(k)));
}

void DocumentCanvas::expand(const QString& idOrKey)
{
    std::string key = idOrKey.toStdString();
    if (key.starts_with("collapsed/"))
        key = key.substr(std::string_view("collapsed/").size());
    CanvasState before = document_.canvasState(), after = document_.canvasState();
    if (after.collapsed.erase(key) == 0)
        return;
    const GraphScene& scene = document_.scene();
    if (const int row = scene.indexOf(collapsedNodeId(key)); row >= 0) {
        // The members open where the group's node is (the user or a layout may have moved it),
        // and what lies in the bands to the right of and below the opened box moves out of it;
        // pinned nodes stay.
        const Rect node = scene.geometry(std::size_t(row));
        Rect opened;
        for (const auto& [id, xy] : document_.membersMovedTo(key, node.x, node.y, opened)) {
            before.positions[id] = document_.workspace().positions.at(id);
            after.positions[id] = xy;
        }
        const double wider = std::max(0.0, opened.width - node.width), taller = std::max(0.0, opened.height - node.height);
        for (std::size_t i = 0; i < scene.nodes().size(); ++i) {
            const std::string& id = scene.nodes()[i].id;
            const Rect& g = scene.geometry(i);
            if (int(i) == row || before.pinned.count(id) || (wider == 0 && taller == 0))
                continue;
            // In the band to the right of the opened box, or in the band below it.
            const bool besideIt = g.y < node.y + opened.height && g.y + g.height > node.y;
            const bool underIt = g.x < node.x + opened.width && g.x + g.width > node.x;
            std::pair<double, double> to{g.x, g.y};
            if (g.x >= node.x + node.width && besideIt)
                to.first += wider;
            else if (g.y >= node.y + node.height && underIt)
                to.second += taller;
            else
                continue;
            before.positions[id] = {g.x, g.y};
            after.positions[id] = to;
        }
    }
    document_.undoStack().push(
        new CanvasCommand(&document_, tr("Expand %1").arg(groupLabel(key)), std::move(before), std::move(after)));
}

void DocumentCanvas::expandAll() { setCollapsed({}, tr("Expand every group")); }

void DocumentCanvas::collapseNamespaces()
{
    std::map<std::string, int> sizes;
    for (const GraphNode& n : document_.fullGraph().nodes)
        if (!n.ns.empty())
            ++sizes[n.ns];
    std::set<std::string> collapsed = document_.workspace().collapsed;
    for (const auto& [ns, size] : sizes)
        if (size > 1)
            collapsed.insert(namespaceGroupKey(ns));
    // One step: the groups, then (when small enough to do at once) a layout of what is left, as
    // the groups' nodes stand where their members began and would be far apart.
    if (collapsed == document_.workspace().collapsed)
        return;
    document_.undoStack().beginMacro(tr("Collapse every namespace"));
    setCollapsed(std::move(collapsed), tr("Collapse every namespace"));
    if (document_.scene().nodes().size() <= kInlineUpTo)
        autoLayout();
    document_.undoStack().endMacro();
}

}  // namespace gs::gui

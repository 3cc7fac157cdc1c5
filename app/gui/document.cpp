// Document: state, reload and the canvas. Edits are in document_edits.cpp, files in document_files.cpp.
#include "document.h"

#include "echo_faults.h"

#include <QScopedValueRollback>

#include <QVariantMap>

#include <cmath>
#include <set>
#include <unordered_map>

#include "net/socket.h"
#include "graph_collapse.h"
#include "undo_commands.h"

namespace gs::gui {

namespace {

template <typename T> std::vector<std::string> idsOf(const std::vector<T>& items)
{
    std::vector<std::string> out;
    out.reserve(items.size());
    for (const T& item : items)
        out.push_back(item.id);
    return out;
}

}  // namespace

Document::Document(QObject* parent)
    : QObject(parent), nodes_(std::make_unique<NodeListModel>(scene_)), edges_(std::make_unique<EdgeListModel>(scene_)),
      groups_(std::make_unique<GroupListModel>(scene_)), problems_(std::make_unique<ProblemListModel>()),
      inspector_(std::make_unique<InspectorModel>())
{
    visibleNodes_ = std::make_unique<ViewportModel>(
        ViewportModel::Shape::Box,
        std::array<int, 4>{NodeListModel::XRole, NodeListModel::YRole, NodeListModel::WidthRole, NodeListModel::HeightRole});
    visibleNodes_->setSourceModel(nodes_.get());
    visibleEdges_ = std::make_unique<ViewportModel>(
        ViewportModel::Shape::Segment,
        std::array<int, 4>{EdgeListModel::X1Role, EdgeListModel::Y1Role, EdgeListModel::X2Role, EdgeListModel::Y2Role});
    visibleEdges_->setSourceModel(edges_.get());
    // The Programmed conditions name where the local gateway serves each listener (LiveGateway).
    translateOptions_.singleLoopbackAddress = !runtime::net::loopbackAliasesBindable();
    nodes_->setEditable([this](const GraphNode& n) {
        return n.objectIndex && *n.objectIndex < topology_.objects.size() &&
            editable(topology_.objects.objects()[*n.objectIndex]);
    });
    nodes_->setFaults([this](const GraphNode& n) {
        if (n.kind != "Service")
            return QString();
        const auto it = workspace_.echo.find(n.ns + "/" + n.name);
        return it == workspace_.echo.end() ? QString() : QString::fromStdString(model::echoFaultsSummary(it->second.faults));
    });
    nodes_->setPinned([this](const std::string& id) { return workspace_.pinned.count(id) > 0; });
    // Each namespace's requests/s follows the nodes' traffic (the overview's labels say it).
    const auto rates = [this] {
        groups_->setRates(
            [this](const GraphNode& n) { return NodeListModel::carriesRequests(n) ? nodes_->trafficOf(n).rate : 0.0; });
    };
    connect(nodes_.get(), &QAbstractItemModel::dataChanged, this,
            [rates](const QModelIndex&, const QModelIndex&, const QList<int>& roles) {
                if (roles.contains(NodeListModel::RateRole))
                    rates();
            });
    connect(this, &Document::reloaded, this, rates);
    filter_ = std::make_unique<DocumentFilter>(scene_, *nodes_, *edges_);
    canvas_ = std::make_unique<DocumentCanvas>(*this);
    local_ = std::make_unique<LocalSettings>(*this);
    selection_ = std::make_unique<DocumentSelection>(*this);
    // The inspector shows the current object; connected before any view, so it is up to date
    // when they hear of the change.
    connect(selection_.get(), &DocumentSelection::changed, this, [this] {
        const model::Object* o = objectOf(selection_->current());
        inspector_->setFields(o ? inspectorFields(*o, topology_.diagnostics) : std::vector<InspectorField>{});
    });
    filter_->update();
    fileOps_ = std::make_unique<DocumentFiles>(*this);
    edits_ = std::make_unique<DocumentEdits>(*this);
    connect(&undo_, &QUndoStack::cleanChanged, this, &Document::modifiedChanged);
    connect(&undo_, &QUndoStack::indexChanged, this, &Document::undoStateChanged);
    connect(&undo_, &QUndoStack::canUndoChanged, this, &Document::undoStateChanged);
    connect(&undo_, &QUndoStack::canRedoChanged, this, &Document::undoStateChanged);
    reload();
}

Document::~Document()
{
    undo_.clear();  // commands point back at this document
    visibleNodes_.reset();  // the proxies go before their sources
    visibleEdges_.reset();
}

void Document::setViewport(const QRectF& viewport)
{
    if (viewport == viewport_)
        return;
    viewport_ = viewport;
    visibleNodes_->setVisibleRect(viewport);
    visibleEdges_->setVisibleRect(viewport);
    emit viewportChanged();
}

QString Document::displayName() const { return fileNames().join(QStringLiteral(", ")); }

QStringList Document::filePaths() const
{
    QStringList out;
    for (const SourceFile& f : files_)
        out.append(f.path);
    return out;
}

QStringList Document::fileNames() const
{
    QStringList out;
    for (const SourceFile& f : files_)
        out.append(f.fileName());
    return out;
}

Texts Document::texts() const
{
    Texts out;
    for (const SourceFile& f : files_)
        out.push_back(f.text);
    return out;
}

void Document::setCurrentFile(int index)
{
    if (index < 0 || std::size_t(index) >= files_.size() || std::size_t(index) == current_)
        return;
    current_ = std::size_t(index);
    emit currentFileChanged();
    emit yamlTextChanged();
    emit reloaded();  // yamlErrors are the current file's
}

void Document::showFile(const QString& name)
{
    for (std::size_t i = 0; i < files_.size(); ++i)
        if (files_[i].name == name)
            setCurrentFile(int(i));
}

void Document::reportError(const QString& text, const QStringList& details)
{
    setMessage(text);
    emit errorReported(text, details);
}

QStringList Document::errorLines(int max) const
{
    QStringList out;
    int errors = 0;
    for (const model::Diagnostic& d : topology_.diagnostics.all()) {
        if (d.severity != model::Severity::Error)
            continue;
        if (++errors <= max)
            out.append(QString::fromStdString(d.format()));
    }
    if (errors > max)
        out.append(tr("… and %n more", nullptr, errors - max));
    return out;
}

void Document::setMessage(const QString& message)
{
    message_ = message;
    emit messageChanged();  // always: the same refusal twice should show twice
}

void Document::applyTexts(const Texts& texts)
{
    // A step recorded before files were added to the workspace holds the texts of the files
    // there were then: the first ones.
    if (texts.size() > files_.size())
        return;
    bool changed = false;
    for (std::size_t i = 0; i < texts.size(); ++i) {
        changed = changed || files_[i].text != texts[i];
        files_[i].text = texts[i];
    }
    if (!changed)
        return;
    reload();
    emit yamlTextChanged();
}

void Document::commit(Texts texts, const QString& label, const QString& series)
{
    if (texts == this->texts())
        return;
    const QScopedValueRollback<bool> applying(applying_, true);
    undo_.push(new TextCommand(this, this->texts(), std::move(texts), label, false, series));
}

void Document::reload()
{
    topology_ = model::loadTopology(sources());
    translation_ = std::make_unique<model::Translation>(model::translate(topology_.objects, workspace_, translateOptions_));
    fullGraph_ = buildGraph(topology_.objects, translation_.get());
    Graph graph = collapseGroups(fullGraph_, workspace_.collapsed);
    const bool nodesReset = idsOf(graph.nodes) != idsOf(scene_.nodes());
    const bool edgesReset = nodesReset || idsOf(graph.edges) != idsOf(scene_.edges());
    nodes_->beginRefresh(nodesReset);
    edges_->beginRefresh(edgesReset);
    scene_.setGraph(std::move(graph), workspace_.positions, wanted_, viewAspect());
    wanted_.clear();  // taken, as a start for the free-space search (graph_placement.h)
    nodes_->endRefresh();
    edges_->endRefresh();
    groups_->refresh();
    std::vector<Problem> problems = collectProblems(topology_, translation_.get());
    fixes_ = findFixes(topology_.objects);
    attachFixes(problems, fixes_);
    problems_->setProblems(std::move(problems));
    filter_->update();
    selection_->refresh();
    emit reloaded();
    emit boundsChanged();
}

void Document::setCertificateCheck(std::function<model::Problem(const std::string&, const std::string&)> check,
                                   std::function<model::Problem(const std::string&)> caCheck)
{
    translateOptions_.checkCertificate = std::move(check);
    translateOptions_.checkCaCertificate = std::move(caCheck);
    reload();
}

void Document::placeNew(const std::string& nodeId, std::optional<std::pair<double, double>> corner)
{
    workspace_.positions.erase(nodeId);
    if (corner)
        wanted_[nodeId] = *corner;
}

std::optional<Fix> Document::fixOfProblem(int problemRow) const
{
    const std::vector<Problem>& problems = problems_->problems();
    if (problemRow < 0 || std::size_t(problemRow) >= problems.size() || problems[std::size_t(problemRow)].fix < 0)
        return std::nullopt;
    return fixes_[std::size_t(problems[std::size_t(problemRow)].fix)];
}

const model::Object* Document::objectOf(const QString& id) const
{
    if (id.isEmpty())
        return nullptr;
    const int row = scene_.indexOf(id.toStdString());
    if (row < 0)
        return nullptr;
    const GraphNode& n = scene_.nodes()[std::size_t(row)];
    return n.objectIndex ? &topology_.objects.objects()[*n.objectIndex] : nullptr;
}

std::size_t Document::indexOfObject(const model::Object& o) const { return std::size_t(&o - topology_.objects.objects().data()); }

bool Document::isEditable(const QString& id) const
{
    const model::Object* o = objectOf(id);
    return o && editable(*o);
}

bool Document::editable(const model::Object& o) const
{
    return roleEdits(o.id.kind) && (cluster_.name.isEmpty() || o.file != cluster_.name.toStdString());
}

QString Document::readOnlyReason(const model::Object& o) const
{
    const QString id = QString::fromStdString(o.id.kind + " " + o.displayName());
    if (!cluster_.name.isEmpty() && o.file == cluster_.name.toStdString())
        return tr("%1 is on the cluster (context %2) and read-only here; Save cluster objects as a file to edit it")
            .arg(id, clusterContext_);
    return tr("The %1 view shows %2 read-only").arg(role_, id);
}

// Infra teams own classes, Gateways, listeners and TLS; app teams own routes and backends
// (Gateway API personas: cluster operator and application developer).
bool Document::roleEdits(const std::string& kind) const
{
    static const std::set<std::string> infra{"GatewayClass", "Gateway", "ListenerSet", "Secret", "Namespace"};
    if (role_ == QLatin1String("infra"))
        return infra.count(kind) > 0;
    if (role_ == QLatin1String("app"))
        return infra.count(kind) == 0;
    return true;
}

void Document::setRole(const QString& role)
{
    if (role == role_ || (role != "all" && role != "infra" && role != "app"))
        return;
    role_ = role;
    nodes_->setEditable([this](const GraphNode& n) {
        return n.objectIndex && *n.objectIndex < topology_.objects.size() &&
            editable(topology_.objects.objects()[*n.objectIndex]);
    });
    emit roleChanged();  // the selection follows (editable)
}

QVariantList Document::yamlErrors() const
{
    QVariantList out;
    const std::string file = files_[current_].name.toStdString();
    for (const model::Diagnostic& d : topology_.diagnostics.all())
        if (d.mark.known() && d.file == file)
            out.append(QVariantMap{{"line", d.mark.line},
                                   {"column", d.mark.column},
                                   {"message", QString::fromStdString(d.message)},
                                   {"error", d.severity == model::Severity::Error}});
    return out;
}

QRectF Document::bounds() const
{
    const Rect r = scene_.bounds();
    return {r.x, r.y, r.width, r.height};
}

QStringList Document::paletteKinds() const
{
    return {"GatewayClass", "Gateway",  "HTTPRoute", "GRPCRoute", "TLSRoute",
            "TCPRoute",     "UDPRoute", "Service",   "Secret",    "ReferenceGrant"};
}

void Document::applyPosition(const std::string& id, double x, double y)
{
    workspace_.positions[id] = {x, y};
    if (!scene_.moveNode(id, x, y))
        return;
    nodes_->nodeMoved(scene_.indexOf(id));
    edges_->nodeMoved(id);
    groups_->refresh();
    emit boundsChanged();
}

void Document::applyPositions(const Positions& positions)
{
    for (const auto& [id, xy] : positions)
        workspace_.positions[id] = xy;
    scene_.moveNodes(positions);
    nodes_->positionsChanged();
    edges_->positionsChanged();
    groups_->refresh();
    emit boundsChanged();
}

void Document::moveNode(const QString& id, qreal x, qreal y, bool final, qreal fromX, qreal fromY)
{
    if (!final) {
        applyPosition(id.toStdString(), x, y);
        return;
    }
    if (x == fromX && y == fromY)
        return;
    CanvasState before = canvasState(), after = canvasState();
    before.positions[id.toStdString()] = {fromX, fromY};
    after.positions[id.toStdString()] = {x, y};
    after.pinned.insert(id.toStdString());  // placed by hand: the automatic layout keeps it
    undo_.push(new CanvasCommand(this, tr("Move %1").arg(id), std::move(before), std::move(after)));
}

CanvasState Document::canvasState() const { return {{}, workspace_.pinned, workspace_.collapsed}; }

double Document::viewAspect() const
{
    return viewport_.width() > 0 && viewport_.height() > 0 ? viewport_.width() / viewport_.height() : PackingOptions{}.aspect;
}

namespace {

// The top-left corner of the nodes among `ids` that have a position.
std::optional<std::pair<double, double>> topLeftOf(const std::vector<std::string>& ids, const Positions& positions)
{
    std::optional<std::pair<double, double>> corner;
    for (const std::string& id : ids)
        if (const auto it = positions.find(id); it != positions.end())
            corner = corner ? std::pair{std::min(corner->first, it->second.first), std::min(corner->second, it->second.second)}
                            : it->second;
    return corner;
}

}  // namespace

void Document::applyCanvasState(const CanvasState& state)
{
    const bool pinsChanged = state.pinned != workspace_.pinned;
    workspace_.pinned = state.pinned;
    if (state.collapsed != workspace_.collapsed) {
        for (const std::string& key : state.collapsed)
            if (!workspace_.collapsed.count(key))
                placeCollapsing(key);
        workspace_.collapsed = state.collapsed;
        reload();
    }
    applyPositions(state.positions);
    if (pinsChanged)
        nodes_->pinsChanged();
    emit canvas_->changed();
}

void Document::placeCollapsing(const std::string& key)
{
    // Where its members were (their positions stay in the workspace, for when it opens again).
    const std::string id = collapsedNodeId(key);
    workspace_.positions.erase(id);
    if (const auto corner = topLeftOf(membersOf(fullGraph_, key), workspace_.positions))
        wanted_[id] = *corner;
}

Positions Document::membersMovedTo(const std::string& key, double x, double y, Rect& box) const
{
    box = {x, y, 0, 0};
    const std::vector<std::string> members = membersOf(fullGraph_, key);
    const auto corner = topLeftOf(members, workspace_.positions);
    if (!corner)
        return {};
    std::unordered_map<std::string, const GraphNode*> nodes;
    for (const GraphNode& n : fullGraph_.nodes)
        nodes.emplace(n.id, &n);
    Positions out;
    for (const std::string& member : members) {
        const auto it = workspace_.positions.find(member);
        const auto n = nodes.find(member);
        if (it == workspace_.positions.end() || n == nodes.end())
            continue;
        const std::pair<double, double> to{it->second.first + x - corner->first, it->second.second + y - corner->second};
        out[member] = to;
        box.width = std::max(box.width, to.first + GraphScene::kNodeWidth - x);
        box.height = std::max(box.height, to.second + GraphScene::heightOf(*n->second) - y);
    }
    return out;
}

void Document::beginMoveSelection()
{
    moveStart_.clear();
    for (const QString& id : selection_->ids())
        if (const int row = scene_.indexOf(id.toStdString()); row >= 0) {
            const Rect& g = scene_.geometry(std::size_t(row));
            moveStart_[id.toStdString()] = {g.x, g.y};
        }
}

void Document::moveSelectionBy(qreal dx, qreal dy)
{
    Positions moved;
    for (const auto& [id, xy] : moveStart_)
        moved[id] = {xy.first + dx, xy.second + dy};
    applyPositions(moved);
}

void Document::endMoveSelection(qreal dx, qreal dy)
{
    if (moveStart_.empty())
        return;
    Positions after;
    for (const auto& [id, xy] : moveStart_)
        after[id] = {std::round(xy.first + dx), std::round(xy.second + dy)};
    Positions before = std::move(moveStart_);
    moveStart_.clear();
    if (dx == 0 && dy == 0) {
        applyPositions(before);
        return;
    }
    CanvasState from = canvasState(), to = canvasState();
    from.positions = std::move(before);
    for (const auto& [id, xy] : after)
        to.pinned.insert(id);  // placed by hand: the automatic layout keeps them
    to.positions = std::move(after);
    undo_.push(
        new CanvasCommand(this, tr("Move %n object(s)", nullptr, int(selection_->ids().size())), std::move(from), std::move(to)));
}

QVariantMap Document::hitTest(qreal x, qreal y) const
{
    const GraphScene::Hit hit = scene_.hitTest(x, y);
    return {{"nodeId", QString::fromStdString(hit.id)}, {"port", QString::fromStdString(hit.port)}};
}

QVariantMap Document::nodeGeometry(const QString& id) const
{
    const int row = scene_.indexOf(id.toStdString());
    if (row < 0)
        return {};
    const Rect& g = scene_.geometry(std::size_t(row));
    return {{"x", g.x}, {"y", g.y}, {"width", g.width}, {"height", g.height}};
}

// --- the texts as a whole: replaced, loaded, and the workspace beside them ---------------------

void Document::resetTo(std::vector<SourceFile> files, const model::Workspace& workspace)
{
    const bool hadRecovery = fileOps_->recoveryAvailable();  // an offer the new files drop
    undo_.clear();
    workspace_ = workspace;
    files_ = std::move(files);
    current_ = 0;
    fileOps_->watch();
    emit fileOps_->changedOnDiskChanged();
    selection_->clearForReset();
    reload();
    undo_.setClean();
    canvas_->forgetPendingLayout();
    emit canvas_->changed();
    emit filePathChanged();
    emit currentFileChanged();
    emit yamlTextChanged();
    emit selection_->currentChanged();  // cleared above, announced with the new files
    emit modifiedChanged();
    if (hadRecovery)
        emit fileOps_->recoveryChanged();
}

bool Document::pristine() const
{
    return !modified() && std::all_of(files_.begin(), files_.end(), [](const SourceFile& f) { return f.path.isEmpty(); });
}

void Document::loadText(const QString& text, const QString& name)
{
    resetTo({SourceFile{{}, name, text.toStdString(), {}, false, {}}}, model::Workspace{});
}

bool Document::writeWorkspace(QString& error)
{
    model::Workspace saved = workspace_;
    saved.positions.clear();  // only the nodes that exist: deleted objects leave no trace
    for (const Graph* graph :
         {&scene_.graph(), static_cast<const Graph*>(&fullGraph_)})  // drawn nodes, collapsed groups' members
        for (const GraphNode& n : graph->nodes)
            if (auto it = workspace_.positions.find(n.id); it != workspace_.positions.end())
                saved.positions.insert(*it);
    const QString wsPath = QString::fromStdString(model::Workspace::pathFor(filePath().toStdString()));
    return writeFileAtomically(wsPath, QByteArray::fromStdString(saved.toJson()), error);
}

bool Document::keepWorkspace(const QString& message, ReloadAfter reloadAfter)
{
    QString error;
    const bool written = filePath().isEmpty() || writeWorkspace(error);
    if (!written)
        reportError(error);
    else if (!message.isEmpty())
        setMessage(message);
    if (reloadAfter == ReloadAfter::Yes)
        reload();
    return written;
}

}  // namespace gs::gui

#pragma once
// The open document: its YAML files' texts (the one source of truth), what the model makes of them
// (objects, diagnostics, status), the graph drawn from that, the workspace (node positions) and
// the undo stack. Every edit — on the canvas, in the inspector or in the YAML pane — becomes a new
// text pushed on the undo stack; the document then reloads, so the graph, the form, the status and
// the YAML always show the same thing.
//
// Lives on the GUI thread. Owns its models; QML reaches them through the properties below.

#include <QObject>
#include <QRectF>
#include <QScopedValueRollback>
#include <QUndoStack>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "controller/translator.h"
#include "document_canvas.h"
#include "document_edits.h"
#include "document_files.h"
#include "document_filter.h"
#include "document_selection.h"
#include "local_settings.h"
#include "edge_list_model.h"
#include "graph_scene.h"
#include "inspector_model.h"
#include "node_list_model.h"
#include "problem_list_model.h"
#include "source_file.h"
#include "topology.h"
#include "undo_commands.h"
#include "viewport_model.h"
#include "workspace.h"

namespace gs::gui {

class Document : public QObject {
    Q_OBJECT
    QML_ELEMENT
    // The text of the file the YAML pane shows (`currentFile`).
    Q_PROPERTY(QString yamlText READ yamlText NOTIFY yamlTextChanged)
    // The first (primary) file; the workspace (positions) lives beside it.
    Q_PROPERTY(QString filePath READ filePath NOTIFY filePathChanged)
    Q_PROPERTY(QStringList filePaths READ filePaths NOTIFY filePathChanged)
    // The file names: "a.yaml" or "a.yaml, b.yaml" (the window title).
    Q_PROPERTY(QString displayName READ displayName NOTIFY filePathChanged)
    // The file the YAML pane shows and new objects go to; it follows the selected object.
    Q_PROPERTY(int currentFile READ currentFile WRITE setCurrentFile NOTIFY currentFileChanged)
    Q_PROPERTY(QStringList fileNames READ fileNames NOTIFY filePathChanged)
    Q_PROPERTY(bool modified READ modified NOTIFY modifiedChanged)
    // The selected nodes and the one the inspector shows (document_selection.h).
    Q_PROPERTY(gs::gui::DocumentSelection* selection READ selection CONSTANT)
    Q_PROPERTY(QString role READ role WRITE setRole NOTIFY roleChanged)
    Q_PROPERTY(QString message READ message NOTIFY messageChanged)
    // Opening, saving, export, the files changed on disk, autosave and recovery (document_files.h).
    Q_PROPERTY(gs::gui::DocumentFiles* files READ fileOps CONSTANT)
    // Every change to the objects, each one undo step (document_edits.h).
    Q_PROPERTY(gs::gui::DocumentEdits* edits READ edits CONSTANT)
    // Automatic layout, pins, collapsed groups (document_canvas.h).
    Q_PROPERTY(gs::gui::DocumentCanvas* canvas READ canvas CONSTANT)
    // Search, focus and the Problems filter (document_filter.h).
    Q_PROPERTY(gs::gui::DocumentFilter* filter READ filter CONSTANT)
    // Echo faults, traffic profiles and rollout plans, kept beside the YAML (local_settings.h).
    Q_PROPERTY(gs::gui::LocalSettings* local READ local CONSTANT)
    Q_PROPERTY(int errorCount READ errorCount NOTIFY reloaded)
    Q_PROPERTY(int warningCount READ warningCount NOTIFY reloaded)
    Q_PROPERTY(int objectCount READ objectCount NOTIFY reloaded)
    Q_PROPERTY(QVariantList yamlErrors READ yamlErrors NOTIFY reloaded)
    Q_PROPERTY(QRectF bounds READ bounds NOTIFY boundsChanged)
    Q_PROPERTY(bool canUndo READ canUndo NOTIFY undoStateChanged)
    Q_PROPERTY(bool canRedo READ canRedo NOTIFY undoStateChanged)
    Q_PROPERTY(QString undoText READ undoText NOTIFY undoStateChanged)
    Q_PROPERTY(QString redoText READ redoText NOTIFY undoStateChanged)
    Q_PROPERTY(gs::gui::NodeListModel* nodes READ nodes CONSTANT)
    Q_PROPERTY(gs::gui::EdgeListModel* edges READ edges CONSTANT)
    Q_PROPERTY(gs::gui::GroupListModel* groups READ groups CONSTANT)
    // The nodes and edges near the visible part of the canvas (see viewport_model.h).
    Q_PROPERTY(gs::gui::ViewportModel* visibleNodes READ visibleNodes CONSTANT)
    Q_PROPERTY(gs::gui::ViewportModel* visibleEdges READ visibleEdges CONSTANT)
    Q_PROPERTY(QRectF viewport READ viewport WRITE setViewport NOTIFY viewportChanged)
    Q_PROPERTY(gs::gui::ProblemListModel* problems READ problems CONSTANT)
    Q_PROPERTY(gs::gui::InspectorModel* inspector READ inspector CONSTANT)
    Q_PROPERTY(QStringList paletteKinds READ paletteKinds CONSTANT)
    // The cluster source: objects a cluster holds (ClusterSession keeps it current), loaded beside
    // the files and read-only; "" when there is none.
    Q_PROPERTY(QString clusterContext READ clusterContext NOTIFY clusterSourceChanged)
    Q_PROPERTY(int clusterObjectCount READ clusterObjectCount NOTIFY clusterSourceChanged)

public:
    explicit Document(QObject* parent = nullptr);
    ~Document() override;

    QString yamlText() const { return QString::fromStdString(files_[current_].text); }
    QString filePath() const { return files_.front().path; }
    QStringList filePaths() const;
    QStringList fileNames() const;
    QString displayName() const;
    int currentFile() const { return int(current_); }
    void setCurrentFile(int index);
    // Shows the file whose name (model::Object::file, a diagnostic's file) is `name`.
    Q_INVOKABLE void showFile(const QString& name);
    const std::vector<SourceFile>& files() const { return files_; }
    bool modified() const { return !undo_.isClean(); }
    DocumentSelection* selection() { return selection_.get(); }
    const DocumentSelection* selection() const { return selection_.get(); }
    QString role() const { return role_; }
    void setRole(const QString& role);
    QString message() const { return message_; }
    // A failure or a refusal: the footer's message, and errorReported() for the window's banner.
    Q_INVOKABLE void reportError(const QString& text, const QStringList& details = {});
    // The document's errors as "file:line:col: KIND ns/name: field: message", at most `max` of them
    // (and a last line saying how many more).
    Q_INVOKABLE QStringList errorLines(int max = 12) const;
    DocumentFiles* fileOps() { return fileOps_.get(); }
    DocumentEdits* edits() { return edits_.get(); }
    DocumentFilter* filter() { return filter_.get(); }
    DocumentCanvas* canvas() { return canvas_.get(); }
    LocalSettings* local() { return local_.get(); }
    int errorCount() const { return int(topology_.diagnostics.errorCount()); }
    int warningCount() const { return int(topology_.diagnostics.warningCount()); }
    int objectCount() const { return int(topology_.objects.size()); }
    QVariantList yamlErrors() const;
    QRectF bounds() const;
    bool canUndo() const { return undo_.canUndo(); }
    bool canRedo() const { return undo_.canRedo(); }
    QString undoText() const { return undo_.undoText(); }
    QString redoText() const { return undo_.redoText(); }
    NodeListModel* nodes() { return nodes_.get(); }
    EdgeListModel* edges() { return edges_.get(); }
    GroupListModel* groups() { return groups_.get(); }
    ViewportModel* visibleNodes() { return visibleNodes_.get(); }
    ViewportModel* visibleEdges() { return visibleEdges_.get(); }
    QRectF viewport() const { return viewport_; }
    void setViewport(const QRectF& viewport);
    ProblemListModel* problems() { return problems_.get(); }
    InspectorModel* inspector() { return inspector_.get(); }
    QStringList paletteKinds() const;
    QUndoStack& undoStack() { return undo_; }
    const model::Topology& topology() const { return topology_; }
    const model::Translation* translation() const { return translation_.get(); }
    const GraphScene& scene() const { return scene_; }
    // The graph before any group is collapsed (graph_collapse.h).
    const Graph& fullGraph() const { return fullGraph_; }
    const model::Workspace& workspace() const { return workspace_; }
    // The object a node id stands for (null for placeholders and unknown ids), its index in the
    // topology, and the file it is in.
    const model::Object* objectOf(const QString& id) const;
    std::size_t indexOfObject(const model::Object& o) const;
    std::size_t fileOf(const model::Object& o) const;
    // For the objects beside the Document that keep settings in the workspace (LocalSettings):
    // change it, then keepWorkspace() writes it beside the first file when there is one (else at
    // the first save), says `message` (or reports why it could not be written: false), and with
    // ReloadAfter::Yes reloads, so that the graph and the local gateway follow.
    model::Workspace& workspaceForEdit() { return workspace_; }
    enum class ReloadAfter { No, Yes };
    bool keepWorkspace(const QString& message, ReloadAfter reloadAfter);

    // True for an untitled document nobody has changed (the demo, a fresh template): opening
    // files replaces it without asking whether to add them.
    Q_INVOKABLE bool pristine() const;
    // Replaces everything with `text` as an untitled document (tests, templates). Not undoable.
    Q_INVOKABLE void loadText(const QString& text, const QString& name = QStringLiteral("untitled.yaml"));

    Q_INVOKABLE bool isEditable(const QString& id) const;
    Q_INVOKABLE bool canCreate(const QString& kind) const { return roleEdits(kind.toStdString()); }

    // Canvas. moveNode with final=false only previews (while dragging); final=true is one undo step
    // from (fromX, fromY).
    Q_INVOKABLE void moveNode(const QString& id, qreal x, qreal y, bool final, qreal fromX, qreal fromY);
    // Dragging the selection: begin records where each selected node is; moveSelectionBy previews
    // an offset from there; endMoveSelection makes it one undo step.
    Q_INVOKABLE void beginMoveSelection();
    Q_INVOKABLE void moveSelectionBy(qreal dx, qreal dy);
    Q_INVOKABLE void endMoveSelection(qreal dx, qreal dy);
    Q_INVOKABLE QVariantMap hitTest(qreal x, qreal y) const;
    Q_INVOKABLE QVariantMap nodeGeometry(const QString& id) const;

    Q_INVOKABLE void undo() { undo_.undo(); }
    Q_INVOKABLE void redo() { undo_.redo(); }

    // How Secrets' certificates and CA bundles are checked (TranslateOptions::checkCertificate,
    // checkCaCertificate): the application plugs in the same OpenSSL checks the `status` command
    // and the local gateway use.
    void setCertificateCheck(std::function<model::Problem(const std::string&, const std::string&)> check,
                             std::function<model::Problem(const std::string&)> caCheck = {});

    // The cluster source (document_cluster.cpp). Not an undo step: the cluster, not the user,
    // changes it. Its objects are loaded with the files', are never edited, saved or autosaved
    // here, and keep their file name "cluster:CONTEXT".
    void setClusterSource(const QString& context, const std::string& text);
    void removeClusterSource();
    QString clusterContext() const { return clusterContext_; }
    int clusterObjectCount() const;
    // True when the object comes from a file (not the cluster source) and the role view edits it.
    bool editable(const model::Object& o) const;
    // Why the object `id` is on the cluster and read-only here; "" for the files' objects.
    Q_INVOKABLE QString clusterReadOnlyReason(const QString& id) const;

    // The edit surface (DocumentEdits, DocumentFiles): commit() pushes the files' next texts as one
    // undo step (named `label`; steps of one `series` merge) and reloads; nothing else changes a
    // text. The texts* functions compute those texts, each object edited in the file it came from
    // (document_sources.cpp); new objects go to `file` (the current file when npos).
    void commit(Texts next, const QString& label, const QString& series = {});
    Texts textsReplacing(const std::map<std::size_t, yaml::Node>& docs) const;
    Texts textsRemoving(const std::vector<std::size_t>& indexes) const;
    Texts textsAppending(const std::vector<yaml::Node>& docs, std::size_t file = std::size_t(-1)) const;
    // Where the node of an object about to be created should go, if free, at the next reload
    // (top-left corner; without one, the free-space search places it). A deleted object's old
    // place is forgotten, as it may not be free any more.
    void placeNew(const std::string& nodeId, std::optional<std::pair<double, double>> corner);
    // True while an edit is applied: the inspector's rows are replaced then, and a field torn down
    // with them reports "editing finished" with what it held; that echo is not a new edit.
    bool applying() const { return applying_; }
    [[nodiscard]] QScopedValueRollback<bool> markApplying() { return QScopedValueRollback<bool>(applying_, true); }
    // The fix offered beside the problem in `problemRow` (fixes.h); none when there is none.
    std::optional<Fix> fixOfProblem(int problemRow) const;
    // Whether the role view (`role`) edits objects of `kind`; why `o` is read-only here.
    bool roleEdits(const std::string& kind) const;
    QString readOnlyReason(const model::Object& o) const;
    // The footer's message, for a success worth saying ("Copied …").
    void setMessage(const QString& message);

    // Used by the undo commands: set the texts and reload; set positions.
    void applyTexts(const Texts& texts);
    void applyPositions(const Positions& positions);
    void applyPosition(const std::string& id, double x, double y);
    // Positions, pins and collapsed groups as a canvas step sets them (reloads when the groups change).
    void applyCanvasState(const CanvasState& state);
    // The pins and collapsed groups now, with no positions.
    CanvasState canvasState() const;
    // Where the members of collapsed group `key` go when they move together, keeping their
    // arrangement, for their top-left to be at (x, y); `box` receives the box they then cover.
    Positions membersMovedTo(const std::string& key, double x, double y, Rect& box) const;
    // The canvas's width / height, for the automatic layout to fill it.
    double viewAspect() const;
    // The text of the current file; of every file.
    const std::string& text() const { return files_[current_].text; }
    Texts texts() const;
    // Every file's text as the model loads it (the local gateway serves the same).
    std::vector<model::Source> sources() const;

signals:
    void yamlTextChanged();
    void filePathChanged();
    void modifiedChanged();
    void roleChanged();
    void messageChanged();
    void reloaded();
    void boundsChanged();
    void undoStateChanged();
    void viewportChanged();
    void currentFileChanged();
    void errorReported(const QString& text, const QStringList& details);
    void clusterSourceChanged();

private:
    friend class DocumentFiles;  // reads and writes the files and the workspace
    void reload();
    void resetTo(std::vector<SourceFile> files, const model::Workspace& workspace);
    bool writeWorkspace(QString& error);
    // A group about to be drawn collapsed: its node goes where its members were.
    void placeCollapsing(const std::string& key);

    std::vector<SourceFile> files_{SourceFile{{}, QStringLiteral("untitled.yaml"), {}, {}, false, {}}};
    std::size_t current_ = 0;
    SourceFile cluster_;  // the cluster source; empty name when there is none
    QString clusterContext_;
    QString role_ = QStringLiteral("all");
    QString message_;
    model::Topology topology_;
    std::unique_ptr<model::Translation> translation_;
    model::Workspace workspace_;
    Graph fullGraph_;  // before collapsing
    GraphScene scene_;
    QUndoStack undo_;
    std::unique_ptr<NodeListModel> nodes_;
    std::unique_ptr<EdgeListModel> edges_;
    std::unique_ptr<GroupListModel> groups_;
    std::unique_ptr<ViewportModel> visibleNodes_;
    std::unique_ptr<ViewportModel> visibleEdges_;
    std::unique_ptr<DocumentFilter> filter_;  // after the models it marks
    std::unique_ptr<DocumentCanvas> canvas_;
    std::unique_ptr<LocalSettings> local_;
    std::unique_ptr<DocumentSelection> selection_;
    std::unique_ptr<DocumentFiles> fileOps_;
    std::unique_ptr<DocumentEdits> edits_;
    QRectF viewport_;
    model::TranslateOptions translateOptions_;
    Positions moveStart_;  // the selection's positions when a drag began
    Positions wanted_;  // where new objects should go, if free, at the next reload
    bool applying_ = false;  // see applying()
    std::unique_ptr<ProblemListModel> problems_;
    std::unique_ptr<InspectorModel> inspector_;
    std::vector<Fix> fixes_;  // of the loaded objects; problems_ rows point into it
};

}  // namespace gs::gui

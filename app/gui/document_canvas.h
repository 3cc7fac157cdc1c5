#pragma once
// What the canvas arranges beside the objects (`document.canvas` in QML): the automatic layout,
// the nodes the user pinned by placing them, and the groups drawn collapsed (graph_collapse.h).
// Each change is one undo step (CanvasCommand) and is kept in the workspace, never in the YAML.

#include <QObject>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <set>
#include <string>
#include <thread>

namespace gs::gui {

class Document;

class DocumentCanvas : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("A Document's canvas: document.canvas")
    // True while a big workspace's layout is computed on a worker thread.
    Q_PROPERTY(bool layingOut READ layingOut NOTIFY layingOutChanged)
    Q_PROPERTY(int pinnedCount READ pinnedCount NOTIFY changed)
    Q_PROPERTY(int collapsedCount READ collapsedCount NOTIFY changed)

public:
    explicit DocumentCanvas(Document& document);
    ~DocumentCanvas() override;

    bool layingOut() const { return worker_.joinable(); }
    int pinnedCount() const;
    int collapsedCount() const;

    // Lays out every node that is not pinned, around the pinned ones (GraphScene::LayoutJob),
    // shaped like the canvas, as one undo step. Above `kInlineUpTo` nodes the work runs on a worker thread and the step is
    // pushed when it is done; a second call meanwhile is ignored.
    Q_INVOKABLE void autoLayout();
    static constexpr std::size_t kInlineUpTo = 150;

    // Other files replaced the document's: a layout still running is dropped when it ends.
    void forgetPendingLayout();

    Q_INVOKABLE bool isPinned(const QString& id) const;
    Q_INVOKABLE void unpin(const QStringList& ids);
    Q_INVOKABLE void unpinAll();

    // The groups a node can be collapsed into: [{key, label}], the smallest first.
    Q_INVOKABLE QVariantList collapseChoices(const QString& nodeId) const;
    Q_INVOKABLE void collapse(const QString& key);
    // `idOrKey`: a collapsed group's node id or its key.
    Q_INVOKABLE void expand(const QString& idOrKey);
    Q_INVOKABLE void expandAll();
    // The overview of a big workspace: every namespace with more than one node drawn as one, and
    // what is left laid out again (one step).
    Q_INVOKABLE void collapseNamespaces();

signals:
    void layingOutChanged();
    void changed();  // pins or groups (Document::applyCanvasState, each canvas step)
    // A layout finished (the tests and the frame benchmark wait for it).
    void laidOut();

private:
    void setCollapsed(std::set<std::string> collapsed, const QString& label);

    Document& document_;
    std::thread worker_;
    int generation_ = 0;  // of the document's files (forgetPendingLayout)
};

}  // namespace gs::gui

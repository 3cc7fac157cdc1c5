#pragma once
// Search and filters of a Document's canvas (`document.filter` in QML): nodes whose id holds every
// word of `text` (and, with `onlyProblems`, nodes with a problem and their neighbours; with a
// `focus`, the nodes on that node's paths: what leads to it and what it leads to) are
// "matched", and the canvas draws the others faint. Matching never hides a node, so the layout
// and the edges keep their meaning while searching. The Document calls update() after each
// reload, since matches follow the graph.

#include <QObject>
#include <QRectF>
#include <QString>
#include <QtQml/qqmlregistration.h>

#include <memory>
#include <set>
#include <string>

namespace gs::gui {

class EdgeListModel;
class GraphScene;
class NodeListModel;

class DocumentFilter : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("A Document's filter: document.filter")
    Q_PROPERTY(QString text READ text WRITE setText NOTIFY changed)
    Q_PROPERTY(bool onlyProblems READ onlyProblems WRITE setOnlyProblems NOTIFY changed)
    Q_PROPERTY(int matchCount READ matchCount NOTIFY changed)
    // A node id, or "": focus mode (the node and its neighbourhood), cleared when the node goes.
    Q_PROPERTY(QString focus READ focus WRITE setFocus NOTIFY changed)

public:
    DocumentFilter(const GraphScene& scene, NodeListModel& nodes, EdgeListModel& edges, QObject* parent = nullptr);

    QString text() const { return text_; }
    void setText(const QString& text);
    bool onlyProblems() const { return onlyProblems_; }
    void setOnlyProblems(bool only);
    QString focus() const { return focus_; }
    void setFocus(const QString& nodeId);
    int matchCount() const { return int(matched_->size()); }
    // The box around the matched nodes (all nodes when nothing is filtered); the only match's id.
    Q_INVOKABLE QRectF matchedBounds() const;
    Q_INVOKABLE QString singleMatch() const;

    // Matches again (the graph changed) and tells the node and edge models.
    void update();

signals:
    void changed();

private:
    const GraphScene& scene_;
    NodeListModel& nodes_;
    EdgeListModel& edges_;
    QString text_;
    bool onlyProblems_ = false;
    QString focus_;
    // Shared with the matchers the node and edge models hold, which may outlive this object.
    std::shared_ptr<const std::set<std::string>> matched_ = std::make_shared<const std::set<std::string>>();
};

}  // namespace gs::gui

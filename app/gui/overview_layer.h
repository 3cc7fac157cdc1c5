#pragma once
// The canvas zoomed out (the overview, below readable text): the namespaces' boxes, every edge
// and every node painted by one item into one image, instead of a delegate per node and a Shape
// per edge. With the software renderer a frame costs what changed: while traffic animates only
// the particles above change, and this image is blitted, not painted again; it is painted again
// when the view moves or the graph, the selection, the filter or the colours change.
//
// What it draws follows the delegates it stands in for (GraphNode.qml, GraphEdge.qml): a node is
// a block of its kind's colour, framed for the selection or an error, faint when the search or
// focus leaves it out; a collapsed group is a stack with its name, size and traffic; a Gateway is
// named once its block is wide enough. Edges use GraphEdge.qml's curve (traffic_particles.h).
// The minimap is one too (`nodesOnly`).

#include <QColor>
#include <QPointer>
#include <QQuickPaintedItem>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

namespace gs::gui {

class Document;
struct GraphNode;
struct GraphEdge;

class OverviewLayer : public QQuickPaintedItem {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(gs::gui::Document* document READ document WRITE setDocument NOTIFY documentChanged)
    Q_PROPERTY(qreal zoom MEMBER zoom_ WRITE setZoom NOTIFY viewChanged)
    Q_PROPERTY(qreal panX MEMBER panX_ WRITE setPanX NOTIFY viewChanged)
    Q_PROPERTY(qreal panY MEMBER panY_ WRITE setPanY NOTIFY viewChanged)
    // Colours by name: canvas, node, border, selection, error, warning, edge, text, groupFill,
    // groupBorder, tlsTerminate, tlsPassthrough, tlsReencrypt, accent; "kind:<Kind>" for kinds.
    Q_PROPERTY(QVariantMap colors READ colors WRITE setColors NOTIFY colorsChanged)
    // Only the nodes, as blocks of their kind's colour, no frames, labels, edges or boxes: the minimap.
    Q_PROPERTY(bool nodesOnly MEMBER nodesOnly_ NOTIFY viewChanged)
    // The number of paints so far (the tests check that traffic alone does not cause one).
    Q_PROPERTY(int paintCount READ paintCount NOTIFY painted)

public:
    explicit OverviewLayer(QQuickItem* parent = nullptr);

    Document* document() const { return document_; }
    void setDocument(Document* document);
    void setZoom(qreal zoom);
    void setPanX(qreal x);
    void setPanY(qreal y);
    QVariantMap colors() const { return colors_; }
    void setColors(const QVariantMap& colors);
    int paintCount() const { return paintCount_; }

    void paint(QPainter* painter) override;

signals:
    void documentChanged();
    void viewChanged();
    void colorsChanged();
    void painted();

private:
    QColor color(const QString& name) const;
    QPointF toView(double x, double y) const { return {x * zoom_ + panX_, y * zoom_ + panY_}; }
    void paintGroups(QPainter& p, const QRectF& world) const;
    void paintEdges(QPainter& p, const QRectF& world) const;
    void paintNodes(QPainter& p, const QRectF& world) const;
    QColor edgeColor(const GraphEdge& e) const;
    void paintLabel(QPainter& p, const QString& text, QPointF centreTop, double maxWidth) const;
    void paintBlocks(QPainter& p) const;

    QPointer<Document> document_;
    qreal zoom_ = 1, panX_ = 0, panY_ = 0;
    QVariantMap colors_;
    int paintCount_ = 0;
    bool nodesOnly_ = false;
};

}  // namespace gs::gui

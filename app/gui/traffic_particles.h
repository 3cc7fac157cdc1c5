#pragma once
// The live-traffic particles of every edge in view, drawn by one item in one pass. Each edge
// with a rate carries round dots moving from its source to its target along the same cubic curve
// the edge is drawn with (GraphEdge.qml); their spacing follows the rate and they turn red when
// more than 5 % of the requests fail.
//
// One item instead of a dashed path per edge: with the software renderer, a dashed stroke is
// re-dashed and re-rasterised by QPainter for every edge every frame; here a frame costs one
// evaluation of each curve and one small image blit per dot. The dots are painted by tiles of
// 128 × 128 view pixels, and only tiles with dots are shown and repainted: the software renderer
// repaints whatever lies under a changed item, so the repaint stays near the moving dots.
//
// Geometry contract (shared with GraphEdge.qml): an edge from (x1, y1) to (x2, y2) is the cubic
// with control points (x1 + bend, y1) and (x2 - bend, y2), bend = max(40, |x2 - x1| / 2), in
// world coordinates; the view shows world point p at p * zoom + (panX, panY).

#include <QAbstractItemModel>
#include <QColor>
#include <QImage>
#include <QPointer>
#include <QQuickItem>
#include <QQuickPaintedItem>
#include <QtQml/qqmlregistration.h>

#include <array>
#include <vector>

namespace gs::gui {

// One edge's particles: its curve in world coordinates and its traffic.
struct ParticleEdge {
    QPointF from, to;
    double rate = 0;
    bool failing = false;  // more than 5 % 5xx
    bool matched = true;  // false: the search filter dims it
};

// Where the dots of one edge are, in view coordinates, at `phase` (dash units, 4.5 world px each,
// advancing 12 a second). Dots keep the spacing, size and speed they have at zoom 0.5 when the
// view is zoomed out further, so traffic stays visible on an overview; an edge shorter than a dot
// on screen has none. Only dots inside `clip` (view coordinates; none: everywhere) are kept, so a
// long edge mostly out of view costs what its visible part does. Pure, for the tests.
struct ParticleLayout {
    double diameter = 0;  // view pixels
    std::vector<QPointF> centers;  // view coordinates
};
ParticleLayout layoutParticles(const ParticleEdge& edge, double zoom, QPointF pan, double phase, const QRectF& clip = {});

class TrafficParticles;

// One tile of the particle layer: paints the dots its TrafficParticles assigned to it.
class ParticleTile : public QQuickPaintedItem {
    Q_OBJECT
public:
    struct Dot {
        QPoint topLeft;  // of the dot's image, in the tile's coordinates
        bool failing;
        bool matched;
    };
    ParticleTile(TrafficParticles& layer, QQuickItem* parent);
    // Called on the GUI thread (polish); the paint that follows reads them.
    void setDots(std::vector<Dot> dots);
    bool empty() const { return dots_.empty(); }
    void paint(QPainter* painter) override;

private:
    TrafficParticles& layer_;
    std::vector<Dot> dots_;
};

class TrafficParticles : public QQuickItem {
    Q_OBJECT
    QML_ELEMENT
    // The edges to draw: a model with the EdgeListModel's roles (x1, y1, x2, y2, rate, errorShare,
    // matched), usually the Document's visibleEdges.
    Q_PROPERTY(QAbstractItemModel* model READ model WRITE setModel NOTIFY modelChanged)
    Q_PROPERTY(double zoom MEMBER zoom_ WRITE setZoom NOTIFY viewChanged)
    Q_PROPERTY(double panX MEMBER panX_ WRITE setPanX NOTIFY viewChanged)
    Q_PROPERTY(double panY MEMBER panY_ WRITE setPanY NOTIFY viewChanged)
    Q_PROPERTY(double phase MEMBER phase_ WRITE setPhase NOTIFY viewChanged)
    Q_PROPERTY(QColor color MEMBER color_ WRITE setColor NOTIFY viewChanged)
    Q_PROPERTY(QColor errorColor MEMBER errorColor_ WRITE setErrorColor NOTIFY viewChanged)
    // Where shapes are not clipped (the software renderer), GraphEdge hides edges that cross the
    // border of the canvas; with this set, their particles are left out too.
    Q_PROPERTY(bool onlyInside MEMBER onlyInside_ WRITE setOnlyInside NOTIFY viewChanged)
    // Dots drawn in the last paint (for tests and the frame benchmark), and edges with traffic.
    Q_PROPERTY(int drawnCount READ drawnCount NOTIFY painted)
    Q_PROPERTY(int animatedEdgeCount READ animatedEdgeCount NOTIFY painted)
    Q_PROPERTY(int edgeCount READ edgeCount NOTIFY edgeCountChanged)
public:
    explicit TrafficParticles(QQuickItem* parent = nullptr);

    QAbstractItemModel* model() const { return model_; }
    void setModel(QAbstractItemModel* model);
    void setZoom(double zoom);
    void setPanX(double panX);
    void setPanY(double panY);
    void setPhase(double phase);
    void setColor(const QColor& color);
    void setErrorColor(const QColor& color);
    void setOnlyInside(bool onlyInside);
    int drawnCount() const { return drawn_; }
    int animatedEdgeCount() const { return animatedEdges_; }
    int edgeCount() const { return edgesWithTraffic_; }

    // The dot image for the tiles: drawn in updatePolish (GUI thread), read by their paint.
    const QImage& dotImage(bool failing) const { return dots_[failing ? 1 : 0]; }

protected:
    void updatePolish() override;
    void geometryChange(const QRectF& newGeometry, const QRectF& oldGeometry) override;

signals:
    void modelChanged();
    void viewChanged();
    void painted();
    void edgeCountChanged();

private:
    // What a model signal makes stale: the traffic roles only (a stats refresh: rates, shares,
    // the filter's matches) or everything (rows or geometry).
    enum class Stale { None, Traffic, All };
    void markStale(Stale stale);
    void readEdges();
    bool inside(const ParticleEdge& edge) const;
    void prepareDots(double diameter);
    void layoutTiles();
    void setAndUpdate(double& field, double value);

    QPointer<QAbstractItemModel> model_;
    std::vector<QMetaObject::Connection> modelConnections_;
    std::vector<ParticleEdge> edges_;  // one per model row; those without traffic have rate 0
    Stale stale_ = Stale::None;
    std::array<int, 4> geometryRoles_{-1, -1, -1, -1};  // x1, y1, x2, y2
    double zoom_ = 1, panX_ = 0, panY_ = 0, phase_ = 0;
    QColor color_ = QColor("#0288d1"), errorColor_ = QColor("#c62828");
    bool onlyInside_ = false;
    QImage dots_[2];  // ordinary, failing; redrawn when the diameter or a colour changes
    double dotDiameter_ = 0;
    int drawn_ = 0;
    int animatedEdges_ = 0;
    int edgesWithTraffic_ = 0;
    std::vector<ParticleTile*> tiles_;  // row-major, tileColumns_ a row; children of this item
    int tileColumns_ = 0;
};

}  // namespace gs::gui

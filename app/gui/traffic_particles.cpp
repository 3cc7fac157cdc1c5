#include "traffic_particles.h"

#include <QPainter>

#include <algorithm>
#include <array>
#include <cmath>

namespace gs::gui {

namespace {

constexpr double kDashUnit = 4.5;  // world pixels per dash unit: the particles' diameter at zoom 1
constexpr double kMinScale = 0.5;  // below this zoom, dots keep their zoom-0.5 size and pace
constexpr int kCurveSegments = 24;  // straight pieces per curve: under a pixel off at zoom 1
constexpr double kFailingShare = 0.05;  // above this 5xx share the dots are red
constexpr int kTileSize = 128;  // view pixels

// Dash units between two dots: one per ~9 units at 1 request/s, one per 1.2 units from ~56/s.
double gapUnits(double rate) { return std::max(1.2, std::min(9.0, 9.0 / std::sqrt(std::max(rate, 0.01)))); }

QPointF cubicAt(const std::array<QPointF, 4>& p, double t)
{
    const double u = 1 - t;
    return u * u * u * p[0] + 3 * u * u * t * p[1] + 3 * u * t * t * p[2] + t * t * t * p[3];
}

// The edge's control points (see the header's geometry contract).
std::array<QPointF, 4> controlPoints(const ParticleEdge& e)
{
    const double bend = std::max(40.0, std::abs(e.to.x() - e.from.x()) / 2);
    return {e.from, QPointF(e.from.x() + bend, e.from.y()), QPointF(e.to.x() - bend, e.to.y()), e.to};
}

}  // namespace

ParticleLayout layoutParticles(const ParticleEdge& edge, double zoom, QPointF pan, double phase, const QRectF& clip)
{
    ParticleLayout out;
    if (edge.rate <= 0 || zoom <= 0)
        return out;
    const double scale = std::max(zoom, kMinScale);
    out.diameter = kDashUnit * scale;
    const double period = (0.01 + gapUnits(edge.rate)) * kDashUnit * scale;
    std::array<QPointF, 4> control = controlPoints(edge);
    for (QPointF& p : control)
        p = p * zoom + pan;
    std::array<QPointF, kCurveSegments + 1> points;
    std::array<double, kCurveSegments + 1> lengths{};
    points[0] = control[0];
    for (int i = 1; i <= kCurveSegments; ++i) {
        points[i] = cubicAt(control, double(i) / kCurveSegments);
        const QPointF d = points[i] - points[i - 1];
        lengths[i] = lengths[i - 1] + std::hypot(d.x(), d.y());
    }
    const double total = lengths[kCurveSegments];
    if (total < out.diameter)
        return out;
    // The dash pattern starts `phase` units along, so the dots move from source to target.
    const double first = std::fmod(phase * kDashUnit * scale, period);
    const QRectF keep = clip.isNull() ? QRectF() : clip.adjusted(-out.diameter, -out.diameter, out.diameter, out.diameter);
    for (int segment = 1; segment <= kCurveSegments; ++segment) {
        const QPointF a = points[segment - 1], b = points[segment];
        if (!keep.isNull() && !keep.intersects(QRectF(a, b).normalized().adjusted(-1, -1, 1, 1)))
            continue;  // this piece of the curve is out of view
        const double start = lengths[segment - 1], end = lengths[segment];
        // The first dot at or after `start` (the last piece also takes a dot exactly at its end).
        double at = first + std::ceil((start - first) / period) * period;
        if (at < start)
            at += period;
        for (; at < end || (segment == kCurveSegments && at <= end); at += period) {
            const double t = end > start ? (at - start) / (end - start) : 0;
            const QPointF center = a + (b - a) * t;
            if (keep.isNull() || keep.contains(center))
                out.centers.push_back(center);
        }
    }
    return out;
}

TrafficParticles::TrafficParticles(QQuickItem* parent) : QQuickItem(parent) { }

void TrafficParticles::setModel(QAbstractItemModel* model)
{
    if (model == model_)
        return;
    for (const QMetaObject::Connection& c : modelConnections_)
        disconnect(c);
    modelConnections_.clear();
    model_ = model;
    if (model_) {
        const QHash<int, QByteArray> names = model_->roleNames();
        geometryRoles_ = {names.key("x1", -1), names.key("y1", -1), names.key("x2", -1), names.key("y2", -1)};
        const auto dirty = [this] { markStale(Stale::All); };
        // A stats refresh changes the traffic roles of every row: those alone are read again.
        const auto changed = [this](const QModelIndex&, const QModelIndex&, const QList<int>& roles) {
            const bool geometry =
                roles.isEmpty() || std::any_of(roles.begin(), roles.end(), [this](int role) {
                    return std::find(geometryRoles_.begin(), geometryRoles_.end(), role) != geometryRoles_.end();
                });
            markStale(geometry ? Stale::All : Stale::Traffic);
        };
        modelConnections_ = {
            connect(model_, &QAbstractItemModel::dataChanged, this, changed),
            connect(model_, &QAbstractItemModel::rowsInserted, this, dirty),
            connect(model_, &QAbstractItemModel::rowsRemoved, this, dirty),
            connect(model_, &QAbstractItemModel::rowsMoved, this, dirty),
            connect(model_, &QAbstractItemModel::modelReset, this, dirty),
            connect(model_, &QAbstractItemModel::layoutChanged, this, dirty),
        };
    }
    markStale(Stale::All);
    emit modelChanged();
}

// Model signals come in bursts (a filter change inserts and removes many ranges): the edges are
// read again once, when the event loop next runs.
void TrafficParticles::markStale(Stale stale)
{
    const bool queued = stale_ != Stale::None;
    stale_ = std::max(stale_, stale);
    if (!queued)
        QMetaObject::invokeMethod(
            this, [this] { readEdges(); }, Qt::QueuedConnection);
}

void TrafficParticles::readEdges()
{
    if (stale_ == Stale::None)
        return;
    const int rows = model_ ? model_->rowCount() : 0;
    const bool all = stale_ == Stale::All || std::size_t(rows) != edges_.size();
    stale_ = Stale::None;
    if (all)
        edges_.assign(std::size_t(rows), ParticleEdge{});
    const int before = edgesWithTraffic_;
    edgesWithTraffic_ = 0;
    if (model_) {
        const QHash<int, QByteArray> names = model_->roleNames();
        const auto role = [&names](const char* name) { return names.key(name, -1); };
        const int rate = role("rate"), errorShare = role("errorShare"), matched = role("matched");
        const auto [x1, y1, x2, y2] = geometryRoles_;
        for (int row = 0; row < rows; ++row) {
            const QModelIndex i = model_->index(row, 0);
            ParticleEdge& e = edges_[std::size_t(row)];
            if (all) {  // every row's, as an edge without traffic now may have some at the next refresh
                e.from = QPointF(i.data(x1).toDouble(), i.data(y1).toDouble());
                e.to = QPointF(i.data(x2).toDouble(), i.data(y2).toDouble());
            }
            e.rate = i.data(rate).toDouble();
            if (e.rate <= 0)
                continue;
            ++edgesWithTraffic_;
            e.failing = i.data(errorShare).toDouble() > kFailingShare;
            e.matched = matched < 0 || i.data(matched).toBool();
        }
    }
    if (before != edgesWithTraffic_)
        emit edgeCountChanged();
    polish();
}

bool TrafficParticles::inside(const ParticleEdge& e) const
{
    const std::array<QPointF, 4> control = controlPoints(e);
    double left = control[0].x(), right = left, top = control[0].y(), bottom = top;
    for (const QPointF& p : control) {
        left = std::min(left, p.x());
        right = std::max(right, p.x());
        top = std::min(top, p.y());
        bottom = std::max(bottom, p.y());
    }
    const QRectF view(QPointF(left * zoom_ + panX_, top * zoom_ + panY_), QPointF(right * zoom_ + panX_, bottom * zoom_ + panY_));
    const QRectF canvas(0, 0, width(), height());
    return onlyInside_ ? canvas.contains(view) : canvas.intersects(view.adjusted(-8, -8, 8, 8));
}

void TrafficParticles::prepareDots(double diameter)
{
    if (diameter == dotDiameter_ && !dots_[0].isNull())
        return;
    dotDiameter_ = diameter;
    const int side = int(std::ceil(diameter)) + 2;
    for (int i = 0; i < 2; ++i) {
        dots_[i] = QImage(side, side, QImage::Format_ARGB32_Premultiplied);
        dots_[i].fill(Qt::transparent);
        QPainter p(&dots_[i]);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(Qt::NoPen);
        p.setBrush(i == 1 ? errorColor_ : color_);
        p.drawEllipse(QPointF(side / 2.0, side / 2.0), diameter / 2, diameter / 2);
    }
}

void TrafficParticles::geometryChange(const QRectF& newGeometry, const QRectF& oldGeometry)
{
    QQuickItem::geometryChange(newGeometry, oldGeometry);
    if (newGeometry.size() != oldGeometry.size())
        layoutTiles();
}

// The grid of tiles covering the item.
void TrafficParticles::layoutTiles()
{
    const int columns = std::max(0, int(std::ceil(width() / kTileSize)));
    const int rows = std::max(0, int(std::ceil(height() / kTileSize)));
    for (ParticleTile* tile : tiles_)
        tile->deleteLater();
    tiles_.clear();
    tileColumns_ = columns;
    for (int row = 0; row < rows; ++row)
        for (int column = 0; column < columns; ++column) {
            auto* tile = new ParticleTile(*this, this);
            tile->setPosition(QPointF(column * kTileSize, row * kTileSize));
            tile->setSize(QSizeF(kTileSize, kTileSize));
            tiles_.push_back(tile);
        }
    polish();
}

// Lays out every edge's dots and hands each tile the dots that touch it (a dot on a border goes
// to every tile it overlaps). Tiles without dots are hidden; tiles whose dots are unchanged (both
// empty) are not repainted.
void TrafficParticles::updatePolish()
{
    const int rows = tileColumns_ > 0 ? int(tiles_.size()) / tileColumns_ : 0;
    std::vector<std::vector<ParticleTile::Dot>> perTile(tiles_.size());
    int drawn = 0, animated = 0;
    const QRectF view(0, 0, width(), height());
    for (const ParticleEdge& e : edges_) {
        if (e.rate <= 0 || !inside(e))
            continue;
        const ParticleLayout layout = layoutParticles(e, zoom_, QPointF(panX_, panY_), phase_, view);
        if (layout.centers.empty())
            continue;
        prepareDots(layout.diameter);
        const int side = dots_[0].width();
        for (const QPointF& c : layout.centers) {
            const QPoint topLeft = (c - QPointF(side / 2.0, side / 2.0)).toPoint();
            const int firstColumn = std::max(0, topLeft.x() / kTileSize), lastColumn = (topLeft.x() + side) / kTileSize;
            const int firstRow = std::max(0, topLeft.y() / kTileSize), lastRow = (topLeft.y() + side) / kTileSize;
            for (int row = firstRow; row <= std::min(lastRow, rows - 1); ++row)
                for (int column = firstColumn; column <= std::min(lastColumn, tileColumns_ - 1); ++column)
                    perTile[std::size_t(row * tileColumns_ + column)].push_back(
                        {topLeft - QPoint(column * kTileSize, row * kTileSize), e.failing, e.matched});
        }
        drawn += int(layout.centers.size());
        ++animated;
    }
    for (std::size_t i = 0; i < tiles_.size(); ++i)
        if (!perTile[i].empty() || !tiles_[i]->empty())
            tiles_[i]->setDots(std::move(perTile[i]));
    drawn_ = drawn;
    animatedEdges_ = animated;
    emit painted();
}

ParticleTile::ParticleTile(TrafficParticles& layer, QQuickItem* parent) : QQuickPaintedItem(parent), layer_(layer)
{
    setVisible(false);
}

void ParticleTile::setDots(std::vector<Dot> dots)
{
    dots_ = std::move(dots);
    setVisible(!dots_.empty());
    if (!dots_.empty())
        update();
}

void ParticleTile::paint(QPainter* painter)
{
    for (const Dot& d : dots_) {
        painter->setOpacity(d.matched ? 1.0 : 0.15);
        painter->drawImage(d.topLeft, layer_.dotImage(d.failing));
    }
}

void TrafficParticles::setAndUpdate(double& field, double value)
{
    if (field == value)
        return;
    field = value;
    emit viewChanged();
    if (edgesWithTraffic_ > 0 || stale_ != Stale::None)
        polish();
}

void TrafficParticles::setZoom(double zoom) { setAndUpdate(zoom_, zoom); }
void TrafficParticles::setPanX(double panX) { setAndUpdate(panX_, panX); }
void TrafficParticles::setPanY(double panY) { setAndUpdate(panY_, panY); }
void TrafficParticles::setPhase(double phase) { setAndUpdate(phase_, phase); }

void TrafficParticles::setColor(const QColor& color)
{
    color_ = color;
    dots_[0] = QImage();  // drawn again at the next polish
    emit viewChanged();
    polish();
}

void TrafficParticles::setErrorColor(const QColor& color)
{
    errorColor_ = color;
    dots_[0] = QImage();
    emit viewChanged();
    polish();
}

void TrafficParticles::setOnlyInside(bool onlyInside)
{
    onlyInside_ = onlyInside;
    emit viewChanged();
    polish();
}

}  // namespace gs::gui

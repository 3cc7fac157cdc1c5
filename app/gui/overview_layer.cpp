#include "overview_layer.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "document.h"

namespace gs::gui {

namespace {

constexpr double kLabelPixels = 12;  // overview labels, in view pixels
constexpr double kNamedGatewayZoom = 0.2;  // from here a Gateway's block is wide enough for its name

QRectF worldRect(const Rect& r) { return {r.x, r.y, r.width, r.height}; }

QColor tinted(const QColor& base, const QColor& tint, double amount)
{
    return QColor::fromRgbF(base.redF() + (tint.redF() - base.redF()) * amount,
                            base.greenF() + (tint.greenF() - base.greenF()) * amount,
                            base.blueF() + (tint.blueF() - base.blueF()) * amount);
}

}  // namespace

OverviewLayer::OverviewLayer(QQuickItem* parent) : QQuickPaintedItem(parent)
{
    connect(this, &OverviewLayer::viewChanged, this, [this] { update(); });
    connect(this, &OverviewLayer::colorsChanged, this, [this] { update(); });
    connect(this, &QQuickItem::visibleChanged, this, [this] { update(); });
}

void OverviewLayer::setDocument(Document* document)
{
    if (document == document_)
        return;
    if (document_)
        disconnect(document_, nullptr, this, nullptr);
    document_ = document;
    if (document_) {
        const auto repaint = [this] { update(); };
        connect(document_, &Document::boundsChanged, this, repaint);
        connect(document_, &Document::reloaded, this, repaint);
        connect(document_->filter(), &DocumentFilter::changed, this, repaint);
        connect(document_->selection(), &DocumentSelection::changed, this, repaint);
        connect(document_->canvas(), &DocumentCanvas::changed, this, repaint);
    }
    emit documentChanged();
    update();
}

void OverviewLayer::setZoom(qreal zoom)
{
    if (zoom != zoom_) {
        zoom_ = zoom;
        emit viewChanged();
    }
}

void OverviewLayer::setPanX(qreal x)
{
    if (x != panX_) {
        panX_ = x;
        emit viewChanged();
    }
}

void OverviewLayer::setPanY(qreal y)
{
    if (y != panY_) {
        panY_ = y;
        emit viewChanged();
    }
}

void OverviewLayer::setColors(const QVariantMap& colors)
{
    if (colors != colors_) {
        colors_ = colors;
        emit colorsChanged();
    }
}

QColor OverviewLayer::color(const QString& name) const
{
    const auto it = colors_.find(name);
    return it == colors_.end() ? QColor(Qt::gray) : it->value<QColor>();
}

void OverviewLayer::paint(QPainter* painter)
{
    if (!document_ || !isVisible() || zoom_ <= 0)
        return;
    ++paintCount_;
    if (nodesOnly_) {
        paintBlocks(*painter);
        emit painted();
        return;
    }
    // The part of the world in view, a little grown so that strokes at the border are whole.
    const QRectF world(-panX_ / zoom_ - 10, -panY_ / zoom_ - 10, width() / zoom_ + 20, height() / zoom_ + 20);
    painter->setRenderHint(QPainter::Antialiasing, true);
    paintGroups(*painter, world);
    paintEdges(*painter, world);
    paintNodes(*painter, world);
    emit painted();
}

void OverviewLayer::paintBlocks(QPainter& p) const
{
    const GraphScene& scene = document_->scene();
    p.setPen(Qt::NoPen);
    for (std::size_t i = 0; i < scene.nodes().size(); ++i) {
        const Rect& g = scene.geometry(i);
        p.setBrush(color("kind:" + QString::fromStdString(scene.nodes()[i].kind)));
        p.drawRect(QRectF(toView(g.x, g.y), QSizeF(std::max(2.0, g.width * zoom_), std::max(2.0, g.height * zoom_))));
    }
}

void OverviewLayer::paintGroups(QPainter& p, const QRectF& world) const
{
    p.setPen(QPen(color("groupBorder"), 1));
    p.setBrush(color("groupFill"));
    for (const NamespaceGroup& g : document_->scene().groups()) {
        const QRectF box = worldRect(g.box);
        if (box.intersects(world))
            p.drawRoundedRect(QRectF(toView(box.x(), box.y()), box.size() * zoom_), 12 * zoom_, 12 * zoom_);
    }
}

QColor OverviewLayer::edgeColor(const GraphEdge& e) const
{
    if (e.health == Health::Error)
        return color("error");
    if (e.tls == "passthrough")
        return color("tlsPassthrough");
    if (e.tls == "terminate")
        return color("tlsTerminate");
    if (e.tls == "reencrypt")
        return color("tlsReencrypt");
    switch (e.kind) {
    case EdgeKind::GatewayClass: return color("kind:GatewayClass");
    case EdgeKind::CertificateRef: return color("kind:Secret");
    case EdgeKind::ReferenceGrant: return color("kind:ReferenceGrant");
    case EdgeKind::PolicyTarget: return color("kind:BackendTLSPolicy");
    default: return color("edge");
    }
}

void OverviewLayer::paintEdges(QPainter& p, const QRectF& world) const
{
    const GraphScene& scene = document_->scene();
    const NodeListModel& nodes = *document_->nodes();
    p.setBrush(Qt::NoBrush);
    for (const GraphEdge& e : scene.edges()) {
        const Point a = scene.edgeStart(e), b = scene.edgeEnd(e);
        const double bend = std::max(40.0, std::abs(b.x - a.x) / 2);  // GraphEdge.qml's curve
        if (!QRectF(QPointF(std::min(a.x, b.x - bend), std::min(a.y, b.y)),
                    QPointF(std::max(b.x, a.x + bend), std::max(a.y, b.y)))
                 .intersects(world))
            continue;
        const int from = scene.indexOf(e.from), to = scene.indexOf(e.to);
        const bool matched = from >= 0 && to >= 0 && nodes.index(from).data(NodeListModel::MatchedRole).toBool() &&
            nodes.index(to).data(NodeListModel::MatchedRole).toBool();
        QColor c = edgeColor(e);
        // A class's edges reach every Gateway: drawn light, they leave the traffic's edges readable.
        c.setAlphaF(!matched ? 0.15 : e.kind == EdgeKind::GatewayClass ? 0.3 : 0.9);
        p.setPen(QPen(c, e.tls.empty() ? 1.0 : 1.6));
        QPainterPath path(toView(a.x, a.y));
        path.cubicTo(toView(a.x + bend, a.y), toView(b.x - bend, b.y), toView(b.x, b.y));
        p.drawPath(path);
    }
}

void OverviewLayer::paintLabel(QPainter& p, const QString& text, QPointF centreTop, double maxWidth) const
{
    const QFontMetricsF metrics(p.font());
    const QString shown = metrics.elidedText(text, Qt::ElideRight, maxWidth);
    const double w = metrics.horizontalAdvance(shown);
    const QRectF box(centreTop.x() - w / 2 - 3, centreTop.y(), w + 6, metrics.height() + 2);
    QColor band = color("canvas");
    band.setAlphaF(0.85);
    p.setPen(Qt::NoPen);
    p.setBrush(band);
    p.drawRoundedRect(box, 3, 3);
    p.setPen(color("text"));
    p.drawText(box, Qt::AlignCenter, shown);
}

void OverviewLayer::paintNodes(QPainter& p, const QRectF& world) const
{
    const GraphScene& scene = document_->scene();
    const NodeListModel& nodes = *document_->nodes();
    std::unordered_set<std::string> selected;
    for (const QString& id : document_->selection()->ids())
        selected.insert(id.toStdString());
    const auto& pinned = document_->workspace().pinned;
    QFont font = p.font();
    font.setPixelSize(int(kLabelPixels));
    font.setBold(true);
    p.setFont(font);
    const double stack = std::max(2.0, 6 * zoom_);  // a collapsed group's cards behind it
    for (std::size_t i = 0; i < scene.nodes().size(); ++i) {
        const GraphNode& n = scene.nodes()[i];
        const QRectF box = worldRect(scene.geometry(i));
        if (!box.intersects(world))
            continue;
        const QRectF view(toView(box.x(), box.y()), box.size() * zoom_);
        const bool matched = nodes.index(int(i)).data(NodeListModel::MatchedRole).toBool();
        p.setOpacity((n.objectIndex || !n.members.empty() ? 1.0 : 0.75) * (matched ? 1.0 : 0.18));
        const bool isSelected = selected.count(n.id) > 0;
        const QColor border = isSelected ? color("selection") : n.health == Health::Error ? color("error") : color("border");
        p.setPen(QPen(border, isSelected ? 2.0 : 1.0));
        if (!n.members.empty()) {
            p.setBrush(color("node"));
            p.drawRect(view.translated(2 * stack, 2 * stack));
            p.drawRect(view.translated(stack, stack));
        }
        p.setBrush(tinted(color("node"), color("kind:" + QString::fromStdString(n.kind)), 0.45));
        p.drawRect(view);
        if (pinned.count(n.id)) {
            p.setPen(Qt::NoPen);
            p.setBrush(color("accent"));
            const QPointF c = view.topLeft();
            p.drawPolygon(QPolygonF{c + QPointF(0, -4), c + QPointF(4, 0), c + QPointF(0, 4), c + QPointF(-4, 0)});
        }
        if (!n.members.empty())
            paintLabel(p, QStringLiteral("%1 · %2").arg(QString::fromStdString(n.name)).arg(n.members.size()),
                       {view.center().x(), view.bottom() + 3}, std::max(160.0, view.width() * 2));
        else if (n.kind == "Gateway" && zoom_ >= kNamedGatewayZoom)
            paintLabel(p, QString::fromStdString(n.name), {view.center().x(), view.bottom() + 3}, view.width() * 1.5);
    }
    p.setOpacity(1);
}

}  // namespace gs::gui

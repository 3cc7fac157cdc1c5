#include "viewport_model.h"

#include <algorithm>

namespace gs::gui {

ViewportModel::ViewportModel(Shape shape, std::array<int, 4> roles, QObject* parent)
    : QSortFilterProxyModel(parent), shape_(shape), roles_(roles)
{
    // Not dynamic: Qt refilters every changed row on any dataChanged, and live traffic changes
    // every row ten times a second (that alone cost 6 ms a refresh on 6,800 edges). Rows are
    // refiltered when their geometry changes instead (a node dragged or moved by undo).
    setDynamicSortFilter(false);
}

void ViewportModel::setSourceModel(QAbstractItemModel* source)
{
    disconnect(geometryWatch_);
    QSortFilterProxyModel::setSourceModel(source);
    if (source)
        geometryWatch_ = connect(source, &QAbstractItemModel::dataChanged, this,
                                 [this](const QModelIndex&, const QModelIndex&, const QList<int>& roles) {
                                     if (touchesGeometry(roles))
                                         refilterLater();
                                 });
}

bool ViewportModel::touchesGeometry(const QList<int>& roles) const
{
    if (roles.isEmpty())
        return true;
    return std::any_of(roles.begin(), roles.end(),
                       [this](int role) { return std::find(roles_.begin(), roles_.end(), role) != roles_.end(); });
}

// A drag moves a node's edges one dataChanged at a time: they are refiltered once, when the event
// loop next runs (before the frame is drawn).
void ViewportModel::refilterLater()
{
    if (refilterPending_)
        return;
    refilterPending_ = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            refilterPending_ = false;
            invalidateRowsFilter();
        },
        Qt::QueuedConnection);
}

void ViewportModel::setVisibleRect(const QRectF& visible)
{
    if (visible.isEmpty()) {
        if (area_.isEmpty())
            return;
        area_ = QRectF();
    } else {
        if (area_.contains(visible))
            return;
        const double dx = visible.width() / 2, dy = visible.height() / 2;
        area_ = visible.adjusted(-dx, -dy, dx, dy);
    }
    invalidateFilter();
}

bool ViewportModel::filterAcceptsRow(int row, const QModelIndex& parent) const
{
    if (area_.isEmpty())
        return false;
    const QModelIndex i = sourceModel()->index(row, 0, parent);
    const double a = i.data(roles_[0]).toDouble(), b = i.data(roles_[1]).toDouble();
    const double c = i.data(roles_[2]).toDouble(), d = i.data(roles_[3]).toDouble();
    const QRectF box = shape_ == Shape::Box ? QRectF(a, b, c, d) : QRectF(QPointF(a, b), QPointF(c, d)).normalized();
    return area_.intersects(box.adjusted(-1, -1, 1, 1));
}

}  // namespace gs::gui

#include "viewport_model.h"

namespace gs::gui {

ViewportModel::ViewportModel(Shape shape, std::array<int, 4> roles, QObject* parent)
    : QSortFilterProxyModel(parent), shape_(shape), roles_(roles)
{
    setDynamicSortFilter(true);   // a node dragged or moved by undo is refiltered
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

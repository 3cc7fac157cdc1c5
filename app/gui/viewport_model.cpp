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
    if (source == sourceModel())
        return;  // connected once, before the base class
    for (const QMetaObject::Connection& c : sourceWatch_)
        disconnect(c);
    sourceWatch_.clear();
    boxesRead_ = false;
    // Before the base class connects its own: the boxes are stale before it filters new rows.
    if (source)
        watchSource(source);
    QSortFilterProxyModel::setSourceModel(source);
}

// Connected before the base class's own connections, so these run first: rows added or removed
// update the boxes before the base class filters them, and so do geometry changes (then the rows
// are refiltered once the burst is over); a reset, a move or a new layout makes all boxes stale,
// before and after (read again at the next filtering). A row count that differs from the boxes'
// makes them stale too.
void ViewportModel::watchSource(QAbstractItemModel* source)
{
    const auto stale = [this] { boxesRead_ = false; };
    sourceWatch_ = {
        connect(source, &QAbstractItemModel::modelAboutToBeReset, this, stale),
        connect(source, &QAbstractItemModel::modelReset, this, stale),
        connect(source, &QAbstractItemModel::rowsAboutToBeMoved, this, stale),
        connect(source, &QAbstractItemModel::rowsMoved, this, stale),
        connect(source, &QAbstractItemModel::layoutAboutToBeChanged, this, stale),
        connect(source, &QAbstractItemModel::layoutChanged, this, stale),
        connect(source, &QAbstractItemModel::rowsInserted, this,
                [this](const QModelIndex&, int first, int last) {
                    if (!boxesRead_ || std::size_t(first) > boxes_.size()) {
                        boxesRead_ = false;
                        return;
                    }
                    std::vector<QRectF> added;
                    for (int row = first; row <= last; ++row)
                        added.push_back(boxOf(row));
                    boxes_.insert(boxes_.begin() + first, added.begin(), added.end());
                }),
        connect(source, &QAbstractItemModel::rowsRemoved, this,
                [this](const QModelIndex&, int first, int last) {
                    if (boxesRead_ && std::size_t(last) < boxes_.size())
                        boxes_.erase(boxes_.begin() + first, boxes_.begin() + last + 1);
                    else
                        boxesRead_ = false;
                }),
        connect(source, &QAbstractItemModel::dataChanged, this,
                [this](const QModelIndex& from, const QModelIndex& to, const QList<int>& roles) {
                    if (!touchesGeometry(roles))
                        return;
                    if (boxesRead_ && std::size_t(to.row()) < boxes_.size())
                        for (int row = from.row(); row <= to.row(); ++row)
                            boxes_[std::size_t(row)] = boxOf(row);
                    else
                        boxesRead_ = false;
                    refilterLater();
                }),
    };
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
        // Kept while it holds the view and is not over twice the size it would be made (zoomed
        // in from an overview, it would keep thousands of rows that are far out of view).
        if (area_.contains(visible) && area_.width() <= visible.width() * 4 && area_.height() <= visible.height() * 4)
            return;
        const double dx = visible.width() / 2, dy = visible.height() / 2;
        area_ = visible.adjusted(-dx, -dy, dx, dy);
    }
    invalidateFilter();
}

QRectF ViewportModel::boxOf(int row) const
{
    const QModelIndex i = sourceModel()->index(row, 0);
    const double a = i.data(roles_[0]).toDouble(), b = i.data(roles_[1]).toDouble();
    const double c = i.data(roles_[2]).toDouble(), d = i.data(roles_[3]).toDouble();
    const QRectF box = shape_ == Shape::Box ? QRectF(a, b, c, d) : QRectF(QPointF(a, b), QPointF(c, d)).normalized();
    return box.adjusted(-1, -1, 1, 1);
}

void ViewportModel::readBoxes() const
{
    const int rows = sourceModel()->rowCount();
    boxes_.resize(std::size_t(rows));
    for (int row = 0; row < rows; ++row)
        boxes_[std::size_t(row)] = boxOf(row);
    boxesRead_ = true;
}

bool ViewportModel::filterAcceptsRow(int row, const QModelIndex& parent) const
{
    if (area_.isEmpty() || parent.isValid())  // the sources are lists
        return false;
    if (!boxesRead_ || boxes_.size() != std::size_t(sourceModel()->rowCount()))
        readBoxes();
    return area_.intersects(boxes_[std::size_t(row)]);
}

}  // namespace gs::gui

#pragma once
// The rows of a node or edge model that lie in (or near) the visible part of the canvas, so the
// canvas creates delegates only for those: a 2,000-object topology then opens and pans as fast
// as a small one. The filter area is the visible rectangle grown by half its size on each side,
// and it moves only when the visible rectangle leaves it (or when the area is over twice the size
// it would be made, either way: zoomed in), so panning refilters rarely. The rows' boxes are kept
// between refilters, so a pan's refilter reads no row's data; rows added or changed are read.

#include <array>
#include <vector>

#include <QRectF>
#include <QSortFilterProxyModel>
#include <QtQml/qqmlregistration.h>

namespace gs::gui {

class ViewportModel : public QSortFilterProxyModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Viewport models belong to a Document")
public:
    // Rows are boxes (x, y, width, height roles) or segments (x1, y1, x2, y2 roles).
    enum class Shape { Box, Segment };

    ViewportModel(Shape shape, std::array<int, 4> roles, QObject* parent = nullptr);

    // The visible part of the canvas, in canvas coordinates. Until the view sets it, no row is
    // shown, so a view does not create (and at once destroy) a delegate for every row of a large
    // graph. An empty rectangle (a view not laid out yet) shows none either.
    void setVisibleRect(const QRectF& visible);
    QRectF area() const { return area_; }
    void setSourceModel(QAbstractItemModel* source) override;

protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override;

private:
    bool touchesGeometry(const QList<int>& roles) const;
    void refilterLater();
    void watchSource(QAbstractItemModel* source);
    QRectF boxOf(int row) const;  // from the source's roles, grown by 1 px
    void readBoxes() const;

    Shape shape_;
    std::array<int, 4> roles_;
    QRectF area_;
    bool refilterPending_ = false;
    // The source's rows' boxes, by source row; stale once the source is about to change its rows
    // (then read again at the next filtering) or a geometry role changes.
    mutable std::vector<QRectF> boxes_;
    mutable bool boxesRead_ = false;
    std::vector<QMetaObject::Connection> sourceWatch_;
};

}  // namespace gs::gui

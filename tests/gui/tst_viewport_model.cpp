// The viewport filter (app/gui/viewport_model.*): rows near the visible area only; rows refiltered
// when their geometry changes (once per burst), and not when other roles change (live traffic).
#include <QAbstractItemModelTester>
#include <QStandardItemModel>
#include <QtTest>

#include <set>

#include "viewport_model.h"

using gs::gui::ViewportModel;

namespace {

enum Role { X1 = Qt::UserRole + 1, Y1, X2, Y2, Rate };

// Counts how many rows the filter looked at.
class CountingViewport : public ViewportModel {
public:
    CountingViewport() : ViewportModel(Shape::Segment, {X1, Y1, X2, Y2}) { }
    mutable int looked = 0;

protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override
    {
        ++looked;
        return ViewportModel::filterAcceptsRow(row, parent);
    }
};

// Counts how often the filter reads the source's data.
class CountingSource : public QStandardItemModel {
public:
    mutable int reads = 0;
    QVariant data(const QModelIndex& index, int role) const override
    {
        ++reads;
        return QStandardItemModel::data(index, role);
    }
};

QStandardItem* segment(double x1, double y1, double x2, double y2)
{
    auto* item = new QStandardItem;
    item->setData(x1, X1);
    item->setData(y1, Y1);
    item->setData(x2, X2);
    item->setData(y2, Y2);
    item->setData(0.0, Rate);
    return item;
}

// `count` segments along a row, 50 wide, 100 apart: 0..50, 100..150, ...
void appendSegments(QStandardItemModel& source, int count)
{
    for (int i = 0; i < count; ++i)
        source.appendRow(segment(100.0 * i, 10, 100.0 * i + 50, 40));
}

}  // namespace

class ViewportModelTest : public QObject {
    Q_OBJECT
private slots:
    // The proxy keeps the model contract (QAbstractItemModelTester) through everything a canvas
    // does to it: rows added, removed and moved in and out of view, the view panned, a reset.
    void keepsTheModelContract()
    {
        QStandardItemModel source;
        appendSegments(source, 6);
        ViewportModel viewport(ViewportModel::Shape::Segment, {X1, Y1, X2, Y2});
        QAbstractItemModelTester tester(&viewport, QAbstractItemModelTester::FailureReportingMode::QtTest);
        viewport.setSourceModel(&source);
        viewport.setVisibleRect(QRectF(0, 0, 100, 100));
        QCOMPARE(viewport.rowCount(), 2);  // 0..50 and 100..150 (in the margin)
        source.appendRow(segment(20, 20, 30, 30));
        QCOMPARE(viewport.rowCount(), 3);
        source.removeRow(0);
        QCOMPARE(viewport.rowCount(), 2);
        source.item(4)->setData(10.0, X1);  // far row dragged into view
        source.item(4)->setData(20.0, X2);
        QTRY_COMPARE(viewport.rowCount(), 3);
        viewport.setVisibleRect(QRectF(400, 0, 100, 100));
        QVERIFY(viewport.rowCount() >= 1);
        source.clear();
        QCOMPARE(viewport.rowCount(), 0);
        for (int i = 0; i < 3; ++i)
            source.appendRow(segment(420, 10, 450, 40));
        QCOMPARE(viewport.rowCount(), 3);
        viewport.setSourceModel(nullptr);
        QCOMPARE(viewport.rowCount(), 0);
    }

    void showsOnlyRowsNearTheView()
    {
        QStandardItemModel source;
        source.appendRow(segment(10, 10, 90, 40));  // in view
        source.appendRow(segment(150, 10, 190, 40));  // in the margin (half the view each side)
        source.appendRow(segment(5000, 10, 5100, 40));  // far away
        CountingViewport viewport;
        viewport.setSourceModel(&source);
        QCOMPARE(viewport.rowCount(), 0);  // no view yet
        viewport.setVisibleRect(QRectF(0, 0, 100, 100));
        QCOMPARE(viewport.rowCount(), 2);
    }

    void geometryChangesRefilterOncePerBurst()
    {
        QStandardItemModel source;
        for (int i = 0; i < 10; ++i)
            source.appendRow(segment(5000, 10, 5100, 40));
        CountingViewport viewport;
        viewport.setSourceModel(&source);
        viewport.setVisibleRect(QRectF(0, 0, 100, 100));
        QCOMPARE(viewport.rowCount(), 0);
        viewport.looked = 0;
        for (int i = 0; i < 10; ++i) {  // a drag: every row moves into view, one signal each
            source.item(i)->setData(20.0, X1);
            source.item(i)->setData(60.0, X2);
        }
        QTRY_COMPARE(viewport.rowCount(), 10);
        QCOMPARE(viewport.looked, 10);  // one pass over the rows, not one per change
    }

    // Zoomed in from an overview, the area shrinks to the new view: the rows far out of it go.
    void zoomingInShrinksTheArea()
    {
        QStandardItemModel source;
        appendSegments(source, 100);
        ViewportModel viewport(ViewportModel::Shape::Segment, {X1, Y1, X2, Y2});
        viewport.setSourceModel(&source);
        viewport.setVisibleRect(QRectF(0, 0, 10000, 10000));  // the whole graph in view
        QCOMPARE(viewport.rowCount(), 100);
        viewport.setVisibleRect(QRectF(0, 0, 5000, 5000));  // the area (-5000..15000) is not over 4 views: kept
        QCOMPARE(viewport.rowCount(), 100);
        viewport.setVisibleRect(QRectF(0, 0, 100, 100));  // zoomed in: 0..150 with the margin
        QCOMPARE(viewport.rowCount(), 2);
    }

    // A pan's refilter reads no row's data: the boxes are kept. Rows added or changed are read
    // one at a time, removed rows drop their boxes, reordered rows are read again.
    void panningReadsNoRowData()
    {
        CountingSource source;
        appendSegments(source, 50);
        ViewportModel viewport(ViewportModel::Shape::Segment, {X1, Y1, X2, Y2});
        viewport.setSourceModel(&source);
        viewport.setVisibleRect(QRectF(0, 0, 100, 100));
        QCOMPARE(viewport.rowCount(), 2);
        source.reads = 0;
        viewport.setVisibleRect(QRectF(2020, 0, 100, 100));  // 1970..2170: rows 20 and 21
        QCOMPARE(viewport.rowCount(), 2);
        QCOMPARE(viewport.mapToSource(viewport.index(0, 0)).row(), 20);
        QCOMPARE(source.reads, 0);

        source.insertRow(0, segment(2010, 10, 2020, 40));  // one new row in view: read alone
        QCOMPARE(viewport.rowCount(), 3);
        QCOMPARE(source.reads, 4);
        source.removeRow(21);  // the old row 20
        QCOMPARE(viewport.rowCount(), 2);
        source.item(40)->setData(2030.0, X1);  // dragged into view
        source.item(40)->setData(2040.0, X2);
        QTRY_COMPARE(viewport.rowCount(), 3);
        source.reads = 0;
        viewport.setVisibleRect(QRectF(0, 0, 100, 100));
        QCOMPARE(viewport.rowCount(), 2);  // rows 1 and 2 (the old 0 and 1)
        QCOMPARE(source.reads, 0);

        source.reads = 0;
        source.item(30)->setData(60.0, X1);  // one role of one row: that row is read again, alone
        QCOMPARE(source.reads, 4);
        QTRY_COMPARE(viewport.rowCount(), 3);

        // Rows reordered (a layout change): the boxes follow the rows, not the old positions.
        source.setSortRole(X2);
        source.sort(0, Qt::DescendingOrder);  // the rows near 0 go last
        viewport.setVisibleRect(QRectF(3000, 0, 100, 100));
        viewport.setVisibleRect(QRectF(0, 0, 100, 100));
        std::set<int> near, shown;  // source rows starting left of 150, and those the filter shows
        for (int row = 0; row < source.rowCount(); ++row)
            if (source.item(row)->data(X1).toDouble() < 150)
                near.insert(row);
        for (int i = 0; i < viewport.rowCount(); ++i)
            shown.insert(viewport.mapToSource(viewport.index(i, 0)).row());
        QCOMPARE(near.size(), std::size_t(3));
        QCOMPARE(shown, near);
        QVERIFY(*near.begin() < source.rowCount() - 3);  // the sort did move a row in view
    }

    void otherRolesDoNotRefilter()
    {
        QStandardItemModel source;
        for (int i = 0; i < 10; ++i)
            source.appendRow(segment(10, 10, 90, 40));
        CountingViewport viewport;
        viewport.setSourceModel(&source);
        viewport.setVisibleRect(QRectF(0, 0, 100, 100));
        QCOMPARE(viewport.rowCount(), 10);  // the mapping is built (lazily) here
        QSignalSpy changed(&viewport, &QAbstractItemModel::dataChanged);
        viewport.looked = 0;
        for (int i = 0; i < 10; ++i)
            source.item(i)->setData(42.0, Rate);
        QCoreApplication::processEvents();
        QCOMPARE(viewport.looked, 0);
        QCOMPARE(changed.count(), 10);  // the views still hear of the new values
        QCOMPARE(viewport.index(3, 0).data(Rate).toDouble(), 42.0);
    }
};

QTEST_MAIN(ViewportModelTest)
#include "tst_viewport_model.moc"

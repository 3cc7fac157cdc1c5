// Where the live-traffic particles go (app/gui/traffic_particles.*): spacing by rate, movement
// with the phase, the view transform, the minimum size when zoomed out, and the item's reading
// of an edge model.
#include <QStandardItemModel>
#include <QtTest>

#include <algorithm>
#include <cmath>

#include "edge_list_model.h"
#include "traffic_particles.h"

using gs::gui::layoutParticles;
using gs::gui::ParticleEdge;

namespace {

// A straight edge along y = 0: its control points lie on the line, so arc length is x.
ParticleEdge straightEdge(double length, double rate)
{
    ParticleEdge e;
    e.from = QPointF(0, 0);
    e.to = QPointF(length, 0);
    e.rate = rate;
    return e;
}

double period(double gapUnits, double scale) { return (0.01 + gapUnits) * 4.5 * scale; }

// A model with the EdgeListModel's role names for what the particle layer reads.
enum EdgeRole { X1 = Qt::UserRole + 1, Y1, X2, Y2, Rate, ErrorShare, Matched };
void nameEdgeRoles(QStandardItemModel& model)
{
    model.setItemRoleNames(
        {{X1, "x1"}, {Y1, "y1"}, {X2, "x2"}, {Y2, "y2"}, {Rate, "rate"}, {ErrorShare, "errorShare"}, {Matched, "matched"}});
}

void addEdge(QStandardItemModel& model, QLineF line, double rate)
{
    auto* item = new QStandardItem;
    item->setData(line.x1(), X1);
    item->setData(line.y1(), Y1);
    item->setData(line.x2(), X2);
    item->setData(line.y2(), Y2);
    item->setData(rate, Rate);
    item->setData(0.0, ErrorShare);
    item->setData(true, Matched);
    model.appendRow(item);
}

}  // namespace

class TrafficParticlesTest : public QObject {
    Q_OBJECT
private slots:
    void noTrafficNoDots() { QVERIFY(layoutParticles(straightEdge(400, 0), 1, {}, 0).centers.empty()); }

    void spacingFollowsTheRate_data()
    {
        QTest::addColumn<double>("rate");
        QTest::addColumn<double>("gapUnits");
        QTest::newRow("1/s: sparse") << 1.0 << 9.0;
        QTest::newRow("9/s") << 9.0 << 3.0;
        QTest::newRow("100/s: dense, capped") << 100.0 << 1.2;
        QTest::newRow("10000/s: same cap") << 10000.0 << 1.2;
        QTest::newRow("0.001/s: floor") << 0.001 << 9.0;
    }
    void spacingFollowsTheRate()
    {
        QFETCH(double, rate);
        QFETCH(double, gapUnits);
        const auto layout = layoutParticles(straightEdge(400, rate), 1, {}, 0);
        const double step = period(gapUnits, 1);
        QCOMPARE(layout.diameter, 4.5);
        QCOMPARE(int(layout.centers.size()), int(std::floor(400 / step)) + 1);
        for (std::size_t i = 0; i < layout.centers.size(); ++i) {
            QVERIFY(std::abs(layout.centers[i].x() - double(i) * step) < 1e-6);
            QCOMPARE(layout.centers[i].y(), 0.0);
        }
    }

    void phaseMovesDotsTowardTheTarget()
    {
        const auto at0 = layoutParticles(straightEdge(400, 100), 1, {}, 0);
        const auto at05 = layoutParticles(straightEdge(400, 100), 1, {}, 0.5);
        QVERIFY(std::abs(at05.centers[0].x() - (at0.centers[0].x() + 0.5 * 4.5)) < 1e-6);
        // A whole period later the pattern is where it started.
        const double units = period(1.2, 1) / 4.5;
        const auto wrapped = layoutParticles(straightEdge(400, 100), 1, {}, units);
        QVERIFY(std::abs(wrapped.centers[0].x() - at0.centers[0].x()) < 1e-6);
    }

    void viewTransformApplies()
    {
        const auto world = layoutParticles(straightEdge(400, 100), 1, {}, 0.3);
        const auto view = layoutParticles(straightEdge(400, 100), 2, QPointF(10, 20), 0.3);
        QCOMPARE(view.diameter, 9.0);
        // At zoom 2, dots are twice as far apart, so the first ones are the world's, doubled.
        QVERIFY(std::abs(view.centers[1].x() - (world.centers[1].x() * 2 + 10)) < 1e-6);
        QCOMPARE(view.centers[1].y(), 20.0);
    }

    void zoomedOutDotsKeepAMinimumSize()
    {
        const auto layout = layoutParticles(straightEdge(400, 100), 0.1, {}, 0);  // 40 px on screen
        QCOMPARE(layout.diameter, 4.5 * 0.5);
        QCOMPARE(int(layout.centers.size()), int(std::floor(40 / period(1.2, 0.5))) + 1);
        QVERIFY(layoutParticles(straightEdge(400, 100), 0.001, {}, 0).centers.empty());  // shorter than a dot
    }

    // Only the dots near the view are laid out, at the same places as without the clip.
    void clipKeepsTheVisiblePart()
    {
        const auto all = layoutParticles(straightEdge(4000, 100), 1, {}, 0.7);
        const QRectF view(1000, -50, 500, 100);
        const auto clipped = layoutParticles(straightEdge(4000, 100), 1, {}, 0.7, view);
        QVERIFY(!clipped.centers.empty());
        QVERIFY(clipped.centers.size() < all.centers.size() / 4);
        int inView = 0;
        for (const QPointF& c : all.centers)
            inView += view.contains(c);
        QVERIFY(int(clipped.centers.size()) >= inView);
        for (const QPointF& c : clipped.centers) {
            QVERIFY(view.adjusted(-10, -10, 10, 10).contains(c));
            QVERIFY(std::find(all.centers.begin(), all.centers.end(), c) != all.centers.end() ||
                    std::any_of(all.centers.begin(), all.centers.end(),
                                [&c](const QPointF& d) { return std::abs(d.x() - c.x()) < 1e-6; }));
        }
        QVERIFY(layoutParticles(straightEdge(400, 100), 1, {}, 0, QRectF(0, 500, 100, 100)).centers.empty());
    }

    void dotsFollowTheCurve()
    {
        ParticleEdge e;
        e.from = QPointF(0, 0);
        e.to = QPointF(300, 200);
        e.rate = 100;
        const auto layout = layoutParticles(e, 1, {}, 0);
        QVERIFY(layout.centers.size() > 50);
        QCOMPARE(layout.centers.front(), QPointF(0, 0));
        for (std::size_t i = 1; i < layout.centers.size(); ++i) {
            // Monotonic along this S-curve and evenly spaced (chords a little under the arc step).
            QVERIFY(layout.centers[i].x() >= layout.centers[i - 1].x());
            QVERIFY(layout.centers[i].y() >= layout.centers[i - 1].y());
            const QPointF d = layout.centers[i] - layout.centers[i - 1];
            QVERIFY2(std::abs(std::hypot(d.x(), d.y()) - period(1.2, 1)) < 0.3, qPrintable(QString::number(i)));
        }
        const QPointF last = layout.centers.back();
        QVERIFY(std::hypot(last.x() - 300, last.y() - 200) < period(1.2, 1) + 0.5);
    }

    // The item reads the edges with a rate from any model with the EdgeListModel's role names.
    void itemCountsEdgesWithTraffic()
    {
        QStandardItemModel model;
        nameEdgeRoles(model);
        const auto addEdge = [&model](double rate) { ::addEdge(model, QLineF(0, 0, 300, 0), rate); };
        addEdge(5);
        addEdge(0);
        addEdge(50);
        gs::gui::TrafficParticles particles;
        QSignalSpy counted(&particles, &gs::gui::TrafficParticles::edgeCountChanged);
        particles.setModel(&model);
        QVERIFY(counted.wait(1000));
        QCOMPARE(particles.edgeCount(), 2);
        model.item(1)->setData(7.0, Rate);
        QVERIFY(counted.wait(1000));
        QCOMPARE(particles.edgeCount(), 3);
        model.removeRows(0, 3);
        QVERIFY(counted.wait(1000));
        QCOMPARE(particles.edgeCount(), 0);
    }

    // A stats refresh changes the traffic roles alone; those alone are read again, and an edge
    // that had no traffic before draws its dots along its own curve (read with the rows).
    void trafficOnlyChangeKeepsTheGeometry()
    {
        QStandardItemModel model;
        nameEdgeRoles(model);
        addEdge(model, QLineF(10, 50, 390, 50), 0);
        struct Probe : gs::gui::TrafficParticles {
            using TrafficParticles::updatePolish;
        } particles;
        particles.setSize({400, 100});
        QSignalSpy counted(&particles, &gs::gui::TrafficParticles::edgeCountChanged);
        particles.setModel(&model);
        QTest::qWait(50);
        QCOMPARE(particles.edgeCount(), 0);
        model.item(0)->setData(40.0, Rate);  // dataChanged with the rate's role only
        QVERIFY(counted.wait(1000));
        particles.updatePolish();
        QCOMPARE(particles.animatedEdgeCount(), 1);
        QVERIFY(particles.drawnCount() > 10);  // along 380 px, not a point at the origin
    }
};

QTEST_MAIN(TrafficParticlesTest)
#include "tst_traffic_particles.moc"

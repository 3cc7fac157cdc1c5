// The graph at scale: the packed layout of a big workspace (graph_packing.h) uses the window's
// shape and keeps what the user pinned; collapsed groups (graph_collapse.h) stand for their
// members' edges, status and traffic and undo like any step; focus mode keeps a node's paths.
#include <QSignalSpy>
#include <QtTest>

#include "../support/big_topology.h"
#include "document.h"
#include "graph_collapse.h"
#include "graph_packing.h"
#include "graph_scene.h"

using namespace gs::gui;

namespace {

QString bigTopology(int gateways, int routes) { return QString::fromStdString(gs::testing::bigTopology(gateways, routes)); }

QString demo()
{
    QFile f(QStringLiteral(GWS_SOURCE_DIR "/resources/demo/demo.yaml"));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read the demo");
    return QString::fromUtf8(f.readAll());
}

QRectF rectOf(const GraphScene& scene, std::size_t i)
{
    const Rect& r = scene.geometry(i);
    return {r.x, r.y, r.width, r.height};
}

QRectF rectOf(const GraphScene& scene, const std::string& id)
{
    const int i = scene.indexOf(id);
    return i < 0 ? QRectF() : rectOf(scene, std::size_t(i));
}

// Two nodes on each other, or two namespace boxes: what a person would call a mess.
QString firstOverlap(const GraphScene& scene)
{
    for (std::size_t a = 0; a < scene.nodes().size(); ++a)
        for (std::size_t b = a + 1; b < scene.nodes().size(); ++b)
            if (rectOf(scene, a).intersects(rectOf(scene, b)))
                return QString::fromStdString(scene.nodes()[a].id + " overlaps " + scene.nodes()[b].id);
    for (std::size_t a = 0; a < scene.groups().size(); ++a)
        for (std::size_t b = a + 1; b < scene.groups().size(); ++b) {
            const Rect& r = scene.groups()[a].box;
            const Rect& s = scene.groups()[b].box;
            if (QRectF(r.x, r.y, r.width, r.height).intersects(QRectF(s.x, s.y, s.width, s.height)))
                return QString::fromStdString("namespace " + scene.groups()[a].name + " overlaps " + scene.groups()[b].name);
        }
    return {};
}

const GraphEdge* edgeBetween(const GraphScene& scene, const std::string& from, const std::string& to)
{
    for (const GraphEdge& e : scene.edges())
        if (e.from == from && e.to == to)
            return &e;
    return nullptr;
}

}  // namespace

class TestBigTopology : public QObject {
    Q_OBJECT

private slots:
    void packInRowsFollowsTheAspect()
    {
        const std::vector<Size2> boxes(16, Size2{100, 100});
        Size2 extent;
        const auto wide = packInRows(boxes, 4.0, 0, extent);
        QCOMPARE(wide.size(), boxes.size());
        QCOMPARE(extent.width, 800.0);  // sqrt(16 · 100² · 4) = 800: two rows of eight
        QCOMPARE(extent.height, 200.0);
        packInRows(boxes, 1.0, 0, extent);
        QCOMPARE(extent.width, 400.0);
        QCOMPARE(extent.height, 400.0);
        // A box wider than the others: never cut, rows as wide as it at least.
        const auto corners = packInRows({{50, 10}, {1000, 10}, {50, 10}}, 1.0, 5, extent);
        QCOMPARE(corners[1], std::make_pair(55.0, 0.0));  // two rows: the squarest
        QCOMPARE(extent.width, 1055.0);
        QCOMPARE(extent.height, 25.0);
    }

    void blocksFollowEntryPoints()
    {
        // A Secret → its Gateway → two routes → a Service; a policy on that Service; a loose Service.
        const std::vector<LayoutNode> nodes{{"secret/a/cert", 10, 10, "a"},  {"gateway/a/gw", 10, 10, "a"},
                                            {"httproute/a/r1", 10, 10, "a"}, {"httproute/a/r2", 10, 10, "a"},
                                            {"service/a/s1", 10, 10, "a"},   {"backendtlspolicy/a/p", 10, 10, "a"},
                                            {"service/a/loose", 10, 10, "a"}};
        const std::vector<LayoutEdge> edges{{"secret/a/cert", "gateway/a/gw"},     {"gateway/a/gw", "httproute/a/r1"},
                                            {"gateway/a/gw", "httproute/a/r2"},    {"httproute/a/r1", "service/a/s1"},
                                            {"httproute/a/r2", "service/a/s1"},    {"backendtlspolicy/a/p", "service/a/s1"},
                                            {"gateway/other/gw", "httproute/a/r1"}};  // not in this namespace: ignored
        const auto blocks = blocksOfGroup(nodes, edges);
        QCOMPARE(blocks.size(), std::size_t(3));
        QCOMPARE(blocks[0], (std::vector<std::size_t>{0, 1, 2, 3, 4}));  // the Secret reaches most
        QCOMPARE(blocks[1], (std::vector<std::size_t>{5}));
        QCOMPARE(blocks[2], (std::vector<std::size_t>{6}));
    }

    void bigWorkspaceFillsTheWindowShape()
    {
        Document d;
        d.loadText(bigTopology(20, 200));
        QCOMPARE(d.scene().nodes().size(), std::size_t(1 + 20 + 20 * 10 * 2));
        const Rect b = d.scene().bounds();
        // One layered drawing of this was a column (about 1,100 × 45,000 px); packed, it is about
        // the shape the layout asked for (PackingOptions: 1.6).
        const double aspect = b.width / b.height;
        QVERIFY2(aspect > 0.8 && aspect < 3.2, qPrintable(QStringLiteral("%1 × %2").arg(b.width).arg(b.height)));
        QCOMPARE(firstOverlap(d.scene()), QString());
        // A Gateway's routes sit to its right, in its block.
        const QRectF gw = rectOf(d.scene(), "gateway/team-3/gw-13");
        const QRectF route = rectOf(d.scene(), "httproute/team-3/route-13-4");
        QVERIFY(route.left() > gw.right());
        QVERIFY(std::abs(route.center().y() - gw.center().y()) < 1500);
    }

    void smallWorkspaceKeepsOneLayeredDrawing()
    {
        const std::vector<LayoutNode> nodes{{"a", 50, 20, ""}, {"b", 50, 20, ""}, {"c", 50, 20, "x"}};
        const std::vector<LayoutEdge> edges{{"a", "b"}, {"b", "c"}};
        QCOMPARE(layoutWorkspace(nodes, edges), layoutGraph(nodes, edges));
    }

    void layoutKeepsPinnedNodes()
    {
        Document d;
        d.loadText(demo());
        const std::string gateway = "gateway/default/demo-gateway";
        d.moveNode(QString::fromStdString(gateway), 3000, 2000, true, 0, 0);  // placed by hand: pinned
        QCOMPARE(d.canvas()->pinnedCount(), 1);
        QVERIFY(d.workspace().pinned.count(gateway));
        d.canvas()->autoLayout();
        QCOMPARE(rectOf(d.scene(), gateway).topLeft(), QPointF(3000, 2000));
        QCOMPARE(firstOverlap(d.scene()), QString());
        QVERIFY2(d.message().startsWith(QStringLiteral("Laid out %1 objects in ").arg(int(d.scene().nodes().size()) - 1)),
                 qPrintable(d.message()));
        // The others are laid out around it: the layout's drawing, moved for the Gateway to be
        // where it was placed. The same layout unpinned (one more step) puts them at the same
        // offsets from it, and moves it.
        std::map<std::string, QPointF> offsets;
        for (const GraphNode& n : d.scene().nodes())
            offsets[n.id] = rectOf(d.scene(), n.id).topLeft() - rectOf(d.scene(), gateway).topLeft();
        QVERIFY(offsets["gatewayclass/gateway-studio"].x() < 0);  // the class left of its Gateway
        QVERIFY(offsets["httproute/default/app-route"].x() > 0);  // its routes right of it
        d.canvas()->unpinAll();
        QCOMPARE(d.canvas()->pinnedCount(), 0);
        d.canvas()->autoLayout();
        QVERIFY(rectOf(d.scene(), gateway).left() < 3000);
        for (const GraphNode& n : d.scene().nodes())
            QCOMPARE(rectOf(d.scene(), n.id).topLeft() - rectOf(d.scene(), gateway).topLeft(), offsets[n.id]);
        // Each was a step: back to the pin, then to before the move.
        d.undo();
        d.undo();
        QCOMPARE(d.canvas()->pinnedCount(), 1);
        d.undo();
        d.undo();
        QCOMPARE(d.canvas()->pinnedCount(), 0);
        QVERIFY(rectOf(d.scene(), gateway).left() < 3000);
    }

    void bigLayoutRunsOnAWorkerThread()
    {
        Document d;
        d.loadText(bigTopology(20, 200));
        const std::string route = "httproute/team-3/route-13-4";
        d.moveNode(QString::fromStdString(route), -5000, -5000, true, 0, 0);
        QSignalSpy done(d.canvas(), &DocumentCanvas::laidOut);
        d.canvas()->autoLayout();
        QVERIFY(d.canvas()->layingOut());  // the window is free meanwhile
        d.canvas()->autoLayout();  // a second one meanwhile is ignored
        QVERIFY(done.wait(60000));
        QVERIFY(!d.canvas()->layingOut());
        QCOMPARE(done.count(), 1);
        QCOMPARE(rectOf(d.scene(), route).topLeft(), QPointF(-5000, -5000));
        QCOMPARE(firstOverlap(d.scene()), QString());
        QCOMPARE(d.undoStack().undoText(), QStringLiteral("Automatic layout"));
    }

    void collapsingANamespaceSumsItsEdges()
    {
        Graph g;
        g.nodes = {{"gateway/infra/gw", "Gateway", "gw", "infra", 0, {}, "", Health::Ok, "", {}, 0},
                   {"httproute/shop/a", "HTTPRoute", "a", "shop", 1, {}, "", Health::Ok, "", {}, 0},
                   {"httproute/shop/b", "HTTPRoute", "b", "shop", 2, {}, "", Health::Error, "no backend", {}, 0},
                   {"service/shop/s", "Service", "s", "shop", 3, {}, "", Health::Neutral, "", {}, 0}};
        auto edge = [](std::string id, EdgeKind kind, std::string from, std::string port, std::string to, Health h) {
            GraphEdge e;
            e.id = std::move(id);
            e.kind = kind;
            e.from = std::move(from);
            e.fromPort = std::move(port);
            e.to = std::move(to);
            e.health = h;
            return e;
        };
        g.edges = {edge("a/parent", EdgeKind::ParentRef, "gateway/infra/gw", "http", "httproute/shop/a", Health::Ok),
                   edge("b/parent", EdgeKind::ParentRef, "gateway/infra/gw", "http", "httproute/shop/b", Health::Warning),
                   edge("a/backend", EdgeKind::BackendRef, "httproute/shop/a", "", "service/shop/s", Health::Ok)};
        const Graph c = collapseGroups(g, {namespaceGroupKey("shop")});
        QCOMPARE(c.nodes.size(), std::size_t(2));
        const GraphNode& group = c.nodes[1];
        QCOMPARE(group.id, std::string("collapsed/namespace/shop"));
        QCOMPARE(group.members.size(), std::size_t(3));
        QCOMPARE(group.health, Health::Error);  // the worst of its members
        QCOMPARE(group.problemMembers, std::size_t(1));
        // Two parentRefs from one listener became one edge standing for both; the backendRef
        // inside the namespace is not drawn.
        QCOMPARE(c.edges.size(), std::size_t(1));
        QCOMPARE(c.edges[0].from, std::string("gateway/infra/gw"));
        QCOMPARE(c.edges[0].fromPort, std::string("http"));
        QCOMPARE(c.edges[0].to, group.id);
        QCOMPARE(c.edges[0].members, (std::vector<std::string>{"a/parent", "b/parent"}));
        QCOMPARE(c.edges[0].health, Health::Warning);
        // The Gateway's routes instead: the Service stays, its edge now from the group.
        const Graph r = collapseGroups(g, {"gateway/infra/gw"});
        QCOMPARE(r.nodes.size(), std::size_t(3));
        QVERIFY(r.findNode("service/shop/s"));
        QCOMPARE(r.nodes[1].kind, std::string("Routes"));
        QCOMPARE(r.nodes[1].ns, std::string("shop"));
        QCOMPARE(groupKeysOf(g, "httproute/shop/a"), (std::vector<std::string>{"gateway/infra/gw", "namespace/shop"}));
    }

    void collapseInTheDocumentSumsTrafficAndUndoes()
    {
        Document d;
        d.loadText(bigTopology(3, 12));
        const std::string ns = "team-1";
        const QRectF before = rectOf(d.scene(), "gateway/team-1/gw-1");
        QPointF corner(1e9, 1e9);  // the members' top-left
        for (const GraphNode& n : d.scene().nodes())
            if (n.ns == ns)
                corner = {std::min(corner.x(), rectOf(d.scene(), n.id).x()), std::min(corner.y(), rectOf(d.scene(), n.id).y())};
        // Made-up traffic: 10/s on every backendRef, 20 % of it failing on route 0's.
        std::map<std::string, EdgeTraffic> traffic;
        for (const GraphEdge& e : d.scene().edges())
            if (e.kind == EdgeKind::BackendRef)
                traffic[e.id] = {10, e.from.ends_with("route-1-0") ? 0.2 : 0.0, -1, -1, "10.0/s"};
        d.edges()->setTraffic([&traffic](const std::string& id) -> const EdgeTraffic* {
            const auto it = traffic.find(id);
            return it == traffic.end() ? nullptr : &it->second;
        });
        // The Gateway's routes, then the namespace: each one step.
        d.canvas()->collapse("gateway/team-1/gw-1");
        QVERIFY(d.scene().indexOf("httproute/team-1/route-1-0") < 0);
        const GraphEdge* toBackend = edgeBetween(d.scene(), "collapsed/gateway/team-1/gw-1", "service/team-1/svc-1-0");
        QVERIFY(toBackend);
        QCOMPARE(d.edges()->trafficOf(*toBackend)->rate, 10.0);
        QVERIFY(edgeBetween(d.scene(), "gateway/team-1/gw-1", "collapsed/gateway/team-1/gw-1"));
        d.canvas()->collapse(QString::fromStdString(namespaceGroupKey(ns)));
        QCOMPARE(d.canvas()->collapsedCount(), 2);
        const int group = d.scene().indexOf("collapsed/namespace/team-1");
        QVERIFY(group >= 0);
        QCOMPARE(d.scene().nodes()[std::size_t(group)].members.size(), std::size_t(1 + 4 * 2));
        // It appears where its members were.
        QCOMPARE(rectOf(d.scene(), std::size_t(group)).topLeft(), corner);
        // Nothing of team-1 is drawn apart from it; the class's edge to its Gateway now ends on it.
        for (const GraphNode& n : d.scene().nodes())
            QVERIFY2(n.ns != ns || n.id == "collapsed/namespace/team-1", n.id.c_str());
        const GraphEdge* fromClass = edgeBetween(d.scene(), "gatewayclass/studio", "collapsed/namespace/team-1");
        QVERIFY(fromClass);
        // The summed traffic of a namespace's inner edges is not drawn (they are inside it); the
        // traffic in its node is what its routes carry (none here: no node traffic provider).
        const QModelIndex row = d.nodes()->index(group, 0);
        QCOMPARE(row.data(NodeListModel::MemberCountRole).toInt(), 9);
        QCOMPARE(row.data(NodeListModel::MissingRole).toBool(), false);
        // Undo: the routes' group again; undo: everything as it was, in the same places.
        d.undo();
        QVERIFY(d.scene().indexOf("collapsed/namespace/team-1") < 0);
        QVERIFY(d.scene().indexOf("collapsed/gateway/team-1/gw-1") >= 0);
        d.undo();
        QCOMPARE(d.canvas()->collapsedCount(), 0);
        QCOMPARE(rectOf(d.scene(), "gateway/team-1/gw-1"), before);
        QVERIFY(d.scene().indexOf("httproute/team-1/route-1-0") >= 0);
        d.redo();
        d.redo();
        QVERIFY(d.scene().indexOf("collapsed/namespace/team-1") >= 0);
        d.canvas()->expand("collapsed/namespace/team-1");
        d.canvas()->expand("collapsed/gateway/team-1/gw-1");
        QCOMPARE(d.canvas()->collapsedCount(), 0);
        QCOMPARE(rectOf(d.scene(), "gateway/team-1/gw-1"), before);
        d.edges()->setTraffic({});
    }

    // Collapse, move the group's node, expand (it opens where the node is, and what is beside it
    // makes room), then undo all three: every node is back where it started.
    void expandWhereMovedUndoes()
    {
        Document d;
        d.loadText(bigTopology(3, 12));
        std::map<std::string, QPointF> start;
        for (const GraphNode& n : d.scene().nodes())
            start[n.id] = rectOf(d.scene(), n.id).topLeft();
        d.canvas()->collapse("namespace/team-1");
        const QRectF group = rectOf(d.scene(), "collapsed/namespace/team-1");
        d.moveNode("collapsed/namespace/team-1", group.x() + 3000, group.y() + 500, true, group.x(), group.y());
        d.canvas()->expand("collapsed/namespace/team-1");
        QCOMPARE(rectOf(d.scene(), "gateway/team-1/gw-1").topLeft() - start["gateway/team-1/gw-1"], QPointF(3000, 500));
        QCOMPARE(firstOverlap(d.scene()), QString());
        d.undo();
        d.undo();
        d.undo();
        QCOMPARE(d.canvas()->collapsedCount(), 0);
        for (const GraphNode& n : d.scene().nodes())
            QVERIFY2(rectOf(d.scene(), n.id).topLeft() == start[n.id], n.id.c_str());
    }

    // The overview's namespace labels say each namespace's requests/s: its routes' rates summed
    // (a request goes through one route; its Service's count would count it twice), the same
    // when the routes are collapsed into one node.
    void namespacesSumTheirRoutesTraffic()
    {
        Document d;
        d.loadText(bigTopology(2, 6));
        std::map<std::string, NodeTraffic> traffic;
        for (const GraphNode& n : d.scene().nodes())
            traffic[n.id] = {10, "10.0/s"};
        d.nodes()->setTraffic([&traffic](const std::string& id) -> const NodeTraffic* {
            const auto it = traffic.find(id);
            return it == traffic.end() ? nullptr : &it->second;
        });
        auto rateOf = [&d](const QString& ns) {
            for (int row = 0; row < d.groups()->rowCount(); ++row)
                if (d.groups()->index(row).data(GroupListModel::NameRole).toString() == ns)
                    return d.groups()->index(row).data(GroupListModel::RateRole).toDouble();
            return -1.0;
        };
        QCOMPARE(rateOf("team-1"), 30.0);  // three routes on gw-1
        d.canvas()->collapse("gateway/team-1/gw-1");
        QCOMPARE(rateOf("team-1"), 30.0);
        traffic["httproute/team-1/route-1-0"].rate = 25;
        d.nodes()->trafficChanged();
        QCOMPARE(rateOf("team-1"), 45.0);
        d.nodes()->setTraffic({});
        QCOMPARE(rateOf("team-1"), 0.0);
    }

    void summedTrafficWeighsErrorsByRate()
    {
        const EdgeTraffic a{30, 0.0, -1, -1, ""}, b{10, 0.4, -1, -1, ""};
        const EdgeTraffic sum = sumTraffic(std::vector<const EdgeTraffic*>{&a, nullptr, &b});
        QCOMPARE(sum.rate, 40.0);
        QCOMPARE(sum.errorShare, 0.1);
        QCOMPARE(sum.text, std::string("40.0/s · 10% 5xx"));
        QCOMPARE(sumTraffic(std::vector<const EdgeTraffic*>{nullptr}).text, std::string());
    }

    void collapsedGroupsAreKeptInTheWorkspace()
    {
        gs::model::Workspace w;
        w.pinned = {"gateway/a/b"};
        w.collapsed = {"namespace/shop", "gateway/infra/gw"};
        std::string error;
        const auto back = gs::model::Workspace::fromJson(w.toJson(), error);
        QVERIFY2(back, error.c_str());
        QCOMPARE(back->pinned, w.pinned);
        QCOMPARE(back->collapsed, w.collapsed);
    }

    void focusKeepsANodesPaths()
    {
        Document d;
        d.loadText(bigTopology(2, 6));
        d.filter()->setFocus("httproute/team-1/route-1-2");
        // Upstream its Gateway and the class; downstream its Service; not the Gateway's other routes.
        QCOMPARE(d.filter()->matchCount(), 4);
        auto matched = [&](const char* id) {
            const int row = d.scene().indexOf(id);
            return d.nodes()->index(row, 0).data(NodeListModel::MatchedRole).toBool();
        };
        QVERIFY(matched("gateway/team-1/gw-1"));
        QVERIFY(matched("gatewayclass/studio"));
        QVERIFY(matched("service/team-1/svc-1-2"));
        QVERIFY(!matched("httproute/team-1/route-1-1"));
        QVERIFY(!matched("gateway/team-0/gw-0"));
        // A Gateway's paths: all of its routes and their Services.
        d.filter()->setFocus("gateway/team-0/gw-0");
        QCOMPARE(d.filter()->matchCount(), 1 + 1 + 3 * 2);
        // The node gone (collapsed), focus mode ends.
        d.canvas()->collapse("namespace/team-0");
        QCOMPARE(d.filter()->focus(), QString());
        QVERIFY(matched("gateway/team-1/gw-1"));
    }
};

QTEST_GUILESS_MAIN(TestBigTopology)
#include "tst_big_topology.moc"

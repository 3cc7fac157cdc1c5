// Placement of new nodes (graph_placement.h) on a laid-out graph: each case changes the demo as a
// person would (a reference typed in the YAML, an object from the palette at a taken spot, a
// route in a new namespace, a disconnected pair, many backends at once) and checks what a person
// would see: placed nodes stayed where they were, no node overlaps another, no namespace box
// overlaps another, and the new node sits where it belongs (right of what points at it).
#include <QElapsedTimer>
#include <QtTest>

#include "graph.h"
#include "graph_scene.h"
#include "topology.h"

using namespace gs;

namespace {

model::Topology load(const std::string& text) { return model::loadTopology(std::vector<model::Source>{{"test.yaml", text}}); }

std::string demo()
{
    QFile f(QStringLiteral(GWS_SOURCE_DIR "/resources/demo/demo.yaml"));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read the demo");
    return f.readAll().toStdString();
}

std::string replaced(std::string text, const std::string& from, const std::string& to)
{
    const auto at = text.find(from);
    if (at == std::string::npos)
        qFatal("no %s in the text", from.c_str());
    return text.replace(at, from.size(), to);
}

QRectF rectOf(const gui::GraphScene& scene, const std::string& id)
{
    const int i = scene.indexOf(id);
    if (i < 0)
        return {};
    const gui::Rect& r = scene.geometry(std::size_t(i));
    return {r.x, r.y, r.width, r.height};
}

// What a person would call a mess: two nodes on each other, two namespace boxes on each other.
QString overlaps(const gui::GraphScene& scene)
{
    for (std::size_t a = 0; a < scene.nodes().size(); ++a)
        for (std::size_t b = a + 1; b < scene.nodes().size(); ++b)
            if (rectOf(scene, scene.nodes()[a].id).intersects(rectOf(scene, scene.nodes()[b].id)))
                return QString::fromStdString(scene.nodes()[a].id + " overlaps " + scene.nodes()[b].id);
    for (std::size_t a = 0; a < scene.groups().size(); ++a)
        for (std::size_t b = a + 1; b < scene.groups().size(); ++b) {
            const gui::Rect& r = scene.groups()[a].box;
            const gui::Rect& s = scene.groups()[b].box;
            if (QRectF(r.x, r.y, r.width, r.height).intersects(QRectF(s.x, s.y, s.width, s.height)))
                return QString::fromStdString("namespace " + scene.groups()[a].name + " overlaps " + scene.groups()[b].name);
        }
    // A cluster-scoped node inside a namespace's box.
    for (const gui::GraphNode& n : scene.nodes())
        if (n.ns.empty())
            for (const gui::NamespaceGroup& g : scene.groups())
                if (QRectF(g.box.x, g.box.y, g.box.width, g.box.height).intersects(rectOf(scene, n.id)))
                    return QString::fromStdString(n.id + " is inside namespace " + g.name);
    return {};
}

const char* const kShopRoute = R"(
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: shop
  namespace: shop
spec:
  parentRefs:
    - name: demo-gateway
      namespace: default
  rules:
    - backendRefs:
        - name: shop
          port: 8080
)";

const char* const kOtherPair = R"(
---
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata:
  name: other
spec:
  controllerName: example.com/other
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: edge
  namespace: edge
spec:
  gatewayClassName: other
  listeners:
    - name: http
      protocol: HTTP
      port: 80
)";

}  // namespace

class TestPlacement : public QObject {
    Q_OBJECT

    gui::GraphScene scene_;
    gui::Positions positions_;
    gui::Positions before_;

    // Lays the demo out, then shows `changed` with the demo's nodes where they were.
    void start(const std::string& changed, const gui::Positions& wanted = {})
    {
        scene_ = gui::GraphScene();
        positions_.clear();
        scene_.setGraph(gui::buildGraph(load(demo()).objects, nullptr), positions_);
        before_ = positions_;
        scene_.setGraph(gui::buildGraph(load(changed).objects, nullptr), positions_, wanted);
    }

    void checkTidy()
    {
        for (const auto& [id, xy] : before_)
            QVERIFY2(positions_.at(id) == xy, (id + " moved").c_str());
        const QString mess = overlaps(scene_);
        QVERIFY2(mess.isEmpty(), qPrintable(mess));
    }

private slots:
    // A backendRef typed in the YAML to a Service that does not exist: its placeholder goes right
    // of the route, over nothing (it used to land exactly on app-v2).
    void placeholderOfATypedReference()
    {
        start(replaced(demo(), "name: app-v2\n          port: 8080\n          weight: 20",
                       "name: shop-v3\n          port: 8080\n          weight: 20"));
        checkTidy();
        const QRectF route = rectOf(scene_, "httproute/default/traffic-split");
        const QRectF placeholder = rectOf(scene_, "service/default/shop-v3");
        QVERIFY(!placeholder.isNull());
        QVERIFY(placeholder.left() > route.right());
        QVERIFY2(std::abs(placeholder.center().y() - route.center().y()) < 300, "far from its route");
    }

    // From the palette onto a spot that is taken: the nearest free spot instead.
    void wantedSpotTaken()
    {
        gui::GraphScene probe;
        gui::Positions at;
        probe.setGraph(gui::buildGraph(load(demo()).objects, nullptr), at);
        const auto taken = at.at("service/default/app-v1");
        const std::string text = demo() +
            "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: service-1\n"
            "  namespace: default\nspec:\n  ports:\n    - port: 80\n";
        start(text, {{"service/default/service-1", taken}});
        checkTidy();
        const QRectF placed = rectOf(scene_, "service/default/service-1");
        QVERIFY(QLineF(placed.topLeft(), QPointF(taken.first, taken.second)).length() < 400);
    }

    // A route in a namespace of its own: its box stays clear of the default namespace's.
    void newNamespaceGetsItsOwnRoom()
    {
        start(demo() + kShopRoute);
        checkTidy();
        QVERIFY(rectOf(scene_, "httproute/shop/shop").left() > rectOf(scene_, "gateway/default/demo-gateway").right());
    }

    // New objects that connect to nothing placed: laid out together below everything.
    void disconnectedNewObjectsGoBelow()
    {
        start(demo() + kOtherPair);
        checkTidy();
        double bottom = 0;
        for (const auto& [id, xy] : before_)
            bottom = std::max(bottom, rectOf(scene_, id).bottom());
        QVERIFY(rectOf(scene_, "gatewayclass/other").top() > bottom);
        QVERIFY(rectOf(scene_, "gateway/edge/edge").left() > rectOf(scene_, "gatewayclass/other").right());
    }

    // Six new backends on one rule at once: each finds its own free spot.
    void manyNewBackendsAtOnce()
    {
        std::string refs;
        for (int i = 0; i < 6; ++i)
            refs += "        - name: extra-" + std::to_string(i) + "\n          port: 8080\n";
        start(replaced(demo(), "- backendRefs:\n        - name: app-v1", "- backendRefs:\n" + refs + "        - name: app-v1"));
        checkTidy();
        for (int i = 0; i < 6; ++i)
            QVERIFY(rectOf(scene_, "service/default/extra-" + std::to_string(i)).left() >
                    rectOf(scene_, "httproute/default/traffic-split").right());
    }

    // A namespace hemmed in on every side by another's nodes: the new node still finds a spot over
    // no node (it used to search forever), its box allowed to reach the other's.
    void hemmedInNamespaceStillFinishes()
    {
        std::string text;
        auto service = [&](const std::string& ns, const std::string& name) {
            text += "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: " + name + "\n  namespace: " + ns +
                "\nspec:\n  ports:\n    - port: 80\n";
        };
        service("a", "inside");
        gui::Positions positions{{"service/a/inside", {0, 0}}};
        int n = 0;
        for (int x = -1800; x <= 1800; x += 300)
            for (int y = -1800; y <= 1900; y += 130) {
                if (std::abs(x) < 400 && std::abs(y) < 200)
                    continue;  // room for the one node of namespace a
                const std::string name = "b" + std::to_string(n++);
                service("b", name);
                positions["service/b/" + name] = {double(x), double(y)};
            }
        gui::GraphScene scene;
        scene.setGraph(gui::buildGraph(load(text).objects, nullptr), positions);
        const auto before = positions;
        service("a", "new");
        QElapsedTimer clock;
        clock.start();
        scene.setGraph(gui::buildGraph(load(text).objects, nullptr), positions);
        QVERIFY2(clock.elapsed() < 5000, "placing one node took seconds");
        QVERIFY(positions.count("service/a/new"));
        const QRectF placed = rectOf(scene, "service/a/new");
        for (const gui::GraphNode& node : scene.nodes())
            if (node.id != "service/a/new")
                QVERIFY2(!rectOf(scene, node.id).intersects(placed), (node.id + " is under the new node").c_str());
        for (const auto& [id, xy] : before)
            QVERIFY(positions.at(id) == xy);
    }

    // Nothing placed yet (a file opened without its workspace): the whole layout, tidy too.
    void firstLayoutIsTidy()
    {
        scene_ = gui::GraphScene();
        positions_.clear();
        before_.clear();
        scene_.setGraph(gui::buildGraph(load(demo() + kShopRoute + kOtherPair).objects, nullptr), positions_);
        checkTidy();
    }
};

QTEST_GUILESS_MAIN(TestPlacement)
#include "tst_placement.moc"

// The graph built from objects, its layout, the edits on trees and text, and the connection rules.
#include <QtTest>

#include <set>

#include "connection_rules.h"
#include "controller/translator.h"
#include "graph.h"
#include "graph_scene.h"
#include "object_edits.h"
#include "topology.h"
#include "yaml/yaml_writer.h"

using namespace gs;
using gs::gui::EdgeKind;

namespace {

model::Topology load(const std::string& text) { return model::loadTopology(std::vector<model::Source>{{"test.yaml", text}}); }

std::string readFile(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return f.readAll().toStdString();
}

std::string demo() { return readFile(QStringLiteral(GWS_SOURCE_DIR "/resources/demo/demo.yaml")); }

const gui::GraphEdge* edge(const gui::Graph& g, const std::string& id)
{
    for (const gui::GraphEdge& e : g.edges)
        if (e.id == id)
            return &e;
    return nullptr;
}

const char* const kTwoNamespaces = R"(apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: gc}
spec: {controllerName: example.com/c}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec:
  gatewayClassName: gc
  listeners:
    - name: http
      protocol: HTTP
      port: 80
    - name: tcp
      protocol: TCP
      port: 9000
      allowedRoutes: {namespaces: {from: All}}
    - name: web
      protocol: HTTPS
      port: 443
      hostname: shop.example.com
      tls: {certificateRefs: [{name: shop-cert}]}
      allowedRoutes: {namespaces: {from: All}}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web, namespace: shop}
spec:
  hostnames: [shop.example.com]
  parentRefs: [{name: gw, namespace: infra, sectionName: web}]
  rules:
    - backendRefs: [{name: reports, namespace: billing, port: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: reports, namespace: billing}
spec: {ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: shop, namespace: shop}
spec: {ports: [{port: 80}]}
)";

}  // namespace

class TestGraph : public QObject {
    Q_OBJECT

private slots:
    void demoGraph()
    {
        const model::Topology t = load(demo());
        QVERIFY(!t.diagnostics.hasErrors());
        const model::Translation tr = model::translate(t.objects, model::Workspace{});
        const gui::Graph g = gui::buildGraph(t.objects, &tr);
        QCOMPARE(g.nodes.size(), std::size_t(8));
        const gui::GraphNode* gw = g.findNode("gateway/default/demo-gateway");
        QVERIFY(gw);
        QCOMPARE(gw->ports.size(), std::size_t(1));
        QCOMPARE(gw->ports[0].protocol, std::string("HTTP"));
        QCOMPARE(gw->ports[0].port, 80);
        QCOMPARE(gw->ports[0].attachedRoutes, 2);
        QCOMPARE(gw->health, gui::Health::Ok);
        const gui::GraphEdge* v1 = edge(g, "httproute/default/traffic-split/rule/0/backend/0");
        const gui::GraphEdge* v2 = edge(g, "httproute/default/traffic-split/rule/0/backend/1");
        QVERIFY(v1 && v2);
        QCOMPARE(v1->label, std::string("80 · 80%"));
        QCOMPARE(v2->label, std::string("20 · 20%"));
        QCOMPARE(v2->to, std::string("service/default/app-v2"));
        const gui::GraphEdge* cls = edge(g, "gateway/default/demo-gateway/class");
        QVERIFY(cls);
        QCOMPARE(cls->from, std::string("gatewayclass/gateway-studio"));
        QCOMPARE(cls->kind, EdgeKind::GatewayClass);
        // A single backend carries no label: all of the traffic goes there.
        QCOMPARE(edge(g, "httproute/default/app-route/rule/1/backend/0")->label, std::string());
    }

    void parentRefsMeetTheirListenerAndMissingTargetsAreDrawn()
    {
        const model::Topology t = load(kTwoNamespaces);
        QVERIFY2(!t.diagnostics.hasErrors(), t.diagnostics.all().empty() ? "" : t.diagnostics.all()[0].format().c_str());
        const model::Translation tr = model::translate(t.objects, model::Workspace{});
        const gui::Graph g = gui::buildGraph(t.objects, &tr);
        const gui::GraphEdge* parent = edge(g, "httproute/shop/web/parent/0");
        QVERIFY(parent);
        QCOMPARE(parent->from, std::string("gateway/infra/gw"));
        QCOMPARE(parent->fromPort, std::string("web"));
        const gui::GraphEdge* cert = edge(g, "gateway/infra/gw/listener/web/cert/0");
        QVERIFY(cert);
        QCOMPARE(cert->toPort, std::string("web"));
        const gui::GraphNode* secret = g.findNode("secret/infra/shop-cert");
        QVERIFY(secret);
        QVERIFY(!secret->objectIndex);  // referenced, not defined
        QCOMPARE(secret->health, gui::Health::Error);
        const gui::GraphNode* gw = g.findNode("gateway/infra/gw");
        QCOMPARE(gw->ports[2].tlsMode, std::string("Terminate"));
        // No ReferenceGrant: the cross-namespace backendRef is refused by the controller.
        QCOMPARE(g.findNode("httproute/shop/web")->health, gui::Health::Error);
    }

    // Invalid objects are drawn with their references too; no bad input may break the builder.
    void everyInvalidInputStillGivesAGraph()
    {
        const QDir dir(QStringLiteral(GWS_SOURCE_DIR "/tests/model/testdata/invalid"));
        const QStringList files = dir.entryList({"*.yaml"}, QDir::Files);
        QVERIFY(files.size() > 50);
        for (const QString& f : files) {
            const model::Topology t = load(readFile(dir.filePath(f)));
            const model::Translation tr = model::translate(t.objects, model::Workspace{});
            const gui::Graph g = gui::buildGraph(t.objects, &tr);
            for (const gui::GraphEdge& e : g.edges)
                QVERIFY2(g.findNode(e.from) && g.findNode(e.to), qPrintable(f));
        }
    }

    void backendTlsPolicyPointsAtItsService()
    {
        const std::string text = std::string(kTwoNamespaces) + R"(---
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata: {name: reports-tls, namespace: billing}
spec:
  targetRefs: [{group: "", kind: Service, name: reports}]
  validation: {hostname: reports.billing, wellKnownCACertificates: System}
)";
        const model::Topology t = load(text);
        QVERIFY2(!t.diagnostics.hasErrors(), t.diagnostics.all().empty() ? "" : t.diagnostics.all()[0].format().c_str());
        const gui::Graph g = gui::buildGraph(t.objects, nullptr);
        const gui::GraphEdge* e = edge(g, "backendtlspolicy/billing/reports-tls/target/0");
        QVERIFY(e);
        QCOMPARE(e->to, std::string("service/billing/reports"));
        QCOMPARE(e->kind, EdgeKind::PolicyTarget);
    }

    // A RequestMirror filter is an edge of its own to the Service that gets the copies, named as
    // the gateway counts the mirror, labelled with its share.
    void mirrorsAreEdgesNamedAsTheGatewayCountsThem()
    {
        const std::string text = std::string(kTwoNamespaces) + R"(---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: shadowed, namespace: infra}
spec:
  parentRefs: [{name: gw, sectionName: http}]
  rules:
    - filters:
        - {type: RequestMirror, requestMirror: {backendRef: {name: shadow, port: 8080}, percent: 25}}
      backendRefs:
        - name: live
          port: 8080
          filters: [{type: RequestMirror, requestMirror: {backendRef: {name: audit, port: 8080}}}]
)";
        const model::Topology t = load(text);
        QVERIFY2(!t.diagnostics.hasErrors(), t.diagnostics.all().empty() ? "" : t.diagnostics.all()[0].format().c_str());
        const gui::Graph g = gui::buildGraph(t.objects, nullptr);
        const gui::GraphEdge* rule = edge(g, "httproute/infra/shadowed/rule/0/filter/0/mirror");
        QVERIFY(rule);
        QCOMPARE(rule->kind, EdgeKind::Mirror);
        QCOMPARE(rule->from, std::string("httproute/infra/shadowed"));
        QCOMPARE(rule->to, std::string("service/infra/shadow"));
        QCOMPARE(rule->label, std::string("mirror 25%"));
        const gui::GraphEdge* backend = edge(g, "httproute/infra/shadowed/rule/0/backend/0/filter/0/mirror");
        QVERIFY(backend);
        QCOMPARE(backend->to, std::string("service/infra/audit"));
        QCOMPARE(backend->label, std::string("mirror"));
        // The ids are the gateway's names for the mirror targets.
        const model::Translation tr = model::translate(t.objects, {}, {});
        std::set<std::string> mirrors;
        for (const auto& gw : tr.config.gateways)
            for (const auto& l : gw.listeners)
                for (const auto& r : l.httpRoutes) {
                    for (const auto& f : r.filters)
                        if (f.type == runtime::config::HttpFilter::Type::RequestMirror)
                            mirrors.insert(f.mirror.target.name);
                    for (const auto& b : r.backends)
                        for (const auto& f : b.filters)
                            if (f.type == runtime::config::HttpFilter::Type::RequestMirror)
                                mirrors.insert(f.mirror.target.name);
                }
        QCOMPARE(mirrors, (std::set<std::string>{rule->id, backend->id}));
    }

    void layoutPlacesEveryNodeLeftToRight()
    {
        const model::Topology t = load(demo());
        gui::GraphScene scene;
        gui::Positions positions;
        QVERIFY(scene.setGraph(gui::buildGraph(t.objects, nullptr), positions));
        QCOMPARE(positions.size(), std::size_t(8));
        const auto x = [&](const char* id) { return positions.at(id).first; };
        QVERIFY(x("gatewayclass/gateway-studio") < x("gateway/default/demo-gateway"));
        QVERIFY(x("gateway/default/demo-gateway") < x("httproute/default/traffic-split"));
        QVERIFY(x("httproute/default/traffic-split") < x("service/default/app-v1"));
        // Nodes do not overlap.
        for (std::size_t a = 0; a < scene.nodes().size(); ++a)
            for (std::size_t b = a + 1; b < scene.nodes().size(); ++b) {
                const gui::Rect& r = scene.geometry(a);
                const gui::Rect& s = scene.geometry(b);
                const bool apart = r.x + r.width <= s.x || s.x + s.width <= r.x || r.y + r.height <= s.y || s.y + s.height <= r.y;
                QVERIFY2(apart, (scene.nodes()[a].id + " overlaps " + scene.nodes()[b].id).c_str());
            }
        // A stored position wins over the layout.
        positions["gateway/default/demo-gateway"] = {-500, -400};
        scene.setGraph(gui::buildGraph(t.objects, nullptr), positions);
        QCOMPARE(scene.geometry(std::size_t(scene.indexOf("gateway/default/demo-gateway"))).x, -500.0);
        QCOMPARE(scene.groups().size(), std::size_t(1));
        QVERIFY(scene.groups()[0].box.x < -500);
        const auto hit = scene.hitTest(-500 + 10, -400 + gui::GraphScene::portCenter(0));
        QCOMPARE(hit.id, std::string("gateway/default/demo-gateway"));
        QCOMPARE(hit.port, std::string("http"));
    }

    void setFieldCreatesAndRemoves()
    {
        yaml::Node doc = load(demo()).objects.objects()[1].doc;
        QVERIFY(gui::setField(doc, "spec.listeners[0].port", "8080", "int"));
        QVERIFY(gui::setField(doc, "spec.listeners[0].tls.mode", "Passthrough", "choice"));
        QVERIFY(gui::setField(doc, "spec.listeners[0].allowedRoutes", "", "text"));
        QVERIFY(!gui::setField(doc, "spec.listeners[3].port", "1", "int"));
        const std::string out = yaml::writeYaml(doc);
        QVERIFY(out.find("port: 8080") != std::string::npos);
        QVERIFY(out.find("tls:\n        mode: Passthrough") != std::string::npos);
        QVERIFY(out.find("allowedRoutes") == std::string::npos);
        yaml::Node route = load(demo()).objects.objects()[3].doc;
        QVERIFY(gui::setField(route, "spec.hostnames", "a.example.com, b.example.com", "list"));
        QVERIFY(yaml::writeYaml(route).find("- a.example.com\n    - b.example.com") != std::string::npos);
    }

    void textEditsKeepTheOtherDocuments()
    {
        const std::string text = demo();
        const model::Topology t = load(text);
        yaml::Node route = t.objects.objects()[3].doc;
        gui::addBackendRef(route, "", "api-service", 8080);
        const std::string edited = gui::replaceObjectText(text, t.objects, 3, route);
        QVERIFY(edited.find("# Gateway Studio demo") == 0);  // the header comment survives
        const model::Topology after = load(edited);
        QVERIFY(!after.diagnostics.hasErrors());
        QCOMPARE(after.objects.size(), t.objects.size());
        QVERIFY(yaml::writeYaml(after.objects.objects()[3].doc).find("name: api-service") != std::string::npos);

        const std::string removed = gui::removeObjectText(text, t.objects, 0);
        const model::Topology less = load(removed);
        QCOMPARE(less.objects.size(), t.objects.size() - 1);
        QCOMPARE(less.objects.objects()[0].id.kind, std::string("Gateway"));

        const auto svc = gui::newObject("Service", "default", gui::freshName(t.objects, "Service", "default"), &t.objects);
        QVERIFY(svc);
        const model::Topology more = load(gui::appendObjectText(text, *svc));
        QCOMPARE(more.objects.size(), t.objects.size() + 1);
        QCOMPARE(more.objects.objects().back().id.name, std::string("service-1"));
    }

    void retargetFollowsEveryKindOfReference()
    {
        const model::Topology t = load(kTwoNamespaces);
        const model::Object& gw = t.objects.objects()[1];
        yaml::Node doc = gw.doc;
        QVERIFY(gui::retarget(doc, gw, {"", "Secret", "infra", "shop-cert"}, "shop-cert-2026"));
        QVERIFY(yaml::writeYaml(doc).find("name: shop-cert-2026") != std::string::npos);
        QVERIFY(!gui::retarget(doc, gw, {"", "Secret", "shop", "shop-cert-2026"}, "x"));  // other namespace
        const model::Object& route = t.objects.objects()[2];
        yaml::Node r = route.doc;
        QVERIFY(gui::retarget(r, route, {"gateway.networking.k8s.io", "Gateway", "infra", "gw"}, "edge"));
        QVERIFY(gui::retarget(r, route, {"", "Service", "billing", "reports"}, "ledger"));
        QVERIFY(!gui::retarget(r, route, {"", "Service", "shop", "reports"}, "x"));
        const std::string out = yaml::writeYaml(r);
        QVERIFY(out.find("name: edge") != std::string::npos);
        QVERIFY(out.find("name: ledger") != std::string::npos);
    }

    void everyPaletteKindIsValidOnItsOwn()
    {
        const model::Topology t = load(demo());
        for (const char* kind : {"GatewayClass", "Gateway", "HTTPRoute", "GRPCRoute", "TLSRoute", "TCPRoute", "UDPRoute",
                                 "Service", "Secret", "ReferenceGrant"}) {
            const bool clusterScoped = std::string(kind) == "GatewayClass";
            const auto doc = gui::newObject(kind, clusterScoped ? "" : "default", "x-1", &t.objects);
            QVERIFY2(doc, kind);
            const model::Topology one = load(yaml::writeYaml(*doc));
            QVERIFY2(
                !one.diagnostics.hasErrors(),
                (std::string(kind) + ": " + (one.diagnostics.all().empty() ? "" : one.diagnostics.all()[0].format())).c_str());
        }
    }

    void connectionRulesSayWhy_data()
    {
        QTest::addColumn<QString>("route");
        QTest::addColumn<QString>("listener");
        QTest::addColumn<QString>("why");
        QTest::newRow("same namespace only") << "shop/web"
                                             << "http"
                                             << "listener http admits routes only from namespace infra";
        QTest::newRow("wrong protocol") << "shop/web"
                                        << "tcp"
                                        << "listener tcp speaks TCP, which does not serve a HTTPRoute";
        QTest::newRow("already attached") << "shop/web"
                                          << "web"
                                          << "shop/web is already attached to listener web";
        QTest::newRow("no such listener") << "shop/web"
                                          << "nope"
                                          << "infra/gw has no listener named nope";
        QTest::newRow("whole gateway") << "shop/web"
                                       << ""
                                       << "";
    }

    void connectionRulesSayWhy()
    {
        QFETCH(QString, route);
        QFETCH(QString, listener);
        QFETCH(QString, why);
        const model::Topology t = load(kTwoNamespaces);
        const model::Object& gw = t.objects.objects()[1];
        const model::Object& r = t.objects.objects()[2];
        QCOMPARE(r.displayName(), route.toStdString());
        const auto result = gui::whyNotAttach(t.objects, r, gw, listener.toStdString());
        QCOMPARE(QString::fromStdString(result.value_or("")), why);
    }

    void backendsAcrossNamespacesNeedAGrant()
    {
        const model::Topology t = load(kTwoNamespaces);
        const model::Object& route = t.objects.objects()[2];
        const model::Object& shop = t.objects.objects()[4];
        QCOMPARE(gui::whyNotBackend(t.objects, route, shop).value_or(""), std::string());
        const model::Object& reports = t.objects.objects()[3];
        QCOMPARE(gui::whyNotBackend(t.objects, route, reports).value_or(""),
                 std::string("billing/reports is already a backend of the route's first rule"));
        const std::string grant = std::string(kTwoNamespaces) + R"(---
apiVersion: v1
kind: Service
metadata: {name: ledger, namespace: billing}
spec: {ports: [{port: 80}]}
)";
        const model::Topology g = load(grant);
        QVERIFY(
            gui::whyNotBackend(g.objects, g.objects.objects()[2], g.objects.objects()[5])->find("ReferenceGrant in billing") !=
            std::string::npos);
        QCOMPARE(gui::whyNotBackend(g.objects, g.objects.objects()[1], g.objects.objects()[5]).value_or(""),
                 std::string("only a route sends traffic to a Service; drag from the route"));
    }
};

QTEST_GUILESS_MAIN(TestGraph)
#include "tst_graph.moc"

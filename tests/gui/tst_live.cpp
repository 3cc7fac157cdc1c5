// Live traffic in the editor, end to end: the LiveGateway serves the bundled demo on real loopback
// sockets, requests go through it, and the Qt models (edges, nodes, splits) must show what was
// sent; canary controls edit the YAML, apply live and undo; bad edits keep the last good
// configuration serving; bind errors reach the listener. Also the pure pieces: the traffic
// window's rates and shares, canary weights, drift, and the traffic generator's pacing.

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "rollout/canary.h"
#include "client/http_client.h"
#include "document.h"
#include "live_gateway.h"
#include "net/socket.h"
#include "request_tracer.h"
#include "traffic_generator.h"
#include "traffic_window.h"

using namespace gs::gui;
namespace client = gs::runtime::client;
namespace stats = gs::runtime::stats;

namespace {

const QString kGateway = "gateway/default/demo-gateway";
const QString kSplitRoute = "httproute/default/traffic-split";
const std::string kV1 = "httproute/default/traffic-split/rule/0/backend/0";
const std::string kV2 = "httproute/default/traffic-split/rule/0/backend/1";

std::string gatewayAddress;  // where the demo Gateway is served (its own loopback address)

// Sends `n` keep-alive requests for example.com; returns how many were answered 200.
int sendRequests(int port, int n, const std::string& host = "example.com")
{
    client::HttpClient c(gatewayAddress, port);
    int ok = 0;
    for (int i = 0; i < n; ++i)
        ok += c.request("GET", "/", host).status == 200;
    return ok;
}

std::uint64_t backendTotal(LiveGateway& live, const std::string& name)
{
    for (const stats::Sample& s : live.gateway()->stats().backends)
        if (s.name == name)
            return s.fields[stats::Requests];
    return 0;
}

// A document made from a template, with a LiveGateway on it that binds free ports.
struct LiveDocument {
    Document doc;
    LiveGateway live;
    explicit LiveDocument(const QString& templateName = "demo")
    {
        doc.fileOps()->newFromTemplate(templateName);
        live.setProperty("ephemeralPorts", true);
        live.setDocument(&doc);
    }
};

stats::Snapshot snapshotOf(std::uint64_t a, std::uint64_t b, std::uint64_t errorsA = 0)
{
    stats::Snapshot s;
    stats::Sample x;
    x.name = "httproute/ns/r/rule/0/backend/0";
    x.fields[stats::Requests] = a;
    x.fields[stats::Responses5xx] = errorsA;
    x.histogram[3] = a;  // 500 µs .. 1 ms
    stats::Sample y = x;
    y.name = "httproute/ns/r/rule/0/backend/1";
    y.fields[stats::Requests] = b;
    y.fields[stats::Responses5xx] = 0;
    y.histogram[3] = b;
    s.backends = {x, y};
    return s;
}

}  // namespace

class TstLive : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    // --- pure pieces -------------------------------------------------------------------------

    void windowRatesAndShares()
    {
        TrafficWindow w;
        w.add(0, snapshotOf(0, 0));
        w.add(1, snapshotOf(40, 10, 4));
        w.add(2, snapshotOf(80, 20, 8));
        const TrafficRate a = w.rate("httproute/ns/r/rule/0/backend/0");
        QCOMPARE(a.requestsPerSecond, 40.0);
        QCOMPARE(a.inWindow, 80u);
        QCOMPARE(a.total, 80u);
        QCOMPARE(a.errorShare, 0.1);
        QVERIFY(a.p50Ms > 0.5 && a.p50Ms <= 1.0);
        QVERIFY(w.active());
        const auto counts = w.shareCounts({"httproute/ns/r/rule/0/backend/0", "httproute/ns/r/rule/0/backend/1", "nope"});
        QCOMPARE(counts, (std::vector<std::uint64_t>{80, 20, 0}));
        QCOMPARE(w.history("httproute/ns/r/rule/0/backend/1"), (std::vector<std::uint32_t>{10, 10}));
        // Nothing new for longer than the rate window: idle.
        w.add(5, snapshotOf(80, 20, 8));
        QVERIFY(!w.active());
        QCOMPARE(w.rate("httproute/ns/r/rule/0/backend/0").requestsPerSecond, 0.0);
    }

    void canaryWeights_data()
    {
        QTest::addColumn<std::vector<std::int64_t>>("current");
        QTest::addColumn<int>("percent");
        QTest::addColumn<std::vector<std::int64_t>>("expected");
        QTest::newRow("80/20 to 5%") << std::vector<std::int64_t>{80, 20} << 5 << std::vector<std::int64_t>{95, 5};
        QTest::newRow("promote") << std::vector<std::int64_t>{80, 20} << 100 << std::vector<std::int64_t>{0, 100};
        QTest::newRow("roll back") << std::vector<std::int64_t>{1, 1} << 0 << std::vector<std::int64_t>{100, 0};
        QTest::newRow("two stable, kept in proportion")
            << std::vector<std::int64_t>{3, 1, 0} << 20 << std::vector<std::int64_t>{60, 20, 20};
        QTest::newRow("stable all zero share equally")
            << std::vector<std::int64_t>{0, 0, 5} << 1 << std::vector<std::int64_t>{50, 49, 1};
        QTest::newRow("clamped") << std::vector<std::int64_t>{1, 1} << 150 << std::vector<std::int64_t>{0, 100};
    }
    void canaryWeights()
    {
        QFETCH(std::vector<std::int64_t>, current);
        QFETCH(int, percent);
        QFETCH(std::vector<std::int64_t>, expected);
        QCOMPARE(gs::rollout::canaryWeights(current, percent), expected);
    }

    void drift()
    {
        const std::vector<double> configured{0.8, 0.2};
        QVERIFY(!gs::rollout::splitDrift({"v1", "v2"}, configured, {80, 20}));
        QVERIFY(!gs::rollout::splitDrift({"v1", "v2"}, configured, {9, 1}));  // too few to judge
        QVERIFY(!gs::rollout::splitDrift({"v1", "v2"}, configured, {790, 210}));  // within sampling noise
        const auto drifted = gs::rollout::splitDrift({"v1", "v2"}, configured, {500, 500});
        QVERIFY(drifted);
        QVERIFY2(drifted->find("v1 receives 50%") == 0, drifted->c_str());
        QVERIFY(drifted->find("configured 80%") != std::string::npos);
    }

    // --- the gateway run from the editor -----------------------------------------------------

    void splitOnTheModelsMatchesWhatWasSent()
    {
        LiveDocument d;
        Document& doc = d.doc;
        LiveGateway& live = d.live;
        QAbstractItemModelTester tester(live.splits(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(live.splits()->rowCount(), 1);  // traffic-split is configured before anything runs
        QVERIFY2(live.start(), qPrintable(live.message()));
        QVERIFY(live.running());
        const int port = live.listenerPort(kGateway, "http");
        QVERIFY(port > 0);
        gatewayAddress = live.listeners().front().toMap()["address"].toString().toStdString();
        QVERIFY(gatewayAddress.rfind("127.", 0) == 0);
        // The footer says where it serves: one 127.x address per Gateway, or 127.0.0.1 for all
        // where no other can be bound (GWS_LOOPBACK=single: this suite's .single-loopback run).
        if (gs::runtime::net::loopbackAliasesBindable()) {
            QVERIFY2(live.message().contains("on loopback") && gatewayAddress != "127.0.0.1", qPrintable(live.message()));
        } else {
            QCOMPARE(gatewayAddress, std::string("127.0.0.1"));
            QVERIFY2(live.message().contains("on 127.0.0.1 only"), qPrintable(live.message()));
            QVERIFY(live.listeners().front().toMap()["note"].toString().contains("each on its own ports"));
        }

        QCOMPARE(sendRequests(port, 100), 100);
        live.poll();
        const SplitRule& rule = live.splits()->rules().front();
        QCOMPARE(QString::fromStdString(rule.routeId), kSplitRoute);
        QCOMPARE(rule.backends.size(), 2u);
        // Smooth weighted round-robin is exact over every 10 requests: 80/20 of 100 is 80 and 20.
        QCOMPARE(rule.backends[0].count, 80u);
        QCOMPARE(rule.backends[1].count, 20u);
        QCOMPARE(rule.backends[0].observedPct, 80.0);
        QCOMPARE(rule.backends[1].configuredPct, 20.0);
        QVERIFY(rule.drift.empty());

        const QVariantMap v2 = live.edgeTraffic(QString::fromStdString(kV2));
        QCOMPARE(v2["observedPct"].toDouble(), 20.0);
        QVERIFY2(v2["text"].toString().startsWith("20% → 20%"), qPrintable(v2["text"].toString()));
        // The edge model carries the same to the canvas.
        EdgeListModel* edges = doc.edges();
        bool found = false;
        for (int row = 0; row < edges->rowCount(); ++row) {
            const QModelIndex i = edges->index(row);
            if (i.data(EdgeListModel::IdRole).toString().toStdString() != kV1)
                continue;
            found = true;
            QCOMPARE(i.data(EdgeListModel::ObservedRole).toDouble(), 80.0);
            QVERIFY(i.data(EdgeListModel::RateRole).toDouble() > 0);
        }
        QVERIFY(found);
        QVERIFY2(live.nodeTraffic(kSplitRoute)["text"].toString().startsWith("100 · "),
                 qPrintable(live.nodeTraffic(kSplitRoute)["text"].toString()));
        QVERIFY(live.nodeTraffic("service/default/app-v2")["text"].toString().startsWith("20 · "));

        live.stop();
        QVERIFY(!live.running());
        QVERIFY(live.edgeTraffic(QString::fromStdString(kV2))["text"].toString().isEmpty());
    }

    void canaryPresetAppliesLiveAndUndoes()
    {
        LiveDocument d;
        Document& doc = d.doc;
        LiveGateway& live = d.live;
        QVERIFY(live.start());
        const int port = live.listenerPort(kGateway, "http");
        QSignalSpy applied(&live, &LiveGateway::applied);

        QVERIFY(live.setCanaryPercent(kSplitRoute, 0, 50));
        QVERIFY(doc.yamlText().contains("weight: 50"));
        QVERIFY(!doc.yamlText().contains("weight: 80"));
        QTRY_COMPARE(applied.count(), 1);
        std::uint64_t v1 = backendTotal(live, kV1), v2 = backendTotal(live, kV2);
        QCOMPARE(sendRequests(port, 100), 100);
        QCOMPARE(backendTotal(live, kV1) - v1, 50u);
        QCOMPARE(backendTotal(live, kV2) - v2, 50u);

        doc.undo();
        QVERIFY(doc.yamlText().contains("weight: 80"));
        QTRY_COMPARE(applied.count(), 2);
        v1 = backendTotal(live, kV1);
        v2 = backendTotal(live, kV2);
        QCOMPARE(sendRequests(port, 100), 100);
        QCOMPARE(backendTotal(live, kV1) - v1, 80u);
        QCOMPARE(backendTotal(live, kV2) - v2, 20u);

        // Promote: everything to the canary.
        QVERIFY(live.setCanaryPercent(kSplitRoute, 0, 100));
        QTRY_COMPARE(applied.count(), 3);
        v2 = backendTotal(live, kV2);
        QCOMPARE(sendRequests(port, 10), 10);
        QCOMPARE(backendTotal(live, kV2) - v2, 10u);
        QVERIFY(!live.setCanaryPercent("httproute/default/app-route", 0, 5));  // one backend: no split
    }

    // After a preset the observed window starts again: the shares seen under the old weights do
    // not read as drift from the new ones (80/20 traffic, then 50/50).
    void splitWindowRestartsWhenTheWeightsChange()
    {
        LiveDocument d;
        LiveGateway& live = d.live;
        QVERIFY(live.start());
        const int port = live.listenerPort(kGateway, "http");
        QCOMPARE(sendRequests(port, 200), 200);
        live.poll();
        QCOMPARE(live.splits()->rules().front().backends[0].count, 160u);
        QSignalSpy applied(&live, &LiveGateway::applied);
        QVERIFY(live.setCanaryPercent(kSplitRoute, 0, 50));
        QTRY_COMPARE(applied.count(), 1);
        live.poll();
        const SplitRule& fresh = live.splits()->rules().front();
        QCOMPARE(fresh.backends[0].count + fresh.backends[1].count, 0u);
        QVERIFY2(fresh.drift.empty(), fresh.drift.c_str());
        QCOMPARE(sendRequests(port, 100), 100);
        live.poll();
        const SplitRule& after = live.splits()->rules().front();
        QCOMPARE(after.backends[0].count, 50u);
        QCOMPARE(after.backends[1].count, 50u);
        QVERIFY2(after.drift.empty(), after.drift.c_str());
    }

    // A request that no route takes is counted on its listener as not routed (and so is one for a
    // host no listener of the port serves), in /stats too.
    void requestsNoRouteTakesAreCountedOnTheListener()
    {
        LiveDocument d;  // the demo: app-route takes /app and /api of any host, traffic-split example.com
        LiveGateway& live = d.live;
        QVERIFY(live.start());
        const QVariantMap l = live.listeners().front().toMap();
        const QString gateway = l["gateway"].toString(), listener = l["listener"].toString();
        gatewayAddress = l["address"].toString().toStdString();
        client::HttpClient c(gatewayAddress, l["port"].toInt());
        const std::string host = l["host"].toString().toStdString();
        QVERIFY(!host.empty());
        QCOMPARE(c.request("GET", "/", host).status, 200);
        QCOMPARE(c.request("GET", "/", "nobody.example").status, 404);
        QCOMPARE(c.request("GET", "/", "").status, 404);
        // The poll timer's view of the counters (the window needs a mark before the requests).
        QTRY_COMPARE(live.listenerNotRouted(gateway, listener), 2);
        std::uint64_t counted = 0;
        for (const stats::Sample& s : live.gateway()->stats().listeners)
            counted += s.fields[stats::NotRouted];
        QCOMPARE(counted, 2u);
    }

    // Mirrored requests have an edge of their own on the canvas with their traffic, and count on
    // the Service that gets them.
    void mirroredTrafficIsDrawnOnTheMirrorEdge()
    {
        Document doc;
        doc.loadText(R"(apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: studio}
spec: {controllerName: gateway-studio.dev/test}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: default}
spec:
  gatewayClassName: studio
  listeners: [{name: http, protocol: HTTP, port: 80}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: shadowed, namespace: default}
spec:
  parentRefs: [{name: gw}]
  rules:
    - filters: [{type: RequestMirror, requestMirror: {backendRef: {name: shadow, port: 8080}}}]
      backendRefs: [{name: live, port: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: live, namespace: default}
spec: {ports: [{port: 8080}]}
---
apiVersion: v1
kind: Service
metadata: {name: shadow, namespace: default}
spec: {ports: [{port: 8080}]}
)");
        LiveGateway live;
        live.setProperty("ephemeralPorts", true);
        live.setDocument(&doc);
        QVERIFY2(live.start(), qPrintable(live.message()));
        const QVariantMap l = live.listeners().front().toMap();
        const std::string demoAddress = gatewayAddress;  // the later tests send to the demo's
        gatewayAddress = l["address"].toString().toStdString();
        QCOMPARE(sendRequests(l["port"].toInt(), 10, "any.example"), 10);
        gatewayAddress = demoAddress;
        const QString mirror = "httproute/default/shadowed/rule/0/filter/0/mirror";
        QTRY_VERIFY(backendTotal(live, mirror.toStdString()) == 10);
        QTRY_VERIFY_WITH_TIMEOUT((live.poll(), !live.edgeTraffic(mirror)["text"].toString().isEmpty()), 5000);
        QVERIFY(live.edgeTraffic(mirror)["rate"].toDouble() > 0);
        QVERIFY2(live.nodeTraffic("service/default/shadow")["text"].toString().startsWith("10 · "),
                 qPrintable(live.nodeTraffic("service/default/shadow")["text"].toString()));
        live.stop();
    }

    // The generator's Host is a real value: the hostname the served routes answer.
    void generatorDefaultsToTheRoutesHost()
    {
        LiveDocument d;
        TrafficGenerator generator;
        generator.setLive(&d.live);
        QCOMPARE(generator.property("host").toString(), QString());
        QVERIFY(d.live.start());
        QCOMPARE(generator.property("host").toString(), QString("example.com"));
        // Typed by the user: theirs, kept across restarts.
        generator.setProperty("host", "other.example");
        d.live.stop();
        QVERIFY(d.live.start());
        QCOMPARE(generator.property("host").toString(), QString("other.example"));
    }

    void invalidEditKeepsTheLastGoodConfigurationServing()
    {
        LiveDocument d;
        Document& doc = d.doc;
        LiveGateway& live = d.live;
        QVERIFY(live.start());
        const int port = live.listenerPort(kGateway, "http");
        doc.edits()->editYaml(doc.yamlText().replace("weight: 80", "weight: [oops"));
        QVERIFY(doc.errorCount() > 0);
        QTRY_VERIFY(live.message().contains("keeps serving"));
        QVERIFY(live.running());
        QCOMPARE(sendRequests(port, 10), 10);
    }

    void bindErrorIsShownOnTheListener()
    {
        // Hold a port on every address, then ask the gateway to serve a listener on it.
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_ANY);
        QCOMPARE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
        QCOMPARE(::listen(fd, 1), 0);
        socklen_t len = sizeof a;
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
        const int taken = ntohs(a.sin_port);

        Document doc;
        QVERIFY(doc.fileOps()->newFromTemplate("demo"));
        doc.loadText(doc.yamlText().replace("port: 80\n", QString("port: %1\n").arg(taken)));
        QCOMPARE(doc.errorCount(), 0);
        LiveGateway live;
        live.setDocument(&doc);
        QVERIFY(live.start());
        const QString error = live.listenerError(kGateway, "http");
        QVERIFY2(error.contains("in use"), qPrintable(error));
        QCOMPARE(live.listenerPort(kGateway, "http"), 0);
        QVERIFY(live.message().contains("could not be bound"));
        ::close(fd);
    }

    void generatorPacesItsRequestsAndCountsStatuses()
    {
        LiveDocument d;
        Document& doc = d.doc;
        LiveGateway& live = d.live;
        TrafficGenerator generator;
        generator.setLive(&live);
        QVERIFY(!generator.start());  // no gateway yet
        QVERIFY(generator.message().contains("Start the gateway"));
        QVERIFY(live.start());
        generator.applySettings({{"host", "example.com"},
                                 {"path", "/"},
                                 {"rate", 100},
                                 {"concurrency", 2},
                                 {"durationSeconds", 1},
                                 {"headers", "X-Demo: yes"}});
        QVERIFY2(generator.start(), qPrintable(generator.message()));
        QTRY_VERIFY_WITH_TIMEOUT(!generator.running(), 10000);
        const QVariantMap r = generator.results();
        const quint64 completed = r["completed"].toULongLong();
        // Paced: never more than rate × duration (+1 for the request at t = 0).
        QVERIFY2(completed > 0 && completed <= 101, qPrintable(QString::number(completed)));
        QCOMPARE(r["statuses"].toString(), QString("200 × %1").arg(completed));
        QVERIFY(r["failures"].toString().isEmpty());
        QCOMPARE(backendTotal(live, kV1) + backendTotal(live, kV2), completed);

        generator.applySettings({{"headers", "no colon here"}});
        QVERIFY(!generator.start());
        QVERIFY(generator.message().contains("Name: value"));
        // Profiles live in the workspace.
        QVERIFY(doc.local()->saveTrafficProfile("steady", generator.settings()));
        QCOMPARE(doc.local()->trafficProfiles()["steady"].toMap()["rate"].toString(), QString("100"));
    }

    // --- TLS you can see ---------------------------------------------------------------------

    static QString tlsOf(Document& doc, const std::string& edgePrefix)
    {
        for (const GraphEdge& e : doc.scene().edges())
            if (e.id.rfind(edgePrefix, 0) == 0)
                return QString::fromStdString(e.tls);
        return "(no edge)";
    }

    void edgesSayWhereTrafficIsEncrypted()
    {
        Document doc;
        QVERIFY(doc.fileOps()->newFromTemplate("tls-passthrough"));
        QCOMPARE(tlsOf(doc, "tlsroute/default/api/parent/"), QString("passthrough"));
        QCOMPARE(tlsOf(doc, "tlsroute/default/api/rule/0/backend/"), QString("passthrough"));
        QVERIFY(doc.fileOps()->newFromTemplate("tls-terminate"));
        QCOMPARE(tlsOf(doc, "httproute/"), QString("terminate"));  // parentRef to the HTTPS listener
        QVERIFY(doc.fileOps()->newFromTemplate("demo"));
        QCOMPARE(tlsOf(doc, "httproute/default/traffic-split/parent/"), QString(""));
        // A BackendTLSPolicy on app-v2: the gateway re-encrypts to it, not to app-v1.
        doc.loadText(doc.yamlText() + R"(---
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata:
  name: v2-tls
  namespace: default
spec:
  targetRefs:
    - group: ""
      kind: Service
      name: app-v2
  validation:
    wellKnownCACertificates: System
    hostname: app-v2.default.svc
)");
        QCOMPARE(tlsOf(doc, kV2), QString("reencrypt"));
        QCOMPARE(tlsOf(doc, kV1), QString(""));
    }

    void certificateInspectorDescribesTheServedCertificates()
    {
        LiveDocument d("tls-terminate");
        Document& doc = d.doc;
        LiveGateway& live = d.live;
        QString gateway;
        for (const GraphNode& n : doc.scene().nodes())
            if (n.kind == "Gateway")
                gateway = QString::fromStdString(n.id);
        QVERIFY(live.start());  // the Secret is missing: a dev certificate is made up for it
        const QVariantList listeners = live.certificates(gateway);
        QCOMPARE(listeners.size(), 1);
        const QVariantMap https = listeners.front().toMap();
        QCOMPARE(https["mode"].toString(), QString("Terminate"));
        QCOMPARE(https["hostname"].toString(), QString("shop.example.com"));
        const QVariantMap cert = https["certificates"].toList().front().toMap();
        QVERIFY(cert["sans"].toStringList().contains("shop.example.com"));
        QVERIFY(cert["covers"].toBool());
        QVERIFY(cert["daysLeft"].toInt() > 30);
        QVERIFY2(cert["warnings"].toStringList().isEmpty(), qPrintable(cert["warnings"].toStringList().join("; ")));
        QVERIFY(!cert["selfSigned"].toBool());
    }

    // --- the request tracer ------------------------------------------------------------------

    void tracerExplainsPrecedenceAndHighlightsThePath()
    {
        LiveDocument d;
        LiveGateway& live = d.live;
        RequestTracer tracer;
        tracer.setLive(&live);
        // Not running: traced against what the document would serve. example.com/app/x fits
        // traffic-split ("/" on example.com) and app-route's /app rule (any host): the more
        // specific hostname comes first in precedence.
        tracer.setProperty("host", "example.com");
        tracer.setProperty("path", "/app/x");
        QVariantMap r = tracer.trace();
        auto winnerOf = [](const QVariantMap& result) {
            for (const QVariant& c : result["candidates"].toList())
                if (c.toMap()["wins"].toBool())
                    return c.toMap();
            return QVariantMap();
        };
        auto reasonsOf = [](const QVariantMap& result) {
            QStringList out;
            for (const QVariant& c : result["candidates"].toList())
                out << c.toMap()["reason"].toString();
            return out.join("\n");
        };
        QCOMPARE(winnerOf(r)["route"].toString(), QString("httproute/default/traffic-split"));
        QVERIFY2(reasonsOf(r).contains("fits too, but the more specific hostname (example.com) wins"), qPrintable(reasonsOf(r)));
        // Another host: only app-route applies, and its /api rule loses on the path.
        tracer.setProperty("host", "shop.test");
        r = tracer.trace();
        QCOMPARE(winnerOf(r)["route"].toString(), QString("httproute/default/app-route"));
        QCOMPARE(winnerOf(r)["rule"].toInt(), 0);
        QVERIFY2(reasonsOf(r).contains("path prefix /api does not match /app/x"), qPrintable(reasonsOf(r)));
        QVERIFY2(reasonsOf(r).contains("hostname example.com does not cover shop.test"), qPrintable(reasonsOf(r)));
        QVERIFY2(r["verdict"].toString().startsWith("Taken by httproute/default/app-route rule 0"),
                 qPrintable(r["verdict"].toString()));
        QVERIFY(tracer.highlight().contains(kGateway));
        QVERIFY(tracer.highlight().contains("service/default/app-service"));
        QVERIFY(tracer.highlight().contains("httproute/default/app-route/rule/0/backend/0"));
        tracer.setProperty("host", "example.com");

        // "/" on example.com: traffic-split and its 80/20 backends; a wrong port finds no listener.
        tracer.setProperty("path", "/");
        r = tracer.trace();
        QVERIFY2(r["verdict"].toString().contains("traffic-split"), qPrintable(r["verdict"].toString()));
        QCOMPARE(r["backends"].toList().size(), 2);
        QCOMPARE(r["backends"].toList()[1].toMap()["share"].toDouble(), 0.2);
        tracer.setProperty("port", 81);
        r = tracer.trace();
        QCOMPARE(r["verdict"].toString(), QString("No programmed listener serves port 81."));
        tracer.send();  // refused at once: nothing is sent
        QVERIFY(!tracer.sending());
        QVERIFY(tracer.response()["error"].toString().contains("Start the gateway") ||
                tracer.response()["error"].toString().contains("No served listener"));

        // A malformed header line is named, not dropped.
        tracer.setProperty("headers", "no colon here");
        QVERIFY(tracer.trace()["verdict"].toString().contains("is not \"Name: value\""));

        // Send for real: the echo backend's view comes back.
        tracer.setProperty("port", 80);
        tracer.setProperty("path", "/api/v1");
        tracer.setProperty("headers", "X-Trace: on");
        QVERIFY(live.start());
        QSignalSpy answered(&tracer, &RequestTracer::responseChanged);
        tracer.send();
        QVERIFY(tracer.sending());  // the window goes on while the request is out
        QVERIFY(tracer.response().isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(!tracer.sending(), 10000);
        QCOMPARE(answered.count(), 2);  // cleared when sent, then the answer
        const QVariantMap response = tracer.response();
        QCOMPARE(response["status"].toInt(), 200);
        QVERIFY2(response["body"].toString().contains("\"path\": \"/api/v1\""), qPrintable(response["body"].toString()));
        QVERIFY(response["body"].toString().contains("X-Trace"));
    }
};

QTEST_MAIN(TstLive)
#include "tst_live.moc"

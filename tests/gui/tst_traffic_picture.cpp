// Where a canvas edge gets its traffic (app/gui/traffic_picture.*): the rates, shares and labels
// of backendRef, mirror and parentRef edges and of nodes, the weighted rules' splits, and the
// stats names of a served configuration, from made-up readings.
#include <QtTest>

#include <map>

#include "config/element_names.h"
#include "config/runtime_config.h"
#include "traffic_picture.h"

using namespace gs::gui;
namespace cfg = gs::runtime::config;
namespace names = gs::runtime::config::names;

namespace {

// Readings from tables; an element not in them has no traffic.
class MadeUpReadings : public TrafficReadings {
public:
    std::map<std::string, TrafficRate> rates;
    std::map<std::string, std::uint64_t> counts;  // by element, the observed share window
    std::map<std::string, std::vector<std::uint32_t>> histories;
    std::vector<RuleKey> rulesAsked;

    TrafficRate rate(const std::string& element) const override
    {
        const auto it = rates.find(element);
        return it == rates.end() ? TrafficRate{} : it->second;
    }
    std::vector<std::uint32_t> history(const std::string& element) const override
    {
        const auto it = histories.find(element);
        return it == histories.end() ? std::vector<std::uint32_t>{} : it->second;
    }
    std::vector<std::uint64_t> observedCounts(const RuleKey& rule, const std::vector<std::int64_t>&,
                                              const std::vector<std::string>& elements) override
    {
        rulesAsked.push_back(rule);
        std::vector<std::uint64_t> out;
        for (const std::string& e : elements)
            out.push_back(counts.count(e) ? counts.at(e) : 0);
        return out;
    }
};

TrafficRate rate(double perSecond, std::uint64_t total, double errorShare = 0, double p99 = 0)
{
    TrafficRate r;
    r.requestsPerSecond = perSecond;
    r.total = total;
    r.inWindow = std::uint64_t(perSecond * 2);
    r.errorShare = errorShare;
    r.p99Ms = p99;
    return r;
}

GraphEdge edge(std::string id, EdgeKind kind, std::string from, std::string to, int rule = -1, std::int64_t weight = 1)
{
    GraphEdge e;
    e.id = std::move(id);
    e.kind = kind;
    e.from = std::move(from);
    e.to = std::move(to);
    e.ruleIndex = rule;
    e.weight = weight;
    return e;
}

const std::string kGateway = names::object("gateway", "default", "gw");
const std::string kListener = names::listener(kGateway, "http");
const std::string kRoute = names::object("httproute", "default", "shop");
const std::string kRule0 = names::rule(kRoute, 0);
const std::string kStable = names::backend(kRule0, 0), kCanary = names::backend(kRule0, 1);
const std::string kRule1 = names::rule(kRoute, 1);
const std::string kSolo = names::backend(kRule1, 0);

// A Gateway, a route with an 80/20 rule and a one-backend rule that mirrors to "shadow".
std::vector<GraphEdge> shopEdges()
{
    return {edge(kRoute + "/parent/0", EdgeKind::ParentRef, kGateway, kRoute),
            edge(kStable, EdgeKind::BackendRef, kRoute, "service/default/stable", 0, 80),
            edge(kCanary, EdgeKind::BackendRef, kRoute, "service/default/canary", 0, 20),
            edge(kSolo, EdgeKind::BackendRef, kRoute, "service/default/stable", 1, 1), [] {
                GraphEdge m = edge(kRule1 + "/mirror/0", EdgeKind::Mirror, kRoute, "service/default/shadow", 1);
                m.label = "mirror";
                return m;
            }()};
}

ServedElements shopServed()
{
    ServedElements s;
    s.routes[kRoute] = {kRule0, kRule1};
    s.listeners = {kListener};
    return s;
}

MadeUpReadings shopReadings()
{
    MadeUpReadings r;
    r.rates[kStable] = rate(8, 800);
    r.rates[kCanary] = rate(2, 200, 0.5);
    r.rates[kSolo] = rate(5, 1500);
    r.rates[kRule1 + "/mirror/0"] = rate(4, 40);
    r.rates[kRule0] = rate(10, 1000, 0.1, 3.25);
    r.rates[kRule1] = rate(5, 1500);
    TrafficRate listener = rate(15, 2600);
    listener.notRouted = 100;
    r.rates[kListener] = listener;
    r.counts = {{kStable, 70}, {kCanary, 30}};
    r.histories[kStable] = {7, 8, 9};
    return r;
}

}  // namespace

class TstTrafficPicture : public QObject {
    Q_OBJECT

private slots:
    void weightedRuleShowsConfiguredNextToObserved()
    {
        MadeUpReadings readings = shopReadings();
        const TrafficPicture p = computeTrafficPicture(shopEdges(), shopServed(), readings, {true, true});
        const EdgeTraffic& stable = p.edges.at(kStable);
        QCOMPARE(stable.rate, 8.0);
        QCOMPARE(stable.configuredPct, 80.0);
        QCOMPARE(stable.observedPct, 70.0);
        QCOMPARE(QString::fromStdString(stable.text), QStringLiteral("80% → 70% · 8.0/s"));
        QCOMPARE(p.edges.at(kCanary).errorShare, 0.5);
        QCOMPARE(QString::fromStdString(p.edges.at(kCanary).text), QStringLiteral("20% → 30% · 2.0/s"));
        // A rule with one backend is no split: its edge shows the plain rate label.
        QCOMPARE(p.edges.at(kSolo).configuredPct, -1.0);
        QCOMPARE(QString::fromStdString(p.edges.at(kSolo).text), QStringLiteral("5.0/s"));
        // The split panel: one row for the weighted rule, with the backends in the rule's order.
        QCOMPARE(p.splits.size(), std::size_t(1));
        const SplitRule& split = p.splits.front();
        QCOMPARE(QString::fromStdString(split.routeName), QStringLiteral("shop"));
        QCOMPARE(split.ruleIndex, 0);
        QCOMPARE(split.backends.size(), std::size_t(2));
        QCOMPARE(QString::fromStdString(split.backends[1].name), QStringLiteral("canary"));
        QCOMPARE(split.backends[0].count, std::uint64_t(70));
        QCOMPARE(split.backends[0].history, (std::vector<std::uint32_t>{7, 8, 9}));
        QCOMPARE(QString::fromStdString(split.drift), QString());  // 70/30 of 100 is within sampling of 80/20
        // Both rules were asked for their observed counts (the baselines live with the caller).
        QCOMPARE(readings.rulesAsked, (std::vector<RuleKey>{{kRoute, 0}, {kRoute, 1}}));
    }

    void aSplitFarFromItsWeightsSaysSo()
    {
        MadeUpReadings readings = shopReadings();
        readings.counts = {{kStable, 500}, {kCanary, 500}};
        const TrafficPicture p = computeTrafficPicture(shopEdges(), shopServed(), readings, {true, false});
        QVERIFY2(QString::fromStdString(p.splits.front().drift).startsWith("stable receives 50%"),
                 p.splits.front().drift.c_str());
    }

    void historyOnlyWhenAsked()
    {
        MadeUpReadings readings = shopReadings();
        const TrafficPicture p = computeTrafficPicture(shopEdges(), shopServed(), readings, {true, false});
        QVERIFY(p.splits.front().backends[0].history.empty());
    }

    void mirrorEdgeSaysWhatItIsAndFeedsItsService()
    {
        MadeUpReadings readings = shopReadings();
        const TrafficPicture p = computeTrafficPicture(shopEdges(), shopServed(), readings, {true, false});
        QCOMPARE(QString::fromStdString(p.edges.at(kRule1 + "/mirror/0").text), QStringLiteral("mirror · 4.0/s"));
        QCOMPARE(QString::fromStdString(p.nodes.at("service/default/shadow").text), QStringLiteral("40 · 4.0/s"));
        readings.rates[kRule1 + "/mirror/0"] = {};
        const TrafficPicture idle = computeTrafficPicture(shopEdges(), shopServed(), readings, {true, false});
        QCOMPARE(QString::fromStdString(idle.edges.at(kRule1 + "/mirror/0").text), QString());
    }

    void nodesSumWhatFlowsIntoThem()
    {
        MadeUpReadings readings = shopReadings();
        const TrafficPicture p = computeTrafficPicture(shopEdges(), shopServed(), readings, {true, false});
        // stable gets rule 0's 8/s and rule 1's 5/s: 800 + 1,500 requests.
        QCOMPARE(p.nodes.at("service/default/stable").rate, 13.0);
        QCOMPARE(QString::fromStdString(p.nodes.at("service/default/stable").text), QStringLiteral("2,300 · 13.0/s"));
        // The route: the sum of its rules; its parentRef edge carries it, with the worst p99 and
        // the request-weighted error share (10 % of 20 in the window against 0 % of 10).
        QCOMPARE(p.nodes.at(kRoute).rate, 15.0);
        QCOMPARE(QString::fromStdString(p.edges.at(kRoute + "/parent/0").text),
                 QStringLiteral("15.0/s · p99 3.2 ms · 7% errors"));
        // The Gateway: the sum of its listeners; a listener's unrouted requests are reported.
        QCOMPARE(p.nodes.at(kGateway).rate, 15.0);
        QCOMPARE(p.totalRate, 15.0);
        QCOMPARE(p.notRouted.at(kListener), std::uint64_t(100));
    }

    void stoppedGatewayDrawsNoLabels()
    {
        MadeUpReadings readings = shopReadings();
        const TrafficPicture p = computeTrafficPicture(shopEdges(), shopServed(), readings, {false, false});
        QCOMPARE(p.edges.at(kStable).rate, 8.0);  // what the window still holds
        QCOMPARE(QString::fromStdString(p.edges.at(kStable).text), QString());
        QCOMPARE(QString::fromStdString(p.edges.at(kRule1 + "/mirror/0").text), QString());
        QVERIFY(!p.edges.count(kRoute + "/parent/0"));
        QVERIFY(p.nodes.empty());
    }

    void rateLabels_data()
    {
        QTest::addColumn<double>("perSecond");
        QTest::addColumn<double>("p99");
        QTest::addColumn<double>("errorShare");
        QTest::addColumn<QString>("label");
        QTest::newRow("plain") << 12.04 << 0.0 << 0.0 << "12.0/s";
        QTest::newRow("a hundred and more, no decimal") << 150.4 << 0.0 << 0.0 << "150/s";
        QTest::newRow("fast p99") << 1.0 << 0.25 << 0.0 << "1.0/s · p99 0.2 ms";
        QTest::newRow("slow p99") << 1.0 << 42.4 << 0.0 << "1.0/s · p99 42 ms";
        QTest::newRow("errors below half a percent are not shown") << 3.0 << 0.0 << 0.004 << "3.0/s";
        QTest::newRow("errors") << 3.0 << 0.0 << 0.5 << "3.0/s · 50% errors";
    }
    void rateLabels()
    {
        QFETCH(double, perSecond);
        QFETCH(double, p99);
        QFETCH(double, errorShare);
        QFETCH(QString, label);
        QCOMPARE(QString::fromStdString(rateLabel(rate(perSecond, 1, errorShare, p99))), label);
    }

    void groupedNumbers()
    {
        QCOMPARE(groupedNumber(0), std::string("0"));
        QCOMPARE(groupedNumber(999), std::string("999"));
        QCOMPARE(groupedNumber(1204), std::string("1,204"));
        QCOMPARE(groupedNumber(12345678), std::string("12,345,678"));
    }

    void servedElementsNameEachRouteByItsRules()
    {
        cfg::RuntimeConfig config;
        cfg::Gateway g;
        g.name = kGateway;
        cfg::Listener l;
        l.name = kListener;
        for (int rule : {0, 0, 1}) {  // rule 0 has two matches: one stats name
            cfg::RouteEntry e;
            e.routeKind = "HTTPRoute";
            e.routeNamespace = "default";
            e.routeName = "shop";
            e.ruleIndex = rule;
            e.name = names::match(names::rule(kRoute, rule), int(l.httpRoutes.size()));
            l.httpRoutes.push_back(e);
        }
        l.tlsRoutes.push_back({"tlsroute/default/secure", {"a.example"}, {}});
        g.listeners.push_back(l);
        config.gateways.push_back(g);
        const ServedElements s = servedElements(config);
        QCOMPARE(s.listeners, (std::vector<std::string>{kListener}));
        QCOMPARE(s.routes.at(kRoute), (std::vector<std::string>{kRule0, kRule1}));
        QCOMPARE(s.routes.at("tlsroute/default/secure"), (std::vector<std::string>{"tlsroute/default/secure"}));
    }
};

QTEST_GUILESS_MAIN(TstTrafficPicture)
#include "tst_traffic_picture.moc"

// The element names every layer builds and reads (config/element_names.h): a table of names and
// their parts, both ways.
#include <QtTest>

#include "config/element_names.h"

namespace names = gs::runtime::config::names;

class TstElementNames : public QObject {
    Q_OBJECT
private slots:
    void build()
    {
        const std::string route = names::object("HTTPRoute", "shop", "checkout");
        QCOMPARE(route, std::string("httproute/shop/checkout"));
        QCOMPARE(names::object("GRPCRoute", "a", "b"), std::string("grpcroute/a/b"));
        const std::string rule = names::rule(route, 2);
        QCOMPARE(rule, std::string("httproute/shop/checkout/rule/2"));
        QCOMPARE(names::match(rule, 0), std::string("httproute/shop/checkout/rule/2/match/0"));
        QCOMPARE(names::backend(rule, 1), std::string("httproute/shop/checkout/rule/2/backend/1"));
        QCOMPARE(names::listener(names::object("Gateway", "infra", "web"), "https"),
                 std::string("gateway/infra/web/listener/https"));
        QCOMPARE(names::listener(names::object("ListenerSet", "team", "extra"), "http"),
                 std::string("listenerset/team/extra/listener/http"));
    }

    void read_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("rule");
        QTest::addColumn<QString>("owner");
        QTest::newRow("match") << "httproute/ns/r/rule/0/match/3"
                               << "httproute/ns/r/rule/0"
                               << "httproute/ns/r/rule/0/match/3";
        QTest::newRow("rule") << "httproute/ns/r/rule/1"
                              << "httproute/ns/r/rule/1"
                              << "httproute/ns/r/rule/1";
        QTest::newRow("listener") << "gateway/ns/gw/listener/http"
                                  << "gateway/ns/gw/listener/http"
                                  << "gateway/ns/gw";
        // A route named "match" or a listener named "listener" stays whole: only the markers count.
        QTest::newRow("route named match") << "httproute/ns/match/rule/0/match/1"
                                           << "httproute/ns/match/rule/0"
                                           << "httproute/ns/match/rule/0/match/1";
        QTest::newRow("listener named listener") << "gateway/ns/gw/listener/listener"
                                                 << "gateway/ns/gw/listener/listener"
                                                 << "gateway/ns/gw";
    }
    void read()
    {
        QFETCH(QString, name);
        QFETCH(QString, rule);
        QFETCH(QString, owner);
        const std::string n = name.toStdString();
        QCOMPARE(QString::fromStdString(std::string(names::ruleOfMatch(n))), rule);
        QCOMPARE(QString::fromStdString(std::string(names::ownerOfListener(n))), owner);
    }
};

QTEST_GUILESS_MAIN(TstElementNames)
#include "tst_element_names.moc"

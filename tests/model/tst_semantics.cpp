// Tables for the rules the translator builds on: hostname matching and intersection
// (SPEC-NOTES §2), the precedence comparator (§3, §7), creation order, and GEP-2257 durations.

#include <QTest>

#include "controller/hostnames.h"
#include "controller/precedence.h"
#include "gateway_duration.h"

using namespace gs::model;

class TestSemantics : public QObject {
    Q_OBJECT
private slots:
    void hostnameMatching_data()
    {
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<QString>("host");
        QTest::addColumn<bool>("matches");
        QTest::newRow("empty matches all") << ""
                                           << "a.b" << true;
        QTest::newRow("exact") << "a.example.com"
                               << "a.example.com" << true;
        QTest::newRow("exact, other case") << "a.example.com"
                                           << "A.Example.COM" << true;
        QTest::newRow("exact, other") << "a.example.com"
                                      << "b.example.com" << false;
        QTest::newRow("wildcard one label") << "*.example.com"
                                            << "a.example.com" << true;
        QTest::newRow("wildcard two labels") << "*.example.com"
                                             << "a.b.example.com" << true;
        QTest::newRow("wildcard not the apex") << "*.example.com"
                                               << "example.com" << false;
        QTest::newRow("wildcard not a suffix of a label") << "*.example.com"
                                                          << "aexample.com" << false;
    }

    void hostnameMatching()
    {
        QFETCH(QString, pattern);
        QFETCH(QString, host);
        QFETCH(bool, matches);
        QCOMPARE(hostnameMatches(pattern.toStdString(), host.toStdString()), matches);
    }

    void intersection_data()
    {
        QTest::addColumn<QString>("listener");  // "-" for a listener without hostname
        QTest::addColumn<QString>("route");
        QTest::addColumn<QString>("effective");  // "-" when they do not intersect
        QTest::newRow("no listener hostname") << "-"
                                              << "a.example.com"
                                              << "a.example.com";
        QTest::newRow("equal") << "a.example.com"
                               << "a.example.com"
                               << "a.example.com";
        QTest::newRow("exact under listener wildcard") << "*.example.com"
                                                       << "a.example.com"
                                                       << "a.example.com";
        QTest::newRow("listener exact under route wildcard") << "a.example.com"
                                                             << "*.example.com"
                                                             << "a.example.com";
        QTest::newRow("deeper route wildcard") << "*.example.com"
                                               << "*.foo.example.com"
                                               << "*.foo.example.com";
        QTest::newRow("broader route wildcard") << "*.foo.example.com"
                                                << "*.com"
                                                << "*.foo.example.com";
        QTest::newRow("disjoint wildcards") << "*.example.com"
                                            << "*.example.org"
                                            << "-";
        QTest::newRow("disjoint exact") << "a.example.com"
                                        << "b.example.com"
                                        << "-";
        QTest::newRow("apex not under wildcard") << "*.example.com"
                                                 << "example.com"
                                                 << "-";
    }

    void intersection()
    {
        QFETCH(QString, listener);
        QFETCH(QString, route);
        QFETCH(QString, effective);
        const std::optional<std::string> l = listener == "-" ? std::nullopt : std::optional(listener.toStdString());
        const auto got = intersectHostnames(l, route.toStdString());
        QCOMPARE(got ? QString::fromStdString(*got) : QString("-"), effective);
    }

    void effectiveHostnamesOfARouteWithoutHostnames()
    {
        QCOMPARE(effectiveHostnames(std::string("*.example.com"), {}), std::vector<std::string>{"*.example.com"});
        QCOMPARE(effectiveHostnames(std::nullopt, {}), std::vector<std::string>{""});
        QCOMPARE(effectiveHostnames(std::string("a.example.com"), {"b.example.com"}), std::vector<std::string>{});
    }

    // Each row: two entries that differ in one criterion; the first must come first.
    void httpPrecedence_data()
    {
        QTest::addColumn<int>("criterion");
        for (int i = 0; i <= 10; ++i)
            QTest::newRow(qPrintable(QString("criterion %1").arg(i))) << i;
    }

    void httpPrecedence()
    {
        QFETCH(int, criterion);
        HttpPrecedence first, second;
        first.namespacedName = second.namespacedName = "ns/a";
        switch (criterion) {
        case 0:
            first.exactHostLength = 12;
            second.exactHostLength = 0;
            first.hostLength = second.hostLength = 13;
            break;
        case 1:
            first.hostLength = 14;
            second.hostLength = 13;
            break;
        case 2:
            first.pathRank = 0;
            second.pathRank = 1;
            second.pathLength = 20;
            break;
        case 3:
            first.pathLength = 5;
            second.pathLength = 4;
            break;
        case 4:
            first.hasMethod = true;
            second.headers = 3;
            break;
        case 5:
            first.headers = 2;
            second.headers = 1;
            second.queryParams = 5;
            break;
        case 6: first.queryParams = 1; break;
        case 7: first.created.hasTimestamp = true; break;  // a created object is older than one not yet applied
        case 8:
            first.created.loadOrder = 1;
            second.created.loadOrder = 2;
            break;
        case 9: second.namespacedName = "ns/b"; break;
        case 10: second.rule = 1; break;
        }
        QVERIFY(precedes(first, second));
        QVERIFY(!precedes(second, first));
    }

    void sameTimestampFallsBackToName()
    {
        HttpPrecedence a, b;
        a.created = {true, 100, 5};
        b.created = {true, 100, 1};
        a.namespacedName = "ns/a";
        b.namespacedName = "ns/b";
        QVERIFY(precedes(a, b));  // equal timestamps: the name decides, not the load order
    }

    void grpcPrecedence()
    {
        GrpcPrecedence a, b;
        a.serviceLength = 10;
        b.serviceLength = 9;
        b.methodLength = 30;
        QVERIFY(precedes(a, b));
        b.serviceLength = 10;
        QVERIFY(precedes(b, a));  // then the longer method
    }

    void prefixLengthIgnoresTrailingSlash()
    {
        QCOMPARE(prefixLength("/match/"), std::size_t(6));
        QCOMPARE(prefixLength("/"), std::size_t(1));
    }

    void durations_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ms");  // -1: not a duration
        QTest::newRow("seconds") << "10s" << qint64(10000);
        QTest::newRow("millis") << "500ms" << qint64(500);
        QTest::newRow("compound") << "1h30m" << qint64(5400000);
        QTest::newRow("zero") << "0s" << qint64(0);
        QTest::newRow("four parts") << "1h1m1s1ms" << qint64(3661001);
        QTest::newRow("five parts") << "1h1m1s1ms1s" << qint64(-1);
        QTest::newRow("six digits") << "123456s" << qint64(-1);
        QTest::newRow("no unit") << "10" << qint64(-1);
        QTest::newRow("days") << "1d" << qint64(-1);
        QTest::newRow("empty") << "" << qint64(-1);
    }

    void durations()
    {
        QFETCH(QString, text);
        QFETCH(qint64, ms);
        const auto got = parseGatewayDuration(text.toStdString());
        QCOMPARE(got ? qint64(*got) : qint64(-1), ms);
    }
};

QTEST_GUILESS_MAIN(TestSemantics)
#include "tst_semantics.moc"

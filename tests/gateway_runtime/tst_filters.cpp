// Tables for the filter semantics of the data plane (SPEC-NOTES §5) and the weighted schedule.

#include <QTest>

#include <map>

#include "proxy/filters.h"
#include "proxy/weighted.h"

using namespace gs::runtime;

class TestFilters : public QObject {
    Q_OBJECT
private slots:
    void replacePrefix_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("prefix");
        QTest::addColumn<QString>("replacement");
        QTest::addColumn<QString>("result");
        // The table of the HTTPPathModifier godoc, and the conformance examples.
        QTest::newRow("1") << "/foo/bar"
                           << "/foo"
                           << "/xyz"
                           << "/xyz/bar";
        QTest::newRow("2") << "/foo/bar"
                           << "/foo"
                           << "/xyz/"
                           << "/xyz/bar";
        QTest::newRow("3") << "/foo/bar"
                           << "/foo/"
                           << "/xyz"
                           << "/xyz/bar";
        QTest::newRow("4") << "/foo"
                           << "/foo"
                           << "/xyz"
                           << "/xyz";
        QTest::newRow("5") << "/foo/"
                           << "/foo"
                           << "/xyz"
                           << "/xyz/";
        QTest::newRow("6") << "/foo/bar"
                           << "/foo"
                           << ""
                           << "/bar";
        QTest::newRow("7a") << "/foo"
                            << "/foo"
                            << ""
                            << "/";
        QTest::newRow("7b") << "/foo/"
                            << "/foo"
                            << ""
                            << "/";
        QTest::newRow("8a") << "/foo"
                            << "/foo"
                            << "/"
                            << "/";
        QTest::newRow("8b") << "/foo/"
                            << "/foo"
                            << "/"
                            << "/";
        QTest::newRow("strip-prefix") << "/strip-prefix/three"
                                      << "/strip-prefix"
                                      << "/"
                                      << "/three";
        QTest::newRow("strip-prefix root") << "/strip-prefix"
                                           << "/strip-prefix"
                                           << "/"
                                           << "/";
        QTest::newRow("prefix/one") << "/prefix/one/two"
                                    << "/prefix/one"
                                    << "/one"
                                    << "/one/two";
        QTest::newRow("root prefix") << "/abc"
                                     << "/"
                                     << "/x"
                                     << "/x/abc";
    }

    void replacePrefix()
    {
        QFETCH(QString, path);
        QFETCH(QString, prefix);
        QFETCH(QString, replacement);
        QFETCH(QString, result);
        QCOMPARE(
            QString::fromStdString(proxy::replacePrefix(path.toStdString(), prefix.toStdString(), replacement.toStdString())),
            result);
    }

    void redirectPorts_data()
    {
        QTest::addColumn<QString>("scheme");  // "" for none
        QTest::addColumn<int>("port");  // 0 for none
        QTest::addColumn<int>("listenerPort");
        QTest::addColumn<QString>("location");
        // SPEC-NOTES §5: explicit port, else the scheme's, else the listener's; default ports omitted.
        QTest::newRow("listener port kept") << "" << 0 << 8080 << "http://example.com:8080/p";
        QTest::newRow("listener port 80 omitted") << "" << 0 << 80 << "http://example.com/p";
        QTest::newRow("scheme implies 443") << "https" << 0 << 8080 << "https://example.com/p";
        QTest::newRow("scheme http implies 80") << "http" << 0 << 8443 << "http://example.com/p";
        QTest::newRow("explicit port") << "https" << 8443 << 80 << "https://example.com:8443/p";
        QTest::newRow("explicit default port omitted") << "" << 80 << 8080 << "http://example.com/p";
    }

    void redirectPorts()
    {
        QFETCH(QString, scheme);
        QFETCH(int, port);
        QFETCH(int, listenerPort);
        QFETCH(QString, location);
        config::Redirect r;
        if (!scheme.isEmpty())
            r.scheme = scheme.toStdString();
        if (port)
            r.port = std::uint16_t(port);
        else if (!scheme.isEmpty())
            r.port = scheme == "https" ? 443 : 80;  // as the translator computes it
        proxy::RedirectContext c{"http", "example.com", "/p", "", "/", std::uint16_t(listenerPort), nullptr};
        QCOMPARE(QString::fromStdString(proxy::redirectLocation(r, c)), location);
    }

    void redirectFollowsLocalPorts()
    {
        config::Redirect r;
        proxy::RedirectContext c{
            "http", "example.com", "/p", "q=1", "/", 80, [](std::uint16_t p) {
                                      return std::uint16_t(p == 80 ? 8080 : p); }};
        QCOMPARE(QString::fromStdString(proxy::redirectLocation(r, c)), QString("http://example.com:8080/p?q=1"));
    }

    void cors()
    {
        config::Cors cors;
        cors.allowOrigins = {"https://*.example.com", "http://exact.org:8080"};
        cors.allowMethods = {"GET", "POST"};
        cors.allowHeaders = {"x-a"};
        cors.allowCredentials = true;
        cors.maxAge = 600;
        QVERIFY(proxy::originAllowed(cors, "https://a.b.example.com"));
        QVERIFY(!proxy::originAllowed(cors, "https://example.com"));
        QVERIFY(!proxy::originAllowed(cors, "http://a.example.com"));
        QVERIFY(proxy::originAllowed(cors, "http://exact.org:8080"));
        QVERIFY(!proxy::originAllowed(cors, "http://exact.org"));
        http::RequestHead preflight;
        preflight.method = "OPTIONS";
        preflight.headers.add("Origin", "https://www.example.com");
        preflight.headers.add("Access-Control-Request-Method", "POST");
        QVERIFY(proxy::isPreflight(preflight));
        std::map<std::string, std::string> h;
        for (const auto& x : proxy::corsHeaders(cors, preflight, true))
            h[x.name] = x.value;
        QCOMPARE(QString::fromStdString(h["Access-Control-Allow-Origin"]), QString("https://www.example.com"));
        QCOMPARE(QString::fromStdString(h["Access-Control-Allow-Methods"]), QString("GET, POST"));
        QCOMPARE(QString::fromStdString(h["Access-Control-Allow-Credentials"]), QString("true"));
        QCOMPARE(QString::fromStdString(h["Access-Control-Max-Age"]), QString("600"));
        QVERIFY(!h.count("Access-Control-Allow-Headers"));  // none requested
        preflight.headers.set("Origin", "https://evil.org");
        QVERIFY(proxy::corsHeaders(cors, preflight, true).empty());
    }

    void weightedScheduleIsExactInShortRuns()
    {
        proxy::WeightedSchedule s({80, 20, 0});
        std::map<int, int> counts;
        for (int i = 0; i < 10; ++i)
            ++counts[s.next()];
        QCOMPARE(counts[0], 8);
        QCOMPARE(counts[1], 2);
        QCOMPARE(counts[2], 0);
        proxy::WeightedSchedule three({70, 30, 0});
        std::map<int, int> c3;
        for (int i = 0; i < 500; ++i)
            ++c3[three.next()];
        QCOMPARE(c3[0], 350);
        QCOMPARE(c3[1], 150);
        QCOMPARE(proxy::WeightedSchedule({0, 0}).next(), -1);
        QCOMPARE(proxy::WeightedSchedule(std::vector<std::uint32_t>{}).next(), -1);
        proxy::WeightedSchedule big({1000000, 1});
        QVERIFY(big.sequence().size() <= proxy::WeightedSchedule::kMaxSlots + 1);
        std::map<int, int> cb;
        for (std::size_t i = 0; i < big.sequence().size(); ++i)
            ++cb[big.next()];
        QCOMPARE(cb[1], 1);  // a positive weight never rounds to nothing
    }

    void mirrorSampling()
    {
        int mirrored = 0;
        for (std::uint64_t n = 0; n < 1000; ++n)
            mirrored += proxy::mirrorSelected(n, 25, 100) ? 1 : 0;
        QCOMPARE(mirrored, 250);
        QVERIFY(proxy::mirrorSelected(0, 100, 100));
        QVERIFY(!proxy::mirrorSelected(0, 0, 100));
    }
};

QTEST_GUILESS_MAIN(TestFilters)
#include "tst_filters.moc"

// The canonical request path (http/path_normalizer.h): a table of spellings and what each becomes,
// and the spellings that are refused.

#include <QTest>

#include "http/path_normalizer.h"

using namespace gs::runtime;

class TestPathNormalizer : public QObject {
    Q_OBJECT
private slots:
    void percentDecoded_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("decoded");
        QTest::newRow("plain") << "a=b"
                               << "a=b";
        QTest::newRow("space and slash") << "a%20b%2Fc"
                                         << "a b/c";
        QTest::newRow("lower-case hex") << "%e2%82%ac"
                                        << "€";
        QTest::newRow("a lone percent stays") << "50%"
                                              << "50%";
        QTest::newRow("one digit stays") << "%4"
                                         << "%4";
        QTest::newRow("not hex stays") << "%zz%41"
                                       << "%zzA";
        QTest::newRow("at the very end") << "x%41"
                                         << "xA";
    }
    void percentDecoded()
    {
        QFETCH(QString, text);
        QFETCH(QString, decoded);
        QCOMPARE(QString::fromStdString(http::percentDecode(text.toStdString())), decoded);
    }

    void normalized_data()
    {
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("result");
        QTest::newRow("unchanged") << "/app/list"
                                   << "/app/list";
        QTest::newRow("root") << "/"
                              << "/";
        QTest::newRow("trailing slash kept") << "/app/"
                                             << "/app/";
        QTest::newRow("dot-dot") << "/public/../admin"
                                 << "/admin";
        QTest::newRow("dot") << "/./admin/./x"
                             << "/admin/x";
        QTest::newRow("dot-dot above root") << "/../../admin"
                                            << "/admin";
        QTest::newRow("trailing dot-dot") << "/a/b/.."
                                          << "/a/";
        QTest::newRow("trailing dot") << "/a/b/."
                                      << "/a/b/";
        QTest::newRow("only dot-dot") << "/.."
                                      << "/";
        QTest::newRow("double slash") << "//admin"
                                      << "/admin";
        QTest::newRow("slash runs") << "/a///b//"
                                    << "/a/b/";
        QTest::newRow("encoded letter") << "/%61dmin"
                                        << "/admin";
        QTest::newRow("encoded dots") << "/public/%2e%2E/admin"
                                      << "/admin";
        QTest::newRow("half-encoded dots") << "/public/.%2e/admin"
                                           << "/admin";
        QTest::newRow("encoded tilde") << "/%7Euser"
                                       << "/~user";
        QTest::newRow("reserved stays encoded") << "/a%3fb"
                                                << "/a%3Fb";
        QTest::newRow("space stays encoded") << "/a%20b"
                                             << "/a%20b";
        QTest::newRow("non-ASCII stays encoded") << "/caf%c3%a9"
                                                 << "/caf%C3%A9";
        QTest::newRow("dots inside a name") << "/a..b/.c"
                                            << "/a..b/.c";
        QTest::newRow("query untouched") << "/a/../b?x=/../%2F&y"
                                         << "/b?x=/../%2F&y";
        QTest::newRow("asterisk") << "*"
                                  << "*";
    }

    void normalized()
    {
        QFETCH(QString, target);
        QFETCH(QString, result);
        const std::optional<std::string> got = http::normalizeTarget(target.toStdString());
        QVERIFY(got.has_value());
        QCOMPARE(QString::fromStdString(*got), result);
    }

    void refused_data()
    {
        QTest::addColumn<QString>("target");
        QTest::newRow("encoded slash") << "/public%2F..%2Fadmin";
        QTest::newRow("encoded slash lowercase") << "/a%2fb";
        QTest::newRow("encoded backslash") << "/public%5C..%5Cadmin";
        QTest::newRow("encoded NUL") << "/a%00b";
        QTest::newRow("truncated escape") << "/a%4";
        QTest::newRow("escape at the end") << "/a%";
        QTest::newRow("not hex") << "/a%zzb";
    }

    void refused()
    {
        QFETCH(QString, target);
        QVERIFY(!http::normalizeTarget(target.toStdString()).has_value());
    }
};

QTEST_GUILESS_MAIN(TestPathNormalizer)
#include "tst_path_normalizer.moc"

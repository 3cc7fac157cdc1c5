// HTTP/1.x heads (http/message.h): which fields are hop-by-hop (RFC 9110 §7.6.1), what
// removeHopByHop() leaves, and ASCII-only case folding of field names (RFC 9110 §5.1).

#include <QTest>

#include "http/message.h"

using namespace gs::runtime;

class TestMessage : public QObject {
    Q_OBJECT
private slots:
    void hopByHop_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("hopByHop");
        for (const char* n : {"connection", "Connection", "KEEP-ALIVE", "Proxy-Connection", "TE", "te", "Trailer",
                              "Transfer-Encoding", "upgrade", "Proxy-Authenticate", "proxy-authorization"})
            QTest::newRow(n) << n << true;
        for (const char* n : {"", "t", "tee", "x-te", "Content-Type", "Content-Length", "Host", "Trailers", "Upgrade-Insecure-Requests",
                              "Proxy", "Keep", "X-Forwarded-For", "Cookie"})
            QTest::newRow(*n ? n : "(empty)") << n << false;
    }

    void hopByHop()
    {
        QFETCH(QString, name);
        QFETCH(bool, hopByHop);
        QCOMPARE(http::isHopByHop(name.toStdString()), hopByHop);
    }

    void removeHopByHopKeepsEndToEndFieldsInOrder()
    {
        http::Headers h;
        h.add("Host", "a.test");
        h.add("Connection", "keep-alive, X-Private");
        h.add("X-Private", "secret");
        h.add("Keep-Alive", "timeout=5");
        h.add("Content-Type", "text/plain");
        h.add("TE", "trailers");
        h.add("Accept", "*/*");
        http::removeHopByHop(h);
        std::vector<std::string> left;
        for (const http::Header& f : h.all())
            left.push_back(f.name);
        QCOMPARE(left, (std::vector<std::string>{"Host", "Content-Type", "Accept"}));
    }

    void caseFoldingIsAsciiOnly()
    {
        QVERIFY(http::equalsIgnoreCase("Content-LENGTH", "content-length"));
        QVERIFY(!http::equalsIgnoreCase("content-length", "content-lengt"));
        QVERIFY(!http::equalsIgnoreCase("\xC4", "\xE4"));   // Latin-1 Ä and ä: not folded
        QVERIFY(!http::equalsIgnoreCase("[", "{"));         // 0x5B and 0x7B differ by the case bit only
        QCOMPARE(http::Headers().get("x"), std::nullopt);
    }

    // Many fields: the list grows past its first reservation and keeps every field.
    void manyFields()
    {
        http::Headers h;
        for (int i = 0; i < 100; ++i)
            h.add("X-Field-" + std::to_string(i), std::to_string(i));
        QCOMPARE(h.all().size(), std::size_t(100));
        QCOMPARE(h.get("x-field-99").value_or(""), std::string_view("99"));
        QCOMPARE(h.get("X-FIELD-0").value_or(""), std::string_view("0"));
    }
};

QTEST_APPLESS_MAIN(TestMessage)
#include "tst_message.moc"

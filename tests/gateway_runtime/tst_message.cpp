// HTTP/1.x heads (http/message.h): which fields are hop-by-hop (RFC 9110 §7.6.1), what
// removeHopByHop() leaves, and ASCII-only case folding of field names (RFC 9110 §5.1).

#include <QTest>

#include "http/grpc_status.h"
#include "http/message.h"
#include "proxy/upstream.h"

using namespace gs::runtime;

class TestMessage : public QObject {
    Q_OBJECT
private slots:
    // grpc-status on the wire: the 17 codes by number, anything else UNKNOWN (as clients read it).
    void grpcStatusIsParsedAsClientsReadIt_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("code");
        QTest::newRow("ok") << "0" << 0;
        QTest::newRow("unimplemented") << "12" << 12;
        QTest::newRow("unauthenticated") << "16" << 16;
        QTest::newRow("past the last code") << "17" << 2;
        QTest::newRow("many digits") << "1234" << 2;
        QTest::newRow("not a number") << "14x" << 2;
        QTest::newRow("empty") << "" << 2;
    }
    void grpcStatusIsParsedAsClientsReadIt()
    {
        QFETCH(QString, text);
        QFETCH(int, code);
        QCOMPARE(int(gs::runtime::http::parseGrpcStatus(text.toStdString())), code);
        QCOMPARE(gs::runtime::http::grpcStatusText(gs::runtime::http::GrpcStatus::Unavailable), std::string("14"));
    }

    // A backend failure's answer follows from its kind (gateway_runtime/README.md, "limits").
    void upstreamFailureStatuses()
    {
        using gs::runtime::proxy::UpstreamFailure;
        QCOMPARE(gs::runtime::proxy::statusOf(UpstreamFailure::ConnectFailed), 503);
        QCOMPARE(gs::runtime::proxy::statusOf(UpstreamFailure::TimedOut), 504);
        QCOMPARE(gs::runtime::proxy::statusOf(UpstreamFailure::ResetBeforeResponse), 502);
        QCOMPARE(gs::runtime::proxy::statusOf(UpstreamFailure::Malformed), 502);
    }

    void hopByHop_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("hopByHop");
        for (const char* n : {"connection", "Connection", "KEEP-ALIVE", "Proxy-Connection", "TE", "te", "Trailer",
                              "Transfer-Encoding", "upgrade", "Proxy-Authenticate", "proxy-authorization"})
            QTest::newRow(n) << n << true;
        for (const char* n : {"", "t", "tee", "x-te", "Content-Type", "Content-Length", "Host", "Trailers",
                              "Upgrade-Insecure-Requests", "Proxy", "Keep", "X-Forwarded-For", "Cookie"})
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
        QVERIFY(!http::equalsIgnoreCase("\xC4", "\xE4"));  // Latin-1 Ä and ä: not folded
        QVERIFY(!http::equalsIgnoreCase("[", "{"));  // 0x5B and 0x7B differ by the case bit only
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

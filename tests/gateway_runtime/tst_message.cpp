// HTTP/1.x heads (http/message.h): which fields are hop-by-hop (RFC 9110 §7.6.1), what
// removeHopByHop() leaves, ASCII-only case folding of field names (RFC 9110 §5.1), and Date
// (RFC 9110 §5.6.7, §6.6.1).

#include <QTest>

#include <ctime>

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

    // RFC 9110 §5.6.7: IMF-fixdate, English names whatever the locale, two-digit fields.
    void httpDates_data()
    {
        QTest::addColumn<qint64>("seconds");
        QTest::addColumn<QString>("text");
        QTest::newRow("the RFC's example") << qint64(784111777) << "Sun, 06 Nov 1994 08:49:37 GMT";
        QTest::newRow("the epoch") << qint64(0) << "Thu, 01 Jan 1970 00:00:00 GMT";
        QTest::newRow("a leap day") << qint64(951782400) << "Tue, 29 Feb 2000 00:00:00 GMT";
        QTest::newRow("year's last second") << qint64(1798761599) << "Thu, 31 Dec 2026 23:59:59 GMT";
    }
    void httpDates()
    {
        QFETCH(qint64, seconds);
        QFETCH(QString, text);
        QCOMPARE(QString::fromStdString(http::httpDate(std::time_t(seconds))), text);
    }

    // A response gets Date unless it has one (any case), and keeps the one it has.
    void dateIsAddedOnlyWhenMissing()
    {
        http::Headers undated;
        undated.add("Content-Length", "0");
        http::addDateUnlessPresent(undated);
        const std::string now = http::httpDate(std::time(nullptr));
        const std::string stamped(undated.get("date").value_or(""));
        QCOMPARE(stamped.size(), now.size());
        QCOMPARE(stamped.substr(stamped.size() - 4), std::string(" GMT"));
        http::Headers dated;
        dated.add("DATE", "Sun, 06 Nov 1994 08:49:37 GMT");
        http::addDateUnlessPresent(dated);
        QCOMPARE(dated.all().size(), std::size_t(1));
        QCOMPARE(std::string(*dated.get("date")), std::string("Sun, 06 Nov 1994 08:49:37 GMT"));
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

// The HTTP/1.x parser (http/parser.h) over several messages on one connection: each head holds
// only its own fields when the parser reuses the last response's list, the limits count the
// message at hand, and pipelined requests come one at a time.

#include <QTest>

#include <string>
#include <vector>

#include "http/parser.h"

using namespace gs::runtime;

namespace {

// Records each head as "name: value" lines, and the bodies.
class Recorder : public http::Parser::Delegate {
public:
    explicit Recorder(http::Parser::Kind kind, http::ParserLimits limits = {}) : kind(kind), parser(kind, *this, limits) { }

    bool onHead() override
    {
        const http::Headers& fields = kind == http::Parser::Kind::Request ? parser.request().headers : parser.response().headers;
        std::string lines;
        for (const http::Header& f : fields.all())
            lines += f.name + ": " + f.value + "\n";
        heads.push_back(lines);
        return false;
    }
    void onBody(std::string_view data) override { body += data; }
    void onMessageComplete() override { ++complete; }

    // Feeds `bytes` whole, resuming after each complete message.
    void feed(std::string_view bytes)
    {
        while (!bytes.empty() && !parser.failed()) {
            const std::size_t used = parser.feed(bytes.data(), bytes.size());
            bytes.remove_prefix(used);
            if (parser.paused())
                parser.resume();
            else if (used == 0)
                break;
        }
    }
    const http::Parser::Kind kind;
    http::Parser parser;
    std::vector<std::string> heads;
    std::string body;
    int complete = 0;
};

std::string response(const std::vector<std::string>& fields, const std::string& body)
{
    std::string r = "HTTP/1.1 200 OK\r\n";
    for (const std::string& f : fields)
        r += f + "\r\n";
    return r + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

}  // namespace

class TestParser : public QObject {
    Q_OBJECT
private slots:
    // A backend connection's responses: fewer fields, more fields, other values; each head holds
    // exactly its own fields (the list of the response before is overwritten and cut).
    void responsesKeepOnlyTheirOwnFields()
    {
        Recorder r(http::Parser::Kind::Response);
        r.feed(
            response({"Content-Type: application/json", "X-Long-Field-Name-Here: a value longer than the small buffer"}, "one"));
        r.feed(response({"X-B: 2"}, "two"));
        r.feed(response({"X-C: 3", "X-D: 4", "Set-Cookie: a=b; Path=/; HttpOnly; SameSite=Strict"}, "three"));
        QCOMPARE(r.complete, 3);
        QCOMPARE(r.heads.size(), std::size_t(3));
        QCOMPARE(r.heads[0],
                 std::string("Content-Type: application/json\nX-Long-Field-Name-Here: a value longer than the small buffer\n"
                             "Content-Length: 3\n"));
        QCOMPARE(r.heads[1], std::string("X-B: 2\nContent-Length: 3\n"));
        QCOMPARE(r.heads[2],
                 std::string("X-C: 3\nX-D: 4\nSet-Cookie: a=b; Path=/; HttpOnly; SameSite=Strict\nContent-Length: 5\n"));
        QCOMPARE(r.body, std::string("onetwothree"));
        QCOMPARE(r.parser.response().headers.all().size(), std::size_t(4));
    }

    // The field limit counts the response at hand, not the fields left from the one before.
    void fieldLimitCountsTheMessageAtHand()
    {
        http::ParserLimits limits;
        limits.maxHeaders = 3;
        Recorder r(http::Parser::Kind::Response, limits);
        r.feed(response({"A: 1", "B: 2"}, ""));
        r.feed(response({"C: 3", "D: 4"}, ""));
        QVERIFY2(!r.parser.failed(), r.parser.error().c_str());
        QCOMPARE(r.complete, 2);
        r.feed(response({"E: 5", "F: 6", "G: 7"}, ""));
        QVERIFY(r.parser.failed());
        QCOMPARE(r.parser.errorStatus(), 431);
        QCOMPARE(r.complete, 2);
    }

    // A refused last field (whitespace before the colon: RFC 9112 §5.1) fails the message: it is
    // not completed as if it had no body.
    void refusedLastFieldFailsTheMessage()
    {
        Recorder r(http::Parser::Kind::Request);
        r.feed("POST / HTTP/1.1\r\nHost: a.example\r\nContent-Length : 3\r\n\r\nabc");
        QVERIFY(r.parser.failed());
        QCOMPARE(r.parser.errorStatus(), 400);
        QCOMPARE(r.complete, 0);
        QVERIFY(r.heads.empty());
    }

    // Pipelined requests: each head is its own, whatever came before.
    void pipelinedRequestsHaveTheirOwnHeads()
    {
        Recorder r(http::Parser::Kind::Request);
        r.feed("GET /a HTTP/1.1\r\nHost: one.example\r\nX-Only-First: yes\r\n\r\n"
               "POST /b HTTP/1.1\r\nHost: two.example\r\nContent-Length: 2\r\n\r\nhi");
        QCOMPARE(r.complete, 2);
        QCOMPARE(r.heads[0], std::string("Host: one.example\nX-Only-First: yes\n"));
        QCOMPARE(r.heads[1], std::string("Host: two.example\nContent-Length: 2\n"));
        QCOMPARE(r.parser.request().target, std::string("/b"));
        QCOMPARE(r.body, std::string("hi"));
    }
};

QTEST_APPLESS_MAIN(TestParser)
#include "tst_parser.moc"

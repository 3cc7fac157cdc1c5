#pragma once
// HTTP/1.x parsing with http-parser (nodejs/http-parser, Debian's libhttp-parser), streaming:
// the head arrives whole, the body in pieces (chunked encoding already removed), and parsing
// pauses after every message so that pipelined requests are answered one at a time, in order.
//
// Limits against hostile input: the request target (414), the head's total size and its number
// of headers (431). Framing errors (invalid chunk sizes, Content-Length with
// Transfer-Encoding, conflicting Content-Lengths) are reported as errors (400): http-parser
// 2.9.4 refuses all of them, which closes the request smuggling paths.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <http_parser.h>

#include "http/message.h"

namespace gs::runtime::http {

struct ParserLimits {
    std::size_t maxTarget = 16 * 1024;
    std::size_t maxHeadBytes = 64 * 1024;
    std::size_t maxHeaders = 100;
};

class Parser {
public:
    enum class Kind { Request, Response };

    class Delegate {
    public:
        virtual ~Delegate() = default;
        // The head is complete (request() or response()). For a response, return true when the
        // message has no body whatever its headers say (the answer to a HEAD request).
        virtual bool onHead() = 0;
        virtual void onBody(std::string_view data) = 0;
        virtual void onMessageComplete() = 0;
    };

    Parser(Kind kind, Delegate& delegate, ParserLimits limits = {});

    // Parses `data`. Returns the number of bytes used: less than given when parsing paused after
    // a complete message (call resume() before feeding the rest), when an upgrade took over the
    // stream (upgraded()), or on an error (failed()).
    std::size_t feed(const char* data, std::size_t length);
    // Signals the end of the stream (a response without length ends with the connection).
    void finish();

    void resume();
    bool paused() const { return paused_; }
    bool failed() const { return !error_.empty(); }
    const std::string& error() const { return error_; }
    int errorStatus() const { return errorStatus_; }  // the status to answer a bad request with
    bool upgraded() const { return upgraded_; }
    bool inMessage() const { return inMessage_; }

    const RequestHead& request() const { return request_; }
    RequestHead& request() { return request_; }
    const ResponseHead& response() const { return response_; }
    ResponseHead& response() { return response_; }

private:
    static int onMessageBegin(http_parser* p);
    static int onUrl(http_parser* p, const char* at, std::size_t length);
    static int onStatus(http_parser* p, const char* at, std::size_t length);
    static int onHeaderField(http_parser* p, const char* at, std::size_t length);
    static int onHeaderValue(http_parser* p, const char* at, std::size_t length);
    static int onHeadersComplete(http_parser* p);
    static int onBody(http_parser* p, const char* at, std::size_t length);
    static int onMessageComplete(http_parser* p);
    static const http_parser_settings& settings();

    int fail(int status, std::string message);
    bool countHead(std::size_t length);
    int addField();

    Kind kind_;
    Delegate& delegate_;
    ParserLimits limits_;
    http_parser parser_{};
    RequestHead request_;
    ResponseHead response_;
    std::string field_;
    std::string value_;
    std::size_t responseFields_ = 0;  // fields of the response being parsed (the list may hold more: addField)
    bool inValue_ = false;
    std::size_t headBytes_ = 0;
    bool paused_ = false;
    bool upgraded_ = false;
    bool inMessage_ = false;
    std::string error_;
    int errorStatus_ = 400;
};

}  // namespace gs::runtime::http

#include "http/parser.h"

#include <array>

namespace gs::runtime::http {

namespace {

Parser& self(http_parser* p) { return *static_cast<Parser*>(p->data); }

// A field name is a token (RFC 9110 §5.1, §5.6.2). http-parser lets whitespace before the colon
// through ("Content-Length : 3"), which a backend may read as Content-Length: RFC 9112 §5.1 says
// to reject it with 400.
bool isToken(std::string_view name)
{
    static constexpr auto kTchar = [] {  // tchar, RFC 9110 §5.6.2: one lookup per character
        std::array<bool, 256> t{};
        for (int c = 0; c < 256; ++c)
            t[std::size_t(c)] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        for (const char c : std::string_view("!#$%&'*+-.^_`|~"))
            t[static_cast<unsigned char>(c)] = true;
        return t;
    }();
    if (name.empty())
        return false;
    for (const char c : name)
        if (!kTchar[static_cast<unsigned char>(c)])
            return false;
    return true;
}

}  // namespace

Parser::Parser(Kind kind, Delegate& delegate, ParserLimits limits) : kind_(kind), delegate_(delegate), limits_(limits)
{
    http_parser_init(&parser_, kind == Kind::Request ? HTTP_REQUEST : HTTP_RESPONSE);
    parser_.data = this;
}

const http_parser_settings& Parser::settings()
{
    static const http_parser_settings s = [] {
        http_parser_settings x;
        http_parser_settings_init(&x);
        x.on_message_begin = &Parser::onMessageBegin;
        x.on_url = &Parser::onUrl;
        x.on_status = &Parser::onStatus;
        x.on_header_field = &Parser::onHeaderField;
        x.on_header_value = &Parser::onHeaderValue;
        x.on_headers_complete = &Parser::onHeadersComplete;
        x.on_body = &Parser::onBody;
        x.on_message_complete = &Parser::onMessageComplete;
        return x;
    }();
    return s;
}

std::size_t Parser::feed(const char* data, std::size_t length)
{
    if (failed() || paused_ || upgraded_ || length == 0)
        return 0;
    const std::size_t used = http_parser_execute(&parser_, &settings(), data, length);
    const http_errno e = HTTP_PARSER_ERRNO(&parser_);
    if (e == HPE_PAUSED)
        return used;
    if (parser_.upgrade) {
        upgraded_ = true;
        return used;
    }
    if (e != HPE_OK && !failed()) {
        error_ = std::string(http_errno_name(e)) + ": " + http_errno_description(e);
        errorStatus_ = e == HPE_HEADER_OVERFLOW ? 431 : 400;
    }
    return used;
}

void Parser::finish()
{
    if (!failed() && !paused_)
        http_parser_execute(&parser_, &settings(), nullptr, 0);
}

void Parser::resume()
{
    paused_ = false;
    http_parser_pause(&parser_, 0);
}

int Parser::fail(int status, std::string message)
{
    errorStatus_ = status;
    error_ = std::move(message);
    return 1;
}

// The field just read goes into the head; non-zero (the callback's error) when it is refused.
int Parser::addField()
{
    const std::size_t count = kind_ == Kind::Request ? request_.headers.all().size() : responseFields_;
    if (count >= limits_.maxHeaders)
        return fail(431, "more than " + std::to_string(limits_.maxHeaders) + " header fields");
    if (!isToken(field_))
        return fail(400, "invalid header field name \"" + field_ + "\"");
    if (kind_ == Kind::Request) {
        request_.headers.add(std::move(field_), std::move(value_));
        return 0;
    }
    // A backend connection's responses overwrite the fields of the one before, in place: their
    // strings keep their memory, so a steady stream of responses parses without allocating.
    std::vector<Header>& fields = response_.headers.all();
    if (responseFields_ < fields.size()) {
        fields[responseFields_].name.assign(field_);
        fields[responseFields_].value.assign(value_);
    } else {
        response_.headers.add(field_, value_);
    }
    ++responseFields_;
    return 0;
}

bool Parser::countHead(std::size_t length)
{
    headBytes_ += length;
    return headBytes_ <= limits_.maxHeadBytes;
}

int Parser::onMessageBegin(http_parser* p)
{
    Parser& s = self(p);
    if (s.kind_ == Kind::Request) {
        s.request_ = RequestHead{};  // the last one was handed over (moved) to its exchange
    } else {
        Headers kept = std::move(s.response_.headers);  // the next response's fields overwrite these (addField)
        s.response_ = ResponseHead{};
        s.response_.headers = std::move(kept);
        s.responseFields_ = 0;
    }
    s.field_.clear();
    s.value_.clear();
    s.inValue_ = false;
    s.headBytes_ = 0;
    s.inMessage_ = true;
    // http-parser sets `upgrade` at a head and never clears it: a refused upgrade would otherwise
    // mark the next request on the connection as an upgrade too.
    p->upgrade = 0;
    s.upgraded_ = false;
    return 0;
}

int Parser::onUrl(http_parser* p, const char* at, std::size_t length)
{
    Parser& s = self(p);
    s.request_.target.append(at, length);
    if (s.request_.target.size() > s.limits_.maxTarget)
        return s.fail(414, "the request target is longer than " + std::to_string(s.limits_.maxTarget) + " bytes");
    return 0;
}

int Parser::onStatus(http_parser* p, const char* at, std::size_t length)
{
    self(p).response_.reason.append(at, length);
    return 0;
}

int Parser::onHeaderField(http_parser* p, const char* at, std::size_t length)
{
    Parser& s = self(p);
    if (!s.countHead(length))
        return s.fail(431, "the request head is larger than " + std::to_string(s.limits_.maxHeadBytes) + " bytes");
    if (s.inValue_) {
        if (const int refused = s.addField())
            return refused;
        s.field_.clear();
        s.value_.clear();
        s.inValue_ = false;
    }
    s.field_.append(at, length);
    return 0;
}

int Parser::onHeaderValue(http_parser* p, const char* at, std::size_t length)
{
    Parser& s = self(p);
    if (!s.countHead(length))
        return s.fail(431, "the request head is larger than " + std::to_string(s.limits_.maxHeadBytes) + " bytes");
    s.value_.append(at, length);
    s.inValue_ = true;
    return 0;
}

int Parser::onHeadersComplete(http_parser* p)
{
    Parser& s = self(p);
    if (s.inValue_ || !s.field_.empty()) {
        // Not addField()'s 1: from this callback http-parser reads 1 as "no body" and completes the
        // message; any value but 0, 1 and 2 stops it with an error.
        if (s.addField() != 0)
            return -1;
        s.field_.clear();
        s.value_.clear();
        s.inValue_ = false;
    }
    const bool keepAlive = http_should_keep_alive(p) != 0;
    const bool chunked = (p->flags & F_CHUNKED) != 0;
    const bool hasLength = (p->flags & F_CONTENTLENGTH) != 0;
    if (s.kind_ == Kind::Request) {
        RequestHead& r = s.request_;
        r.method = http_method_str(static_cast<http_method>(p->method));
        r.versionMinor = p->http_minor;
        r.keepAlive = keepAlive;
        r.chunked = chunked;
        if (hasLength)
            r.contentLength = p->content_length;
        r.upgrade = p->upgrade;
        s.delegate_.onHead();
        return 0;
    }
    ResponseHead& r = s.response_;
    r.headers.all().resize(s.responseFields_);  // drops what is left of the response before
    r.status = p->status_code;
    r.versionMinor = p->http_minor;
    r.keepAlive = keepAlive;
    r.chunked = chunked;
    if (hasLength)
        r.contentLength = p->content_length;
    return s.delegate_.onHead() ? 1 : 0;
}

int Parser::onBody(http_parser* p, const char* at, std::size_t length)
{
    self(p).delegate_.onBody(std::string_view(at, length));
    return 0;
}

int Parser::onMessageComplete(http_parser* p)
{
    Parser& s = self(p);
    s.inMessage_ = false;
    s.delegate_.onMessageComplete();
    s.paused_ = true;
    http_parser_pause(p, 1);
    return 0;
}

}  // namespace gs::runtime::http

#pragma once
// HTTP/1.x message heads as parsed and as written: names keep their case, lookups ignore it.

#include <cstdint>
#include <optional>
#include <ctime>
#include <string>
#include <string_view>
#include <vector>

namespace gs::runtime::http {

struct Header {
    std::string name;
    std::string value;
};

bool equalsIgnoreCase(std::string_view a, std::string_view b);

class Headers {
public:
    const std::vector<Header>& all() const { return items_; }
    std::vector<Header>& all() { return items_; }
    // The first value of `name`, or nullopt.
    std::optional<std::string_view> get(std::string_view name) const;
    // Every value of `name`, joined with ",".
    std::optional<std::string> joined(std::string_view name) const;
    bool has(std::string_view name) const { return get(name).has_value(); }
    // The first add() reserves room for a typical head, so that parsing one grows the list once.
    void add(std::string name, std::string value);
    // Replaces every value of `name` with one (keeping the position of the first).
    void set(std::string_view name, std::string value);
    void remove(std::string_view name);
    // Does a comma-separated header (Connection, ...) list `token`?
    bool listsToken(std::string_view name, std::string_view token) const;

private:
    static constexpr std::size_t kTypicalCount = 12;
    std::vector<Header> items_;
};

struct RequestHead {
    std::string method;
    std::string target;  // path and query as received
    int versionMinor = 1;  // HTTP/1.x
    bool http2 = false;  // received over HTTP/2 (the authority came as :authority)
    Headers headers;
    bool keepAlive = true;
    bool chunked = false;
    std::optional<std::uint64_t> contentLength;
    bool upgrade = false;

    std::string_view path() const;  // before '?'
    std::string_view query() const;  // after '?', "" when none
    bool hasBody() const { return chunked || contentLength.value_or(0) > 0; }
};

struct ResponseHead {
    int status = 200;
    std::string reason;
    int versionMinor = 1;
    Headers headers;
    bool keepAlive = true;
    bool chunked = false;
    std::optional<std::uint64_t> contentLength;
};

const char* reasonPhrase(int status);

// Hop-by-hop headers (RFC 9110 §7.6.1) are not forwarded, nor any header the Connection header names.
bool isHopByHop(std::string_view name);
void removeHopByHop(Headers& headers);

// One chunk of a chunked body (RFC 9112 §7.1): size in hex, CRLF, data, CRLF. Empty data is not a
// chunk (it would end the body), so nothing is appended for it.
void appendChunk(std::string& out, std::string_view data);
// ASCII lowercase, as HTTP/2 field names must be (RFC 9113 §8.2.1).
std::string lowercase(std::string_view text);

// A time as an HTTP-date, the IMF-fixdate form (RFC 9110 §5.6.7): "Sun, 06 Nov 1994 08:49:37 GMT".
std::string httpDate(std::time_t seconds);
// Now, as an HTTP-date: formatted once a second per thread.
std::string_view httpDateNow();
// RFC 9110 §6.6.1: an origin server with a clock sends Date; a recipient with a clock that
// forwards a response without one adds it. Adds Date unless `headers` has one.
void addDateUnlessPresent(Headers& headers);

// "HTTP/1.1 404 Not Found\r\n" + headers + "\r\n"
void appendResponseHead(std::string& out, const ResponseHead& head);
void appendRequestHead(std::string& out, const RequestHead& head);

// A complete small response with a body (Date and Content-Length set).
std::string simpleResponse(int status, std::string_view contentType, std::string_view body, const std::vector<Header>& extra = {},
                           bool close = false);

}  // namespace gs::runtime::http

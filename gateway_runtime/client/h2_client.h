#pragma once
// A blocking HTTP/2 client (nghttp2 over a real socket): cleartext with prior
// knowledge (h2c), or over TLS with ALPN h2. Sends requests, several at once when asked, and
// collects each response's status, headers, body and trailers (gRPC sends its status there).

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "client/connection_handles.h"
#include "http/message.h"

typedef struct ssl_st SSL;
typedef struct ssl_ctx_st SSL_CTX;
typedef struct nghttp2_session nghttp2_session;

namespace gs::runtime::client {

struct H2Request {
    std::string method = "GET";
    std::string path = "/";
    std::string authority;
    std::vector<runtime::http::Header> headers;
    std::optional<std::string> body;  // sent as DATA when given
    bool endStream = true;  // false: the body is sent and the stream left open (a stalled upload)
};

struct H2Response {
    int status = 0;
    runtime::http::Headers headers;
    runtime::http::Headers trailers;
    std::string body;
    bool ok = false;  // the stream completed
    bool endedWithHead = false;  // the response's HEADERS frame ended the stream (trailers-only)
    std::size_t bodyUnsent = 0;  // request body bytes flow control had not let out when the call returned
    std::string error;  // why not (reset, connection closed, timeout)
};

class H2Client : public ConnectionHandles {
public:
    // `tlsServerName`: connect over TLS with this SNI and ALPN h2 (the server is not verified).
    H2Client(const std::string& address, int port, const std::optional<std::string>& tlsServerName = std::nullopt);
    ~H2Client();

    bool ok() const { return ok_; }
    const std::string& error() const { return error_; }

    H2Response request(const H2Request& request, std::chrono::milliseconds timeout = std::chrono::seconds(10));
    // Cleartext only, before any other request: sends `request` as HTTP/1.1 with Upgrade: h2c
    // (RFC 7540 §3.2) and reads its response from stream 1 after the server's 101.
    H2Response upgrade(const H2Request& request, std::chrono::milliseconds timeout = std::chrono::seconds(10));
    // All at once on this connection, as concurrent streams.
    std::vector<H2Response> requests(const std::vector<H2Request>& requests,
                                     std::chrono::milliseconds timeout = std::chrono::seconds(10));

    struct State;

private:
    bool pump(std::chrono::steady_clock::time_point deadline);
    bool writeAll(const std::string& bytes);

    nghttp2_session* session_ = nullptr;
    std::unique_ptr<State> state_;
    bool ok_ = false;
    std::string error_;
};

// A gRPC message frame (RFC-less, "gRPC over HTTP2": 1 byte flag, 4 bytes length, message).
std::string grpcFrame(const std::string& message);

}  // namespace gs::runtime::client

#pragma once
// The client side of an exchange: an HTTP/1.1 connection (Downstream) or one stream of an HTTP/2
// connection (H2Downstream). The exchange hands it the response as a head, body pieces and an
// end; the client frames them for its protocol (Content-Length or chunked on HTTP/1.1, HEADERS and
// DATA frames on HTTP/2). Lives on the worker's thread.

#include <string>
#include <string_view>

#include "http/message.h"
#include "proxy/snapshot.h"

namespace gs::runtime::proxy {

class Worker;

class ExchangeClient {
public:
    virtual ~ExchangeClient() = default;

    virtual Worker& worker() = 0;
    virtual const SocketKey& key() const = 0;
    virtual const std::string& peerHost() const = 0;  // for X-Forwarded-For
    // The listener (index in its socket group) the TLS handshake's SNI chose; -1 without TLS.
    virtual int sniListener() const = 0;

    // "100 Continue" before reading a body the client waits to send (HTTP/1.1 only).
    virtual void sendContinue() = 0;
    // Whether the client's side puts a deadline on a request body that stops arriving (an HTTP/1.1
    // connection does); an HTTP/2 stream leaves it to the exchange.
    virtual bool guardsRequestBody() const { return true; }
    // The response head. `bodyFollows` is false when the response has no body (HEAD, 204, 304);
    // `contentLength` is the body's length when known.
    virtual void sendHead(http::ResponseHead& head, bool bodyFollows, std::optional<std::uint64_t> contentLength) = 0;
    virtual void sendBody(std::string_view data) = 0;
    // Trailer fields, before sendEnd(). HTTP/1.1 clients drop them; HTTP/2 sends them (gRPC status).
    virtual void sendTrailers(const http::Headers& trailers) { (void)trailers; }
    virtual void sendEnd() = 0;
    // After a 101 (HTTP/1.1): the connection becomes a byte tunnel; its further bytes go to the
    // exchange's tunnelData(), and sendTunnel() writes raw bytes.
    virtual void startTunnel() { }
    virtual void sendTunnel(std::string_view bytes) { (void)bytes; }
    // More response bytes are waiting than the client has taken: the backend should pause.
    virtual bool congested() const = 0;
    // Stops or resumes reading the request body (backpressure from the backend).
    virtual void pauseReading(bool paused) = 0;
    // The response broke after it started: end the stream or connection abruptly.
    virtual void abort() = 0;
    // The exchange is over (request read, response written); the client may release it.
    virtual void exchangeFinished() = 0;
};

}  // namespace gs::runtime::proxy

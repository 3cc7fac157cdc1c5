#pragma once
// A built-in cleartext HTTP/2 echo backend ("h2c" with prior knowledge, RFC 9113 §3.3), answering
// like the conformance echo server's h2c port and its gRPC echo server (conformance/echo-basic):
//  - gRPC requests (content-type application/grpc*) to the service
//    gateway_api_conformance.echo_basic.grpcecho.GrpcEcho: Echo and EchoTwo answer an EchoResponse
//    with the method, the request metadata (with :authority), the authority and the pod's identity;
//    EchoThree and anything else answer UNIMPLEMENTED (grpc-status 12).
//  - Any other request: the JSON echo body of EchoServer, with proto "HTTP/2.0"; `?delay=` and
//    `X-Echo-Set-Header` are honoured.
//  - A connection that does not open with the HTTP/2 connection preface (an HTTP/1.1 request) is
//    answered "400 Bad Request" with body "Expected h2c request" and closed.
// Each request is logged as "Echoing back request made to <path> to client (<peer>)".
//
// Runs on one EventLoop; requestLog() is thread-safe. Memory per connection is bounded: request
// bodies are counted, not kept; header blocks and queued output are capped; nghttp2 limits
// concurrent streams to the advertised SETTINGS_MAX_CONCURRENT_STREAMS.

#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "backends/echo_server.h"
#include "net/event_loop.h"
#include "net/connection_set.h"
#include "net/listener.h"
#include "net/socket.h"

namespace gs::runtime::backends {

class H2EchoServer {
public:
    H2EchoServer(net::EventLoop& loop, EchoIdentity identity);
    ~H2EchoServer();
    H2EchoServer(const H2EchoServer&) = delete;
    H2EchoServer& operator=(const H2EchoServer&) = delete;

    bool listen(const net::Address& address, std::string& error);
    net::Address address() const { return connections_.address(); }
    const EchoIdentity& identity() const { return identity_; }
    std::vector<std::string> requestLog() const { return log_.lines(); }  // the most recent log lines
    void close();  // stops listening and closes every connection

    class Connection;

private:
    friend class Connection;

    net::EventLoop& loop_;
    EchoIdentity identity_;
    net::ConnectionSet<Connection> connections_;
    RequestLog log_{1000};
};

}  // namespace gs::runtime::backends

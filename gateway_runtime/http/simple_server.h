#pragma once
// A small HTTP/1.1 server for the gateway's own endpoints (the built-in echo backends, the admin
// endpoint): keep-alive, pipelined requests answered in order, bodies read whole up to a limit,
// and answers that may come later (a delayed echo). Runs on one EventLoop.

#include <functional>
#include <memory>
#include <string>

#include "http/message.h"
#include "net/event_loop.h"
#include "net/connection_set.h"
#include "net/listener.h"
#include "net/socket.h"
#include "tls/tls_context.h"

namespace gs::runtime::http {

class SimpleServer {
public:
    struct TlsInfo {
        std::string version, serverName, alpn, cipher;
        std::vector<std::string> peerCertificates;  // PEM, leaf first
    };
    // After a "101 Switching Protocols" answer the connection carries another protocol: the
    // tunnel gets what the client sends and says what to send back, and whether to close then.
    struct TunnelReply {
        std::string bytes;
        bool close = false;
    };
    using Tunnel = std::function<TunnelReply(std::string_view received)>;
    struct Request {
        RequestHead head;
        std::string body;
        net::Address peer;
        std::optional<TlsInfo> tls;  // when the request arrived over TLS
        // Answers with `response` (a 101) and hands the connection to `tunnel`.
        std::function<void(std::string response, Tunnel tunnel)> switchProtocols;
        // Sends `partial` (the start of an answer) and resets the connection: a backend that dies
        // mid-answer. A proxy has received bytes, so it cannot take it for a stale pooled connection.
        std::function<void(std::string partial)> abort;
    };
    // Sends a complete response (head and body); an empty one resets the connection instead.
    // Safe to call after the client went away.
    using Respond = std::function<void(std::string response)>;
    using Handler = std::function<void(const Request& request, Respond respond)>;

    SimpleServer(net::EventLoop& loop, Handler handler, std::size_t maxBody = 1 << 20);
    ~SimpleServer();

    // Serve HTTPS with this context (call before listen()).
    void setTls(std::shared_ptr<const tls::ServerContext> tls) { tls_ = std::move(tls); }
    // Binds and listens (port 0 picks a free one). False and `error` when it cannot.
    bool listen(const net::Address& address, std::string& error);
    net::Address address() const { return connections_.address(); }
    void close();
    std::size_t connections() const { return connections_.size(); }

    class Connection;

private:
    friend class Connection;

    net::EventLoop& loop_;
    Handler handler_;
    std::size_t maxBody_;
    std::shared_ptr<const tls::ServerContext> tls_;
    net::ConnectionSet<Connection> connections_;
};

}  // namespace gs::runtime::http

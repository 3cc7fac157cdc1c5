#pragma once
// A built-in TCP echo backend, answering like the conformance TCP echo server
// (conformance/echo-basic, TCP_ECHO_SERVER): on connect it sends "Gateway API Test TCP Server\n",
// then answers line commands: PING → PONG, IS_TLS → true/false, TEST → one JSON line with its
// identity (and the TLS parameters when over TLS); any other line is echoed back. With a
// certificate it speaks TLS, as the backend of a TLS Passthrough route does.
//
// Runs on one EventLoop.

#include <memory>
#include <string>

#include "backends/echo_server.h"
#include "net/event_loop.h"
#include "net/connection_set.h"
#include "net/listener.h"
#include "net/socket.h"
#include "tls/tls_context.h"

namespace gs::runtime::backends {

class TcpEchoServer {
public:
    // `tls`: serve TLS with this context (nullptr: plain TCP).
    TcpEchoServer(net::EventLoop& loop, EchoIdentity identity, std::shared_ptr<const tls::ServerContext> tls = nullptr);
    ~TcpEchoServer();

    bool listen(const net::Address& address, std::string& error);
    net::Address address() const { return connections_.address(); }
    const EchoIdentity& identity() const { return identity_; }
    void close();

    class Connection;

private:
    friend class Connection;

    net::EventLoop& loop_;
    EchoIdentity identity_;
    std::shared_ptr<const tls::ServerContext> tls_;
    net::ConnectionSet<Connection> connections_;
};

// Answers each datagram with {"request": "<payload>", "namespace", "ingress", "service", "pod"},
// like the conformance UDP echo server (UDP_ECHO_SERVER).
class UdpEchoServer : public net::IoHandler {
public:
    UdpEchoServer(net::EventLoop& loop, EchoIdentity identity);
    ~UdpEchoServer() override;

    bool listen(const net::Address& address, std::string& error);
    net::Address address() const { return address_; }
    const EchoIdentity& identity() const { return identity_; }
    void onIo(std::uint32_t events) override;

private:
    net::EventLoop& loop_;
    EchoIdentity identity_;
    int fd_ = -1;
    net::Address address_;
};

}  // namespace gs::runtime::backends

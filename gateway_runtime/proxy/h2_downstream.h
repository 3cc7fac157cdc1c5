#pragma once
// An HTTP/2 client connection (RFC 9113): h2 negotiated by ALPN on an HTTPS listener, or h2c
// with prior knowledge on an HTTP listener. Each stream is an ExchangeClient: its request goes
// through the same routing, filters and backends as HTTP/1.1 (to backends over HTTP/1.1), and
// its response goes back as HEADERS and DATA frames. nghttp2 does the framing, HPACK and flow
// control; this class moves bytes between it, TLS (when any) and the socket.
// Lives on its worker's thread.

#include <map>
#include <memory>
#include <string>

#include "net/transport.h"
#include "net/event_loop.h"
#include "proxy/connection.h"
#include "proxy/exchange.h"
#include "proxy/exchange_client.h"
#include "tls/tls_session.h"

typedef struct nghttp2_session nghttp2_session;

namespace gs::runtime::proxy {

template <typename> struct H2StreamCallbacks;

class Worker;

class H2Downstream : public Connection {
public:
    // Takes over an HTTP/1.1 connection's transport: its in() holds the request bytes (plaintext)
    // read before the connection was known to be HTTP/2, starting with the client preface; its
    // out() what was not written yet (the end of the TLS handshake, session tickets). `tls`: the
    // established session the transport owns (h2), or null (h2c). `upgrade`: an HTTP/1.1 request
    // that asked for h2c by Upgrade (RFC 7540 §3.2): it is answered 101 and becomes stream 1;
    // in() then holds what followed its head.
    H2Downstream(Worker& worker, net::Transport&& transport, tls::Session* tls, SocketKey key, std::string peerHost,
                 const http::RequestHead* upgrade = nullptr);

    // Whether an HTTP/1.1 request asks to switch to h2c (Upgrade: h2c with HTTP2-Settings, no body).
    static bool wantsH2cUpgrade(const http::RequestHead& request);
    ~H2Downstream() override;

    void onIo(std::uint32_t events) override;
    void abort() override { close(); }
    void drain() override;

    // The HTTP/2 connection preface a client sends first (RFC 9113 §3.4).
    static constexpr std::string_view kPreface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

    class Stream;

private:
    friend class Stream;
    struct Callbacks;
    template <typename> friend struct H2StreamCallbacks;

    Stream* stream(std::int32_t id);
    void countConnection(const ListenerRuntime* listener);
    void receive();  // what transport_.in() holds
    void acceptUpgrade(const http::RequestHead& request);
    void sendPending();
    void flush();
    void close();
    void streamReady(Stream& stream);
    void streamClosed(std::int32_t id);
    void becameIdle();
    void armIdleTimer(std::chrono::milliseconds delay);

    Worker& worker_;
    net::Transport transport_;  // in(): plaintext for nghttp2; out(): bytes for the socket
    SocketKey key_;
    std::string peerHost_;
    tls::Session* tls_;  // owned by transport_; null for h2c
    nghttp2_session* session_ = nullptr;
    std::map<std::int32_t, std::unique_ptr<Stream>> streams_;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
    bool closed_ = false;
    bool sendScheduled_ = false;
    net::EventLoop::TimerId idleTimer_ = 0;
    net::EventLoop::Clock::time_point idleSince_;
    stats::Counters* connectionStats_ = nullptr;
};

}  // namespace gs::runtime::proxy

#pragma once
// A client connection: HTTP/1.1 with keep-alive and pipelining (requests answered one at a time,
// in order), a head deadline and an idle deadline, and backpressure both ways (a slow client
// stops the backend's reads; a slow backend stops the client's). On an HTTPS listener the
// connection is TLS (terminated here; the SNI picked the listener and certificate). Lives on its
// worker's thread.

#include <memory>
#include <string_view>

#include "http/parser.h"
#include "net/transport.h"
#include "net/event_loop.h"
#include "net/socket.h"
#include "proxy/connection.h"
#include "proxy/exchange.h"
#include "proxy/exchange_client.h"
#include "proxy/snapshot.h"
#include "tls/tls_context.h"
#include "tls/tls_session.h"

namespace gs::runtime::proxy {

class Worker;

class Downstream : public Connection, public ExchangeClient, public http::Parser::Delegate {
public:
    // `tls`: the SNI router of an HTTPS port (null for plain HTTP).
    Downstream(Worker& worker, int fd, SocketKey key, std::shared_ptr<const tls::SniRouter> tls = nullptr);
    ~Downstream() override;

    void onIo(std::uint32_t events) override;
    bool onHead() override;
    void onBody(std::string_view data) override;
    void onMessageComplete() override;

    // ExchangeClient: HTTP/1.1 framing of the response.
    Worker& worker() override { return worker_; }
    const SocketKey& key() const override { return key_; }
    const std::string& peerHost() const override { return peerHost_; }
    int sniListener() const override { return tls_ ? tls_->listener() : -1; }
    void sendContinue() override { write("HTTP/1.1 100 Continue\r\n\r\n"); }
    void sendHead(http::ResponseHead& head, bool bodyFollows, std::optional<std::uint64_t> contentLength) override;
    void sendBody(std::string_view data) override;
    void sendEnd() override;
    void startTunnel() override;
    void sendTunnel(std::string_view bytes) override { write(bytes); }
    bool congested() const override;
    void pauseReading(bool paused) override;
    void exchangeFinished() override;
    void abort() override;  // cut the connection now (a broken response)

    const net::Address& peer() const { return peer_; }
    bool secure() const { return tls_ != nullptr; }
    void write(std::string_view bytes);

    // Begins closing once idle (draining for shutdown).
    void drain() override;

private:
    net::Buffer& in() { return transport_.in(); }
    net::Buffer& out() { return transport_.out(); }
    void readInput();
    bool awaitingHead() const { return parser_.inMessage() || (tls_ && !tls_->established()); }
    void process();
    void flush();
    void close();
    // The last answer is out and the connection ends: a lingering close (see the .cpp).
    void finishClosing();
    void lingerRead();
    void armIdleTimer();
    void startTimer(std::chrono::milliseconds delay);
    void onDeadline();
    void badRequest(int status, const std::string& why);
    void countHandshake(bool ok);
    void handOverToHttp2(const http::RequestHead* upgrade = nullptr);
    bool startsHttp2();

    // Where the connection is in its life; each step only ever goes forward.
    enum class Life {
        Refused,  // a TLS port without a usable session: closed on the first read
        Open,  // requests are read and answered, one at a time
        LastResponse,  // the current response is the last one; then finishClosing()
        Lingering,  // answered and half-closed: what the client still sends is dropped
        Closed,
    };
    // What the bytes on the connection are.
    enum class Mode {
        Http1,
        UpgradingToH2c,  // a request asked for h2c: handed to HTTP/2 once the parser has returned
        Tunnel,  // after a 101: raw bytes both ways
    };
    bool lastResponse() const { return life_ >= Life::LastResponse; }
    void endAfterThisResponse()
    {
        if (life_ == Life::Open)
            life_ = Life::LastResponse;
    }

    Worker& worker_;
    // in(): request bytes (plaintext); out(): bytes for the socket (ciphertext with TLS).
    net::Transport transport_;
    SocketKey key_;
    net::Address peer_;
    std::string peerHost_;
    std::shared_ptr<const tls::SniRouter> router_;
    tls::Session* tls_ = nullptr;  // owned by transport_
    http::Parser parser_;
    std::unique_ptr<Exchange> exchange_;
    const ListenerRuntime* countedListener_ = nullptr;  // only compared, never dereferenced later
    stats::Counters* connectionStats_ = nullptr;  // lives as long as the registry
    net::EventLoop::TimerId timer_ = 0;
    net::EventLoop::Clock::time_point timerAt_, deadline_;
    Life life_ = Life::Open;
    Mode mode_ = Mode::Http1;
    bool readPaused_ = false;
    bool processing_ = false;
    bool flushScheduled_ = false;
    bool chunked_ = false;  // the current response's body goes out chunked
    std::uint64_t requestsSeen_ = 0;
    bool peerClosed_ = false;
    bool draining_ = false;
    net::EventLoop::Clock::time_point lingerUntil_{};
};

}  // namespace gs::runtime::proxy

#pragma once
// Connections to backends, pooled per worker and endpoint (HTTP/1.1 keep-alive). A connection
// serves one exchange at a time; its response streams back through UpstreamClient callbacks with
// the body already de-chunked. Runs on its worker's loop only.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "http/parser.h"
#include "net/transport.h"
#include "net/event_loop.h"
#include "net/socket.h"
#include "tls/tls_context.h"
#include "tls/tls_session.h"

namespace gs::runtime::proxy {

// Why a backend exchange failed; the answer the client gets follows from it (statusOf), once the
// response has not started (after that, the client connection is cut).
enum class UpstreamFailure {
    ConnectFailed,  // refused, unreachable: 503
    ResetBeforeResponse,  // closed or reset before a complete head: 502
    ResetDuringResponse,  // closed in the middle of the body: the client connection is cut
    Malformed,  // not HTTP: 502
    TimedOut,  // a deadline passed (connect, backend request, request, stream idle): 504
};

constexpr int statusOf(UpstreamFailure failure)
{
    switch (failure) {
    case UpstreamFailure::ConnectFailed: return 503;
    case UpstreamFailure::TimedOut: return 504;
    default: return 502;
    }
}

class UpstreamClient {
public:
    virtual ~UpstreamClient() = default;
    // The response head (1xx interim responses are not passed on). `bodyFollows` is false when the
    // backend said the response ends with its head (HTTP/2 END_STREAM on HEADERS: a gRPC
    // trailers-only answer). Return true when the response has no body whatever its headers say
    // (the request was HEAD). The head is the client's to change (it becomes the client's
    // answer in place, without a copy); the channel reads nothing of it afterwards but `status`.
    virtual bool upstreamHead(http::ResponseHead& head, bool bodyFollows) = 0;
    virtual void upstreamBody(std::string_view data) = 0;
    virtual void upstreamComplete() = 0;
    virtual void upstreamFailed(UpstreamFailure failure, const std::string& detail) = 0;
    // The request bytes queued for the backend have been written (resume reading the client).
    virtual void upstreamDrained() { }
    // Trailer fields after the body (HTTP/2 backends; gRPC puts its status there).
    virtual void upstreamTrailers(const http::Headers& trailers) { (void)trailers; }
};

// A request's way to its backend: a pooled HTTP/1.1 connection, or a stream of a pooled HTTP/2
// connection (backends whose Service port says appProtocol kubernetes.io/h2c).
class UpstreamChannel {
public:
    virtual ~UpstreamChannel() = default;
    // The request head; its body (if any) follows framed as the head says (chunked or length).
    virtual void sendHead(const http::RequestHead& head) = 0;
    virtual void sendBody(std::string_view data) = 0;
    virtual void endRequest() = 0;
    virtual std::size_t queued() const = 0;  // request bytes not yet taken by the backend
    virtual void pauseReading(bool paused) = 0;  // backpressure from the client
    virtual bool reused() const = 0;  // the connection served earlier requests
    virtual bool receivedAnything() const = 0;
    virtual bool connected() const = 0;  // the connection to the backend is established
    // The exchange lets go of the channel: after a complete response (`reusable` when the request
    // was sent in full), or before (the connection's state is unknown: it is closed or reset).
    virtual void finished(bool reusable) = 0;
    virtual void abandon() = 0;
};

class UpstreamPool;

class Upstream : public net::IoHandler, public http::Parser::Delegate, public UpstreamChannel {
public:
    // `tls`: a session for re-encryption to the backend (BackendTLSPolicy), or null.
    Upstream(UpstreamPool& pool, net::EventLoop& loop, net::Address address, int fd, std::unique_ptr<tls::Session> tls = nullptr,
             std::string poolKey = {});
    ~Upstream() override;

    void attach(UpstreamClient* client, bool headRequest);
    // UpstreamChannel, over HTTP/1.1.
    void sendHead(const http::RequestHead& head) override;
    void sendBody(std::string_view data) override;
    void endRequest() override;
    void abandon() override;
    void finished(bool reusable) override;
    std::size_t queued() const override { return transport_.queued(); }
    void pauseReading(bool paused) override;
    bool reused() const override { return reused_; }
    bool receivedAnything() const override { return receivedAnything_; }
    bool connected() const override { return life_ != Life::Connecting && transport_.established(); }
    const net::Address& address() const { return address_; }
    // Queues request bytes; they are written at the end of the loop's batch (see scheduleFlush).
    void send(std::string_view bytes);

    void onIo(std::uint32_t events) override;
    bool onHead() override;
    void onBody(std::string_view data) override;
    void onMessageComplete() override;

private:
    friend class UpstreamPool;
    // Where the connection is in its life, and where the current response is.
    enum class Life {
        Connecting,  // the TCP connect is under way (then TLS, if any: connected() says when done)
        Busy,  // serving an exchange (attached), or waiting for one when new
        Idle,  // back in the pool
        Closed,  // deleted at the end of the loop iteration
    };
    enum class Response {
        Awaiting,  // no final response head yet (1xx interim heads are swallowed)
        Receiving,  // the head is in, the body is coming
        Complete,
        Tunnel,  // after a 101: raw bytes to the client until the backend ends them
    };

    void readInput();
    void readSocket();
    void socketEnded();
    bool advanceHandshake();
    void forwardTunnel();
    void scheduleFlush();
    void flush();
    void fail(UpstreamFailure failure, const std::string& detail);
    void close();
    void updateInterest();
    void becomeIdle();
    void armIdleTimer(std::chrono::milliseconds delay);

    UpstreamPool& pool_;
    net::EventLoop& loop_;
    net::Address address_;
    net::Transport transport_;
    tls::Session* tls_ = nullptr;  // owned by transport_; null without TLS to the backend
    http::Parser parser_;
    UpstreamClient* client_ = nullptr;
    Life life_ = Life::Connecting;
    Response response_ = Response::Awaiting;
    bool headRequest_ = false;
    bool reused_ = false;
    bool receivedAnything_ = false;
    bool readPaused_ = false;
    bool keepAlive_ = true;
    bool chunkedRequest_ = false;
    bool flushScheduled_ = false;
    std::string poolKey_;  // TLS connections: the pool's key (address, CA context, SNI)
    net::EventLoop::TimerId idleTimer_ = 0;
    net::EventLoop::Clock::time_point idleSince_;
};

class UpstreamPool {
public:
    UpstreamPool(net::EventLoop& loop, std::chrono::milliseconds idleTimeout) : loop_(loop), idleTimeout_(idleTimeout) { }
    ~UpstreamPool();

    // An idle connection to `address`, or a new one (still connecting). nullptr and `error` when
    // a socket cannot even be created.
    Upstream* acquire(const net::Address& address, std::string& error);
    // A connection that speaks TLS to the backend, verified with `context` for `serverName`.
    Upstream* acquire(const net::Address& address, const tls::ClientContext& context, const std::string& serverName,
                      const std::vector<std::string>& verifyNames, std::string& error);
    // The exchange is over: keep the connection for the next one when it can be reused.
    void release(Upstream* upstream);
    void closeAll();
    std::size_t idleKeys() const { return idle_.size() + tlsIdle_.size(); }  // for tests

private:
    friend class Upstream;
    void forget(Upstream* upstream);
    template <typename Map, typename Key> Upstream* takeIdle(Map& map, const Key& key);

    net::EventLoop& loop_;
    std::chrono::milliseconds idleTimeout_;  // an idle connection unused this long is closed
    std::unordered_map<net::Address, std::vector<Upstream*>, net::AddressHash> idle_;
    std::unordered_map<std::string, std::vector<Upstream*>> tlsIdle_;
    std::vector<Upstream*> all_;
};

}  // namespace gs::runtime::proxy

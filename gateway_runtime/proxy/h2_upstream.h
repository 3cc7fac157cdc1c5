#pragma once
// HTTP/2 to backends over cleartext (h2c with prior knowledge, for Service ports whose
// appProtocol is kubernetes.io/h2c, as gRPC backends are): one connection per worker and
// endpoint, each exchange a stream on it (RFC 9113); when it is full (the backend's
// SETTINGS_MAX_CONCURRENT_STREAMS) a new one takes its place and the full one closes once its
// streams end. Responses, trailers included, come back
// through UpstreamClient callbacks. Runs on its worker's loop only.

#include <chrono>
#include <map>
#include <set>
#include <memory>
#include <string>
#include <unordered_map>

#include "net/transport.h"
#include "net/event_loop.h"
#include "net/socket.h"
#include "proxy/upstream.h"

typedef struct nghttp2_session nghttp2_session;

namespace gs::runtime::proxy {

template <typename> struct H2StreamCallbacks;

class H2UpstreamPool;

class H2UpstreamConnection : public net::IoHandler {
public:
    class Stream;

    H2UpstreamConnection(H2UpstreamPool& pool, net::EventLoop& loop, net::Address address, int fd);
    ~H2UpstreamConnection() override;

    // A new stream for `client`, or nullptr when this connection takes no more.
    Stream* open(UpstreamClient* client, bool headOnly);
    bool usable() const;
    bool idle() const { return owned_.empty(); }
    void onIo(std::uint32_t events) override;
    void close(const std::string& why);

private:
    friend class Stream;
    struct Callbacks;
    template <typename> friend struct H2StreamCallbacks;

    void scheduleSend();
    void sendPending();
    void flush();
    void streamClosed(std::int32_t id, std::uint32_t errorCode);
    Stream* stream(std::int32_t id);
    void release(Stream* s);  // destroys it at the end of the loop iteration
    void becameIdle();
    void armIdleTimer(std::chrono::milliseconds delay);

    H2UpstreamPool& pool_;
    net::EventLoop& loop_;
    net::Address address_;
    net::Transport transport_;
    nghttp2_session* session_ = nullptr;
    std::map<Stream*, std::unique_ptr<Stream>> owned_;
    std::map<std::int32_t, Stream*> byId_;
    bool connecting_ = true;
    bool closed_ = false;
    bool sendScheduled_ = false;
    bool used_ = false;
    net::EventLoop::TimerId idleTimer_ = 0;
    net::EventLoop::Clock::time_point idleSince_;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

class H2UpstreamPool {
public:
    // `idleTimeout`: a connection without streams for this long is closed.
    H2UpstreamPool(net::EventLoop& loop, std::chrono::milliseconds idleTimeout) : loop_(loop), idleTimeout_(idleTimeout) { }
    ~H2UpstreamPool();

    // A stream to `address` on a shared connection (a new one when needed). nullptr and `error`
    // when no socket can be made.
    UpstreamChannel* open(const net::Address& address, UpstreamClient* client, bool headOnly, std::string& error);
    void closeAll();
    std::size_t connectionCount() const { return all_.size(); }
    std::chrono::milliseconds idleTimeout() const { return idleTimeout_; }

private:
    friend class H2UpstreamConnection;
    void forget(H2UpstreamConnection* c);
    bool current(const H2UpstreamConnection* c) const;  // the one new streams to its address go to

    net::EventLoop& loop_;
    std::chrono::milliseconds idleTimeout_;
    std::unordered_map<net::Address, H2UpstreamConnection*, net::AddressHash> connections_;
    std::set<H2UpstreamConnection*> all_;  // current ones and full ones still finishing their streams
};

}  // namespace gs::runtime::proxy

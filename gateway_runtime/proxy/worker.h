#pragma once
// A worker: one thread running one event loop, with its own listening sockets (SO_REUSEPORT, so
// the kernel spreads connections, or its own fd for a shared one where it would not: net/socket.h;
// a connection stays on the thread that accepted it), its own
// backend connection pool, and its view of the current snapshot. Nothing on the request path is
// shared with other workers but the snapshot (read-only) and per-worker stats shards.

#include <atomic>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <thread>
#include <unordered_set>

#include "net/event_loop.h"
#include "proxy/h2_upstream.h"
#include "proxy/snapshot.h"
#include "proxy/upstream.h"

namespace gs::runtime::proxy {

class Connection;
class UdpProxy;

// The limits that keep one client or backend from taking more than its share (gateway_runtime/README.md
// lists them with their answers).
struct WorkerLimits {
    std::size_t maxConnectionsPerSocket = 20'000;  // per listening socket and worker; more are closed at once
    std::chrono::milliseconds headerTimeout{30'000};  // a request head must arrive within this (408)
    std::chrono::milliseconds idleTimeout{300'000};  // a keep-alive connection with no request
    std::chrono::milliseconds connectTimeout{5'000};  // to a backend (504 after it: UpstreamFailure::TimedOut)
    // An open exchange in which neither the client's body nor the backend's answer moves for this
    // long ends: 408 while the request body stalls, 504 while the answer has not started, a cut
    // connection after. Tunnels (WebSocket) too.
    std::chrono::milliseconds streamIdleTimeout{300'000};
    std::uint64_t maxRequestBodyBytes = 0;  // 413 above it; 0: no limit
    std::chrono::milliseconds upstreamIdleTimeout{60'000};  // a pooled backend connection unused this long is closed
    // Bytes a side may have waiting for the other before it is paused (backpressure): HTTP/1.1
    // bodies, an HTTP/2 stream's answer, WebSocket tunnels, TCP and TLS streams. Never below
    // tls::kMaxClientHello (64 KiB): a TLS listener reads a whole ClientHello before it chooses.
    std::size_t bufferHighWater = 256 * 1024;
    http::ParserLimits parser;  // request target (414), head size and field count (431)
};

// `limits` with the floors the data plane needs (bufferHighWater ≥ tls::kMaxClientHello).
WorkerLimits sanitized(WorkerLimits limits);

class Worker {
public:
    Worker(int index, WorkerLimits limits);
    ~Worker();

    void start();
    // Stops accepting, lets requests in flight finish within `drain`, then stops the thread;
    // beginStop() returns at once, join() waits.
    void beginStop(std::chrono::milliseconds drain);
    void join();
    void stop(std::chrono::milliseconds drain)
    {
        beginStop(drain);
        join();
    }

    // Thread-safe: applied on the worker's thread; the future is ready once it is.
    std::future<void> setSnapshot(std::shared_ptr<const Snapshot> snapshot);
    void adoptSocket(const SocketKey& key, int fd);  // a listening TCP socket, or a bound UDP one
    void dropSocket(const SocketKey& key);

    // On the worker's thread.
    int index() const { return index_; }
    net::EventLoop& loop() { return loop_; }
    const std::shared_ptr<const Snapshot>& snapshot() const { return snapshot_; }
    UpstreamPool& pool() { return pool_; }
    H2UpstreamPool& h2Pool() { return h2Pool_; }
    const WorkerLimits& limits() const { return limits_; }
    void closed(Connection* connection);
    // A connection hands its socket over to another (HTTP/1.1 → HTTP/2).
    void replace(Connection* old, Connection* replacement);
    std::size_t connections() const { return connectionCount_.load(std::memory_order_relaxed); }
    // Events the loop has handled (a handler that spins on an event it ignores shows here).
    std::uint64_t eventsHandled() const { return loop_.eventsHandled(); }

private:
    class Acceptor;
    void accept(Acceptor& acceptor);
    Connection* newConnection(int fd, const SocketKey& key);
    void checkDrained();

    int index_;
    WorkerLimits limits_;
    net::EventLoop loop_;
    std::thread thread_;
    std::shared_ptr<const Snapshot> snapshot_;
    UpstreamPool pool_;
    H2UpstreamPool h2Pool_;
    std::map<SocketKey, std::unique_ptr<Acceptor>> acceptors_;
    std::map<SocketKey, std::unique_ptr<UdpProxy>> udp_;
    std::unordered_set<Connection*> connections_;
    std::map<Connection*, SocketKey> socketOf_;  // to count connections per listening socket
    std::map<SocketKey, std::size_t> perSocket_;
    std::atomic<std::size_t> connectionCount_{0};
    bool draining_ = false;
    std::chrono::steady_clock::time_point drainDeadline_;
};

}  // namespace gs::runtime::proxy

#include "proxy/worker.h"

#include <sys/socket.h>

#include <algorithm>

#include "proxy/downstream.h"
#include "proxy/stream_connection.h"
#include "proxy/udp_proxy.h"
#include "tls/client_hello.h"

namespace gs::runtime::proxy {

class Worker::Acceptor : public net::IoHandler {
public:
    Acceptor(Worker& worker, SocketKey key, int fd) : worker_(worker), key_(std::move(key)), fd_(fd)
    {
        worker_.loop_.watch(fd_, this, true, false);
    }
    ~Acceptor() override
    {
        worker_.loop_.unwatch(fd_, this);
        net::closeFd(fd_);
    }
    void onIo(std::uint32_t) override { worker_.accept(*this); }

    Worker& worker_;
    SocketKey key_;
    int fd_;
};

WorkerLimits sanitized(WorkerLimits limits)
{
    limits.bufferHighWater = std::max(limits.bufferHighWater, tls::kMaxClientHello);
    return limits;
}

Worker::Worker(int index, WorkerLimits limits)
    : index_(index), limits_(sanitized(limits)), pool_(loop_, limits.upstreamIdleTimeout),
      h2Pool_(loop_, limits.upstreamIdleTimeout)
{
}

Worker::~Worker()
{
    if (thread_.joinable())
        stop(std::chrono::milliseconds(0));
}

void Worker::start()
{
    thread_ = std::thread([this] {
        loop_.run();
        acceptors_.clear();
        udp_.clear();
        for (Connection* c : std::unordered_set<Connection*>(connections_))
            c->abort();
        pool_.closeAll();
        h2Pool_.closeAll();
    });
}

void Worker::join()
{
    if (thread_.joinable())
        thread_.join();
}

void Worker::beginStop(std::chrono::milliseconds drain)
{
    loop_.post([this, drain] {
        draining_ = true;
        acceptors_.clear();
        udp_.clear();
        for (Connection* c : std::unordered_set<Connection*>(connections_))
            c->drain();
        drainDeadline_ = std::chrono::steady_clock::now() + drain;
        checkDrained();
    });
}

// Stops the loop once no connection is left, or at the drain deadline; checks every 20 ms.
void Worker::checkDrained()
{
    if (connections_.empty() || std::chrono::steady_clock::now() >= drainDeadline_) {
        loop_.stop();
        return;
    }
    loop_.after(std::chrono::milliseconds(20), [this] { checkDrained(); });
}

std::future<void> Worker::setSnapshot(std::shared_ptr<const Snapshot> snapshot)
{
    auto done = std::make_shared<std::promise<void>>();
    std::future<void> result = done->get_future();
    loop_.post([this, done, snapshot = std::move(snapshot)]() mutable {
        snapshot_ = std::move(snapshot);
        done->set_value();
    });
    return result;
}

void Worker::adoptSocket(const SocketKey& key, int fd)
{
    loop_.post([this, key, fd] {
        if (draining_) {
            int f = fd;
            net::closeFd(f);
            return;
        }
        if (key.udp)
            udp_[key] = std::make_unique<UdpProxy>(*this, key, fd);
        else
            acceptors_[key] = std::make_unique<Acceptor>(*this, key, fd);
    });
}

void Worker::dropSocket(const SocketKey& key)
{
    loop_.post([this, key] {
        acceptors_.erase(key);
        udp_.erase(key);
    });
}

void Worker::accept(Acceptor& acceptor)
{
    // A bounded batch per wake-up; a small one where the workers share the socket (every worker
    // wakes for a connection, and the first would otherwise take a whole burst).
    const int batch = net::workersShareListeningSocket() ? 4 : 64;
    for (int i = 0; i < batch; ++i) {
        const int fd = net::acceptConnection(acceptor.fd_);
        if (fd < 0)
            return;
        std::size_t& open = perSocket_[acceptor.key_];
        if (open >= limits_.maxConnectionsPerSocket) {
            int f = fd;
            net::closeFd(f);
            continue;
        }
        net::setNoDelay(fd);
        Connection* c = newConnection(fd, acceptor.key_);
        if (!c) {  // refused: see newConnection
            int f = fd;
            net::closeFd(f);
            continue;
        }
        connections_.insert(c);
        socketOf_.emplace(c, acceptor.key_);
        ++open;
        connectionCount_.fetch_add(1, std::memory_order_relaxed);
    }
}

// HTTP and HTTPS listeners speak HTTP here; TCP and TLS listeners forward byte streams. An HTTPS
// port none of whose listeners has a usable TLS context refuses connections (nullptr): it never
// falls back to serving plain HTTP, which would skip its certificates and client verification.
Connection* Worker::newConnection(int fd, const SocketKey& key)
{
    const SocketGroup* group = snapshot_ ? snapshot_->group(key) : nullptr;
    const config::Protocol protocol = group ? group->protocol : config::Protocol::HTTP;
    switch (protocol) {
    case config::Protocol::HTTP: return new Downstream(*this, fd, key);
    case config::Protocol::HTTPS: return group->tls ? new Downstream(*this, fd, key, group->tls) : nullptr;
    default: return new StreamConnection(*this, fd, key, snapshot_);
    }
}

void Worker::replace(Connection* old, Connection* replacement)
{
    connections_.erase(old);
    connections_.insert(replacement);
    if (auto it = socketOf_.find(old); it != socketOf_.end()) {
        socketOf_.emplace(replacement, it->second);
        socketOf_.erase(it);
    }
    loop_.deleteLater(old);
}

void Worker::closed(Connection* connection)
{
    if (connections_.erase(connection))
        connectionCount_.fetch_sub(1, std::memory_order_relaxed);
    if (auto it = socketOf_.find(connection); it != socketOf_.end()) {
        if (auto count = perSocket_.find(it->second); count != perSocket_.end() && --count->second == 0)
            perSocket_.erase(count);
        socketOf_.erase(it);
    }
    loop_.deleteLater(connection);
}

}  // namespace gs::runtime::proxy

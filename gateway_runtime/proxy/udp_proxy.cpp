#include "proxy/udp_proxy.h"

#include <sys/socket.h>
#include <unistd.h>

#include "proxy/worker.h"

namespace gs::runtime::proxy {

namespace {

constexpr auto kSessionIdle = std::chrono::seconds(60);
constexpr auto kSweepEvery = std::chrono::seconds(5);
constexpr std::size_t kMaxDatagram = 64 * 1024;
constexpr std::size_t kMaxSessions = 10'000;

}  // namespace

// One client's datagrams to one backend endpoint, through a connected socket of its own.
class UdpProxy::Session : public net::IoHandler {
public:
    Session(UdpProxy& proxy, net::Address client, int fd, const TargetRuntime* target, std::shared_ptr<const Snapshot> snapshot,
            const ListenerRuntime* listener)
        : proxy_(proxy), client_(std::move(client)), fd_(fd), target_(target), snapshot_(std::move(snapshot)),
          listener_(listener), lastActive_(proxy.worker_.loop().now())
    {
        proxy_.worker_.loop().watch(fd_, this, true, false);
    }
    ~Session() override
    {
        proxy_.worker_.loop().unwatch(fd_, this);
        net::closeFd(fd_);
    }

    void send(std::string_view payload)
    {
        lastActive_ = proxy_.worker_.loop().now();
        if (net::sendNoSignal(fd_, payload.data(), payload.size()) < 0)
            target_->stats->add(proxy_.worker_.index(), stats::UpstreamResets);
        else
            count(stats::BytesIn, std::int64_t(payload.size()));
    }

    void onIo(std::uint32_t) override
    {
        for (int i = 0; i < 64; ++i) {
            char payload[kMaxDatagram];
            const ssize_t n = ::recv(fd_, payload, sizeof payload, 0);
            if (n < 0)
                return;  // EAGAIN, or ECONNREFUSED from an ICMP error: nothing to relay
            lastActive_ = proxy_.worker_.loop().now();
            count(stats::BytesOut, n);
            proxy_.reply(client_, {payload, std::size_t(n)});
        }
    }

    bool idle(net::EventLoop::Clock::time_point now) const { return now - lastActive_ > kSessionIdle; }

private:
    void count(stats::Field field, std::int64_t n)
    {
        target_->stats->add(proxy_.worker_.index(), field, n);
        listener_->stats->add(proxy_.worker_.index(), field, n);
    }

    UdpProxy& proxy_;
    net::Address client_;
    int fd_;
    const TargetRuntime* target_;
    std::shared_ptr<const Snapshot> snapshot_;  // keeps target_ and listener_ alive
    const ListenerRuntime* listener_;
    net::EventLoop::Clock::time_point lastActive_;
};

UdpProxy::UdpProxy(Worker& worker, SocketKey key, int fd) : worker_(worker), key_(std::move(key)), fd_(fd)
{
    worker_.loop().watch(fd_, this, true, false);
    sweepTimer_ = worker_.loop().after(kSweepEvery, [this] { sweep(); });
}

UdpProxy::~UdpProxy()
{
    sessions_.clear();
    worker_.loop().cancel(sweepTimer_);
    worker_.loop().unwatch(fd_, this);
    net::closeFd(fd_);
}

void UdpProxy::onIo(std::uint32_t)
{
    for (int i = 0; i < 64; ++i) {
        char payload[kMaxDatagram];
        net::Address client;
        client.length = sizeof client.storage;
        const ssize_t n =
            ::recvfrom(fd_, payload, sizeof payload, 0, reinterpret_cast<sockaddr*>(&client.storage), &client.length);
        if (n < 0)
            return;
        if (Session* s = sessionFor(client))
            s->send({payload, std::size_t(n)});
    }
}

// The client's session, or a new one to the backend the route's weights pick; nullptr (the
// datagram is dropped) when the listener has no route, the backend is invalid or unreachable.
UdpProxy::Session* UdpProxy::sessionFor(const net::Address& client)
{
    const std::string id(client.bytes());
    if (auto it = sessions_.find(id); it != sessions_.end())
        return it->second.get();
    const std::shared_ptr<const Snapshot>& snapshot = worker_.snapshot();
    const SocketGroup* group = snapshot ? snapshot->group(key_) : nullptr;
    const ListenerRuntime* listener = group && !group->listeners.empty() ? group->listeners.front() : nullptr;
    const StreamRouteRuntime* route = listener ? listener->streamRoute.get() : nullptr;
    const int index = route ? route->schedule->next() : -1;
    if (index < 0 || sessions_.size() >= kMaxSessions)
        return nullptr;
    const TargetRuntime* target = route->backends[std::size_t(index)].target.get();
    route->stats->add(worker_.index(), stats::Requests);
    target->stats->add(worker_.index(), stats::Requests);
    listener->stats->add(worker_.index(), stats::ConnectionsTotal);
    const net::Address* endpoint = target->spec->valid ? target->pickEndpoint() : nullptr;
    const int fd = endpoint ? net::openNonBlockingSocket(endpoint->storage.ss_family, net::Protocol::Udp) : -1;
    if (fd < 0 || ::connect(fd, reinterpret_cast<const sockaddr*>(&endpoint->storage), endpoint->length) != 0) {
        if (fd >= 0)
            ::close(fd);
        target->stats->add(worker_.index(), stats::UpstreamConnectFailures);
        return nullptr;
    }
    auto session = std::make_unique<Session>(*this, client, fd, target, snapshot, listener);
    return sessions_.emplace(id, std::move(session)).first->second.get();
}

void UdpProxy::reply(const net::Address& client, std::string_view payload)
{
    ::sendto(fd_, payload.data(), payload.size(), 0, reinterpret_cast<const sockaddr*>(&client.storage), client.length);
}

void UdpProxy::sweep()
{
    const auto now = worker_.loop().now();
    for (auto it = sessions_.begin(); it != sessions_.end();)
        it = it->second->idle(now) ? sessions_.erase(it) : std::next(it);
    sweepTimer_ = worker_.loop().after(kSweepEvery, [this] { sweep(); });
}

}  // namespace gs::runtime::proxy

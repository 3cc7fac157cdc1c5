// The Linux poller: epoll, level-triggered while a handler wants reading or writing (see poller.h).
#include "net/poller.h"

#include <sys/epoll.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <vector>

namespace gs::runtime::net {

static_assert(kReadable == EPOLLIN && kWritable == EPOLLOUT && kError == EPOLLERR && kHangUp == EPOLLHUP &&
              kPeerClosed == EPOLLRDHUP);

namespace {

class EpollPoller final : public Poller {
public:
    EpollPoller() : fd_(::epoll_create1(EPOLL_CLOEXEC))
    {
        if (fd_ < 0)
            throw std::runtime_error("cannot create an event loop: out of file descriptors");
    }
    ~EpollPoller() override { ::close(fd_); }

    void add(int fd, IoHandler* handler, std::uint32_t interest) override
    {
        epoll_event ev = event(handler, interest);
        if (::epoll_ctl(fd_, EPOLL_CTL_ADD, fd, &ev) != 0 && errno == EEXIST)
            ::epoll_ctl(fd_, EPOLL_CTL_MOD, fd, &ev);
    }

    void modify(int fd, IoHandler* handler, std::uint32_t interest) override
    {
        epoll_event ev = event(handler, interest);
        ::epoll_ctl(fd_, EPOLL_CTL_MOD, fd, &ev);
    }

    void remove(int fd) override { ::epoll_ctl(fd_, EPOLL_CTL_DEL, fd, nullptr); }

    int wait(Event* events, int capacity, int timeoutMs) override
    {
        if (ready_.size() < std::size_t(capacity))
            ready_.resize(std::size_t(capacity));
        const int n = ::epoll_wait(fd_, ready_.data(), capacity, timeoutMs);
        for (int i = 0; i < n; ++i)
            events[i] = {static_cast<IoHandler*>(ready_[std::size_t(i)].data.ptr), ready_[std::size_t(i)].events};
        return n < 0 ? 0 : n;
    }

private:
    // With no interest, EPOLLET alone: EPOLLERR and EPOLLHUP, which epoll always reports, once.
    static epoll_event event(IoHandler* handler, std::uint32_t interest)
    {
        std::uint32_t events = ((interest & kReadable) ? std::uint32_t(EPOLLIN | EPOLLRDHUP) : 0u) |
            ((interest & kWritable) ? std::uint32_t(EPOLLOUT) : 0u);
        epoll_event ev{};
        ev.events = events != 0 ? events : std::uint32_t(EPOLLET);
        ev.data.ptr = handler;
        return ev;
    }

    int fd_;
    std::vector<epoll_event> ready_;
};

}  // namespace

std::unique_ptr<Poller> makeEpollPoller() { return std::make_unique<EpollPoller>(); }

}  // namespace gs::runtime::net

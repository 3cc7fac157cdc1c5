#include "net/event_loop.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>

namespace gs::runtime::net {

namespace {

constexpr int kMaxEvents = 256;

// The wake-up eventfd needs a handler; its events are handled by the loop itself.
class WakeHandler : public IoHandler {
public:
    explicit WakeHandler(int fd) : fd_(fd) {}
    void onIo(std::uint32_t) override
    {
        std::uint64_t value = 0;
        [[maybe_unused]] ssize_t n = ::read(fd_, &value, sizeof value);
    }

private:
    int fd_;
};

}  // namespace

EventLoop::EventLoop()
{
    epoll_ = ::epoll_create1(EPOLL_CLOEXEC);
    wakeFd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (epoll_ < 0 || wakeFd_ < 0)
        throw std::runtime_error("cannot create an event loop: out of file descriptors");
    auto* wake = new WakeHandler(wakeFd_);
    graveyard_.reserve(64);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.ptr = wake;
    ::epoll_ctl(epoll_, EPOLL_CTL_ADD, wakeFd_, &ev);
    wakeHandler_.reset(wake);
}

EventLoop::~EventLoop()
{
    buryDead();
    ::close(wakeFd_);
    ::close(epoll_);
}

void EventLoop::watch(int fd, IoHandler* handler, bool read, bool write)
{
    // EPOLLERR and EPOLLHUP are always reported; the bit below marks "registered" even when the
    // handler currently wants neither reading nor writing.
    constexpr std::uint32_t kRegistered = EPOLLERR;
    std::uint32_t events = (read ? std::uint32_t(EPOLLIN | EPOLLRDHUP) : 0u) | (write ? std::uint32_t(EPOLLOUT) : 0u);
    if (events == 0)
        events = EPOLLET;   // only EPOLLERR/EPOLLHUP, reported once (see the header)
    if (handler->watched_ == (events | kRegistered))
        return;
    epoll_event ev{};
    ev.events = events;
    ev.data.ptr = handler;
    if (handler->watched_ == 0) {
        if (::epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &ev) != 0 && errno == EEXIST)
            ::epoll_ctl(epoll_, EPOLL_CTL_MOD, fd, &ev);
    } else {
        ::epoll_ctl(epoll_, EPOLL_CTL_MOD, fd, &ev);
    }
    handler->watched_ = events | kRegistered;
}

void EventLoop::unwatch(int fd, IoHandler* handler)
{
    ::epoll_ctl(epoll_, EPOLL_CTL_DEL, fd, nullptr);
    handler->watched_ = 0;
}

EventLoop::TimerId EventLoop::after(std::chrono::milliseconds delay, std::function<void()> fn)
{
    const TimerId id = nextTimer_++;
    auto it = timerQueue_.emplace(Clock::now() + delay, id);
    timers_.emplace(id, std::make_pair(it, std::move(fn)));
    return id;
}

void EventLoop::cancel(TimerId id)
{
    auto it = timers_.find(id);
    if (it == timers_.end())
        return;
    timerQueue_.erase(it->second.first);
    timers_.erase(it);
}

void EventLoop::post(std::function<void()> fn)
{
    {
        std::lock_guard lock(postedMutex_);
        posted_.push_back(std::move(fn));
    }
    const std::uint64_t one = 1;
    [[maybe_unused]] ssize_t n = ::write(wakeFd_, &one, sizeof one);
}

void EventLoop::stop()
{
    post([this] { stopRequested_ = true; });
}

int EventLoop::timeoutMs() const
{
    if (!posted_.empty() || !deferred_.empty())
        return 0;
    if (timerQueue_.empty())
        return 1000;
    const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(timerQueue_.begin()->first - Clock::now());
    return wait.count() <= 0 ? 0 : int(std::min<long long>(wait.count() + 1, 1000));
}

void EventLoop::runTimers()
{
    now_ = Clock::now();
    while (!timerQueue_.empty() && timerQueue_.begin()->first <= now_) {
        const TimerId id = timerQueue_.begin()->second;
        timerQueue_.erase(timerQueue_.begin());
        auto it = timers_.find(id);
        std::function<void()> fn = std::move(it->second.second);
        timers_.erase(it);
        fn();
    }
}

void EventLoop::runPosted()
{
    std::vector<std::function<void()>> tasks;
    {
        std::lock_guard lock(postedMutex_);
        tasks.swap(posted_);
    }
    for (auto& task : tasks)
        task();
}

void EventLoop::runDeferred()
{
    // Tasks deferred by these tasks run in the next iteration, after new events.
    std::vector<std::function<void()>> tasks;
    tasks.swap(deferred_);
    for (auto& task : tasks)
        task();
}

// Destroys what deleteLater() queued, in rounds: a destructor may queue more (an exchange's
// destructor lets go of its backend connection, which deletes itself later).
void EventLoop::buryDead()
{
    while (!graveyard_.empty()) {
        std::vector<std::function<void()>> batch;
        batch.swap(graveyard_);
        for (auto& fn : batch)
            fn();
    }
}

void EventLoop::run()
{
    thread_ = std::this_thread::get_id();
    epoll_event events[kMaxEvents];
    while (!stopRequested_) {
        int timeout = 0;
        {
            std::lock_guard lock(postedMutex_);
            timeout = timeoutMs();
        }
        const int n = ::epoll_wait(epoll_, events, kMaxEvents, timeout);
        now_ = Clock::now();
        if (n > 0)
            eventsHandled_.fetch_add(std::uint64_t(n), std::memory_order_relaxed);
        for (int i = 0; i < n; ++i)
            static_cast<IoHandler*>(events[i].data.ptr)->onIo(events[i].events);
        runTimers();
        runPosted();
        runDeferred();
        buryDead();
    }
}

}  // namespace gs::runtime::net

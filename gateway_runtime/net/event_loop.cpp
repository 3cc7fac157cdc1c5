#include "net/event_loop.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
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
    // Its deferred tasks, queued or in the batch being run, are dropped (marked, not destroyed:
    // this may run inside one of them).
    for (std::vector<DeferredTask>* tasks : {&deferred_, &runningDeferred_})
        for (DeferredTask& task : *tasks)
            if (task.owner == handler)
                task.dropped = true;
}

namespace {

// std::push_heap builds a max-heap: "greater" puts the earliest (then first set) entry on top.
template <typename Entry>
bool later(const Entry& a, const Entry& b)
{
    return a.at != b.at ? a.at > b.at : a.order > b.order;
}

std::uint32_t slotOf(EventLoop::TimerId id) { return std::uint32_t(id & 0xffffffffu); }
std::uint32_t generationOf(EventLoop::TimerId id) { return std::uint32_t(id >> 32); }

}  // namespace

EventLoop::TimerId EventLoop::after(std::chrono::milliseconds delay, std::function<void()> fn)
{
    std::uint32_t index;
    if (!freeTimerSlots_.empty()) {
        index = freeTimerSlots_.back();
        freeTimerSlots_.pop_back();
    } else {
        index = std::uint32_t(timerSlots_.size());
        timerSlots_.emplace_back();
    }
    TimerSlot& slot = timerSlots_[index];
    slot.fn = std::move(fn);
    slot.armed = true;
    ++armedTimers_;
    const TimerId id = (TimerId(slot.generation) << 32) | index;
    timerHeap_.push_back({Clock::now() + delay, timerOrder_++, id});
    std::push_heap(timerHeap_.begin(), timerHeap_.end(), later<TimerEntry>);
    return id;
}

EventLoop::TimerSlot* EventLoop::armedSlot(TimerId id)
{
    const std::uint32_t index = slotOf(id);
    if (index >= timerSlots_.size())
        return nullptr;
    TimerSlot& slot = timerSlots_[index];
    return slot.armed && slot.generation == generationOf(id) ? &slot : nullptr;
}

void EventLoop::disarm(TimerId id)
{
    TimerSlot& slot = timerSlots_[slotOf(id)];
    // The callback dies last: its captures' destructors may arm timers, which can grow (move)
    // timerSlots_ and leave `slot` dangling.
    std::function<void()> fn = std::move(slot.fn);
    slot.fn = nullptr;
    slot.armed = false;
    if (++slot.generation == 0)
        slot.generation = 1;   // 0 would make a TimerId of 0, which callers use for "none"
    freeTimerSlots_.push_back(slotOf(id));
    --armedTimers_;
}

void EventLoop::cancel(TimerId id)
{
    if (!armedSlot(id))
        return;
    disarm(id);
    compactTimers();
}

// Cancelled entries are dropped once they outnumber the armed timers: a 300 s deadline set and
// cancelled by every request would otherwise keep its entry for 300 s.
void EventLoop::compactTimers()
{
    if (timerHeap_.size() <= 2 * armedTimers_ + 256)
        return;
    std::erase_if(timerHeap_, [this](const TimerEntry& e) { return !armedSlot(e.id); });
    std::make_heap(timerHeap_.begin(), timerHeap_.end(), later<TimerEntry>);
}

// The heap's top is an armed timer (or the heap is empty), so the wait ends at a real deadline.
void EventLoop::dropCancelledTop()
{
    while (!timerHeap_.empty() && !armedSlot(timerHeap_.front().id)) {
        std::pop_heap(timerHeap_.begin(), timerHeap_.end(), later<TimerEntry>);
        timerHeap_.pop_back();
    }
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
    if (timerHeap_.empty())
        return 1000;
    const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(timerHeap_.front().at - Clock::now());
    return wait.count() <= 0 ? 0 : int(std::min<long long>(wait.count() + 1, 1000));
}

void EventLoop::runTimers()
{
    now_ = Clock::now();
    while (!timerHeap_.empty() && timerHeap_.front().at <= now_) {
        const TimerId id = timerHeap_.front().id;
        std::pop_heap(timerHeap_.begin(), timerHeap_.end(), later<TimerEntry>);
        timerHeap_.pop_back();
        TimerSlot* slot = armedSlot(id);
        if (!slot)
            continue;   // cancelled
        std::function<void()> fn = std::move(slot->fn);
        disarm(id);
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
    // Tasks deferred by these tasks run in the next iteration, after new events. The two lists
    // trade places and keep their memory, so deferring costs no allocation.
    runningDeferred_.swap(deferred_);
    for (DeferredTask& task : runningDeferred_)
        if (!task.dropped)
            task.fn();
    runningDeferred_.clear();
}

// Destroys what deleteLater() queued, in rounds: a destructor may queue more (an exchange's
// destructor lets go of its backend connection, which deletes itself later).
void EventLoop::buryDead()
{
    while (!graveyard_.empty()) {
        burying_.swap(graveyard_);
        for (auto& fn : burying_)
            fn();
        burying_.clear();
    }
}

void EventLoop::run()
{
    thread_ = std::this_thread::get_id();
    epoll_event events[kMaxEvents];
    while (!stopRequested_) {
        int timeout = 0;
        dropCancelledTop();
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

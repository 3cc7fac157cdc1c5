#include "net/event_loop.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <stdexcept>

namespace gs::runtime::net {

namespace {

constexpr int kMaxEvents = 256;

// The wake-up fd needs a handler; its events are handled by the loop itself.
class WakeHandler : public IoHandler {
public:
    explicit WakeHandler(Wakeup& wakeup) : wakeup_(wakeup) { }
    void onIo(std::uint32_t) override { wakeup_.drain(); }

private:
    Wakeup& wakeup_;
};

}  // namespace

EventLoop::EventLoop() : poller_(makePoller(netImplementation())), wakeup_(netImplementation())
{
    auto* wake = new WakeHandler(wakeup_);
    graveyard_.reserve(64);
    poller_->add(wakeup_.fd(), wake, kReadable);
    wakeHandler_.reset(wake);
}

EventLoop::~EventLoop() { buryDead(); }

void EventLoop::watch(int fd, IoHandler* handler, bool read, bool write)
{
    // The bit below marks "registered" even when the handler wants neither reading nor writing.
    constexpr std::uint32_t kRegistered = 0x80000000u;
    const std::uint32_t interest = (read ? kReadable : 0u) | (write ? kWritable : 0u);
    if (handler->watched_ == (interest | kRegistered))
        return;
    if (handler->watched_ == 0)
        poller_->add(fd, handler, interest);
    else
        poller_->modify(fd, handler, interest);
    handler->watched_ = interest | kRegistered;
}

void EventLoop::unwatch(int fd, IoHandler* handler)
{
    poller_->remove(fd);
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
template <typename Entry> bool later(const Entry& a, const Entry& b) { return a.at != b.at ? a.at > b.at : a.order > b.order; }

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
        slot.generation = 1;  // 0 would make a TimerId of 0, which callers use for "none"
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
    wakeup_.signal();
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
            continue;  // cancelled
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
    Poller::Event events[kMaxEvents];
    while (!stopRequested_) {
        int timeout = 0;
        dropCancelledTop();
        {
            std::lock_guard lock(postedMutex_);
            timeout = timeoutMs();
        }
        const int n = poller_->wait(events, kMaxEvents, timeout);
        now_ = Clock::now();
        if (n > 0)
            eventsHandled_.fetch_add(std::uint64_t(n), std::memory_order_relaxed);
        for (int i = 0; i < n; ++i)
            events[i].handler->onIo(events[i].events);
        runTimers();
        runPosted();
        if (sendBatch_)
            sendBatch_->run();  // before the deferred flushes, which carry on from its results
        runDeferred();
        buryDead();
    }
}

}  // namespace gs::runtime::net

#pragma once
// One event loop, run by one thread. Sockets, timers and tasks posted from other threads. Readiness
// comes from a Poller (net/poller.h: epoll on Linux, poll(2) where there is none).
//
// Threading: everything but post() and stop() must be called on the loop's thread. Handlers are
// level-triggered while they want reading or writing; a handler that wants neither hears of an
// error or hang-up (kError, kHangUp) once, so that a connection that is not reading cannot make
// the loop spin on them. An IoHandler must stay alive until the end of the loop iteration in which it
// stops watching its fd; deleteLater() gives that guarantee.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "net/poller.h"
#include "net/send_batch.h"

namespace gs::runtime::net {

class IoHandler {
public:
    virtual ~IoHandler() = default;
    // `events` is a mask of kReadable, kWritable, kError, kHangUp, kPeerClosed (net/poller.h).
    virtual void onIo(std::uint32_t events) = 0;

private:
    friend class EventLoop;
    // What the loop asked the poller for on this handler's fd (0: not registered), so that watch() with
    // an unchanged interest costs no system call. One handler watches one fd.
    std::uint32_t watched_ = 0;
};

class EventLoop {
public:
    using Clock = std::chrono::steady_clock;
    using TimerId = std::uint64_t;

    EventLoop();
    ~EventLoop();
    EventLoop(const EventLoop&) = delete;
    EventLoop& operator=(const EventLoop&) = delete;

    // Starts or changes watching `fd` for readability and/or writability; free when nothing changes.
    void watch(int fd, IoHandler* handler, bool read, bool write);
    void unwatch(int fd, IoHandler* handler);

    // Runs `fn` once after `delay` on this loop (timers due at the same time run in the order they
    // were set). Cancelling a fired, cancelled or unknown timer does nothing. Neither allocates
    // once the loop has seen as many timers at once before (beyond what `fn` itself captures).
    TimerId after(std::chrono::milliseconds delay, std::function<void()> fn);
    void cancel(TimerId id);
    std::size_t pendingTimers() const { return armedTimers_; }  // for tests

    // Runs `fn` on this loop's thread, soon. Thread-safe.
    void post(std::function<void()> fn);
    // Runs `fn` after the current batch of events; loop thread only, and without the system call
    // that post() needs to wake the loop.
    void defer(std::function<void()> fn) { deferred_.push_back({nullptr, false, std::move(fn)}); }
    // The same for `handler`'s sake: dropped when the handler stops watching its fd first (unwatch),
    // and at once when it is not watching. `fn` may use the handler without a liveness check (a
    // handler lives until the end of the iteration in which it stops watching), so it can capture
    // just `this` and fit in std::function without an allocation.
    void defer(IoHandler* handler, std::function<void()> fn)
    {
        if (handler->watched_ != 0)
            deferred_.push_back({handler, false, std::move(fn)});
    }

    // The sends of this iteration that leave together (net/send_batch.h); null where there is no
    // batch (each flush then sends on its own). Made at the first call, on the loop's thread: the
    // ring belongs to the thread that submits to it.
    SendBatch* sendBatch()
    {
        if (!sendBatchMade_) {
            sendBatch_ = SendBatch::create(netImplementation());
            sendBatchMade_ = true;
        }
        return sendBatch_.get();
    }

    // Destroys `object` at the end of the current iteration (after every event of the batch).
    template <typename T> void deleteLater(T* object)
    {
        graveyard_.push_back([object] { delete object; });
    }

    // Runs until stop(). Records the calling thread as the loop's thread.
    void run();
    void stop();  // thread-safe

    Clock::time_point now() const { return now_; }
    bool inLoopThread() const { return std::this_thread::get_id() == thread_; }
    // Socket events dispatched so far (any thread; a relaxed count, for tests and diagnostics).
    std::uint64_t eventsHandled() const { return eventsHandled_.load(std::memory_order_relaxed); }

private:
    // A timer is a slot (its function) and an entry of the heap (its time). A cancelled timer's
    // entry stays in the heap until it comes up or the heap is compacted; a TimerId names the
    // slot and its generation, so an old id never reaches the slot's next timer.
    struct TimerEntry {
        Clock::time_point at;
        std::uint64_t order;  // ties at the same time: first set, first run
        TimerId id;
    };
    struct DeferredTask {
        IoHandler* owner;  // null: for no handler
        bool dropped;  // its owner stopped watching
        std::function<void()> fn;
    };
    struct TimerSlot {
        std::function<void()> fn;
        std::uint32_t generation = 1;
        bool armed = false;
    };
    TimerSlot* armedSlot(TimerId id);
    void disarm(TimerId id);
    void compactTimers();
    void dropCancelledTop();
    void runTimers();
    void runPosted();
    void runDeferred();
    void buryDead();
    int timeoutMs() const;

    std::unique_ptr<Poller> poller_;
    Wakeup wakeup_;
    std::unique_ptr<SendBatch> sendBatch_;
    bool sendBatchMade_ = false;
    std::thread::id thread_;
    Clock::time_point now_ = Clock::now();
    std::vector<TimerEntry> timerHeap_;  // a min-heap on (at, order)
    std::vector<TimerSlot> timerSlots_;
    std::vector<std::uint32_t> freeTimerSlots_;
    std::size_t armedTimers_ = 0;
    std::uint64_t timerOrder_ = 0;
    std::mutex postedMutex_;
    std::vector<std::function<void()>> posted_;
    std::vector<DeferredTask> deferred_;
    std::vector<DeferredTask> runningDeferred_;  // swapped with deferred_: both keep their memory
    std::vector<std::function<void()>> graveyard_;
    std::vector<std::function<void()>> burying_;  // swapped with graveyard_
    std::unique_ptr<IoHandler> wakeHandler_;
    bool stopRequested_ = false;
    std::atomic<std::uint64_t> eventsHandled_{0};
};

}  // namespace gs::runtime::net

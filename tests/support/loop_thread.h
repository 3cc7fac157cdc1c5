#pragma once
// An EventLoop running on its own thread, for tests; call() runs a function on it and waits.

#include <future>
#include <thread>

#include "net/event_loop.h"

namespace gs::test {

class LoopThread {
public:
    LoopThread() : thread_([this] { loop_.run(); }) { }
    ~LoopThread()
    {
        loop_.stop();
        thread_.join();
    }
    runtime::net::EventLoop& loop() { return loop_; }

    template <typename F> auto call(F&& f) -> decltype(f())
    {
        std::packaged_task<decltype(f())()> task(std::forward<F>(f));
        auto result = task.get_future();
        loop_.post([&task] { task(); });
        return result.get();
    }

private:
    runtime::net::EventLoop loop_;
    std::thread thread_;
};

}  // namespace gs::test

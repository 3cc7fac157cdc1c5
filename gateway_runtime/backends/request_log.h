#pragma once
// The most recent lines an echo backend logged ("Echoing back request made to … to client (…)",
// as the conformance echo prints them). Bounded; thread-safe, since the editor reads it from the
// GUI thread while the backend's loop writes it.

#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

namespace gs::runtime::backends {

class RequestLog {
public:
    explicit RequestLog(std::size_t maxLines) : maxLines_(maxLines) { }

    void add(std::string line)
    {
        std::lock_guard lock(mutex_);
        lines_.push_back(std::move(line));
        if (lines_.size() > maxLines_)
            lines_.pop_front();
    }

    std::vector<std::string> lines() const
    {
        std::lock_guard lock(mutex_);
        return {lines_.begin(), lines_.end()};
    }

private:
    const std::size_t maxLines_;
    mutable std::mutex mutex_;
    std::deque<std::string> lines_;
};

}  // namespace gs::runtime::backends

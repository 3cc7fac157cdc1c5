// The portable poller: poll(2), which every POSIX system has. O(watched fds) per wait, which is
// fine for a laptop's gateway; kqueue would be the macOS/BSD peer of the epoll poller.
#include "net/poller.h"

#include <poll.h>

#include <unordered_map>
#include <vector>

namespace gs::runtime::net {

namespace {

class PollPoller final : public Poller {
public:
    void add(int fd, IoHandler* handler, std::uint32_t interest) override
    {
        if (auto it = index_.find(fd); it != index_.end()) {
            set(it->second, handler, interest);
            return;
        }
        index_.emplace(fd, fds_.size());
        fds_.push_back({fd, 0, 0});
        entries_.push_back({});
        set(fds_.size() - 1, handler, interest);
    }

    void modify(int fd, IoHandler* handler, std::uint32_t interest) override
    {
        if (auto it = index_.find(fd); it != index_.end())
            set(it->second, handler, interest);
    }

    void remove(int fd) override
    {
        auto it = index_.find(fd);
        if (it == index_.end())
            return;
        const std::size_t at = it->second;
        index_.erase(it);
        if (at + 1 != fds_.size()) {
            fds_[at] = fds_.back();
            entries_[at] = entries_.back();
            index_[fds_[at].fd] = at;
        }
        fds_.pop_back();
        entries_.pop_back();
    }

    int wait(Event* events, int capacity, int timeoutMs) override
    {
        if (::poll(fds_.data(), nfds_t(fds_.size()), timeoutMs) <= 0)
            return 0;
        std::vector<int> closed;
        int n = 0;
        // Scanned from a rotating start, so that a full batch does not starve the fds after it.
        const std::size_t count = fds_.size();
        for (std::size_t k = 0; k < count && n < capacity; ++k) {
            const std::size_t i = (start_ + k) % count;
            const short revents = fds_[i].revents;
            if (revents == 0)
                continue;
            if (revents & POLLNVAL) {   // closed without remove(): forgotten, as epoll forgets it
                closed.push_back(fds_[i].fd);
                continue;
            }
            Entry& entry = entries_[i];
            if (entry.interest == 0) {
                if (entry.errorReported)
                    continue;
                entry.errorReported = true;
            }
            events[n++] = {entry.handler, translate(revents)};
        }
        start_ = count == 0 ? 0 : (start_ + 1) % count;
        for (int fd : closed)
            remove(fd);
        return n;
    }

private:
    struct Entry {
        IoHandler* handler = nullptr;
        std::uint32_t interest = 0;
        bool errorReported = false;
    };

    void set(std::size_t at, IoHandler* handler, std::uint32_t interest)
    {
        short events = 0;
        if (interest & kReadable)
            events |= POLLIN | peerClosedBit();
        if (interest & kWritable)
            events |= POLLOUT;
        fds_[at].events = events;   // POLLERR and POLLHUP are always reported
        entries_[at] = {handler, interest, false};
    }

    static short peerClosedBit()
    {
#ifdef POLLRDHUP
        return POLLRDHUP;
#else
        return 0;
#endif
    }

    static std::uint32_t translate(short revents)
    {
        std::uint32_t events = 0;
        if (revents & POLLIN)
            events |= kReadable;
        if (revents & POLLOUT)
            events |= kWritable;
        if (revents & POLLERR)
            events |= kError;
        if (revents & POLLHUP)
            events |= kHangUp;
        if (peerClosedBit() != 0 && (revents & peerClosedBit()))
            events |= kPeerClosed;
        return events;
    }

    std::vector<pollfd> fds_;
    std::vector<Entry> entries_;
    std::unordered_map<int, std::size_t> index_;
    std::size_t start_ = 0;
};

}  // namespace

std::unique_ptr<Poller> makePollPoller() { return std::make_unique<PollPoller>(); }

}  // namespace gs::runtime::net

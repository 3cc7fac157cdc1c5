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
        entries_.push_back({fd});
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
            index_[entries_[at].fd] = at;
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
        // Scanned from where the last full batch stopped, so that no fd waits behind the others.
        const std::size_t count = fds_.size();
        std::size_t k = 0;
        for (; k < count && n < capacity; ++k) {
            const std::size_t i = (start_ + k) % count;
            const short revents = fds_[i].revents;
            if (revents == 0)
                continue;
            Entry& entry = entries_[i];
            if (revents & POLLNVAL) {
                // Closed without remove(), which no handler does (each unwatches first): forgotten,
                // so that it cannot make every wait return at once.
                closed.push_back(entry.fd);
                continue;
            }
            if (entry.interest == 0)
                fds_[i].fd = ignored(entry.fd);  // reported once: poll(2) skips a negative fd
            events[n++] = {entry.handler, translate(revents)};
        }
        start_ = count == 0 ? 0 : (start_ + k) % count;
        for (int fd : closed)
            remove(fd);
        return n;
    }

private:
    struct Entry {
        int fd = -1;
        IoHandler* handler = nullptr;
        std::uint32_t interest = 0;
    };

    // poll(2) reports POLLERR and POLLHUP whatever `events` asks for, so an fd with no interest
    // whose error was reported once is taken out of the set (a negative fd) until its interest
    // changes; otherwise every later wait would return at once and the loop would spin.
    static int ignored(int fd) { return -fd - 1; }

    void set(std::size_t at, IoHandler* handler, std::uint32_t interest)
    {
        short events = 0;
        if (interest & kReadable)
            events |= POLLIN | peerClosedBit();
        if (interest & kWritable)
            events |= POLLOUT;
        fds_[at].fd = entries_[at].fd;
        fds_[at].events = events;  // POLLERR and POLLHUP are always reported
        entries_[at].handler = handler;
        entries_[at].interest = interest;
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

#pragma once
// The seam between the data plane and the operating system's readiness notification, with the
// other things it asks of the OS (wake-ups, accepting, listening sockets shared by workers).
//
// Two implementations: `epoll` (Linux: epoll, eventfd, accept4, one SO_REUSEPORT socket per worker,
// which the kernel balances) and `portable` (POSIX: poll(2), a pipe, accept + fcntl, one
// listening socket that every worker watches through its own dup). The build picks the default
// (GWS_NET, see gateway_runtime/CMakeLists.txt; only `portable` is built off Linux); the
// environment variable GWS_NET=portable|epoll chooses at run time where both are built, so the
// whole test suite can run on either here. See net/README.md and docs/PORTING.md.

#include <cstdint>
#include <memory>

namespace gs::runtime::net {

class IoHandler;

// Readiness bits as handlers see them, whatever the implementation (epoll's values, so the
// epoll poller passes them through unchanged).
inline constexpr std::uint32_t kReadable = 0x001;
inline constexpr std::uint32_t kWritable = 0x004;
inline constexpr std::uint32_t kError = 0x008;
inline constexpr std::uint32_t kHangUp = 0x010;
inline constexpr std::uint32_t kPeerClosed = 0x2000;  // the peer shut down its writing side
// Worth a read: data, the peer's end, or an error that a read picks up (and reports).
inline constexpr std::uint32_t kReadEvents = kReadable | kHangUp | kPeerClosed | kError;

enum class NetImplementation { Epoll, Portable };

// The implementation this process uses, chosen once (see above).
NetImplementation netImplementation();
const char* netImplementationName(NetImplementation implementation);

// Watches fds for one event loop. `interest` is kReadable and/or kWritable; with neither, only an
// error or hang-up is reported, and once (not again until the interest changes), so that a
// connection that is not reading cannot make the loop spin on them.
class Poller {
public:
    struct Event {
        IoHandler* handler;
        std::uint32_t events;
    };

    virtual ~Poller() = default;
    virtual void add(int fd, IoHandler* handler, std::uint32_t interest) = 0;
    virtual void modify(int fd, IoHandler* handler, std::uint32_t interest) = 0;
    virtual void remove(int fd) = 0;
    // Waits up to `timeoutMs` (0: do not wait) and fills at most `capacity` events; returns how many.
    virtual int wait(Event* events, int capacity, int timeoutMs) = 0;
};

std::unique_ptr<Poller> makePoller(NetImplementation implementation);

// Wakes a loop blocked in Poller::wait from another thread: eventfd, or a pipe where there is none.
class Wakeup {
public:
    explicit Wakeup(NetImplementation implementation);
    ~Wakeup();
    Wakeup(const Wakeup&) = delete;
    Wakeup& operator=(const Wakeup&) = delete;

    int fd() const { return readFd_; }  // watch for kReadable
    void signal();  // any thread
    void drain();  // loop thread, when fd() is readable

private:
    int readFd_ = -1;
    int writeFd_ = -1;  // the same as readFd_ for an eventfd
};

}  // namespace gs::runtime::net

#pragma once
// A TCP server on 127.0.0.1 for tests that need a backend of their own making: an accept thread and
// one thread per connection, each running the owner's `serve(index, fd)` (index: the connection's
// place in accept order). `accepted(index)`, when given, runs on the accept thread before the
// connection's thread starts, so what it records is there as soon as the client is connected.
//
// stop() (or the destructor) stops accepting, shuts every connection down (a blocked recv
// returns 0), joins the threads and closes the sockets. A serve function should return when
// stopping() is true or its socket ends.

#include <atomic>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace gs::test {

class LoopbackServer {
public:
    struct Handlers {
        std::function<void(std::size_t index, int fd)> serve;
        std::function<void(std::size_t index)> accepted;  // optional
    };

    // Listens on 127.0.0.1:`port` (0: an ephemeral port).
    explicit LoopbackServer(Handlers handlers, int port = 0);
    ~LoopbackServer();
    LoopbackServer(const LoopbackServer&) = delete;
    LoopbackServer& operator=(const LoopbackServer&) = delete;

    bool ok() const { return listenFd_ >= 0; }
    int port() const { return port_; }
    int connectionsAccepted() const { return accepted_.load(); }
    bool stopping() const { return stopping_.load(); }
    void stop();

    // A loopback port nothing listens on now (bound, then closed): connections to it are refused.
    static int unusedPort();

private:
    void acceptLoop();

    Handlers handlers_;
    int listenFd_ = -1;
    int port_ = 0;
    std::atomic<bool> stopping_{false};
    std::atomic<int> accepted_{0};
    std::thread acceptThread_;
    std::mutex mutex_;
    std::vector<int> fds_;
    std::vector<std::thread> threads_;
};

}  // namespace gs::test

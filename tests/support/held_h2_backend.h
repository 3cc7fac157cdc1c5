#pragma once
// An h2c backend (HTTP/2 with prior knowledge, nghttp2) for tests of the gateway's HTTP/2
// connection pool, on a real loopback socket, one thread per connection. It advertises a given
// SETTINGS_MAX_CONCURRENT_STREAMS (RFC 9113 §6.5.2) and holds every request until the test
// releases the requests of that connection; each is then answered 200 with the body
// "connection N" (N: the connection's index, in accept order). It records what a test asks of a
// connection: the requests it holds and answered, whether the gateway acknowledged its SETTINGS
// (so the gateway knows the limit), and whether the gateway closed it.
//
// stop() (or the destructor) ends every connection and joins the threads.

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "loopback_server.h"

namespace gs::test {

class HeldH2Backend {
public:
    struct ConnectionState {
        int held = 0;  // requests received in full, not answered yet
        int answered = 0;
        bool settingsAcknowledged = false;
        bool closedByPeer = false;  // the gateway closed the connection (end of stream or reset)
    };

    explicit HeldH2Backend(std::uint32_t maxConcurrentStreams);
    ~HeldH2Backend() { stop(); }
    HeldH2Backend(const HeldH2Backend&) = delete;
    HeldH2Backend& operator=(const HeldH2Backend&) = delete;

    bool ok() const { return server_.ok(); }
    int port() const { return server_.port(); }
    // Every connection accepted so far, in accept order.
    std::vector<ConnectionState> connections() const;
    // Answers the requests connection `index` holds now; later ones are held again.
    void release(std::size_t index);
    void stop() { server_.stop(); }

private:
    struct Connection;
    void accepted(std::size_t index);
    void serve(std::size_t index, int fd);

    std::uint32_t maxConcurrentStreams_;
    mutable std::mutex mutex_;
    std::vector<ConnectionState> states_;
    std::vector<int> releases_;  // per connection: release() calls so far
    LoopbackServer server_;  // last: its threads use the members above
};

}  // namespace gs::test

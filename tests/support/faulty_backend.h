#pragma once
// A misbehaving HTTP/1.1 backend for tests, on a real loopback socket: it reads a request head and
// then does what the request path says, one thread per connection:
//
//   /reset        resets the connection (RST) without answering
//   /close        closes the connection without answering
//   /half-close   shuts its sending side (FIN) and keeps reading, never answering
//   /silent       never answers (until the test ends)
//   /sink         reads the head, then neither reads nor answers (until the test ends)
//   /partial      a head with Content-Length 1000, 10 bytes of body, then closes
//   /stall        a head with Content-Length 1000, 10 bytes of body, then nothing
//   /reset-mid-body a head without a length (the body ends with the connection), 10 bytes of
//                 body, then a reset (RST)
//   /endless      a chunked body that never ends (a chunk every few milliseconds)
//   /big-head     a response head larger than any proxy accepts (200 KB of headers)
//   /garbage      bytes that are not HTTP
//   /early        a 200 answer right after the head, without reading the announced body
//   /upgrade      101 Switching Protocols and "hello" in one write, then echoes what it reads
//   /upgrade-sink 101, then never reads again
//   /upgrade-flood 101, then sends as fast as the connection takes it (counted in floodBytes())
//   anything else 200 "ok" (keep-alive)
//
// stop() (or the destructor) ends every connection and joins the threads.

#include <atomic>
#include <cstdint>
#include <string>

#include "loopback_server.h"

namespace gs::test {

class FaultyBackend {
public:
    // Listens on 127.0.0.1:`port` (0: an ephemeral port).
    explicit FaultyBackend(int port = 0);
    ~FaultyBackend() { stop(); }
    FaultyBackend(const FaultyBackend&) = delete;
    FaultyBackend& operator=(const FaultyBackend&) = delete;

    bool ok() const { return server_.ok(); }
    int port() const { return server_.port(); }
    int connectionsAccepted() const { return server_.connectionsAccepted(); }
    std::uint64_t floodBytes() const { return floodBytes_.load(); }
    void stop() { server_.stop(); }

    // A loopback port nothing listens on now (bound, then closed): connections to it are refused.
    static int unusedPort() { return LoopbackServer::unusedPort(); }

private:
    void serve(int fd);
    bool stopping() const { return server_.stopping(); }

    std::atomic<std::uint64_t> floodBytes_{0};
    LoopbackServer server_;  // last: its threads use the members above
};

}  // namespace gs::test

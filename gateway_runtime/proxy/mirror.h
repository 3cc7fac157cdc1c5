#pragma once
// RequestMirror: a copy of a request sent to another backend, fire and forget. The copy has its
// own connection; its answer is read and dropped; nothing it does reaches the client. A mirror
// that takes longer than kMirrorTimeout is cut. What happened to it is counted on the mirror
// target's counters: the answer's class, or a connect failure, a reset or a timeout.

#include <chrono>
#include <string>

#include "net/event_loop.h"
#include "net/socket.h"
#include "stats/stats.h"

namespace gs::runtime::proxy {

class Mirror {
public:
    static constexpr std::chrono::seconds kMirrorTimeout{10};
    // Sends `request` (head and body) to `address` from `loop`'s thread; the outcome goes to
    // `counters` (shard `shard`), which outlive it (the registry keeps them).
    static void send(net::EventLoop& loop, const net::Address& address, std::string request, stats::Counters* counters,
                     int shard);
};

}  // namespace gs::runtime::proxy

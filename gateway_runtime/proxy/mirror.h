#pragma once
// RequestMirror: a copy of a request sent to another backend, fire and forget. The copy has its
// own connection; its answer is read and dropped; nothing it does reaches the client. A mirror
// that takes longer than kMirrorTimeout is cut.

#include <chrono>
#include <string>

#include "net/event_loop.h"
#include "net/socket.h"

namespace gs::runtime::proxy {

class Mirror {
public:
    static constexpr std::chrono::seconds kMirrorTimeout{10};
    // Sends `request` (head and body) to `address` from `loop`'s thread and forgets about it.
    static void send(net::EventLoop& loop, const net::Address& address, std::string request);
};

}  // namespace gs::runtime::proxy

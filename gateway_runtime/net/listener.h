#pragma once
// A listening TCP socket on an event loop that hands each accepted connection (non-blocking,
// close-on-exec, TCP_NODELAY) to a callback: the accept side of the gateway's own servers (echo
// backends, admin endpoint). Loop thread only.

#include <functional>
#include <string>

#include "net/event_loop.h"
#include "net/socket.h"

namespace gs::runtime::net {

class Listener : public IoHandler {
public:
    using OnAccept = std::function<void(int fd)>;

    Listener(EventLoop& loop, OnAccept onAccept) : loop_(loop), onAccept_(std::move(onAccept)) { }
    ~Listener() override { close(); }
    Listener(const Listener&) = delete;
    Listener& operator=(const Listener&) = delete;

    // Binds and listens (port 0 picks a free one). False and `error` when it cannot.
    bool listen(const Address& address, std::string& error);
    const Address& address() const { return address_; }
    void close();

    void onIo(std::uint32_t events) override;

private:
    EventLoop& loop_;
    OnAccept onAccept_;
    int fd_ = -1;
    Address address_;
};

}  // namespace gs::runtime::net

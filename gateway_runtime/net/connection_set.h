#pragma once
// A server's listening socket and the connections accepted on it, owned (the echo backends, the
// admin endpoint): `make(fd)` builds each one. A connection reports its own close with closed()
// and is deleted at the end of that loop iteration (its handler may still be on the stack);
// close() stops listening and closes every one. `C` has close(), which must call closed() (once).
// Loop thread only.

#include <cstddef>
#include <functional>
#include <string>
#include <unordered_set>

#include "net/event_loop.h"
#include "net/listener.h"

namespace gs::runtime::net {

template <typename C> class ConnectionSet {
public:
    using Make = std::function<C*(int fd)>;

    ConnectionSet(EventLoop& loop, Make make)
        : loop_(loop), make_(std::move(make)), listener_(loop, [this](int fd) { connections_.insert(make_(fd)); })
    {
    }
    ~ConnectionSet() { close(); }
    ConnectionSet(const ConnectionSet&) = delete;
    ConnectionSet& operator=(const ConnectionSet&) = delete;

    // Binds and listens (port 0 picks a free one). False and `error` when it cannot.
    bool listen(const Address& address, std::string& error) { return listener_.listen(address, error); }
    const Address& address() const { return listener_.address(); }
    void closed(C* connection)
    {
        connections_.erase(connection);
        loop_.deleteLater(connection);
    }
    void close()
    {
        listener_.close();
        for (C* c : std::unordered_set<C*>(connections_))
            c->close();
    }
    std::size_t size() const { return connections_.size(); }

private:
    EventLoop& loop_;
    Make make_;
    Listener listener_;
    std::unordered_set<C*> connections_;
};

}  // namespace gs::runtime::net

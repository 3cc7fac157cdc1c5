#pragma once
// The connections a server accepted and owns (the echo backends, the admin endpoint). A connection
// reports its own close with closed(), and is deleted at the end of that loop iteration (its
// handler may still be on the stack); closeAll() closes every one. `C` has close(), which must
// call closed() (once).

#include <cstddef>
#include <unordered_set>

#include "net/event_loop.h"

namespace gs::runtime::net {

template <typename C> class ConnectionSet {
public:
    explicit ConnectionSet(EventLoop& loop) : loop_(loop) { }

    void add(C* connection) { connections_.insert(connection); }
    void closed(C* connection)
    {
        connections_.erase(connection);
        loop_.deleteLater(connection);
    }
    void closeAll()
    {
        for (C* c : std::unordered_set<C*>(connections_))
            c->close();
    }
    std::size_t size() const { return connections_.size(); }

private:
    EventLoop& loop_;
    std::unordered_set<C*> connections_;
};

}  // namespace gs::runtime::net

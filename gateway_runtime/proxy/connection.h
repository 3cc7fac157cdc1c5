#pragma once
// A client connection owned by a worker: HTTP (Downstream) or a byte stream (StreamConnection).
// Lives on its worker's thread; the worker deletes it (deleteLater) once it reports closed().

#include "net/event_loop.h"

namespace gs::runtime::proxy {

class Connection : public net::IoHandler {
public:
    virtual void abort() = 0;  // cut the connection now
    virtual void drain() = 0;  // close once nothing is in flight (shutdown)
};

}  // namespace gs::runtime::proxy

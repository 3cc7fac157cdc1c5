#pragma once
// A UDP listener's traffic: datagrams from each client address form a session that sticks to one
// backend endpoint (chosen by the UDPRoute's weights when the session starts); replies go back
// to the client from the listener's address. Sessions idle for a minute are forgotten.
// Lives on one worker's thread.

#include <map>
#include <memory>

#include "net/event_loop.h"
#include "net/socket.h"
#include "proxy/snapshot.h"

namespace gs::runtime::proxy {

class Worker;

class UdpProxy : public net::IoHandler {
public:
    UdpProxy(Worker& worker, SocketKey key, int fd);
    ~UdpProxy() override;

    void onIo(std::uint32_t events) override;

private:
    class Session;
    Session* sessionFor(const net::Address& client);
    void reply(const net::Address& client, std::string_view payload);
    void sweep();

    Worker& worker_;
    SocketKey key_;
    int fd_;
    std::map<std::string, std::unique_ptr<Session>> sessions_;  // by client address bytes
    net::EventLoop::TimerId sweepTimer_ = 0;
};

}  // namespace gs::runtime::proxy

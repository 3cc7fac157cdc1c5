#pragma once
// One built-in echo replica of a Service port, as the configuration describes it: the HTTP echo
// server, or the TCP or UDP one, with TLS where the pod serves TLS on that port. The gateway runs
// one per (namespace, pod, protocol, certificate) on its backend thread.

#include <memory>
#include <string>
#include <vector>

#include "backends/echo_server.h"
#include "backends/h2_echo_server.h"
#include "backends/tcp_echo_server.h"
#include "config/runtime_config.h"

namespace gs::runtime::backends {

class EchoReplica {
public:
    // Listens on `address` (port 0: a free port). nullptr and `error` when it cannot.
    static std::unique_ptr<EchoReplica> start(net::EventLoop& loop, const net::Address& address, EchoIdentity identity,
                                              const config::Endpoint& endpoint, std::string& error);

    net::Address address() const;
    const EchoIdentity& identity() const { return identity_; }
    void setFaults(const config::EchoFaults& faults);  // HTTP replicas; others ignore faults
    std::vector<std::string> requestLog() const;  // HTTP replicas log requests; others log nothing

    // The key that tells replicas apart: "ns/pod", plus protocol and certificate when not plain HTTP.
    static std::string key(const std::string& ns, const config::Endpoint& endpoint);

private:
    explicit EchoReplica(EchoIdentity identity) : identity_(std::move(identity)) { }
    EchoIdentity identity_;
    std::unique_ptr<EchoServer> http_;
    std::unique_ptr<H2EchoServer> h2c_;
    std::unique_ptr<TcpEchoServer> tcp_;
    std::unique_ptr<UdpEchoServer> udp_;
};

}  // namespace gs::runtime::backends

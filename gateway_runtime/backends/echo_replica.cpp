#include "backends/echo_replica.h"

namespace gs::runtime::backends {

std::string EchoReplica::key(const std::string& ns, const config::Endpoint& endpoint)
{
    using P = config::Endpoint::EchoProtocol;
    std::string k = ns + "/" + endpoint.name;
    if (endpoint.echoProtocol != P::Http)
        k += endpoint.echoProtocol == P::Tcp ? "/tcp" : endpoint.echoProtocol == P::Udp ? "/udp" : "/h2c";
    if (endpoint.echoTls)
        k += "/tls/" + endpoint.echoTls->certificate.name + (endpoint.echoTls->clientCasPem.empty() ? "" : "/client-cas");
    return k;
}

std::unique_ptr<EchoReplica> EchoReplica::start(net::EventLoop& loop, const net::Address& address, EchoIdentity identity,
                                                const config::Endpoint& endpoint, std::string& error)
{
    using P = config::Endpoint::EchoProtocol;
    std::unique_ptr<EchoReplica> r(new EchoReplica(identity));
    std::shared_ptr<tls::ServerContext> tls;
    if (const config::EchoTls* echoTls = endpoint.echoTls.get()) {
        const config::Certificate& c = echoTls->certificate;
        const tls::ClientVerification clients{echoTls->clientCasPem, tls::ClientVerification::Mode::VerifyIfGiven};
        tls = tls::ServerContext::create({{c.name, c.certificatePem, c.privateKeyPem}}, {}, error,
                                         echoTls->clientCasPem.empty() ? nullptr : &clients);
        if (!tls)
            return nullptr;
    }
    bool listening = false;
    switch (endpoint.echoProtocol) {
    case P::Http:
        r->http_ = std::make_unique<EchoServer>(loop, identity);
        r->http_->setTls(tls);
        listening = r->http_->listen(address, error);
        break;
    case P::H2c:
        r->h2c_ = std::make_unique<H2EchoServer>(loop, identity);
        listening = r->h2c_->listen(address, error);
        break;
    case P::Tcp:
        r->tcp_ = std::make_unique<TcpEchoServer>(loop, identity, tls);
        listening = r->tcp_->listen(address, error);
        break;
    case P::Udp:
        r->udp_ = std::make_unique<UdpEchoServer>(loop, identity);
        listening = r->udp_->listen(address, error);
        break;
    }
    return listening ? std::move(r) : nullptr;
}

net::Address EchoReplica::address() const
{
    return http_ ? http_->address() : h2c_ ? h2c_->address() : tcp_ ? tcp_->address() : udp_->address();
}

void EchoReplica::setFaults(const config::EchoFaults& faults)
{
    if (http_)
        http_->setFaults(faults);
}

std::vector<std::string> EchoReplica::requestLog() const
{
    return http_ ? http_->requestLog() : h2c_ ? h2c_->requestLog() : std::vector<std::string>{};
}

}  // namespace gs::runtime::backends

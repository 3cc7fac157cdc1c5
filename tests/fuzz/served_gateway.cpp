#include "served_gateway.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>

#include "admin/admin_server.h"
#include "controller/translator.h"
#include "gateway.h"
#include "tls/certificates.h"
#include "topology.h"

namespace gs::fuzz {

namespace {

[[noreturn]] void harnessFailure(const std::string& why)
{
    std::fprintf(stderr, "fuzz harness: %s\n", why.c_str());
    std::abort();
}

std::string readTopology()
{
    std::ifstream in(GWS_FUZZ_DIR "/served_gateway.yaml");
    std::stringstream text;
    text << in.rdbuf();
    if (!in)
        harnessFailure("cannot read " GWS_FUZZ_DIR "/served_gateway.yaml");
    return text.str();
}

// The Secret the HTTPS listener's certificateRefs name, with a certificate made now.
std::string certificateSecret()
{
    runtime::tls::CertificateRequest request;
    request.commonName = "fuzz.example.com";
    request.dnsNames = {"fuzz.example.com", "*.example.com"};
    std::string error;
    const auto pem = runtime::tls::issueCertificate(request, nullptr, error);
    if (!pem)
        harnessFailure("certificate: " + error);
    auto indented = [](const std::string& text) {
        std::string out;
        std::size_t start = 0;
        for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1)
            out += "    " + text.substr(start, end - start + 1);
        return out;
    };
    return "---\napiVersion: v1\nkind: Secret\nmetadata: {name: fuzz-tls, namespace: default}\ntype: kubernetes.io/tls\n"
           "stringData:\n  tls.crt: |\n" +
        indented(pem->certificate) + "  tls.key: |\n" + indented(pem->privateKey);
}

// Never destroyed: the fuzzer exits with the process, and a stop() racing libFuzzer's exit
// handlers would only add noise.
ServedGateway start()
{
    const model::Topology topology =
        model::loadTopology(std::vector<model::Source>{{"served_gateway.yaml", readTopology() + certificateSecret()}});
    if (topology.diagnostics.hasErrors())
        harnessFailure(topology.diagnostics.all()[0].format());
    model::TranslateOptions options;
    options.address = "127.0.0.1";
    const model::Translation translation = model::translate(topology.objects, {}, options);

    runtime::GatewayOptions gatewayOptions;
    gatewayOptions.workers = 1;
    gatewayOptions.ephemeralPorts = true;
    ServedGateway served;
    served.gateway = new runtime::Gateway(gatewayOptions);
    const runtime::ApplyResult applied =
        served.gateway->apply(std::make_shared<runtime::config::RuntimeConfig>(translation.config));
    for (const runtime::BoundListener& l : applied.listeners)
        if (l.ok && l.protocol == runtime::config::Protocol::HTTP)
            served.listenerPort = l.port;
        else if (l.ok && l.protocol == runtime::config::Protocol::HTTPS)
            served.tlsPort = l.port;
    if (!served.listenerPort || !served.tlsPort)
        harnessFailure("the HTTP or HTTPS listener is not served");

    served.admin = new runtime::AdminServer(*served.gateway);
    std::string error;
    if (!served.admin->start("127.0.0.1", 0, error))
        harnessFailure("admin endpoint: " + error);
    served.adminPort = served.admin->address().port();
    return served;
}

// connect() that survives libFuzzer's SIGALRM (its -timeout clock): an interrupted connect goes
// on in the background, so wait for it and read its result.
bool connectInterruptible(int fd, const sockaddr_in& address)
{
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0)
        return true;
    if (errno != EINTR)
        return false;
    pollfd p{fd, POLLOUT, 0};
    while (::poll(&p, 1, -1) < 0)
        if (errno != EINTR)
            return false;
    int error = 0;
    socklen_t length = sizeof error;
    ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length);
    errno = error;
    return error == 0;
}

}  // namespace

const ServedGateway& servedGateway()
{
    static const ServedGateway served = start();
    return served;
}

int connectLoopback(std::uint16_t port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || !connectInterruptible(fd, address))
        harnessFailure(std::string("connect: ") + std::strerror(errno));
    return fd;
}

std::size_t exchangeOverLoopback(std::uint16_t port, std::string_view bytes)
{
    const int fd = connectLoopback(port);
    // The server may answer (and close) before it has read everything: a failed write is fine.
    for (std::size_t sent = 0; sent < bytes.size();) {
        const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        sent += std::size_t(n);
    }
    ::shutdown(fd, SHUT_WR);
    std::size_t received = 0;
    char buffer[16 * 1024];
    for (;;) {
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n > 0)
            received += std::size_t(n);
        else if (n == 0 || errno != EINTR)
            break;
    }
    ::close(fd);
    return received;
}

}  // namespace gs::fuzz

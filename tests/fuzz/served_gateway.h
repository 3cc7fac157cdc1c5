#pragma once
// The process-wide gateway the HTTP/1.1, HTTP/2, TLS and admin fuzz targets talk to:
// served_gateway.yaml loaded, translated and served by the embedded gateway (one worker) on
// ephemeral loopback ports, plus its admin endpoint. The HTTPS listener's certificate Secret is
// made at start (a self-signed ECDSA certificate) and added to the YAML's objects. Inputs travel over real loopback TCP connections, so they take
// the whole production path: accept, Downstream / H2Downstream, the HTTP/1.1 parser or nghttp2,
// routing, filters, the echo backends, the admin server's parser and handler.

#include <cstdint>
#include <string_view>

namespace gs::runtime {
class Gateway;
class AdminServer;
}  // namespace gs::runtime

namespace gs::fuzz {

struct ServedGateway {
    runtime::Gateway* gateway = nullptr;  // never destroyed (kept reachable for LeakSanitizer)
    runtime::AdminServer* admin = nullptr;
    std::uint16_t listenerPort = 0;  // the HTTP listener (HTTP/1.1 and h2c with prior knowledge)
    std::uint16_t tlsPort = 0;  // the HTTPS listener (TLS Terminate; ALPN h2 or http/1.1)
    std::uint16_t adminPort = 0;
};

// Started on first use; lives until the process exits. Aborts when it cannot start (a harness
// problem, not a finding).
const ServedGateway& servedGateway();

// A fresh blocking TCP connection to 127.0.0.1:`port`; aborts when it cannot connect.
int connectLoopback(std::uint16_t port);

// Sends `bytes` on a fresh connection to 127.0.0.1:`port`, half-closes it, and reads until the
// server closes. A server that never closes blocks here, and libFuzzer's -timeout reports the
// input as a hang. Returns the number of bytes the server sent.
std::size_t exchangeOverLoopback(std::uint16_t port, std::string_view bytes);

}  // namespace gs::fuzz

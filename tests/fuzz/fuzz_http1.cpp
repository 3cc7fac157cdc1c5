// HTTP/1.1 downstream: the input is what a client sends on a plain HTTP listener (request heads,
// bodies, chunked framing, pipelining, Upgrade to h2c or WebSocket). It goes over loopback TCP
// through the whole request path of served_gateway.yaml: Downstream, the parser, routing,
// filters, the echo backends and the response back. Findings: crashes, UB, leaks, and hangs (a
// connection the gateway never closes after the client half-closed it).

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "served_gateway.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const auto& served = gs::fuzz::servedGateway();
    gs::fuzz::exchangeOverLoopback(served.listenerPort, {reinterpret_cast<const char*>(data), size});
    return 0;
}

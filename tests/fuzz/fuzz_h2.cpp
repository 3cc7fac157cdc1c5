// HTTP/2 downstream (h2c with prior knowledge): the input is the frames a client sends after the
// connection preface, which the harness prepends so that every input reaches the HTTP/2 path.
// Over loopback TCP to served_gateway.yaml: Downstream detects the preface and hands the socket to
// H2Downstream; nghttp2 frames and HPACK; each stream is routed (HTTPRoute and GRPCRoute),
// filtered and answered by the echo backends (HTTP/1.1, or h2c for the gRPC Service).

#include <cstddef>
#include <cstdint>
#include <string>

#include "proxy/h2_downstream.h"
#include "served_gateway.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const auto& served = gs::fuzz::servedGateway();
    std::string bytes(gs::runtime::proxy::H2Downstream::kPreface);
    bytes.append(reinterpret_cast<const char*>(data), size);
    gs::fuzz::exchangeOverLoopback(served.listenerPort, bytes);
    return 0;
}

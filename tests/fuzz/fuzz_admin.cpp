// The admin endpoint: the input is what a client sends to it (request heads, pipelined requests,
// bodies), over loopback TCP to the AdminServer of the served gateway: the SimpleServer
// connection, the HTTP/1.1 parser, the admin handler, and the /stats and /metrics renderers over
// the served configuration's counters.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "served_gateway.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const auto& served = gs::fuzz::servedGateway();
    gs::fuzz::exchangeOverLoopback(served.adminPort, {reinterpret_cast<const char*>(data), size});
    return 0;
}

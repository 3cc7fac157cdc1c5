// The ClientHello SNI reader (TLS Passthrough routing). Besides memory safety, it checks the
// reader's contract on every input: a Complete hello was Incomplete (never Invalid) on each
// shorter prefix of its records, an Invalid one says why, and a server name is lowercase,
// non-empty and at most 255 bytes (RFC 6066 §3).

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "tls/client_hello.h"

namespace {

using gs::runtime::tls::ClientHello;

void require(bool ok, const char* what)
{
    if (!ok) {
        std::fprintf(stderr, "client_hello contract broken: %s\n", what);
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const ClientHello hello = gs::runtime::tls::parseClientHello(bytes);
    if (hello.status == ClientHello::Status::Invalid)
        require(!hello.error.empty(), "an Invalid hello without a reason");
    if (hello.status != ClientHello::Status::Complete)
        return 0;
    require(hello.serverName.size() <= 255, "a server name over 255 bytes");
    for (char c : hello.serverName)
        require(!(c >= 'A' && c <= 'Z'), "a server name not lowercased");
    for (std::size_t cut : {size / 2, size - 1}) {
        const ClientHello prefix = gs::runtime::tls::parseClientHello(bytes.substr(0, cut));
        require(prefix.status != ClientHello::Status::Invalid, "a prefix of a complete hello is Invalid");
    }
    return 0;
}

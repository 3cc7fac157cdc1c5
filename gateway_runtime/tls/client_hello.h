#pragma once
// Reads the server name (SNI) from the start of a TLS connection without terminating it, for
// TLS Passthrough (route on the SNI, then forward the bytes untouched) and for choosing the
// listener of a TLS port before its handshake. Bounds-checked on every field; the ClientHello may
// span several TLS records. RFC 8446 §4.1.2, RFC 6066 §3.

#include <string>
#include <string_view>

namespace gs::runtime::tls {

struct ClientHello {
    enum class Status {
        Incomplete,  // more bytes are needed
        Invalid,  // not a TLS ClientHello (or a malformed one)
        Complete,
    };
    Status status = Status::Incomplete;
    std::string serverName;  // "" when the client sent no SNI (lowercased otherwise)
    std::string error;  // why it is Invalid
};

// The largest ClientHello accepted (records included); beyond it the hello is Invalid.
inline constexpr std::size_t kMaxClientHello = 64 * 1024;

ClientHello parseClientHello(std::string_view bytes);

}  // namespace gs::runtime::tls

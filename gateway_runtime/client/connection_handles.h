#pragma once
// What a blocking client holds for its one connection: the socket and, with TLS, the OpenSSL
// context and session. A client derives from it; all three are freed (and the socket closed)
// when the client goes.

#include <string>

typedef struct ssl_st SSL;
typedef struct ssl_ctx_st SSL_CTX;

namespace gs::runtime::client {

class ConnectionHandles {
public:
    ConnectionHandles(const ConnectionHandles&) = delete;
    ConnectionHandles& operator=(const ConnectionHandles&) = delete;

    // The protocol the TLS handshake negotiated by ALPN ("" without TLS, or without one).
    std::string alpn() const;

protected:
    ConnectionHandles() = default;
    ~ConnectionHandles();

    int fd_ = -1;
    SSL_CTX* ctx_ = nullptr;
    SSL* ssl_ = nullptr;
};

}  // namespace gs::runtime::client

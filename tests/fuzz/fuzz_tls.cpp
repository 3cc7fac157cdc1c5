// TLS downstream (HTTPS Terminate): each input is one connection to the HTTPS listener of
// served_gateway.yaml. The first byte picks the mode (its value modulo 3):
//   0  a real TLS handshake (OpenSSL client, SNI fuzz.example.com) offering ALPN http/1.1; the
//      rest of the input goes as application data (HTTP/1.1 requests)
//   1  the same offering ALPN h2; the harness sends the HTTP/2 preface, then the rest (frames)
//   2  the rest as raw bytes without a handshake (garbage, truncated or forged TLS records): the
//      handshake's error path
// Then the client half-closes (close_notify in TLS, then a TCP FIN) and reads until the gateway
// closes, so a connection the gateway keeps open after the client is done is a libFuzzer timeout.
// Drives: TlsSession (handshake, SNI, ALPN, records), Downstream or H2Downstream over TLS, routing,
// filters and the echo backends.

#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "proxy/h2_downstream.h"
#include "served_gateway.h"

namespace {

enum Mode { Http1OverTls, Http2OverTls, RawBytes, ModeCount };

SSL_CTX* clientContext()
{
    static SSL_CTX* context = [] {
        std::signal(SIGPIPE, SIG_IGN);  // OpenSSL writes with write(): a peer that closed is EPIPE, not a signal
        SSL_CTX* c = SSL_CTX_new(TLS_client_method());
        SSL_CTX_set_verify(c, SSL_VERIFY_NONE, nullptr);  // the gateway's certificate is made at start
        SSL_CTX_set_session_cache_mode(c, SSL_SESS_CACHE_OFF);  // every input is a full handshake
        return c;
    }();
    return context;
}

// Runs an OpenSSL call on a blocking socket again when libFuzzer's timer signal interrupted it.
// Its result: > 0 done, otherwise failed (or the peer closed).
template <typename Call> int retried(SSL* ssl, Call call)
{
    for (;;) {
        errno = 0;
        const int result = call();
        if (result > 0)
            return result;
        const int error = SSL_get_error(ssl, result);
        const bool interrupted =
            error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE || (error == SSL_ERROR_SYSCALL && errno == EINTR);
        if (!interrupted)
            return result;
    }
}

void exchangeOverTls(std::uint16_t port, Mode mode, std::string_view input)
{
    const int fd = gs::fuzz::connectLoopback(port);
    SSL* ssl = SSL_new(clientContext());
    SSL_set_fd(ssl, fd);
    SSL_set_tlsext_host_name(ssl, "fuzz.example.com");
    const std::string_view alpn = mode == Http2OverTls ? std::string_view("\x02h2", 3) : std::string_view("\x08http/1.1", 9);
    SSL_set_alpn_protos(ssl, reinterpret_cast<const unsigned char*>(alpn.data()), unsigned(alpn.size()));
    if (retried(ssl, [&] { return SSL_connect(ssl); }) == 1) {
        std::string bytes(mode == Http2OverTls ? gs::runtime::proxy::H2Downstream::kPreface : "");
        bytes.append(input);
        // The gateway may answer (and close) before it has read everything: a failed write is fine.
        for (std::size_t sent = 0; sent < bytes.size();) {
            const int n = retried(ssl, [&] { return SSL_write(ssl, bytes.data() + sent, int(bytes.size() - sent)); });
            if (n <= 0)
                break;
            sent += std::size_t(n);
        }
        SSL_shutdown(ssl);  // close_notify (RFC 8446 §6.1): the client has nothing more to send
        ::shutdown(fd, SHUT_WR);
        char buffer[16 * 1024];
        while (retried(ssl, [&] { return SSL_read(ssl, buffer, sizeof buffer); }) > 0) { }
    }
    SSL_free(ssl);
    ::close(fd);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size == 0)
        return 0;
    const auto& served = gs::fuzz::servedGateway();
    const auto mode = Mode(data[0] % ModeCount);
    const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
    if (mode == RawBytes)
        gs::fuzz::exchangeOverLoopback(served.tlsPort, rest);
    else
        exchangeOverTls(served.tlsPort, mode, rest);
    return 0;
}

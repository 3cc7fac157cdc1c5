#pragma once
// A blocking TLS client on a real socket: a handshake with the SNI and ALPN
// given, optionally verifying the server against a CA (and the SNI as hostname), then lines or a
// whole HTTP/1.1 exchange over it.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "client/connection_handles.h"
#include "client/http_client.h"

typedef struct ssl_st SSL;
typedef struct ssl_ctx_st SSL_CTX;
typedef struct x509_st X509;
typedef struct evp_pkey_st EVP_PKEY;

namespace gs::runtime::client {

// OpenSSL writes to a socket it was given (SSL_set_fd) with write(): a peer that has closed makes
// that SIGPIPE, which ends the process (the editor, sending traffic). The TLS clients call this
// before their first handshake; it makes the process ignore SIGPIPE once, so the write fails
// with EPIPE instead. The gateway itself writes with MSG_NOSIGNAL and needs none of this.
void ignoreBrokenPipes();

// A certificate the client presents when the server asks for one (mutual TLS).
struct ClientCertificate {
    std::string certificatePem;
    std::string privateKeyPem;
};

class TlsClient : public ConnectionHandles {
public:
    // Connects and handshakes. `caPem` empty: the server is not verified.
    // `resumeSessionPem`: a session from sessionPem() of an earlier connection, offered for resumption.
    TlsClient(const std::string& address, int port, const std::string& serverName, const std::string& caPem = {},
              const std::vector<std::string>& alpn = {}, const ClientCertificate* certificate = nullptr,
              const std::string& resumeSessionPem = {});

    bool ok() const { return ok_; }
    const std::string& error() const { return error_; }
    // The handshake ended because the server closed or reset the connection (what a client sees
    // when a gateway rejects an unroutable TLS connection).
    bool rejected() const { return rejected_; }

    std::string peerCommonName() const;
    // The server asked for a client certificate during the handshake.
    bool certificateRequested() const { return certificateRequested_; }
    // The session, PEM, for resuming on another connection (TLS 1.3 sends it after the handshake:
    // read something first); whether this connection resumed one.
    std::string sessionPem() const;
    bool resumed() const;

    // TLS records of application data received so far (a test of how a server frames its answers).
    std::size_t applicationRecordsReceived() const { return applicationRecords_; }

    bool write(const std::string& bytes);
    // Sends close_notify: this side writes no more; it can still read.
    bool closeNotify();
    // One line without its '\n' ("" on timeout or end).
    std::string readLine(std::chrono::milliseconds timeout = std::chrono::seconds(5));
    // Sends a request with Connection: close (and `body` with its Content-Length, when not empty),
    // in one write, and reads the response to the end.
    HttpResponse request(const std::string& method, const std::string& target, const std::string& host,
                         const std::vector<runtime::http::Header>& headers = {}, const std::string& body = {});

private:
    static int onCertificateRequest(SSL* ssl, X509** certificate, EVP_PKEY** key);
    static void onMessage(int writing, int version, int contentType, const void* buf, std::size_t len, SSL* ssl, void* self);
    bool ok_ = false;
    std::size_t applicationRecords_ = 0;
    bool rejected_ = false;
    bool certificateRequested_ = false;
    std::optional<ClientCertificate> certificate_;
    std::string error_;
    std::string pending_;
};

}  // namespace gs::runtime::client

#pragma once
// OpenSSL contexts built from PEM, shared by every connection that uses them (an SSL_CTX is
// thread-safe once configured).
//
// ServerContext: one listener's certificates (several may coexist, e.g. RSA and ECDSA; OpenSSL
// picks the one the client supports), TLS 1.2 and 1.3, and the ALPN protocols it offers.
// SniRouter: the listeners sharing one port; during the handshake the client's SNI picks the
// listener (the most specific hostname, as for Host: SPEC-NOTES §2) and so its certificate.
// ClientContext: for connections to backends (BackendTLSPolicy), verifying against given CAs.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

typedef struct ssl_ctx_st SSL_CTX;

namespace gs::runtime::tls {

class Session;

struct CertificatePem {
    std::string name;  // for errors: "secret/ns/name"
    std::string certificate;  // the chain, leaf first
    std::string privateKey;
};

// Client certificates a server context asks for, verified against these CAs. Require: a client
// without a valid one fails the handshake (Gateway spec.tls.frontend, AllowValidOnly).
// VerifyIfGiven: a certificate is optional but must verify when sent (the echo backend's
// TLS_CLIENT_CACERTS). AcceptAny: asked for, never refused (AllowInsecureFallback).
struct ClientVerification {
    enum class Mode { Require, VerifyIfGiven, AcceptAny };
    std::vector<std::string> caCertificatesPem;
    Mode mode = Mode::Require;
};

class ServerContext {
public:
    // nullptr and `error` when a certificate, key or CA cannot be used.
    static std::shared_ptr<ServerContext> create(const std::vector<CertificatePem>& certificates,
                                                 const std::vector<std::string>& alpn, std::string& error,
                                                 const ClientVerification* clients = nullptr);
    ~ServerContext();
    ServerContext(const ServerContext&) = delete;
    ServerContext& operator=(const ServerContext&) = delete;

    SSL_CTX* native() const { return ctx_; }
    const std::vector<std::string>& alpn() const { return alpn_; }
    // No session tickets and no session cache. For every context of a port where a listener
    // verifies client certificates: OpenSSL looks a resumed session up before the SNI picks the
    // listener, under the context the connection started with, so a session from a listener
    // that asks for no certificate could otherwise be resumed on one that does, skipping it.
    void disableResumption();

private:
    ServerContext() = default;
    SSL_CTX* ctx_ = nullptr;
    std::vector<std::string> alpn_;
};

class SniRouter {
public:
    // hostnames[i] ("" = any) is served with contexts[i]; a null context marks a listener that
    // does not terminate TLS here (it is never chosen for a handshake).
    SniRouter(std::vector<std::string> hostnames, std::vector<std::shared_ptr<ServerContext>> contexts);

    // The listener an SNI belongs to (-1: none). No SNI (an IP address was dialled) picks the
    // listener without hostname, if any.
    int select(std::string_view serverName) const;

    // A server session whose handshake picks its listener by SNI; nullptr when no listener has
    // a usable context.
    std::unique_ptr<Session> newSession() const;
    // A server session for one listener chosen already (e.g. from a ClientHello read earlier).
    std::unique_ptr<Session> newSessionFor(int listener) const;

    const ServerContext* context(int listener) const;

private:
    std::vector<std::string> hostnames_;
    std::vector<std::shared_ptr<ServerContext>> contexts_;
    int fallback_ = -1;  // the context used before the SNI is known
};

class ClientContext {
public:
    // Verifies the server against `caCertificatesPem` (or the system's CAs when asked), and
    // presents `certificate` when the server asks for one (Gateway spec.tls.backend).
    static std::shared_ptr<ClientContext> create(const std::vector<std::string>& caCertificatesPem, bool systemCas,
                                                 std::string& error, const CertificatePem* certificate = nullptr);
    ~ClientContext();
    SSL_CTX* native() const { return ctx_; }
    // Unique per context made in this process, for keying connections made with it.
    std::uint64_t serial() const { return serial_; }
    // A client session sending `serverName` as SNI and verifying the certificate for it, or for
    // any of `verifyNames` when given (BackendTLSPolicy subjectAltNames).
    std::unique_ptr<Session> newSession(const std::string& serverName, const std::vector<std::string>& alpn = {},
                                        const std::vector<std::string>& verifyNames = {}) const;

private:
    ClientContext();
    SSL_CTX* ctx_ = nullptr;
    std::uint64_t serial_ = 0;
};

// The OpenSSL error queue as text (and cleared).
std::string lastError();

}  // namespace gs::runtime::tls

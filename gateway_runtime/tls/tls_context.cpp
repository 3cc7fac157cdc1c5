#include "tls/tls_context.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <atomic>
#include <cstdint>

#include "http/route_table.h"
#include "tls/tls_session.h"

namespace gs::runtime::tls {

namespace {

// Per-connection data: the router whose SNI choice applies, and the listener it chose (+1).
int routerSlot()
{
    static const int slot = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
    return slot;
}

int listenerSlot()
{
    static const int slot = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
    return slot;
}

// The SNI picks the listener and so the certificate (SPEC-NOTES §2). An SNI that no listener
// serves ends the handshake with unrecognized_name.
int onServerName(SSL* ssl, int* alert, void*)
{
    const auto* router = static_cast<const SniRouter*>(SSL_get_ex_data(ssl, routerSlot()));
    if (!router)
        return SSL_TLSEXT_ERR_OK;
    const char* name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
    const int listener = router->select(name ? name : "");
    const ServerContext* context = listener >= 0 ? router->context(listener) : nullptr;
    if (!context) {
        *alert = SSL_AD_UNRECOGNIZED_NAME;
        return SSL_TLSEXT_ERR_ALERT_FATAL;
    }
    SSL_set_SSL_CTX(ssl, context->native());
    // The chosen listener's client certificate policy: SSL_set_SSL_CTX keeps the verify mode the
    // connection was created with, from the context used before the SNI was known.
    SSL_set_verify(ssl, SSL_CTX_get_verify_mode(context->native()), SSL_CTX_get_verify_callback(context->native()));
    SSL_set_ex_data(ssl, listenerSlot(), reinterpret_cast<void*>(std::intptr_t(listener + 1)));
    return SSL_TLSEXT_ERR_OK;
}

// ALPN: the server's preference order among what the client offers; none in common → no ALPN.
int onAlpn(SSL*, const unsigned char** out, unsigned char* outLength, const unsigned char* in, unsigned int inLength, void* arg)
{
    const auto* context = static_cast<const ServerContext*>(arg);
    for (const std::string& wanted : context->alpn())
        for (unsigned int i = 0; i < inLength;) {
            const unsigned int length = in[i];
            if (i + 1 + length > inLength)
                break;
            if (length == wanted.size() && std::equal(wanted.begin(), wanted.end(), in + i + 1)) {
                *out = in + i + 1;
                *outLength = static_cast<unsigned char>(length);
                return SSL_TLSEXT_ERR_OK;
            }
            i += 1 + length;
        }
    return SSL_TLSEXT_ERR_NOACK;
}

struct BioDeleter {
    void operator()(BIO* b) const { BIO_free(b); }
};
using BioPtr = std::unique_ptr<BIO, BioDeleter>;

BioPtr memoryBio(const std::string& pem) { return BioPtr(BIO_new_mem_buf(pem.data(), int(pem.size()))); }

// Loads one certificate chain and its key into `ctx` (a slot per key type: RSA and ECDSA coexist).
bool useCertificate(SSL_CTX* ctx, const CertificatePem& c, std::string& error)
{
    BioPtr chain = memoryBio(c.certificate);
    X509* leaf = PEM_read_bio_X509(chain.get(), nullptr, nullptr, nullptr);
    if (!leaf || SSL_CTX_use_certificate(ctx, leaf) != 1) {
        X509_free(leaf);
        error = c.name + ": the certificate cannot be read: " + lastError();
        return false;
    }
    X509_free(leaf);
    while (X509* extra = PEM_read_bio_X509(chain.get(), nullptr, nullptr, nullptr))
        SSL_CTX_add0_chain_cert(ctx, extra);  // takes ownership
    ERR_clear_error();  // the end of the PEM stream is reported as an error
    BioPtr keyBio = memoryBio(c.privateKey);
    EVP_PKEY* key = PEM_read_bio_PrivateKey(keyBio.get(), nullptr, nullptr, nullptr);
    const bool ok = key && SSL_CTX_use_PrivateKey(ctx, key) == 1 && SSL_CTX_check_private_key(ctx) == 1;
    EVP_PKEY_free(key);
    if (!ok)
        error = c.name + ": the private key cannot be used with the certificate: " + lastError();
    return ok;
}

// Reads every certificate of a PEM bundle; 0 when there is none.
int addCertificates(const std::string& pem, X509_STORE* store, STACK_OF(X509_NAME) * names)
{
    BioPtr bio = memoryBio(pem);
    int added = 0;
    while (X509* certificate = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
        X509_STORE_add_cert(store, certificate);
        if (names)
            sk_X509_NAME_push(names, X509_NAME_dup(X509_get_subject_name(certificate)));
        X509_free(certificate);
        ++added;
    }
    ERR_clear_error();  // the end of the PEM stream is reported as an error
    return added;
}

// AcceptAny (AllowInsecureFallback): a client certificate is asked for, and whatever the client
// sends (or not) is let through.
int acceptAnyClient(int, X509_STORE_CTX*) { return 1; }

bool requireClientCertificates(SSL_CTX* ctx, const ClientVerification& clients, std::string& error)
{
    STACK_OF(X509_NAME)* names = sk_X509_NAME_new_null();
    for (const std::string& pem : clients.caCertificatesPem)
        if (addCertificates(pem, SSL_CTX_get_cert_store(ctx), names) == 0) {
            sk_X509_NAME_pop_free(names, X509_NAME_free);
            error = "a client CA certificate cannot be read";
            return false;
        }
    SSL_CTX_set_client_CA_list(ctx, names);  // takes ownership; sent in the CertificateRequest
    using Mode = ClientVerification::Mode;
    switch (clients.mode) {
    case Mode::Require: SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr); break;
    case Mode::VerifyIfGiven: SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr); break;
    case Mode::AcceptAny: SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, acceptAnyClient); break;
    }
    // A session id context is required with peer verification; resumption across the listeners
    // of a port is turned off altogether (ServerContext::disableResumption).
    static std::atomic<int> counter{0};
    const std::string context = "gs-clients-" + std::to_string(++counter);
    SSL_CTX_set_session_id_context(ctx, reinterpret_cast<const unsigned char*>(context.data()), unsigned(context.size()));
    return true;
}

}  // namespace

std::string lastError()
{
    std::string text;
    while (const unsigned long code = ERR_get_error()) {
        char buffer[256];
        ERR_error_string_n(code, buffer, sizeof buffer);
        if (!text.empty())
            text += "; ";
        text += buffer;
    }
    return text;
}

std::shared_ptr<ServerContext> ServerContext::create(const std::vector<CertificatePem>& certificates,
                                                     const std::vector<std::string>& alpn, std::string& error,
                                                     const ClientVerification* clients)
{
    std::shared_ptr<ServerContext> c(new ServerContext());
    c->alpn_ = alpn;
    c->ctx_ = SSL_CTX_new(TLS_server_method());
    if (!c->ctx_) {
        error = lastError();
        return nullptr;
    }
    SSL_CTX_set_min_proto_version(c->ctx_, TLS1_2_VERSION);
    SSL_CTX_set_options(c->ctx_, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
    SSL_CTX_set_mode(c->ctx_, SSL_MODE_RELEASE_BUFFERS);  // idle connections keep no record buffers
    if (certificates.empty()) {
        error = "no certificate";
        return nullptr;
    }
    for (const CertificatePem& pem : certificates)
        if (!useCertificate(c->ctx_, pem, error))
            return nullptr;
    if (clients && !requireClientCertificates(c->ctx_, *clients, error))
        return nullptr;
    SSL_CTX_set_tlsext_servername_callback(c->ctx_, onServerName);
    SSL_CTX_set_alpn_select_cb(c->ctx_, onAlpn, c.get());
    return c;
}

ServerContext::~ServerContext() { SSL_CTX_free(ctx_); }

void ServerContext::disableResumption()
{
    SSL_CTX_set_options(ctx_, SSL_OP_NO_TICKET);
    SSL_CTX_set_num_tickets(ctx_, 0);
    SSL_CTX_set_session_cache_mode(ctx_, SSL_SESS_CACHE_OFF);
}

SniRouter::SniRouter(std::vector<std::string> hostnames, std::vector<std::shared_ptr<ServerContext>> contexts)
    : hostnames_(std::move(hostnames)), contexts_(std::move(contexts))
{
    // Before the SNI is known (and when there is none): the listener without hostname, else the first.
    for (std::size_t i = 0; i < contexts_.size() && fallback_ < 0; ++i)
        if (contexts_[i] && hostnames_[i].empty())
            fallback_ = int(i);
    for (std::size_t i = 0; i < contexts_.size() && fallback_ < 0; ++i)
        if (contexts_[i])
            fallback_ = int(i);
}

int SniRouter::select(std::string_view serverName) const
{
    if (serverName.empty())
        return fallback_;
    return http::selectByHostname(hostnames_, serverName);
}

const ServerContext* SniRouter::context(int listener) const
{
    if (listener < 0 || std::size_t(listener) >= contexts_.size())
        return nullptr;
    return contexts_[std::size_t(listener)].get();
}

std::unique_ptr<Session> SniRouter::newSession() const
{
    if (fallback_ < 0)
        return nullptr;
    SSL* ssl = SSL_new(contexts_[std::size_t(fallback_)]->native());
    if (!ssl)
        return nullptr;
    SSL_set_accept_state(ssl);
    SSL_set_ex_data(ssl, routerSlot(), const_cast<SniRouter*>(this));
    SSL_set_ex_data(ssl, listenerSlot(), reinterpret_cast<void*>(std::intptr_t(fallback_ + 1)));
    return std::make_unique<Session>(ssl);
}

std::unique_ptr<Session> SniRouter::newSessionFor(int listener) const
{
    const ServerContext* c = context(listener);
    SSL* ssl = c ? SSL_new(c->native()) : nullptr;
    if (!ssl)
        return nullptr;
    SSL_set_accept_state(ssl);
    SSL_set_ex_data(ssl, listenerSlot(), reinterpret_cast<void*>(std::intptr_t(listener + 1)));
    return std::make_unique<Session>(ssl);
}

int Session::listener() const { return int(reinterpret_cast<std::intptr_t>(SSL_get_ex_data(ssl_, listenerSlot()))) - 1; }

std::shared_ptr<ClientContext> ClientContext::create(const std::vector<std::string>& caCertificatesPem, bool systemCas,
                                                     std::string& error, const CertificatePem* certificate)
{
    std::shared_ptr<ClientContext> c(new ClientContext());
    c->ctx_ = SSL_CTX_new(TLS_client_method());
    if (!c->ctx_) {
        error = lastError();
        return nullptr;
    }
    SSL_CTX_set_min_proto_version(c->ctx_, TLS1_2_VERSION);
    SSL_CTX_set_verify(c->ctx_, SSL_VERIFY_PEER, nullptr);
    if (systemCas)
        SSL_CTX_set_default_verify_paths(c->ctx_);
    for (const std::string& pem : caCertificatesPem)
        if (addCertificates(pem, SSL_CTX_get_cert_store(c->ctx_), nullptr) == 0) {
            error = "a CA certificate cannot be read";
            return nullptr;
        }
    if (certificate && !useCertificate(c->ctx_, *certificate, error))
        return nullptr;
    return c;
}

ClientContext::ClientContext()
{
    static std::atomic<std::uint64_t> next{0};
    serial_ = ++next;
}

ClientContext::~ClientContext() { SSL_CTX_free(ctx_); }

std::unique_ptr<Session> ClientContext::newSession(const std::string& serverName, const std::vector<std::string>& alpn,
                                                   const std::vector<std::string>& verifyNames) const
{
    SSL* ssl = SSL_new(ctx_);
    if (!ssl)
        return nullptr;
    SSL_set_connect_state(ssl);
    if (!serverName.empty())
        SSL_set_tlsext_host_name(ssl, serverName.c_str());
    const std::vector<std::string> names = verifyNames.empty() ? std::vector<std::string>{serverName} : verifyNames;
    for (std::size_t i = 0; i < names.size(); ++i)
        if (!names[i].empty())
            (i == 0 ? SSL_set1_host : SSL_add1_host)(ssl, names[i].c_str());
    if (!alpn.empty()) {
        std::string wire;
        for (const std::string& p : alpn)
            wire += char(p.size()) + p;
        SSL_set_alpn_protos(ssl, reinterpret_cast<const unsigned char*>(wire.data()), unsigned(wire.size()));
    }
    return std::make_unique<Session>(ssl);
}

}  // namespace gs::runtime::tls

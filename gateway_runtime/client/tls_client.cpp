#include "client/tls_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <cerrno>
#include <csignal>
#include <mutex>
#include <cstring>

namespace gs::runtime::client {

namespace {

int connectBlocking(const std::string& address, int port, std::string& error)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(std::uint16_t(port));
    ::inet_pton(AF_INET, address.c_str(), &a.sin_addr);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        error = std::strerror(errno);
        ::close(fd);
        return -1;
    }
    timeval timeout{10, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    return fd;
}

bool trust(SSL_CTX* ctx, const std::string& caPem)
{
    BIO* bio = BIO_new_mem_buf(caPem.data(), int(caPem.size()));
    X509* ca = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    if (!ca)
        return false;
    X509_STORE_add_cert(SSL_CTX_get_cert_store(ctx), ca);
    X509_free(ca);
    return true;
}

template <typename T, T* (*read)(BIO*, T**, pem_password_cb*, void*)> T* fromPem(const std::string& pem)
{
    BIO* bio = BIO_new_mem_buf(pem.data(), int(pem.size()));
    T* out = read(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    return out;
}

}  // namespace

void ignoreBrokenPipes()
{
    static std::once_flag once;
    std::call_once(once, [] { std::signal(SIGPIPE, SIG_IGN); });
}

// Counts received application-data records: TLS 1.3 hides the type inside the record (reported
// as its inner content type), TLS 1.2 shows it in the record header.
void TlsClient::onMessage(int writing, int, int contentType, const void* buf, std::size_t len, SSL* ssl, void* self)
{
    if (writing || len < 1)
        return;
    const auto type = static_cast<const unsigned char*>(buf)[0];
    const bool tls13 = SSL_version(ssl) == TLS1_3_VERSION;  // the record headers say 1.2 in TLS 1.3 too
    if (type == SSL3_RT_APPLICATION_DATA &&
        ((tls13 && contentType == SSL3_RT_INNER_CONTENT_TYPE) || (!tls13 && contentType == SSL3_RT_HEADER)))
        ++static_cast<TlsClient*>(self)->applicationRecords_;
}

// Called when the server sends a CertificateRequest: note it, and present the certificate if any.
int TlsClient::onCertificateRequest(SSL* ssl, X509** certificate, EVP_PKEY** key)
{
    auto* self = static_cast<TlsClient*>(SSL_get_app_data(ssl));
    self->certificateRequested_ = true;
    if (!self->certificate_)
        return 0;
    *certificate = fromPem<X509, PEM_read_bio_X509>(self->certificate_->certificatePem);
    *key = fromPem<EVP_PKEY, PEM_read_bio_PrivateKey>(self->certificate_->privateKeyPem);
    if (*certificate && *key)
        return 1;
    X509_free(*certificate);
    EVP_PKEY_free(*key);
    *certificate = nullptr;
    *key = nullptr;
    return 0;
}

TlsClient::TlsClient(const std::string& address, int port, const std::string& serverName, const std::string& caPem,
                     const std::vector<std::string>& alpn, const ClientCertificate* certificate,
                     const std::string& resumeSessionPem)
{
    if (certificate)
        certificate_ = *certificate;
    fd_ = connectBlocking(address, port, error_);
    if (fd_ < 0)
        return;
    ctx_ = SSL_CTX_new(TLS_client_method());
    SSL_CTX_set_min_proto_version(ctx_, TLS1_2_VERSION);
    if (!caPem.empty()) {
        trust(ctx_, caPem);
        SSL_CTX_set_verify(ctx_, SSL_VERIFY_PEER, nullptr);
    }
    ignoreBrokenPipes();
    SSL_CTX_set_client_cert_cb(ctx_, &TlsClient::onCertificateRequest);
    ssl_ = SSL_new(ctx_);
    SSL_set_app_data(ssl_, this);
    SSL_set_msg_callback(ssl_, &TlsClient::onMessage);
    SSL_set_msg_callback_arg(ssl_, this);
    SSL_set_fd(ssl_, fd_);
    if (!resumeSessionPem.empty())
        if (SSL_SESSION* session = fromPem<SSL_SESSION, PEM_read_bio_SSL_SESSION>(resumeSessionPem)) {
            SSL_set_session(ssl_, session);
            SSL_SESSION_free(session);
        }
    if (!serverName.empty()) {
        SSL_set_tlsext_host_name(ssl_, serverName.c_str());
        if (!caPem.empty())
            SSL_set1_host(ssl_, serverName.c_str());
    }
    if (!alpn.empty()) {
        std::string wire;
        for (const std::string& p : alpn)
            wire += char(p.size()) + p;
        SSL_set_alpn_protos(ssl_, reinterpret_cast<const unsigned char*>(wire.data()), unsigned(wire.size()));
    }
    ERR_clear_error();
    const int result = SSL_connect(ssl_);
    if (result == 1) {
        ok_ = true;
        return;
    }
    const int code = SSL_get_error(ssl_, result);
    const unsigned long queued = ERR_peek_error();
    // EOF or a reset during the handshake, with no TLS alert: the server dropped the connection.
    rejected_ =
        code == SSL_ERROR_SYSCALL || (code == SSL_ERROR_SSL && ERR_GET_REASON(queued) == SSL_R_UNEXPECTED_EOF_WHILE_READING);
    char text[256] = {};
    ERR_error_string_n(ERR_get_error(), text, sizeof text);
    error_ = std::string("handshake failed (") + std::to_string(code) + "): " + text + " errno " + std::strerror(errno);
}

std::string TlsClient::peerCommonName() const
{
    X509* peer = ssl_ ? SSL_get1_peer_certificate(ssl_) : nullptr;
    if (!peer)
        return {};
    char cn[256] = {};
    X509_NAME_get_text_by_NID(X509_get_subject_name(peer), NID_commonName, cn, sizeof cn);
    X509_free(peer);
    return cn;
}

std::string TlsClient::sessionPem() const
{
    SSL_SESSION* session = ssl_ ? SSL_get1_session(ssl_) : nullptr;
    if (!session)
        return {};
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_SSL_SESSION(bio, session);
    char* data = nullptr;
    const long length = BIO_get_mem_data(bio, &data);
    std::string out(data, std::size_t(length));
    BIO_free(bio);
    SSL_SESSION_free(session);
    return out;
}

bool TlsClient::resumed() const { return ssl_ && SSL_session_reused(ssl_) == 1; }

bool TlsClient::write(const std::string& bytes)
{
    return ok_ && SSL_write(ssl_, bytes.data(), int(bytes.size())) == int(bytes.size());
}

bool TlsClient::closeNotify() { return ok_ && SSL_shutdown(ssl_) >= 0; }

std::string TlsClient::readLine(std::chrono::milliseconds timeout)
{
    timeval t{long(timeout.count() / 1000), long(timeout.count() % 1000) * 1000};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &t, sizeof t);
    while (pending_.find('\n') == std::string::npos) {
        char chunk[4096];
        const int n = ok_ ? SSL_read(ssl_, chunk, sizeof chunk) : 0;
        if (n <= 0)
            return {};
        pending_.append(chunk, std::size_t(n));
    }
    const std::size_t end = pending_.find('\n');
    std::string line = pending_.substr(0, end);
    pending_.erase(0, end + 1);
    return line;
}

HttpResponse TlsClient::request(const std::string& method, const std::string& target, const std::string& host,
                                const std::vector<runtime::http::Header>& headers, const std::string& body)
{
    std::string req = method + " " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n";
    for (const auto& h : headers)
        req += h.name + ": " + h.value + "\r\n";
    if (!body.empty())
        req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    req += "\r\n" + body;
    HttpResponse failed;
    if (!write(req)) {
        failed.error = "write failed: " + error_;
        return failed;
    }
    std::string bytes;
    char chunk[16384];
    int n;
    while ((n = SSL_read(ssl_, chunk, sizeof chunk)) > 0)
        bytes.append(chunk, std::size_t(n));
    return parseResponse(bytes);
}

}  // namespace gs::runtime::client

#include "tls_record_backend.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>

#include <cstdlib>
#include <memory>

namespace gs::test {

namespace {

SSL_CTX* makeContext(const std::string& certificatePem, const std::string& privateKeyPem)
{
    SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
    std::unique_ptr<BIO, decltype(&BIO_free)> certBio(BIO_new_mem_buf(certificatePem.data(), int(certificatePem.size())),
                                                      BIO_free);
    std::unique_ptr<BIO, decltype(&BIO_free)> keyBio(BIO_new_mem_buf(privateKeyPem.data(), int(privateKeyPem.size())), BIO_free);
    X509* cert = PEM_read_bio_X509(certBio.get(), nullptr, nullptr, nullptr);
    EVP_PKEY* key = PEM_read_bio_PrivateKey(keyBio.get(), nullptr, nullptr, nullptr);
    const bool loaded = ctx && cert && key && SSL_CTX_use_certificate(ctx, cert) == 1 && SSL_CTX_use_PrivateKey(ctx, key) == 1;
    X509_free(cert);
    EVP_PKEY_free(key);
    if (!loaded) {
        SSL_CTX_free(ctx);
        return nullptr;
    }
    return ctx;
}

// Counts the application-data records read (the same test as the gateway's TlsClient makes:
// TLS 1.3 hides the real type inside the record).
void countRecord(int writing, int, int contentType, const void* buf, std::size_t len, SSL* ssl, void* counter)
{
    if (writing || len < 1 || static_cast<const unsigned char*>(buf)[0] != SSL3_RT_APPLICATION_DATA)
        return;
    const bool tls13 = SSL_version(ssl) == TLS1_3_VERSION;
    if ((tls13 && contentType == SSL3_RT_INNER_CONTENT_TYPE) || (!tls13 && contentType == SSL3_RT_HEADER))
        ++*static_cast<int*>(counter);
}

// Reads one request (head and Content-Length body) into `buffer`'s front; false when the
// connection ended first.
bool readRequest(SSL* ssl, std::string& buffer)
{
    for (;;) {
        if (const std::size_t end = buffer.find("\r\n\r\n"); end != std::string::npos) {
            std::size_t length = 0;
            if (const std::size_t at = buffer.find("Content-Length: "); at != std::string::npos && at < end)
                length = std::strtoul(buffer.c_str() + at + 16, nullptr, 10);
            if (buffer.size() >= end + 4 + length) {
                buffer.erase(0, end + 4 + length);
                return true;
            }
        }
        char bytes[4096];
        const int n = SSL_read(ssl, bytes, sizeof bytes);
        if (n <= 0)
            return false;
        buffer.append(bytes, std::size_t(n));
    }
}

}  // namespace

TlsRecordBackend::TlsRecordBackend(const std::string& certificatePem, const std::string& privateKeyPem)
    : context_(makeContext(certificatePem, privateKeyPem)), server_({[this](std::size_t, int fd) { serve(fd); }, {}})
{
}

TlsRecordBackend::~TlsRecordBackend()
{
    server_.stop();
    SSL_CTX_free(static_cast<SSL_CTX*>(context_));
}

void TlsRecordBackend::serve(int fd)
{
    if (!context_)
        return;
    SSL* ssl = SSL_new(static_cast<SSL_CTX*>(context_));
    int records = 0;
    SSL_set_msg_callback(ssl, &countRecord);
    SSL_set_msg_callback_arg(ssl, &records);
    SSL_set_fd(ssl, fd);
    std::string buffer;
    if (SSL_accept(ssl) == 1)
        for (;;) {
            records = 0;
            if (!readRequest(ssl, buffer) || !buffer.empty())  // a request per read: nothing pipelined behind it
                break;
            const std::string body = "records=" + std::to_string(records);
            const std::string answer = "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
            if (SSL_write(ssl, answer.data(), int(answer.size())) <= 0)
                break;
        }
    SSL_free(ssl);
    ERR_clear_error();
}

}  // namespace gs::test

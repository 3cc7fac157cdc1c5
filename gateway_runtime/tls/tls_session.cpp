#include "tls/tls_session.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>

#include "tls/tls_context.h"

namespace gs::runtime::tls {

namespace {

constexpr std::size_t kReadChunk = 16 * 1024;  // one TLS record's plaintext

// Empties the thread's OpenSSL error queue, as every SSL I/O call needs before it (SSL_get_error
// reads the queue). Clearing walks all of the queue's slots; looking first costs only the
// thread-local lookup, and the queue is almost always empty.
void clearErrorQueue()
{
    if (ERR_peek_error() != 0)
        ERR_clear_error();
}

}  // namespace

Session::Session(SSL* ssl) : ssl_(ssl)
{
    BIO* in = BIO_new(BIO_s_mem());
    BIO* out = BIO_new(BIO_s_mem());
    BIO_set_mem_eof_return(in, -1);  // "no data yet" rather than end of stream
    BIO_set_mem_eof_return(out, -1);
    SSL_set_bio(ssl_, in, out);
}

Session::~Session() { SSL_free(ssl_); }

void Session::receiveCipher(std::string_view bytes)
{
    if (!bytes.empty())
        BIO_write(SSL_get_rbio(ssl_), bytes.data(), int(bytes.size()));
}

bool Session::fail(int result)
{
    const int code = SSL_get_error(ssl_, result);
    if (code == SSL_ERROR_WANT_READ || code == SSL_ERROR_WANT_WRITE)
        return false;
    const std::string queued = lastError();
    error_ = !queued.empty()        ? queued
        : code == SSL_ERROR_SYSCALL ? "the connection ended during the TLS exchange"
                                    : "TLS error " + std::to_string(code);
    return true;
}

Session::Status Session::handshake()
{
    if (established_)
        return Status::Done;
    clearErrorQueue();
    const int result = SSL_do_handshake(ssl_);
    if (result == 1) {
        established_ = true;
        return Status::Done;
    }
    return fail(result) ? Status::Failed : Status::Pending;
}

long Session::readPlain(net::Buffer& plain)
{
    long total = 0;
    for (;;) {
        std::size_t n = 0;
        clearErrorQueue();
        char* at = plain.prepare(kReadChunk);
        const int ok = SSL_read_ex(ssl_, at, kReadChunk, &n);
        if (ok == 1) {
            plain.commit(n);
            total += long(n);
            // Nothing is left in OpenSSL (decrypted or not) and no ciphertext waits in the read
            // BIO: another SSL_read_ex would only report that it wants more (a failed call, its
            // error queue and SSL_get_error).
            if (!SSL_has_pending(ssl_) && BIO_ctrl_pending(SSL_get_rbio(ssl_)) == 0)
                return total;
            continue;
        }
        const int code = SSL_get_error(ssl_, ok);
        closedByPeer_ = closedByPeer_ || code == SSL_ERROR_ZERO_RETURN;
        if (total > 0 && code != SSL_ERROR_SSL)
            return total;
        if (code == SSL_ERROR_ZERO_RETURN)
            return 0;
        if (!fail(ok))
            return -1;
        return total > 0 ? total : -2;
    }
}

bool Session::writePlain(std::string_view plain)
{
    while (!plain.empty()) {
        std::size_t written = 0;
        clearErrorQueue();
        const int ok = SSL_write_ex(ssl_, plain.data(), plain.size(), &written);
        if (ok != 1) {
            fail(ok);
            return false;
        }
        plain.remove_prefix(written);
    }
    return true;
}

void Session::shutdown()
{
    clearErrorQueue();
    SSL_shutdown(ssl_);
}

bool Session::takeCipher(net::Buffer& out)
{
    BIO* bio = SSL_get_wbio(ssl_);
    bool moved = false;
    while (const std::size_t pending = BIO_ctrl_pending(bio)) {
        char* at = out.prepare(pending);
        const int n = BIO_read(bio, at, int(pending));
        if (n <= 0)
            break;
        out.commit(std::size_t(n));
        moved = true;
    }
    return moved;
}

std::string Session::serverName() const
{
    const char* name = SSL_get_servername(ssl_, TLSEXT_NAMETYPE_host_name);
    return name ? name : "";
}

std::string Session::alpn() const
{
    const unsigned char* data = nullptr;
    unsigned int length = 0;
    SSL_get0_alpn_selected(ssl_, &data, &length);
    return data ? std::string(reinterpret_cast<const char*>(data), length) : std::string();
}

std::string Session::version() const { return SSL_get_version(ssl_); }

std::string Session::cipher() const
{
    const SSL_CIPHER* c = SSL_get_current_cipher(ssl_);
    const char* name = c ? SSL_CIPHER_standard_name(c) : nullptr;
    return name ? name : "";
}

std::vector<std::string> Session::peerCertificates() const
{
    std::vector<std::string> out;
    auto pem = [&out](X509* certificate) {
        BIO* bio = BIO_new(BIO_s_mem());
        if (PEM_write_bio_X509(bio, certificate) == 1) {
            char* data = nullptr;
            const long length = BIO_get_mem_data(bio, &data);
            out.emplace_back(data, std::size_t(length));
        }
        BIO_free(bio);
    };
    X509* leaf = SSL_get1_peer_certificate(ssl_);
    if (!leaf)
        return out;
    pem(leaf);
    // On a server the chain excludes the leaf; on a client it starts with it.
    if (STACK_OF(X509)* chain = SSL_get_peer_cert_chain(ssl_))
        for (int i = 0; i < sk_X509_num(chain); ++i)
            if (X509_cmp(sk_X509_value(chain, i), leaf) != 0)
                pem(sk_X509_value(chain, i));
    X509_free(leaf);
    return out;
}

std::string Session::group() const
{
    const int nid = SSL_get_negotiated_group(ssl_);
    const char* name = nid ? SSL_group_to_name(ssl_, nid) : nullptr;
    return name ? name : "";
}

}  // namespace gs::runtime::tls

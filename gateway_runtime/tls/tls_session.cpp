#include "tls/tls_session.h"

#include <algorithm>
#include <cstring>

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

// The BIO over a session's CipherBuffers (BIO_get_data). Reading what has not arrived yet is
// "retry", never end of stream: the transport says when the peer closed.
template <typename Buffers> struct CipherBio {
    static Buffers& of(BIO* bio) { return *static_cast<Buffers*>(BIO_get_data(bio)); }

    static int write(BIO* bio, const char* data, int length)
    {
        BIO_clear_retry_flags(bio);
        of(bio).out.append({data, std::size_t(length)});
        return length;
    }

    static int read(BIO* bio, char* data, int length)
    {
        BIO_clear_retry_flags(bio);
        net::Buffer& in = of(bio).in;
        if (in.empty()) {
            BIO_set_retry_read(bio);
            return -1;
        }
        const std::size_t n = std::min(std::size_t(length), in.size());
        std::memcpy(data, in.data(), n);
        in.consume(n);
        if (in.empty())
            in.release();  // an idle connection holds no inbound block
        return int(n);
    }

    static long control(BIO* bio, int command, long, void*)
    {
        switch (command) {
        case BIO_CTRL_PENDING: return long(of(bio).in.size());
        case BIO_CTRL_WPENDING: return long(of(bio).out.size());
        case BIO_CTRL_FLUSH: return 1;  // nothing is held back: the transport sends
        default: return 0;
        }
    }

    static int create(BIO* bio)
    {
        BIO_set_init(bio, 1);
        return 1;
    }

    static const BIO_METHOD* method()
    {
        static BIO_METHOD* const m = [] {
            BIO_METHOD* made = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "gateway-studio cipher buffers");
            BIO_meth_set_write(made, &write);
            BIO_meth_set_read(made, &read);
            BIO_meth_set_ctrl(made, &control);
            BIO_meth_set_create(made, &create);
            return made;
        }();
        return m;
    }
};

}  // namespace

Session::Session(SSL* ssl) : ssl_(ssl)
{
    BIO* bio = BIO_new(CipherBio<CipherBuffers>::method());
    BIO_set_data(bio, &cipher_);
    SSL_set_bio(ssl_, bio, bio);  // one BIO both ways: the SSL takes its one reference
}

Session::~Session() { SSL_free(ssl_); }

void Session::receiveCipher(std::string_view bytes)
{
    if (!bytes.empty())
        cipher_.in.append(bytes);
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
    if (cipher_.out.empty())
        return false;
    if (out.empty()) {
        net::Buffer emptied = std::move(out);  // its memory, if any, goes back below
        out = std::move(cipher_.out);
        cipher_.out = std::move(emptied);
    } else {
        out.append(cipher_.out.view());
    }
    cipher_.out.clear();
    cipher_.out.release();
    return true;
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

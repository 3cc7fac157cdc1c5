#pragma once
// One TLS connection (net::SecureLayer, under a net::Transport), driven through memory buffers: the caller moves ciphertext between the
// socket and the session, and plaintext between the session and its protocol. Keeping OpenSSL
// off the socket lets bytes read before the handshake (a ClientHello peeked for its SNI) be
// handed over, and keeps the connection classes' own buffering and backpressure. OpenSSL reads
// and writes the ciphertext through a BIO over the session's two buffers (`cipher_`): what
// arrives is copied once, into the inbound buffer, and what is to be sent moves to the
// transport's buffer whole when that is empty (memory BIOs copied each way once more).
//
// Not thread-safe: one connection, one thread.

#include <string>
#include <string_view>
#include <vector>

#include "net/buffer.h"
#include "net/secure_layer.h"

typedef struct ssl_st SSL;

namespace gs::runtime::tls {

class Session : public net::SecureLayer {
public:
    using Status = net::SecureLayer::Status;

    // Takes ownership of `ssl` (already set up as client or server).
    explicit Session(SSL* ssl);
    ~Session() override;
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    // Ciphertext received from the peer.
    void receiveCipher(std::string_view bytes) override;
    // Advances the handshake with what was received; Failed sets error().
    Status handshake() override;
    bool established() const override { return established_; }

    // Decrypts what it can into `plain`: bytes added, 0 when the peer closed the TLS session
    // (close_notify), -1 when more ciphertext is needed, -2 on an error (see error()).
    long readPlain(net::Buffer& plain) override;
    // The peer's close_notify has arrived, possibly behind data readPlain() returned.
    bool closedByPeer() const override { return closedByPeer_; }
    // Encrypts all of `plain`. False on an error.
    bool writePlain(std::string_view plain) override;
    // Queues a close_notify.
    void shutdown() override;
    // Moves the ciphertext waiting to be sent into `out`. True when it moved anything.
    bool takeCipher(net::Buffer& out) override;

    // After the handshake.
    std::string serverName() const;  // the SNI the client sent ("" when none)
    std::string alpn() const;  // the negotiated ALPN protocol ("" when none)
    std::string version() const;  // "TLSv1.3"
    std::string cipher() const;  // "TLS_AES_128_GCM_SHA256"
    std::string group() const;  // the key exchange group, "X25519"
    // The certificates the peer presented, leaf first, PEM (none when it sent none).
    std::vector<std::string> peerCertificates() const;
    int listener() const;  // the listener the SNI picked (SniRouter), -1 if none

    const std::string& error() const override { return error_; }
    SSL* native() const { return ssl_; }

private:
    bool fail(int result);

    struct CipherBuffers {
        net::Buffer in;  // received, not yet read by OpenSSL
        net::Buffer out;  // written by OpenSSL, not yet taken
    };
    CipherBuffers cipher_;  // before ssl_'s BIO, which points at it (declared first: destroyed last)
    SSL* ssl_;
    bool established_ = false;
    bool closedByPeer_ = false;
    std::string error_;
};

}  // namespace gs::runtime::tls

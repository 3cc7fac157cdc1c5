#pragma once
// What a Transport needs of a security layer between its socket and its protocol: ciphertext in,
// the handshake, plaintext out and in, ciphertext to send. tls::Session implements it with
// OpenSSL; net/ itself stays free of OpenSSL (it depends on POSIX only).
//
// One connection, one thread.

#include <string>
#include <string_view>

#include "net/buffer.h"

namespace gs::runtime::net {

class SecureLayer {
public:
    enum class Status { Pending, Done, Failed };

    virtual ~SecureLayer() = default;

    // Ciphertext received from the peer.
    virtual void receiveCipher(std::string_view bytes) = 0;
    // Advances the handshake with what was received; Failed sets error().
    virtual Status handshake() = 0;
    virtual bool established() const = 0;
    // Decrypts what it can into `plain`: bytes added, 0 when the peer closed the session
    // (close_notify), -1 when more ciphertext is needed, -2 on an error (see error()).
    virtual long readPlain(Buffer& plain) = 0;
    // The peer's close_notify has arrived, possibly behind data readPlain() returned.
    virtual bool closedByPeer() const = 0;
    // Encrypts all of `plain`. False on an error.
    virtual bool writePlain(std::string_view plain) = 0;
    // Queues a close_notify.
    virtual void shutdown() = 0;
    // Moves the ciphertext waiting to be sent into `out`. True when it moved anything.
    virtual bool takeCipher(Buffer& out) = 0;
    virtual const std::string& error() const = 0;
};

}  // namespace gs::runtime::net

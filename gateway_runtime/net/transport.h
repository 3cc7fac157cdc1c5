#pragma once
// A connected stream socket and what every connection class needs beneath its protocol: the fd
// (owned), an optional security layer (TLS) between the socket and the protocol's bytes, the
// plaintext read (`in`), the bytes waiting to go out (`out`: ciphertext under TLS), the loop's
// interest, and how much is still queued. The protocol classes
// (HTTP/1.1, HTTP/2, the stream proxy, the echo servers) keep only their protocol's state.
//
// Contracts:
// - read() takes one read of the socket per call (level-triggered polling calls again while more
//   is waiting), advances a pending handshake, and decrypts what it can into in().
// - Plaintext sent before the handshake is done waits and goes out encrypted once it is
//   (a client may write its request while connecting).
// - Nothing is written to the socket until flush(); read() flushes the layer's own messages (the
//   handshake, a failed handshake's alert, TLS 1.3 session tickets) itself.
// - One transport, one handler, one thread (net/event_loop.h).

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "net/buffer.h"
#include "net/event_loop.h"
#include "net/secure_layer.h"

namespace gs::runtime::net {

class Transport {
public:
    // Takes ownership of `fd`, a connected (or connecting) non-blocking socket.
    Transport(EventLoop& loop, IoHandler& handler, int fd);
    // Takes over `other`'s socket, layer, buffers and waiting plaintext for `handler` (an
    // HTTP/1.1 connection becoming HTTP/2); `other` is left closed and empty. Not watched yet.
    Transport(Transport&& other, IoHandler& handler);
    ~Transport();  // stops watching and closes the fd
    Transport(const Transport&) = delete;
    Transport& operator=(const Transport&) = delete;

    int fd() const { return fd_; }
    bool open() const { return fd_ >= 0; }

    // Puts `layer` between the socket and the protocol; `received` is ciphertext read before (a
    // ClientHello peeked for its SNI). Returns the layer, still typed, for the protocol's own
    // questions (ALPN, SNI); the transport owns it.
    template <typename Layer> Layer* secure(std::unique_ptr<Layer> layer, std::string_view received = {})
    {
        Layer* typed = layer.get();
        secure_ = std::move(layer);
        secure_->receiveCipher(received);
        return typed;
    }
    bool established() const { return !secure_ || secure_->established(); }
    // Advances the handshake without reading (a client's first flight once connected) and queues
    // what it wrote; flush() sends it.
    SecureLayer::Status handshake();

    enum class Status {
        Data,  // in() has new plaintext
        Again,  // nothing yet (or only handshake progress)
        Ended,  // the peer ended the stream (FIN, or TLS close_notify)
        Failed,  // a socket or TLS error: error()
        HandshakeFailed,  // the TLS handshake failed (its alert was sent, best effort): error()
    };
    struct Read {
        Status status;
        bool established = false;  // the TLS handshake completed during this read
        long wireBytes = 0;  // read from the socket (ciphertext under TLS)
    };
    Read read(std::size_t max = 64 * 1024);
    // The peer's close_notify came behind data this read returned.
    bool peerClosedSecure() const { return secure_ && secure_->closedByPeer(); }

    Buffer& in() { return in_; }
    const Buffer& in() const { return in_; }
    Buffer& out() { return out_; }
    const Buffer& out() const { return out_; }
    // Queues plaintext (encrypting it under TLS). False on a TLS error.
    bool send(std::string_view plain);
    // Queues plaintext to leave with everything else staged before the next sealStaged(): under
    // TLS in one record, sealed by the send batch, flush() or the owner; in plaintext the same
    // as send(). A response's head and body, or a request's, written apart, leave as one record.
    void stage(std::string_view plain);
    // Hands the staged plaintext to send(). False on a TLS error, and again on every later call.
    bool sealStaged();
    // Writes what the socket takes of out(). False on an error other than EAGAIN (including the
    // error of this iteration's batched send).
    bool flush();
    // Lets out() leave with the loop's other sends of this iteration (net/send_batch.h), before
    // the deferred tasks run; the caller still flushes (a deferred flush) as without it. Nothing
    // happens where the loop has no batch.
    void sendAtBatchEnd();
    bool batched() const { return batched_; }
    // The batch's result for this transport: bytes sent, or -errno. For SendBatch.
    void batchSent(long result);
    // Bytes not yet taken by the socket: out(), and plaintext staged or waiting for the handshake.
    std::size_t queued() const { return out_.size() + staged_.size() + pendingPlain_.size(); }
    // Under TLS, queues a close_notify.
    void shutdownSecure();
    // Sends a FIN (SHUT_WR): this side writes no more; reading goes on.
    void shutdownWrite();

    // Readability as asked, writability whenever out() holds bytes or `write` asks (a connect in
    // progress). Free when nothing changes.
    void watch(bool read, bool write = false);
    // The connection is done with the fd (it is closing): stops watching, and leaves the send
    // batch, so bytes queued for it in this iteration are not sent (nor is its deferred flush run).
    void unwatch();
    // Ends the connection with a TCP RST instead of a FIN when closed (SO_LINGER 0).
    void resetOnClose();
    void close();

    // Reads and drops what the socket has, undecrypted (a lingering close, after the last
    // answer): Again once nothing is left, Ended or Failed when the peer closed or reset.
    Status discardInput();

    // Why the last read or write failed.
    const std::string& error() const { return error_; }

private:
    Read readSecure(std::size_t max);
    int releaseFd();
    void leaveBatch();
    bool finishHandshake();

    EventLoop& loop_;
    IoHandler& handler_;
    int fd_;
    std::unique_ptr<SecureLayer> secure_;
    Buffer in_, out_;
    Buffer staged_;  // plaintext for the next record (stage())
    bool sealFailed_ = false;
    std::string pendingPlain_;  // sent before the handshake was done
    std::string error_;
    bool watched_ = false;
    bool batched_ = false;  // queued in the loop's SendBatch for this iteration
    int batchError_ = 0;  // errno of the batch's send, reported by the next flush()
};

}  // namespace gs::runtime::net

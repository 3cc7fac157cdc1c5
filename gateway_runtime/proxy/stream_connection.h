#pragma once
// A byte-stream connection on a TCP or TLS listener, forwarded whole to one backend:
//
// - TCP: the listener's TCPRoute picks a backend (weighted); bytes go both ways untouched.
// - TLS Passthrough: the ClientHello is read (not answered) for its SNI, which picks the listener
//   of the port and then the TLSRoute (most specific hostname); the ClientHello and everything
//   after it go to the backend untouched, so the backend's own certificate and the client's SNI
//   meet. No route, or an invalid backend: the connection is reset (SPEC-NOTES §8).
// - TLS Terminate: the same choice by SNI, then the gateway completes the handshake with the
//   listener's certificate and forwards the decrypted stream as plain TCP.
//
// Half-closes are passed on; each side's buffer is bounded (the other side stops being read).

#include <memory>
#include <string>

#include "net/transport.h"
#include "proxy/connection.h"
#include "proxy/snapshot.h"
#include "tls/tls_session.h"

namespace gs::runtime::proxy {

class Worker;

class StreamConnection : public Connection {
public:
    StreamConnection(Worker& worker, int fd, SocketKey key, std::shared_ptr<const Snapshot> snapshot);
    ~StreamConnection() override;

    void onIo(std::uint32_t events) override;
    void abort() override { reset(); }
    void drain() override { }  // a stream has no request boundary: it ends when either side ends it

private:
    std::size_t highWater() const;  // WorkerLimits::bufferHighWater
    class BackendSide;
    enum class State { ReadingHello, Handshaking, Connecting, Forwarding, Closed };

    void readClient();
    void helloReceived();
    void handshakeFailed();
    void handshakeDone();
    void setListener(const ListenerRuntime* listener);
    void chooseBackend(const StreamRouteRuntime* route);
    void backendConnected();
    void backendIo(std::uint32_t events);
    void flushClient();
    void flushBackend();
    void updateInterest();
    void endBackendWrite();
    void maybeFinish();
    // Bytes from the client not yet taken by the backend (read, or queued to its socket).
    std::size_t forBackend() const;
    void reset();  // RST to the client (SO_LINGER 0), as for an unroutable connection
    void close();
    void count(stats::Field field, std::int64_t n = 1);

    Worker& worker_;
    // The client's socket: in() holds what it sent (plaintext when terminating; the ClientHello
    // while it is read), out() what goes to it (ciphertext when terminating).
    net::Transport client_;
    SocketKey key_;
    std::shared_ptr<const Snapshot> snapshot_;  // the routes this connection was set up with
    State state_;
    tls::Session* tls_ = nullptr;  // TLS Terminate: the session, owned by client_
    std::unique_ptr<BackendSide> backend_;
    const ListenerRuntime* listener_ = nullptr;
    const TargetRuntime* target_ = nullptr;
    net::EventLoop::TimerId timer_ = 0;
    bool clientEnded_ = false;  // the client sent FIN (or close_notify)
    bool backendEnded_ = false;  // the backend sent FIN
    bool clientWriteShut_ = false;
    bool backendWriteShut_ = false;
};

}  // namespace gs::runtime::proxy

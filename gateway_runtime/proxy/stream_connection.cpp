#include "proxy/stream_connection.h"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "proxy/worker.h"
#include "tls/client_hello.h"

namespace gs::runtime::proxy {

namespace {

constexpr std::size_t kReadChunk = 16 * 1024;

}  // namespace

std::size_t StreamConnection::highWater() const { return worker_.limits().bufferHighWater; }

// The backend's socket: its events go to the connection.
class StreamConnection::BackendSide : public net::IoHandler {
public:
    BackendSide(StreamConnection& owner, int fd) : owner_(owner), transport(owner.worker_.loop(), *this, fd) { }
    void onIo(std::uint32_t events) override { owner_.backendIo(events); }

    StreamConnection& owner_;
    net::Transport transport;  // in(): what the backend sent; out(): the client's bytes for it
    bool connecting = true;
};

StreamConnection::StreamConnection(Worker& worker, int fd, SocketKey key, std::shared_ptr<const Snapshot> snapshot)
    : worker_(worker), client_(worker.loop(), *this, fd), key_(std::move(key)), snapshot_(std::move(snapshot)),
      state_(State::ReadingHello)
{
    client_.watch(true);
    const SocketGroup* group = snapshot_ ? snapshot_->group(key_) : nullptr;
    if (!group || group->listeners.empty()) {
        worker_.loop().defer([this] { reset(); });
        return;
    }
    if (group->protocol == config::Protocol::TLS) {
        // The ClientHello (and, when terminating, the handshake) must arrive within the head deadline.
        timer_ = worker_.loop().after(worker_.limits().headerTimeout, [this] {
            timer_ = 0;
            if (state_ == State::ReadingHello || state_ == State::Handshaking)
                reset();
        });
        return;
    }
    // Deferred: a failure closes the connection, which must not happen while the worker adopts it.
    worker_.loop().defer([this, first = group->listeners.front()] {
        if (state_ == State::Closed)
            return;
        setListener(first);
        chooseBackend(first->streamRoute.get());
    });
}

StreamConnection::~StreamConnection() = default;

void StreamConnection::count(stats::Field field, std::int64_t n)
{
    if (listener_)
        listener_->stats->add(worker_.index(), field, n);
}

// The connection counts for its listener from the moment it is known.
void StreamConnection::setListener(const ListenerRuntime* listener)
{
    listener_ = listener;
    count(stats::ConnectionsTotal);
    count(stats::ActiveConnections);
}

void StreamConnection::onIo(std::uint32_t events)
{
    if (state_ == State::Closed)
        return;
    if (events & net::kError) {  // reset by the client: nothing more goes either way
        close();
        return;
    }
    if (events & net::kWritable)
        flushClient();
    if (state_ != State::Closed && (events & net::kReadEvents))
        readClient();
}

std::size_t StreamConnection::forBackend() const { return client_.in().size() + (backend_ ? backend_->transport.queued() : 0); }

void StreamConnection::readClient()
{
    if (clientEnded_ || forBackend() >= highWater())
        return;
    const net::Transport::Read got = client_.read(kReadChunk);
    switch (got.status) {
    case net::Transport::Status::HandshakeFailed: handshakeFailed(); return;
    case net::Transport::Status::Failed: close(); return;
    default: break;
    }
    if (got.established) {  // first: a close_notify in the same read ends the stream after the handshake
        flushClient();
        if (state_ == State::Closed)
            return;
        handshakeDone();
        if (state_ == State::Closed)
            return;
        if (got.status != net::Transport::Status::Data)
            count(stats::BytesIn, got.wireBytes);
    }
    if (got.status == net::Transport::Status::Ended && (state_ == State::ReadingHello || state_ == State::Handshaking)) {
        close();
        return;
    }
    if (got.status == net::Transport::Status::Ended) {
        clientEnded_ = true;  // FIN, or close_notify: no more data from the client
        if (forBackend() == 0)
            endBackendWrite();
        updateInterest();
        maybeFinish();
        return;
    }
    if (got.status != net::Transport::Status::Data) {
        if (!client_.out().empty())
            flushClient();  // what the TLS layer wrote itself (a key update, a ticket)
        return;
    }
    if (state_ == State::ReadingHello) {
        helloReceived();
        return;
    }
    count(stats::BytesIn, got.wireBytes);
    flushBackend();
}

// The ClientHello's SNI picks the listener of the port, then (Passthrough) the TLSRoute, or
// (Terminate) the certificate for the handshake that follows.
void StreamConnection::helloReceived()
{
    net::Buffer& received = client_.in();
    const tls::ClientHello hello = tls::parseClientHello(received.view());
    if (hello.status == tls::ClientHello::Status::Incomplete)
        return;
    const SocketGroup* group = snapshot_->group(key_);
    const int index =
        hello.status == tls::ClientHello::Status::Complete ? http::selectByHostname(group->hostnames, hello.serverName) : -1;
    if (index < 0) {
        reset();
        return;
    }
    setListener(group->listeners[std::size_t(index)]);
    if (listener_->spec->tlsMode == config::TlsMode::Passthrough) {
        chooseBackend(listener_->tlsRouteFor(hello.serverName));  // the hello goes to the backend as it came
        return;
    }
    std::unique_ptr<tls::Session> session = group->tls ? group->tls->newSessionFor(index) : nullptr;
    if (!session) {
        reset();
        return;
    }
    state_ = State::Handshaking;
    tls_ = client_.secure(std::move(session), received.view());
    received.clear();
    if (client_.handshake() == net::SecureLayer::Status::Failed) {
        handshakeFailed();
        return;
    }
    flushClient();
    if (state_ != State::Closed && client_.established())
        handshakeDone();
}

void StreamConnection::handshakeFailed()
{
    count(stats::TlsHandshakeFailures);
    client_.flush();  // the alert, best effort
    close();
}

void StreamConnection::handshakeDone()
{
    count(stats::TlsHandshakes);
    chooseBackend(listener_->tlsRouteFor(tls_->serverName()));
}

void StreamConnection::chooseBackend(const StreamRouteRuntime* route)
{
    const int index = route ? route->schedule->next() : -1;
    if (index < 0) {
        reset();
        return;
    }
    route->stats->add(worker_.index(), stats::Requests);
    target_ = route->backends[std::size_t(index)].target.get();
    target_->stats->add(worker_.index(), stats::Requests);
    const net::Address* address = target_->spec->valid ? target_->pickEndpoint() : nullptr;
    std::string error;
    const int fd = address ? net::connectTo(*address, error) : -1;
    if (fd < 0) {
        target_->stats->add(worker_.index(), stats::UpstreamConnectFailures);
        reset();
        return;
    }
    target_->stats->add(worker_.index(), stats::UpstreamConnections);
    backend_ = std::make_unique<BackendSide>(*this, fd);
    state_ = State::Connecting;
    if (timer_)
        worker_.loop().cancel(timer_);
    timer_ = worker_.loop().after(worker_.limits().connectTimeout, [this] {
        timer_ = 0;
        if (state_ == State::Connecting) {
            target_->stats->add(worker_.index(), stats::Timeouts);
            reset();
        }
    });
    updateInterest();
}

void StreamConnection::backendIo(std::uint32_t events)
{
    if (state_ == State::Closed || !backend_)
        return;
    if (backend_->connecting) {
        if (!(events & (net::kWritable | net::kError | net::kHangUp)))
            return;
        if (net::socketError(backend_->transport.fd()) != 0 || (events & net::kError)) {
            target_->stats->add(worker_.index(), stats::UpstreamConnectFailures);
            reset();
            return;
        }
        backend_->connecting = false;
        state_ = State::Forwarding;
        if (timer_) {
            worker_.loop().cancel(timer_);
            timer_ = 0;
        }
    }
    if (events & net::kError) {  // reset by the backend while this side was not reading it
        target_->stats->add(worker_.index(), stats::UpstreamResets);
        reset();
        return;
    }
    if (events & net::kWritable)
        flushBackend();
    if (state_ == State::Closed || backendEnded_ || client_.out().size() >= highWater() || !(events & net::kReadEvents))
        return;
    net::Transport& backend = backend_->transport;
    const net::Transport::Read got = backend.read(kReadChunk);
    if (got.status == net::Transport::Status::Again)
        return;
    if (got.status == net::Transport::Status::Failed) {
        target_->stats->add(worker_.index(), stats::UpstreamResets);
        reset();
        return;
    }
    if (got.status == net::Transport::Status::Ended) {
        backendEnded_ = true;
        flushClient();
        updateInterest();
        maybeFinish();
        return;
    }
    count(stats::BytesOut, got.wireBytes);
    target_->stats->add(worker_.index(), stats::BytesOut, got.wireBytes);
    const bool sent = client_.send(backend.in().view());  // encrypted when terminating
    backend.in().clear();
    if (!sent) {
        close();
        return;
    }
    flushClient();
}

void StreamConnection::flushClient()
{
    if (state_ == State::Closed)
        return;
    if (!client_.flush()) {
        close();
        return;
    }
    // The backend ended and everything it sent has left: end the client's side too.
    if (backendEnded_ && client_.out().empty() && !clientWriteShut_) {
        if (tls_ && tls_->established()) {
            client_.shutdownSecure();
            client_.flush();  // the close_notify, best effort
        }
        client_.shutdownWrite();
        clientWriteShut_ = true;
    }
    updateInterest();
    maybeFinish();
}

void StreamConnection::flushBackend()
{
    if (state_ != State::Forwarding || !backend_)
        return;
    net::Transport& backend = backend_->transport;
    net::Buffer& received = client_.in();
    if (!received.empty()) {
        backend.send(received.view());
        received.clear();
    }
    const std::size_t before = backend.out().size();
    if (!backend.flush()) {
        target_->stats->add(worker_.index(), stats::UpstreamResets);
        reset();
        return;
    }
    target_->stats->add(worker_.index(), stats::BytesIn, std::int64_t(before - backend.out().size()));
    if (clientEnded_ && forBackend() == 0)
        endBackendWrite();
    updateInterest();
    maybeFinish();
}

void StreamConnection::endBackendWrite()
{
    if (backend_ && !backend_->connecting && !backendWriteShut_) {
        backend_->transport.shutdownWrite();
        backendWriteShut_ = true;
    }
}

void StreamConnection::updateInterest()
{
    if (state_ == State::Closed)
        return;
    client_.watch(!clientEnded_ && forBackend() < highWater());
    if (backend_)
        backend_->transport.watch(!backend_->connecting && !backendEnded_ && client_.out().size() < highWater(),
                                  backend_->connecting);
}

void StreamConnection::maybeFinish()
{
    if (state_ != State::Closed && clientEnded_ && backendEnded_ && client_.out().empty() && forBackend() == 0)
        close();
}

void StreamConnection::reset()
{
    if (state_ == State::Closed)
        return;
    client_.resetOnClose();
    close();
}

void StreamConnection::close()
{
    if (state_ == State::Closed)
        return;
    if (listener_)
        count(stats::ActiveConnections, -1);
    state_ = State::Closed;
    net::EventLoop& loop = worker_.loop();
    if (timer_)
        loop.cancel(timer_);
    client_.unwatch();
    if (backend_) {
        backend_->transport.unwatch();
        loop.deleteLater(backend_.release());
    }
    worker_.closed(this);
}

}  // namespace gs::runtime::proxy

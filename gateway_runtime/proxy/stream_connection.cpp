#include "proxy/stream_connection.h"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "proxy/worker.h"
#include "tls/client_hello.h"

namespace gs::runtime::proxy {

namespace {

constexpr std::size_t kReadChunk = 16 * 1024;

// -1: nothing to read now; -2: an error; 0: end of stream; else the bytes read.
long readSome(int fd, char* into, std::size_t size)
{
    ssize_t n;
    do {
        n = ::read(fd, into, size);
    } while (n < 0 && errno == EINTR);
    if (n >= 0)
        return long(n);
    return errno == EAGAIN || errno == EWOULDBLOCK ? -1 : -2;
}

}  // namespace

std::size_t StreamConnection::highWater() const { return worker_.limits().bufferHighWater; }

// The backend's socket: its events go to the connection.
class StreamConnection::BackendSide : public net::IoHandler {
public:
    BackendSide(StreamConnection& owner, int fd) : owner_(owner), fd_(fd) { }
    ~BackendSide() override { net::closeFd(fd_); }
    void onIo(std::uint32_t events) override { owner_.backendIo(events); }

    StreamConnection& owner_;
    int fd_;
    bool connecting = true;
};

StreamConnection::StreamConnection(Worker& worker, int fd, SocketKey key, std::shared_ptr<const Snapshot> snapshot)
    : worker_(worker), fd_(fd), key_(std::move(key)), snapshot_(std::move(snapshot)), state_(State::ReadingHello)
{
    worker_.loop().watch(fd_, this, true, false);
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

StreamConnection::~StreamConnection() { net::closeFd(fd_); }

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
    if (state_ != State::Closed && (events & (net::kReadable | net::kHangUp | net::kPeerClosed | net::kError)))
        readClient();
}

void StreamConnection::readClient()
{
    if (clientEnded_ || fromClient_.size() >= highWater())
        return;
    char bytes[kReadChunk];
    const long n = readSome(fd_, bytes, sizeof bytes);
    if (n == -1)
        return;
    if (n == -2 || (n == 0 && (state_ == State::ReadingHello || state_ == State::Handshaking))) {
        close();
        return;
    }
    if (n == 0) {
        clientEnded_ = true;
        if (fromClient_.empty())
            endBackendWrite();
        updateInterest();
        maybeFinish();
        return;
    }
    const std::string_view data(bytes, std::size_t(n));
    if (tls_) {
        tls_->receiveCipher(data);
        if (!tls_->established()) {
            if (!handshake())
                return;
        }
        const long plain = tls_->readPlain(fromClient_);
        if (plain == 0 || plain == -2) {
            clientEnded_ = true;  // close_notify, or a TLS error: no more data from the client
            if (plain == -2) {
                close();
                return;
            }
        }
        if (tls_->takeCipher(toClient_))
            flushClient();
    } else {
        fromClient_.append(data);
    }
    if (state_ == State::ReadingHello) {
        helloReceived();
        return;
    }
    count(stats::BytesIn, n);
    flushBackend();
}

// The ClientHello's SNI picks the listener of the port, then (Passthrough) the TLSRoute, or
// (Terminate) the certificate for the handshake that follows.
void StreamConnection::helloReceived()
{
    const tls::ClientHello hello = tls::parseClientHello(fromClient_.view());
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
        chooseBackend(listener_->tlsRouteFor(hello.serverName));
        return;
    }
    tls_ = group->tls ? group->tls->newSessionFor(index) : nullptr;
    if (!tls_) {
        reset();
        return;
    }
    state_ = State::Handshaking;
    tls_->receiveCipher(fromClient_.view());
    fromClient_.clear();
    handshake();
}

// False when the connection is not (yet) ready for data.
bool StreamConnection::handshake()
{
    const tls::Session::Status status = tls_->handshake();
    tls_->takeCipher(toClient_);
    if (status == tls::Session::Status::Failed) {
        count(stats::TlsHandshakeFailures);
        toClient_.writeTo(fd_);  // the alert, best effort
        close();
        return false;
    }
    flushClient();
    if (status == tls::Session::Status::Pending || state_ == State::Closed)
        return false;
    count(stats::TlsHandshakes);
    chooseBackend(listener_->tlsRouteFor(tls_->serverName()));
    return state_ != State::Closed;
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
        if (net::socketError(backend_->fd_) != 0 || (events & net::kError)) {
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
    if (state_ == State::Closed || backendEnded_ || toClient_.size() >= highWater() ||
        !(events & (net::kReadable | net::kHangUp | net::kPeerClosed | net::kError)))
        return;
    char bytes[kReadChunk];
    const long n = readSome(backend_->fd_, bytes, sizeof bytes);
    if (n == -1)
        return;
    if (n == -2) {
        target_->stats->add(worker_.index(), stats::UpstreamResets);
        reset();
        return;
    }
    if (n == 0) {
        backendEnded_ = true;
        flushClient();
        updateInterest();
        maybeFinish();
        return;
    }
    const std::string_view data(bytes, std::size_t(n));
    count(stats::BytesOut, n);
    target_->stats->add(worker_.index(), stats::BytesOut, n);
    if (tls_) {
        if (!tls_->writePlain(data)) {
            close();
            return;
        }
        tls_->takeCipher(toClient_);
    } else {
        toClient_.append(data);
    }
    flushClient();
}

void StreamConnection::flushClient()
{
    if (state_ == State::Closed)
        return;
    if (!toClient_.writeTo(fd_)) {
        close();
        return;
    }
    // The backend ended and everything it sent has left: end the client's side too.
    if (backendEnded_ && toClient_.empty() && !clientWriteShut_) {
        if (tls_ && tls_->established()) {
            tls_->shutdown();
            tls_->takeCipher(toClient_);
            toClient_.writeTo(fd_);
        }
        ::shutdown(fd_, SHUT_WR);
        clientWriteShut_ = true;
    }
    updateInterest();
    maybeFinish();
}

void StreamConnection::flushBackend()
{
    if (state_ != State::Forwarding || !backend_)
        return;
    const std::size_t before = fromClient_.size();
    if (!fromClient_.writeTo(backend_->fd_)) {
        target_->stats->add(worker_.index(), stats::UpstreamResets);
        reset();
        return;
    }
    target_->stats->add(worker_.index(), stats::BytesIn, std::int64_t(before - fromClient_.size()));
    if (clientEnded_ && fromClient_.empty())
        endBackendWrite();
    updateInterest();
    maybeFinish();
}

void StreamConnection::endBackendWrite()
{
    if (backend_ && !backend_->connecting && !backendWriteShut_) {
        ::shutdown(backend_->fd_, SHUT_WR);
        backendWriteShut_ = true;
    }
}

void StreamConnection::updateInterest()
{
    if (state_ == State::Closed)
        return;
    net::EventLoop& loop = worker_.loop();
    loop.watch(fd_, this, !clientEnded_ && fromClient_.size() < highWater(), !toClient_.empty());
    if (backend_)
        loop.watch(backend_->fd_, backend_.get(), !backend_->connecting && !backendEnded_ && toClient_.size() < highWater(),
                   backend_->connecting || !fromClient_.empty());
}

void StreamConnection::maybeFinish()
{
    if (state_ != State::Closed && clientEnded_ && backendEnded_ && toClient_.empty() && fromClient_.empty())
        close();
}

void StreamConnection::reset()
{
    if (state_ == State::Closed)
        return;
    const linger abortive{1, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive);
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
    loop.unwatch(fd_, this);
    if (backend_) {
        loop.unwatch(backend_->fd_, backend_.get());
        loop.deleteLater(backend_.release());
    }
    worker_.closed(this);
}

}  // namespace gs::runtime::proxy

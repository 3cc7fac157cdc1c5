#include "proxy/upstream.h"

#include <unistd.h>

#include <cerrno>

#include <algorithm>
#include <cstdio>

namespace gs::runtime::proxy {

Upstream::Upstream(UpstreamPool& pool, net::EventLoop& loop, net::Address address, int fd, std::unique_ptr<tls::Session> tls,
                   std::string poolKey)
    : pool_(pool), loop_(loop), address_(std::move(address)), transport_(loop, *this, fd),
      parser_(http::Parser::Kind::Response, *this), poolKey_(std::move(poolKey))
{
    if (tls)
        tls_ = transport_.secure(std::move(tls));
    transport_.watch(true, true);  // writable once connected
}

Upstream::~Upstream() = default;

void Upstream::attach(UpstreamClient* client, bool headRequest)
{
    client_ = client;
    headRequest_ = headRequest;
    response_ = Response::Awaiting;
    receivedAnything_ = false;
    readPaused_ = false;
    if (life_ == Life::Idle) {
        life_ = Life::Busy;
        reused_ = true;  // the idle timer stays armed: it checks the life when it fires
    }
    if (parser_.paused())
        parser_.resume();
    updateInterest();
}

void Upstream::sendHead(const http::RequestHead& head)
{
    chunkedRequest_ = head.chunked;
    thread_local std::string bytes;  // reused: no allocation per request
    bytes.clear();
    http::appendRequestHead(bytes, head);
    send(bytes);
}

void Upstream::sendBody(std::string_view data)
{
    if (data.empty())
        return;
    if (!chunkedRequest_) {
        send(data);
        return;
    }
    std::string framed;
    http::appendChunk(framed, data);
    send(framed);
}

void Upstream::endRequest()
{
    if (chunkedRequest_)
        send("0\r\n\r\n");
    chunkedRequest_ = false;
}

void Upstream::finished(bool reusable)
{
    if (reusable)
        pool_.release(this);
    else
        abandon();
}

void Upstream::abandon()
{
    client_ = nullptr;
    close();
}

void Upstream::send(std::string_view bytes)
{
    transport_.stage(bytes);  // under TLS, sealed as one record with the rest of this batch's request bytes
    if (life_ == Life::Connecting)  // the connect's completion flushes
        return;
    transport_.sendAtBatchEnd();
    scheduleFlush();
}

// A request's head and body (and a chunked body's pieces read in one batch) leave in one system
// call, and with TLS in one record, rather than one per write.
void Upstream::scheduleFlush()
{
    if (flushScheduled_)
        return;
    flushScheduled_ = true;
    loop_.defer(this, [this] {
        flushScheduled_ = false;
        flush();
    });
}

// TLS to the backend: the ClientHello once connected; the request written meanwhile goes out
// when the handshake is done (net::Transport). False when the connection failed (and was closed).
bool Upstream::advanceHandshake()
{
    if (transport_.handshake() == net::SecureLayer::Status::Failed) {
        fail(UpstreamFailure::ConnectFailed,
             "TLS handshake with the backend " + address_.text() + " failed: " + transport_.error());
        return false;
    }
    flush();
    return life_ != Life::Closed;
}

// Reads from the socket (decrypting with TLS) and passes the response on.
void Upstream::readSocket()
{
    const net::Transport::Read got = transport_.read();
    if (got.status == net::Transport::Status::HandshakeFailed) {
        fail(UpstreamFailure::ConnectFailed,
             "TLS handshake with the backend " + address_.text() + " failed: " + transport_.error());
        return;
    }
    if (got.established || !transport_.out().empty())
        flush();  // the handshake's flights, the request written meanwhile: interest, drained
    if (life_ == Life::Closed || got.status == net::Transport::Status::Again)
        return;
    if (got.status == net::Transport::Status::Data) {
        receivedAnything_ = true;
        readInput();
        return;
    }
    if (got.status == net::Transport::Status::Failed && client_ && response_ != Response::Tunnel &&
        response_ != Response::Complete) {
        // A reset is not an end: a body delimited by the connection's end is cut, not complete.
        fail(response_ == Response::Awaiting ? UpstreamFailure::ResetBeforeResponse : UpstreamFailure::ResetDuringResponse,
             "the backend " + address_.text() + " reset the connection: " + transport_.error());
        return;
    }
    socketEnded();
}

void Upstream::socketEnded()
{
    if (life_ == Life::Idle) {
        close();
        return;
    }
    if (response_ == Response::Tunnel) {  // the backend ended the tunnel
        response_ = Response::Complete;
        if (UpstreamClient* c = client_)
            c->upstreamComplete();
        return;
    }
    parser_.finish();  // a response delimited by the end of the connection ends here
    if (life_ != Life::Closed && client_ && response_ != Response::Complete)
        fail(response_ == Response::Awaiting ? UpstreamFailure::ResetBeforeResponse : UpstreamFailure::ResetDuringResponse,
             "the backend " + address_.text() + " closed the connection");
    else if (life_ != Life::Closed && !client_)
        close();
}

void Upstream::pauseReading(bool paused)
{
    if (readPaused_ == paused)
        return;
    readPaused_ = paused;
    updateInterest();
    if (!paused && !transport_.in().empty())
        readInput();
}

void Upstream::updateInterest()
{
    if (life_ != Life::Closed)
        transport_.watch(!readPaused_, life_ == Life::Connecting);
}

void Upstream::onIo(std::uint32_t events)
{
    if (life_ == Life::Closed)
        return;
    if (life_ == Life::Connecting) {
        if (!(events & (net::kWritable | net::kError | net::kHangUp)))
            return;
        if (const int error = net::socketError(transport_.fd()); error != 0 || (events & net::kError)) {
            fail(UpstreamFailure::ConnectFailed,
                 "connect to " + address_.text() + ": " + net::errnoText(error ? error : ECONNREFUSED));
            return;
        }
        life_ = Life::Busy;
        if (tls_ && !advanceHandshake())
            return;
    }
    if ((events & net::kError) && readPaused_) {  // reset while the client was not taking the answer
        fail(response_ == Response::Awaiting ? UpstreamFailure::ResetBeforeResponse : UpstreamFailure::ResetDuringResponse,
             "the backend " + address_.text() + " reset the connection");
        return;
    }
    if (events & net::kWritable)
        flush();
    if (life_ != Life::Closed && (events & net::kReadEvents) && !readPaused_)
        readSocket();
}

void Upstream::readInput()
{
    net::Buffer& in = transport_.in();
    if (response_ == Response::Tunnel) {  // after a 101 the bytes are the new protocol's, not HTTP
        forwardTunnel();
        return;
    }
    while (life_ != Life::Closed && !in.empty() && client_ && !readPaused_) {
        if (response_ == Response::Tunnel) {
            forwardTunnel();  // the 101 and the first bytes after it came in one read
            return;
        }
        if (parser_.paused()) {
            if (response_ == Response::Complete)
                return;  // bytes after a complete response: wait for the next exchange
            parser_.resume();
        }
        const std::size_t used = parser_.feed(in.data(), in.size());
        in.consume(used);
        if (parser_.failed()) {
            fail(UpstreamFailure::Malformed, "the backend " + address_.text() + " sent a malformed response: " + parser_.error());
            return;
        }
        if (used == 0 && !parser_.paused())
            return;
    }
    if (life_ == Life::Idle && !in.empty())
        close();  // bytes after a complete response on a connection back in the pool: not reusable
}

bool Upstream::onHead()
{
    http::ResponseHead& head = parser_.response();
    if (head.status >= 100 && head.status < 200 && head.status != 101)
        return false;  // an interim response: swallowed; the final one follows
    response_ = Response::Receiving;
    keepAlive_ = head.keepAlive;
    return client_ ? client_->upstreamHead(head, true) || headRequest_ : headRequest_;
}

void Upstream::onBody(std::string_view data)
{
    if (client_ && response_ != Response::Awaiting)
        client_->upstreamBody(data);
}

void Upstream::onMessageComplete()
{
    if (response_ == Response::Awaiting)
        return;  // the end of an interim response
    if (parser_.response().status == 101) {
        response_ = Response::Tunnel;  // switched protocols: not HTTP from here; the tunnel ends with the connection
        keepAlive_ = false;
        return;
    }
    response_ = Response::Complete;
    if (UpstreamClient* c = client_)
        c->upstreamComplete();
}

// After a 101, bytes past the response head are the new protocol's, for the client as they are.
void Upstream::forwardTunnel()
{
    net::Buffer& in = transport_.in();
    if (response_ == Response::Tunnel && client_ && !in.empty()) {
        const std::string bytes(in.view());
        in.clear();
        client_->upstreamBody(bytes);
    }
}

void Upstream::flush()
{
    if (life_ == Life::Closed)
        return;
    if (!transport_.flush()) {  // sealing the staged plaintext (TLS) included
        fail(response_ == Response::Awaiting ? UpstreamFailure::ResetBeforeResponse : UpstreamFailure::ResetDuringResponse,
             "writing to the backend " + address_.text() + ": " + transport_.error());
        return;
    }
    updateInterest();
    if (queued() == 0 && client_)
        client_->upstreamDrained();
}

void Upstream::fail(UpstreamFailure failure, const std::string& detail)
{
    UpstreamClient* c = client_;
    client_ = nullptr;
    close();
    if (c)
        c->upstreamFailed(failure, detail);
}

void Upstream::close()
{
    if (life_ == Life::Closed)
        return;
    life_ = Life::Closed;
    transport_.unwatch();
    if (idleTimer_)
        loop_.cancel(idleTimer_);
    pool_.forget(this);
    loop_.deleteLater(this);
}

void Upstream::becomeIdle()
{
    client_ = nullptr;
    life_ = Life::Idle;
    idleSince_ = loop_.now();
    readPaused_ = false;
    updateInterest();
    if (!idleTimer_)
        armIdleTimer(pool_.idleTimeout_);
}

// Lazy: one timer per connection and idle period, re-armed for the rest when the connection was
// used in between, rather than a timer set and cancelled for every request.
void Upstream::armIdleTimer(std::chrono::milliseconds delay)
{
    idleTimer_ = loop_.after(delay, [this] {
        idleTimer_ = 0;
        if (life_ != Life::Idle)
            return;  // busy (or closed); becomeIdle() arms the timer again
        const auto idleFor = loop_.now() - idleSince_;
        if (idleFor >= pool_.idleTimeout_)
            close();
        else
            armIdleTimer(std::chrono::ceil<std::chrono::milliseconds>(pool_.idleTimeout_ - idleFor));
    });
}

UpstreamPool::~UpstreamPool() { closeAll(); }

// The most recently idle connection under `key`, if any; the entry goes when its list empties.
template <typename Map, typename Key> Upstream* UpstreamPool::takeIdle(Map& map, const Key& key)
{
    auto it = map.find(key);
    Upstream* found = nullptr;
    while (it != map.end() && !it->second.empty() && !found) {
        Upstream* u = it->second.back();
        it->second.pop_back();
        if (u->life_ != Upstream::Life::Closed)
            found = u;
    }
    if (it != map.end() && it->second.empty())
        map.erase(it);
    return found;
}

Upstream* UpstreamPool::acquire(const net::Address& address, const tls::ClientContext& context, const std::string& serverName,
                                const std::vector<std::string>& verifyNames, std::string& error)
{
    std::string key(address.bytes());
    // By the context's serial, not its address: a context made by a later configuration may be
    // allocated where an old one was, and must not take the old one's idle connections (made
    // with other CAs or another client certificate).
    key += '|' + std::to_string(context.serial()) + '|' + serverName;
    if (Upstream* u = takeIdle(tlsIdle_, key))
        return u;
    const int fd = net::connectTo(address, error);
    if (fd < 0)
        return nullptr;
    auto* u = new Upstream(*this, loop_, address, fd, context.newSession(serverName, {"http/1.1"}, verifyNames), key);
    all_.push_back(u);
    return u;
}

Upstream* UpstreamPool::acquire(const net::Address& address, std::string& error)
{
    if (Upstream* u = takeIdle(idle_, address))
        return u;
    const int fd = net::connectTo(address, error);
    if (fd < 0)
        return nullptr;
    auto* u = new Upstream(*this, loop_, address, fd);
    all_.push_back(u);
    return u;
}

void UpstreamPool::release(Upstream* u)
{
    // The response's own bytes may still be in the transport (release runs inside the parser's callback);
    // readInput() closes the connection when anything is left after them.
    const bool reusable =
        u->response_ == Upstream::Response::Complete && u->keepAlive_ && u->queued() == 0 && u->life_ != Upstream::Life::Closed;
    if (!reusable) {
        u->client_ = nullptr;
        u->close();
        return;
    }
    u->becomeIdle();
    if (u->tls_)
        tlsIdle_[u->poolKey_].push_back(u);
    else
        idle_[u->address_].push_back(u);
}

// Empty idle lists are dropped: TLS keys name a configuration's CA context, which changes with
// every reload, so kept keys would pile up.
void UpstreamPool::forget(Upstream* u)
{
    all_.erase(std::remove(all_.begin(), all_.end(), u), all_.end());
    auto dropFrom = [u](auto& map, const auto& key) {
        auto it = map.find(key);
        if (it == map.end())
            return;
        it->second.erase(std::remove(it->second.begin(), it->second.end(), u), it->second.end());
        if (it->second.empty())
            map.erase(it);
    };
    if (u->tls_)
        dropFrom(tlsIdle_, u->poolKey_);
    else
        dropFrom(idle_, u->address_);
}

void UpstreamPool::closeAll()
{
    for (Upstream* u : std::vector<Upstream*>(all_)) {
        u->client_ = nullptr;
        u->close();
    }
    idle_.clear();
    tlsIdle_.clear();
}

}  // namespace gs::runtime::proxy

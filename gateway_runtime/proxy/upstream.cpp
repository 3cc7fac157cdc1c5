#include "proxy/upstream.h"

#include <unistd.h>

#include <cerrno>

#include <algorithm>
#include <cstdio>

namespace gs::runtime::proxy {

namespace {

}  // namespace

Upstream::Upstream(UpstreamPool& pool, net::EventLoop& loop, net::Address address, int fd, std::unique_ptr<tls::Session> tls,
                   std::string poolKey)
    : pool_(pool), loop_(loop), address_(std::move(address)), fd_(fd), parser_(http::Parser::Kind::Response, *this),
      tls_(std::move(tls)), poolKey_(std::move(poolKey))
{
    loop_.watch(fd_, this, true, true);
}

Upstream::~Upstream() { net::closeFd(fd_); }

void Upstream::attach(UpstreamClient* client, bool headRequest)
{
    client_ = client;
    headRequest_ = headRequest;
    responseHeadSeen_ = responseComplete_ = receivedAnything_ = false;
    readPaused_ = false;
    if (idle_) {
        idle_ = false;
        reused_ = true;  // the idle timer stays armed: it checks idle_ when it fires
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
    if (tls_ && !tls_->established()) {
        pendingPlain_.append(bytes);  // sent once the handshake is done
        return;
    }
    if (tls_) {
        if (!tls_->writePlain(bytes)) {
            fail(UpstreamFailure::ResetBeforeResponse, "TLS to the backend " + address_.text() + ": " + tls_->error());
            return;
        }
        tls_->takeCipher(out_);
    } else {
        out_.append(bytes);
    }
    if (!connecting_)
        flush();
}

// TLS to the backend: the ClientHello once connected, then the handshake's progress; the request
// written meanwhile goes out when it is done. False when the connection failed (and was closed).
bool Upstream::advanceHandshake()
{
    const tls::Session::Status status = tls_->handshake();
    tls_->takeCipher(out_);
    if (status == tls::Session::Status::Failed) {
        fail(UpstreamFailure::ConnectFailed, "TLS handshake with the backend " + address_.text() + " failed: " + tls_->error());
        return false;
    }
    if (status == tls::Session::Status::Done && !pendingPlain_.empty()) {
        const std::string plain = std::move(pendingPlain_);
        pendingPlain_.clear();
        send(plain);
    }
    flush();
    return !closed_;
}

// Reads from the socket into in_ (decrypting with TLS). Returns like Buffer::readFrom.
long Upstream::readSocket()
{
    if (!tls_)
        return in_.readFrom(fd_);
    char cipher[16 * 1024];
    const ssize_t n = ::read(fd_, cipher, sizeof cipher);
    if (n <= 0)
        return n == 0 ? 0 : (errno == EAGAIN || errno == EINTR ? -1 : -2);
    tls_->receiveCipher({cipher, std::size_t(n)});
    if (!tls_->established() && (!advanceHandshake() || !tls_->established()))
        return -1;
    const long plain = tls_->readPlain(in_);
    if (tls_->takeCipher(out_))
        flush();
    return plain;
}

void Upstream::pauseReading(bool paused)
{
    if (readPaused_ == paused)
        return;
    readPaused_ = paused;
    updateInterest();
    if (!paused && !in_.empty())
        readInput();
}

void Upstream::updateInterest()
{
    if (!closed_)
        loop_.watch(fd_, this, !readPaused_, connecting_ || !out_.empty());
}

void Upstream::onIo(std::uint32_t events)
{
    if (closed_)
        return;
    if (connecting_) {
        if (!(events & (net::kWritable | net::kError | net::kHangUp)))
            return;
        if (const int error = net::socketError(fd_); error != 0 || (events & net::kError)) {
            fail(UpstreamFailure::ConnectFailed,
                 "connect to " + address_.text() + ": " + net::errnoText(error ? error : ECONNREFUSED));
            return;
        }
        connecting_ = false;
        if (tls_ && !advanceHandshake())
            return;
    }
    if ((events & net::kError) && readPaused_) {  // reset while the client was not taking the answer
        fail(responseHeadSeen_ ? UpstreamFailure::ResetDuringResponse : UpstreamFailure::ResetBeforeResponse,
             "the backend " + address_.text() + " reset the connection");
        return;
    }
    if (events & net::kWritable)
        flush();
    if (!closed_ && (events & (net::kReadable | net::kHangUp | net::kPeerClosed | net::kError)) && !readPaused_) {
        const long n = readSocket();
        if (closed_ || n == -1)
            return;
        if (n > 0) {
            receivedAnything_ = true;
            readInput();
        } else if (n == 0 || n == -2) {
            if (idle_) {
                close();
                return;
            }
            if (tunnel_) {  // the backend ended the tunnel
                responseComplete_ = true;
                if (UpstreamClient* c = client_)
                    c->upstreamComplete();
                return;
            }
            parser_.finish();  // a response delimited by the end of the connection ends here
            if (!closed_ && client_ && !responseComplete_)
                fail(responseHeadSeen_ ? UpstreamFailure::ResetDuringResponse : UpstreamFailure::ResetBeforeResponse,
                     "the backend " + address_.text() + " closed the connection");
            else if (!closed_ && !client_)
                close();
        }
    }
}

void Upstream::readInput()
{
    if (tunnel_) {  // after a 101 the bytes are the new protocol's, not HTTP
        forwardTunnel();
        return;
    }
    while (!closed_ && !in_.empty() && client_ && !readPaused_) {
        if (tunnel_) {
            forwardTunnel();  // the 101 and the first bytes after it came in one read
            return;
        }
        if (parser_.paused()) {
            if (responseComplete_)
                return;  // bytes after a complete response: wait for the next exchange
            parser_.resume();
        }
        const std::size_t used = parser_.feed(in_.data(), in_.size());
        in_.consume(used);
        if (parser_.failed()) {
            fail(UpstreamFailure::Malformed, "the backend " + address_.text() + " sent a malformed response: " + parser_.error());
            return;
        }
        if (used == 0 && !parser_.paused())
            return;
    }
    if (idle_ && !in_.empty())
        close();  // bytes after a complete response on a connection back in the pool: not reusable
}

bool Upstream::onHead()
{
    http::ResponseHead& head = parser_.response();
    if (head.status >= 100 && head.status < 200 && head.status != 101)
        return false;  // an interim response: swallowed; the final one follows
    responseHeadSeen_ = true;
    keepAlive_ = head.keepAlive;
    return client_ ? client_->upstreamHead(head, true) || headRequest_ : headRequest_;
}

void Upstream::onBody(std::string_view data)
{
    if (client_ && responseHeadSeen_)
        client_->upstreamBody(data);
}

void Upstream::onMessageComplete()
{
    if (!responseHeadSeen_)
        return;  // the end of an interim response
    if (parser_.response().status == 101) {
        tunnel_ = true;  // switched protocols: what follows is not HTTP; the tunnel ends with the connection
        keepAlive_ = false;
        return;
    }
    responseComplete_ = true;
    if (UpstreamClient* c = client_)
        c->upstreamComplete();
}

// After a 101, bytes past the response head are the new protocol's, for the client as they are.
void Upstream::forwardTunnel()
{
    if (tunnel_ && client_ && !in_.empty()) {
        const std::string bytes(in_.view());
        in_.clear();
        client_->upstreamBody(bytes);
    }
}

void Upstream::flush()
{
    if (!out_.writeTo(fd_)) {
        fail(responseHeadSeen_ ? UpstreamFailure::ResetDuringResponse : UpstreamFailure::ResetBeforeResponse,
             "writing to the backend " + address_.text() + ": " + net::errnoText(errno));
        return;
    }
    updateInterest();
    if (out_.empty() && client_)
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
    if (closed_)
        return;
    closed_ = true;
    loop_.unwatch(fd_, this);
    if (idleTimer_)
        loop_.cancel(idleTimer_);
    pool_.forget(this);
    loop_.deleteLater(this);
}

void Upstream::becomeIdle()
{
    client_ = nullptr;
    idle_ = true;
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
        if (!idle_)
            return;  // busy; becomeIdle() arms the timer again
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
        if (!u->closed_)
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
    // The response's own bytes may still be in `in_` (release runs inside the parser's callback);
    // readInput() closes the connection when anything is left after them.
    const bool reusable = u->responseComplete_ && u->keepAlive_ && u->out_.empty() && !u->closed_;
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

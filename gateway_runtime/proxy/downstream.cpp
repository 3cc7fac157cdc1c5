#include "proxy/downstream.h"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "http/message.h"
#include "proxy/h2_downstream.h"
#include "proxy/worker.h"

namespace gs::runtime::proxy {

bool Downstream::congested() const { return transport_.queued() > worker_.limits().bufferHighWater; }

Downstream::Downstream(Worker& worker, int fd, SocketKey key, std::shared_ptr<const tls::SniRouter> tls)
    : worker_(worker), transport_(worker.loop(), *this, fd), key_(std::move(key)), peer_(net::peerAddress(fd)),
      peerHost_(peer_.host()), router_(std::move(tls)), parser_(http::Parser::Kind::Request, *this, worker.limits().parser)
{
    if (router_)
        if (std::unique_ptr<tls::Session> session = router_->newSession())
            tls_ = transport_.secure(std::move(session));
    // A TLS port whose session cannot be made (no usable context) is closed, never read as plain
    // HTTP: the first read sees no TLS session and ends the connection (readInput).
    life_ = router_ && !tls_ ? Life::Refused : Life::Open;
    transport_.watch(true);
    armIdleTimer();
}

Downstream::~Downstream() = default;

// Before a request: the idle deadline; while its head is arriving: the head deadline; while its
// body is arriving: the stream idle deadline, moved by every piece of body. The timer is lazy:
// moving the deadline later (every keep-alive request does) leaves the armed timer alone, and the
// timer re-arms itself for the rest when it fires early.
void Downstream::armIdleTimer()
{
    net::EventLoop& loop = worker_.loop();
    const WorkerLimits& limits = worker_.limits();
    const auto timeout = exchange_ ? limits.streamIdleTimeout : awaitingHead() ? limits.headerTimeout : limits.idleTimeout;
    deadline_ = loop.now() + timeout;
    if (timer_ && timerAt_ <= deadline_)
        return;
    if (timer_)
        loop.cancel(timer_);
    startTimer(timeout);
}

void Downstream::startTimer(std::chrono::milliseconds delay)
{
    net::EventLoop& loop = worker_.loop();
    timerAt_ = loop.now() + delay;
    timer_ = loop.after(delay, [this] { onDeadline(); });
}

void Downstream::onDeadline()
{
    timer_ = 0;
    if (life_ == Life::Lingering) {
        close();  // the client kept quiet, or kept sending, for too long
        return;
    }
    if (exchange_ && !parser_.inMessage())
        return;  // the request is in; the exchange guards the answer, exchangeFinished() sets the next deadline
    const auto now = worker_.loop().now();
    if (now < deadline_) {
        startTimer(std::chrono::ceil<std::chrono::milliseconds>(deadline_ - now));
        return;
    }
    if (exchange_)
        badRequest(408, "the request body stopped arriving");
    else if (parser_.inMessage() && (!tls_ || tls_->established()))
        badRequest(408, "the request head did not arrive in time");
    else
        close();
}

void Downstream::onIo(std::uint32_t events)
{
    if (life_ == Life::Closed)
        return;
    if (life_ == Life::Lingering) {
        if (events & net::kWritable)
            flush();
        if (life_ != Life::Closed && (events & net::kReadEvents))
            lingerRead();
        return;
    }
    if ((events & (net::kError | net::kHangUp)) && readPaused_) {
        close();  // reset by the client (this side never shuts down its writing): nothing more can go out
        return;
    }
    if (events & net::kWritable)
        flush();
    if (life_ != Life::Closed && (events & net::kReadEvents) && !readPaused_)
        readInput();
}

void Downstream::readInput()
{
    if (life_ == Life::Refused) {
        close();
        return;
    }
    const net::Transport::Read got = transport_.read();
    if (got.status == net::Transport::Status::HandshakeFailed) {
        countHandshake(false);
        close();
        return;
    }
    if (got.established)
        countHandshake(true);
    if (!transport_.out().empty()) {
        flush();  // what the TLS layer wrote (its handshake flight, a ticket) and the socket did not take
        if (life_ == Life::Closed)
            return;
    }
    const bool ended = got.status == net::Transport::Status::Ended || got.status == net::Transport::Status::Failed;
    if (got.established) {
        if (!ended && tls_->alpn() == "h2") {
            handOverToHttp2();  // the preface may have come with the handshake: it goes along
            return;
        }
        armIdleTimer();  // the handshake is done: now the idle deadline applies
    }
    if (mode_ == Mode::Tunnel && !ended) {
        if (!in().empty() && exchange_)
            exchange_->tunnelData(in().view());
        in().clear();
        return;
    }
    if (mode_ == Mode::Tunnel) {
        close();  // the client ended the tunnel: so does the backend side (the exchange goes with it)
        return;
    }
    if (ended) {
        peerClosed_ = true;
        // A request whose body the client cut short can never complete, and there is nothing to
        // answer (RFC 9112 §8): close rather than wait for the rest (every byte read was parsed).
        if (!exchange_ || got.status == net::Transport::Status::Failed || parser_.inMessage()) {
            close();
            return;
        }
        pauseReading(true);  // half-closed: the answer can still be sent
        return;
    }
    if (got.status != net::Transport::Status::Data)
        return;
    process();
    if (life_ != Life::Closed && transport_.peerClosedSecure()) {  // close_notify came behind the data
        peerClosed_ = true;
        if (!exchange_ || parser_.inMessage())  // as above: a body cut short never completes
            close();
        else
            pauseReading(true);
    }
}

void Downstream::countHandshake(bool ok)
{
    const SocketGroup* group = worker_.snapshot()->group(key_);
    if (!group || group->listeners.empty())
        return;
    const int chosen = tls_->listener();
    const ListenerRuntime* l =
        group->listeners[chosen >= 0 && std::size_t(chosen) < group->listeners.size() ? std::size_t(chosen) : 0];
    l->stats->add(worker_.index(), ok ? stats::TlsHandshakes : stats::TlsHandshakeFailures);
}

// The connection speaks HTTP/2 from here on: its socket, TLS session and unread bytes go to an
// H2Downstream, and this object goes away.
void Downstream::handOverToHttp2(const http::RequestHead* upgrade)
{
    transport_.sealStaged();  // nothing is staged at an ALPN hand-over; whatever was goes ahead of HTTP/2's bytes
    if (timer_)
        worker_.loop().cancel(timer_);
    timer_ = 0;
    life_ = Life::Closed;
    auto* h2 = new H2Downstream(worker_, std::move(transport_), tls_, key_, peerHost_, upgrade);
    worker_.replace(this, h2);
}

// An HTTP/1.1 connection's first bytes may be the HTTP/2 preface (h2c with prior knowledge).
bool Downstream::startsHttp2()
{
    if (requestsSeen_ > 0 || parser_.inMessage() || tls_)
        return false;
    const std::string_view preface = H2Downstream::kPreface;
    const std::string_view head = in().view().substr(0, preface.size());
    if (preface.substr(0, head.size()) != head)
        return false;
    if (head.size() < preface.size()) {
        return true;  // a prefix: wait for the rest
    }
    handOverToHttp2();
    return true;
}

void Downstream::process()
{
    if (processing_ || life_ == Life::Closed)
        return;
    if (startsHttp2())
        return;
    processing_ = true;
    while (life_ != Life::Closed && !in().empty()) {
        if (parser_.paused()) {
            if (exchange_ || lastResponse())
                break;  // pipelined: the next request waits for this response; none after a last one
            parser_.resume();
        }
        const bool wasInMessage = parser_.inMessage();
        const bool hadExchange = exchange_ != nullptr;
        const std::size_t used = parser_.feed(in().data(), in().size());
        in().consume(used);
        if (mode_ == Mode::UpgradingToH2c) {
            processing_ = false;
            handOverToHttp2(&parser_.request());
            return;
        }
        if (!wasInMessage && parser_.inMessage() && !exchange_)
            armIdleTimer();  // a new request started: the head deadline applies
        else if (!hadExchange && exchange_ && parser_.inMessage())
            armIdleTimer();  // its head is in and its body follows: the stream idle deadline applies
        if (parser_.failed()) {
            badRequest(parser_.errorStatus(), parser_.error());
            break;
        }
        if (used == 0 && !parser_.paused())
            break;
    }
    processing_ = false;
    if (life_ != Life::Closed && in().size() > worker_.limits().bufferHighWater && exchange_)
        pauseReading(true);
}

bool Downstream::onHead()
{
    ++requestsSeen_;
    if (!tls_ && requestsSeen_ == 1 && H2Downstream::wantsH2cUpgrade(parser_.request())) {
        mode_ = Mode::UpgradingToH2c;  // switched once the parser has returned (process())
        return false;
    }
    exchange_ = std::make_unique<Exchange>(*this, worker_.snapshot(),
                                           std::move(parser_.request()));  // the parser starts anew with the next request
    exchange_->start();
    // The connection counts for the listener its first request went to.
    if (!countedListener_ && exchange_ && exchange_->listener()) {
        countedListener_ = exchange_->listener();
        connectionStats_ = countedListener_->stats;
        connectionStats_->add(worker_.index(), stats::ActiveConnections, 1);
        connectionStats_->add(worker_.index(), stats::ConnectionsTotal, 1);
    }
    return false;
}

void Downstream::onBody(std::string_view data)
{
    if (!exchange_)
        return;
    deadline_ = worker_.loop().now() + worker_.limits().streamIdleTimeout;
    exchange_->requestBody(data);
}

void Downstream::onMessageComplete()
{
    if (exchange_)
        exchange_->requestComplete();
}

// HTTP/1.1 framing: a body of unknown length goes chunked to an HTTP/1.1 client; an HTTP/1.0
// client gets it delimited by the end of the connection.
void Downstream::sendHead(http::ResponseHead& head, bool bodyFollows, std::optional<std::uint64_t> contentLength)
{
    chunked_ = false;
    if (bodyFollows && !contentLength) {
        if (exchange_ && exchange_->request().versionMinor >= 1) {
            chunked_ = true;
            head.headers.add("Transfer-Encoding", "chunked");
        } else {
            endAfterThisResponse();
        }
    }
    if (lastResponse() || (exchange_ && !exchange_->keepAlive()))
        head.headers.set("Connection", "close");
    thread_local std::string bytes;  // reused: no allocation per response
    bytes.clear();
    http::appendResponseHead(bytes, head);
    write(bytes);
}

void Downstream::sendBody(std::string_view data)
{
    if (data.empty())
        return;  // an empty chunk would end a chunked body
    if (!chunked_) {
        write(data);
        return;
    }
    std::string framed;
    http::appendChunk(framed, data);
    write(framed);
}

void Downstream::startTunnel()
{
    mode_ = Mode::Tunnel;
    pauseReading(false);
    if (!in().empty() && exchange_) {  // what the client sent right after its request head
        exchange_->tunnelData(in().view());
        in().clear();
    }
    if (peerClosed_) {  // the client ended its side before the 101 came (reading is off since): so does the tunnel
        flush();
        close();
    }
}

void Downstream::sendEnd()
{
    if (chunked_)
        write("0\r\n\r\n");
    chunked_ = false;
}

void Downstream::write(std::string_view bytes)
{
    // Under TLS a batch's writes (an answer's head and body, the answers to pipelined requests)
    // are sealed as one record; the bytes leave with the loop's send batch, or at the flush.
    transport_.stage(bytes);
    transport_.sendAtBatchEnd();
    if (flushScheduled_)
        return;
    // Written at the end of the loop's batch, so that a response's head and body (and the
    // responses to pipelined requests) leave in one system call.
    flushScheduled_ = true;
    worker_.loop().defer(this, [this] {
        flushScheduled_ = false;
        flush();
    });
}

void Downstream::flush()
{
    if (life_ == Life::Closed)
        return;
    if (!transport_.flush()) {  // sealing the staged plaintext (TLS) included
        close();
        return;
    }
    transport_.watch(!readPaused_ || life_ == Life::Lingering);
    if (out().empty()) {
        if (life_ == Life::Lingering) {
            transport_.shutdownWrite();  // all of it is out: the client sees the end after the answer
            return;
        }
        if (lastResponse() && !exchange_) {
            finishClosing();
            return;
        }
        if (exchange_)
            exchange_->clientDrained();
        else
            out().release();  // idle: see exchangeFinished()
    }
}

void Downstream::pauseReading(bool paused)
{
    if (readPaused_ == paused || life_ == Life::Closed)
        return;
    readPaused_ = paused || peerClosed_;
    transport_.watch(!readPaused_);
}

void Downstream::exchangeFinished()
{
    const bool keepAlive = exchange_ && exchange_->keepAlive() && !peerClosed_ && !draining_ && !lastResponse();
    worker_.loop().deleteLater(exchange_.release());
    if (!keepAlive) {
        endAfterThisResponse();
        if (transport_.queued() == 0)  // else flush() finishes once the answer is out
            finishClosing();
        return;
    }
    pauseReading(false);
    armIdleTimer();
    // Idle between requests: the buffers' memory goes back until the next one (nginx does the
    // same; 10,000 idle keep-alive connections then cost little).
    if (out().empty())
        out().release();
    // The next pipelined request, if it is already here. Deferred: this may run inside the parser.
    if (in().empty()) {
        in().release();
        return;  // nothing read yet: the next read starts it
    }
    worker_.loop().defer(this, [this] {
        if (life_ != Life::Closed && !exchange_)
            process();
    });
}

// A request that cannot go on. Once its response has started, an error answer would be spliced
// into it: the connection is cut instead.
void Downstream::badRequest(int status, const std::string& why)
{
    if (exchange_ && exchange_->responseStarted()) {
        close();
        return;
    }
    exchange_.reset();
    endAfterThisResponse();
    pauseReading(true);
    write(http::simpleResponse(status, "text/plain",
                               std::to_string(status) + " " + http::reasonPhrase(status) + ": " + why + "\n", {}, true));
}

void Downstream::abort() { close(); }

// The connection ends after an answer. Closing a socket that still holds unread bytes makes the
// kernel send a reset, and a reset can destroy the answer in the client's receive buffer before
// the client reads it: a 413 or a 431 sent before the request was read in full would then be
// lost. So, as nginx's lingering close does: end the writing side (after close_notify on TLS),
// then read and drop what the client still sends until it closes, for at most 5 s without a byte
// and 30 s in all. A client that closed already, or a gateway shutting down, is closed at once.
void Downstream::finishClosing()
{
    if (life_ == Life::Closed || life_ == Life::Lingering)
        return;
    if (peerClosed_ || draining_ || mode_ == Mode::Tunnel) {
        close();
        return;
    }
    life_ = Life::Lingering;
    if (timer_)
        worker_.loop().cancel(timer_);
    lingerUntil_ = worker_.loop().now() + std::chrono::seconds(30);
    startTimer(std::chrono::seconds(5));
    if (tls_ && tls_->established()) {
        if (!transport_.sealStaged()) {  // the last answer goes before the close_notify
            abort();
            return;
        }
        transport_.shutdownSecure();
    }
    flush();  // shuts the writing side once the close_notify is out
}

void Downstream::lingerRead()
{
    if (transport_.discardInput() != net::Transport::Status::Again) {
        close();  // the client closed (or reset): done
        return;
    }
    // Still open: wait for more, 5 s at most between bytes, within the 30 s.
    net::EventLoop& loop = worker_.loop();
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(lingerUntil_ - loop.now());
    if (left.count() <= 0) {
        close();
        return;
    }
    if (timer_)
        loop.cancel(timer_);
    startTimer(std::min<std::chrono::milliseconds>(left, std::chrono::seconds(5)));
}

void Downstream::drain()
{
    draining_ = true;
    if (life_ == Life::Lingering || (!exchange_ && !parser_.inMessage()))
        close();
}

void Downstream::close()
{
    if (life_ == Life::Closed)
        return;
    life_ = Life::Closed;
    if (connectionStats_)
        connectionStats_->add(worker_.index(), stats::ActiveConnections, -1);
    if (timer_)
        worker_.loop().cancel(timer_);
    transport_.unwatch();
    if (exchange_)
        worker_.loop().deleteLater(exchange_.release());
    worker_.closed(this);
}

}  // namespace gs::runtime::proxy

#include "proxy/exchange.h"

#include <algorithm>

#include "http/grpc_status.h"
#include "http/path_normalizer.h"
#include "http/route_table.h"
#include "proxy/filters.h"
#include "proxy/mirror.h"
#include "proxy/worker.h"

namespace gs::runtime::proxy {

namespace {

constexpr std::size_t kMirrorBodyLimit = 1 << 20;

bool isGrpc(const http::RequestHead& r)
{
    const auto type = r.headers.get("content-type");
    return type && type->substr(0, 16) == "application/grpc";
}

}  // namespace

Exchange::Exchange(ExchangeClient& client, std::shared_ptr<const Snapshot> snapshot, http::RequestHead request)
    : client_(client), loop_(client.worker().loop()), snapshot_(std::move(snapshot)), request_(std::move(request)),
      started_(std::chrono::steady_clock::now())
{
    keepAlive_ = request_.keepAlive;
    grpc_ = isGrpc(request_);
}

// The client may be gone by now (an HTTP/2 stream closes independently): only loop_ is used.
Exchange::~Exchange()
{
    net::EventLoop& loop = loop_;
    if (requestTimer_)
        loop.cancel(requestTimer_);
    if (backendTimer_)
        loop.cancel(backendTimer_);
    if (idleTimer_)
        loop.cancel(idleTimer_);
    if (retryTimer_)
        loop.cancel(retryTimer_);
    if (upstream_)
        upstream_->abandon();
}

std::string Exchange::scheme() const
{
    return listener_ && listener_->spec->protocol == config::Protocol::HTTPS ? "https" : "http";
}

void Exchange::start()
{
    const int shard = client_.worker().index();
    // Routed and forwarded in its canonical spelling (http/path_normalizer.h).
    std::optional<std::string> target = http::normalizeTarget(request_.target);
    if (!target) {
        respondError(400, "the request path has an invalid or ambiguous percent-encoding");
        return;
    }
    request_.target = std::move(*target);
    if (request_.contentLength && bodyTooLarge(*request_.contentLength))
        return;
    if (!route())
        return;
    listener_->stats->add(shard, stats::Requests);
    if (!route_)
        return;
    route_->stats->add(shard, stats::Requests);
    // Room for the fields forward() adds, so that the copy is the list's only allocation.
    upstreamRequest_.headers.all().reserve(request_.headers.all().size() + 5);
    upstreamRequest_ = request_;
    if (!applyFilters(route_->spec->filters, &route_->mirrors))
        return;
    if (!chooseBackend())
        return;
    if (!applyFilters(backend_->spec->filters, &backend_->mirrors))
        return;
    forward();
}

// Listener isolation, then the route table (SPEC-NOTES §2, §3). False when answered already.
bool Exchange::route()
{
    // RFC 9112 §3.2: an HTTP/1.1 request without a Host, and any request with more than one, is 400.
    std::size_t hosts = 0;
    for (const http::Header& h : request_.headers.all())
        hosts += http::equalsIgnoreCase(h.name, "host") ? 1 : 0;
    if (hosts > 1 || (hosts == 0 && !request_.http2 && request_.versionMinor >= 1)) {
        respondError(400,
                     hosts > 1 ? "the request has more than one Host header" : "an HTTP/1.1 request must have a Host header");
        return false;
    }
    const std::optional<std::string_view> host = request_.headers.get("host");
    host_ = http::normalizeHost(host.value_or(""));
    const SocketGroup* group = snapshot_->group(client_.key());
    listener_ = group ? group->select(host_) : nullptr;
    if (!listener_) {
        // Not routed: counted on the listener the TLS server name chose, else the port's first,
        // where the graph shows it; the exchange itself stays without a listener.
        if (group && !group->listeners.empty()) {
            const int sni = client_.sniListener();
            const ListenerRuntime* where = sni >= 0 && std::size_t(sni) < group->listeners.size()
                ? group->listeners[std::size_t(sni)]
                : group->listeners.front();
            where->stats->add(client_.worker().index(), stats::NotRouted);
        }
        respondError(404, "no listener on this port serves host \"" + host_ + "\"");
        return false;
    }
    // Over TLS the SNI chose the listener; a Host that belongs to another listener of the port is
    // a misdirected request (SPEC-NOTES §2, GatewayHTTPSListenerDetectMisdirectedRequests).
    if (const int sni = client_.sniListener();
        sni >= 0 && std::size_t(sni) < group->listeners.size() && group->listeners[std::size_t(sni)] != listener_) {
        const ListenerRuntime* chosen = listener_;
        listener_ = group->listeners[std::size_t(sni)];
        respondError(421,
                     "the TLS server name chose listener " + listener_->spec->listenerName + ", but host \"" + host_ +
                         "\" belongs to listener " + chosen->spec->listenerName);
        return false;
    }
    const bool grpc = grpc_ && listener_->grpc->table.hasHost(host_);
    const RouteSet& routes = grpc ? *listener_->grpc : *listener_->http;
    const http::RouteTable& table = routes.table;
    const http::RequestView view{request_.method, request_.path(), request_.query(), host_, &request_.headers};
    const int index = table.match(view);
    if (index < 0) {
        listener_->stats->add(client_.worker().index(), stats::Requests);
        listener_->stats->add(client_.worker().index(), stats::NotRouted);
        respondError(404,
                     "no route matches " + request_.method + " " + std::string(request_.path()) + " on host \"" + host_ + "\"");
        return false;
    }
    route_ = routes.routes[std::size_t(index)].get();
    return true;
}

// Applies filters in list order; false when one of them answered the request.
bool Exchange::applyFilters(const std::vector<config::HttpFilter>& filters,
                            const std::vector<std::unique_ptr<TargetRuntime>>* mirrors)
{
    using Type = config::HttpFilter::Type;
    for (std::size_t i = 0; i < filters.size(); ++i) {
        const config::HttpFilter& f = filters[i];
        switch (f.type) {
        case Type::RequestHeaderModifier: applyHeaderModifier(upstreamRequest_.headers, f.headers); break;
        case Type::ResponseHeaderModifier: responseModifiers_.push_back(&f.headers); break;
        case Type::RequestRedirect: {
            const std::string gateway = listener_->gateway->name;
            RedirectContext c{scheme(),
                              host_,
                              std::string(request_.path()),
                              std::string(request_.query()),
                              route_->spec->match.path.value,
                              listener_->spec->port,
                              [this, gateway](std::uint16_t p) { return snapshot_->servedPort(gateway, p); }};
            respond(f.redirect.statusCode, {{"Location", redirectLocation(f.redirect, c)}});
            return false;
        }
        case Type::URLRewrite: {
            if (f.rewrite.hostname)
                upstreamRequest_.headers.set("Host", *f.rewrite.hostname);
            if (f.rewrite.path) {
                const std::string query(request_.query());
                upstreamRequest_.target = modifiedPath(request_.path(), *f.rewrite.path, route_->spec->match.path.value) +
                    (query.empty() ? "" : "?" + query);
            }
            break;
        }
        case Type::RequestMirror:
            if (mirrors && (*mirrors)[i] &&
                mirrorSelected(route_->mirrorCount.fetch_add(1, std::memory_order_relaxed), f.mirror.numerator,
                               f.mirror.denominator))
                mirrorTargets_.push_back((*mirrors)[i].get());
            break;
        case Type::CORS:
            cors_ = &f.cors;
            if (isPreflight(request_)) {
                respond(200, corsHeaders(f.cors, request_, true));
                return false;
            }
            break;
        case Type::Unsupported: respondError(500, f.unsupportedReason); return false;
        }
    }
    return true;
}

bool Exchange::chooseBackend()
{
    const int index = route_->schedule->next();
    if (index < 0) {
        respondError(500, "the rule has no backend to send the request to");
        return false;
    }
    backend_ = &route_->backends[std::size_t(index)];
    const TargetRuntime& target = *backend_->target;
    target.stats->add(client_.worker().index(), stats::Requests);
    if (!target.spec->valid) {
        respondError(backend_->spec->errorStatus, "invalid backend: " + target.spec->invalidReason);
        return false;
    }
    if (target.spec->tls && !target.tls) {
        respondError(500, "BackendTLSPolicy: " + target.tlsError);
        return false;
    }
    endpoint_ = target.pickEndpoint();
    if (!endpoint_) {
        respondError(503, "backend " + target.spec->serviceNamespace + "/" + target.spec->serviceName + " has no endpoint");
        return false;
    }
    return true;
}

void Exchange::forward()
{
    http::RequestHead& r = upstreamRequest_;
    if (r.headers.has("expect") && r.hasBody()) {
        client_.sendContinue();  // the body is welcome: the backend has been chosen
        r.headers.remove("expect");
    }
    // An upgrade (WebSocket) is passed on: the backend decides, and a 101 turns the exchange
    // into a tunnel. Not to HTTP/2 backends, where Upgrade does not exist.
    const auto upgrade = request_.upgrade ? request_.headers.get("upgrade") : std::nullopt;
    http::removeHopByHop(r.headers);
    if (upgrade && !backend_->target->h2c()) {
        r.headers.add("Connection", "Upgrade");
        r.headers.add("Upgrade", std::string(*upgrade));
        upgradeRequested_ = true;
    }
    const std::string& peer = client_.peerHost();
    if (const auto xff = r.headers.get("x-forwarded-for"))
        r.headers.set("X-Forwarded-For", std::string(*xff) + ", " + peer);
    else
        r.headers.add("X-Forwarded-For", peer);
    if (!r.headers.has("x-forwarded-proto"))
        r.headers.add("X-Forwarded-Proto", scheme());
    if (!r.headers.has("x-forwarded-host"))
        r.headers.add("X-Forwarded-Host", std::string(request_.headers.get("host").value_or("")));
    r.chunked = request_.chunked;
    if (request_.chunked)
        r.headers.add("Transfer-Encoding", "chunked");
    else if (request_.contentLength)
        r.headers.set("Content-Length", std::to_string(*request_.contentLength));
    headOnly_ = request_.method == "HEAD";
    mirrorBody_.clear();
    answer_ = Answer::Backend;
    startTimers();
    sendHead();
}

// HTTP/1.1 from the connection pool, or a stream of an HTTP/2 connection when the Service port
// says kubernetes.io/h2c (gRPC backends do).
void Exchange::sendHead()
{
    std::string error;
    Worker& worker = client_.worker();
    if (backend_->target->h2c()) {
        upstream_ = worker.h2Pool().open(*endpoint_, this, headOnly_, error);
    } else if (const TargetRuntime& t = *backend_->target; t.tls) {
        if (Upstream* u = worker.pool().acquire(*endpoint_, *t.tls, t.spec->tls->hostname, t.spec->tls->subjectAltNames, error)) {
            u->attach(this, headOnly_);
            upstream_ = u;
        }
    } else if (Upstream* u = worker.pool().acquire(*endpoint_, error)) {
        u->attach(this, headOnly_);
        upstream_ = u;
    }
    if (!upstream_) {
        upstreamFailed(UpstreamFailure::ConnectFailed, error);
        return;
    }
    if (!upstream_->reused())
        backend_->target->stats->add(worker.index(), stats::UpstreamConnections);
    armBackendTimer();
    upstream_->sendHead(upstreamRequest_);
}

// The backendRequest timeout, or without one the connect timeout (WorkerLimits::connectTimeout),
// which guards connecting only: a pooled connection that is open already needs no timer (it would
// fire and do nothing), which spares a timer per keep-alive request. A retry on a new connection
// arms it then.
void Exchange::armBackendTimer()
{
    const config::Timeouts& t = route_->spec->timeouts;
    const bool limited = t.backendRequestMs.has_value();
    if (backendTimer_ || (!limited && upstream_->connected()))
        return;
    const std::int64_t backendMs = t.backendRequestMs && *t.backendRequestMs > 0
        ? *t.backendRequestMs
        : std::int64_t(client_.worker().limits().connectTimeout.count());
    backendTimer_ = loop_.after(std::chrono::milliseconds(backendMs), [this, limited] {
        backendTimer_ = 0;
        if (!limited && upstream_ && upstream_->connected())
            return;  // no backendRequest timeout: the default only guards connecting
        upstreamFailed(UpstreamFailure::TimedOut, "timeout");
    });
}

void Exchange::startTimers()
{
    net::EventLoop& loop = client_.worker().loop();
    const config::Timeouts& t = route_->spec->timeouts;
    if (t.requestMs && *t.requestMs > 0)
        requestTimer_ = loop.after(std::chrono::milliseconds(*t.requestMs), [this] {
            requestTimer_ = 0;
            upstreamFailed(UpstreamFailure::TimedOut, "timeout");
        });
    lastActivity_ = loop.now();
    lastRequestActivity_ = lastActivity_;
    armStreamIdleTimer();
}

// The stream idle deadline (WorkerLimits::streamIdleTimeout) for the backend's side: once the
// request is in, its answer (or a tunnel) must keep moving. Lazy, as the connection deadlines:
// activity only moves lastActivity_, and the timer re-arms itself for the rest when it fires.
void Exchange::armStreamIdleTimer()
{
    const auto timeout = client_.worker().limits().streamIdleTimeout;
    const auto wait = std::chrono::ceil<std::chrono::milliseconds>(lastActivity_ + timeout - loop_.now());
    idleTimer_ = loop_.after(std::max(wait, std::chrono::milliseconds(1)), [this] {
        idleTimer_ = 0;
        onStreamIdle();
    });
}

void Exchange::onStreamIdle()
{
    if (response_ == Response::Done || answer_ != Answer::Backend)
        return;
    if (!requestDone_ && response_ != Response::Tunnel) {  // the body is still arriving
        if (client_.guardsRequestBody()) {
            lastActivity_ = loop_.now();
            armStreamIdleTimer();
        } else if (loop_.now() < lastRequestActivity_ + client_.worker().limits().streamIdleTimeout) {
            lastActivity_ = lastRequestActivity_;  // wake up when the body's deadline is due
            armStreamIdleTimer();
        } else {
            requestBodyStalled();
        }
        return;
    }
    if (loop_.now() < lastActivity_ + client_.worker().limits().streamIdleTimeout) {
        armStreamIdleTimer();
        return;
    }
    upstreamFailed(UpstreamFailure::TimedOut, "timeout");
}

// WorkerLimits::maxRequestBodyBytes: 413, and the connection is not reused (the rest of the body
// is not wanted). False when the body is within the limit.
bool Exchange::bodyTooLarge(std::uint64_t length)
{
    const std::uint64_t limit = client_.worker().limits().maxRequestBodyBytes;
    if (limit == 0 || length <= limit)
        return false;
    keepAlive_ = false;
    if (responseStarted()) {
        client_.abort();
        return true;
    }
    if (UpstreamChannel* u = upstream_) {
        upstream_ = nullptr;
        u->abandon();
    }
    answer_ = Answer::Local;
    respondError(413, "the request body is larger than " + std::to_string(limit) + " bytes");
    return true;
}

// An HTTP/2 request body that stopped arriving for streamIdleTimeout: 408 for the stream (its
// late DATA is dropped), or the stream reset once the answer has started.
void Exchange::requestBodyStalled()
{
    keepAlive_ = false;
    if (responseStarted()) {
        client_.abort();
        return;
    }
    if (UpstreamChannel* u = upstream_) {
        upstream_ = nullptr;
        u->abandon();
    }
    answer_ = Answer::Local;
    respondError(408, "the request body stopped arriving");
}

void Exchange::requestBody(std::string_view data)
{
    lastRequestActivity_ = loop_.now();
    bytesIn_ += data.size();
    if (answer_ == Answer::Backend && bodyTooLarge(bytesIn_))
        return;
    if (answer_ != Answer::Backend || !upstream_)
        return;  // answered already: the body is read and dropped
    upstream_->sendBody(data);  // may fail at once: upstreamFailed() then lets go of upstream_
    if (!mirrorTargets_.empty() || route_->spec->retry) {
        if (mirrorBody_.size() + data.size() > kMirrorBodyLimit)
            mirrorBodyTooLarge_ = true;
        else
            mirrorBody_.append(data);
    }
    if (upstream_ && upstream_->queued() > client_.worker().limits().bufferHighWater)
        client_.pauseReading(true);
}

void Exchange::requestComplete()
{
    requestDone_ = true;
    lastActivity_ = loop_.now();
    if (answer_ == Answer::Backend && upstream_)
        upstream_->endRequest();
    if (answer_ == Answer::Backend)
        mirror();
    if (finished())
        done();
}

// The backend accepted the upgrade: its 101 goes to the client, and from here on bytes flow both
// ways untouched until either side closes (the connection is not reused).
bool Exchange::switchProtocols(http::ResponseHead head)
{
    const std::string upgrade(head.headers.get("upgrade").value_or(""));
    http::removeHopByHop(head.headers);
    head.headers.add("Connection", "Upgrade");
    head.headers.add("Upgrade", upgrade);
    status_ = 101;
    countResponse(status_);
    response_ = Response::Tunnel;
    keepAlive_ = false;
    if (requestTimer_) {  // a tunnel lives as long as its two sides want, not a request's timeout
        loop_.cancel(requestTimer_);
        requestTimer_ = 0;
    }
    client_.sendHead(head, false, std::nullopt);
    client_.startTunnel();
    return false;
}

void Exchange::tunnelData(std::string_view data)
{
    bytesIn_ += data.size();
    lastActivity_ = loop_.now();
    if (!upstream_)
        return;
    upstream_->sendBody(data);  // may fail at once: upstreamFailed() then lets go of upstream_
    if (upstream_ && upstream_->queued() > client_.worker().limits().bufferHighWater)
        client_.pauseReading(true);  // a slow backend: stop reading the client until it drains
}

void Exchange::upstreamDrained() { client_.pauseReading(false); }

void Exchange::clientDrained()
{
    if (upstream_)
        upstream_->pauseReading(false);
}

bool Exchange::upstreamHead(http::ResponseHead& head, bool bodyFollows)
{
    lastActivity_ = loop_.now();
    if (backendTimer_) {
        client_.worker().loop().cancel(backendTimer_);
        backendTimer_ = 0;
    }
    const std::optional<std::uint64_t> contentLength = head.contentLength;
    head.reason.clear();
    if (head.status == 101 && upgradeRequested_)
        return switchProtocols(head);
    http::removeHopByHop(head.headers);
    for (const config::HeaderModifier* m : responseModifiers_)
        applyHeaderModifier(head.headers, *m);
    if (cors_)
        for (http::Header& h : corsHeaders(*cors_, request_, false))
            head.headers.set(h.name, std::move(h.value));
    const bool noBody = headOnly_ || head.status == 204 || head.status == 304 || !bodyFollows;
    if (!bodyFollows && !headOnly_ && head.status != 204 && head.status != 304)
        head.headers.set("Content-Length", "0");  // ended with its head (HTTP/2 END_STREAM): an empty body
    // An answer before the request's body arrived in full, to a client that waits for
    // "100 Continue" before sending it: the body may never come, so the connection ends here.
    if (!requestDone_ && request_.headers.has("expect"))
        keepAlive_ = false;
    if (retryable(head.status)) {
        backend_->target->stats->response(client_.worker().index(), head.status);  // the attempt's answer
        retry();
        return true;  // this answer is dropped: the upstream no longer reports to this exchange
    }
    head.versionMinor = 1;
    http::addDateUnlessPresent(head.headers);  // RFC 9110 §6.6.1: forwarded, so dated if the backend did not
    status_ = head.status;
    countResponse(status_);
    response_ = Response::Started;
    countGrpc(head.headers);  // a trailers-only answer carries its status in the head
    client_.sendHead(head, !noBody, contentLength);
    return noBody;
}

void Exchange::upstreamBody(std::string_view data)
{
    bytesOut_ += data.size();
    lastActivity_ = loop_.now();
    if (response_ == Response::Tunnel)
        client_.sendTunnel(data);
    else
        client_.sendBody(data);
    if (client_.congested() && upstream_)
        upstream_->pauseReading(true);
}

void Exchange::upstreamComplete()
{
    client_.sendEnd();
    if (backendTimer_) {
        client_.worker().loop().cancel(backendTimer_);
        backendTimer_ = 0;
    }
    UpstreamChannel* u = upstream_;
    upstream_ = nullptr;
    if (u)
        u->finished(requestDone_);  // answered before the request was sent in full: not reusable
    finishResponse();
}

void Exchange::upstreamFailed(UpstreamFailure failure, const std::string& detail)
{
    const int shard = client_.worker().index();
    const bool timeout = failure == UpstreamFailure::TimedOut;
    UpstreamChannel* u = upstream_;
    upstream_ = nullptr;
    const bool retryable = u && u->reused() && !u->receivedAnything();
    if (u)
        u->abandon();
    if (backend_)
        backend_->target->stats->add(shard,
                                     timeout                                         ? stats::Timeouts
                                         : failure == UpstreamFailure::ConnectFailed ? stats::UpstreamConnectFailures
                                                                                     : stats::UpstreamResets);
    // rules[].retry: a failed connection is retried too (GEP-1731 says it SHOULD be), as one of
    // the attempts, before the resend below (which would be an attempt it does not count).
    if (!timeout && !responseStarted() && backend_ && this->retryable(0)) {
        retry();
        return;
    }
    // A pooled connection the backend had closed: try once more on a new one.
    if (!timeout && failure == UpstreamFailure::ResetBeforeResponse && retryable && !request_.hasBody() && !retried_) {
        retried_ = true;
        sendHead();
        return;
    }
    if (responseStarted()) {
        keepAlive_ = false;
        client_.abort();
        return;
    }
    const int status = statusOf(failure);
    answer_ = Answer::Local;
    respondError(status, detail);
}

void Exchange::respond(int status, const std::vector<http::Header>& headers, std::string_view body, std::string_view contentType)
{
    if (!requestDone_ && request_.headers.has("expect"))
        keepAlive_ = false;  // the client may never send the body it announced
    http::ResponseHead head;
    head.status = status;
    for (const http::Header& h : headers)
        head.headers.add(h.name, h.value);
    for (const config::HeaderModifier* m : responseModifiers_)
        applyHeaderModifier(head.headers, *m);
    if (!body.empty())
        head.headers.add("Content-Type", std::string(contentType));
    head.headers.add("Content-Length", std::to_string(body.size()));
    http::addDateUnlessPresent(head.headers);  // the gateway's own answer (RFC 9110 §6.6.1)
    status_ = status;
    countResponse(status);
    response_ = Response::Started;
    countGrpc(head.headers);
    const bool withBody = request_.method != "HEAD" && !body.empty();
    client_.sendHead(head, withBody, body.size());
    if (withBody)
        client_.sendBody(body);
    client_.sendEnd();
    finishResponse();
}

void Exchange::respondError(int status, const std::string& why)
{
    // A gRPC client gets its answer as gRPC: "trailers-only" (HTTP 200, grpc-status), with
    // UNIMPLEMENTED where HTTP would say 404 (SPEC-NOTES §7) and UNAVAILABLE for backend trouble.
    if (grpc_ && status != 421) {
        using http::GrpcStatus;
        const GrpcStatus code = status == 404 ? GrpcStatus::Unimplemented
            : status == 504                   ? GrpcStatus::DeadlineExceeded
            : status == 503 || status == 502  ? GrpcStatus::Unavailable
                                              : GrpcStatus::Internal;
        respond(200, {{"Content-Type", "application/grpc"}, {"grpc-status", http::grpcStatusText(code)}, {"grpc-message", why}});
        return;
    }
    respond(status, {}, std::to_string(status) + " " + http::reasonPhrase(status) + ": " + why + "\n");
}

// The gRPC status of a gRPC response (from the trailers, a trailers-only head, or the gateway's
// own answer), per route and backend.
void Exchange::countGrpc(const http::Headers& fields)
{
    if (!grpc_)
        return;  // only gRPC requests have a gRPC status; the header scan is skipped for the rest
    const auto status = fields.get("grpc-status");
    if (!status)
        return;
    const int shard = client_.worker().index();
    const auto field = stats::Field(stats::GrpcStatus0 + int(http::parseGrpcStatus(*status)));
    if (route_)
        route_->stats->add(shard, field);
    if (backend_)
        backend_->target->stats->add(shard, field);
}

void Exchange::countResponse(int status)
{
    const int shard = client_.worker().index();
    if (listener_)
        listener_->stats->response(shard, status);
    if (route_)
        route_->stats->response(shard, status);
    if (backend_)
        backend_->target->stats->response(shard, status);
}

void Exchange::finishResponse()
{
    response_ = Response::Done;
    if (requestTimer_) {
        client_.worker().loop().cancel(requestTimer_);
        requestTimer_ = 0;
    }
    const int shard = client_.worker().index();
    const auto micros =
        std::uint64_t(std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started_).count());
    for (stats::Counters* c : {listener_ ? listener_->stats : nullptr, route_ ? route_->stats : nullptr,
                               backend_ ? backend_->target->stats : nullptr}) {
        if (!c)
            continue;
        c->latency(shard, micros);
        c->add(shard, stats::BytesIn, std::int64_t(bytesIn_));
        c->add(shard, stats::BytesOut, std::int64_t(bytesOut_));
    }
    // Answered before the request's body was in, on a connection that will not be reused: the
    // client connection ends after the answer instead of waiting for a body that may not come.
    if (finished() || (!requestDone_ && !keepAlive_))
        done();
}

void Exchange::mirror()
{
    if (mirrorTargets_.empty() || mirrorBodyTooLarge_)
        return;
    for (const TargetRuntime* target : mirrorTargets_) {
        const net::Address* address = target->pickEndpoint();
        if (!address || !target->spec->valid)
            continue;
        http::RequestHead head = upstreamRequest_;
        head.headers.remove("transfer-encoding");
        if (!mirrorBody_.empty() || request_.hasBody())
            head.headers.set("Content-Length", std::to_string(mirrorBody_.size()));
        std::string bytes;
        http::appendRequestHead(bytes, head);
        bytes += mirrorBody_;
        target->stats->add(client_.worker().index(), stats::Requests);
        Mirror::send(client_.worker().loop(), *address, std::move(bytes), target->stats, client_.worker().index());
    }
}

// rules[].retry (GEP-1731): a response with a listed code (0: no response at all) is retried while
// attempts are left and the whole request is held (sent in full, its body within the mirror
// limit); never once the answer has started or during a tunnel.
bool Exchange::retryable(int status) const
{
    const std::optional<config::Retry>& r = route_ ? route_->spec->retry : std::nullopt;
    if (!r || retries_ >= r->attempts || responseStarted() || !requestDone_ || mirrorBodyTooLarge_)
        return false;
    return status == 0 || std::find(r->codes.begin(), r->codes.end(), status) != r->codes.end();
}

// Lets the failed attempt go, waits the backoff, and sends the request again to the same backendRef
// (its filters were applied to this request; Envoy keeps the weighted cluster too), to its next
// endpoint, with the held body.
void Exchange::retry()
{
    ++retries_;
    if (backendTimer_) {
        loop_.cancel(backendTimer_);
        backendTimer_ = 0;
    }
    if (UpstreamChannel* u = upstream_) {
        upstream_ = nullptr;
        u->abandon();
    }
    backend_->target->stats->add(client_.worker().index(), stats::Retries);
    retryTimer_ = loop_.after(std::chrono::milliseconds(route_->spec->retry->backoffMs), [this] {
        retryTimer_ = 0;
        if (responseStarted())
            return;  // the request timeout answered meanwhile
        const TargetRuntime& target = *backend_->target;
        target.stats->add(client_.worker().index(), stats::Requests);
        endpoint_ = target.pickEndpoint();
        if (!endpoint_) {
            answer_ = Answer::Local;
            respondError(503, "backend " + target.spec->serviceNamespace + "/" + target.spec->serviceName + " has no endpoint");
            return;
        }
        sendHead();
        if (!upstream_)
            return;
        upstream_->sendBody(mirrorBody_);
        upstream_->endRequest();
    });
}

void Exchange::done() { client_.exchangeFinished(); }

}  // namespace gs::runtime::proxy

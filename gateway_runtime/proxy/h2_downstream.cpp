#include "proxy/h2_downstream.h"

#include "proxy/h2_stream_callbacks.h"

#include <nghttp2/nghttp2.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>

#include "proxy/worker.h"

namespace gs::runtime::proxy {

namespace {

constexpr std::uint32_t kMaxConcurrentStreams = 256;

nghttp2_nv field(const std::string& name, const std::string& value)
{
    return {reinterpret_cast<std::uint8_t*>(const_cast<char*>(name.data())),
            reinterpret_cast<std::uint8_t*>(const_cast<char*>(value.data())), name.size(), value.size(), NGHTTP2_NV_FLAG_NONE};
}

}  // namespace

// One request/response stream; the exchange's client.
class H2Downstream::Stream : public ExchangeClient {
public:
    Stream(H2Downstream& connection, std::int32_t id) : connection_(connection), id_(id) { }
    // An exchange still running is abandoned with the stream; DATA it held back is given back to
    // the connection's window.
    ~Stream() override
    {
        if (unconsumed_ > 0)
            nghttp2_session_consume_connection(connection_.session_, unconsumed_);
    }

    // ExchangeClient
    Worker& worker() override { return connection_.worker_; }
    const SocketKey& key() const override { return connection_.key_; }
    const std::string& peerHost() const override { return connection_.peerHost_; }
    int sniListener() const override { return connection_.tls_ ? connection_.tls_->listener() : -1; }
    void sendContinue() override { }
    bool guardsRequestBody() const override { return false; }
    void sendHead(http::ResponseHead& head, bool bodyFollows, std::optional<std::uint64_t>) override
    {
        std::vector<std::pair<std::string, std::string>> fields{{":status", std::to_string(head.status)}};
        for (const http::Header& h : head.headers.all())
            if (!http::isHopByHop(h.name))  // connection-specific fields are not allowed in HTTP/2 (RFC 9113 §8.2.2)
                fields.emplace_back(http::lowercase(h.name), h.value);
        std::vector<nghttp2_nv> nva;
        for (const auto& [name, value] : fields)
            nva.push_back(field(name, value));
        nghttp2_data_provider provider{};
        provider.source.ptr = this;
        provider.read_callback = &Stream::readBody;
        nghttp2_submit_response(connection_.session_, id_, nva.data(), nva.size(), bodyFollows ? &provider : nullptr);
        connection_.streamReady(*this);
    }
    void sendBody(std::string_view data) override
    {
        body_.append(data);
        nghttp2_session_resume_data(connection_.session_, id_);
        connection_.streamReady(*this);
    }
    void sendTrailers(const http::Headers& trailers) override
    {
        for (const http::Header& h : trailers.all())
            if (!http::isHopByHop(h.name))
                trailers_.emplace_back(http::lowercase(h.name), h.value);
    }
    void sendEnd() override
    {
        ended_ = true;
        nghttp2_session_resume_data(connection_.session_, id_);
        connection_.streamReady(*this);
    }
    bool congested() const override { return body_.size() > connection_.worker_.limits().bufferHighWater; }
    // Backpressure through flow control: while paused, received DATA is not acknowledged with
    // WINDOW_UPDATE, so the client runs out of window (RFC 9113 §5.2).
    void pauseReading(bool paused) override
    {
        paused_ = paused;
        if (!paused && unconsumed_ > 0) {
            nghttp2_session_consume(connection_.session_, id_, unconsumed_);
            unconsumed_ = 0;
            connection_.streamReady(*this);
        }
    }
    void abort() override
    {
        nghttp2_submit_rst_stream(connection_.session_, NGHTTP2_FLAG_NONE, id_, NGHTTP2_INTERNAL_ERROR);
        connection_.streamReady(*this);
    }
    void exchangeFinished() override
    {
        if (exchange_)
            connection_.worker_.loop().deleteLater(exchange_.release());
    }

    // Request assembly, from nghttp2's callbacks. The header block counts against the same limits
    // as an HTTP/1.1 head (ParserLimits: total size and number of fields, each field counted as
    // name + value + 32 octets, RFC 7541 §4.1); past them the request is answered 431.
    void header(std::string_view name, std::string_view value)
    {
        if (exchange_)  // trailers
            return;
        const http::ParserLimits& limits = connection_.worker_.limits().parser;
        headBytes_ += name.size() + value.size() + 32;
        if (++headFields_ > limits.maxHeaders + 4 || headBytes_ > limits.maxHeadBytes)  // + the pseudo-headers
            tooLarge_ = true;
        if (tooLarge_)
            return;
        if (name == ":method")
            request_.method = value;
        else if (name == ":path")
            request_.target = value;
        else if (name == ":authority")
            authority_ = value;
        else if (!name.empty() && name[0] != ':')
            request_.headers.add(std::string(name), std::string(value));
    }

    // Stream 1 of an upgraded connection: the HTTP/1.1 request that asked for the upgrade.
    void upgradedRequest(http::RequestHead head)
    {
        for (const char* name : {"upgrade", "http2-settings"})
            head.headers.remove(name);
        http::removeHopByHop(head.headers);
        request_ = std::move(head);
        headersDone(true);
    }

    void headersDone(bool endStream)
    {
        if (exchange_) {  // trailers
            if (endStream)
                exchange_->requestComplete();
            return;
        }
        if (tooLarge_) {
            // A complete answer before the request is (RFC 9113 §8.1); the rest of its body is
            // consumed and dropped (data() without an exchange).
            if (!answered_) {
                answered_ = true;
                static const std::string status = ":status", code = "431", length = "content-length", zero = "0";
                const std::vector<nghttp2_nv> nva{field(status, code), field(length, zero)};
                nghttp2_submit_response(connection_.session_, id_, nva.data(), nva.size(), nullptr);
                connection_.streamReady(*this);
            }
            return;
        }
        request_.http2 = true;
        if (!authority_.empty() && !request_.headers.has("host"))
            request_.headers.all().insert(request_.headers.all().begin(), {"Host", authority_});
        if (const auto length = request_.headers.get("content-length")) {
            std::uint64_t n = 0;
            for (char c : *length)
                n = c >= '0' && c <= '9' ? n * 10 + std::uint64_t(c - '0') : n;
            request_.contentLength = n;
        } else if (!endStream) {
            request_.chunked = true;  // a body of unknown length: chunked to an HTTP/1.1 backend
        }
        exchange_ = std::make_unique<Exchange>(*this, connection_.worker_.snapshot(), request_);
        Exchange* e = exchange_.get();
        e->start();
        connection_.countConnection(e->listener());
        if (endStream && exchange_.get() == e)
            e->requestComplete();
    }

    void data(std::string_view bytes)
    {
        if (exchange_)
            exchange_->requestBody(bytes);
        if (paused_ && exchange_)
            unconsumed_ += bytes.size();
        else
            nghttp2_session_consume(connection_.session_, id_, bytes.size());
    }

    void dataDone()
    {
        if (exchange_)
            exchange_->requestComplete();
    }

private:
    static ssize_t readBody(nghttp2_session*, std::int32_t, std::uint8_t* buffer, std::size_t length, std::uint32_t* flags,
                            nghttp2_data_source* source, void*)
    {
        auto* s = static_cast<Stream*>(source->ptr);
        const std::size_t n = std::min(length, s->body_.size());
        if (n > 0) {
            std::memcpy(buffer, s->body_.data(), n);
            s->body_.consume(n);
            if (s->body_.empty() && s->exchange_)
                s->exchange_->clientDrained();
        }
        if (s->body_.empty() && s->ended_) {
            *flags |= NGHTTP2_DATA_FLAG_EOF;
            if (!s->trailers_.empty()) {  // the trailers end the stream instead (RFC 9113 §8.1)
                *flags |= NGHTTP2_DATA_FLAG_NO_END_STREAM;
                std::vector<nghttp2_nv> nva;
                for (const auto& [name, value] : s->trailers_)
                    nva.push_back(field(name, value));
                nghttp2_submit_trailer(s->connection_.session_, s->id_, nva.data(), nva.size());
            }
        } else if (n == 0) {
            return NGHTTP2_ERR_DEFERRED;
        }
        return ssize_t(n);
    }

    H2Downstream& connection_;
    std::int32_t id_;
    http::RequestHead request_;
    std::string authority_;
    std::unique_ptr<Exchange> exchange_;
    net::Buffer body_;
    std::vector<std::pair<std::string, std::string>> trailers_;
    bool ended_ = false;
    bool paused_ = false;
    std::size_t unconsumed_ = 0;  // DATA received while paused, not yet acknowledged
    std::size_t headBytes_ = 0;
    std::size_t headFields_ = 0;
    bool tooLarge_ = false;  // the header block is over the limits: answered 431
    bool answered_ = false;
};

// nghttp2's callbacks, forwarded to the connection and its streams.
struct H2Downstream::Callbacks {
    static H2Downstream& self(void* user) { return *static_cast<H2Downstream*>(user); }

    static int beginHeaders(nghttp2_session*, const nghttp2_frame* frame, void* user)
    {
        if (frame->hd.type == NGHTTP2_HEADERS && frame->headers.cat == NGHTTP2_HCAT_REQUEST)
            self(user).streams_[frame->hd.stream_id] = std::make_unique<Stream>(self(user), frame->hd.stream_id);
        return 0;
    }

    static int streamClosed(nghttp2_session*, std::int32_t id, std::uint32_t, void* user)
    {
        self(user).streamClosed(id);
        return 0;
    }
};

H2Downstream::H2Downstream(Worker& worker, net::Transport&& transport, tls::Session* tls, SocketKey key, std::string peerHost,
                           const http::RequestHead* upgrade)
    : worker_(worker), transport_(std::move(transport), *this), key_(std::move(key)), peerHost_(std::move(peerHost)), tls_(tls)
{
    nghttp2_session_callbacks* callbacks = nullptr;
    nghttp2_session_callbacks_new(&callbacks);
    nghttp2_session_callbacks_set_on_begin_headers_callback(callbacks, &Callbacks::beginHeaders);
    H2StreamCallbacks<H2Downstream>::install(callbacks);
    nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, &Callbacks::streamClosed);
    // Flow control paces the client by what the backends take: a stream's WINDOW_UPDATE waits
    // until its exchange has passed the data on (Stream::data, pauseReading).
    nghttp2_option* option = nullptr;
    nghttp2_option_new(&option);
    nghttp2_option_set_no_auto_window_update(option, 1);
    nghttp2_session_server_new2(&session_, callbacks, this, option);
    nghttp2_option_del(option);
    nghttp2_session_callbacks_del(callbacks);
    const nghttp2_settings_entry settings[] = {{NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, kMaxConcurrentStreams}};
    nghttp2_submit_settings(session_, NGHTTP2_FLAG_NONE, settings, 1);
    transport_.watch(true);
    becameIdle();
    // Deferred: handling these bytes may close the connection, which must not happen before the
    // worker has adopted it (Worker::replace).
    std::optional<http::RequestHead> upgradeRequest;
    if (upgrade)
        upgradeRequest = *upgrade;
    worker_.loop().defer([this, alive = std::weak_ptr<bool>(alive_), upgradeRequest = std::move(upgradeRequest)] {
        if (alive.expired() || closed_)
            return;
        if (upgradeRequest)
            acceptUpgrade(*upgradeRequest);
        receive();
        sendPending();
    });
}

bool H2Downstream::wantsH2cUpgrade(const http::RequestHead& request)
{
    return request.upgrade && request.headers.listsToken("upgrade", "h2c") && request.headers.has("http2-settings") &&
        !request.hasBody();
}

// RFC 7540 §3.2: "101 Switching Protocols", then HTTP/2 with the client's settings from its
// HTTP2-Settings header (base64url), and the request as stream 1.
void H2Downstream::acceptUpgrade(const http::RequestHead& request)
{
    transport_.send("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n");
    std::string settings(request.headers.get("http2-settings").value_or(""));
    for (char& ch : settings)
        ch = ch == '-' ? '+' : ch == '_' ? '/' : ch;
    while (settings.size() % 4)
        settings += '=';
    std::string decoded(settings.size(), '\0');
    const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(decoded.data()),
                                  reinterpret_cast<const unsigned char*>(settings.data()), int(settings.size()));
    const std::size_t padding = settings.size() - settings.find_last_not_of('=') - 1;
    decoded.resize(n < 0 ? 0 : std::size_t(n) - std::min<std::size_t>(padding, std::size_t(n)));
    if (nghttp2_session_upgrade2(session_, reinterpret_cast<const std::uint8_t*>(decoded.data()), decoded.size(),
                                 request.method == "HEAD", nullptr) != 0) {
        close();
        return;
    }
    auto stream = std::make_unique<Stream>(*this, 1);
    Stream* s = stream.get();
    streams_[1] = std::move(stream);
    s->upgradedRequest(request);
}

H2Downstream::~H2Downstream()
{
    streams_.clear();
    nghttp2_session_del(session_);
}

H2Downstream::Stream* H2Downstream::stream(std::int32_t id)
{
    auto it = streams_.find(id);
    return it == streams_.end() ? nullptr : it->second.get();
}

void H2Downstream::countConnection(const ListenerRuntime* listener)
{
    if (connectionStats_ || !listener)
        return;
    connectionStats_ = listener->stats;
    connectionStats_->add(worker_.index(), stats::ActiveConnections, 1);
    connectionStats_->add(worker_.index(), stats::ConnectionsTotal, 1);
}

void H2Downstream::onIo(std::uint32_t events)
{
    if (closed_)
        return;
    if (events & net::kWritable)
        flush();
    if (closed_ || !(events & net::kReadEvents))
        return;
    const net::Transport::Status status = transport_.read(16 * 1024).status;
    if (status == net::Transport::Status::Again) {
        if (!transport_.out().empty())
            flush();  // what reading produced (a key update)
        return;
    }
    if (status != net::Transport::Status::Data) {
        close();
        return;
    }
    receive();
    sendPending();
}

void H2Downstream::receive()
{
    net::Buffer& plain = transport_.in();
    if (plain.empty() || closed_)
        return;
    const ssize_t used = nghttp2_session_mem_recv(session_, reinterpret_cast<const std::uint8_t*>(plain.data()), plain.size());
    plain.clear();  // nghttp2 took it all, or failed
    if (used < 0)
        close();  // a protocol error; nghttp2 queued a GOAWAY, sent best effort below
}

void H2Downstream::streamReady(Stream&)
{
    if (sendScheduled_)
        return;
    sendScheduled_ = true;
    worker_.loop().defer([this, alive = std::weak_ptr<bool>(alive_)] {
        if (alive.expired())
            return;
        sendScheduled_ = false;
        sendPending();
    });
}

// Frames nghttp2 has ready go to the socket (through TLS when any).
void H2Downstream::sendPending()
{
    if (!session_)
        return;
    // Gathered first: under TLS, one record for many small frames.
    thread_local std::string plain;
    plain.clear();
    for (;;) {
        const std::uint8_t* data = nullptr;
        const ssize_t n = nghttp2_session_mem_send(session_, &data);
        if (n <= 0)
            break;
        plain.append(reinterpret_cast<const char*>(data), std::size_t(n));
    }
    if (!plain.empty() && !transport_.send(plain)) {
        close();
        return;
    }
    flush();
    if (!closed_ && !nghttp2_session_want_read(session_) && !nghttp2_session_want_write(session_) && transport_.out().empty())
        close();
}

void H2Downstream::flush()
{
    if (closed_)
        return;
    if (!transport_.flush()) {
        close();
        return;
    }
    transport_.watch(true);
}

void H2Downstream::streamClosed(std::int32_t id)
{
    streams_.erase(id);
    if (streams_.empty())
        becameIdle();
}

// A connection without streams is closed (GOAWAY first) after WorkerLimits::idleTimeout, as an
// idle HTTP/1.1 connection is. Lazy: one timer per idle period, re-armed for the rest when streams
// came and went meanwhile.
void H2Downstream::becameIdle()
{
    idleSince_ = worker_.loop().now();
    if (!idleTimer_ && !closed_)
        armIdleTimer(worker_.limits().idleTimeout);
}

void H2Downstream::armIdleTimer(std::chrono::milliseconds delay)
{
    idleTimer_ = worker_.loop().after(delay, [this] {
        idleTimer_ = 0;
        if (!streams_.empty())
            return;  // busy; the next becameIdle() re-arms
        const auto idleFor = worker_.loop().now() - idleSince_;
        const auto timeout = worker_.limits().idleTimeout;
        if (idleFor < timeout) {
            armIdleTimer(std::chrono::ceil<std::chrono::milliseconds>(timeout - idleFor));
            return;
        }
        nghttp2_session_terminate_session(session_, NGHTTP2_NO_ERROR);
        sendPending();
        close();
    });
}

void H2Downstream::drain()
{
    nghttp2_session_terminate_session(session_, NGHTTP2_NO_ERROR);  // GOAWAY: finish what is in flight
    sendPending();
}

void H2Downstream::close()
{
    if (closed_)
        return;
    closed_ = true;
    alive_.reset();
    if (idleTimer_)
        worker_.loop().cancel(idleTimer_);
    idleTimer_ = 0;
    if (connectionStats_)
        connectionStats_->add(worker_.index(), stats::ActiveConnections, -1);
    transport_.unwatch();
    worker_.closed(this);
}

}  // namespace gs::runtime::proxy

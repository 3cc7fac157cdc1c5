#include "proxy/h2_upstream.h"

#include "proxy/h2_stream_callbacks.h"

#include <nghttp2/nghttp2.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace gs::runtime::proxy {

namespace {

constexpr std::size_t kMaxStreams = 100;

}  // namespace

// One exchange's stream: the request goes out as HEADERS and DATA, the response comes back
// through the client's callbacks.
class H2UpstreamConnection::Stream : public UpstreamChannel {
public:
    Stream(H2UpstreamConnection& c, UpstreamClient* client, bool headOnly, bool reused)
        : connection_(c), client_(client), headOnly_(headOnly), reused_(reused)
    {
    }

    void sendHead(const http::RequestHead& head) override
    {
        std::vector<std::pair<std::string, std::string>> fields{
            {":method", head.method},
            {":path", head.target},
            {":scheme", "http"},
            {":authority", std::string(head.headers.get("host").value_or(""))}};
        for (const http::Header& h : head.headers.all())
            if (!http::equalsIgnoreCase(h.name, "host") && !http::isHopByHop(h.name))
                fields.emplace_back(http::lowercase(h.name), h.value);
        if (head.headers.get("content-type").value_or("").substr(0, 16) == "application/grpc")
            fields.emplace_back("te", "trailers");  // gRPC requires it (the only TE HTTP/2 allows)
        std::vector<nghttp2_nv> nva;
        for (auto& [name, value] : fields)
            nva.push_back({reinterpret_cast<std::uint8_t*>(name.data()), reinterpret_cast<std::uint8_t*>(value.data()),
                           name.size(), value.size(), NGHTTP2_NV_FLAG_NONE});
        nghttp2_data_provider provider{};
        provider.source.ptr = this;
        provider.read_callback = &Stream::readBody;
        hasBody_ = head.hasBody();
        id_ = nghttp2_submit_request(connection_.session_, nullptr, nva.data(), nva.size(), hasBody_ ? &provider : nullptr, this);
        if (id_ < 0) {
            fail(UpstreamFailure::ResetBeforeResponse, "the backend's HTTP/2 connection takes no more streams");
            return;
        }
        connection_.byId_[id_] = this;
        connection_.scheduleSend();
    }
    void sendBody(std::string_view data) override
    {
        body_.append(data);
        resume();
    }
    void endRequest() override
    {
        ended_ = true;
        resume();
    }
    std::size_t queued() const override { return body_.size(); }
    // Backpressure from a slow client through flow control: while paused, the response's DATA is
    // not acknowledged with WINDOW_UPDATE, so the backend runs out of window (RFC 9113 §5.2).
    void pauseReading(bool paused) override
    {
        paused_ = paused;
        if (!paused && unconsumed_ > 0) {
            nghttp2_session_consume(connection_.session_, id_, unconsumed_);
            unconsumed_ = 0;
            connection_.scheduleSend();
        }
    }
    bool reused() const override { return reused_; }
    bool receivedAnything() const override { return receivedAnything_; }
    bool connected() const override { return !connection_.connecting_; }
    void finished(bool) override { detach(false); }
    void abandon() override { detach(true); }

    // From the connection's callbacks.
    void header(std::string_view name, std::string_view value)
    {
        receivedAnything_ = true;
        if (name == ":status")
            head_.status = std::atoi(std::string(value).c_str());
        else if (headDelivered_)
            trailers_.add(std::string(name), std::string(value));
        else if (!name.empty() && name[0] != ':')
            head_.headers.add(std::string(name), std::string(value));
    }
    void headersDone(bool endStream)
    {
        if (!headDelivered_ && head_.status >= 100 && head_.status < 200) {
            head_ = {};  // an interim response
            return;
        }
        if (!headDelivered_) {
            headDelivered_ = true;
            if (const auto length = head_.headers.get("content-length"))
                head_.contentLength = std::strtoull(std::string(*length).c_str(), nullptr, 10);
            if (client_)
                client_->upstreamHead(head_, !endStream);
        } else if (client_) {
            client_->upstreamTrailers(trailers_);
        }
        if (endStream)
            dataDone();
    }
    void data(std::string_view bytes)
    {
        receivedAnything_ = true;
        if (client_)
            client_->upstreamBody(bytes);
        if (paused_ && client_)
            unconsumed_ += bytes.size();
        else
            nghttp2_session_consume(connection_.session_, id_, bytes.size());
    }
    void dataDone()
    {
        completed_ = true;
        if (UpstreamClient* c = client_)
            c->upstreamComplete();
    }
    void closed(std::uint32_t errorCode)
    {
        if (!completed_ && client_)
            fail(headDelivered_ ? UpstreamFailure::ResetDuringResponse : UpstreamFailure::ResetBeforeResponse,
                 "the backend reset the HTTP/2 stream (error " + std::to_string(errorCode) + ")");
    }
    void fail(UpstreamFailure failure, const std::string& why)
    {
        if (UpstreamClient* c = client_) {
            client_ = nullptr;
            c->upstreamFailed(failure, why);
        }
    }
    std::int32_t id() const { return id_; }
    bool detached() const { return client_ == nullptr; }

private:
    void resume()
    {
        if (id_ > 0) {
            nghttp2_session_resume_data(connection_.session_, id_);
            connection_.scheduleSend();
        }
    }

    // The exchange is done with the stream: cancel it if it is still open.
    void detach(bool cancel)
    {
        client_ = nullptr;
        if (unconsumed_ > 0)  // held back for the client: the connection's window gets it back
            nghttp2_session_consume_connection(connection_.session_, unconsumed_);
        unconsumed_ = 0;
        if (cancel && id_ > 0 && !completed_) {
            nghttp2_submit_rst_stream(connection_.session_, NGHTTP2_FLAG_NONE, id_, NGHTTP2_CANCEL);
            connection_.scheduleSend();
        }
        if (id_ <= 0 || completed_)
            connection_.release(this);
    }

    static ssize_t readBody(nghttp2_session*, std::int32_t, std::uint8_t* buffer, std::size_t length, std::uint32_t* flags,
                            nghttp2_data_source* source, void*)
    {
        auto* s = static_cast<Stream*>(source->ptr);
        const std::size_t n = std::min(length, s->body_.size());
        if (n > 0) {  // an empty Buffer's data() may be null, which memcpy must not get
            std::memcpy(buffer, s->body_.data(), n);
            s->body_.consume(n);
        }
        if (s->body_.empty() && s->ended_)
            *flags |= NGHTTP2_DATA_FLAG_EOF;
        else if (n == 0)
            return NGHTTP2_ERR_DEFERRED;
        if (s->body_.empty() && s->client_)
            s->client_->upstreamDrained();
        return ssize_t(n);
    }

    H2UpstreamConnection& connection_;
    UpstreamClient* client_;
    bool headOnly_;
    bool reused_;
    std::int32_t id_ = 0;
    http::ResponseHead head_;
    http::Headers trailers_;
    net::Buffer body_;
    bool hasBody_ = false, ended_ = false, headDelivered_ = false, completed_ = false, receivedAnything_ = false;
    bool paused_ = false;
    std::size_t unconsumed_ = 0;  // DATA received while paused, not yet acknowledged
};

struct H2UpstreamConnection::Callbacks {
    static H2UpstreamConnection& self(void* user) { return *static_cast<H2UpstreamConnection*>(user); }
    static int streamClosed(nghttp2_session*, std::int32_t id, std::uint32_t code, void* user)
    {
        self(user).streamClosed(id, code);
        return 0;
    }
};

H2UpstreamConnection::H2UpstreamConnection(H2UpstreamPool& pool, net::EventLoop& loop, net::Address address, int fd)
    : pool_(pool), loop_(loop), address_(std::move(address)), transport_(loop, *this, fd)
{
    nghttp2_session_callbacks* callbacks = nullptr;
    nghttp2_session_callbacks_new(&callbacks);
    H2StreamCallbacks<H2UpstreamConnection>::install(callbacks);
    nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, &Callbacks::streamClosed);
    nghttp2_option* option = nullptr;
    nghttp2_option_new(&option);
    nghttp2_option_set_no_auto_window_update(option, 1);  // Stream::data and pauseReading acknowledge DATA
    nghttp2_session_client_new2(&session_, callbacks, this, option);
    nghttp2_option_del(option);
    nghttp2_session_callbacks_del(callbacks);
    nghttp2_submit_settings(session_, NGHTTP2_FLAG_NONE, nullptr, 0);
    transport_.watch(true, true);  // writable once connected
}

H2UpstreamConnection::~H2UpstreamConnection()
{
    owned_.clear();
    nghttp2_session_del(session_);
}

// Full at the peer's SETTINGS_MAX_CONCURRENT_STREAMS (RFC 9113 §5.1.2, §6.5.2; unlimited until its
// SETTINGS arrive), or at kMaxStreams. nghttp2 would queue streams past the peer's limit on this
// connection; the pool opens another one instead. After a GOAWAY it takes no new streams.
bool H2UpstreamConnection::usable() const
{
    const std::size_t peerLimit = nghttp2_session_get_remote_settings(session_, NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS);
    return !closed_ && owned_.size() < std::min(kMaxStreams, peerLimit) && nghttp2_session_check_request_allowed(session_) != 0;
}

H2UpstreamConnection::Stream* H2UpstreamConnection::open(UpstreamClient* client, bool headOnly)
{
    auto s = std::make_unique<Stream>(*this, client, headOnly, used_);
    used_ = true;
    Stream* raw = s.get();
    owned_[raw] = std::move(s);
    return raw;
}

H2UpstreamConnection::Stream* H2UpstreamConnection::stream(std::int32_t id)
{
    auto it = byId_.find(id);
    return it == byId_.end() ? nullptr : it->second;
}

void H2UpstreamConnection::release(Stream* s)
{
    auto it = owned_.find(s);
    if (it == owned_.end())
        return;
    if (s->id() > 0)
        byId_.erase(s->id());
    loop_.deleteLater(it->second.release());
    owned_.erase(it);
    if (owned_.empty())
        becameIdle();
}

// Without streams: a connection the pool no longer hands out (it filled up and was replaced)
// closes now; the pool's current one closes after its pool's idleTimeout without streams.
void H2UpstreamConnection::becameIdle()
{
    if (closed_)
        return;
    if (!pool_.current(this)) {
        close("no longer used");
        return;
    }
    idleSince_ = loop_.now();
    if (!idleTimer_)
        armIdleTimer(pool_.idleTimeout());
}

void H2UpstreamConnection::armIdleTimer(std::chrono::milliseconds delay)
{
    idleTimer_ = loop_.after(delay, [this] {
        idleTimer_ = 0;
        if (!owned_.empty())
            return;  // busy again; the next becameIdle() re-arms
        const auto idleFor = loop_.now() - idleSince_;
        if (idleFor >= pool_.idleTimeout())
            close("idle");
        else
            armIdleTimer(std::chrono::ceil<std::chrono::milliseconds>(pool_.idleTimeout() - idleFor));
    });
}

void H2UpstreamConnection::streamClosed(std::int32_t id, std::uint32_t errorCode)
{
    Stream* s = stream(id);
    if (!s)
        return;
    s->closed(errorCode);
    byId_.erase(id);
    if (s->detached())
        release(s);
}

void H2UpstreamConnection::onIo(std::uint32_t events)
{
    if (closed_)
        return;
    if (connecting_) {
        if (!(events & (net::kWritable | net::kError | net::kHangUp)))
            return;
        if (const int error = net::socketError(transport_.fd()); error != 0 || (events & net::kError)) {
            close("connect to " + address_.text() + ": " + net::errnoText(error ? error : ECONNREFUSED));
            return;
        }
        connecting_ = false;
        sendPending();
    }
    if (events & net::kWritable)
        flush();
    if (closed_ || !(events & net::kReadEvents))
        return;
    const net::Transport::Status status = transport_.read(16 * 1024).status;
    if (status == net::Transport::Status::Again)
        return;
    net::Buffer& in = transport_.in();
    const bool taken = status == net::Transport::Status::Data &&
        nghttp2_session_mem_recv(session_, reinterpret_cast<const std::uint8_t*>(in.data()), in.size()) >= 0;
    in.clear();  // nghttp2 took it all, or failed
    if (!taken) {
        close("the backend " + address_.text() + " closed the HTTP/2 connection");
        return;
    }
    sendPending();
}

void H2UpstreamConnection::scheduleSend()
{
    if (sendScheduled_)
        return;
    sendScheduled_ = true;
    loop_.defer([this, alive = std::weak_ptr<bool>(alive_)] {
        if (alive.expired())
            return;
        sendScheduled_ = false;
        sendPending();
    });
}

void H2UpstreamConnection::sendPending()
{
    if (closed_ || connecting_)
        return;
    const std::uint8_t* data = nullptr;
    ssize_t n;
    while ((n = nghttp2_session_mem_send(session_, &data)) > 0)
        transport_.send({reinterpret_cast<const char*>(data), std::size_t(n)});
    flush();
}

void H2UpstreamConnection::flush()
{
    if (closed_ || connecting_)
        return;
    if (!transport_.flush()) {
        close("writing to the backend " + address_.text() + ": " + transport_.error());
        return;
    }
    transport_.watch(true);
}

// Every open stream fails; the connection leaves the pool and is deleted after this iteration.
void H2UpstreamConnection::close(const std::string& why)
{
    if (closed_)
        return;
    closed_ = true;
    alive_.reset();
    if (idleTimer_)
        loop_.cancel(idleTimer_);
    idleTimer_ = 0;
    transport_.unwatch();
    pool_.forget(this);
    std::vector<Stream*> open;
    for (auto& [raw, s] : owned_)
        open.push_back(raw);
    for (Stream* s : open)
        s->fail(connecting_ ? UpstreamFailure::ConnectFailed : UpstreamFailure::ResetBeforeResponse, why);
    loop_.deleteLater(this);
}

H2UpstreamPool::~H2UpstreamPool() { closeAll(); }

UpstreamChannel* H2UpstreamPool::open(const net::Address& address, UpstreamClient* client, bool headOnly, std::string& error)
{
    auto it = connections_.find(address);
    if (it == connections_.end() || !it->second->usable()) {
        const int fd = net::connectTo(address, error);
        if (fd < 0)
            return nullptr;
        auto* c = new H2UpstreamConnection(*this, loop_, address, fd);
        all_.insert(c);
        H2UpstreamConnection* replaced = it == connections_.end() ? nullptr : it->second;
        connections_[address] = c;  // a full connection stays until its streams end, then closes
        if (replaced && replaced->idle())
            replaced->close("replaced");
        return c->open(client, headOnly);
    }
    return it->second->open(client, headOnly);
}

void H2UpstreamPool::forget(H2UpstreamConnection* c)
{
    all_.erase(c);
    for (auto it = connections_.begin(); it != connections_.end(); ++it)
        if (it->second == c) {
            connections_.erase(it);
            return;
        }
}

bool H2UpstreamPool::current(const H2UpstreamConnection* c) const
{
    for (const auto& [address, current] : connections_)
        if (current == c)
            return true;
    return false;
}

void H2UpstreamPool::closeAll()
{
    for (H2UpstreamConnection* c : std::vector<H2UpstreamConnection*>(all_.begin(), all_.end()))
        c->close("the gateway is stopping");
}

}  // namespace gs::runtime::proxy

#include "backends/h2_echo_server.h"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <map>

#include <nghttp2/nghttp2.h>

#include "backends/grpc_echo_proto.h"
#include "http/json_writer.h"
#include "http/message.h"
#include "net/transport.h"

namespace gs::runtime::backends {

namespace {

constexpr std::string_view kPreface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";  // RFC 9113 §3.4
// A request header block larger than this (counted as in RFC 9113 §6.5.2: name + value + 32 per
// field) resets its stream.
constexpr std::size_t kMaxHeaderBytes = 64 * 1024;
constexpr std::size_t kMaxHttp1Head = 16 * 1024;  // waited for before answering an HTTP/1 request
constexpr std::size_t kMaxQueuedOutput = 1024 * 1024;  // reading pauses while this much waits for the peer
constexpr std::uint32_t kMaxConcurrentStreams = 100;
constexpr auto kHandshakeTimeout = std::chrono::seconds(10);  // for the preface or an HTTP/1 request head
constexpr auto kLingerTimeout = std::chrono::seconds(2);  // after the 400, for the client to close

using Fields = grpcecho::Fields;

// The fields as nghttp2 takes them; nghttp2 copies names and values when a frame is submitted.
std::vector<nghttp2_nv> toNv(const Fields& fields)
{
    std::vector<nghttp2_nv> nv;
    nv.reserve(fields.size());
    for (const auto& [name, value] : fields)
        nv.push_back({reinterpret_cast<std::uint8_t*>(const_cast<char*>(name.data())),
                      reinterpret_cast<std::uint8_t*>(const_cast<char*>(value.data())), name.size(), value.size(),
                      NGHTTP2_NV_FLAG_NONE});
    return nv;
}

// A lowercase field name made of token characters (RFC 9110 §5.6.2, RFC 9113 §8.2.1), or "".
std::string fieldName(std::string_view name)
{
    std::string out;
    for (char c : name) {
        const auto u = static_cast<unsigned char>(c);
        if (!std::isalnum(u) && !std::strchr("!#$%&'*+-.^_`|~", c))
            return {};
        out.push_back(char(std::tolower(u)));
    }
    return out;
}

// Fields a response may not carry here: connection-specific ones (RFC 9113 §8.2.2) and the
// framing the echo sets itself.
bool isReserved(std::string_view name)
{
    static constexpr std::string_view kNames[] = {
        "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "content-length", "te"};
    return std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames);
}

// What follows the '?' of a request target ("" when none).
std::string_view queryOf(std::string_view target)
{
    const std::size_t question = target.find('?');
    return question == std::string_view::npos ? std::string_view() : target.substr(question + 1);
}

// `X-Echo-Set-Header: Name:value,Name2:value2` → response fields; a repeated name is comma-appended.
void addEchoSetHeaders(std::string_view spec, Fields& out)
{
    while (!spec.empty()) {
        const std::size_t comma = spec.find(',');
        const std::string_view item = trimSpaces(spec.substr(0, comma));
        const std::size_t colon = item.find(':');
        const std::string name = colon == std::string_view::npos ? "" : fieldName(trimSpaces(item.substr(0, colon)));
        if (!name.empty() && !isReserved(name)) {
            const std::string value(trimSpaces(item.substr(colon + 1)));
            auto same = std::find_if(out.begin(), out.end(), [&](const auto& f) { return f.first == name; });
            if (same != out.end())
                same->second += "," + value;
            else
                out.emplace_back(name, value);
        }
        if (comma == std::string_view::npos)
            break;
        spec.remove_prefix(comma + 1);
    }
}

// One request stream and its response. Lives from the request's HEADERS until nghttp2 closes the stream.
struct Stream {
    Fields request;  // header fields as received, pseudo-headers included
    std::size_t headerBytes = 0;
    bool answered = false;
    std::string body;  // response body, sent by readBody()
    std::size_t sent = 0;
    Fields trailers;  // sent after the body (gRPC status); none for plain HTTP

    std::string_view field(std::string_view name) const
    {
        for (const auto& [n, v] : request)
            if (n == name)
                return v;
        return {};
    }
};

}  // namespace

// One client connection: sniffs the HTTP/2 preface, then runs an nghttp2 server session fed from
// and drained into this loop's socket (nghttp2_session_mem_recv / mem_send); without the preface it
// answers the HTTP/1 request with 400 and closes.
class H2EchoServer::Connection : public net::IoHandler {
public:
    Connection(H2EchoServer& server, int fd)
        : server_(server), transport_(server.loop_, *this, fd), peer_(net::peerAddress(fd).text())
    {
        armDeadline(kHandshakeTimeout);
        update();
    }
    ~Connection() override
    {
        if (session_)
            nghttp2_session_del(session_);
    }

    void onIo(std::uint32_t events) override
    {
        if (closed_)
            return;
        if (events & net::kWritable)
            mode_ == Mode::Http2 ? sendPending() : flush();
        if (!closed_ && (events & net::kReadEvents))
            read();
    }

    void close()
    {
        if (closed_)
            return;
        closed_ = true;
        for (const auto& [id, timer] : delayed_)
            server_.loop_.cancel(timer);
        server_.loop_.cancel(deadline_);
        transport_.close();
        server_.connections_.closed(this);
    }

private:
    enum class Mode { Sniffing, Http2, Http1, Lingering };

    void read()
    {
        const net::Transport::Read got = transport_.read(16 * 1024);
        if (got.status == net::Transport::Status::Again)
            return;
        if (got.status != net::Transport::Status::Data) {
            close();
            return;
        }
        if (mode_ == Mode::Http2) {
            receive(in().view());  // nghttp2 takes it all (or fails) before returning
            in().clear();
        } else if (mode_ == Mode::Lingering) {
            in().clear();  // the rest of a rejected request, discarded
        } else {
            mode_ == Mode::Sniffing ? sniff() : rejectHttp1();
        }
    }

    void sniff()
    {
        const std::size_t n = std::min(in().size(), kPreface.size());
        if (in().view().substr(0, n) != kPreface.substr(0, n)) {
            mode_ = Mode::Http1;
            rejectHttp1();
        } else if (n == kPreface.size()) {
            startHttp2();
        }
    }

    // Like the conformance echo's h2c port: an HTTP/1 request (without h2c upgrade support here)
    // gets 400 once its head has arrived. The write side is then shut and the rest read and
    // dropped until the client closes, so that closing never resets the response away.
    void rejectHttp1()
    {
        const std::string_view head = in().view();
        if (head.find("\r\n\r\n") == std::string_view::npos && head.find("\n\n") == std::string_view::npos &&
            head.size() <= kMaxHttp1Head)
            return;
        in().clear();
        mode_ = Mode::Lingering;
        transport_.send(http::simpleResponse(400, "text/plain; charset=utf-8", "Expected h2c request", {}, true));
        armDeadline(kLingerTimeout);
        flush();
    }

    void startHttp2()
    {
        nghttp2_session_callbacks* callbacks = nullptr;
        nghttp2_session_callbacks_new(&callbacks);
        nghttp2_session_callbacks_set_on_begin_headers_callback(callbacks, onBeginHeaders);
        nghttp2_session_callbacks_set_on_header_callback(callbacks, onHeader);
        nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, onFrame);
        nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, onStreamClose);
        const int rv = nghttp2_session_server_new(&session_, callbacks, this);
        nghttp2_session_callbacks_del(callbacks);
        if (rv != 0) {
            close();
            return;
        }
        mode_ = Mode::Http2;
        server_.loop_.cancel(deadline_);
        // The server's connection preface is a SETTINGS frame (RFC 9113 §3.4).
        const nghttp2_settings_entry settings[] = {{NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, kMaxConcurrentStreams}};
        nghttp2_submit_settings(session_, NGHTTP2_FLAG_NONE, settings, std::size(settings));
        const std::string pending(in().view());
        in().clear();
        receive(pending);
    }

    // Any error nghttp2 reports closes the connection; protocol errors it answers with GOAWAY
    // itself, and the connection closes once that is written (update()).
    void receive(std::string_view bytes)
    {
        const auto rv = nghttp2_session_mem_recv(session_, reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
        if (rv < 0) {
            close();
            return;
        }
        sendPending();
    }

    void sendPending()
    {
        while (!closed_ && transport_.out().size() < kMaxQueuedOutput) {
            const std::uint8_t* data = nullptr;
            const auto n = nghttp2_session_mem_send(session_, &data);
            if (n < 0) {
                close();
                return;
            }
            if (n == 0)
                break;
            transport_.send({reinterpret_cast<const char*>(data), std::size_t(n)});
        }
        flush();
    }

    void flush()
    {
        if (closed_)
            return;
        if (!transport_.flush()) {
            close();
            return;
        }
        update();
    }

    void update()
    {
        if (closed_)
            return;
        const bool written = transport_.out().empty();
        if (mode_ == Mode::Http2 && written && !nghttp2_session_want_read(session_) && !nghttp2_session_want_write(session_)) {
            close();
            return;
        }
        if (mode_ == Mode::Lingering && written && !shutDown_) {
            transport_.shutdownWrite();
            shutDown_ = true;
        }
        transport_.watch(transport_.out().size() < kMaxQueuedOutput);
    }

    void armDeadline(std::chrono::milliseconds timeout)
    {
        server_.loop_.cancel(deadline_);
        deadline_ = server_.loop_.after(timeout, [this] { close(); });
    }

    static Connection& self(void* p) { return *static_cast<Connection*>(p); }

    Stream* find(std::int32_t id)
    {
        const auto it = streams_.find(id);
        return it == streams_.end() ? nullptr : it->second.get();
    }

    static int onBeginHeaders(nghttp2_session*, const nghttp2_frame* frame, void* p)
    {
        if (frame->hd.type == NGHTTP2_HEADERS && frame->headers.cat == NGHTTP2_HCAT_REQUEST)
            self(p).streams_[frame->hd.stream_id] = std::make_unique<Stream>();
        return 0;
    }

    // Request trailers are ignored. A header block over the cap resets its stream (nghttp2 answers
    // a temporal callback failure with RST_STREAM).
    static int onHeader(nghttp2_session*, const nghttp2_frame* frame, const std::uint8_t* name, std::size_t nameLength,
                        const std::uint8_t* value, std::size_t valueLength, std::uint8_t, void* p)
    {
        Stream* s = self(p).find(frame->hd.stream_id);
        if (!s || frame->hd.type != NGHTTP2_HEADERS || frame->headers.cat != NGHTTP2_HCAT_REQUEST)
            return 0;
        s->headerBytes += nameLength + valueLength + 32;
        if (s->headerBytes > kMaxHeaderBytes)
            return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
        s->request.emplace_back(std::string(reinterpret_cast<const char*>(name), nameLength),
                                std::string(reinterpret_cast<const char*>(value), valueLength));
        return 0;
    }

    // A request is answered once complete (END_STREAM); its body is not kept (nghttp2 still
    // returns flow-control credit for it).
    static int onFrame(nghttp2_session*, const nghttp2_frame* frame, void* p)
    {
        if ((frame->hd.type == NGHTTP2_HEADERS || frame->hd.type == NGHTTP2_DATA) && (frame->hd.flags & NGHTTP2_FLAG_END_STREAM))
            self(p).answer(frame->hd.stream_id);
        return 0;
    }

    static int onStreamClose(nghttp2_session*, std::int32_t id, std::uint32_t, void* p)
    {
        Connection& c = self(p);
        if (const auto timer = c.delayed_.find(id); timer != c.delayed_.end()) {
            c.server_.loop_.cancel(timer->second);
            c.delayed_.erase(timer);
        }
        c.streams_.erase(id);
        return 0;
    }

    // The body of a stream's response; for gRPC the trailers follow it and end the stream.
    static ssize_t readBody(nghttp2_session* session, std::int32_t id, std::uint8_t* buffer, std::size_t length,
                            std::uint32_t* flags, nghttp2_data_source* source, void*)
    {
        Stream& s = *static_cast<Stream*>(source->ptr);
        const std::size_t n = std::min(length, s.body.size() - s.sent);
        std::memcpy(buffer, s.body.data() + s.sent, n);
        s.sent += n;
        if (s.sent == s.body.size()) {
            *flags |= NGHTTP2_DATA_FLAG_EOF;
            if (!s.trailers.empty()) {
                *flags |= NGHTTP2_DATA_FLAG_NO_END_STREAM;
                const auto nv = toNv(s.trailers);
                if (nghttp2_submit_trailer(session, id, nv.data(), nv.size()) != 0)
                    return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
            }
        }
        return ssize_t(n);
    }

    void submit(std::int32_t id, Stream& s, const Fields& head, bool withBody)
    {
        const auto nv = toNv(head);
        nghttp2_data_provider provider{};
        provider.source.ptr = &s;
        provider.read_callback = readBody;
        if (nghttp2_submit_response(session_, id, nv.data(), nv.size(), withBody ? &provider : nullptr) != 0)
            nghttp2_submit_rst_stream(session_, NGHTTP2_FLAG_NONE, id, NGHTTP2_INTERNAL_ERROR);
    }

    void answer(std::int32_t id)
    {
        Stream* s = find(id);
        if (!s || s->answered)
            return;
        s->answered = true;
        server_.log_.add("Echoing back request made to " + std::string(s->field(":path")) + " to client (" + peer_ + ")");
        if (s->field("content-type").starts_with("application/grpc"))
            answerGrpc(id, *s);
        else
            answerJson(id, *s);
    }

    // gRPC over HTTP2: Response-Headers, the message, Trailers; or a Trailers-Only response.
    void answerGrpc(std::int32_t id, Stream& s)
    {
        const EchoIdentity& identity = server_.identity_;
        grpcecho::Reply reply = grpcecho::answer(s.field(":path"), s.request, {identity.ns, "", identity.service, identity.pod});
        s.body = std::move(reply.body);
        s.trailers = std::move(reply.trailers);
        submit(id, s, reply.head, !s.trailers.empty());
    }

    void answerJson(std::int32_t id, Stream& s)
    {
        s.body = echoJson(s);
        Fields head{{":status", "200"},
                    {"content-type", "application/json"},
                    {"x-content-type-options", "nosniff"},
                    {"date", std::string(http::httpDateNow())},  // as Go's HTTP/2 server sends it
                    {"content-length", std::to_string(s.body.size())}};
        for (const auto& [name, value] : s.request)
            if (name == "x-echo-set-header")
                addEchoSetHeaders(value, head);
        const std::int64_t delay = parseGoDurationMs(echoQueryValue(queryOf(s.field(":path")), "delay")).value_or(0);
        if (delay <= 0) {
            submit(id, s, head, true);
            return;
        }
        delayed_[id] = server_.loop_.after(std::chrono::milliseconds(delay), [this, id, head] {
            delayed_.erase(id);
            if (Stream* later = find(id)) {
                submit(id, *later, head, true);
                sendPending();
            }
        });
    }

    // EchoServer's JSON body for an HTTP/2 request: host is :authority, header names are Go's
    // canonical ones, and cookie fields are joined with "; " (RFC 9113 §8.2.3).
    std::string echoJson(const Stream& s) const
    {
        EchoHeaders headers;
        for (const auto& [name, value] : s.request) {
            if (name.starts_with(':') || name == "host")
                continue;
            std::vector<std::string>& values = headers[canonicalHeaderName(name)];
            if (name == "cookie" && !values.empty())
                values.front() += "; " + value;
            else
                values.push_back(value);
        }
        const std::string_view authority = s.field(":authority");
        http::JsonWriter json(1);
        json.beginObject();
        writeEchoedRequest(json,
                           {s.field(":path"), authority.empty() ? s.field("host") : authority, s.field(":method"), "HTTP/2.0",
                            headers, server_.address().port()},
                           server_.identity_);
        json.endObject();
        return json.text();
    }

    net::Buffer& in() { return transport_.in(); }

    H2EchoServer& server_;
    net::Transport transport_;
    std::string peer_;
    Mode mode_ = Mode::Sniffing;
    bool shutDown_ = false;
    bool closed_ = false;
    nghttp2_session* session_ = nullptr;
    std::map<std::int32_t, std::unique_ptr<Stream>> streams_;
    std::map<std::int32_t, net::EventLoop::TimerId> delayed_;  // responses waiting for ?delay=
    net::EventLoop::TimerId deadline_ = 0;
};

H2EchoServer::H2EchoServer(net::EventLoop& loop, EchoIdentity identity)
    : loop_(loop), identity_(std::move(identity)), connections_(loop, [this](int fd) { return new Connection(*this, fd); })
{
}

H2EchoServer::~H2EchoServer() { close(); }

bool H2EchoServer::listen(const net::Address& address, std::string& error) { return connections_.listen(address, error); }

void H2EchoServer::close() { connections_.close(); }

}  // namespace gs::runtime::backends

#include "client/h2_client.h"
#include "client/tls_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <nghttp2/nghttp2.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>

#include <cerrno>
#include <cstring>
#include <map>

namespace gs::runtime::client {

struct H2Client::State {
    std::map<std::int32_t, H2Response> responses;
    struct Body {
        std::string bytes;
        std::size_t sent = 0;  // an offset rather than erasing from the front: large bodies stay linear
        bool end = true;  // end the stream after the bytes
        std::size_t left() const { return bytes.size() - sent; }
    };
    std::map<std::int32_t, Body> bodies;  // request bodies still to send
    std::size_t open = 0;

    static int header(nghttp2_session*, const nghttp2_frame* frame, const std::uint8_t* name, std::size_t nameLength,
                      const std::uint8_t* value, std::size_t valueLength, std::uint8_t, void* user)
    {
        auto& r = static_cast<State*>(user)->responses[frame->hd.stream_id];
        const std::string n(reinterpret_cast<const char*>(name), nameLength),
            v(reinterpret_cast<const char*>(value), valueLength);
        if (n == ":status")
            r.status = std::atoi(v.c_str());
        else if (frame->headers.cat == NGHTTP2_HCAT_HEADERS && r.status != 0)
            r.trailers.add(n, v);
        else
            r.headers.add(n, v);
        return 0;
    }
    static int frame(nghttp2_session*, const nghttp2_frame* frame, void* user)
    {
        if (frame->hd.type == NGHTTP2_HEADERS && frame->headers.cat == NGHTTP2_HCAT_RESPONSE &&
            (frame->hd.flags & NGHTTP2_FLAG_END_STREAM))
            static_cast<State*>(user)->responses[frame->hd.stream_id].endedWithHead = true;
        return 0;
    }
    static int data(nghttp2_session*, std::uint8_t, std::int32_t id, const std::uint8_t* bytes, std::size_t length, void* user)
    {
        static_cast<State*>(user)->responses[id].body.append(reinterpret_cast<const char*>(bytes), length);
        return 0;
    }
    static int closed(nghttp2_session*, std::int32_t id, std::uint32_t code, void* user)
    {
        auto* s = static_cast<State*>(user);
        auto& r = s->responses[id];
        r.ok = code == NGHTTP2_NO_ERROR && r.status != 0;
        if (!r.ok)
            r.error = "stream closed with error code " + std::to_string(code);
        --s->open;
        return 0;
    }
    static ssize_t readBody(nghttp2_session*, std::int32_t id, std::uint8_t* buffer, std::size_t length, std::uint32_t* flags,
                            nghttp2_data_source*, void* user)
    {
        Body& body = static_cast<State*>(user)->bodies[id];
        const std::size_t n = std::min(length, body.left());
        std::memcpy(buffer, body.bytes.data() + body.sent, n);
        body.sent += n;
        if (body.left() == 0 && body.end)
            *flags |= NGHTTP2_DATA_FLAG_EOF;
        else if (n == 0)
            return NGHTTP2_ERR_DEFERRED;
        return ssize_t(n);
    }
};

H2Client::H2Client(const std::string& address, int port, const std::optional<std::string>& tlsServerName)
    : state_(std::make_unique<State>())
{
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(std::uint16_t(port));
    ::inet_pton(AF_INET, address.c_str(), &a.sin_addr);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        error_ = std::strerror(errno);
        return;
    }
    if (tlsServerName) {
        ignoreBrokenPipes();
        ctx_ = SSL_CTX_new(TLS_client_method());
        ssl_ = SSL_new(ctx_);
        SSL_set_fd(ssl_, fd_);
        SSL_set_tlsext_host_name(ssl_, tlsServerName->c_str());
        SSL_set_alpn_protos(ssl_, reinterpret_cast<const unsigned char*>("\x02h2"), 3);
        if (SSL_connect(ssl_) != 1) {
            error_ = "TLS handshake failed";
            return;
        }
    }
    nghttp2_session_callbacks* callbacks = nullptr;
    nghttp2_session_callbacks_new(&callbacks);
    nghttp2_session_callbacks_set_on_header_callback(callbacks, &State::header);
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, &State::data);
    nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, &State::frame);
    nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, &State::closed);
    nghttp2_session_client_new(&session_, callbacks, state_.get());
    nghttp2_session_callbacks_del(callbacks);
    nghttp2_submit_settings(session_, NGHTTP2_FLAG_NONE, nullptr, 0);
    ok_ = true;
}

H2Client::~H2Client()
{
    if (session_)
        nghttp2_session_del(session_);  // before the handles it wrote through
}

bool H2Client::writeAll(const std::string& bytes)
{
    if (ssl_)
        return bytes.empty() || SSL_write(ssl_, bytes.data(), int(bytes.size())) == int(bytes.size());
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::send(fd_, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
        if (n <= 0)
            return false;
        done += std::size_t(n);
    }
    return true;
}

// Sends what nghttp2 has, then reads once (bounded by the deadline). False on a dead connection.
bool H2Client::pump(std::chrono::steady_clock::time_point deadline)
{
    std::string out;
    const std::uint8_t* data = nullptr;
    ssize_t n;
    while ((n = nghttp2_session_mem_send(session_, &data)) > 0)
        out.append(reinterpret_cast<const char*>(data), std::size_t(n));
    if (!writeAll(out))
        return false;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    pollfd p{fd_, POLLIN, 0};
    if ((!ssl_ || SSL_pending(ssl_) == 0) && (left.count() <= 0 || ::poll(&p, 1, int(left.count())) <= 0))
        return false;
    char chunk[16384];
    const int got = ssl_ ? SSL_read(ssl_, chunk, sizeof chunk) : int(::recv(fd_, chunk, sizeof chunk, 0));
    if (got <= 0)
        return false;
    return nghttp2_session_mem_recv(session_, reinterpret_cast<const std::uint8_t*>(chunk), std::size_t(got)) >= 0;
}

std::vector<H2Response> H2Client::requests(const std::vector<H2Request>& requests, std::chrono::milliseconds timeout)
{
    std::vector<std::int32_t> ids;
    for (const H2Request& r : requests) {
        std::vector<std::pair<std::string, std::string>> fields{
            {":method", r.method}, {":path", r.path}, {":scheme", ssl_ ? "https" : "http"}, {":authority", r.authority}};
        for (const auto& h : r.headers)
            fields.emplace_back(h.name, h.value);
        std::vector<nghttp2_nv> nva;
        for (auto& [name, value] : fields)
            nva.push_back({reinterpret_cast<std::uint8_t*>(name.data()), reinterpret_cast<std::uint8_t*>(value.data()),
                           name.size(), value.size(), NGHTTP2_NV_FLAG_NONE});
        nghttp2_data_provider provider{};
        provider.read_callback = &State::readBody;
        const std::int32_t id =
            nghttp2_submit_request(session_, nullptr, nva.data(), nva.size(), r.body ? &provider : nullptr, nullptr);
        if (r.body)
            state_->bodies[id] = {*r.body, 0, r.endStream};
        ids.push_back(id);
        ++state_->open;
    }
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (state_->open > 0)
        if (!pump(deadline))
            break;
    std::vector<H2Response> out;
    for (std::int32_t id : ids) {
        H2Response r = state_->responses[id];
        r.bodyUnsent = state_->bodies[id].left();
        state_->bodies.erase(id);
        if (!r.ok && r.error.empty())
            r.error = "no complete response (connection closed or timed out)";
        out.push_back(std::move(r));
        state_->responses.erase(id);
    }
    state_->open = 0;
    return out;
}

H2Response H2Client::upgrade(const H2Request& request, std::chrono::milliseconds timeout)
{
    H2Response failed;
    std::uint8_t settings[64];
    const nghttp2_settings_entry none[] = {{NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, 100}};
    const ssize_t length = nghttp2_pack_settings_payload(settings, sizeof settings, none, 1);
    std::string encoded(4 * ((std::size_t(length) + 2) / 3) + 1, '\0');
    encoded.resize(std::size_t(EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()), settings, int(length))));
    for (char& ch : encoded)
        ch = ch == '+' ? '-' : ch == '/' ? '_' : ch;
    encoded.erase(encoded.find_last_not_of('=') + 1);
    if (!writeAll(request.method + " " + request.path + " HTTP/1.1\r\nHost: " + request.authority +
                  "\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: " + encoded + "\r\n\r\n")) {
        failed.error = "cannot send the upgrade request";
        return failed;
    }
    std::string head;
    char c;
    while (head.find("\r\n\r\n") == std::string::npos && ::recv(fd_, &c, 1, 0) == 1)
        head += c;
    if (head.rfind("HTTP/1.1 101", 0) != 0) {
        failed.error = "no 101: " + head.substr(0, 80);
        return failed;
    }
    nghttp2_session_upgrade2(session_, settings, std::size_t(length), request.method == "HEAD", nullptr);
    state_->open = 1;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (state_->open > 0)
        if (!pump(deadline))
            break;
    H2Response r = state_->responses[1];
    if (!r.ok && r.error.empty())
        r.error = "no complete response on stream 1";
    state_->open = 0;
    return r;
}

H2Response H2Client::request(const H2Request& request, std::chrono::milliseconds timeout)
{
    return requests({request}, timeout).front();
}

std::string grpcFrame(const std::string& message)
{
    std::string out(5, '\0');
    const std::uint32_t n = std::uint32_t(message.size());
    out[1] = char(n >> 24);
    out[2] = char(n >> 16);
    out[3] = char(n >> 8);
    out[4] = char(n);
    return out + message;
}

}  // namespace gs::runtime::client

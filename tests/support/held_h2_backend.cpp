#include "held_h2_backend.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <nghttp2/nghttp2.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <map>
#include <string_view>

namespace gs::test {

// One connection's HTTP/2 server session; lives on its connection's thread.
struct HeldH2Backend::Connection {
    HeldH2Backend& backend;
    std::size_t index;
    int fd;
    nghttp2_session* session = nullptr;
    std::vector<std::int32_t> held;  // streams whose request ended, not answered
    std::map<std::int32_t, std::string> bodies;  // answers being sent
    int releasesDone = 0;

    Connection(HeldH2Backend& b, std::size_t i, int f) : backend(b), index(i), fd(f) { }
    ~Connection() { nghttp2_session_del(session); }

    template <typename F> void update(F change)
    {
        std::lock_guard lock(backend.mutex_);
        change(backend.states_[index]);
    }

    static int frameReceived(nghttp2_session*, const nghttp2_frame* frame, void* user)
    {
        auto& c = *static_cast<Connection*>(user);
        if (frame->hd.type == NGHTTP2_SETTINGS && (frame->hd.flags & NGHTTP2_FLAG_ACK))
            c.update([](ConnectionState& s) { s.settingsAcknowledged = true; });
        const bool requestEnded =
            (frame->hd.type == NGHTTP2_HEADERS || frame->hd.type == NGHTTP2_DATA) && (frame->hd.flags & NGHTTP2_FLAG_END_STREAM);
        if (requestEnded) {
            c.held.push_back(frame->hd.stream_id);
            c.update([](ConnectionState& s) { ++s.held; });
        }
        return 0;
    }

    static ssize_t readBody(nghttp2_session*, std::int32_t id, std::uint8_t* buffer, std::size_t length, std::uint32_t* flags,
                            nghttp2_data_source* source, void*)
    {
        auto& c = *static_cast<Connection*>(source->ptr);
        std::string& body = c.bodies[id];
        const std::size_t n = std::min(length, body.size());
        std::memcpy(buffer, body.data(), n);
        body.erase(0, n);
        if (body.empty()) {
            *flags |= NGHTTP2_DATA_FLAG_EOF;
            c.bodies.erase(id);
        }
        return ssize_t(n);
    }

    bool start(std::uint32_t maxConcurrentStreams)
    {
        nghttp2_session_callbacks* callbacks = nullptr;
        nghttp2_session_callbacks_new(&callbacks);
        nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, &Connection::frameReceived);
        nghttp2_session_server_new(&session, callbacks, this);
        nghttp2_session_callbacks_del(callbacks);
        const nghttp2_settings_entry limit{NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, maxConcurrentStreams};
        return nghttp2_submit_settings(session, NGHTTP2_FLAG_NONE, &limit, 1) == 0;
    }

    // nghttp2 copies names and values when the response is submitted.
    static nghttp2_nv field(std::string_view name, std::string& value)
    {
        return {reinterpret_cast<std::uint8_t*>(const_cast<char*>(name.data())), reinterpret_cast<std::uint8_t*>(value.data()),
                name.size(), value.size(), NGHTTP2_NV_FLAG_NONE};
    }

    void answerHeld()
    {
        for (const std::int32_t id : held) {
            bodies[id] = "connection " + std::to_string(index);
            std::string status = "200", length = std::to_string(bodies[id].size());
            nghttp2_nv fields[] = {field(":status", status), field("content-length", length)};
            nghttp2_data_provider provider{};
            provider.source.ptr = this;
            provider.read_callback = &Connection::readBody;
            nghttp2_submit_response(session, id, fields, 2, &provider);
        }
        const int count = int(held.size());
        held.clear();
        update([count](ConnectionState& s) {
            s.held -= count;
            s.answered += count;
        });
    }

    bool sendPending()
    {
        const std::uint8_t* data = nullptr;
        ssize_t n;
        while ((n = nghttp2_session_mem_send(session, &data)) > 0)
            for (ssize_t sent = 0; sent < n;) {
                const ssize_t w = ::send(fd, data + sent, std::size_t(n - sent), MSG_NOSIGNAL);
                if (w <= 0)
                    return false;
                sent += w;
            }
        return n == 0;
    }

    int releasesRequested()
    {
        std::lock_guard lock(backend.mutex_);
        return backend.releases_[index];
    }

    // Until the peer or stop() ends the connection. Polls in short steps to see release().
    void run()
    {
        while (!backend.server_.stopping() && sendPending()) {
            if (const int wanted = releasesRequested(); wanted > releasesDone) {
                releasesDone = wanted;
                answerHeld();
                continue;
            }
            pollfd p{fd, POLLIN, 0};
            if (::poll(&p, 1, 10) <= 0)
                continue;
            char bytes[16 * 1024];
            const ssize_t n = ::recv(fd, bytes, sizeof bytes, 0);
            if (n <= 0) {
                if (!backend.server_.stopping())  // stop() shuts the socket down itself
                    update([](ConnectionState& s) { s.closedByPeer = true; });
                return;
            }
            if (nghttp2_session_mem_recv(session, reinterpret_cast<const std::uint8_t*>(bytes), std::size_t(n)) < 0)
                return;
        }
    }
};

HeldH2Backend::HeldH2Backend(std::uint32_t maxConcurrentStreams)
    : maxConcurrentStreams_(maxConcurrentStreams),
      server_({[this](std::size_t index, int fd) { serve(index, fd); }, [this](std::size_t index) { accepted(index); }})
{
}

std::vector<HeldH2Backend::ConnectionState> HeldH2Backend::connections() const
{
    std::lock_guard lock(mutex_);
    return states_;
}

void HeldH2Backend::release(std::size_t index)
{
    std::lock_guard lock(mutex_);
    if (index < releases_.size())
        ++releases_[index];
}

void HeldH2Backend::accepted(std::size_t index)
{
    std::lock_guard lock(mutex_);
    states_.resize(index + 1);
    releases_.resize(index + 1, 0);
}

void HeldH2Backend::serve(std::size_t index, int fd)
{
    Connection c(*this, index, fd);
    if (c.start(maxConcurrentStreams_))
        c.run();
}

}  // namespace gs::test

#pragma once
// The nghttp2 callbacks both HTTP/2 sides of the proxy share (the client's, H2Downstream, and the
// backends', H2UpstreamConnection): a header field, the end of a header block or of the DATA, and
// a DATA chunk go to the stream they belong to (RFC 9113 §8.1). `Connection` makes this a friend;
// it has `stream(id)` (its Stream, or null) and `session_`; its Stream has header(name, value),
// headersDone(endStream), data(bytes) and dataDone().

#include <nghttp2/nghttp2.h>

#include <cstdint>
#include <string_view>

namespace gs::runtime::proxy {

template <typename Connection> struct H2StreamCallbacks {
    // Sets the callbacks below on `callbacks`; `Connection` is the session's user data.
    static void install(nghttp2_session_callbacks* callbacks)
    {
        nghttp2_session_callbacks_set_on_header_callback(callbacks, &header);
        nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, &frameReceived);
        nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, &dataChunk);
    }

    static Connection& self(void* user) { return *static_cast<Connection*>(user); }

    static int header(nghttp2_session*, const nghttp2_frame* frame, const std::uint8_t* name, std::size_t nameLength,
                      const std::uint8_t* value, std::size_t valueLength, std::uint8_t, void* user)
    {
        if (auto* s = self(user).stream(frame->hd.stream_id))
            s->header({reinterpret_cast<const char*>(name), nameLength}, {reinterpret_cast<const char*>(value), valueLength});
        return 0;
    }

    static int frameReceived(nghttp2_session*, const nghttp2_frame* frame, void* user)
    {
        auto* s = self(user).stream(frame->hd.stream_id);
        if (!s)
            return 0;
        const bool endStream = frame->hd.flags & NGHTTP2_FLAG_END_STREAM;
        if (frame->hd.type == NGHTTP2_HEADERS)
            s->headersDone(endStream);
        else if (frame->hd.type == NGHTTP2_DATA && endStream)
            s->dataDone();
        return 0;
    }

    static int dataChunk(nghttp2_session*, std::uint8_t, std::int32_t id, const std::uint8_t* data, std::size_t length,
                         void* user)
    {
        if (auto* s = self(user).stream(id))
            s->data({reinterpret_cast<const char*>(data), length});
        else  // a stream that is gone (answered, or let go of): its DATA still counts against the connection's window
            nghttp2_session_consume_connection(self(user).session_, length);
        return 0;
    }
};

}  // namespace gs::runtime::proxy

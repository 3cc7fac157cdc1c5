#pragma once
// The echo server's WebSocket handler (`/ws`, RFC 6455): the opening handshake's accept value,
// and an echo of every data frame the client sends (pings answered with pongs, a close answered
// with a close). Frames from the client must be masked; replies are not.

#include <optional>
#include <string>
#include <string_view>

#include "http/message.h"

namespace gs::runtime::backends {

// Sec-WebSocket-Accept for a valid upgrade request (Upgrade: websocket, a Sec-WebSocket-Key,
// version 13), or nullopt (RFC 6455 §4.2.1).
std::optional<std::string> websocketAccept(const http::Headers& request);

// A WebSocket frame (unmasked, as a server sends it).
std::string websocketFrame(int opcode, std::string_view payload, bool masked = false);

class WebSocketEcho {
public:
    struct Reply {
        std::string bytes;  // frames to send back
        bool close = false;  // then close the connection (a close frame, or a protocol error)
    };
    Reply receive(std::string_view bytes);

private:
    std::string pending_;
    std::string message_;  // a fragmented message being assembled
    int messageOpcode_ = 0;
};

}  // namespace gs::runtime::backends

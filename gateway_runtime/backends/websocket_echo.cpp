#include "backends/websocket_echo.h"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <cstdint>

namespace gs::runtime::backends {

namespace {

constexpr std::string_view kAcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
constexpr std::size_t kMaxMessage = 1 << 20;
enum Opcode { Continuation = 0, Text = 1, Binary = 2, Close = 8, Ping = 9, Pong = 10 };

}  // namespace

std::optional<std::string> websocketAccept(const http::Headers& request)
{
    const auto key = request.get("sec-websocket-key");
    if (!key || !http::equalsIgnoreCase(request.get("upgrade").value_or(""), "websocket") ||
        request.get("sec-websocket-version").value_or("") != "13" || !request.listsToken("connection", "upgrade"))
        return std::nullopt;
    const std::string text = std::string(*key) + std::string(kAcceptGuid);
    unsigned char digest[SHA_DIGEST_LENGTH];
    SHA1(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
    unsigned char encoded[4 * ((SHA_DIGEST_LENGTH + 2) / 3) + 1];
    const int n = EVP_EncodeBlock(encoded, digest, SHA_DIGEST_LENGTH);
    return std::string(reinterpret_cast<const char*>(encoded), std::size_t(n));
}

std::string websocketFrame(int opcode, std::string_view payload, bool masked)
{
    std::string out;
    out += char(0x80 | opcode);
    const char maskBit = masked ? char(0x80) : char(0);
    if (payload.size() < 126) {
        out += char(maskBit | char(payload.size()));
    } else if (payload.size() < 65536) {
        out += char(maskBit | 126);
        out += char(payload.size() >> 8);
        out += char(payload.size() & 0xff);
    } else {
        out += char(maskBit | 127);
        for (int shift = 56; shift >= 0; shift -= 8)
            out += char((std::uint64_t(payload.size()) >> shift) & 0xff);
    }
    if (!masked)
        return out + std::string(payload);
    const char key[4] = {0x12, 0x34, 0x56, 0x78};
    out.append(key, 4);
    for (std::size_t i = 0; i < payload.size(); ++i)
        out += char(payload[i] ^ key[i % 4]);
    return out;
}

// Parses every complete frame received so far and answers it (RFC 6455 §5.2).
WebSocketEcho::Reply WebSocketEcho::receive(std::string_view bytes)
{
    Reply reply;
    pending_.append(bytes);
    for (;;) {
        const auto* p = reinterpret_cast<const unsigned char*>(pending_.data());
        std::size_t size = pending_.size(), header = 2;
        if (size < 2)
            return reply;
        const bool fin = p[0] & 0x80, masked = p[1] & 0x80;
        const int opcode = p[0] & 0x0f;
        std::uint64_t length = p[1] & 0x7f;
        if (length == 126 || length == 127) {
            const std::size_t extra = length == 126 ? 2 : 8;
            if (size < header + extra)
                return reply;
            length = 0;
            for (std::size_t i = 0; i < extra; ++i)
                length = (length << 8) | p[header + i];
            header += extra;
        }
        if (!masked || length > kMaxMessage) {
            reply.bytes += websocketFrame(Close, "\x03\xea");  // 1002: protocol error
            reply.close = true;
            return reply;
        }
        if (size < header + 4 + length)
            return reply;
        const unsigned char* key = p + header;
        std::string payload(reinterpret_cast<const char*>(p + header + 4), std::size_t(length));
        for (std::size_t i = 0; i < payload.size(); ++i)
            payload[i] = char(payload[i] ^ key[i % 4]);
        pending_.erase(0, header + 4 + std::size_t(length));
        if (opcode == Close) {
            reply.bytes += websocketFrame(Close, payload.substr(0, 2));
            reply.close = true;
            return reply;
        }
        if (opcode == Ping) {
            reply.bytes += websocketFrame(Pong, payload);
            continue;
        }
        if (opcode == Pong)
            continue;
        if (opcode != Continuation)
            messageOpcode_ = opcode;
        message_ += payload;
        if (message_.size() > kMaxMessage) {
            reply.bytes += websocketFrame(Close, "\x03\xf1");  // 1009: message too big
            reply.close = true;
            return reply;
        }
        if (fin) {
            reply.bytes += websocketFrame(messageOpcode_, message_);
            message_.clear();
        }
    }
}

}  // namespace gs::runtime::backends

#include "tls/client_hello.h"

#include <cstdint>

namespace gs::runtime::tls {

namespace {

constexpr std::uint8_t kHandshakeRecord = 22;
constexpr std::uint8_t kClientHelloMessage = 1;
constexpr std::uint16_t kServerNameExtension = 0;
constexpr std::uint8_t kHostName = 0;
constexpr std::size_t kRecordHeader = 5;
constexpr std::size_t kMaxRecord = (1 << 14) + 256;  // TLSPlaintext.length limit, with slack

// A bounds-checked reader: every read fails (and stays failed) past the end.
class Reader {
public:
    explicit Reader(std::string_view data) : data_(data) { }
    bool ok() const { return ok_; }
    std::size_t left() const { return data_.size() - at_; }
    std::uint32_t number(int bytes)
    {
        std::uint32_t value = 0;
        for (int i = 0; i < bytes; ++i)
            value = (value << 8) | byte();
        return value;
    }
    std::string_view take(std::size_t n)
    {
        if (!ok_ || n > left()) {
            ok_ = false;
            return {};
        }
        std::string_view out = data_.substr(at_, n);
        at_ += n;
        return out;
    }
    void skip(std::size_t n) { take(n); }

private:
    std::uint8_t byte()
    {
        const std::string_view b = take(1);
        return b.empty() ? 0 : static_cast<std::uint8_t>(b[0]);
    }
    std::string_view data_;
    std::size_t at_ = 0;
    bool ok_ = true;
};

ClientHello invalid(std::string why)
{
    ClientHello h;
    h.status = ClientHello::Status::Invalid;
    h.error = std::move(why);
    return h;
}

// The handshake bytes carried by the leading handshake records; `complete` when the whole
// ClientHello message (per its own length) is there.
ClientHello gatherHandshake(std::string_view bytes, std::string& handshake)
{
    Reader records(bytes);
    while (records.left() >= kRecordHeader) {
        const std::uint32_t type = records.number(1);
        const std::uint32_t major = records.number(1);
        records.skip(1);
        const std::uint32_t length = records.number(2);
        if (type != kHandshakeRecord || major != 3)
            return invalid("not a TLS handshake record");
        if (length == 0 || length > kMaxRecord)
            return invalid("a TLS record of invalid length");
        if (records.left() < length)
            return {};
        handshake.append(records.take(length));
        if (handshake.size() >= 4) {
            Reader h(handshake);
            if (h.number(1) != kClientHelloMessage)
                return invalid("the first handshake message is not a ClientHello");
            const std::uint32_t messageLength = h.number(3);
            if (messageLength + 4 > kMaxClientHello)
                return invalid("the ClientHello is too large");
            if (handshake.size() >= messageLength + 4) {
                handshake.resize(messageLength + 4);
                ClientHello done;
                done.status = ClientHello::Status::Complete;
                return done;
            }
        }
    }
    if (bytes.size() > kMaxClientHello)
        return invalid("the ClientHello is too large");
    return {};
}

// The host_name entry of a server_name extension body ("" when there is none).
ClientHello serverName(std::string_view extension)
{
    ClientHello h;
    h.status = ClientHello::Status::Complete;
    Reader r(extension);
    Reader list(r.take(r.number(2)));
    while (r.ok() && list.ok() && list.left() > 0) {
        const std::uint32_t type = list.number(1);
        const std::string_view name = list.take(list.number(2));
        if (!list.ok())
            break;
        if (type == kHostName) {
            if (name.empty() || name.size() > 255)
                return invalid("an invalid server name");
            for (char c : name)
                h.serverName += (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
            return h;
        }
    }
    if (!r.ok() || !list.ok())
        return invalid("a malformed server_name extension");
    return h;
}

}  // namespace

ClientHello parseClientHello(std::string_view bytes)
{
    std::string handshake;
    ClientHello gathered = gatherHandshake(bytes, handshake);
    if (gathered.status != ClientHello::Status::Complete)
        return gathered;
    Reader r(handshake);
    r.skip(4);  // message type and length
    r.skip(2 + 32);  // legacy_version, random
    r.skip(r.number(1));  // legacy_session_id
    r.skip(r.number(2));  // cipher_suites
    r.skip(r.number(1));  // legacy_compression_methods
    if (!r.ok())
        return invalid("a truncated ClientHello");
    ClientHello result;
    result.status = ClientHello::Status::Complete;
    if (r.left() == 0)
        return result;  // no extensions at all: no SNI
    Reader extensions(r.take(r.number(2)));
    if (!r.ok())
        return invalid("a truncated extension list");
    while (extensions.left() > 0) {
        const std::uint32_t type = extensions.number(2);
        const std::string_view body = extensions.take(extensions.number(2));
        if (!extensions.ok())
            return invalid("a truncated extension");
        if (type == kServerNameExtension)
            return serverName(body);
    }
    return result;
}

}  // namespace gs::runtime::tls

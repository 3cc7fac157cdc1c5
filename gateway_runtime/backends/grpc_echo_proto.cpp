#include "backends/grpc_echo_proto.h"

#include <functional>
#include <iterator>

#include "http/grpc_status.h"

namespace gs::runtime::backends::grpcecho {

namespace {

// Protobuf wire types (protobuf encoding guide, "Message Structure").
constexpr std::uint32_t kVarint = 0;
constexpr std::uint32_t kFixed64 = 1;
constexpr std::uint32_t kLengthDelimited = 2;
constexpr std::uint32_t kFixed32 = 5;

void putVarint(std::string& out, std::uint64_t value)
{
    while (value >= 0x80) {
        out.push_back(char((value & 0x7f) | 0x80));
        value >>= 7;
    }
    out.push_back(char(value));
}

void putBytes(std::string& out, std::uint32_t field, std::string_view bytes)
{
    putVarint(out, (field << 3) | kLengthDelimited);
    putVarint(out, bytes.size());
    out.append(bytes);
}

void putString(std::string& out, std::uint32_t field, std::string_view text)
{
    if (!text.empty())
        putBytes(out, field, text);
}

std::string encodeContext(const Context& c)
{
    std::string out;
    putString(out, 1, c.ns);
    putString(out, 2, c.ingress);
    putString(out, 3, c.serviceName);
    putString(out, 4, c.pod);
    return out;
}

std::string encodeAssertions(const Assertions& a)
{
    std::string out;
    putString(out, 1, a.fullyQualifiedMethod);
    for (const Header& h : a.headers) {
        std::string header;
        putString(header, 1, h.key);
        putString(header, 2, h.value);
        putBytes(out, 2, header);  // an empty Header is still an element of the repeated field
    }
    putString(out, 3, a.authority);
    putBytes(out, 4, encodeContext(a.context));
    return out;
}

// Walks the fields of one message, handing length-delimited ones to `onBytes(field, bytes)`.
// Returns false on truncation, an over-long varint or a group (wire types 3 and 4, unused here).
bool forEachField(std::string_view bytes, const std::function<bool(std::uint32_t, std::string_view)>& onBytes)
{
    std::size_t i = 0;
    const auto varint = [&](std::uint64_t& value) {
        value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (i >= bytes.size())
                return false;
            const auto byte = static_cast<unsigned char>(bytes[i++]);
            value |= std::uint64_t(byte & 0x7f) << shift;
            if (!(byte & 0x80))
                return true;
        }
        return false;
    };
    while (i < bytes.size()) {
        std::uint64_t tag = 0, length = 0;
        if (!varint(tag) || (tag >> 3) == 0 || (tag >> 3) > 0x1fffffff)
            return false;
        const auto field = std::uint32_t(tag >> 3);
        switch (std::uint32_t(tag & 7)) {
        case kVarint:
            if (!varint(length))
                return false;
            break;
        case kFixed64:
        case kFixed32: {
            const std::size_t size = (tag & 7) == kFixed64 ? 8 : 4;
            if (bytes.size() - i < size)
                return false;
            i += size;
            break;
        }
        case kLengthDelimited:
            if (!varint(length) || length > bytes.size() - i)
                return false;
            if (!onBytes(field, bytes.substr(i, std::size_t(length))))
                return false;
            i += std::size_t(length);
            break;
        default: return false;
        }
    }
    return true;
}

bool decodeContext(std::string_view bytes, Context& c)
{
    return forEachField(bytes, [&c](std::uint32_t field, std::string_view value) {
        std::string* targets[] = {nullptr, &c.ns, &c.ingress, &c.serviceName, &c.pod};
        if (field < std::size(targets))
            targets[field]->assign(value);
        return true;
    });
}

bool decodeHeader(std::string_view bytes, Header& h)
{
    return forEachField(bytes, [&h](std::uint32_t field, std::string_view value) {
        if (field == 1)
            h.key.assign(value);
        else if (field == 2)
            h.value.assign(value);
        return true;
    });
}

bool decodeAssertions(std::string_view bytes, Assertions& a)
{
    return forEachField(bytes, [&a](std::uint32_t field, std::string_view value) {
        switch (field) {
        case 1: a.fullyQualifiedMethod.assign(value); return true;
        case 2: return decodeHeader(value, a.headers.emplace_back());
        case 3: a.authority.assign(value); return true;
        case 4: return decodeContext(value, a.context);
        default: return true;
        }
    });
}

// Request fields a gRPC server exposes as the call's metadata (see answer()).
bool isMetadataHeader(std::string_view name)
{
    if (name == ":authority")
        return true;
    static constexpr std::string_view kReserved[] = {
        "te", "grpc-encoding", "grpc-message", "grpc-message-type", "grpc-status", "grpc-status-details-bin", "grpc-timeout"};
    for (std::string_view reserved : kReserved)
        if (name == reserved)
            return false;
    return !name.starts_with(':');
}

// grpc-message is percent-encoded outside printable ASCII, and '%' itself.
std::string percentEncode(std::string_view text)
{
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x20 && u <= 0x7e && c != '%') {
            out.push_back(c);
        } else {
            out.push_back('%');
            out.push_back(kHex[u >> 4]);
            out.push_back(kHex[u & 15]);
        }
    }
    return out;
}

// Worded as grpc-go words it.
std::string unimplementedMessage(std::string_view path)
{
    const std::size_t slash = path.rfind('/');
    const std::string_view service = slash == std::string_view::npos || slash == 0 ? path : path.substr(1, slash - 1);
    const std::string_view method = slash == std::string_view::npos ? "" : path.substr(slash + 1);
    if (service != kService)
        return "unknown service " + std::string(service);
    if (method == "EchoThree")
        return "method EchoThree not implemented";
    return "unknown method " + std::string(method) + " for service " + std::string(service);
}

}  // namespace

std::string encodeEchoResponse(const Assertions& assertions)
{
    std::string out;
    putBytes(out, 1, encodeAssertions(assertions));
    return out;
}

std::optional<Assertions> decodeEchoResponse(std::string_view bytes)
{
    Assertions a;
    const bool ok = forEachField(
        bytes, [&a](std::uint32_t field, std::string_view value) { return field != 1 || decodeAssertions(value, a); });
    if (!ok)
        return std::nullopt;
    return a;
}

Reply answer(std::string_view path, const Fields& request, const Context& context)
{
    const std::string prefix = "/" + std::string(kService) + "/";
    Reply reply{{{":status", "200"}, {"content-type", "application/grpc"}}, {}, {}};
    if (path != prefix + "Echo" && path != prefix + "EchoTwo") {
        reply.head.emplace_back("grpc-status", http::grpcStatusText(http::GrpcStatus::Unimplemented));
        reply.head.emplace_back("grpc-message", percentEncode(unimplementedMessage(path)));
        return reply;
    }
    Assertions a;
    a.fullyQualifiedMethod = path;
    for (const auto& [name, value] : request) {
        if (name == ":authority")
            a.authority = value;
        if (isMetadataHeader(name))
            a.headers.push_back({name, value});
    }
    a.context = context;
    reply.body = frameMessage(encodeEchoResponse(a));
    reply.trailers = {{"grpc-status", http::grpcStatusText(http::GrpcStatus::Ok)}};
    return reply;
}

std::string frameMessage(std::string_view message)
{
    const auto size = std::uint32_t(message.size());
    std::string out{char(0), char(size >> 24), char(size >> 16), char(size >> 8), char(size)};
    out.append(message);
    return out;
}

std::optional<std::string_view> firstMessage(std::string_view body)
{
    if (body.size() < 5)
        return std::nullopt;
    std::uint32_t size = 0;
    for (int i = 1; i < 5; ++i)
        size = (size << 8) | static_cast<unsigned char>(body[i]);
    if (body.size() - 5 < size)
        return std::nullopt;
    return body.substr(5, size);
}

}  // namespace gs::runtime::backends::grpcecho

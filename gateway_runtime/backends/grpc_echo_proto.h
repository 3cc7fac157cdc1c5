#pragma once
// The few messages of the Gateway API conformance gRPC echo service
// (conformance/echo-basic/grpcecho.proto, package gateway_api_conformance.echo_basic.grpcecho),
// encoded and decoded in the protobuf wire format by hand, the gRPC length-prefixed message framing
// ("gRPC over HTTP2", Length-Prefixed-Message), and what the service answers.
//
// Field numbers, as in grpcecho.proto:
//   Header       { string key = 1; string value = 2; }
//   Context      { string namespace = 1; string ingress = 2; string service_name = 3; string pod = 4; }
//   Assertions   { string fully_qualified_method = 1; repeated Header headers = 2; string authority = 3;
//                  Context context = 4; TLSAssertions tls_assertions = 5; }
//   EchoResponse { Assertions assertions = 1; EchoRequest request = 2; }
// tls_assertions and request are never written (the echo is cleartext; EchoRequest is empty) and
// are skipped when read.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gs::runtime::backends::grpcecho {

inline constexpr std::string_view kService = "gateway_api_conformance.echo_basic.grpcecho.GrpcEcho";

struct Header {
    std::string key;
    std::string value;
};

struct Context {
    std::string ns;
    std::string ingress;
    std::string serviceName;
    std::string pod;
};

struct Assertions {
    std::string fullyQualifiedMethod;
    std::vector<Header> headers;
    std::string authority;
    Context context;
};

// An EchoResponse holding `assertions`, in protobuf wire format. Empty strings are left out, as
// proto3 does for default values.
std::string encodeEchoResponse(const Assertions& assertions);

// Reads an EchoResponse; nullopt when the bytes are not a well-formed message. Unknown fields of
// wire types varint, 64-bit, length-delimited and 32-bit are skipped.
std::optional<Assertions> decodeEchoResponse(std::string_view bytes);

using Fields = std::vector<std::pair<std::string, std::string>>;  // HTTP/2 header fields, in order

// A gRPC response as HTTP/2 header fields, body and trailers (gRPC over HTTP2, "Responses").
struct Reply {
    Fields head;
    std::string body;  // framed messages
    Fields trailers;  // empty: a Trailers-Only response, whose status is in `head`
};

// The GrpcEcho service's answer to a unary call on `path` with the request header fields `request`
// (pseudo-headers included): for Echo and EchoTwo an EchoResponse whose assertions list the
// call's metadata as a gRPC server exposes it (grpc-go: regular headers, content-type, user-agent
// and :authority, but not the other pseudo-headers, "te" or the reserved grpc-* headers), then
// grpc-status 0; for EchoThree and any other method or service grpc-status 12 (UNIMPLEMENTED).
Reply answer(std::string_view path, const Fields& request, const Context& context);

// gRPC's Length-Prefixed-Message: compressed flag 0, 4-byte big-endian length, the message.
std::string frameMessage(std::string_view message);

// The first framed message of `body`: its bytes, or nullopt while the body is shorter than the
// prefix says (or shorter than the prefix itself).
std::optional<std::string_view> firstMessage(std::string_view body);

}  // namespace gs::runtime::backends::grpcecho

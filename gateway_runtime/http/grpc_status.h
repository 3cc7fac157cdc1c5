#pragma once
// gRPC status codes (grpc/doc/statuscodes.md), as the gateway answers and counts them; the wire
// form is the decimal number in the grpc-status trailer (or a trailers-only head).

#include <string>
#include <string_view>

namespace gs::runtime::http {

enum class GrpcStatus : int {
    Ok = 0,
    Cancelled = 1,
    Unknown = 2,
    InvalidArgument = 3,
    DeadlineExceeded = 4,
    NotFound = 5,
    AlreadyExists = 6,
    PermissionDenied = 7,
    ResourceExhausted = 8,
    FailedPrecondition = 9,
    Aborted = 10,
    OutOfRange = 11,
    Unimplemented = 12,
    Internal = 13,
    Unavailable = 14,
    DataLoss = 15,
    Unauthenticated = 16,
};
inline constexpr int kGrpcStatusCount = 17;

inline std::string grpcStatusText(GrpcStatus status) { return std::to_string(int(status)); }

// The code's name as gRPC writes it: "OK", "UNIMPLEMENTED", ...
inline const char* grpcStatusName(GrpcStatus status)
{
    static constexpr const char* kNames[kGrpcStatusCount] = {
        "OK",        "CANCELLED",      "UNKNOWN",           "INVALID_ARGUMENT",   "DEADLINE_EXCEEDED",
        "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
        "ABORTED",   "OUT_OF_RANGE",   "UNIMPLEMENTED",     "INTERNAL",           "UNAVAILABLE",
        "DATA_LOSS", "UNAUTHENTICATED"};
    const int code = int(status);
    return code >= 0 && code < kGrpcStatusCount ? kNames[code] : "UNKNOWN";
}

// A grpc-status value as a code: anything that is not one of the 17 codes is UNKNOWN, as gRPC
// clients read it.
inline GrpcStatus parseGrpcStatus(std::string_view text)
{
    int code = 0;
    for (char c : text)
        code = c >= '0' && c <= '9' && code < 100 ? code * 10 + (c - '0') : 99;
    return text.empty() || code >= kGrpcStatusCount ? GrpcStatus::Unknown : GrpcStatus(code);
}

}  // namespace gs::runtime::http

#pragma once
// Every counter of a stats element, declared once: its key under /stats (JSON), its metric under
// /metrics (Prometheus: gateway_studio_<kind>_<metric>), its help text, its type, and the kinds
// of element that have it. Both endpoints are written from this table, in its order, so a counter
// added here appears in both, and in the same words.

#include <array>
#include <cstdint>

#include "stats/stats.h"

namespace gs::runtime::stats {

// The kinds of element a field belongs to.
enum KindMask : std::uint8_t {
    kListeners = 1 << int(Kind::Listener),
    kRoutes = 1 << int(Kind::Route),
    kBackends = 1 << int(Kind::Backend),
    kEveryKind = kListeners | kRoutes | kBackends,
};

inline constexpr bool hasField(KindMask kinds, Kind kind) { return (kinds >> int(kind)) & 1; }

// How a row spreads over the fields: one field, or a family of fields told apart by a label.
enum class Series {
    One,
    ByStatusClass,  // Responses1xx..5xx: JSON {"1xx": n, ...}; Prometheus {class="1xx"}
    ByGrpcStatus,  // GrpcStatus0 + code: JSON {"OK": n, ...} and Prometheus {code="OK"}, the codes seen only
    Latency,  // the request duration histogram: JSON {"p50", "p90", "p99"} in ms; Prometheus in seconds
};

struct StatField {
    Field field;  // the first field of the series (kFieldCount for the histogram)
    Series series;
    const char* jsonKey;
    const char* metric;  // after "gateway_studio_<kind>_"
    const char* help;
    bool gauge;  // goes up and down (a Prometheus gauge), else a counter
    KindMask kinds;
};

inline constexpr std::array<StatField, 16> kStatFields{{
    {Requests, Series::One, "requests", "requests_total", "Requests", false, kEveryKind},
    {Responses1xx, Series::ByStatusClass, "responses", "responses_total", "Responses by status class", false, kEveryKind},
    {BytesIn, Series::One, "bytesIn", "bytes_in_total", "Request body bytes", false, kEveryKind},
    {BytesOut, Series::One, "bytesOut", "bytes_out_total", "Response body bytes", false, kEveryKind},
    {ActiveConnections, Series::One, "activeConnections", "active_connections", "Open client connections", true, kListeners},
    {ConnectionsTotal, Series::One, "connections", "connections_total", "Client connections", false, kListeners},
    {TlsHandshakes, Series::One, "tlsHandshakes", "tls_handshakes_total", "Completed TLS handshakes", false, kListeners},
    {TlsHandshakeFailures, Series::One, "tlsHandshakeFailures", "tls_handshake_failures_total", "Failed TLS handshakes", false,
     kListeners},
    {NotRouted, Series::One, "notRouted", "not_routed_total",
     "Requests no route took (404; gRPC UNIMPLEMENTED): no listener serves the Host, or no route matches", false, kListeners},
    {UpstreamConnections, Series::One, "connectionsOpened", "connections_opened_total", "Connections opened to the backend",
     false, kBackends},
    {UpstreamConnectFailures, Series::One, "connectFailures", "connect_failures_total", "Refused or failed connections", false,
     kBackends},
    {UpstreamResets, Series::One, "resets", "resets_total", "Connections reset by the backend", false, kBackends},
    {Timeouts, Series::One, "timeouts", "timeouts_total", "Requests timed out", false, kBackends},
    {Retries, Series::One, "retries", "retries_total", "Attempts made again under rules[].retry", false, kBackends},
    {GrpcStatus0, Series::ByGrpcStatus, "grpcStatus", "grpc_responses_total", "gRPC responses by status code", false,
     KindMask(kRoutes | kBackends)},
    {kFieldCount, Series::Latency, "latencyMs", "request_duration_seconds", "Request duration", false, kEveryKind},
}};

inline constexpr std::array<const char*, 5> kStatusClasses{"1xx", "2xx", "3xx", "4xx", "5xx"};

// Each kind's block has room for every field the table gives that kind (stats.h, kFieldsOf).
constexpr bool blocksHoldTheirFields()
{
    for (const StatField& f : kStatFields) {
        if (f.series == Series::ByGrpcStatus || f.series == Series::Latency)
            continue;  // gRPC codes have a block of their own; the buckets follow the fields
        const int last = f.field + (f.series == Series::ByStatusClass ? int(kStatusClasses.size()) - 1 : 0);
        for (Kind kind : {Kind::Listener, Kind::Route, Kind::Backend})
            if (hasField(f.kinds, kind) && last >= fieldsOf(kind))
                return false;
    }
    return true;
}
static_assert(blocksHoldTheirFields(), "a field of the table lies past its kind's block: reorder stats::Field");

}  // namespace gs::runtime::stats

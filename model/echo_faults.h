#pragma once
// The text form of an echo pod's faults (runtime config::EchoFaults), as the command line and the
// inspector write it: comma-separated items, each optional, e.g. "503:5%,latency:200ms-p99".
//
//   CODE:SHARE         answer CODE (400-599) to SHARE of the requests       503:5%
//   reset:SHARE        reset the connection mid-answer (the gateway: 502)    reset:1%
//   stall:SHARE        never answer (the gateway's timeout: 504)             stall:0.5%
//   latency:D          wait D (GEP-2257 duration) before every answer        latency:200ms
//   latency:A..B       wait between A and B, uniformly                       latency:50ms..150ms
//   latency:M-p50/T-p99  a long tail: median M, 99th percentile T (log-normal)  latency:20ms-p50/400ms-p99
//   latency:T-p99      the same with the median a quarter of T                latency:200ms-p99
//
// SHARE is a percentage (0-100, decimals allowed) with its "%" sign. The shares of reset, stall
// and CODE together may not exceed 100 %; one status code per Service.

#include <optional>
#include <string>
#include <string_view>

#include "config/runtime_config.h"

namespace gs::model {

// nullopt and `error` (naming the item) when the text is not in the form above. "" is no faults.
std::optional<runtime::config::EchoFaults> parseEchoFaults(std::string_view text, std::string& error);

// The text form of `faults` ("" when there are none); parseEchoFaults reads it back.
std::string echoFaultsText(const runtime::config::EchoFaults& faults);

// A plain-words summary for a node chip or a report: "5% 503 · p99 200 ms".
std::string echoFaultsSummary(const runtime::config::EchoFaults& faults);

// "NS/SVC=FAULTS" (the --fault option): the Service key "ns/svc" and its faults.
std::optional<std::pair<std::string, runtime::config::EchoFaults>> parseFaultOption(std::string_view text, std::string& error);

}  // namespace gs::model

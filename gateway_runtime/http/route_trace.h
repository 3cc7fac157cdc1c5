#pragma once
// Explains where a request would go, in the words of the Gateway API: which listener takes it
// (port, then hostname: SPEC-NOTES §2 listener isolation), which route rules were considered in
// precedence order (GEP-713 / HTTPRoute "rule precedence": exact path, longest prefix, method,
// most headers, most query params, oldest route, name), why each that lost did, which one wins,
// and its backends with their weights. Uses the same matching code as the data plane
// (CompiledMatch, selectByHostname), so the explanation and the proxy cannot disagree.

#include <cstdint>
#include <string>
#include <vector>

#include "config/runtime_config.h"
#include "http/message.h"

namespace gs::runtime::http {

struct TraceRequest {
    std::uint16_t port = 0;  // the spec's port (80), not the local one
    std::string method = "GET";
    std::string host;  // Host / :authority / SNI for TLS
    std::string path = "/";  // with its query, if any
    Headers headers;
};

struct TraceCandidate {
    std::string entry;  // "httproute/ns/r/rule/0/match/1"
    std::string route;  // node id "httproute/ns/r"
    int ruleIndex = 0;
    bool wins = false;
    std::string reason;  // why it wins or lost
};

struct TraceBackend {
    std::string name;  // stats name ".../backend/1"
    std::string service;  // "ns/name"
    std::uint32_t weight = 0;
    double share = 0;  // 0..1
};

struct Trace {
    std::string gateway;  // node id "gateway/ns/gw" ("" when no listener takes the port)
    std::string listener;  // listener name
    std::vector<TraceCandidate> candidates;
    std::vector<TraceBackend> backends;
    std::string verdict;  // one sentence: where it goes, or why nowhere
};

Trace traceRequest(const config::RuntimeConfig& config, const TraceRequest& request);

// The route an entry comes from, named as the editor's graph and the stats name it:
// "httproute/ns/name" (the kind in lower case).
std::string routeNodeId(const config::RouteEntry& entry);

}  // namespace gs::runtime::http

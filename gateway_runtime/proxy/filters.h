#pragma once
// The HTTPRoute filters as pure functions over messages (SPEC-NOTES §5): header modifiers,
// redirects with the Gateway API port rules, path rewrites (ReplaceFullPath, segment-aware
// ReplacePrefixMatch), CORS, and mirror sampling.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/runtime_config.h"
#include "http/message.h"

namespace gs::runtime::proxy {

// set replaces every value (names case-insensitive), add appends a header line, remove deletes.
void applyHeaderModifier(http::Headers& headers, const config::HeaderModifier& modifier);

// The path after ReplacePrefixMatch: the matched prefix (segment-aware, a trailing '/' ignored) is
// replaced, e.g. /foo/bar with prefix /foo and replacement /xyz → /xyz/bar; "" or "/" → /bar.
std::string replacePrefix(std::string_view path, std::string_view prefix, std::string_view replacement);

// The path a modifier gives; `prefix` is the PathPrefix the route matched.
std::string modifiedPath(std::string_view path, const config::PathModifier& modifier, std::string_view prefix);

struct RedirectContext {
    std::string scheme;  // of the request: "http" or "https"
    std::string host;  // the request's Host, without port
    std::string path;  // without query
    std::string query;  // without '?'
    std::string matchedPrefix;  // for ReplacePrefixMatch
    std::uint16_t listenerPort = 0;  // the port the spec gives the listener
    // A port of the Gateway's spec → the port it is served on locally (80 → 8080).
    std::function<std::uint16_t(std::uint16_t)> servedPort;
};

// The Location of a redirect. Port: the filter's, else the scheme's (80/443), else the listener's;
// then mapped to where the Gateway serves it locally; omitted for http:80 and https:443.
std::string redirectLocation(const config::Redirect& redirect, const RedirectContext& context);

// CORS (SPEC-NOTES §5). A preflight is an OPTIONS request with Origin and
// Access-Control-Request-Method; the gateway answers it itself.
bool isPreflight(const http::RequestHead& request);
bool originAllowed(const config::Cors& cors, std::string_view origin);
// The headers to add to a response (preflight or actual); empty when the origin is not allowed.
std::vector<http::Header> corsHeaders(const config::Cors& cors, const http::RequestHead& request, bool preflight);

// Whether the n-th request (0-based) of a rule is mirrored for a numerator/denominator share;
// spreads the mirrored requests evenly and exactly.
bool mirrorSelected(std::uint64_t n, std::uint32_t numerator, std::uint32_t denominator);

}  // namespace gs::runtime::proxy

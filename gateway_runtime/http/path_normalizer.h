#pragma once
// The request path the gateway routes on and forwards, in one canonical spelling, so that a route
// cannot be bypassed by spelling a path differently (`/app/../admin`, `/%61dmin`, `//admin`):
//
// 1. Percent-encoding (RFC 3986 §2.1): every `%` must start two hex digits. Octets of unreserved
//    characters (ALPHA, DIGIT, `-`, `.`, `_`, `~`, §2.3) are decoded (§6.2.2.2); every other
//    encoded octet stays encoded, with uppercase hex digits (§6.2.2.1).
// 2. An encoded `/` (`%2F`), `\` (`%5C`) or NUL (`%00`) is refused: a backend that decodes it
//    would see a path other than the one that was routed.
// 3. Runs of `/` are merged into one (`//admin` → `/admin`).
// 4. Dot segments are removed (RFC 3986 §5.2.4), including encoded ones (`%2e%2E`); `..` never
//    climbs above the root.
//
// The query is not touched. A target that does not start with `/` (`*`, absolute-form) is left
// as it is.

#include <optional>
#include <string>
#include <string_view>

namespace gs::runtime::http {

// The normalized path, or nullopt when the path is refused (answer 400).
std::optional<std::string> normalizePath(std::string_view path);

// The request target with its path normalized and its query kept; nullopt when refused.
std::optional<std::string> normalizeTarget(std::string_view target);

// Every `%XX` decoded, a `%` without two hex digits after it left as it is (query parameters as
// a route matches them).
std::string percentDecode(std::string_view text);

}  // namespace gs::runtime::http

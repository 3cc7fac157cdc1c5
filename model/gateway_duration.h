#pragma once
// Gateway API durations (GEP-2257): one to four <1-5 digits><unit> parts, units h, m, s, ms,
// e.g. "1h30m", "500ms", "0s". Used for HTTPRoute timeouts.

#include <cstdint>
#include <optional>
#include <string_view>

namespace gs::model {

// Milliseconds, or nullopt when `text` is not a GEP-2257 duration.
std::optional<std::int64_t> parseGatewayDuration(std::string_view text);

}  // namespace gs::model

#pragma once
// The runtime configuration: what the embedded gateway serves, as plain data.
//
// The translator (model/) produces it from Gateway API objects; the data plane
// (gateway_runtime/) consumes it and never sees YAML or Gateway API types, as Envoy consumes xDS.
// Every element carries a stable name that traces to its source
// (`httproute/ns/name/rule/0/backend/1`): the stats key, the log field and the GUI's selection key.

#include <string>

namespace gs::runtime::config {

// Version of this schema of the configuration; bumped when a field changes meaning.
inline constexpr int kConfigVersion = 1;

}  // namespace gs::runtime::config

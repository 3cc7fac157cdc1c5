#pragma once
// Where a rehearsal's traffic generator sends: the first served listener that carries the plan's
// rule (HTTP before HTTPS), and a request the rule's first match takes (its path, its exact
// headers and query parameters, its method), to the route's first hostname (a wildcard gets
// "rehearsal." in front). Used by the command line's rehearsal and the editor's.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>

#include "client/load_generator.h"
#include "config/runtime_config.h"
#include "rehearsal.h"

namespace gs::rollout {

struct TrafficTarget {
    runtime::client::LoadSpec spec;
    std::string text;  // "GET http://host/path via 127.x.y.z:port"
};

// Where listener number `index` (in configuration order) is served, or nullopt when it is not.
using BoundListenerLookup =
    std::function<std::optional<std::pair<std::string, std::uint16_t>>(std::size_t index, const runtime::config::Listener&)>;

// nullopt and `error` when no served listener carries the rule, or its match needs a path given.
std::optional<TrafficTarget> trafficTarget(const runtime::config::RuntimeConfig& config, const BoundListenerLookup& bound,
                                           const model::RolloutPlan& plan, const TrafficOptions& traffic, std::string& error);

}  // namespace gs::rollout

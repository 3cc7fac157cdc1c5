#pragma once
// Resolution of backendRefs and mirror targets to Services, ports and endpoints (SPEC-NOTES §4),
// and the checks of a route's rules that can drop them (SPEC-NOTES §3, §5).

#include <optional>
#include <string>

#include "config/runtime_config.h"
#include "controller/translation_state.h"

namespace gs::model::translation {

struct RefProblem {
    std::string reason;  // InvalidKind, BackendNotFound, RefNotPermitted, UnsupportedProtocol
    std::string message;
};

// Resolves a reference from `route` to a Service port. The target is filled either way; when the
// reference does not resolve it is marked invalid and the problem is returned.
std::optional<RefProblem> resolveTarget(const State& state, const api::Route& route, const api::Reference& ref,
                                        const std::string& where, runtime::config::ServiceTarget& target);

// ResolvedRefs of a route and its dropped rules, the same for every parent.
RouteResolution resolveRoute(const State& state, const api::Route& route);

// The name of the i-th element of a route: "httproute/ns/name/rule/0".
std::string routeElementName(const api::Route& route);

}  // namespace gs::model::translation

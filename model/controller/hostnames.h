#pragma once
// Hostname semantics of Gateway API (SPEC-NOTES §2): wildcard matching and the intersection of a
// listener's hostname with a route's hostnames.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gs::model {

// `*.example.com` matches one or more labels before `.example.com` (a.example.com,
// a.b.example.com) but not example.com. An empty pattern matches everything. Case-insensitive.
bool hostnameMatches(std::string_view pattern, std::string_view host);

bool isWildcard(std::string_view hostname);

// The hostname a route hostname serves on a listener: the more specific of the pair, or nullopt
// when they do not intersect. An absent listener hostname accepts every route hostname.
std::optional<std::string> intersectHostnames(const std::optional<std::string>& listener, const std::string& route);

// The hostnames a route serves on a listener: each intersecting route hostname (made more
// specific by the listener's where needed), or the listener's hostname ("" for any) when the route
// names none. Empty when none intersect.
std::vector<std::string> effectiveHostnames(const std::optional<std::string>& listener,
                                            const std::vector<std::string>& routeHostnames);

}  // namespace gs::model

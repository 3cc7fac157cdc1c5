#pragma once
// The names that tie the runtime configuration, the stats and the editor's canvas together: one
// element of the configuration is named by the object it comes from and its place in it,
//
//   httproute/ns/route                    an object (its kind in lower case)
//   httproute/ns/route/rule/0             a rule
//   httproute/ns/route/rule/0/match/1     one match of it (a route table entry)
//   httproute/ns/route/rule/0/backend/1   one backendRef of it (a stats key, a canvas edge)
//   gateway/ns/gw/listener/http           a listener (its owner: a Gateway or a ListenerSet)
//
// The stats key of an element is the canvas's id for it, so the two must be built alike: every
// layer builds and reads them here. Header-only, like the rest of config/.

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

namespace gs::runtime::config::names {

inline std::string object(std::string_view kind, std::string_view ns, std::string_view name)
{
    std::string out(kind);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return out.append("/").append(ns).append("/").append(name);
}

inline std::string rule(std::string_view route, int index) { return std::string(route) + "/rule/" + std::to_string(index); }
inline std::string match(std::string_view rule, int index) { return std::string(rule) + "/match/" + std::to_string(index); }
inline std::string backend(std::string_view rule, int index) { return std::string(rule) + "/backend/" + std::to_string(index); }
inline std::string listener(std::string_view owner, std::string_view name)
{
    return std::string(owner) + "/listener/" + std::string(name);
}

// The rule of a match's name ("…/rule/0/match/1" → "…/rule/0"); a name without a match as it is.
inline std::string_view ruleOfMatch(std::string_view name)
{
    const std::size_t at = name.rfind("/match/");
    return at == std::string_view::npos ? name : name.substr(0, at);
}

// The owner of a listener's name ("gateway/ns/gw/listener/http" → "gateway/ns/gw").
inline std::string_view ownerOfListener(std::string_view name)
{
    const std::size_t at = name.find("/listener/");
    return at == std::string_view::npos ? name : name.substr(0, at);
}

}  // namespace gs::runtime::config::names

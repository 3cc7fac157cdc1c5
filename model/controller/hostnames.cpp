#include "controller/hostnames.h"

#include <algorithm>
#include <cctype>

namespace gs::model {

namespace {

bool equalsIgnoreCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

}  // namespace

bool isWildcard(std::string_view hostname) { return hostname.size() > 2 && hostname.substr(0, 2) == "*."; }

bool hostnameMatches(std::string_view pattern, std::string_view host)
{
    if (pattern.empty())
        return true;
    if (!isWildcard(pattern))
        return equalsIgnoreCase(pattern, host);
    const std::string_view suffix = pattern.substr(1);  // ".example.com"
    return host.size() > suffix.size() && equalsIgnoreCase(host.substr(host.size() - suffix.size()), suffix);
}

std::optional<std::string> intersectHostnames(const std::optional<std::string>& listener, const std::string& route)
{
    if (!listener || listener->empty())
        return route;
    const std::string& l = *listener;
    if (equalsIgnoreCase(l, route))
        return route;
    const bool lw = isWildcard(l), rw = isWildcard(route);
    if (lw && !rw)
        return hostnameMatches(l, route) ? std::optional<std::string>(route) : std::nullopt;
    if (!lw && rw)
        return hostnameMatches(route, l) ? std::optional<std::string>(l) : std::nullopt;
    if (lw && rw) {
        // The longer wildcard is the more specific; it intersects when the shorter one covers it.
        const std::string& longer = l.size() >= route.size() ? l : route;
        const std::string& shorter = l.size() >= route.size() ? route : l;
        return hostnameMatches(shorter, longer.substr(2)) ? std::optional<std::string>(longer) : std::nullopt;
    }
    return std::nullopt;
}

std::vector<std::string> effectiveHostnames(const std::optional<std::string>& listener,
                                            const std::vector<std::string>& routeHostnames)
{
    std::vector<std::string> out;
    if (routeHostnames.empty()) {
        out.push_back(listener.value_or(""));
        return out;
    }
    for (const std::string& h : routeHostnames)
        if (auto e = intersectHostnames(listener, h); e && std::find(out.begin(), out.end(), *e) == out.end())
            out.push_back(*e);
    return out;
}

}  // namespace gs::model

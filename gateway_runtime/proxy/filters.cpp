#include "proxy/filters.h"

#include <algorithm>
#include <cctype>

namespace gs::runtime::proxy {

namespace {

std::string_view stripTrailingSlash(std::string_view s)
{
    if (!s.empty() && s.back() == '/')
        s.remove_suffix(1);
    return s;
}

std::string join(const std::vector<std::string>& items)
{
    std::string out;
    for (const std::string& s : items)
        out += (out.empty() ? "" : ", ") + s;
    return out;
}

bool contains(const std::vector<std::string>& items, std::string_view v)
{
    return std::find(items.begin(), items.end(), v) != items.end();
}

struct Origin {
    std::string scheme;
    std::string host;
    std::string port;
};

std::optional<Origin> parseOrigin(std::string_view origin)
{
    const std::size_t sep = origin.find("://");
    if (sep == std::string_view::npos)
        return std::nullopt;
    Origin o;
    o.scheme = std::string(origin.substr(0, sep));
    std::string_view rest = origin.substr(sep + 3);
    const std::size_t colon = rest.rfind(':');
    if (colon != std::string_view::npos && rest.find(']') == std::string_view::npos) {
        o.host = std::string(rest.substr(0, colon));
        o.port = std::string(rest.substr(colon + 1));
    } else {
        o.host = std::string(rest);
    }
    if (o.port.empty())
        o.port = o.scheme == "https" ? "443" : "80";
    std::transform(o.host.begin(), o.host.end(), o.host.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return o;
}

// `https://*.bar.com` matches any number of labels in place of '*' (greedy to the left).
bool originMatches(std::string_view pattern, std::string_view origin)
{
    if (pattern == "*")
        return true;
    const auto p = parseOrigin(pattern), o = parseOrigin(origin);
    if (!p || !o || p->scheme != o->scheme || p->port != o->port)
        return false;
    if (p->host == o->host)
        return true;
    if (p->host.size() > 1 && p->host[0] == '*') {
        const std::string suffix = p->host.substr(1);  // ".bar.com", or "" for a bare '*'
        return o->host.size() > suffix.size() && o->host.compare(o->host.size() - suffix.size(), suffix.size(), suffix) == 0;
    }
    return p->host == "*";
}

}  // namespace

void applyHeaderModifier(http::Headers& headers, const config::HeaderModifier& modifier)
{
    for (const config::HeaderValue& h : modifier.set)
        headers.set(h.name, h.value);
    for (const config::HeaderValue& h : modifier.add)
        headers.add(h.name, h.value);
    for (const std::string& name : modifier.remove)
        headers.remove(name);
}

std::string replacePrefix(std::string_view path, std::string_view prefix, std::string_view replacement)
{
    prefix = stripTrailingSlash(prefix);
    replacement = stripTrailingSlash(replacement);
    std::string out(replacement);
    out += path.size() >= prefix.size() ? path.substr(prefix.size()) : std::string_view();
    if (out.empty() || out.front() != '/')
        out.insert(out.begin(), '/');
    return out;
}

std::string modifiedPath(std::string_view path, const config::PathModifier& modifier, std::string_view prefix)
{
    if (modifier.type == config::PathModifier::Type::ReplaceFullPath)
        return modifier.value.empty() ? std::string("/") : modifier.value;
    return replacePrefix(path, prefix, modifier.value);
}

std::string redirectLocation(const config::Redirect& redirect, const RedirectContext& c)
{
    const std::string scheme = redirect.scheme.value_or(c.scheme);
    const std::string host = redirect.hostname.value_or(c.host);
    std::uint16_t port = redirect.port.value_or(c.listenerPort);
    if (c.servedPort)
        port = c.servedPort(port);
    std::string location = scheme + "://" + host;
    if (!((scheme == "http" && port == 80) || (scheme == "https" && port == 443)))
        location += ":" + std::to_string(port);
    location += redirect.path ? modifiedPath(c.path, *redirect.path, c.matchedPrefix) : c.path;
    if (!c.query.empty())
        location += "?" + c.query;
    return location;
}

bool isPreflight(const http::RequestHead& request)
{
    return request.method == "OPTIONS" && request.headers.has("Origin") && request.headers.has("Access-Control-Request-Method");
}

bool originAllowed(const config::Cors& cors, std::string_view origin)
{
    for (const std::string& pattern : cors.allowOrigins)
        if (originMatches(pattern, origin))
            return true;
    return false;
}

std::vector<http::Header> corsHeaders(const config::Cors& cors, const http::RequestHead& request, bool preflight)
{
    std::vector<http::Header> out;
    const auto origin = request.headers.get("Origin");
    if (!origin || !originAllowed(cors, *origin))
        return out;
    out.push_back({"Access-Control-Allow-Origin", std::string(*origin)});
    if (cors.allowCredentials)
        out.push_back({"Access-Control-Allow-Credentials", "true"});
    if (!cors.exposeHeaders.empty())
        out.push_back({"Access-Control-Expose-Headers", join(cors.exposeHeaders)});
    if (!preflight)
        return out;
    if (const auto method = request.headers.get("Access-Control-Request-Method")) {
        const bool any = contains(cors.allowMethods, "*");
        out.push_back({"Access-Control-Allow-Methods", any ? std::string(*method) : join(cors.allowMethods)});
    }
    if (const auto headers = request.headers.get("Access-Control-Request-Headers")) {
        const bool any = contains(cors.allowHeaders, "*");
        if (any || !cors.allowHeaders.empty())
            out.push_back({"Access-Control-Allow-Headers", any ? std::string(*headers) : join(cors.allowHeaders)});
    }
    out.push_back({"Access-Control-Max-Age", std::to_string(cors.maxAge)});
    return out;
}

bool mirrorSelected(std::uint64_t n, std::uint32_t numerator, std::uint32_t denominator)
{
    if (denominator == 0 || numerator == 0)
        return false;
    if (numerator >= denominator)
        return true;
    return (n + 1) * numerator / denominator > n * numerator / denominator;
}

}  // namespace gs::runtime::proxy

#include "controller/precedence.h"

#include <cstdio>
#include <ctime>
#include <algorithm>
#include <string_view>
#include <tuple>

#include "controller/hostnames.h"
#include "yaml/access.h"

namespace gs::model {

namespace {

// "2026-11-20T10:00:00Z" (fractional seconds and offsets accepted) → seconds since the epoch.
bool parseTimestamp(const std::string& text, std::int64_t& out)
{
    int y, mo, d, h, mi, s;
    char rest[64] = {0};
    if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%63s", &y, &mo, &d, &h, &mi, &s, rest) < 6)
        return false;
    std::tm tm{};
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = s;
    std::int64_t seconds = std::int64_t(timegm(&tm));
    std::string_view zone(rest);
    if (!zone.empty() && zone[0] == '.')
        zone.remove_prefix(std::min(zone.size(), zone.find_first_not_of("0123456789", 1)));
    if (zone.size() >= 6 && (zone[0] == '+' || zone[0] == '-')) {
        const int sign = zone[0] == '+' ? 1 : -1;
        seconds -= sign * (((zone[1] - '0') * 10 + (zone[2] - '0')) * 3600 + ((zone[4] - '0') * 10 + (zone[5] - '0')) * 60);
    }
    out = seconds;
    return true;
}

}  // namespace

CreationOrder CreationOrder::of(const Object& o)
{
    CreationOrder c;
    c.loadOrder = o.loadOrder;
    if (const yaml::Node* metadata = yaml::child(o.doc, "metadata"))
        if (const yaml::Node* ts = yaml::child(*metadata, "creationTimestamp"))
            c.hasTimestamp = ts->isScalar() && parseTimestamp(ts->text(), c.epochSeconds);
    return c;
}

// Two objects with the same creationTimestamp are equally old: the next tie-breaker (the name)
// decides, as on a cluster. Load order only stands in for timestamps that are absent.
bool operator<(const CreationOrder& a, const CreationOrder& b)
{
    if (a.hasTimestamp != b.hasTimestamp)
        return a.hasTimestamp;
    if (a.hasTimestamp)
        return a.epochSeconds < b.epochSeconds;
    return a.loadOrder < b.loadOrder;
}

std::size_t exactHostLength(const std::string& hostname) { return isWildcard(hostname) ? 0 : hostname.size(); }

std::size_t prefixLength(const std::string& pathPrefix)
{
    return pathPrefix.size() > 1 && pathPrefix.back() == '/' ? pathPrefix.size() - 1 : pathPrefix.size();
}

// For the counts larger is better, so they are taken from `b` in a's key and from `a` in b's;
// for the rest smaller is better.
bool precedes(const HttpPrecedence& a, const HttpPrecedence& b)
{
    const auto aKey =
        std::make_tuple(b.exactHostLength, b.hostLength, a.pathRank, b.pathLength, b.hasMethod, b.headers, b.queryParams);
    const auto bKey =
        std::make_tuple(a.exactHostLength, a.hostLength, b.pathRank, a.pathLength, a.hasMethod, a.headers, a.queryParams);
    if (aKey != bKey)
        return aKey < bKey;
    return std::forward_as_tuple(a.created, a.namespacedName, a.rule, a.match) <
        std::forward_as_tuple(b.created, b.namespacedName, b.rule, b.match);
}

bool precedes(const GrpcPrecedence& a, const GrpcPrecedence& b)
{
    const auto aKey = std::make_tuple(b.exactHostLength, b.hostLength, b.serviceLength, b.methodLength, b.headers);
    const auto bKey = std::make_tuple(a.exactHostLength, a.hostLength, a.serviceLength, a.methodLength, a.headers);
    if (aKey != bKey)
        return aKey < bKey;
    return std::forward_as_tuple(a.created, a.namespacedName, a.rule, a.match) <
        std::forward_as_tuple(b.created, b.namespacedName, b.rule, b.match);
}

}  // namespace gs::model

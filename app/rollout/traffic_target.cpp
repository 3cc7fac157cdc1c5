#include "traffic_target.h"

#include <algorithm>

namespace gs::rollout {

namespace {

namespace cfg = runtime::config;

std::string concreteHost(const std::string& pattern)
{
    return pattern.size() > 1 && pattern[0] == '*' ? "rehearsal" + pattern.substr(1) : pattern;
}

// The request the rule's entry takes; false when it matches its path only by regular expression.
bool requestFor(const cfg::RouteEntry& e, const cfg::Listener& l, const TrafficOptions& traffic, runtime::client::LoadSpec& s,
                std::string& error)
{
    s.host = !traffic.host.empty() ? traffic.host
        : !e.hostname.empty()      ? concreteHost(e.hostname)
        : !l.hostname.empty()      ? concreteHost(l.hostname)
                                   : "";
    s.method = e.match.method.empty() ? "GET" : e.match.method;
    s.path = traffic.path;
    if (!s.path.empty())
        return true;
    if (e.match.path.type == cfg::PathMatch::Type::RegularExpression) {
        error = "the rule matches its path by a regular expression: say which path to send";
        return false;
    }
    s.path = e.match.path.value;
    std::string query;
    for (const cfg::ValueMatch& q : e.match.queryParams)
        if (q.type == cfg::ValueMatch::Type::Exact)
            query += (query.empty() ? "?" : "&") + q.name + "=" + q.value;
    s.path += query;
    for (const cfg::ValueMatch& h : e.match.headers)
        if (h.type == cfg::ValueMatch::Type::Exact)
            s.headers.push_back({h.name, h.value});
    return true;
}

}  // namespace

std::optional<TrafficTarget> trafficTarget(const cfg::RuntimeConfig& config, const BoundListenerLookup& bound,
                                           const model::RolloutPlan& plan, const TrafficOptions& traffic, std::string& error)
{
    using Scheme = runtime::client::LoadSpec::Scheme;
    std::optional<TrafficTarget> best;
    std::size_t index = 0;
    for (const cfg::Gateway& g : config.gateways)
        for (const cfg::Listener& l : g.listeners) {
            const auto where = bound(index++, l);
            if (!where || (l.protocol != cfg::Protocol::HTTP && l.protocol != cfg::Protocol::HTTPS) ||
                (best && best->spec.scheme == Scheme::Http))
                continue;
            const auto e = std::find_if(l.httpRoutes.begin(), l.httpRoutes.end(), [&](const cfg::RouteEntry& r) {
                return r.routeNamespace == plan.routeNamespace && r.routeName == plan.routeName && r.ruleIndex == plan.rule;
            });
            if (e == l.httpRoutes.end())
                continue;
            TrafficTarget t;
            auto& s = t.spec;
            s.scheme = l.protocol == cfg::Protocol::HTTPS ? Scheme::Https : Scheme::Http;
            s.address = where->first;
            s.port = where->second;
            if (!requestFor(*e, l, traffic, s, error))
                return std::nullopt;
            s.rate = traffic.rate;
            s.concurrency = traffic.concurrency > 0 ? traffic.concurrency : std::clamp(int(traffic.rate / 10), 4, 64);
            t.text = s.method + " " + cfg::schemeOf(l.protocol) + "://" + (s.host.empty() ? where->first : s.host) + s.path +
                " via " + where->first + ":" + std::to_string(where->second);
            best = t;
        }
    if (!best)
        error = "no served HTTP or HTTPS listener carries HTTPRoute " + plan.routeNamespace + "/" + plan.routeName + " rule " +
            std::to_string(plan.rule) + " (is the route accepted?)";
    return best;
}

}  // namespace gs::rollout

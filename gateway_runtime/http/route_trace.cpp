#include "http/route_trace.h"

#include <algorithm>

#include "config/element_names.h"
#include "http/route_table.h"

namespace gs::runtime::http {

namespace {

using config::HttpMatch;
using config::PathMatch;

bool hostFits(const std::string& pattern, const std::string& host)
{
    if (pattern.empty())
        return true;
    if (pattern.rfind("*.", 0) == 0)
        return host.size() > pattern.size() - 1 &&
            host.compare(host.size() - (pattern.size() - 1), pattern.size() - 1, pattern, 1) == 0;
    return pattern == host;
}

std::string describePath(const PathMatch& p)
{
    switch (p.type) {
    case PathMatch::Type::Exact: return "path = " + p.value;
    case PathMatch::Type::RegularExpression: return "path ~ " + p.value;
    default: return "path prefix " + p.value;
    }
}

// Whether one part of a match fits, through the data plane's own matching; a pattern RE2 refuses
// is the reason it does not.
bool partFits(const HttpMatch& part, const RequestView& r, std::string& why)
{
    std::vector<PatternError> errors;
    const bool fits = CompiledMatch::compile(part, errors).matches(r);
    if (!errors.empty())
        why = errors.front().text();
    return fits;
}

// The first part of the match the request fails, in words; "" when it fits.
std::string whyNot(const HttpMatch& m, const RequestView& r)
{
    std::string why;
    HttpMatch part;
    part.path = m.path;
    if (!partFits(part, r, why))
        return why.empty() ? describePath(m.path) + " does not match " + std::string(r.path) : why;
    if (!m.method.empty() && m.method != r.method)
        return "method " + m.method + " is not " + std::string(r.method);
    for (const config::ValueMatch& h : m.headers) {
        part = {};
        part.headers = {h};
        if (!partFits(part, r, why))
            return why.empty() ? "header " + h.name + (h.type == config::ValueMatch::Type::Exact ? " = " : " ~ ") + h.value +
                    " is not in the request"
                               : why;
    }
    for (const config::ValueMatch& q : m.queryParams) {
        part = {};
        part.queryParams = {q};
        if (!partFits(part, r, why))
            return why.empty() ? "query parameter " + q.name + "=" + q.value + " is not in the request" : why;
    }
    return {};
}

// Why `winner` comes first among matches that both fit (they are in precedence order already).
std::string precedence(const config::RouteEntry& winner, const config::RouteEntry& loser)
{
    // The entries come grouped by hostname, the most specific first (exact, longest wildcard, any).
    if (winner.hostname != loser.hostname)
        return "the more specific hostname (" + (winner.hostname.empty() ? std::string("*") : winner.hostname) + ") wins";
    const PathMatch &a = winner.match.path, &b = loser.match.path;
    if (a.type == PathMatch::Type::Exact && b.type != PathMatch::Type::Exact)
        return "an exact path match wins over a prefix";
    if (a.type == b.type && a.type == PathMatch::Type::PathPrefix && a.value.size() > b.value.size())
        return "the longer path prefix (" + a.value + ") wins";
    if (!winner.match.method.empty() && loser.match.method.empty())
        return "a match on the method wins";
    if (winner.match.headers.size() != loser.match.headers.size())
        return "the match with more headers wins";
    if (winner.match.queryParams.size() != loser.match.queryParams.size())
        return "the match with more query parameters wins";
    if (winner.routeNamespace + "/" + winner.routeName != loser.routeNamespace + "/" + loser.routeName)
        return "the older route (or, at the same age, the first by namespace/name) wins";
    return "the earlier rule of the same route wins";
}

// The listeners on the request's port, and the one its host selects.
const config::Listener* pickListener(const config::RuntimeConfig& config, const TraceRequest& request,
                                     const config::Gateway*& gateway, std::string& why)
{
    std::vector<const config::Listener*> onPort;
    std::vector<const config::Gateway*> owners;
    for (const config::Gateway& g : config.gateways)
        for (const config::Listener& l : g.listeners)
            if (l.port == request.port) {
                onPort.push_back(&l);
                owners.push_back(&g);
            }
    if (onPort.empty()) {
        why = "No programmed listener serves port " + std::to_string(request.port) + ".";
        return nullptr;
    }
    std::vector<std::string> hostnames;
    for (const config::Listener* l : onPort)
        hostnames.push_back(l->hostname);
    const int i = selectByHostname(hostnames, normalizeHost(request.host));
    if (i < 0) {
        why = "No listener on port " + std::to_string(request.port) + " covers host " + request.host + ".";
        return nullptr;
    }
    gateway = owners[std::size_t(i)];
    return onPort[std::size_t(i)];
}

void addBackends(const config::RouteEntry& e, Trace& trace)
{
    std::uint64_t sum = 0;
    for (const config::Backend& b : e.backends)
        sum += b.weight;
    for (const config::Backend& b : e.backends)
        trace.backends.push_back({b.target.name, b.target.serviceNamespace + "/" + b.target.serviceName, b.weight,
                                  sum > 0 ? double(b.weight) / double(sum) : 0.0});
}

}  // namespace

std::string routeNodeId(const config::RouteEntry& e) { return config::names::object(e.routeKind, e.routeNamespace, e.routeName); }

Trace traceRequest(const config::RuntimeConfig& config, const TraceRequest& request)
{
    Trace trace;
    const config::Gateway* gateway = nullptr;
    const config::Listener* listener = pickListener(config, request, gateway, trace.verdict);
    if (!listener)
        return trace;
    trace.gateway = gateway->name;
    trace.listener = listener->listenerName;
    const std::string host = normalizeHost(request.host);
    const std::size_t q = request.path.find('?');
    RequestView view;
    view.method = request.method;
    view.path = std::string_view(request.path).substr(0, q);
    view.query = q == std::string::npos ? std::string_view() : std::string_view(request.path).substr(q + 1);
    view.host = host;
    view.headers = &request.headers;

    const config::RouteEntry* winner = nullptr;
    for (const auto* routes : {&listener->httpRoutes, &listener->grpcRoutes})
        for (const config::RouteEntry& e : *routes) {
            TraceCandidate c{e.name, routeNodeId(e), e.ruleIndex, false, {}};
            if (!hostFits(e.hostname, host))
                c.reason = "hostname " + e.hostname + " does not cover " + host;
            else if (std::string why = whyNot(e.match, view); !why.empty())
                c.reason = why;
            else if (winner)
                c.reason = "fits too, but " + precedence(*winner, e);
            else {
                winner = &e;
                c.wins = true;
                c.reason = "first in precedence order that fits";
            }
            trace.candidates.push_back(std::move(c));
        }
    const std::string where = "listener " + listener->listenerName + " of " + gateway->name;
    if (!winner) {
        trace.verdict = trace.candidates.empty() ? "No route is attached to " + where + ": the gateway answers 404."
                                                 : "No rule of the routes on " + where + " fits: the gateway answers 404.";
        return trace;
    }
    addBackends(*winner, trace);
    trace.verdict = "Taken by " + routeNodeId(*winner) + " rule " + std::to_string(winner->ruleIndex) + " on " + where +
        (winner->backends.empty() ? ", which has no backend: the gateway answers 500." : ".");
    return trace;
}

}  // namespace gs::runtime::http

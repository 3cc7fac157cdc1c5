#include "traffic_picture.h"

#include <cmath>
#include <cstdio>
#include <set>

#include "config/element_names.h"
#include "config/runtime_config.h"
#include "http/route_trace.h"
#include "rollout/canary.h"

namespace gs::gui {

namespace cfg = runtime::config;

namespace {

std::string oneDecimal(double v)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, v >= 100 ? "%.0f" : "%.1f", v);
    return buffer;
}

std::string milliseconds(double ms)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, ms >= 10 ? "%.0f ms" : "%.1f ms", ms);
    return buffer;
}

std::string percent(double pct) { return std::to_string(int(std::lround(pct))) + "%"; }

// Adds `r` into `sum` (rates add; error shares as request-weighted means; latency the worst).
void accumulate(TrafficRate& sum, const TrafficRate& r)
{
    const double before = double(sum.inWindow), added = double(r.inWindow), after = before + added;
    if (after > 0) {
        sum.errorShare = (sum.errorShare * before + r.errorShare * added) / after;
        sum.p50Ms = std::max(sum.p50Ms, r.p50Ms);
        sum.p99Ms = std::max(sum.p99Ms, r.p99Ms);
    }
    sum.requestsPerSecond += r.requestsPerSecond;
    sum.total += r.total;
    sum.inWindow += r.inWindow;
}

// The backendRef edges of each rule, in the order the graph lists them (the rule's order).
std::map<RuleKey, std::vector<const GraphEdge*>> backendRefsByRule(const std::vector<GraphEdge>& edges)
{
    std::map<RuleKey, std::vector<const GraphEdge*>> rules;
    for (const GraphEdge& e : edges)
        if (e.kind == EdgeKind::BackendRef)
            rules[{e.from, e.ruleIndex}].push_back(&e);
    return rules;
}

std::string lastSegment(const std::string& id) { return id.substr(id.rfind('/') + 1); }

class Picture {
public:
    Picture(const ServedElements& served, TrafficReadings& readings, PictureOptions options)
        : served_(served), readings_(readings), options_(options)
    {
    }

    void addRule(const RuleKey& key, const std::vector<const GraphEdge*>& edges);
    void addMirror(const GraphEdge& e);
    void addRoutesAndListeners();
    void addParentRef(const GraphEdge& e);
    TrafficPicture finish();

private:
    const ServedElements& served_;
    TrafficReadings& readings_;
    PictureOptions options_;
    TrafficPicture out_;
    std::unordered_map<std::string, TrafficRate> nodeRates_;
};

void Picture::addRule(const RuleKey& key, const std::vector<const GraphEdge*>& edges)
{
    std::vector<std::int64_t> weights;
    std::vector<std::string> names, services;
    for (const GraphEdge* e : edges) {
        weights.push_back(e->weight);
        names.push_back(e->id);
        services.push_back(lastSegment(e->to));
    }
    const std::vector<double> configured = rollout::configuredShares(weights);
    const std::vector<std::uint64_t> counts = readings_.observedCounts(key, weights, names);
    std::uint64_t total = 0;
    for (std::uint64_t c : counts)
        total += c;
    const bool weighted = edges.size() > 1;
    SplitRule split{key.first, lastSegment(key.first), key.second, {}, {}};
    for (std::size_t i = 0; i < edges.size(); ++i) {
        const TrafficRate r = readings_.rate(names[i]);
        EdgeTraffic t{r.requestsPerSecond,
                      r.errorShare,
                      total > 0 ? 100.0 * double(counts[i]) / double(total) : -1,
                      weighted ? 100.0 * configured[i] : -1,
                      {}};
        // A weighted backend: configured → observed share, then the rate (latency in the split
        // panel), so the label stays short enough for short edges.
        if (options_.serving)
            t.text = !weighted ? rateLabel(r)
                               : percent(t.configuredPct) + (t.observedPct >= 0 ? " → " + percent(t.observedPct) : "") + " · " +
                    oneDecimal(r.requestsPerSecond) + "/s";
        out_.edges[names[i]] = t;
        accumulate(nodeRates_[edges[i]->to], r);
        split.backends.push_back({names[i], services[i], weights[i], 100.0 * configured[i], t.observedPct, counts[i],
                                  r.requestsPerSecond, r.errorShare,
                                  options_.history ? readings_.history(names[i]) : std::vector<std::uint32_t>{}});
    }
    if (weighted) {
        split.drift = rollout::splitDrift(services, configured, counts).value_or("");
        out_.splits.push_back(std::move(split));
    }
}

// Mirrors: the copies, counted on the mirror target and drawn on their own edge; the Service that
// gets them shows them in its rate.
void Picture::addMirror(const GraphEdge& e)
{
    const TrafficRate r = readings_.rate(e.id);
    // "mirror · 40.0/s": the chip keeps saying what the edge is while it shows the rate.
    const bool labelled = options_.serving && r.total > 0;
    out_.edges[e.id] = {r.requestsPerSecond, r.errorShare, -1, -1,
                        labelled ? e.label + " · " + oneDecimal(r.requestsPerSecond) + "/s" : ""};
    accumulate(nodeRates_[e.to], r);
}

// Routes: the sum of their rules (or their stream). Gateways: the sum of their listeners.
void Picture::addRoutesAndListeners()
{
    for (const auto& [route, names] : served_.routes) {
        TrafficRate sum;
        for (const std::string& n : names)
            accumulate(sum, readings_.rate(n));
        nodeRates_[route] = sum;
    }
    TrafficRate all;
    for (const std::string& l : served_.listeners) {
        const TrafficRate r = readings_.rate(l);
        if (r.notRouted > 0)
            out_.notRouted[l] = r.notRouted;
        accumulate(nodeRates_[std::string(cfg::names::ownerOfListener(l))], r);
        accumulate(all, r);
    }
    out_.totalRate = all.requestsPerSecond;
}

// A parentRef edge carries its route's traffic.
void Picture::addParentRef(const GraphEdge& e)
{
    const auto it = nodeRates_.find(e.to);  // parent → route
    const TrafficRate r = it == nodeRates_.end() ? TrafficRate{} : it->second;
    out_.edges[e.id] = {r.requestsPerSecond, r.errorShare, -1, -1, r.total > 0 ? rateLabel(r) : ""};
}

TrafficPicture Picture::finish()
{
    for (const auto& [node, r] : nodeRates_)
        if (options_.serving)
            out_.nodes[node] = {r.requestsPerSecond, groupedNumber(r.total) + " · " + oneDecimal(r.requestsPerSecond) + "/s"};
    return std::move(out_);
}

}  // namespace

ServedElements servedElements(const cfg::RuntimeConfig& config)
{
    ServedElements out;
    std::map<std::string, std::set<std::string>> routes;
    for (const cfg::Gateway& g : config.gateways)
        for (const cfg::Listener& l : g.listeners) {
            out.listeners.push_back(l.name);
            for (const auto* entries : {&l.httpRoutes, &l.grpcRoutes})
                for (const cfg::RouteEntry& r : *entries) {
                    const std::string route = runtime::http::routeNodeId(r);
                    routes[route].insert(cfg::names::rule(route, r.ruleIndex));
                }
            for (const cfg::TlsRouteEntry& r : l.tlsRoutes)
                routes[r.name].insert(r.name);
            if (l.streamRoute)
                routes[l.streamRoute->name].insert(l.streamRoute->name);
        }
    for (auto& [route, names] : routes)
        out.routes[route] = {names.begin(), names.end()};
    return out;
}

TrafficPicture computeTrafficPicture(const std::vector<GraphEdge>& edges, const ServedElements& served, TrafficReadings& readings,
                                     PictureOptions options)
{
    Picture picture(served, readings, options);
    for (const auto& [key, ruleEdges] : backendRefsByRule(edges))
        picture.addRule(key, ruleEdges);
    for (const GraphEdge& e : edges)
        if (e.kind == EdgeKind::Mirror)
            picture.addMirror(e);
    picture.addRoutesAndListeners();
    for (const GraphEdge& e : edges)
        if (e.kind == EdgeKind::ParentRef && options.serving)
            picture.addParentRef(e);
    return picture.finish();
}

std::string rateLabel(const TrafficRate& r)
{
    std::string text = oneDecimal(r.requestsPerSecond) + "/s";
    if (r.p99Ms > 0)
        text += " · p99 " + milliseconds(r.p99Ms);
    if (r.errorShare >= 0.005)
        text += " · " + percent(r.errorShare * 100) + " errors";
    return text;
}

std::string groupedNumber(std::uint64_t n)
{
    std::string digits = std::to_string(n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0)
            out += ',';
        out += digits[i];
    }
    return out;
}

}  // namespace gs::gui

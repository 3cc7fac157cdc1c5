#include "traffic_window.h"

#include <algorithm>

namespace gs::gui {

namespace stats = runtime::stats;

namespace {

// Elements of TCP, TLS and UDP routes count connections, not requests.
bool isStreamElement(const std::string& name)
{
    return name.rfind("tcproute/", 0) == 0 || name.rfind("tlsroute/", 0) == 0 || name.rfind("udproute/", 0) == 0;
}

// HTTP elements count requests; stream routes and backends count connections (a TLS passthrough
// or TCP connection is their unit of traffic); a listener counts requests, or connections when
// it serves no HTTP.
std::uint64_t activityOf(const stats::Sample& s)
{
    if (s.kind == stats::Kind::Listener)
        return s.fields[stats::Requests] ? s.fields[stats::Requests] : s.fields[stats::ConnectionsTotal];
    return isStreamElement(s.name) ? s.fields[stats::ConnectionsTotal] : s.fields[stats::Requests];
}

std::uint64_t minus(std::uint64_t a, std::uint64_t b)
{
    return a > b ? a - b : 0;  // counters only grow; guard against a reset all the same
}

}  // namespace

std::size_t TrafficWindow::indexOf(const std::string& name)
{
    const auto [it, added] = index_.emplace(name, index_.size());
    if (added)
        history_.emplace_back();
    return it->second;
}

void TrafficWindow::clear()
{
    index_.clear();
    latest_ = {};
    marks_.clear();
    history_.clear();
    active_ = false;
}

void TrafficWindow::add(double seconds, const stats::Snapshot& snapshot)
{
    Mark mark;
    mark.seconds = seconds;
    mark.counts = latest_.counts;  // elements gone from the configuration keep their last counts
    for (const auto* list : {&snapshot.listeners, &snapshot.routes, &snapshot.backends})
        for (const stats::Sample& s : *list) {
            const std::size_t i = indexOf(s.name);
            if (i >= mark.counts.size())
                mark.counts.resize(i + 1);
            Counts& c = mark.counts[i];
            c.activity = activityOf(s);
            c.errors = s.fields[stats::Responses5xx] + s.fields[stats::UpstreamConnectFailures] * isStreamElement(s.name);
            c.clientErrors = s.fields[stats::Responses4xx];
            c.notRouted = s.fields[stats::NotRouted];
            c.histogram = s.histogram;
        }
    latest_ = std::move(mark);
    keepMark(latest_);
    const Mark* base = markAtLeast(options_.rateWindowSeconds);
    active_ = false;
    if (base)
        for (std::size_t i = 0; i < latest_.counts.size() && !active_; ++i)
            active_ = latest_.counts[i].activity > (i < base->counts.size() ? base->counts[i].activity : 0);
}

void TrafficWindow::keepMark(const Mark& latest)
{
    if (!marks_.empty() && latest.seconds - marks_.back().seconds < 1.0)
        return;
    if (!marks_.empty())
        recordHistory(marks_.back(), latest);
    marks_.push_back(latest);
    const double keepFrom = latest.seconds - std::max(options_.shareWindowSeconds, options_.rateWindowSeconds) - 1.0;
    while (marks_.size() > 2 && marks_[1].seconds <= keepFrom)
        marks_.pop_front();
}

void TrafficWindow::recordHistory(const Mark& previous, const Mark& latest)
{
    for (std::size_t i = 0; i < latest.counts.size(); ++i) {
        const std::uint64_t before = i < previous.counts.size() ? previous.counts[i].activity : 0;
        auto& h = history_[i];
        h.push_back(std::uint32_t(std::min<std::uint64_t>(minus(latest.counts[i].activity, before), UINT32_MAX)));
        while (h.size() > options_.historySeconds)
            h.pop_front();
    }
}

// The newest mark at least `secondsAgo` old, else the oldest one (the window has not filled yet);
// nullptr when there is no earlier mark than the latest snapshot.
const TrafficWindow::Mark* TrafficWindow::markAtLeast(double secondsAgo) const
{
    const Mark* found = nullptr;
    for (const Mark& m : marks_)
        if (latest_.seconds - m.seconds >= secondsAgo - 1e-9)
            found = &m;
    if (!found && !marks_.empty() && marks_.front().seconds < latest_.seconds)
        found = &marks_.front();
    return found;
}

TrafficRate TrafficWindow::rate(const std::string& name) const
{
    TrafficRate r;
    const auto it = index_.find(name);
    if (it == index_.end() || it->second >= latest_.counts.size())
        return r;
    const Counts& now = latest_.counts[it->second];
    r.total = now.activity;
    r.notRouted = now.notRouted;
    const Mark* base = markAtLeast(options_.rateWindowSeconds);
    if (!base)
        return r;
    const Counts before = it->second < base->counts.size() ? base->counts[it->second] : Counts{};
    const double seconds = latest_.seconds - base->seconds;
    r.inWindow = minus(now.activity, before.activity);
    r.requestsPerSecond = double(r.inWindow) / seconds;
    if (r.inWindow > 0) {
        r.errorShare = std::min(1.0, double(minus(now.errors, before.errors)) / double(r.inWindow));
        r.clientErrorShare = std::min(1.0, double(minus(now.clientErrors, before.clientErrors)) / double(r.inWindow));
    }
    stats::Sample delta;
    for (std::size_t b = 0; b < delta.histogram.size(); ++b)
        delta.histogram[b] = minus(now.histogram[b], before.histogram[b]);
    r.p50Ms = delta.percentileMs(50);
    r.p99Ms = delta.percentileMs(99);
    return r;
}

std::vector<std::uint64_t> TrafficWindow::totals(const std::vector<std::string>& names) const
{
    std::vector<std::uint64_t> out(names.size(), 0);
    for (std::size_t n = 0; n < names.size(); ++n)
        if (const auto it = index_.find(names[n]); it != index_.end() && it->second < latest_.counts.size())
            out[n] = latest_.counts[it->second].activity;
    return out;
}

std::vector<std::uint64_t> TrafficWindow::shareCounts(const std::vector<std::string>& names) const
{
    std::vector<std::uint64_t> out(names.size(), 0);
    const Mark* base = markAtLeast(options_.shareWindowSeconds);
    if (!base)
        return out;
    for (std::size_t n = 0; n < names.size(); ++n) {
        const auto it = index_.find(names[n]);
        if (it == index_.end() || it->second >= latest_.counts.size())
            continue;
        const std::uint64_t before = it->second < base->counts.size() ? base->counts[it->second].activity : 0;
        out[n] = minus(latest_.counts[it->second].activity, before);
    }
    return out;
}

std::vector<std::uint32_t> TrafficWindow::history(const std::string& name) const
{
    const auto it = index_.find(name);
    if (it == index_.end())
        return {};
    return {history_[it->second].begin(), history_[it->second].end()};
}

}  // namespace gs::gui

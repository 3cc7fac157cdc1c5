#pragma once
// Rates, latency and shares of the gateway's elements over sliding windows, from the cumulative
// stats snapshots the GUI polls (stats::Snapshot, ~10 per second). Pure: no Qt, no clock; the
// caller passes the time of each snapshot, so tests drive it with made-up counts.
//
// Memory is bounded: one mark per second is kept for the share window (default 10 s) and one
// per-second request count per element for the history (default 300 s), so a 10,000-route
// topology costs a few tens of MB, not a copy per poll.

#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

#include "stats/stats.h"

namespace gs::gui {

// One element's activity over a window.
struct TrafficRate {
    double requestsPerSecond = 0;  // requests, or connections for TCP/TLS/UDP routes and backends
    double errorShare = 0;  // 5xx (and failed connections) / requests, 0..1
    double clientErrorShare = 0;  // 4xx / requests
    double p50Ms = 0;
    double p99Ms = 0;
    std::uint64_t total = 0;  // since the gateway started (survives reloads)
    std::uint64_t notRouted = 0;  // listeners: requests answered 404 for want of a route, since the start
    std::uint64_t inWindow = 0;  // requests in the window
};

class TrafficWindow {
public:
    struct Options {
        double rateWindowSeconds = 2;  // rates and percentiles
        double shareWindowSeconds = 10;  // observed shares of weighted rules
        std::size_t historySeconds = 300;  // the split-over-time strip
    };
    TrafficWindow() : TrafficWindow(Options{}) { }
    explicit TrafficWindow(Options options) : options_(options) { }

    // A snapshot taken `seconds` after some fixed origin (monotonic).
    void add(double seconds, const runtime::stats::Snapshot& snapshot);
    void clear();

    TrafficRate rate(const std::string& name) const;
    // Requests (or connections) of each element over the share window, in the order given.
    std::vector<std::uint64_t> shareCounts(const std::vector<std::string>& names) const;
    // Requests (or connections) of each element since the gateway started, in the order given.
    std::vector<std::uint64_t> totals(const std::vector<std::string>& names) const;
    // Requests per second of an element for the last `historySeconds` (oldest first; may be shorter).
    std::vector<std::uint32_t> history(const std::string& name) const;
    // True when some element saw traffic in the rate window.
    bool active() const { return active_; }
    double shareWindowSeconds() const { return options_.shareWindowSeconds; }
    // How long after the last request every rate and share has fallen back to zero.
    double settleSeconds() const { return options_.shareWindowSeconds + options_.rateWindowSeconds; }

private:
    struct Counts {
        std::uint64_t activity = 0;  // requests, or connections for stream elements
        std::uint64_t errors = 0;
        std::uint64_t clientErrors = 0;
        std::uint64_t notRouted = 0;
        std::array<std::uint64_t, runtime::stats::kBuckets> histogram{};
    };
    struct Mark {
        double seconds = 0;
        std::vector<Counts> counts;  // by element index
    };
    std::size_t indexOf(const std::string& name);
    const Mark* markAtLeast(double secondsAgo) const;
    void keepMark(const Mark& latest);
    void recordHistory(const Mark& previous, const Mark& latest);

    Options options_;
    std::unordered_map<std::string, std::size_t> index_;
    Mark latest_;
    std::deque<Mark> marks_;  // one per second, oldest first
    std::vector<std::deque<std::uint32_t>> history_;  // by element index
    bool active_ = false;
};

}  // namespace gs::gui

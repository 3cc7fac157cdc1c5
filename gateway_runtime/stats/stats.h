#pragma once
// Traffic statistics, named by source (the same names as the runtime configuration:
// "gateway/ns/gw/listener/http", "httproute/ns/route/rule/0", ".../backend/1").
//
// Counters are sharded: each worker thread increments its own shard with relaxed atomics, so the
// request path shares no cache line and takes no lock. Readers sum the shards into a snapshot.
// Counters live as long as the registry; a configuration reload keeps them (same name, same
// counters), so totals survive hot reloads.

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace gs::runtime::stats {

enum class Kind { Listener, Route, Backend };

enum Field : int {
    Requests,
    Responses1xx,
    Responses2xx,
    Responses3xx,
    Responses4xx,
    Responses5xx,
    BytesIn,
    BytesOut,
    ConnectionsTotal,
    ActiveConnections,   // a gauge: incremented and decremented
    UpstreamConnectFailures,
    UpstreamResets,
    UpstreamConnections,   // connections opened to the backend (a low figure means keep-alive works)
    TlsHandshakes,         // completed, on the listener the SNI chose
    TlsHandshakeFailures,
    Timeouts,
    GrpcStatus0,                     // gRPC responses by status code: GrpcStatus0 + code (0..16)
    kFieldCount = GrpcStatus0 + 17
};

// Latency bucket upper bounds in microseconds; the last bucket is open-ended.
inline constexpr std::array<std::uint64_t, 18> kLatencyBoundsUs{
    100, 250, 500, 1'000, 2'500, 5'000, 10'000, 25'000, 50'000, 100'000, 250'000, 500'000, 1'000'000, 2'500'000,
    5'000'000, 10'000'000, 30'000'000, 60'000'000};
inline constexpr std::size_t kBuckets = kLatencyBoundsUs.size() + 1;

class Counters {
public:
    Counters(Kind kind, std::string name, std::map<std::string, std::string> labels, int shards);

    void add(int shard, Field field, std::int64_t n = 1)
    {
        shards_[std::size_t(shard)].fields[field].fetch_add(std::uint64_t(n), std::memory_order_relaxed);
    }
    void response(int shard, int status);
    void latency(int shard, std::uint64_t micros);

    Kind kind() const { return kind_; }
    const std::string& name() const { return name_; }
    const std::map<std::string, std::string>& labels() const { return labels_; }

    std::uint64_t total(Field field) const;
    std::array<std::uint64_t, kBuckets> histogram() const;

private:
    struct alignas(64) Shard {
        std::array<std::atomic<std::uint64_t>, kFieldCount> fields{};
        std::array<std::atomic<std::uint64_t>, kBuckets> buckets{};
    };
    Kind kind_;
    std::string name_;
    std::map<std::string, std::string> labels_;
    std::unique_ptr<Shard[]> shards_;
    int shardCount_;
};

// One element's totals at one moment.
struct Sample {
    Kind kind = Kind::Backend;
    std::string name;
    std::map<std::string, std::string> labels;
    std::array<std::uint64_t, kFieldCount> fields{};
    std::array<std::uint64_t, kBuckets> histogram{};
    double percentileMs(double p) const;   // estimated from the histogram; 0 when empty
};

struct Snapshot {
    std::vector<Sample> listeners;
    std::vector<Sample> routes;
    std::vector<Sample> backends;
};

class Registry {
public:
    explicit Registry(int shards) : shards_(shards) {}
    int shards() const { return shards_; }

    // The counters of an element, created on first use; the pointer stays valid as long as the
    // registry. Takes a lock: call it when building a configuration, never per request.
    Counters* get(Kind kind, const std::string& name, const std::map<std::string, std::string>& labels = {});

    // Marks which elements the current configuration has; snapshot() lists only those.
    void setActive(const std::vector<const Counters*>& active);
    Snapshot snapshot() const;

private:
    int shards_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, std::unique_ptr<Counters>> counters_;
    std::vector<const Counters*> active_;
};

}  // namespace gs::runtime::stats

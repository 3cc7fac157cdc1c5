#pragma once
// Traffic statistics, named by source (the same names as the runtime configuration:
// "gateway/ns/gw/listener/http", "httproute/ns/route/rule/0", ".../backend/1").
//
// Counters are sharded: each worker thread increments its own shard with relaxed atomics, so the
// request path shares no cache line and takes no lock. Readers sum the shards into a snapshot.
// Counters live as long as the registry; a configuration reload keeps them (same name, same
// counters), so totals survive hot reloads.
//
// Memory: a shard's block is allocated on its first increment, and the gRPC status codes get a
// block of their own only where a gRPC status is counted (GRPCRoutes and their backends). With
// 10,000 routes, the elements that never see traffic cost a name and two pointers per shard.
// Blocks are carved from their shard's arena (BlockArena), so a block costs its size only.

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
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
    ActiveConnections,  // a gauge: incremented and decremented
    UpstreamConnectFailures,
    UpstreamResets,
    UpstreamConnections,  // connections opened to the backend (a low figure means keep-alive works)
    TlsHandshakes,  // completed, on the listener the SNI chose
    TlsHandshakeFailures,
    Timeouts,
    Retries,  // backend attempts made again under rules[].retry
    NotRouted,  // requests no route took (404; gRPC UNIMPLEMENTED): no listener of the port serves the Host, or no route matches
    GrpcStatus0,  // gRPC responses by status code: GrpcStatus0 + code (0..16)
    kFieldCount = GrpcStatus0 + 17  // http::kGrpcStatusCount
};

// Latency bucket upper bounds in microseconds; the last bucket is open-ended.
inline constexpr std::array<std::uint64_t, 18> kLatencyBoundsUs{
    100,     250,     500,     1'000,     2'500,     5'000,     10'000,     25'000,     50'000,
    100'000, 250'000, 500'000, 1'000'000, 2'500'000, 5'000'000, 10'000'000, 30'000'000, 60'000'000};
inline constexpr std::size_t kBuckets = kLatencyBoundsUs.size() + 1;

// Where the counters' shard blocks live: each shard has its own chunks, 64-byte aligned, that
// blocks are carved from in turn. Two shards' blocks never share a cache line (each worker
// writes only its own); one shard's blocks lie side by side, with no heap header or alignment
// padding between them (a block of its own, 64-aligned, took about 470 bytes for 304). Blocks
// live as long as the arena. Safe from any thread (a lock per shard; blocks are made rarely).
class BlockArena {
public:
    explicit BlockArena(int shards);
    ~BlockArena();
    BlockArena(const BlockArena&) = delete;
    BlockArena& operator=(const BlockArena&) = delete;

    // `size` bytes, 8-byte aligned, zeroed.
    void* allocate(int shard, std::size_t size);

private:
    struct Shard {
        std::mutex mutex;
        std::vector<std::byte*> chunks;
        std::size_t used = 0;  // in the last chunk
    };
    std::unique_ptr<Shard[]> shards_;
    int shardCount_;
};

class Counters {
public:
    Counters(Kind kind, std::string_view name, const std::map<std::string, std::string>& labels, int shards, BlockArena& arena);
    ~Counters();
    Counters(const Counters&) = delete;
    Counters& operator=(const Counters&) = delete;

    // Safe from any thread; a shard is meant to be incremented by its own worker only.
    void add(int shard, Field field, std::int64_t n = 1)
    {
        if (field >= GrpcStatus0)
            grpcBlock(shard).codes[std::size_t(field - GrpcStatus0)].fetch_add(std::uint64_t(n), std::memory_order_relaxed);
        else
            block(shard).fields[std::size_t(field)].fetch_add(std::uint64_t(n), std::memory_order_relaxed);
    }
    void response(int shard, int status);
    void latency(int shard, std::uint64_t micros);

    Kind kind() const { return kind_; }
    std::string_view name() const { return std::string_view(text_.data(), nameLength_); }
    std::map<std::string, std::string> labels() const;

    std::uint64_t total(Field field) const;
    std::array<std::uint64_t, kBuckets> histogram() const;
    // How many blocks (shard blocks and gRPC blocks) have been allocated: 0 until the first count.
    std::size_t blocksHeld() const;

private:
    // In the arena: two workers' blocks never share a cache line.
    struct Block {
        std::array<std::atomic<std::uint64_t>, GrpcStatus0> fields{};
        std::array<std::atomic<std::uint64_t>, kBuckets> buckets{};
    };
    struct GrpcBlock {
        std::array<std::atomic<std::uint64_t>, kFieldCount - GrpcStatus0> codes{};
    };
    struct Slot {
        std::atomic<Block*> block{nullptr};
        std::atomic<GrpcBlock*> grpc{nullptr};
    };

    Block& block(int shard)
    {
        Block* b = slots_[std::size_t(shard)].block.load(std::memory_order_acquire);
        return b ? *b : allocateBlock(shard);
    }
    GrpcBlock& grpcBlock(int shard)
    {
        GrpcBlock* b = slots_[std::size_t(shard)].grpc.load(std::memory_order_acquire);
        return b ? *b : allocateGrpcBlock(shard);
    }
    Block& allocateBlock(int shard);
    GrpcBlock& allocateGrpcBlock(int shard);

    Kind kind_;
    int shardCount_;
    BlockArena& arena_;
    std::uint32_t nameLength_ = 0;
    std::string text_;  // the name, then each label as key '\0' value '\0'
    std::unique_ptr<Slot[]> slots_;
};

// One element's totals at one moment.
struct Sample {
    Kind kind = Kind::Backend;
    std::string name;
    std::map<std::string, std::string> labels;
    std::array<std::uint64_t, kFieldCount> fields{};
    std::array<std::uint64_t, kBuckets> histogram{};
    double percentileMs(double p) const;  // estimated from the histogram; 0 when empty
};

struct Snapshot {
    std::vector<Sample> listeners;
    std::vector<Sample> routes;
    std::vector<Sample> backends;
};

class Registry {
public:
    explicit Registry(int shards) : shards_(shards), arena_(shards) { }
    int shards() const { return shards_; }

    // The counters of an element, created on first use; the pointer stays valid as long as the
    // registry. Takes a lock: call it when building a configuration, never per request.
    Counters* get(Kind kind, const std::string& name, const std::map<std::string, std::string>& labels = {});

    // Marks which elements the current configuration has; snapshot() lists only those.
    void setActive(const std::vector<const Counters*>& active);
    Snapshot snapshot() const;

private:
    int shards_;
    BlockArena arena_;  // before the counters, which point into it
    mutable std::mutex mutex_;
    std::unordered_map<std::string_view, std::unique_ptr<Counters>> counters_;  // keyed by the counters' own name
    std::vector<const Counters*> active_;
};

}  // namespace gs::runtime::stats

#pragma once
// Traffic statistics, named by source (the same names as the runtime configuration:
// "gateway/ns/gw/listener/http", "httproute/ns/route/rule/0", ".../backend/1").
//
// Counters are sharded: each worker thread increments its own shard with relaxed atomics, so the
// request path shares no cache line and takes no lock. Readers sum the shards into a snapshot.
// Counters live as long as the registry; a configuration reload keeps them (same name, same
// counters), so totals survive hot reloads.
//
// Memory: an element's counters get a block on their first increment, and the gRPC status codes
// get a block of their own only where a gRPC status is counted (GRPCRoutes and their backends).
// Until a worker is hot on an element, the workers share one block, with atomic increments:
// 10,000 routes that each see a few requests a second cost one block each, not one per worker.
// A worker that makes more than kHotIncrementsPerSecond increments to an element within one
// second gets a block of its own for it from then on, so a busy element's counters share no
// cache line between workers. Blocks are carved from arenas (BlockArena), so a block costs its
// size only; the counters themselves, their names and labels live in the registry's arena.

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <memory_resource>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace gs::runtime::stats {

enum class Kind { Listener, Route, Backend };

// The fields in the order of the kinds that have them (stat_fields.h says which): every kind's
// first, then the backends', then the listeners' own. A block holds only its kind's fields
// (kFieldsOf), so a route's block has no room for connection or TLS counts.
enum Field : int {
    Requests,
    Responses1xx,
    Responses2xx,
    Responses3xx,
    Responses4xx,
    Responses5xx,
    BytesIn,
    BytesOut,
    // Backends (and listeners, whose blocks hold every field)
    UpstreamConnectFailures,
    UpstreamResets,
    UpstreamConnections,  // connections opened to the backend (a low figure means keep-alive works)
    Timeouts,
    Retries,  // backend attempts made again under rules[].retry
    // Listeners only
    ConnectionsTotal,
    ActiveConnections,  // a gauge: incremented and decremented
    TlsHandshakes,  // completed, on the listener the SNI chose
    TlsHandshakeFailures,
    NotRouted,  // requests no route took (404; gRPC UNIMPLEMENTED): no listener of the port serves the Host, or no route matches
    GrpcStatus0,  // gRPC responses by status code: GrpcStatus0 + code (0..16), in a block of their own
    kFieldCount = GrpcStatus0 + 17  // http::kGrpcStatusCount
};

// How many fields (from Requests on) a kind's block holds; counts of a field past them are
// dropped (the kind does not have that field: neither /stats nor /metrics shows it).
inline constexpr int kFieldsOf[] = {/* Listener */ GrpcStatus0, /* Route */ UpstreamConnectFailures,
                                    /* Backend */ ConnectionsTotal};
inline constexpr int fieldsOf(Kind kind) { return kFieldsOf[int(kind)]; }

// Latency bucket upper bounds in microseconds; the last bucket is open-ended.
inline constexpr std::array<std::uint64_t, 18> kLatencyBoundsUs{
    100,     250,     500,     1'000,     2'500,     5'000,     10'000,     25'000,     50'000,
    100'000, 250'000, 500'000, 1'000'000, 2'500'000, 5'000'000, 10'000'000, 30'000'000, 60'000'000};
inline constexpr std::size_t kBuckets = kLatencyBoundsUs.size() + 1;

// Where the counters' blocks live: each shard has its own chunks, 64-byte aligned, that blocks are
// carved from in turn, and the blocks the shards share have chunks of their own. Two shards'
// blocks never share a cache line (each worker writes only its own); one shard's blocks lie side
// by side, with no heap header or alignment padding between them (a 304-byte block on the heap,
// 64-aligned, took about 470). Blocks live as long as the arena. Safe from any thread (a lock
// per shard; blocks are made rarely).
class BlockArena {
public:
    explicit BlockArena(int shards);
    ~BlockArena();
    BlockArena(const BlockArena&) = delete;
    BlockArena& operator=(const BlockArena&) = delete;

    // `size` bytes, 8-byte aligned, zeroed: for one shard's use, or (kShared) for all shards'.
    static constexpr int kShared = -1;
    void* allocate(int shard, std::size_t size);
    // The bytes handed out so far, all shards and the shared blocks together.
    std::size_t bytesAllocated() const;

private:
    struct Shard {
        mutable std::mutex mutex;
        std::vector<std::byte*> chunks;
        std::size_t used = 0;  // in the last chunk
        std::size_t handedOut = 0;
    };
    std::unique_ptr<Shard[]> shards_;  // the shared blocks' chunks, then each shard's
    int shardCount_;
};

class Counters {
public:
    // Past this many increments by one worker to one element within one second, the worker gets
    // a block of its own for the element (about 100 requests a second: a request makes four to
    // six increments).
    static constexpr std::uint32_t kHotIncrementsPerSecond = 512;

    // `memory` holds the slots, the name and the labels: it must outlive the counters, which
    // are trivially destructible (the registry never runs their destructors).
    Counters(Kind kind, std::string_view name, const std::map<std::string, std::string>& labels, int shards, BlockArena& arena,
             std::pmr::memory_resource& memory);
    Counters(const Counters&) = delete;
    Counters& operator=(const Counters&) = delete;

    // Safe from any thread; a shard is meant to be incremented by its own worker only.
    void add(int shard, Field field, std::int64_t n = 1)
    {
        if (field >= GrpcStatus0)
            grpcBlock(shard).codes[std::size_t(field - GrpcStatus0)].fetch_add(std::uint64_t(n), std::memory_order_relaxed);
        else if (field < fieldCount_)
            block(shard)[field].fetch_add(std::uint64_t(n), std::memory_order_relaxed);
    }
    void response(int shard, int status);
    void latency(int shard, std::uint64_t micros);

    Kind kind() const { return kind_; }
    std::string_view name() const { return std::string_view(text_, nameLength_); }
    std::map<std::string, std::string> labels() const;

    std::uint64_t total(Field field) const;
    std::array<std::uint64_t, kBuckets> histogram() const;
    // How many blocks have been allocated (the shared block, the shards' own, the gRPC blocks):
    // 0 until the first count.
    std::size_t blocksHeld() const;

private:
    // A block is the kind's fields, then the latency buckets: fieldCount_ + kBuckets cells.
    using Cell = std::atomic<std::uint64_t>;
    struct GrpcBlock {
        std::array<std::atomic<std::uint64_t>, kFieldCount - GrpcStatus0> codes{};
    };
    // A shard's view of the element: the block it increments, tagged kSharedTag while that is
    // the shared block, and how warm the shard is on the shared block.
    static constexpr std::uintptr_t kSharedTag = 1;
    struct Slot {
        std::atomic<std::uintptr_t> block{0};
        std::atomic<GrpcBlock*> grpc{nullptr};
        std::atomic<std::uint32_t> heat{0};  // (coarse second & 0xffff) << 16 | increments within it
    };

    Cell* block(int shard)
    {
        Slot& slot = slots_[std::size_t(shard)];
        const std::uintptr_t b = slot.block.load(std::memory_order_acquire);
        if (b != 0 && (b & kSharedTag) == 0)
            return reinterpret_cast<Cell*>(b);
        return coldBlock(shard, b);
    }
    GrpcBlock& grpcBlock(int shard)
    {
        GrpcBlock* b = slots_[std::size_t(shard)].grpc.load(std::memory_order_acquire);
        return b ? *b : allocateGrpcBlock(shard);
    }
    Cell* coldBlock(int shard, std::uintptr_t b);
    Cell* sharedBlock();
    Cell* newBlock(int shard);
    GrpcBlock& allocateGrpcBlock(int shard);
    template <typename Read> void forEachBlock(Read read) const;

    Kind kind_;
    std::uint8_t fieldCount_;
    int shardCount_;
    std::uint32_t nameLength_ = 0;
    std::uint32_t textLength_ = 0;
    BlockArena& arena_;
    const char* text_;  // in the registry's arena: the name, then each label as key '\0' value '\0'
    Slot* slots_;  // in the registry's arena, one per shard
    std::atomic<Cell*> shared_{nullptr};
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
    // The bytes of counter blocks allocated so far.
    std::size_t blockBytes() const { return arena_.bytesAllocated(); }

private:
    int shards_;
    BlockArena arena_;  // before the counters, which point into it
    mutable std::mutex mutex_;
    // The counters, their slots, names and labels, one after another: they live as long as the
    // registry, so nothing is freed one by one and no heap header sits between them.
    std::pmr::monotonic_buffer_resource memory_;
    // Found by name (the counters' own), heterogeneously: a node is the pointer, its hash and the next.
    struct ByName {
        using is_transparent = void;
        std::size_t operator()(std::string_view name) const { return std::hash<std::string_view>{}(name); }
        std::size_t operator()(const Counters* c) const { return (*this)(c->name()); }
    };
    struct SameName {
        using is_transparent = void;
        static std::string_view nameOf(std::string_view name) { return name; }
        static std::string_view nameOf(const Counters* c) { return c->name(); }
        template <typename A, typename B> bool operator()(const A& a, const B& b) const { return nameOf(a) == nameOf(b); }
    };
    std::pmr::unordered_set<Counters*, ByName, SameName> counters_{&memory_};
    std::vector<const Counters*> active_;
};

}  // namespace gs::runtime::stats

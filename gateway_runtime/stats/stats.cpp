#include "stats/stats.h"

#include <algorithm>
#include <cstring>
#include <ctime>
#include <new>
#include <type_traits>

namespace gs::runtime::stats {

namespace {

constexpr std::size_t kChunkBytes = 64 * 1024;
constexpr std::size_t kCacheLine = 64;

}  // namespace

BlockArena::BlockArena(int shards) : shards_(new Shard[std::size_t(shards) + 1]), shardCount_(shards) { }

BlockArena::~BlockArena()
{
    for (int i = 0; i <= shardCount_; ++i)
        for (std::byte* chunk : shards_[std::size_t(i)].chunks)
            ::operator delete[](chunk, std::align_val_t(kCacheLine));
}

void* BlockArena::allocate(int shard, std::size_t size)
{
    size = (size + 7) & ~std::size_t(7);
    Shard& s = shards_[std::size_t(shard + 1)];  // kShared is -1
    std::lock_guard lock(s.mutex);
    if (s.chunks.empty() || s.used + size > kChunkBytes) {
        auto* chunk = static_cast<std::byte*>(::operator new[](kChunkBytes, std::align_val_t(kCacheLine)));
        s.chunks.push_back(chunk);
        s.used = 0;
    }
    std::byte* at = s.chunks.back() + s.used;
    s.used += size;
    s.handedOut += size;
    std::memset(at, 0, size);
    return at;
}

std::size_t BlockArena::bytesAllocated() const
{
    std::size_t sum = 0;
    for (int i = 0; i <= shardCount_; ++i) {
        std::lock_guard lock(shards_[std::size_t(i)].mutex);
        sum += shards_[std::size_t(i)].handedOut;
    }
    return sum;
}

Counters::Counters(Kind kind, std::string_view name, const std::map<std::string, std::string>& labels, int shards,
                   BlockArena& arena, std::pmr::memory_resource& memory)
    : kind_(kind), fieldCount_(std::uint8_t(fieldsOf(kind))), shardCount_(shards), nameLength_(std::uint32_t(name.size())),
      arena_(arena), slots_(static_cast<Slot*>(memory.allocate(sizeof(Slot) * std::size_t(shards), alignof(Slot))))
{
    for (int i = 0; i < shards; ++i)
        new (&slots_[i]) Slot();
    std::size_t size = name.size();
    for (const auto& [k, v] : labels)
        size += k.size() + v.size() + 2;
    char* text = static_cast<char*>(memory.allocate(std::max<std::size_t>(size, 1), 1));
    char* at = std::copy(name.begin(), name.end(), text);
    for (const auto& [k, v] : labels) {
        at = std::copy(k.begin(), k.end(), at);
        *at++ = '\0';
        at = std::copy(v.begin(), v.end(), at);
        *at++ = '\0';
    }
    text_ = text;
    textLength_ = std::uint32_t(size);
}

namespace {

// The block `slot` points to, made by `make` on first use. Should two threads race to make it,
// one block wins and the other is left unused in the arena, so no count is lost.
template <typename T, typename Make> T* allocateOnce(std::atomic<T*>& slot, Make make)
{
    static_assert(std::is_trivially_destructible_v<T>, "the arena never destroys its blocks");
    T* current = slot.load(std::memory_order_acquire);
    if (current)
        return current;
    T* fresh = make();
    if (slot.compare_exchange_strong(current, fresh, std::memory_order_acq_rel, std::memory_order_acquire))
        return fresh;
    return current;
}

// A second count that never goes back, cheap to read (no system call, a few ms coarse).
std::uint32_t coarseSecond()
{
    timespec now{};
    ::clock_gettime(CLOCK_MONOTONIC_COARSE, &now);
    return std::uint32_t(now.tv_sec);
}

}  // namespace

// A block for `shard` (or BlockArena::kShared), its cells zero.
Counters::Cell* Counters::newBlock(int shard)
{
    const std::size_t cells = std::size_t(fieldCount_) + kBuckets;
    auto* block = static_cast<Cell*>(arena_.allocate(shard, cells * sizeof(Cell)));
    for (std::size_t i = 0; i < cells; ++i)
        new (&block[i]) Cell(0);
    return block;
}

Counters::Cell* Counters::sharedBlock()
{
    return allocateOnce(shared_, [this] { return newBlock(BlockArena::kShared); });
}

// The shard has no block yet, or increments the shared one: count this increment towards the
// shard's heat, and give the shard a block of its own once it is hot. Counts made before stay in
// the shared block, which total() and histogram() keep reading, so none is lost.
Counters::Cell* Counters::coldBlock(int shard, std::uintptr_t b)
{
    Slot& slot = slots_[std::size_t(shard)];
    if (b == 0) {
        const std::uintptr_t tagged = reinterpret_cast<std::uintptr_t>(sharedBlock()) | kSharedTag;
        if (!slot.block.compare_exchange_strong(b, tagged, std::memory_order_acq_rel, std::memory_order_acquire) &&
            (b & kSharedTag) == 0)
            return reinterpret_cast<Cell*>(b);  // another thread gave this shard its own block
        b = tagged;
    }
    const std::uint32_t second = coarseSecond() & 0xffff;
    const std::uint32_t heat = slot.heat.load(std::memory_order_relaxed);
    const std::uint32_t count = (heat >> 16) == second ? (heat & 0xffff) + 1 : 1;
    if (count <= kHotIncrementsPerSecond) {
        slot.heat.store(second << 16 | count, std::memory_order_relaxed);
        return reinterpret_cast<Cell*>(b & ~kSharedTag);
    }
    Cell* own = newBlock(shard);
    if (slot.block.compare_exchange_strong(b, reinterpret_cast<std::uintptr_t>(own), std::memory_order_acq_rel,
                                           std::memory_order_acquire))
        return own;
    return reinterpret_cast<Cell*>(b & ~kSharedTag);  // another thread of the shard won; `own` stays unused
}

Counters::GrpcBlock& Counters::allocateGrpcBlock(int shard)
{
    return *allocateOnce(slots_[std::size_t(shard)].grpc,
                         [&] { return new (arena_.allocate(shard, sizeof(GrpcBlock))) GrpcBlock(); });
}

std::map<std::string, std::string> Counters::labels() const
{
    std::map<std::string, std::string> out;
    std::string_view rest = std::string_view(text_, textLength_).substr(nameLength_);
    while (!rest.empty()) {
        const std::size_t keyEnd = rest.find('\0');
        const std::size_t valueEnd = rest.find('\0', keyEnd + 1);
        out.emplace(rest.substr(0, keyEnd), rest.substr(keyEnd + 1, valueEnd - keyEnd - 1));
        rest.remove_prefix(valueEnd + 1);
    }
    return out;
}

void Counters::response(int shard, int status)
{
    const int cls = std::clamp(status / 100, 1, 5);
    add(shard, Field(Responses1xx + cls - 1));
}

void Counters::latency(int shard, std::uint64_t micros)
{
    const auto it = std::lower_bound(kLatencyBoundsUs.begin(), kLatencyBoundsUs.end(), micros);
    block(shard)[fieldCount_ + (it - kLatencyBoundsUs.begin())].fetch_add(1, std::memory_order_relaxed);
}

// The blocks to sum: the shared one, and those the shards have of their own.
template <typename Read> void Counters::forEachBlock(Read read) const
{
    if (const Cell* shared = shared_.load(std::memory_order_acquire))
        read(shared);
    for (int i = 0; i < shardCount_; ++i) {
        const std::uintptr_t b = slots_[std::size_t(i)].block.load(std::memory_order_acquire);
        if (b != 0 && (b & kSharedTag) == 0)
            read(reinterpret_cast<const Cell*>(b));
    }
}

std::uint64_t Counters::total(Field field) const
{
    std::uint64_t sum = 0;
    if (field >= GrpcStatus0) {
        for (int i = 0; i < shardCount_; ++i)
            if (const GrpcBlock* g = slots_[std::size_t(i)].grpc.load(std::memory_order_acquire))
                sum += g->codes[std::size_t(field - GrpcStatus0)].load(std::memory_order_relaxed);
        return sum;
    }
    if (field < fieldCount_)
        forEachBlock([&](const Cell* b) { sum += b[field].load(std::memory_order_relaxed); });
    return sum;
}

std::array<std::uint64_t, kBuckets> Counters::histogram() const
{
    std::array<std::uint64_t, kBuckets> out{};
    forEachBlock([&](const Cell* block) {
        for (std::size_t b = 0; b < kBuckets; ++b)
            out[b] += block[fieldCount_ + b].load(std::memory_order_relaxed);
    });
    return out;
}

std::size_t Counters::blocksHeld() const
{
    std::size_t n = 0;
    forEachBlock([&](const Cell*) { ++n; });
    for (int i = 0; i < shardCount_; ++i)
        n += slots_[std::size_t(i)].grpc.load(std::memory_order_acquire) != nullptr;
    return n;
}

double Sample::percentileMs(double p) const
{
    std::uint64_t count = 0;
    for (std::uint64_t c : histogram)
        count += c;
    if (count == 0)
        return 0;
    const double rank = p / 100.0 * double(count);
    std::uint64_t seen = 0;
    for (std::size_t b = 0; b < kBuckets; ++b) {
        if (double(seen + histogram[b]) >= rank && histogram[b] > 0) {
            const double low = b == 0 ? 0 : double(kLatencyBoundsUs[b - 1]);
            const double high = b < kLatencyBoundsUs.size() ? double(kLatencyBoundsUs[b]) : low * 2;
            const double within = (rank - double(seen)) / double(histogram[b]);
            return (low + within * (high - low)) / 1000.0;
        }
        seen += histogram[b];
    }
    return double(kLatencyBoundsUs.back()) / 1000.0;
}

Counters* Registry::get(Kind kind, const std::string& name, const std::map<std::string, std::string>& labels)
{
    static_assert(std::is_trivially_destructible_v<Counters>, "the registry never destroys its counters");
    std::lock_guard lock(mutex_);
    if (auto it = counters_.find(std::string_view(name)); it != counters_.end())
        return *it;
    void* at = memory_.allocate(sizeof(Counters), alignof(Counters));
    auto* counters = new (at) Counters(kind, name, labels, shards_, arena_, memory_);
    counters_.insert(counters);
    return counters;
}

void Registry::setActive(const std::vector<const Counters*>& active)
{
    std::lock_guard lock(mutex_);
    active_ = active;
}

Snapshot Registry::snapshot() const
{
    std::vector<const Counters*> active;
    {
        std::lock_guard lock(mutex_);
        active = active_;
    }
    Snapshot out;
    for (const Counters* c : active) {
        Sample s;
        s.kind = c->kind();
        s.name = c->name();
        s.labels = c->labels();
        for (int f = 0; f < kFieldCount; ++f)
            s.fields[std::size_t(f)] = c->total(Field(f));
        s.histogram = c->histogram();
        (c->kind() == Kind::Listener    ? out.listeners
             : c->kind() == Kind::Route ? out.routes
                                        : out.backends)
            .push_back(std::move(s));
    }
    return out;
}

}  // namespace gs::runtime::stats

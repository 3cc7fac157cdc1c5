#include "stats/stats.h"

#include <algorithm>

namespace gs::runtime::stats {

Counters::Counters(Kind kind, std::string name, std::map<std::string, std::string> labels, int shards)
    : kind_(kind), name_(std::move(name)), labels_(std::move(labels)), shards_(new Shard[std::size_t(shards)]),
      shardCount_(shards)
{
}

void Counters::response(int shard, int status)
{
    const int cls = std::clamp(status / 100, 1, 5);
    add(shard, Field(Responses1xx + cls - 1));
}

void Counters::latency(int shard, std::uint64_t micros)
{
    const auto it = std::lower_bound(kLatencyBoundsUs.begin(), kLatencyBoundsUs.end(), micros);
    shards_[std::size_t(shard)].buckets[std::size_t(it - kLatencyBoundsUs.begin())].fetch_add(1, std::memory_order_relaxed);
}

std::uint64_t Counters::total(Field field) const
{
    std::uint64_t sum = 0;
    for (int i = 0; i < shardCount_; ++i)
        sum += shards_[std::size_t(i)].fields[field].load(std::memory_order_relaxed);
    return sum;
}

std::array<std::uint64_t, kBuckets> Counters::histogram() const
{
    std::array<std::uint64_t, kBuckets> out{};
    for (int i = 0; i < shardCount_; ++i)
        for (std::size_t b = 0; b < kBuckets; ++b)
            out[b] += shards_[std::size_t(i)].buckets[b].load(std::memory_order_relaxed);
    return out;
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
    std::lock_guard lock(mutex_);
    auto& slot = counters_[name];
    if (!slot)
        slot = std::make_unique<Counters>(kind, name, labels, shards_);
    return slot.get();
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
        (c->kind() == Kind::Listener ? out.listeners : c->kind() == Kind::Route ? out.routes : out.backends).push_back(std::move(s));
    }
    return out;
}

}  // namespace gs::runtime::stats

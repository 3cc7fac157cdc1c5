#pragma once
// Weighted backend choice that is exact over short runs: the weights are reduced (by their
// greatest common divisor, and scaled to at most kMaxSlots slots) and laid out once with smooth
// weighted round-robin (nginx's algorithm), so an 80/20 split gives 8/2 in any ten consecutive
// requests. A shared atomic cursor walks the sequence, so the split is exact across workers too.

#include <atomic>
#include <cstdint>
#include <vector>

namespace gs::runtime::proxy {

class WeightedSchedule {
public:
    static constexpr std::uint64_t kMaxSlots = 1000;

    WeightedSchedule() = default;
    explicit WeightedSchedule(const std::vector<std::uint32_t>& weights);
    WeightedSchedule(const WeightedSchedule&) = delete;
    WeightedSchedule& operator=(const WeightedSchedule&) = delete;

    // The index of the next backend, or -1 when no weight is positive. Thread-safe.
    int next() const;
    const std::vector<std::uint16_t>& sequence() const { return sequence_; }

private:
    std::vector<std::uint16_t> sequence_;
    mutable std::atomic<std::uint64_t> cursor_{0};
};

}  // namespace gs::runtime::proxy

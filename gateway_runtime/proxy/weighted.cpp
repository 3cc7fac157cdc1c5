#include "proxy/weighted.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace gs::runtime::proxy {

WeightedSchedule::WeightedSchedule(const std::vector<std::uint32_t>& weights)
{
    std::vector<std::uint64_t> w(weights.begin(), weights.end());
    std::uint64_t divisor = 0;
    for (std::uint64_t x : w)
        divisor = std::gcd(divisor, x);
    if (divisor == 0)
        return;
    std::uint64_t total = 0;
    for (std::uint64_t& x : w)
        total += (x /= divisor);
    if (total > kMaxSlots) {
        const double scale = double(kMaxSlots) / double(total);
        total = 0;
        for (std::uint64_t& x : w)
            total += (x = x == 0 ? 0 : std::max<std::uint64_t>(1, std::uint64_t(std::llround(double(x) * scale))));
    }
    std::vector<std::int64_t> current(w.size(), 0);
    sequence_.reserve(total);
    for (std::uint64_t n = 0; n < total; ++n) {
        std::size_t best = w.size();
        for (std::size_t i = 0; i < w.size(); ++i) {
            if (w[i] == 0)
                continue;  // weight 0: never picked (SPEC-NOTES §4)
            current[i] += std::int64_t(w[i]);
            if (best == w.size() || current[i] > current[best])
                best = i;
        }
        current[best] -= std::int64_t(total);
        sequence_.push_back(std::uint16_t(best));
    }
}

int WeightedSchedule::next() const
{
    if (sequence_.empty())
        return -1;
    return sequence_[cursor_.fetch_add(1, std::memory_order_relaxed) % sequence_.size()];
}

}  // namespace gs::runtime::proxy

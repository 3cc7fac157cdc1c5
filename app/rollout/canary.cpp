#include "canary.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace gs::rollout {

std::vector<std::int64_t> canaryWeights(const std::vector<std::int64_t>& current, int percent)
{
    percent = std::clamp(percent, 0, 100);
    std::vector<std::int64_t> out(current.size(), 0);
    if (current.empty())
        return out;
    out.back() = current.size() == 1 ? 100 : percent;
    const std::size_t stable = current.size() - 1;
    if (stable == 0)
        return out;
    const std::int64_t rest = 100 - out.back();
    std::int64_t sum = 0;
    for (std::size_t i = 0; i < stable; ++i)
        sum += std::max<std::int64_t>(0, current[i]);
    // Largest remainder, so the stable weights add up to exactly `rest`.
    std::vector<std::pair<double, std::size_t>> remainders;
    std::int64_t given = 0;
    for (std::size_t i = 0; i < stable; ++i) {
        const double exact =
            sum > 0 ? double(rest) * double(std::max<std::int64_t>(0, current[i])) / double(sum) : double(rest) / double(stable);
        out[i] = std::int64_t(std::floor(exact));
        given += out[i];
        remainders.push_back({exact - double(out[i]), i});
    }
    std::stable_sort(remainders.begin(), remainders.end(), [](auto a, auto b) { return a.first > b.first; });
    for (std::size_t k = 0; given < rest; ++k, ++given)
        ++out[remainders[k % remainders.size()].second];
    return out;
}

std::vector<double> configuredShares(const std::vector<std::int64_t>& weights)
{
    std::int64_t sum = 0;
    for (std::int64_t w : weights)
        sum += std::max<std::int64_t>(0, w);
    std::vector<double> out;
    for (std::int64_t w : weights)
        out.push_back(sum > 0 ? double(std::max<std::int64_t>(0, w)) / double(sum) : 0.0);
    return out;
}

std::optional<std::string> splitDrift(const std::vector<std::string>& names, const std::vector<double>& configured,
                                      const std::vector<std::uint64_t>& counts, std::uint64_t minimum)
{
    const std::uint64_t total = std::accumulate(counts.begin(), counts.end(), std::uint64_t(0));
    if (total < std::max<std::uint64_t>(1, minimum) || configured.size() != counts.size())
        return std::nullopt;
    const double n = double(total);
    for (std::size_t i = 0; i < counts.size(); ++i) {
        const double p = configured[i], observed = double(counts[i]) / n;
        const double tolerance = std::max(0.02, 4.0 * std::sqrt(p * (1.0 - p) / n) + 1.0 / n);
        if (std::abs(observed - p) <= tolerance)
            continue;
        const auto pct = [](double v) { return std::to_string(int(std::lround(v * 100))) + "%"; };
        return (i < names.size() ? names[i] : "backend " + std::to_string(i)) + " receives " + pct(observed) +
            " of the requests, configured " + pct(p) + " (" + std::to_string(total) +
            " requests in the window): more than sampling explains";
    }
    return std::nullopt;
}

}  // namespace gs::rollout

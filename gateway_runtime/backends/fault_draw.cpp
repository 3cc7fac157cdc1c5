#include "backends/fault_draw.h"

#include <algorithm>
#include <cmath>

namespace gs::runtime::backends {

namespace {

constexpr double kMaxDelayMs = 60'000;
constexpr double kZ99 = 2.3263478740408408;  // the standard normal's 99th percentile

}  // namespace

double drawLatencyMs(const config::LatencyDistribution& latency, std::minstd_rand& random)
{
    using Shape = config::LatencyDistribution::Shape;
    switch (latency.shape) {
    case Shape::None: return 0;
    case Shape::Fixed: return std::clamp(latency.aMs, 0.0, kMaxDelayMs);
    case Shape::Uniform: {
        const double lo = std::min(latency.aMs, latency.bMs), hi = std::max(latency.aMs, latency.bMs);
        return std::clamp(std::uniform_real_distribution<double>(lo, std::nextafter(hi, hi + 1))(random), 0.0, kMaxDelayMs);
    }
    case Shape::LongTail: {
        const double median = std::max(latency.aMs, 0.001);
        const double sigma = std::log(std::max(latency.bMs, median) / median) / kZ99;
        const double z = std::normal_distribution<double>(0, 1)(random);
        return std::clamp(median * std::exp(sigma * z), 0.0, kMaxDelayMs);
    }
    }
    return 0;
}

FaultDraw drawFault(const config::EchoFaults& faults, std::minstd_rand& random)
{
    FaultDraw out;
    if (!faults.any())
        return out;
    const double u = std::uniform_real_distribution<double>(0, 1)(random);
    double edge = faults.resetRate;
    if (u < edge) {
        out.action = FaultDraw::Action::Reset;
        return out;
    }
    edge += faults.stallRate;
    if (u < edge) {
        out.action = FaultDraw::Action::Stall;
        return out;
    }
    edge += faults.errorRate;
    if (u < edge) {
        out.action = FaultDraw::Action::Error;
        out.status = faults.errorStatus;
    }
    out.delayMs = std::int64_t(std::llround(drawLatencyMs(faults.latency, random)));
    return out;
}

}  // namespace gs::runtime::backends

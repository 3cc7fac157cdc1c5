#pragma once
// One request's fate under an echo pod's faults (config::EchoFaults): one uniform draw decides
// reset, stall, error or a normal answer (the shares are cumulative in that order, so 5 % resets
// and 5 % errors are 10 % failures), and the latency distribution gives the wait. Pure, so the
// shares and percentiles can be checked over many draws.

#include <cstdint>
#include <random>

#include "config/runtime_config.h"

namespace gs::runtime::backends {

struct FaultDraw {
    enum class Action { Answer, Error, Reset, Stall };
    Action action = Action::Answer;
    int status = 0;  // Error: the status to answer
    std::int64_t delayMs = 0;  // Answer and Error: the extra wait
};

FaultDraw drawFault(const config::EchoFaults& faults, std::minstd_rand& random);

// A delay drawn from the distribution, in milliseconds (0 for Shape::None). A long tail is
// log-normal with the given median and 99th percentile, capped at 60 s.
double drawLatencyMs(const config::LatencyDistribution& latency, std::minstd_rand& random);

}  // namespace gs::runtime::backends

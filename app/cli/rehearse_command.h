#pragma once
// gateway-studio rehearse: a canary rollout plan run against the embedded gateway, one line per
// step and the verdict (exit 0 promoted, 4 rolled back or stopped, 1 invalid input, 2 usage);
// gateway-studio canary: the same plan as a Flagger Canary for the cluster.

#include <span>

#include "cli/arguments.h"

namespace gs::app {

inline constexpr int kExitRolledBack = 4;

// The options both commands read to build a plan (--rule, --steps, --step-time, ...).
std::span<const OptionSpec> planOptions();

int runRehearse(const ParsedArguments& args);
int runCanary(const ParsedArguments& args);

}  // namespace gs::app

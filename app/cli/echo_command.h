#pragma once
// gateway-studio echo: one built-in echo backend on its own, for local testing and benchmarks.

#include "cli/arguments.h"

namespace gs::app {

int runEcho(const ParsedArguments& args);

}  // namespace gs::app

#pragma once
// gateway-studio serve: the embedded gateway on the files given, reloaded live when they change.

#include "cli/arguments.h"

namespace gs::app {

int runServe(const ParsedArguments& args);

}  // namespace gs::app

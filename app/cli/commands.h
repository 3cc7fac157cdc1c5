#pragma once
// The headless commands. Each returns the process exit code (see output.h).

#include <optional>

#include "cli/arguments.h"
#include "workspace.h"

namespace gs::app {

// gateway-studio validate FILE...: diagnostics on stderr, a summary on stdout.
int runValidate(const ParsedArguments& args);

// gateway-studio export FILE... [-o OUT]: kubectl-ready YAML, written only when the input is valid.
int runExport(const ParsedArguments& args);

// gateway-studio status FILE... [-o yaml|json|describe]: the status a conformant controller would
// write; exit 3 when any condition is in its bad polarity.
int runStatus(const ParsedArguments& args);

// gateway-studio summary FILE...: the objects loaded, with where each comes from, and the diagnostics.
int runSummary(const ParsedArguments& args);

// The workspace beside the first file (`<name>.gwstudio.json`; an empty one when there is none),
// or nullopt and `error` when that file is not a workspace.
std::optional<model::Workspace> workspaceFor(const std::vector<std::string>& files, std::string& error);

}  // namespace gs::app

#pragma once
// Entry point of the command line: `gateway-studio COMMAND [OPTIONS] FILE...`; without a command the
// editor opens (app/gui).

#include <functional>

#include "cli/arguments.h"

namespace gs::app {

// How the commands that meet a cluster (pull, diff, apply, status --live) run. They speak to the
// API server through Qt Network, which the `gateway-studio` executable does not link, so that
// `serve` and the other commands map no Qt at all (Qt Core, ICU, glib, Kerberos: about 5 MB of
// RSS): `gateway-studio` hands them, after parsing their arguments, to the executable
// `gateway-studio-cluster` beside it (main.cpp), which runs them (cluster_main.cpp).
struct ClusterCommands {
    using Run = std::function<int(const ParsedArguments&)>;
    Run pull, diff, apply, liveStatus;
    // The same runner for all four.
    static ClusterCommands all(const Run& run) { return {run, run, run, run}; }
};

// Runs the command named by argv[1] and returns the exit code.
int runCli(int argc, char** argv, const ClusterCommands& cluster);

// True when the arguments open the editor rather than run a command: no arguments, FILE..., or
// the editor's own options (--screenshot, --delay, --theme, --select). Commands, --help and --version are
// the command line's; so is any other option, which runCli reports as unknown.
bool wantsGui(int argc, char** argv);

}  // namespace gs::app

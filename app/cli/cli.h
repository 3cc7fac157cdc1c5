#pragma once
// Entry point of the command line: `gateway-studio COMMAND [OPTIONS] FILE...`; without a command the
// editor opens (app/gui).

namespace gs::app {

// Runs the command named by argv[1] and returns the exit code.
int runCli(int argc, char** argv);

// True when the arguments open the editor rather than run a command: no arguments, FILE..., or
// the editor's own options (--screenshot, --delay, --theme, --select). Commands, --help and --version are
// the command line's; so is any other option, which runCli reports as unknown.
bool wantsGui(int argc, char** argv);

}  // namespace gs::app

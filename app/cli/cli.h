#pragma once
// Entry point of the command line: `gateway-studio COMMAND [OPTIONS] FILE...`.

namespace gs::app {

// Runs the command named by argv[1] and returns the exit code.
int runCli(int argc, char** argv);

}  // namespace gs::app

// gateway-studio-cluster: the command line with the commands that meet a cluster (pull, diff,
// apply, status --live), which speak to the API server through Qt Network. `gateway-studio` runs
// it for those commands (see main.cpp), with the same arguments.
#include "cli/cli.h"
#include "cli/cluster_commands.h"

int main(int argc, char** argv) { return gs::app::runCli(argc, argv, gs::app::clusterCommands()); }

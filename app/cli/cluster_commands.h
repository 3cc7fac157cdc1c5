#pragma once
// The commands that meet a cluster through the user's kubeconfig (app/cluster): pull, diff,
// apply, and status --live. kubectl's habits: --kubeconfig, --context, -n NS, -A.

#include "cli/arguments.h"
#include "cli/cli.h"

namespace gs::app {

// gateway-studio pull [--context C] [-n NS | -A] [-o FILE]: the cluster's Gateway API objects and
// what they refer to, as kubectl-ready YAML.
int runPull(const ParsedArguments& args);

// gateway-studio diff FILE... [--context C]: unified diff live → merged (server-side dry run);
// exit 0 no difference, 1 differences, 2 error (as kubectl diff).
int runDiff(const ParsedArguments& args);

// gateway-studio apply FILE... [--context C] [--dry-run=server] [--force-conflicts]: server-side
// apply as field manager gateway-studio, after a dry run of every object passed.
int runApply(const ParsedArguments& args);

// gateway-studio status --live [-n NS | -A] [-o yaml|json|describe]: the controller's status next
// to the predicted one; exit 3 when they differ.
int runLiveStatus(const ParsedArguments& args);

// The four above, for runCli in the executable that links Qt Network (gateway-studio-cluster).
ClusterCommands clusterCommands();

}  // namespace gs::app

#include "cli/cli.h"

#include <sys/stat.h>

#include <array>
#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/echo_command.h"
#include "cli/serve_command.h"
#include "cli/output.h"
#include "cli/rehearse_command.h"
#include "schema/schema.h"

namespace gs::app {

namespace {

constexpr OptionSpec kHelp{"help", 'h', false, "", "show this help"};
constexpr OptionSpec kQuiet{"quiet", 'q', false, "", "print diagnostics only, no summary line"};
constexpr OptionSpec kOutput{"output", 'o', true, "OUT", "write to OUT instead of standard output"};

constexpr OptionSpec kValidate{"validate", 0, true, "MODE",
                               "unknown fields: strict (an error, the default, as kubectl and the API server), warn, or ignore"};
constexpr std::array<OptionSpec, 3> kValidateOptions{kHelp, kQuiet, kValidate};
constexpr std::array<OptionSpec, 3> kExportOptions{kHelp, kOutput, kValidate};
constexpr std::array<OptionSpec, 1> kSummaryOptions{kHelp};
constexpr std::array<OptionSpec, 9> kServeOptions{
    kHelp,
    OptionSpec{"address", 0, true, "A", "serve every Gateway on address A (default: each its own 127.x.y.z)"},
    OptionSpec{"port-offset", 0, true, "N", "serve each listener port P at P+N (default: ports under 1024 at P+8000)"},
    OptionSpec{"admin", 0, true, "HOST:PORT", "the admin endpoint (default 127.0.0.1:9901; port 0 picks one)"},
    OptionSpec{"bind", 0, true, "NS/SVC:PORT=HOST:PORT", "send a Service port's traffic to a local process (repeatable)"},
    OptionSpec{"workers", 0, true, "N", "worker threads (default: the number of cores, at most 8)"},
    OptionSpec{"dev-certs", 0, false, "",
               "make local dev certificates for listeners whose Secret is missing (kept beside the files)"},
    OptionSpec{"max-body-bytes", 0, true, "N", "answer 413 to request bodies larger than N bytes (default: no limit)"},
    OptionSpec{"controller-name", 0, true, "NAME", "act only for GatewayClasses with this controllerName"}};
constexpr std::array<OptionSpec, 5> kEchoOptions{
    kHelp, OptionSpec{"listen", 0, true, "HOST:PORT", "where to listen (default 127.0.0.1:0, a free port)"},
    OptionSpec{"pod", 0, true, "NAME", "the pod name it reports"},
    OptionSpec{"namespace", 0, true, "NS", "the namespace it reports"},
    OptionSpec{"service", 0, true, "NAME", "the service it reports"}};
// The cluster commands' options, as kubectl spells them.
constexpr OptionSpec kKubeconfig{"kubeconfig", 0, true, "FILE",
                                 "the kubeconfig to use (default: $KUBECONFIG, else ~/.kube/config)"};
constexpr OptionSpec kContext{"context", 0, true, "NAME", "the kubeconfig context (default: its current-context)"};
constexpr OptionSpec kNamespace{"namespace", 'n', true, "NS", "only this namespace (repeatable; default: the context's)"};
constexpr OptionSpec kAllNamespaces{"all-namespaces", 'A', false, "", "every namespace"};
constexpr OptionSpec kRequestTimeout{"request-timeout", 0, true, "SECONDS",
                                     "give up on a call after this long without an answer (default 15)"};
constexpr std::array<OptionSpec, 10> kStatusOptions{
    kHelp,
    kValidate,
    OptionSpec{"output", 'o', true, "FORMAT", "yaml (default; describe with --live), json, or describe"},
    OptionSpec{"controller-name", 0, true, "NAME", "act only for GatewayClasses with this controllerName"},
    OptionSpec{"live", 0, false, "", "the cluster's: its controller's status beside the predicted one (no FILE)"},
    kKubeconfig,
    kContext,
    kNamespace,
    kAllNamespaces,
    kRequestTimeout};
constexpr std::array<OptionSpec, 7> kPullOptions{
    kHelp,
    kKubeconfig,
    kContext,
    kNamespace,
    kAllNamespaces,
    kRequestTimeout,
    OptionSpec{"output", 'o', true, "FILE", "write to FILE instead of standard output"}};
constexpr std::array<OptionSpec, 4> kDiffOptions{kHelp, kKubeconfig, kContext, kRequestTimeout};
constexpr std::array<OptionSpec, 6> kApplyOptions{
    kHelp,
    kKubeconfig,
    kContext,
    kRequestTimeout,
    OptionSpec{"dry-run", 0, true, "server", "only ask the API server (dryRun=All); nothing is written"},
    OptionSpec{"force-conflicts", 0, false, "", "take fields that another field manager owns"}};

// The rollout plan's options, then each command's own.
template <std::size_t N> std::vector<OptionSpec> withPlanOptions(const std::array<OptionSpec, N>& own)
{
    std::vector<OptionSpec> out(own.begin(), own.end());
    for (const OptionSpec& o : planOptions())
        out.push_back(o);
    return out;
}
const std::vector<OptionSpec> kRehearseOptions = withPlanOptions(std::array<OptionSpec, 10>{
    kHelp, OptionSpec{"rate", 0, true, "R", "the traffic generator's requests per second (default 100)"},
    OptionSpec{"no-traffic", 0, false, "", "no generator: only external traffic to the listeners counts"},
    OptionSpec{"path", 0, true, "PATH", "the path the generator sends (default: the rule's first match)"},
    OptionSpec{"host", 0, true, "HOST", "the Host the generator sends (default: the route's first hostname)"},
    OptionSpec{"fault", 0, true, "NS/SVC=FAULTS",
               "make a Service's echo pods misbehave, e.g. shop/web-v2=503:5%,latency:200ms-p99 (repeatable)"},
    OptionSpec{"report", 0, true, "FILE.md", "write a Markdown report, with its chart beside it as FILE.svg"},
    OptionSpec{"output", 'o', true, "OUT", "write the objects with the final weights as kubectl-ready YAML"},
    OptionSpec{"port-offset", 0, true, "N", "serve each listener port P at P+N (default: ports under 1024 at P+8000)"},
    OptionSpec{"address", 0, true, "A", "serve every Gateway on address A (default: each its own 127.x.y.z)"}});
const std::vector<OptionSpec> kCanaryOptions = withPlanOptions(std::array<OptionSpec, 2>{kHelp, kOutput});

struct Command {
    std::string_view name;
    std::string_view synopsis;
    std::string_view summary;  // one line, for the main help
    std::string_view description;
    std::span<const OptionSpec> options;
    int (*run)(const ParsedArguments&);
};

// The cluster commands' runners for this process (runCli sets them before any command runs).
const ClusterCommands* clusterRunners = nullptr;

int runPullCommand(const ParsedArguments& args) { return clusterRunners->pull(args); }
int runDiffCommand(const ParsedArguments& args) { return clusterRunners->diff(args); }
int runApplyCommand(const ParsedArguments& args) { return clusterRunners->apply(args); }
int runStatusCommand(const ParsedArguments& args)
{
    return args.has("live") ? clusterRunners->liveStatus(args) : runStatus(args);
}

const std::array<Command, 11> kCommands{{
    {"validate", "validate FILE...", "Check YAML as a cluster's API server would, with file:line:column diagnostics.",
     "Check Gateway API YAML as a cluster's API server would (schemas, defaults, CEL rules), plus duplicate\n"
     "objects and YAML errors. Diagnostics go to stderr as FILE:LINE:COL: error: KIND NS/NAME: FIELD: message.\n"
     "Exit 0 when valid (warnings allowed), 1 when invalid, 2 when an input cannot be read or on bad usage.",
     kValidateOptions, runValidate},
    {"export", "export FILE... [-o OUT]", "Write clean, kubectl-ready YAML.",
     "Write clean, kubectl-ready YAML: Gateway API kinds at gateway.networking.k8s.io/v1, no status or\n"
     "server-written metadata, values as written. Nothing is written when the input has errors.",
     kExportOptions, runExport},
    {"status", "status FILE... [-o yaml|json|describe] | status --live [-n NS | -A] [--context C]",
     "The status a conformant controller would write, every condition explained; --live: beside a cluster's.",
     "Compute the status a conformant Gateway API controller would write for every object (Accepted,\n"
     "ResolvedRefs, Programmed, with the spec's reasons), each condition explained in plain words.\n"
     "Exit 0 when everything is accepted, resolved and programmed; 3 when any condition is in its bad\n"
     "polarity; 1 when the input is invalid; 2 on bad usage.\n"
     "With --live (no FILE): the objects of a kubeconfig context, the status their controller wrote beside\n"
     "the predicted one, every difference marked; exit 3 when they differ, 2 when the cluster cannot be read.",
     kStatusOptions, runStatusCommand},
    {"serve",
     "serve FILE... [--address A] [--port-offset N] [--admin HOST:PORT] [--bind NS/SVC:PORT=HOST:PORT]... [--dev-certs] "
     "[--max-body-bytes N]",
     "Serve real traffic as the objects say, reloading when the files change.",
     "Serve real traffic exactly as the objects say, with built-in echo backends for the Services in the\n"
     "files. Prints 'listener NS/GATEWAY/LISTENER SCHEME://ADDRESS:PORT' per listener, then 'admin ...' and\n"
     "'ready'. Reloads live when the files change; an invalid change is reported and not applied.\n"
     "SIGINT or SIGTERM drains requests in flight and exits 0.",
     kServeOptions, runServe},
    {"echo", "echo [--listen HOST:PORT]", "Run one built-in echo backend on its own.",
     "Run one built-in echo backend on its own (the conformance echo protocol: the request as JSON,\n"
     "/status/NNN, ?delay=), for local testing and benchmarks. Prints 'echo http://HOST:PORT'.",
     kEchoOptions, runEcho},
    {"pull", "pull [--context C] [-n NS | -A] [-o FILE]",
     "The Gateway API objects of a cluster, with what they refer to, as kubectl-ready YAML.",
     "Read the Gateway API objects of a kubeconfig context (every kind the cluster serves; the context's\n"
     "namespace, -n NS, or -A), with the Services, Namespaces, ReferenceGrants, CA ConfigMaps and Secrets\n"
     "they refer to, and write them as kubectl-ready YAML. Secrets come with tls.crt only: private keys\n"
     "never leave the cluster (serve --dev-certs makes local ones). Exit 2 when the cluster cannot be read.",
     kPullOptions, runPullCommand},
    {"diff", "diff FILE... [--context C]", "What applying the files would change on the cluster, as a unified diff.",
     "Show what applying FILE... would change, object by object: the live object against the API server's\n"
     "own server-side-apply dry run (defaults and webhooks included; status and server fields left out).\n"
     "Exit 0 when nothing would change, 1 when something would, 2 on an error (as kubectl diff).",
     kDiffOptions, runDiffCommand},
    {"apply", "apply FILE... [--context C] [--dry-run=server] [--force-conflicts]",
     "Server-side apply to the cluster, after the API server's dry run of every object.",
     "Server-side apply FILE... as field manager gateway-studio. Every object is first dry-run by the API\n"
     "server (dryRun=All: its validation, CEL rules, admission webhooks, other managers' fields); when any\n"
     "is refused, nothing is applied. Files with validation errors are never sent. Exit 0 applied, 1\n"
     "refused or invalid, 2 when the cluster cannot be reached.",
     kApplyOptions, runApplyCommand},
    {"rehearse",
     "rehearse FILE... --rule NS/ROUTE[/RULE] [--steps 1,5,25,50,100] [--step-time 10s] [--min-requests N] [--max-5xx 1%] "
     "[--max-p99 250ms] [--rate R] [--fault NS/SVC=503:5%,latency:200ms-p99] [--report FILE.md]",
     "Rehearse a canary rollout on the local gateway: each step's weight, checked against the gates.",
     "Serve the files on loopback (echo backends, the faults asked for) and step the rule's canary (its last\n"
     "backendRef) through the plan's weights with generated traffic, checking the canary's 5xx share and p99\n"
     "(from the gateway's own counters, so external traffic counts too) at the end of each step. A step with\n"
     "fewer than --min-requests canary answers passes unjudged, except the last, which must be judged. A failed\n"
     "check keeps the weight; --threshold failed checks roll back (canary 0). One line per step, then the verdict.\n"
     "The plan's defaults come from the workspace beside the first file when it has one for the rule.\n"
     "Exit 0 promoted, 4 rolled back (or stopped by SIGINT), 1 invalid input, 2 bad usage.",
     kRehearseOptions, runRehearse},
    {"canary", "canary FILE... --rule NS/ROUTE[/RULE] [plan options] [-o OUT]",
     "The rollout plan as a Flagger Canary (provider gatewayapi:v1), kubectl-ready.",
     "Write the rollout plan (the same options as rehearse, or the workspace's plan) as a Flagger Canary:\n"
     "stepWeights, interval, threshold, the request-success-rate and request-duration metrics, the route's\n"
     "hostnames and Gateways. What Flagger cannot express is listed as notes on stderr and in the YAML.\n"
     "Exit 0 written, 1 when the rule cannot be exported, 2 bad usage.",
     kCanaryOptions, runCanary},
    {"summary", "summary FILE...", "The objects loaded, where each comes from, and the diagnostics.",
     "List the objects loaded from FILE..., with where each comes from, and the diagnostics.", kSummaryOptions, runSummary},
}};

void printMainHelp(std::ostream& out)
{
    out << "Gateway Studio: edit, check and run Kubernetes Gateway API configuration.\n\n"
           "Usage:\n"
           "  gateway-studio [FILE...] [--screenshot PNG [--delay MS]] [--theme light|dark]\n"
           "      Open the editor on FILE (the bundled demo when none is given); --screenshot saves a\n"
           "      capture of the window and exits. Also --select ID, --run (serve the files on loopback),\n"
           "      --demo (the canary demo with traffic), --demo rehearsal (a canary rollout rehearsed on it,\n"
           "      failing at 25 %), --benchmark-frames N [--benchmark-edges E]\n"
           "      (frame-time percentiles with traffic on every edge in view).\n";
    for (const Command& c : kCommands)
        out << "  gateway-studio " << c.synopsis << "\n      " << c.summary << "\n";
    out << "  gateway-studio --version\n\n"
           "FILE may be '-' for standard input. Files may hold several documents and kind: List.\n"
           "Run 'gateway-studio COMMAND --help' for a command's options.\n";
}

void printCommandHelp(const Command& c, std::ostream& out)
{
    out << "Usage: gateway-studio " << c.synopsis << "\n\n" << c.description << "\n\nOptions:\n";
    for (const OptionSpec& o : c.options) {
        std::string flags = "  ";
        if (o.shortName)
            flags += std::string("-") + o.shortName + ", ";
        flags += "--" + std::string(o.longName);
        if (o.takesValue)
            flags += " " + std::string(o.valueName);
        flags.resize(std::max<std::size_t>(flags.size() + 1, 24), ' ');
        out << flags << o.help << "\n";
    }
}

int usageError(const std::string& message, std::string_view command)
{
    std::cerr << "gateway-studio: " << message << "\n"
              << "Run 'gateway-studio " << (command.empty() ? "" : std::string(command) + " ") << "--help' for usage.\n";
    return kExitUsage;
}

int runCommand(const Command& c, const std::vector<std::string>& args)
{
    std::string error;
    const auto parsed = parseArguments(args, c.options, error);
    if (!parsed)
        return usageError(error, c.name);
    if (parsed->has("help")) {
        printCommandHelp(c, std::cout);
        return kExitOk;
    }
    const bool filesOptional = c.name == "echo" || c.name == "pull" || (c.name == "status" && parsed->has("live"));
    if (parsed->has("live") && !parsed->positional.empty())
        return usageError("status --live reads the cluster; it takes no FILE", c.name);
    if (parsed->positional.empty() && !filesOptional)
        return usageError("no input files (name one or more YAML files, or - for standard input)", c.name);
    return c.run(*parsed);
}

}  // namespace

int runCli(int argc, char** argv, const ClusterCommands& cluster)
{
    clusterRunners = &cluster;
    std::vector<std::string> args(argv + 1, argv + argc);
    if (!args.empty() && (args[0] == "--help" || args[0] == "-h" || args[0] == "help")) {
        printMainHelp(std::cout);
        return kExitOk;
    }
    if (!args.empty() && args[0] == "--version") {
        std::cout << "gateway-studio " << GWS_VERSION << " (Gateway API " << schema::gatewayApiVersion()
                  << " standard channel)\n";
        return kExitOk;
    }
    if (!args.empty()) {
        for (const Command& c : kCommands)
            if (args[0] == c.name)
                return runCommand(c, std::vector<std::string>(args.begin() + 1, args.end()));
    }
    if (!args.empty() && args[0].size() > 1 && args[0][0] == '-')
        return usageError("unknown option " + args[0], "");
    return usageError(args.empty() ? "no command" : "unknown command " + args[0], "");
}

bool wantsGui(int argc, char** argv)
{
    if (argc < 2)
        return true;
    const std::string first = argv[1];
    if (first == "help" || first == "--help" || first == "-h" || first == "--version")
        return false;
    for (const Command& c : kCommands)
        if (first == c.name)
            return false;
    if (first.size() > 1 && first[0] == '-')
        return first.rfind("--screenshot", 0) == 0 || first.rfind("--delay", 0) == 0 || first.rfind("--theme", 0) == 0 ||
            first.rfind("--select", 0) == 0 || first == "--demo" || first == "--run" || first.rfind("--benchmark-", 0) == 0;
    // FILE...: a file that exists, or a name that is a path or a YAML file's (the editor says
    // when it cannot read it). Any other word is a command misspelt: a usage error, not the editor.
    struct stat st;
    const bool looksLikeFile =
        first.find('/') != std::string::npos || first.ends_with(".yaml") || first.ends_with(".yml") || first.ends_with(".json");
    return looksLikeFile || ::stat(first.c_str(), &st) == 0;
}

}  // namespace gs::app

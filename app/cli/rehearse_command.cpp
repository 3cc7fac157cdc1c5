#include "cli/rehearse_command.h"

#include <csignal>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <thread>

#include "cli/commands.h"
#include "cli/dev_certificates.h"
#include "cli/output.h"
#include "echo_faults.h"
#include "export/exporter.h"
#include "gateway_duration.h"
#include "net/socket.h"
#include "rollout/flagger_canary.h"
#include "rollout/rehearsal.h"
#include "rollout/report.h"
#include "topology.h"

namespace gs::app {

namespace {

std::atomic<bool> stopRequested{false};

void onStopSignal(int) { stopRequested.store(true); }

bool usage(const std::string& message)
{
    std::cerr << "gateway-studio: " << message << "\n";
    return false;
}

bool parseCount(const std::string& text, std::uint64_t& out)
{
    if (text.empty() || text.size() > 12 || text.find_first_not_of("0123456789") != std::string::npos)
        return false;
    out = std::stoull(text);
    return true;
}

// The plan: the workspace's for the rule when it has one, then each option given.
bool planFrom(const ParsedArguments& args, const model::Workspace& workspace, model::RolloutPlan& plan)
{
    std::string error;
    if (!args.has("rule"))
        return usage("--rule NS/ROUTE[/RULE] names the weighted rule to roll out");
    const std::optional<model::RuleRef> ref = model::parseRuleRef(args.value("rule"), error);
    if (!ref)
        return usage("--rule: " + error);
    plan = workspace.rolloutPlanFor(*ref);
    if (args.has("steps")) {
        auto steps = model::parseSteps(args.value("steps"), error);
        if (!steps)
            return usage("--steps: " + error);
        plan.steps = *steps;
    }
    const auto duration = [&](const char* name, std::int64_t& out) {
        if (!args.has(name))
            return true;
        const auto ms = model::parseGatewayDuration(args.value(name));
        if (!ms)
            return usage(std::string("--") + name + " takes a duration such as 10s, 500ms or 1m");
        out = *ms;
        return true;
    };
    const auto percentage = [&](const char* name, double& out) {
        if (!args.has(name))
            return true;
        const auto share = model::parsePercentage(args.value(name));
        if (!share)
            return usage(std::string("--") + name + " takes a percentage such as 1% or 0.5%");
        out = *share;
        return true;
    };
    std::int64_t p99Increase = plan.maxP99IncreaseMs.value_or(-1);
    double errorIncrease = plan.max5xxIncrease.value_or(-1);
    std::uint64_t threshold = std::uint64_t(plan.threshold);
    if (!duration("step-time", plan.stepTimeMs) || !duration("max-p99", plan.maxP99Ms) ||
        !duration("max-p99-increase", p99Increase) || !percentage("max-5xx", plan.max5xxRate) ||
        !percentage("max-5xx-increase", errorIncrease))
        return false;
    if (args.has("min-requests") && !parseCount(args.value("min-requests"), plan.minRequests))
        return usage("--min-requests takes a number of requests");
    if (args.has("threshold") && (!parseCount(args.value("threshold"), threshold) || threshold > 1000))
        return usage("--threshold takes a number of failed checks (1: roll back at the first)");
    plan.threshold = int(threshold);
    if (p99Increase >= 0)
        plan.maxP99IncreaseMs = p99Increase;
    if (errorIncrease >= 0)
        plan.max5xxIncrease = errorIncrease;
    for (const std::string& p : plan.problems())
        error += (error.empty() ? "" : "; ") + p;
    return error.empty() || usage("the rollout plan cannot run: " + error);
}

struct Loaded {
    model::Topology topology;
    model::Workspace workspace;
};

// The files and their workspace; nullopt (after printing why, with the exit code) when not usable.
std::optional<Loaded> load(const ParsedArguments& args, const char* command, int& exit)
{
    Loaded l{model::loadTopology(args.positional), {}};
    printDiagnostics(l.topology.diagnostics);
    if (l.topology.unreadable || l.topology.diagnostics.hasErrors()) {
        std::cerr << command << ": the files have errors; fix them first\n";
        exit = l.topology.unreadable ? kExitUsage : kExitInvalid;
        return std::nullopt;
    }
    std::string error;
    auto workspace = workspaceFor(args.positional, error);
    if (!workspace) {
        std::cerr << "gateway-studio: " << error << "\n";
        exit = kExitUsage;
        return std::nullopt;
    }
    l.workspace = std::move(*workspace);
    return l;
}

bool trafficFrom(const ParsedArguments& args, rollout::TrafficOptions& traffic)
{
    traffic.generate = !args.has("no-traffic");
    if (args.has("rate")) {
        std::uint64_t rate = 0;
        if (!parseCount(args.value("rate"), rate) || rate < 1 || rate > 100000)
            return usage("--rate takes requests per second, 1 to 100000");
        traffic.rate = double(rate);
    }
    traffic.path = args.value("path");
    traffic.host = args.value("host");
    if (!traffic.path.empty() && traffic.path[0] != '/')
        return usage("--path takes a path starting with /");
    return true;
}

// Each --fault replaces the workspace's faults for its Service. A Service that is not in the
// files, or whose port is bound to a local process, has no echo pods to misbehave: refused.
bool faultsFrom(const ParsedArguments& args, const model::ObjectSet& objects, model::Workspace& workspace)
{
    for (const std::string& text : args.all("fault")) {
        std::string error;
        auto fault = model::parseFaultOption(text, error);
        if (!fault)
            return usage("--fault " + text + ": " + error);
        const std::string& key = fault->first;
        const std::size_t slash = key.find('/');
        const model::ObjectId id{"", "Service", key.substr(0, slash), key.substr(slash + 1)};
        if (!objects.find(id))
            return usage("--fault " + text + ": Service " + key + " is not in the files");
        for (const model::EndpointBinding& b : workspace.bindings)
            if (b.ns == id.ns && b.service == id.name)
                return usage("--fault " + text + ": Service " + key + " is bound to " + b.host + ":" +
                             std::to_string(b.targetPort) + ", a real process: only the built-in echo pods take faults");
        workspace.echo[key].faults = fault->second;
    }
    return true;
}

void printCheck(const rollout::Check& c, std::size_t steps)
{
    std::ostringstream line;
    line << "step " << c.step + 1 << "/" << steps << " canary " << c.percent << "%: " << rollout::verdictName(c.verdict);
    const std::string reasons = rollout::reasonsText(c);
    if (!reasons.empty())
        line << " (" << reasons << ")";
    line << " → " << rollout::outcomeName(c.outcome);
    if (c.outcome == rollout::Outcome::Hold)
        line << " (failed checks " << c.failedChecks << ")";
    std::cout << line.str() << "\n" << std::flush;
}

// The Markdown report at `path` and its chart beside it (the same name, .svg).
bool writeReport(const std::string& path, const model::RolloutPlan& plan, const model::Workspace& workspace,
                 const rollout::RehearsalResult& r, std::string& error)
{
    std::filesystem::path chart(path);
    chart.replace_extension(".svg");
    return writeFileAtomically(chart.string(), rollout::reportChartSvg(plan, r), error) &&
        writeFileAtomically(path, rollout::reportMarkdown(plan, workspace, r, chart.filename().string()), error);
}

}  // namespace

std::span<const OptionSpec> planOptions()
{
    static const std::array<OptionSpec, 9> options{
        OptionSpec{"rule", 0, true, "NS/ROUTE[/RULE]",
                   "the weighted HTTPRoute rule (RULE counts from 0; default 0); its last backendRef is the canary"},
        OptionSpec{"steps", 0, true, "1,5,25,50,100", "the canary's percentage at each step"},
        OptionSpec{"step-time", 0, true, "10s", "how long each step lasts before its check"},
        OptionSpec{"min-requests", 0, true, "N",
                   "canary answers a step needs to be judged (default 20; fewer: the step passes unjudged, the last waits)"},
        OptionSpec{"max-5xx", 0, true, "1%", "the canary's highest 5xx share"},
        OptionSpec{"max-p99", 0, true, "500ms", "the canary's highest p99 latency"},
        OptionSpec{"max-5xx-increase", 0, true, "PCT", "the canary's 5xx share may exceed the stable version's by at most PCT"},
        OptionSpec{"max-p99-increase", 0, true, "DURATION",
                   "the canary's p99 may exceed the stable version's by at most DURATION"},
        OptionSpec{"threshold", 0, true, "N", "failed checks that roll back (default 1: at once)"}};
    return options;
}

int runRehearse(const ParsedArguments& args)
{
    int exit = kExitOk;
    auto loaded = load(args, "rehearse", exit);
    if (!loaded)
        return exit;
    if (args.has("report")) {
        const std::string report = args.value("report");
        if (report == "-" || std::filesystem::path(report).extension() == ".svg")
            return usage("--report takes a Markdown file name (FILE.md); its chart is written beside it as FILE.svg"), kExitUsage;
    }
    rollout::RehearsalInput in;
    if (!planFrom(args, loaded->workspace, in.plan) || !trafficFrom(args, in.traffic) ||
        !faultsFrom(args, loaded->topology.objects, loaded->workspace))
        return kExitUsage;
    if (args.has("port-offset")) {
        std::uint64_t offset = 0;
        if (!parseCount(args.value("port-offset"), offset) || offset > 60000)
            return usage("--port-offset takes a number"), kExitUsage;
        in.translate.portOffset = int(offset);
    }
    if (args.has("address"))
        in.translate.address = args.value("address");
    else
        in.translate.singleLoopbackAddress = !runtime::net::loopbackAliasesBindable();
    in.translate.checkCertificate = checkCertificateWithOpenSsl;
    in.translate.checkCaCertificate = checkCaCertificateWithOpenSsl;
    in.gateway.workers = 2;
    in.objects = std::move(loaded->topology.objects);
    in.workspace = loaded->workspace;
    in.stop = &stopRequested;
    const std::size_t steps = in.plan.steps.size();
    in.onNote = [](const std::string& line) { std::cout << line << "\n" << std::flush; };
    in.onCheck = [steps](const rollout::Check& c) { printCheck(c, steps); };
    const model::RolloutPlan plan = in.plan;
    std::signal(SIGINT, onStopSignal);
    std::signal(SIGTERM, onStopSignal);
    std::signal(SIGPIPE, SIG_IGN);
    const rollout::RehearsalResult r = rollout::rehearse(std::move(in));
    if (!r.ran) {
        std::cerr << "rehearse: " << r.error << (r.error.find("which path") != std::string::npos ? " with --path" : "") << "\n";
        return kExitInvalid;
    }
    if (!r.error.empty())
        std::cerr << "rehearse: " << r.error << "\n";
    std::cout << rollout::stateName(r.state) << " after " << std::fixed << std::setprecision(1) << r.seconds << " s: HTTPRoute "
              << plan.routeNamespace << "/" << plan.routeName << " rule " << plan.rule << " weights "
              << rollout::weightsText(r.finalWeights) << " (were " << rollout::weightsText(r.rule.weights) << ")\n";
    std::string error;
    if (args.has("report") && !writeReport(args.value("report"), plan, loaded->workspace, r, error)) {
        std::cerr << "rehearse: --report: " << error << "\n";
        return kExitUsage;
    }
    if (args.has("output") && !writeFileAtomically(args.value("output"), model::exportYaml(r.objects), error)) {
        std::cerr << "rehearse: -o: " << error << "\n";
        return kExitUsage;
    }
    return r.state == rollout::Rollout::State::Promoted ? kExitOk : kExitRolledBack;
}

int runCanary(const ParsedArguments& args)
{
    int exit = kExitOk;
    auto loaded = load(args, "canary", exit);
    if (!loaded)
        return exit;
    model::RolloutPlan plan;
    if (!planFrom(args, loaded->workspace, plan))
        return kExitUsage;
    const rollout::FlaggerExport canary = rollout::flaggerCanary(loaded->topology.objects, plan);
    if (canary.yaml.empty()) {
        std::cerr << "canary: " << canary.error << "\n";
        return kExitInvalid;
    }
    for (const std::string& note : canary.notes)
        std::cerr << "canary: note: " << note << "\n";
    std::string error;
    if (!writeFileAtomically(args.has("output") ? args.value("output") : "-", canary.yaml, error)) {
        std::cerr << "canary: " << error << "\n";
        return kExitUsage;
    }
    return kExitOk;
}

}  // namespace gs::app

#include "cli/cluster_commands.h"

#include <QCoreApplication>
#include <iostream>
#include <memory>

#include "cli/dev_certificates.h"
#include "cli/output.h"
#include "cluster/api_client.h"
#include "cluster/apply.h"
#include "cluster/discovery.h"
#include "cluster/json_yaml.h"
#include "cluster/live_status.h"
#include "cluster/pull.h"
#include "controller/translator.h"
#include "export/exporter.h"
#include "topology.h"
#include "yaml/yaml_writer.h"

namespace gs::app {

namespace {

using nlohmann::json;

// QtNetwork needs an application object; the commands make one for their lifetime.
QCoreApplication& application()
{
    static int argc = 1;
    static char name[] = "gateway-studio";
    static char* argv[] = {name, nullptr};
    static QCoreApplication* app = QCoreApplication::instance() ? nullptr : new QCoreApplication(argc, argv);
    return app ? *app : *QCoreApplication::instance();
}

std::unique_ptr<cluster::ApiClient> connect(const ParsedArguments& args, std::string& error)
{
    application();
    const auto config = cluster::loadKubeconfig(cluster::kubeconfigFiles(args.value("kubeconfig")), error);
    if (!config)
        return nullptr;
    auto access = cluster::resolveContext(*config, args.value("context"), error);
    if (!access)
        return nullptr;
    cluster::ClientOptions options;
    if (args.has("request-timeout")) {
        try {
            options.requestTimeoutMs = std::max(1, std::stoi(args.value("request-timeout"))) * 1000;
        } catch (const std::exception&) {
            error = "--request-timeout takes whole seconds, not " + args.value("request-timeout");
            return nullptr;
        }
    }
    auto client = std::make_unique<cluster::ApiClient>(std::move(*access), options);
    if (!client->prepare(error))
        return nullptr;
    return client;
}

int fail(const std::string& command, const std::string& error)
{
    std::cerr << command << ": " << error << "\n";
    return kExitUsage;
}

std::vector<std::string> chosenNamespaces(const ParsedArguments& args, const cluster::ApiClient& client)
{
    if (args.has("all-namespaces"))
        return {};
    std::vector<std::string> namespaces = args.all("namespace");
    if (namespaces.empty())
        namespaces.push_back(client.access().ns);
    return namespaces;
}

struct Pulled {
    cluster::PullResult result;
    std::string yaml;  // as the API server gave it (status kept), Secrets without keys
};

std::optional<Pulled> pullFrom(cluster::ApiClient& client, const ParsedArguments& args, std::string& error)
{
    const auto discovery = cluster::discoverGatewayApi(client, error);
    if (!discovery)
        return std::nullopt;
    cluster::PullOptions options;
    options.namespaces = chosenNamespaces(args, client);
    auto result = cluster::pull(client, *discovery, options, error);
    if (!result)
        return std::nullopt;
    for (const std::string& warning : result->warnings)
        std::cerr << "warning: " << warning << "\n";
    Pulled pulled{std::move(*result), {}};
    pulled.yaml = cluster::pulledYaml(pulled.result.objects);
    return pulled;
}

std::string sourceName(const cluster::ApiClient& client)
{
    return std::string(cluster::kSourceAnnotationPrefix) + client.access().contextName;
}

// Files as the other commands load them; nullopt after printing the diagnostics when they have
// errors (nothing meets the cluster then).
const model::Topology* loadValidFiles(const ParsedArguments& args, const char* command)
{
    // Never freed, as the other commands' topology (commands.cpp says why).
    static const model::Topology* topology = new model::Topology(model::loadTopology(args.positional));
    printDiagnostics(topology->diagnostics);
    if (topology->unreadable || topology->diagnostics.hasErrors()) {
        std::cerr << command << ": the files have errors; nothing was sent to the cluster\n";
        return nullptr;
    }
    return topology;
}

std::vector<cluster::ApplyItem> applyItems(const model::ObjectSet& objects)
{
    std::vector<cluster::ApplyItem> items;
    for (const model::Object& object : objects.objects())
        items.push_back({object.file, object.mark.line, cluster::toJson(model::exportTree(object))});
    return items;
}

std::optional<std::vector<cluster::ApplyOutcome>> dryRunAll(cluster::ApiClient& client, const model::ObjectSet& objects,
                                                            bool force, std::string& error)
{
    const auto discovery = cluster::discoverGatewayApi(client, error);
    if (!discovery)
        return std::nullopt;
    cluster::ResourceMapper mapper(client, &*discovery);
    return cluster::serverSideApply(client, mapper, applyItems(objects), {true, force}, error);
}

void printRefusal(const cluster::ApplyOutcome& outcome)
{
    std::cerr << outcome.where << ": " << outcome.id << ": " << outcome.refusal << "\n";
    for (const cluster::StatusCause& conflict : outcome.conflicts)
        std::cerr << "  conflict: " << conflict.field << ": " << conflict.message << "\n";
    if (!outcome.conflicts.empty())
        std::cerr << "  (another field manager owns these fields; --force-conflicts takes them)\n";
}

const char* changeWord(cluster::Change change)
{
    switch (change) {
    case cluster::Change::Created: return "created";
    case cluster::Change::Changed: return "configured";
    default: return "unchanged";
    }
}

}  // namespace

static int runPullUnguarded(const ParsedArguments& args)
{
    std::string error;
    auto client = connect(args, error);
    if (!client)
        return fail("pull", error);
    const auto pulled = pullFrom(*client, args, error);
    if (!pulled)
        return fail("pull", error);
    model::ObjectSet objects;
    model::Diagnostics diagnostics;
    model::loadSource({sourceName(*client), pulled->yaml}, objects, diagnostics);
    printDiagnostics(diagnostics);
    const std::string output = args.has("output") ? args.value("output") : std::string("-");
    if (!writeFileAtomically(output, model::exportYaml(objects), error))
        return fail("pull", error);
    std::cerr << "pulled " << countOf(objects.size(), "object", "objects") << " from " << client->target() << "\n";
    return kExitOk;
}

static int runDiffUnguarded(const ParsedArguments& args)
{
    const model::Topology* files = loadValidFiles(args, "diff");
    if (!files)
        return kExitUsage;
    std::string error;
    auto client = connect(args, error);
    if (!client)
        return fail("diff", error);
    const auto outcomes = dryRunAll(*client, files->objects, true, error);
    if (!outcomes)
        return fail("diff", error);
    bool differs = false, refused = false;
    for (const cluster::ApplyOutcome& outcome : *outcomes) {
        if (!outcome.skipped.empty()) {
            std::cerr << outcome.where << ": " << outcome.id << ": " << outcome.skipped << "\n";
            continue;
        }
        if (!outcome.accepted && outcome.diff.empty()) {
            printRefusal(outcome);
            refused = true;
            continue;
        }
        std::cout << outcome.diff;
        differs = differs || outcome.change != cluster::Change::Unchanged;
    }
    if (refused)
        return kExitUsage;
    return differs ? kExitInvalid : kExitOk;
}

static int runApplyUnguarded(const ParsedArguments& args)
{
    const std::string dryRun = args.value("dry-run");
    if (args.has("dry-run") && dryRun != "server" && dryRun != "none")
        return fail("apply",
                    "--dry-run takes server or none, not " + dryRun + " (a client-side dry run would not ask the API server)");
    const model::Topology* files = loadValidFiles(args, "apply");
    if (!files)
        return kExitInvalid;
    std::string error;
    auto client = connect(args, error);
    if (!client)
        return fail("apply", error);
    const bool force = args.has("force-conflicts");
    const auto verdicts = dryRunAll(*client, files->objects, force, error);
    if (!verdicts)
        return fail("apply", error);
    bool refused = false;
    for (const cluster::ApplyOutcome& outcome : *verdicts)
        if (!outcome.accepted && outcome.skipped.empty()) {
            printRefusal(outcome);
            refused = true;
        }
    if (refused) {
        std::cerr << "apply: the API server refused the dry run; nothing was applied to " << client->target() << "\n";
        return kExitInvalid;
    }
    const bool onlyDryRun = dryRun == "server";
    std::vector<cluster::ApplyOutcome> outcomes = *verdicts;
    if (!onlyDryRun) {
        const auto discovery = cluster::discoverGatewayApi(*client, error);
        cluster::ResourceMapper mapper(*client, discovery ? &*discovery : nullptr);
        auto applied = discovery ? cluster::serverSideApply(*client, mapper, applyItems(files->objects), {false, force}, error)
                                 : std::nullopt;
        if (!applied)
            return fail("apply", error);
        outcomes = std::move(*applied);
    }
    int status = kExitOk;
    for (const cluster::ApplyOutcome& outcome : outcomes) {
        if (!outcome.skipped.empty()) {
            std::cerr << outcome.where << ": " << outcome.id << ": " << outcome.skipped << "\n";
            continue;
        }
        if (!outcome.accepted) {
            printRefusal(outcome);
            status = kExitInvalid;
            continue;
        }
        std::cout << outcome.id << " " << changeWord(outcome.change)
                  << (onlyDryRun ? " (server dry run)" : " (server-side apply)") << "\n";
    }
    std::cerr << (onlyDryRun ? "dry run on " : "applied to ") << client->target() << " as field manager "
              << cluster::kFieldManager << "\n";
    return status;
}

static int runLiveStatusUnguarded(const ParsedArguments& args)
{
    const std::string format = args.has("output") ? args.value("output") : std::string("describe");
    if (format != "yaml" && format != "json" && format != "describe")
        return fail("status", "-o takes yaml, json or describe, not " + format);
    std::string error;
    auto client = connect(args, error);
    if (!client)
        return fail("status", error);
    const auto pulled = pullFrom(*client, args, error);
    if (!pulled)
        return fail("status", error);
    model::LoadOptions load;
    load.unknownFields = model::FieldValidation::Warn;  // the cluster's CRDs may know newer fields
    const model::Topology topology = model::loadTopology({model::Source{sourceName(*client), pulled->yaml}}, load);
    model::TranslateOptions options;
    // A pulled Secret has its certificate but not its key: the key's absence is not the cluster's.
    options.checkCertificate = checkCertificateOrPulled;
    options.checkCaCertificate = checkCaCertificateWithOpenSsl;
    if (args.has("controller-name"))
        options.controllerName = args.value("controller-name");
    const model::Translation translation = model::translate(topology.objects, {}, options);
    const auto entries = cluster::compareLiveStatus(topology.objects, translation);
    if (format == "describe")
        std::cout << cluster::describeLiveStatus(entries);
    else if (format == "json")
        std::cout << cluster::liveStatusDocument(entries).dump(2) << "\n";
    else
        std::cout << yaml::writeYaml(cluster::toYamlNode(cluster::liveStatusDocument(entries)));
    for (const cluster::LiveStatus& entry : entries)
        if (!entry.differences.empty())
            return kExitProblems;
    return kExitOk;
}

// The cluster's answers are parsed defensively; an answer of a shape nobody expected still ends in
// a message, never in a crash.
template <typename Run> int guarded(const char* command, const ParsedArguments& args, Run run)
{
    try {
        return run(args);
    } catch (const nlohmann::json::exception& e) {
        return fail(command, std::string("the API server sent data of an unexpected shape: ") + e.what());
    }
}

int runPull(const ParsedArguments& args) { return guarded("pull", args, runPullUnguarded); }
int runDiff(const ParsedArguments& args) { return guarded("diff", args, runDiffUnguarded); }
int runApply(const ParsedArguments& args) { return guarded("apply", args, runApplyUnguarded); }
int runLiveStatus(const ParsedArguments& args) { return guarded("status", args, runLiveStatusUnguarded); }

ClusterCommands clusterCommands() { return {runPull, runDiff, runApply, runLiveStatus}; }

}  // namespace gs::app

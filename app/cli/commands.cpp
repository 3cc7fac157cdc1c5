#include "cli/commands.h"

#include <cstdio>
#include <ctime>
#include <iostream>

#include <fstream>
#include <sstream>

#include "cli/dev_certificates.h"
#include "cli/output.h"
#include "controller/status_output.h"
#include "controller/translator.h"
#include "export/exporter.h"
#include "net/socket.h"
#include "topology.h"
#include "workspace.h"

namespace gs::app {

namespace {

std::string summaryLine(const model::Topology& t)
{
    return countOf(t.objects.size(), "object", "objects") + " in " + countOf(t.files, "file", "files") + ": " +
        countOf(t.diagnostics.errorCount(), "error", "errors") + ", " +
        countOf(t.diagnostics.warningCount(), "warning", "warnings");
}

// The topology of a one-shot command. It lives until the process exits and is never destroyed:
// freeing a large topology's millions of nodes one by one would only delay the exit, and the
// operating system takes the memory back at once. (Held by a global, so it stays reachable.)
model::Topology* commandTopology = nullptr;

// --validate=strict|warn|ignore, as kubectl's (strict by default since kubectl 1.27); false for
// any other value.
bool fieldValidation(const ParsedArguments& args, model::FieldValidation& out)
{
    const std::string v = args.has("validate") ? args.value("validate") : std::string("strict");
    if (v == "strict" || v == "true")
        out = model::FieldValidation::Strict;
    else if (v == "warn")
        out = model::FieldValidation::Warn;
    else if (v == "ignore" || v == "false")
        out = model::FieldValidation::Ignore;
    else
        return false;
    return true;
}

const model::Topology* loadForCommand(const ParsedArguments& args)
{
    model::LoadOptions options;
    if (!fieldValidation(args, options.unknownFields)) {
        std::cerr << "gateway-studio: --validate takes strict, warn or ignore, not " << args.value("validate") << "\n";
        return nullptr;
    }
    commandTopology = new model::Topology(model::loadTopology(args.positional, options));
    return commandTopology;
}

int exitCodeOf(const model::Topology& t)
{
    if (t.unreadable)
        return kExitUsage;
    return t.diagnostics.hasErrors() ? kExitInvalid : kExitOk;
}

// For a command that needs the files valid: loads them and prints their diagnostics. Null when
// they cannot be used, after "WHAT: summary" on stderr, with the exit code in `failed`.
const model::Topology* loadValidForCommand(const ParsedArguments& args, const char* what, int& failed)
{
    const model::Topology* loaded = loadForCommand(args);
    failed = kExitUsage;
    if (!loaded)
        return nullptr;
    printDiagnostics(loaded->diagnostics);
    if (loaded->unreadable || loaded->diagnostics.hasErrors()) {
        std::cerr << what << ": " << summaryLine(*loaded) << "\n";
        failed = exitCodeOf(*loaded);
        return nullptr;
    }
    return loaded;
}

}  // namespace

// The workspace beside the first file (`<name>.gwstudio.json`), when there is one.
std::optional<model::Workspace> workspaceFor(const std::vector<std::string>& files, std::string& error)
{
    if (files.empty() || files[0] == "-")
        return model::Workspace{};
    std::ifstream in(model::Workspace::pathFor(files[0]));
    if (!in)
        return model::Workspace{};
    std::stringstream text;
    text << in.rdbuf();
    auto workspace = model::Workspace::fromJson(text.str(), error);
    if (!workspace)
        error = model::Workspace::pathFor(files[0]) + ": " + error;
    return workspace;
}

int runValidate(const ParsedArguments& args)
{
    const model::Topology* loaded = loadForCommand(args);
    if (!loaded)
        return kExitUsage;
    const model::Topology& t = *loaded;
    printDiagnostics(t.diagnostics);
    if (!args.has("quiet"))
        std::cout << (t.diagnostics.hasErrors() || t.unreadable ? "invalid: " : "valid: ") << summaryLine(t) << "\n";
    return exitCodeOf(t);
}

int runExport(const ParsedArguments& args)
{
    int failed = 0;
    const model::Topology* loaded = loadValidForCommand(args, "export: nothing written", failed);
    if (!loaded)
        return failed;
    const model::Topology& t = *loaded;
    std::string error;
    const std::string output = args.has("output") ? args.value("output") : std::string("-");
    if (!writeFileAtomically(output, model::exportYaml(t.objects), error)) {
        std::cerr << "export: " << error << "\n";
        return kExitUsage;
    }
    return kExitOk;
}

namespace {

// RFC 3339, as Kubernetes writes lastTransitionTime.
std::string currentTimeUtc()
{
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

}  // namespace

int runStatus(const ParsedArguments& args)
{
    const std::string format = args.has("output") ? args.value("output") : std::string("yaml");
    if (format != "yaml" && format != "json" && format != "describe") {
        std::cerr << "gateway-studio: -o takes yaml, json or describe, not " << format << "\n";
        return kExitUsage;
    }
    int failed = 0;
    const model::Topology* loaded = loadValidForCommand(args, "status", failed);
    if (!loaded)
        return failed;
    const model::Topology& t = *loaded;
    std::string error;
    const auto workspace = workspaceFor(args.positional, error);
    if (!workspace) {
        std::cerr << "gateway-studio: " << error << "\n";
        return kExitUsage;
    }
    model::TranslateOptions options;
    // As the local gateway would load them; a Secret pulled without its key by its certificate,
    // since the cluster whose status is predicted has the key.
    options.checkCertificate = checkCertificateOrPulled;
    options.checkCaCertificate = checkCaCertificateWithOpenSsl;
    options.singleLoopbackAddress = !runtime::net::loopbackAliasesBindable();  // as serve would serve them
    options.now = currentTimeUtc();
    if (args.has("controller-name"))
        options.controllerName = args.value("controller-name");
    const model::Translation translation = model::translate(t.objects, *workspace, options);
    if (format == "json")
        std::cout << model::statusJson(t.objects, translation);
    else if (format == "describe")
        std::cout << model::describeStatus(t.objects, translation);
    else
        std::cout << model::statusYaml(t.objects, translation);
    return translation.hasProblems() ? kExitProblems : kExitOk;
}

int runSummary(const ParsedArguments& args)
{
    const model::Topology* loaded = loadForCommand(args);
    if (!loaded)
        return kExitUsage;
    const model::Topology& t = *loaded;
    std::string text;
    for (const model::Object& o : t.objects.objects()) {
        char line[512];
        std::snprintf(line, sizeof line, "  %-18s %-44s %s:%d:%d\n", o.id.kind.c_str(), o.displayName().c_str(), o.file.c_str(),
                      o.mark.line, o.mark.column);
        text += line;
    }
    std::cout << text;
    printDiagnostics(t.diagnostics);
    std::cout << (t.diagnostics.hasErrors() || t.unreadable ? "invalid: " : "valid: ") << summaryLine(t) << "\n";
    return exitCodeOf(t);
}

}  // namespace gs::app

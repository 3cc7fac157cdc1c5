#include "cli/commands.h"

#include <cstdio>
#include <iostream>

#include "cli/output.h"
#include "export/exporter.h"
#include "topology.h"

namespace gs::app {

namespace {

std::string summaryLine(const model::Topology& t)
{
    return countOf(t.objects.size(), "object", "objects") + " in " + countOf(t.files, "file", "files") + ": " +
           countOf(t.diagnostics.errorCount(), "error", "errors") + ", " +
           countOf(t.diagnostics.warningCount(), "warning", "warnings");
}

int exitCodeOf(const model::Topology& t)
{
    if (t.unreadable)
        return kExitUsage;
    return t.diagnostics.hasErrors() ? kExitInvalid : kExitOk;
}

}  // namespace

int runValidate(const ParsedArguments& args)
{
    const model::Topology t = model::loadTopology(args.positional);
    printDiagnostics(t.diagnostics);
    if (!args.has("quiet"))
        std::cout << (t.diagnostics.hasErrors() || t.unreadable ? "invalid: " : "valid: ") << summaryLine(t) << "\n";
    return exitCodeOf(t);
}

int runExport(const ParsedArguments& args)
{
    const model::Topology t = model::loadTopology(args.positional);
    printDiagnostics(t.diagnostics);
    if (t.unreadable || t.diagnostics.hasErrors()) {
        std::cerr << "export: nothing written: " << summaryLine(t) << "\n";
        return exitCodeOf(t);
    }
    std::string error;
    const std::string output = args.has("output") ? args.value("output") : std::string("-");
    if (!writeFileAtomically(output, model::exportYaml(t.objects), error)) {
        std::cerr << "export: " << error << "\n";
        return kExitUsage;
    }
    return kExitOk;
}

int runSummary(const ParsedArguments& args)
{
    const model::Topology t = model::loadTopology(args.positional);
    std::string text;
    for (const model::Object& o : t.objects.objects()) {
        char line[512];
        std::snprintf(line, sizeof line, "  %-18s %-44s %s:%d:%d\n", o.id.kind.c_str(), o.displayName().c_str(),
                      o.file.c_str(), o.mark.line, o.mark.column);
        text += line;
    }
    std::cout << text;
    printDiagnostics(t.diagnostics);
    std::cout << (t.diagnostics.hasErrors() || t.unreadable ? "invalid: " : "valid: ") << summaryLine(t) << "\n";
    return exitCodeOf(t);
}

}  // namespace gs::app

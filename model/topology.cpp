#include "topology.h"

#include "validation/validator.h"

namespace gs::model {

namespace {

void finish(Topology& t, const LoadOptions& options)
{
    validate(t.objects, t.diagnostics, options.unknownFields);
    t.diagnostics.sortByPosition();
}

}  // namespace

Topology loadTopology(const std::vector<std::string>& paths, const LoadOptions& options)
{
    Topology t;
    for (const std::string& path : paths) {
        Source source;
        if (readSource(path, source, t.diagnostics, options) == ReadStatus::Unreadable) {
            t.unreadable = true;
            continue;
        }
        ++t.files;
        loadSource(source, t.objects, t.diagnostics, options);
    }
    finish(t, options);
    return t;
}

Topology loadTopology(const std::vector<Source>& sources, const LoadOptions& options)
{
    Topology t;
    for (const Source& source : sources) {
        ++t.files;
        loadSource(source, t.objects, t.diagnostics, options);
    }
    finish(t, options);
    return t;
}

}  // namespace gs::model

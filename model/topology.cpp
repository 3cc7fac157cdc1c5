#include "topology.h"

#include "validation/validator.h"

namespace gs::model {

namespace {

void finish(Topology& t)
{
    validate(t.objects, t.diagnostics);
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
    finish(t);
    return t;
}

Topology loadTopology(const std::vector<Source>& sources, const LoadOptions& options)
{
    Topology t;
    for (const Source& source : sources) {
        ++t.files;
        loadSource(source, t.objects, t.diagnostics, options);
    }
    finish(t);
    return t;
}

}  // namespace gs::model

#pragma once
// The whole front of the pipeline: files → objects → validation. What the CLI commands and the
// editor start from.

#include <string>
#include <vector>

#include "diagnostics.h"
#include "loader.h"
#include "objects/object.h"

namespace gs::model {

struct Topology {
    ObjectSet objects;
    Diagnostics diagnostics;  // sorted by file (in the order given) and position
    std::size_t files = 0;
    bool unreadable = false;  // some input could not be read at all
};

// Reads, parses and validates `paths` ("-" is standard input) in order; load order is creation
// order for objects without metadata.creationTimestamp.
Topology loadTopology(const std::vector<std::string>& paths, const LoadOptions& options = {});

// The same from sources already in memory (the editor's buffers, tests).
Topology loadTopology(const std::vector<Source>& sources, const LoadOptions& options = {});

}  // namespace gs::model

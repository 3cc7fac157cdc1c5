#pragma once
// Fixes for problems that have an obvious one, offered beside the problem ("Fix") and applied as
// one undo step. Found from the objects themselves (not by reading status messages):
//   - a route's parentRef names a listener (sectionName) its Gateway lacks → use the Gateway's
//     first listener (Accepted False, NoMatchingParent);
//   - a backendRef names a Service not in the files → create that Service with the referenced
//     port (ResolvedRefs False, BackendNotFound);
//   - a backendRef, or a listener's certificateRef, reaches into another namespace without a
//     ReferenceGrant there → create the grant for exactly that reference (RefNotPermitted;
//     Gateway API v1 ReferenceGrant, GEP-709).
// Pure; no Qt.

#include <optional>
#include <string>
#include <vector>

#include "objects/object.h"
#include "yaml/node.h"

namespace gs::gui {

struct Fix {
    std::string objectId;  // the graph node whose problem this fixes
    std::string reason;  // the condition reason it answers
    std::string target;  // what the reference names ("default/api"): tells problems apart
    std::string label;  // "Create Service default/api"
    std::size_t objectIndex = 0;  // the referring object: edited, or the file a new object goes to
    std::string path;  // set this field of the referring object to `value`...
    std::string value;
    // ...or add this object, as YAML, parsed only when the fix is applied: a topology of 2,001
    // objects offers 3,400 "Create Service" fixes on every load, and parsing each up front took
    // about a tenth of opening it.
    std::string createYaml;
    std::optional<yaml::Node> newObject() const;
};

std::vector<Fix> findFixes(const model::ObjectSet& objects);

}  // namespace gs::gui

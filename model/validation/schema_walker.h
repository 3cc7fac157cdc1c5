#pragma once
// Structural defaulting and validation of one object against its generated schema, as the API
// server does for a custom resource: defaults first, then types, required fields, enums,
// patterns, lengths, counts, list semantics, and the CEL rules attached to each node.

#include <cstdint>

#include "validation/field_path.h"
#include "validation/object_reporter.h"
#include "yaml/node.h"

namespace gs::model {

// A copy of `tree` with the schema's defaults filled in where a field is absent or null.
// Filled-in values have no source position.
yaml::Node applyDefaults(const yaml::Node& tree, std::int32_t schemaIndex);

// Validates `tree` (already defaulted) against the schema at `schemaIndex`. `anchor` is where to
// report a missing required field of the top-level value.
void validateTree(const yaml::Node& tree, std::int32_t schemaIndex, FieldPath& path, yaml::Mark anchor, ObjectReporter& report);

}  // namespace gs::model

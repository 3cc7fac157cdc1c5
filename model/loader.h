#pragma once
// Files in, objects out: reads YAML files (or standard input), splits them into Kubernetes
// objects (unwrapping `kind: List`), identifies each object's kind and upgrades older Gateway API
// versions to v1. Everything that cannot become an object is reported, never dropped silently.

#include <cstddef>
#include <string>
#include <vector>

#include "diagnostics.h"
#include "objects/object.h"
#include "yaml/yaml_reader.h"
#include "validation/object_reporter.h"

namespace gs::model {

struct Source {
    std::string name;  // the path as the user gave it ("-" is standard input)
    std::string text;
};

struct LoadOptions {
    std::size_t maxFileBytes = 32u << 20;  // larger inputs are refused before they are read
    yaml::ReadLimits limits;
    FieldValidation unknownFields = FieldValidation::Strict;  // as kubectl --validate
    // Objects that one source stands in for, loaded from that source only: serve --dev-certs
    // replaces a Secret pulled from a cluster without its private key with a local certificate.
    std::vector<ObjectId> replaced;
    std::string replacingSource;
};

enum class ReadStatus { Ok, Unreadable };

// Reads a file ("-" reads standard input). Unreadable means missing, not permitted, a directory,
// or larger than the limit; the reason is added to `diagnostics`.
ReadStatus readSource(const std::string& path, Source& out, Diagnostics& diagnostics, const LoadOptions& options = {});

// Parses a source and appends its objects to `objects`, in document order.
void loadSource(const Source& source, ObjectSet& objects, Diagnostics& diagnostics, const LoadOptions& options = {});

}  // namespace gs::model

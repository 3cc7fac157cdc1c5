#pragma once
// Reads a YAML stream (one or more documents) into Node trees, with bounded time and memory.
//
// The stream is split at document markers (`---` / `...` at column 0) before parsing, so a syntax
// error in one document does not hide the others; every error carries the line and column where
// it was found. Limits guard against hostile input: nesting depth (yaml-cpp's guard), alias
// expansion ("billion laughs"), total size, binary data and invalid UTF-8.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "yaml/node.h"

namespace gs::yaml {

struct ReadLimits {
    // Values a stream may hold, aliases expanded. A 10,000-object topology holds about 500,000.
    std::size_t maxNodes = 4'000'000;
    // Values created by alias expansion may not exceed this plus kAliasRatio × the values written out.
    std::size_t aliasAllowance = 100'000;
    std::size_t aliasRatio = 10;
};

struct ReadError {
    Mark mark;  // {0,0} when the error concerns the whole stream
    std::string message;
};

struct Document {
    Node root;  // a Null node for an empty document
    Mark start;  // where the document's content starts
    bool empty = true;  // the document held only comments, markers or whitespace
};

struct ReadResult {
    std::vector<Document> documents;  // documents that parsed; those that failed are in errors
    std::vector<ReadError> errors;
    std::vector<ReadError> warnings;
};

// Parses `text` (UTF-8, an optional BOM is skipped). Never throws.
ReadResult readYamlStream(std::string_view text, const ReadLimits& limits = {});

// Checks that `text` is YAML-printable UTF-8. Returns false and fills `error` on the first
// offending byte (binary data, control characters, invalid UTF-8, UTF-16/32).
bool checkYamlText(std::string_view text, ReadError& error);

}  // namespace gs::yaml

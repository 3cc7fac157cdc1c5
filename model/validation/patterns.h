#pragma once
// The regular expressions of the schemas (RE2 syntax, as the API server uses), compiled once, and
// plain-words descriptions of the common ones for error messages.

#include <string_view>

namespace gs::model {

// OpenAPI `pattern` semantics: true when the expression matches somewhere in `value` (the CRD
// patterns anchor themselves with ^ and $). Thread-safe.
bool matchesPattern(std::string_view pattern, std::string_view value);

// What the pattern accepts, in words ("a lowercase RFC 1123 hostname"), or "" when unknown.
std::string_view describePattern(std::string_view pattern);

// Number of Unicode code points in UTF-8 text (how OpenAPI counts minLength/maxLength).
std::size_t codePointCount(std::string_view text);

}  // namespace gs::model

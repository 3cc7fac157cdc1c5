#pragma once
// Errors and warnings as data: where (file, line, column), about what (object and field path),
// and what is wrong. Formatted for people as
//   FILE:LINE:COL: error: KIND NAMESPACE/NAME: FIELD.PATH: message
// with the parts that do not apply left out (a YAML syntax error has no object or field).

#include <cstddef>
#include <string>
#include <vector>

#include "yaml/node.h"

namespace gs::model {

enum class Severity { Error, Warning };

struct Diagnostic {
    Severity severity = Severity::Error;
    std::string file;
    yaml::Mark mark;  // {0,0} when the problem has no position (an unreadable file)
    std::string kind;  // the object the problem is about; empty for file-level problems
    std::string objectName;  // "namespace/name", or "name" for cluster-scoped kinds
    std::string field;  // "spec.rules[0].matches[0].path.value"; empty for the whole object
    std::string message;

    std::string format() const;
};

class Diagnostics {
public:
    void add(Diagnostic d);
    void error(std::string file, yaml::Mark mark, std::string message);
    void warning(std::string file, yaml::Mark mark, std::string message);
    void append(const Diagnostics& other);

    const std::vector<Diagnostic>& all() const { return items_; }
    std::size_t errorCount() const { return errors_; }
    std::size_t warningCount() const { return items_.size() - errors_; }
    bool hasErrors() const { return errors_ > 0; }
    bool empty() const { return items_.empty(); }

    // Orders by file (in first-seen order), then line, then column; stable otherwise.
    void sortByPosition();

private:
    std::vector<Diagnostic> items_;
    std::size_t errors_ = 0;
};

}  // namespace gs::model

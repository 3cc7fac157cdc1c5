#pragma once
// Reports problems of one object: fills in the file, the object's kind and name, and falls back
// to the object's own position for values that have none (values a default filled in).

#include <set>
#include <string>

#include "diagnostics.h"
#include "objects/object.h"

namespace gs::model {

class ObjectReporter {
public:
    ObjectReporter(Object& object, Diagnostics& out) : object_(object), out_(out) {}

    void error(std::string field, yaml::Mark mark, std::string message);
    void warning(std::string field, yaml::Mark mark, std::string message);
    bool hasErrorAt(const std::string& field) const { return errorFields_.count(field) > 0; }
    const Object& object() const { return object_; }

private:
    void add(Severity severity, std::string field, yaml::Mark mark, std::string message);

    Object& object_;
    Diagnostics& out_;
    std::set<std::string> errorFields_;
};

}  // namespace gs::model

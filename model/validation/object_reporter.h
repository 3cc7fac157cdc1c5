#pragma once
// Reports problems of one object: fills in the file, the object's kind and name, and falls back
// to the object's own position for values that have none (values a default filled in).

#include <set>
#include <string>

#include "diagnostics.h"
#include "objects/object.h"

namespace gs::model {

// What an unknown field is, as kubectl's --validate says (kubectl 1.27+; the API server's field
// validation): Strict, the default, refuses the object (an error); Warn keeps it with a warning;
// Ignore says nothing.
enum class FieldValidation { Strict, Warn, Ignore };

class ObjectReporter {
public:
    ObjectReporter(Object& object, Diagnostics& out, FieldValidation unknownFields = FieldValidation::Strict)
        : object_(object), out_(out), unknownFields_(unknownFields)
    {
    }

    void error(std::string field, yaml::Mark mark, std::string message);
    void warning(std::string field, yaml::Mark mark, std::string message);
    // An unknown field: an error, a warning or nothing, as the field validation says.
    void unknownField(std::string field, yaml::Mark mark, const std::string& knownFields);
    bool hasErrorAt(const std::string& field) const { return errorFields_.count(field) > 0; }
    const Object& object() const { return object_; }

private:
    void add(Severity severity, std::string field, yaml::Mark mark, std::string message);

    Object& object_;
    Diagnostics& out_;
    FieldValidation unknownFields_;
    std::set<std::string> errorFields_;
};

}  // namespace gs::model

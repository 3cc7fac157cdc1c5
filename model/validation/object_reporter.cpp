#include "validation/object_reporter.h"

namespace gs::model {

void ObjectReporter::error(std::string field, yaml::Mark mark, std::string message)
{
    errorFields_.insert(field);
    object_.hasErrors = true;
    add(Severity::Error, std::move(field), mark, std::move(message));
}

void ObjectReporter::warning(std::string field, yaml::Mark mark, std::string message)
{
    add(Severity::Warning, std::move(field), mark, std::move(message));
}

void ObjectReporter::unknownField(std::string field, yaml::Mark mark, const std::string& knownFields)
{
    const std::string known = knownFields.empty() ? std::string() : "; known fields: " + knownFields;
    // The API server's words (strict decoding error: unknown field "spec.foo").
    if (unknownFields_ == FieldValidation::Strict)
        error(field, mark,
              "unknown field \"" + field + "\" (strict decoding error, as kubectl apply --validate=strict " +
                  "and the API server say; --validate=warn keeps it)" + known);
    else if (unknownFields_ == FieldValidation::Warn)
        warning(std::move(field), mark, "unknown field (kept, but a cluster with the v1.6.1 standard CRDs drops it)" + known);
}

void ObjectReporter::add(Severity severity, std::string field, yaml::Mark mark, std::string message)
{
    out_.add(Diagnostic{severity, object_.file, mark.known() ? mark : object_.mark, object_.id.kind, object_.displayName(),
                        std::move(field), std::move(message)});
}

}  // namespace gs::model

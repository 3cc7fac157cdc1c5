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

void ObjectReporter::add(Severity severity, std::string field, yaml::Mark mark, std::string message)
{
    out_.add(Diagnostic{severity, object_.file, mark.known() ? mark : object_.mark, object_.id.kind,
                        object_.displayName(), std::move(field), std::move(message)});
}

}  // namespace gs::model

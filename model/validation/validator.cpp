#include "validation/validator.h"

#include <thread>
#include <unordered_map>

#include "validation/object_meta.h"
#include "validation/object_reporter.h"
#include "validation/schema_walker.h"

namespace gs::model {

namespace {

void reportDuplicates(ObjectSet& objects, Diagnostics& diagnostics)
{
    std::unordered_map<ObjectId, const Object*, ObjectIdHash> first;
    for (Object& object : objects.objects()) {
        if (object.id.name.empty())
            continue;
        auto [it, inserted] = first.emplace(object.id, &object);
        if (inserted)
            continue;
        // Named by its field, like every other diagnostic: both are the same metadata.name.
        auto nameMark = [](const Object& o) {
            const yaml::Node* meta = o.doc.isMap() ? o.doc.find("metadata") : nullptr;
            const yaml::Node* name = meta && meta->isMap() ? meta->find("name") : nullptr;
            return name ? name->mark() : o.mark;
        };
        const Object& original = *it->second;
        const yaml::Mark was = nameMark(original);
        ObjectReporter report(object, diagnostics);
        report.error("metadata.name", nameMark(object),
                     "duplicate object, first defined at " + original.file + ":" + std::to_string(was.line) + ":" +
                         std::to_string(was.column));
    }
}

// Validates objects [begin, end) into their own Diagnostics.
void validateRange(ObjectSet& objects, std::size_t begin, std::size_t end, Diagnostics& out, FieldValidation unknownFields)
{
    for (std::size_t i = begin; i < end; ++i)
        validateObject(objects.objects()[i], out, unknownFields);
}

}  // namespace

// An object written in an older version is read as the one this model follows: a field that
// version requires may not have been required in the older one (a v1alpha2 TLSRoute without
// hostnames). The diagnostic says so, so that the file's author knows why a file that a cluster of
// the older version took is refused here.
std::string explainUpgrade(const Object& object, const std::string& message)
{
    if (!object.known)
        return message;
    const std::string version(object.known->version);
    const std::string read = object.id.group.empty() ? version : object.id.group + "/" + version;
    if (message != "required field is missing" || object.writtenApiVersion.empty() || object.writtenApiVersion == read)
        return message;
    return message + " (required by " + read + ", which this " + object.writtenApiVersion + " " + object.id.kind +
        " is read as; " + object.writtenApiVersion + " may not have required it)";
}

void validateObject(Object& object, Diagnostics& diagnostics, FieldValidation unknownFields)
{
    Diagnostics found;
    {
        ObjectReporter report(object, found, unknownFields);
        validateObjectMeta(object, report);
        if (object.known) {
            const std::int32_t root = object.known->schema->root;
            object.defaulted = applyDefaults(object.doc, root);
            FieldPath path;
            validateTree(object.defaulted, root, path, object.mark, report);
        }
    }
    for (Diagnostic d : found.all()) {
        d.message = explainUpgrade(object, d.message);
        diagnostics.add(std::move(d));
    }
}

void validate(ObjectSet& objects, Diagnostics& diagnostics, FieldValidation unknownFields)
{
    // Objects are independent until the duplicate check: validate them on two threads when
    // there are enough to be worth it, and merge the reports in object order.
    const std::size_t n = objects.size();
    if (n >= 512) {
        const std::size_t half = n / 2;
        Diagnostics first, second;
        std::thread worker([&] { validateRange(objects, 0, half, first, unknownFields); });
        validateRange(objects, half, n, second, unknownFields);
        worker.join();
        diagnostics.append(first);
        diagnostics.append(second);
    } else {
        validateRange(objects, 0, n, diagnostics, unknownFields);
    }
    reportDuplicates(objects, diagnostics);
}

}  // namespace gs::model

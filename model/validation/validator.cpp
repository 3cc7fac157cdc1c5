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
void validateRange(ObjectSet& objects, std::size_t begin, std::size_t end, Diagnostics& out)
{
    for (std::size_t i = begin; i < end; ++i)
        validateObject(objects.objects()[i], out);
}

}  // namespace

void validateObject(Object& object, Diagnostics& diagnostics)
{
    ObjectReporter report(object, diagnostics);
    validateObjectMeta(object, report);
    if (!object.known)
        return;
    const std::int32_t root = object.known->schema->root;
    object.defaulted = applyDefaults(object.doc, root);
    FieldPath path;
    validateTree(object.defaulted, root, path, object.mark, report);
}

void validate(ObjectSet& objects, Diagnostics& diagnostics)
{
    // Objects are independent until the duplicate check: validate them on two threads when
    // there are enough to be worth it, and merge the reports in object order.
    const std::size_t n = objects.size();
    if (n >= 512) {
        const std::size_t half = n / 2;
        Diagnostics first, second;
        std::thread worker([&] { validateRange(objects, 0, half, first); });
        validateRange(objects, half, n, second);
        worker.join();
        diagnostics.append(first);
        diagnostics.append(second);
    } else {
        validateRange(objects, 0, n, diagnostics);
    }
    reportDuplicates(objects, diagnostics);
}

}  // namespace gs::model

#include "validation/object_meta.h"

#include <array>

#include "validation/patterns.h"
#include "yaml/access.h"

namespace gs::model {

namespace {

constexpr std::string_view kDns1123Label = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
constexpr std::string_view kDns1123Subdomain = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
constexpr std::string_view kDns1035Label = "^[a-z]([-a-z0-9]*[a-z0-9])?$";
constexpr std::string_view kQualifiedNamePart = "^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$";
constexpr std::string_view kLabelValue = "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$";

constexpr std::array<std::string_view, 15> kObjectMetaFields{"name",
                                                             "generateName",
                                                             "namespace",
                                                             "selfLink",
                                                             "uid",
                                                             "resourceVersion",
                                                             "generation",
                                                             "creationTimestamp",
                                                             "deletionTimestamp",
                                                             "deletionGracePeriodSeconds",
                                                             "labels",
                                                             "annotations",
                                                             "ownerReferences",
                                                             "finalizers",
                                                             "managedFields"};

constexpr std::size_t kMaxAnnotationBytes = 256 * 1024;

Problem checkFormat(std::string_view value, std::string_view pattern, std::size_t maxLength, std::string_view what)
{
    if (value.empty())
        return "must not be empty";
    if (value.size() > maxLength)
        return "must be no more than " + std::to_string(maxLength) + " characters";
    if (!matchesPattern(pattern, value))
        return "invalid value \"" + std::string(value) + "\": must be " + std::string(what);
    return std::nullopt;
}

class MetaChecker {
public:
    MetaChecker(const Object& object, ObjectReporter& report) : object_(object), report_(report) { }

    void run()
    {
        const yaml::MapEntry* entry = object_.doc.findEntry("metadata");
        if (!entry || entry->value.isNull()) {
            report_.error("metadata.name", entry ? entry->keyMark : object_.mark, "required field is missing");
            return;
        }
        if (!entry->value.isMap()) {
            report_.error("metadata", entry->value.mark(), "must be a mapping");
            return;
        }
        metaKeyMark_ = entry->keyMark;
        const yaml::Node& meta = entry->value;
        checkName(meta);
        checkNamespace(meta);
        checkStringMap(meta, "labels");
        checkStringMap(meta, "annotations");
        checkUnknownFields(meta);
    }

private:
    const yaml::Node* stringField(const yaml::Node& meta, std::string_view field)
    {
        const yaml::Node* v = yaml::child(meta, field);
        if (v && !v->isString()) {
            report_.error("metadata." + std::string(field), v->mark(), "must be a string");
            return nullptr;
        }
        return v;
    }

    void checkName(const yaml::Node& meta)
    {
        const yaml::MapEntry* e = meta.findEntry("name");
        if (!e || e->value.isNull()) {
            report_.error("metadata.name", e ? e->keyMark : metaKeyMark_,
                          yaml::has(meta, "generateName")
                              ? "required field is missing (generateName works with kubectl create only, "
                                "and a generated name cannot be referenced)"
                              : "required field is missing");
            return;
        }
        const yaml::Node* name = stringField(meta, "name");
        if (!name)
            return;
        if (const Problem problem = checkNameFormat(name->text()))
            report_.error("metadata.name", name->mark(), *problem);
    }

    Problem checkNameFormat(std::string_view name) const
    {
        if (!object_.known)
            return name.empty() ? Problem("must not be empty") : std::nullopt;
        if (object_.known->kind == "Service")
            return checkDns1035Label(name);
        if (object_.known->kind == "Namespace")
            return checkDns1123Label(name);
        return checkDns1123Subdomain(name);
    }

    void checkNamespace(const yaml::Node& meta)
    {
        const yaml::Node* ns = stringField(meta, "namespace");
        if (!ns)
            return;
        if (object_.known && !object_.known->namespaced()) {
            report_.warning("metadata.namespace", ns->mark(), object_.id.kind + " is cluster-scoped; the namespace is ignored");
            return;
        }
        if (const Problem problem = checkDns1123Label(ns->text()))
            report_.error("metadata.namespace", ns->mark(), *problem);
    }

    void checkStringMap(const yaml::Node& meta, std::string_view field)
    {
        const yaml::Node* map = yaml::child(meta, field);
        if (!map)
            return;
        const std::string path = "metadata." + std::string(field);
        if (!map->isMap()) {
            report_.error(path, map->mark(), "must be a mapping of strings to strings");
            return;
        }
        std::size_t bytes = 0;
        for (const yaml::MapEntry& e : map->entries()) {
            const std::string entryPath = path + "[" + e.key + "]";
            if (const Problem problem = checkQualifiedName(e.key))
                report_.error(entryPath, e.keyMark, "invalid key: " + *problem);
            if (!e.value.isString() && !e.value.isNull()) {
                report_.error(entryPath, e.value.mark(), "must be a string (quote it: \"" + std::string(e.value.str()) + "\")");
                continue;
            }
            bytes += e.key.size() + e.value.text().size();
            if (field != "labels")
                continue;
            if (const Problem problem = checkLabelValue(e.value.text()))
                report_.error(entryPath, e.value.mark(), *problem);
        }
        if (field == "annotations" && bytes > kMaxAnnotationBytes)
            report_.error(path, map->mark(), "must have at most 262144 bytes in all, not " + std::to_string(bytes));
    }

    void checkUnknownFields(const yaml::Node& meta)
    {
        for (const yaml::MapEntry& e : meta.entries()) {
            bool known = false;
            for (std::string_view f : kObjectMetaFields)
                known = known || e.key == f;
            if (!known) {
                std::string fields;
                for (std::string_view f : kObjectMetaFields)
                    fields += (fields.empty() ? "" : ", ") + std::string(f);
                report_.unknownField("metadata." + e.key, e.keyMark, fields);
            }
        }
    }

    const Object& object_;
    ObjectReporter& report_;
    yaml::Mark metaKeyMark_;
};

}  // namespace

Problem checkDns1123Label(std::string_view value)
{
    return checkFormat(value, kDns1123Label, 63, "a lowercase RFC 1123 label (a-z, 0-9, '-'; at most 63 characters)");
}

Problem checkDns1123Subdomain(std::string_view value)
{
    return checkFormat(value, kDns1123Subdomain, 253,
                       "a lowercase RFC 1123 subdomain (a-z, 0-9, '-' and '.', starting and ending alphanumeric)");
}

Problem checkDns1035Label(std::string_view value)
{
    return checkFormat(value, kDns1035Label, 63,
                       "a lowercase RFC 1035 label (starts with a letter; a-z, 0-9, '-'; at most 63 characters)");
}

Problem checkQualifiedName(std::string_view value)
{
    std::string_view name = value;
    const std::size_t slash = value.find('/');
    if (slash != std::string_view::npos) {
        if (const Problem prefixProblem = checkDns1123Subdomain(value.substr(0, slash)))
            return "prefix: " + *prefixProblem;
        name = value.substr(slash + 1);
    }
    return checkFormat(name, kQualifiedNamePart, 63,
                       "an optional DNS prefix and '/', then alphanumerics with '-', '_' or '.' inside (at most 63)");
}

Problem checkLabelValue(std::string_view value)
{
    if (value.size() > 63)
        return "must be no more than 63 characters";
    if (!matchesPattern(kLabelValue, value))
        return "invalid value \"" + std::string(value) + "\": must be empty or alphanumerics with '-', '_' or '.' inside";
    return std::nullopt;
}

void validateObjectMeta(const Object& object, ObjectReporter& report) { MetaChecker(object, report).run(); }

}  // namespace gs::model

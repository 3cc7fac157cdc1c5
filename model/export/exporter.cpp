#include "export/exporter.h"

#include <array>
#include <string_view>

#include "yaml/yaml_writer.h"

namespace gs::model {

namespace {

constexpr std::array<std::string_view, 8> kServerMetadata{
    "uid",      "resourceVersion", "generation",        "creationTimestamp",
    "selfLink", "managedFields",   "deletionTimestamp", "deletionGracePeriodSeconds"};

constexpr std::string_view kLastApplied = "kubectl.kubernetes.io/last-applied-configuration";

void cleanMetadata(yaml::Node& metadata)
{
    for (std::string_view field : kServerMetadata)
        metadata.erase(field);
    yaml::Node* annotations = metadata.find("annotations");
    if (annotations && annotations->isMap() && annotations->erase(kLastApplied) && annotations->size() == 0)
        metadata.erase("annotations");
}

}  // namespace

yaml::Node exportTree(const Object& object)
{
    yaml::Node tree = object.doc;
    tree.erase("status");
    if (yaml::Node* metadata = tree.find("metadata"); metadata && metadata->isMap())
        cleanMetadata(*metadata);
    return tree;
}

std::string exportYaml(const ObjectSet& objects)
{
    std::string out;
    out.reserve(objects.size() * 512);
    bool first = true;
    for (const Object& object : objects.objects()) {
        if (!first)
            out += "---\n";
        first = false;
        yaml::writeYaml(exportTree(object), out);
    }
    return out;
}

}  // namespace gs::model

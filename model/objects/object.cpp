#include "objects/object.h"

#include <functional>

namespace gs::model {

std::size_t ObjectIdHash::operator()(const ObjectId& id) const
{
    std::hash<std::string> h;
    std::size_t seed = h(id.kind);
    for (const std::string* part : {&id.group, &id.ns, &id.name})
        seed ^= h(*part) + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2);
    return seed;
}

std::string Object::displayName() const { return id.ns.empty() ? id.name : id.ns + "/" + id.name; }

const yaml::Node& Object::spec() const
{
    static const yaml::Node kNull;
    const yaml::Node& tree = defaulted.isMap() ? defaulted : doc;
    const yaml::Node* s = tree.find("spec");
    return s ? *s : kNull;
}

Object& ObjectSet::add(Object object)
{
    index_.emplace(object.id, objects_.size());
    objects_.push_back(std::move(object));
    return objects_.back();
}

const Object* ObjectSet::find(const ObjectId& id) const
{
    auto it = index_.find(id);
    return it == index_.end() ? nullptr : &objects_[it->second];
}

}  // namespace gs::model

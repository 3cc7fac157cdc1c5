#pragma once
// One Kubernetes object as loaded from a file, and the set of loaded objects.
//
// An object keeps the tree as written (with a Gateway API apiVersion upgraded to v1), so export
// writes back what the user wrote and nothing more; validation adds `defaulted`, the same tree
// with the API server's defaults applied, which is what the controller semantics read.

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

#include "objects/kinds.h"
#include "yaml/node.h"

namespace gs::model {

struct ObjectId {
    std::string group;
    std::string kind;
    std::string ns;  // empty for cluster-scoped kinds
    std::string name;
    friend bool operator==(const ObjectId&, const ObjectId&) = default;
};

struct ObjectIdHash {
    std::size_t operator()(const ObjectId& id) const;
};

struct Object {
    ObjectId id;
    std::string writtenApiVersion;  // as the file had it
    const KindInfo* known = nullptr;  // nullptr: a kind that is kept and written back as is
    yaml::Node doc;  // as written, apiVersion upgraded for known kinds
    yaml::Node defaulted;  // known kinds, after validation: doc + defaults
    std::string file;
    yaml::Mark mark;  // where the object starts
    std::size_t loadOrder = 0;  // creation order when metadata.creationTimestamp is absent
    bool hasErrors = false;

    // "namespace/name", or "name" for cluster-scoped kinds.
    std::string displayName() const;
    // The spec of the defaulted tree (or of doc before validation); a Null node when absent.
    const yaml::Node& spec() const;
};

class ObjectSet {
public:
    Object& add(Object object);
    const std::vector<Object>& objects() const { return objects_; }
    std::vector<Object>& objects() { return objects_; }
    std::size_t size() const { return objects_.size(); }

    // The first object loaded with this id, or nullptr.
    const Object* find(const ObjectId& id) const;

private:
    std::vector<Object> objects_;
    std::unordered_map<ObjectId, std::size_t, ObjectIdHash> index_;
};

}  // namespace gs::model

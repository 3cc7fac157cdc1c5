#pragma once
// Export to clean, kubectl-ready multi-document YAML.
//
// Each object is written as the user wrote it (field order, values, no defaults spelled out),
// with Gateway API kinds at gateway.networking.k8s.io/v1, and without what only a cluster writes:
// status, managedFields, uid, resourceVersion, generation, creationTimestamp, selfLink,
// deletion fields and kubectl's last-applied-configuration annotation. Objects of other kinds are
// kept, with the same server fields removed. Output is deterministic: objects in load order,
// separated by `---`; exporting the output again gives the same bytes.

#include <string>

#include "objects/object.h"
#include "yaml/node.h"

namespace gs::model {

// The tree that export writes for one object.
yaml::Node exportTree(const Object& object);

std::string exportYaml(const ObjectSet& objects);

}  // namespace gs::model

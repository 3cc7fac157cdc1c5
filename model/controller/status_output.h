#pragma once
// Status for people and scripts: each object with the `status` a controller would write, as
// `kubectl get -o yaml` or `-o json` shows it, and a `kubectl describe`-like text with every
// condition's explanation. Status fields appear in kubectl's (alphabetical) order.

#include <string>

#include "controller/translator.h"
#include "yaml/node.h"

namespace gs::model {

// The status subtree of one object.
yaml::Node statusNode(const ObjectStatus& status);

// The object as written (apiVersion upgraded) with its computed status in place of any status it had.
// A Secret's data and stringData values are replaced by "<redacted>".
yaml::Node objectWithStatus(const Object& object, const ObjectStatus* status);

// Every object, with status, as multi-document YAML.
std::string statusYaml(const ObjectSet& objects, const Translation& translation);

// Every object, with status, as a JSON v1 List.
std::string statusJson(const ObjectSet& objects, const Translation& translation);

// The objects that have a status, described with their conditions' explanations.
std::string describeStatus(const ObjectSet& objects, const Translation& translation);

// A JSON value with the YAML types of the tree (integers, booleans, nulls, strings).
std::string toJsonText(const yaml::Node& node, int indent = 2);

}  // namespace gs::model

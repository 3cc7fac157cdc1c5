#pragma once
// ObjectMeta as the API server validates it for every kind: name (with the format the kind
// requires), namespace, labels and annotations.

#include "validation/object_reporter.h"

namespace gs::model {

void validateObjectMeta(const Object& object, ObjectReporter& report);

// Kubernetes name formats (k8s.io/apimachinery/pkg/util/validation). Each returns "" when the
// value is valid, or what is wrong.
std::string checkDns1123Label(std::string_view value);
std::string checkDns1123Subdomain(std::string_view value);
std::string checkDns1035Label(std::string_view value);
std::string checkQualifiedName(std::string_view value);   // label and annotation keys
std::string checkLabelValue(std::string_view value);

}  // namespace gs::model

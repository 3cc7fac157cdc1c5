#pragma once
// ObjectMeta as the API server validates it for every kind: name (with the format the kind
// requires), namespace, labels and annotations.

#include "problem.h"
#include "validation/object_reporter.h"

namespace gs::model {

void validateObjectMeta(const Object& object, ObjectReporter& report);

// Kubernetes name formats (k8s.io/apimachinery/pkg/util/validation): what is wrong with the value.
Problem checkDns1123Label(std::string_view value);
Problem checkDns1123Subdomain(std::string_view value);
Problem checkDns1035Label(std::string_view value);
Problem checkQualifiedName(std::string_view value);  // label and annotation keys
Problem checkLabelValue(std::string_view value);

}  // namespace gs::model

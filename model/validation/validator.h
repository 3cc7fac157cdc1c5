#pragma once
// Validation of a whole set of loaded objects, with the rules a cluster's API server applies
// (ObjectMeta, the CRD schemas, their CEL rules, the core kinds' Go validations) and what a user
// needs beyond them (duplicate objects across the loaded files). Fills each known object's
// `defaulted` tree and `hasErrors`.

#include "diagnostics.h"
#include "objects/object.h"
#include "validation/object_reporter.h"

namespace gs::model {

void validate(ObjectSet& objects, Diagnostics& diagnostics, FieldValidation unknownFields = FieldValidation::Strict);

// Validates one object on its own (no cross-object checks).
void validateObject(Object& object, Diagnostics& diagnostics, FieldValidation unknownFields = FieldValidation::Strict);

}  // namespace gs::model

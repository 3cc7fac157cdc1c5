#pragma once
// JSON values (as the API server sends them) to the model's YAML trees and back. Strings stay
// strings ("80" does not become a number), numbers and booleans stay plain scalars.

#include <nlohmann/json.hpp>

#include "yaml/node.h"

namespace gs::cluster {

yaml::Node toYamlNode(const nlohmann::json& value);
nlohmann::json toJson(const yaml::Node& node);

}  // namespace gs::cluster

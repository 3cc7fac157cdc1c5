#pragma once
// JSON values (as the API server sends them) to the model's YAML trees and back. Strings stay
// strings ("80" does not become a number), numbers and booleans stay plain scalars.

#include <QByteArray>
#include <nlohmann/json.hpp>
#include <string>

#include "yaml/node.h"

namespace gs::cluster {

yaml::Node toYamlNode(const nlohmann::json& value);
nlohmann::json toJson(const yaml::Node& node);

// The API server's answers, read defensively: a body that is not JSON is a discarded (null) value,
// a field that is absent or not a string reads as "".
nlohmann::json parseBody(const QByteArray& body);
std::string str(const nlohmann::json& object, const char* key);
// A path segment or query value, percent-encoded.
std::string percentEncode(const std::string& text);

}  // namespace gs::cluster

#include "cluster/json_yaml.h"

#include "controller/status_output.h"

namespace gs::cluster {



yaml::Node toYamlNode(const nlohmann::json& value)
{
    switch (value.type()) {
    case nlohmann::json::value_t::object: {
        yaml::Node map = yaml::Node::map();
        for (const auto& [key, item] : value.items())
            map.set(key, toYamlNode(item));
        return map;
    }
    case nlohmann::json::value_t::array: {
        yaml::Node seq = yaml::Node::seq();
        for (const auto& item : value)
            seq.append(toYamlNode(item));
        return seq;
    }
    case nlohmann::json::value_t::string:
        return yaml::Node::string(value.get<std::string>());
    case nlohmann::json::value_t::null:
        return yaml::Node::null();
    default:
        return yaml::Node::scalar(value.dump(), true);   // numbers and booleans
    }
}

nlohmann::json toJson(const yaml::Node& node)
{
    const std::string text = model::toJsonText(node, -1);
    return nlohmann::json::parse(text, nullptr, false);
}

}  // namespace gs::cluster

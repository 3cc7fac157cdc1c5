#include "cluster/json_yaml.h"

#include <QUrl>

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
    case nlohmann::json::value_t::string: return yaml::Node::string(value.get<std::string>());
    case nlohmann::json::value_t::null: return yaml::Node::null();
    default: return yaml::Node::scalar(value.dump(), true);  // numbers and booleans
    }
}

nlohmann::json toJson(const yaml::Node& node)
{
    const std::string text = model::toJsonText(node, -1);
    return nlohmann::json::parse(text, nullptr, false);
}

nlohmann::json parseBody(const QByteArray& body)
{
    return nlohmann::json::parse(body.constData(), body.constData() + body.size(), nullptr, false);
}

std::string str(const nlohmann::json& object, const char* key)
{
    return object.is_object() && object.contains(key) && object[key].is_string() ? object[key].get<std::string>() : "";
}

std::string percentEncode(const std::string& text) { return QUrl::toPercentEncoding(QString::fromStdString(text)).toStdString(); }

}  // namespace gs::cluster

#pragma once
// Seeds for the API-server fixture: YAML (as a user writes it) turned into the fixture's JSON List,
// and a kubernetes.io/tls Secret with a real certificate and private key.

#include <QByteArray>
#include <QFile>
#include <nlohmann/json.hpp>
#include <string>

#include "cluster/json_yaml.h"
#include "loader.h"
#include "test_pki.h"

namespace gs::test {

inline nlohmann::json objectsFromYaml(const std::string& yamlText)
{
    model::ObjectSet objects;
    model::Diagnostics diagnostics;
    model::loadSource({"seed.yaml", yamlText}, objects, diagnostics);
    nlohmann::json items = nlohmann::json::array();
    for (const model::Object& object : objects.objects())
        items.push_back(cluster::toJson(object.doc));
    return items;
}

inline nlohmann::json tlsSecret(const std::string& ns, const std::string& name, const runtime::tls::PemPair& pem)
{
    auto b64 = [](const std::string& text) { return QByteArray::fromStdString(text).toBase64().toStdString(); };
    return {{"apiVersion", "v1"},
            {"kind", "Secret"},
            {"metadata", {{"name", name}, {"namespace", ns}}},
            {"type", "kubernetes.io/tls"},
            {"data", {{"tls.crt", b64(pem.certificate)}, {"tls.key", b64(pem.privateKey)}}}};
}

inline std::string readText(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll().toStdString() : std::string();
}

// Writes `items` as a v1 List to `path`, for the fixture's --seed.
inline bool writeSeed(const QString& path, const nlohmann::json& items)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    const nlohmann::json list = {{"apiVersion", "v1"}, {"kind", "List"}, {"items", items}};
    return file.write(QByteArray::fromStdString(list.dump())) > 0;
}

}  // namespace gs::test

// Rules of the core kinds (Service, Secret): the API server's Go validations that matter to
// Gateway API users, under the messages core_kinds.yaml gives them.

#include <set>

#include "validation/patterns.h"
#include "validation/rule_helpers.h"

namespace gs::model {

namespace {

using namespace rules;

// Service ports: names unique, and required when there is more than one port.
void servicePortNames(const RuleContext& ctx)
{
    const auto& ports = childItems(ctx.self, "ports");
    std::set<std::string_view> names;
    ctx.path.pushField("ports");
    for (std::size_t i = 0; i < ports.size(); ++i) {
        const std::string_view name = childText(ports[i], "name");
        if (name.empty() && ports.size() > 1)
            failAtField(ctx, itemPath(ctx, i, "name"), ports[i].mark(), "port " + std::string(childText(ports[i], "port")));
        else if (!name.empty() && !names.insert(name).second)
            failAtField(ctx, itemPath(ctx, i, "name"), markOf(ports[i], "name"), "\"" + std::string(name) + "\" is repeated");
    }
    ctx.path.pop();
}

// Secret data keys: [-._a-zA-Z0-9]+ (IsConfigMapKey).
void secretKeys(const RuleContext& ctx)
{
    for (std::string_view field : {"data", "stringData"}) {
        const Node* map = child(ctx.self, field);
        if (!map)
            continue;
        for (const yaml::MapEntry& e : map->entries())
            if (e.key.size() > 253 || !matchesPattern("^[-._a-zA-Z0-9]+$", e.key))
                failAtField(ctx, std::string(field) + "[" + e.key + "]", e.keyMark);
    }
}

bool isBase64(std::string_view s)
{
    std::size_t n = 0, padding = 0;
    for (char c : s) {
        if (c == '\n' || c == '\r' || c == ' ')
            continue;  // YAML folding and kubectl's line-wrapped output
        const bool alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
        if (c == '=') {
            ++padding;
        } else if (!alphabet || padding > 0) {
            return false;
        }
        ++n;
    }
    return n % 4 == 0 && padding <= 2;
}

void secretBase64(const RuleContext& ctx)
{
    const Node* data = child(ctx.self, "data");
    if (!data)
        return;
    for (const yaml::MapEntry& e : data->entries())
        if (e.value.isScalar() && !isBase64(e.value.text()))
            failAtField(ctx, "data[" + e.key + "]", e.value.mark(), "use stringData for plain text");
}

// type kubernetes.io/tls: tls.crt and tls.key present in data or stringData.
void tlsSecretKeys(const RuleContext& ctx)
{
    if (childText(ctx.self, "type") != "kubernetes.io/tls")
        return;
    for (std::string_view key : {"tls.crt", "tls.key"}) {
        const Node* data = child(ctx.self, "data");
        const Node* stringData = child(ctx.self, "stringData");
        if ((data && data->find(key)) || (stringData && stringData->find(key)))
            continue;
        failAtField(ctx, "data[" + std::string(key) + "]", data ? data->mark() : markOf(ctx.self, "type"));
    }
}

const RuleEntry kRules[] = {
    {"ports must have unique names, and each needs a name when there is more than one port", servicePortNames},
    {"data keys must consist of alphanumeric characters, '-', '_' or '.'", secretKeys},
    {"data values must be base64-encoded", secretBase64},
    {"a kubernetes.io/tls Secret must have the keys tls.crt and tls.key", tlsSecretKeys},
};

}  // namespace

std::span<const RuleEntry> coreRules() { return kRules; }

}  // namespace gs::model

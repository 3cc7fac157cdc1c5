#include "schema/schema.h"

#include "schema/schema_tables.h"

namespace gs::schema {

using namespace tables;

const Schema& node(std::int32_t index) { return kSchemas[index]; }

std::size_t nodeCount() { return kSchemaCount; }

std::span<const Property> properties(const Schema& s) { return {kProperties + s.firstProperty, std::size_t(s.propertyCount)}; }

std::span<const char* const> required(const Schema& s) { return {kStrings + s.firstRequired, std::size_t(s.requiredCount)}; }

std::span<const char* const> enumValues(const Schema& s) { return {kStrings + s.firstEnum, std::size_t(s.enumCount)}; }

std::span<const char* const> listMapKeys(const Schema& s) { return {kStrings + s.firstListKey, std::size_t(s.listKeyCount)}; }

std::span<const char* const> ruleMessages(const Schema& s) { return {kStrings + s.firstRule, std::size_t(s.ruleCount)}; }

std::optional<std::int32_t> property(const Schema& s, std::string_view name)
{
    for (const Property& p : properties(s))
        if (name == p.name)
            return p.schema;
    return std::nullopt;
}

bool isRequired(const Schema& s, std::string_view name)
{
    for (const char* r : required(s))
        if (name == r)
            return true;
    return false;
}

std::span<const KindSchema> kinds() { return {kKinds, kKindCount}; }

const KindSchema* findKind(std::string_view group, std::string_view kind)
{
    for (const KindSchema& k : kinds())
        if (group == k.group && kind == k.kind)
            return &k;
    return nullptr;
}

std::span<const char* const> allRuleMessages() { return {kRuleMessages, kRuleMessageCount}; }

std::string_view gatewayApiVersion() { return kGatewayApiVersion; }

}  // namespace gs::schema

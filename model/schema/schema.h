#pragma once
// The structural schemas of every kind the model knows, as tables in the project's own code.
//
// The tables in generated/schema_tables.cpp are written by schema_gen (model/schema/tools/) from
// the v1.6.1 standard-channel CRDs (the `v1` version of each, with the experimental-only fields
// the local gateway implements, flagged kExperimental) and from core_kinds.yaml (Service,
// Secret, Namespace). They carry every field with its type, required fields, enums, patterns,
// lengths, item counts, defaults, list semantics and the messages of the CEL rules
// (x-kubernetes-validations); the CEL rules themselves are implemented by hand in
// model/validation/rules_*.cpp, keyed by message, and a test checks that none is missing.
//
// All data is static and immutable; safe to read from any thread.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace gs::schema {

enum class Type : std::uint8_t {
    Any,  // no type given (the value is kept as written)
    Object,
    Array,
    String,
    Integer,
    Number,
    Boolean,
    IntOrString,  // x-kubernetes-int-or-string (core kinds only)
};

enum Flag : std::uint16_t {
    kListSet = 1 << 0,  // x-kubernetes-list-type: set (items unique)
    kListMap = 1 << 1,  // x-kubernetes-list-type: map (items unique by listMapKeys)
    kMapAtomic = 1 << 2,  // x-kubernetes-map-type: atomic
    kPreserveUnknown = 1 << 3,  // x-kubernetes-preserve-unknown-fields
    kNullable = 1 << 4,
    kIpAddressOneOf = 1 << 5,  // Gateway spec.addresses[]: an IPAddress value must be an IPv4/IPv6 address
    kExperimental = 1 << 6,  // an experimental-channel field (HTTPRoute rules[].retry)
};

constexpr std::int64_t kUnset = INT64_MIN;

struct Property {
    const char* name;
    std::int32_t schema;
};

struct Schema {
    Type type;
    std::uint16_t flags;
    const char* format;  // "" when unset
    const char* pattern;  // nullptr when unset (RE2 syntax, as in the CRD)
    std::int64_t minLength, maxLength, minItems, maxItems, maxProperties, minimum, maximum;  // kUnset when unset
    std::int32_t firstProperty, propertyCount;
    std::int32_t firstRequired, requiredCount;
    std::int32_t firstEnum, enumCount;
    std::int32_t firstListKey, listKeyCount;
    std::int32_t firstRule, ruleCount;
    std::int32_t items;  // -1 when not an array
    std::int32_t additionalProperties;  // -1 when the object has fixed properties only
    const char* defaultJson;  // nullptr when there is no default
    const char* description;  // first paragraph of the CRD description
};

struct KindSchema {
    const char* group;
    const char* kind;
    bool namespaced;
    std::int32_t root;  // the object's schema (apiVersion, kind, metadata, spec)
};

// Table access. Indices come from the tables themselves and are always in range.
const Schema& node(std::int32_t index);
std::size_t nodeCount();
std::span<const Property> properties(const Schema& s);
std::span<const char* const> required(const Schema& s);
std::span<const char* const> enumValues(const Schema& s);
std::span<const char* const> listMapKeys(const Schema& s);
std::span<const char* const> ruleMessages(const Schema& s);  // CEL rule messages at this node
std::optional<std::int32_t> property(const Schema& s, std::string_view name);
bool isRequired(const Schema& s, std::string_view name);

std::span<const KindSchema> kinds();
const KindSchema* findKind(std::string_view group, std::string_view kind);

// Every CEL rule message in the tables, once each (for the completeness test).
std::span<const char* const> allRuleMessages();

// The version of the Gateway API the tables were generated from ("v1.6.1").
std::string_view gatewayApiVersion();

}  // namespace gs::schema

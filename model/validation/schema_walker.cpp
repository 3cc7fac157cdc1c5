#include "validation/schema_walker.h"

#include <arpa/inet.h>

#include <map>
#include <mutex>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "schema/schema.h"
#include "validation/patterns.h"
#include "validation/rules.h"
#include "yaml/access.h"
#include "yaml/yaml_writer.h"

namespace gs::model {

namespace {

using schema::Schema;
using schema::Type;
using yaml::Mark;
using yaml::Node;
using yaml::ScalarType;

Node fromJson(const nlohmann::json& j)
{
    switch (j.type()) {
    case nlohmann::json::value_t::object: {
        Node n = Node::map();
        for (const auto& [key, value] : j.items())
            n.set(key, fromJson(value));
        return n;
    }
    case nlohmann::json::value_t::array: {
        Node n = Node::seq();
        for (const auto& value : j)
            n.append(fromJson(value));
        return n;
    }
    case nlohmann::json::value_t::string: return Node::string(j.get<std::string>());
    case nlohmann::json::value_t::boolean: return Node::scalar(j.get<bool>() ? "true" : "false", true);
    case nlohmann::json::value_t::null: return Node::null();
    default: return Node::scalar(j.dump(), true);
    }
}

// The default of each schema node, parsed once.
const Node* defaultValue(std::int32_t index)
{
    static const std::vector<std::optional<Node>> defaults = [] {
        std::vector<std::optional<Node>> out(schema::nodeCount());
        for (std::size_t i = 0; i < out.size(); ++i)
            if (const char* json = schema::node(std::int32_t(i)).defaultJson)
                out[i] = fromJson(nlohmann::json::parse(json));
        return out;
    }();
    const std::optional<Node>& d = defaults[std::size_t(index)];
    return d ? &*d : nullptr;
}

std::int32_t schemaForKey(const Schema& s, std::string_view key)
{
    if (auto p = schema::property(s, key))
        return *p;
    return s.additionalProperties;
}

std::string describeValue(const Node& n)
{
    switch (n.type()) {
    case yaml::NodeType::Map: return "a mapping";
    case yaml::NodeType::Seq: return "a list";
    case yaml::NodeType::Null: return "null";
    case yaml::NodeType::Scalar: break;
    }
    switch (n.scalarType()) {
    case ScalarType::Bool: return "the boolean " + n.text();
    case ScalarType::Int: return "the integer " + n.text();
    case ScalarType::Float: return "the number " + n.text();
    case ScalarType::Null: return "null";
    case ScalarType::String: return "the string " + yaml::quoteIfNeeded(n.text());
    }
    return "a value";
}

std::string inQuotes(std::string_view s) { return "\"" + std::string(s) + "\""; }

class Walker {
public:
    explicit Walker(ObjectReporter& report) : report_(report) { }

    void visit(const Node& value, std::int32_t index, FieldPath& path, Mark anchor)
    {
        if (value.isNull())
            return;  // absent, as the API server prunes nulls; `required` is checked by the parent
        const Schema& s = schema::node(index);
        const Mark at = value.mark().known() ? value.mark() : anchor;
        if (s.flags & schema::kExperimental)  // said at its key
            report_.warning(path.toString(), anchor.known() ? anchor : at,
                            "an experimental-channel field: the cluster needs Gateway API's experimental CRDs (with the "
                            "standard ones, kubectl apply refuses it as an unknown field)");
        if (!checkType(value, s, path, at))
            return;
        switch (s.type) {
        case Type::Object: visitObject(value, s, path, at, anchor); break;
        case Type::Array: visitArray(value, s, path, at, anchor); return;  // runs its rules itself
        case Type::String: checkString(value.text(), s, path, at); break;
        case Type::Integer:
        case Type::Number: checkNumber(value, s, path, at); break;
        default: break;
        }
        runRules(value, s, path, at, anchor);
    }

private:
    bool checkType(const Node& value, const Schema& s, FieldPath& path, Mark at)
    {
        const char* expected = nullptr;
        switch (s.type) {
        case Type::Object: expected = value.isMap() ? nullptr : "a mapping"; break;
        case Type::Array: expected = value.isSeq() ? nullptr : "a list"; break;
        case Type::String:
            if (!value.isScalar() || value.scalarType() != ScalarType::String)
                expected = "a string";
            break;
        case Type::Integer:
            if (!value.isScalar() || value.scalarType() != ScalarType::Int)
                expected = "an integer";
            break;
        case Type::Number:
            if (!value.isScalar() || (value.scalarType() != ScalarType::Int && value.scalarType() != ScalarType::Float))
                expected = "a number";
            break;
        case Type::Boolean:
            if (!value.isScalar() || value.scalarType() != ScalarType::Bool)
                expected = "a boolean (true or false)";
            break;
        case Type::IntOrString:
            if (!value.isScalar() || (value.scalarType() != ScalarType::Int && value.scalarType() != ScalarType::String))
                expected = "an integer or a string";
            break;
        case Type::Any: break;
        }
        if (!expected) {
            warnYaml11(value, s, path, at);
            return true;
        }
        std::string message = "must be " + std::string(expected) + ", not " + describeValue(value);
        if (s.type == Type::String && value.isScalar())
            message += " (quote it: \"" + value.text() + "\")";
        report_.error(path.toString(), at, std::move(message));
        return false;
    }

    // kubectl's YAML library reads `yes`, `on`, `n` ... as booleans (YAML 1.1), so a plain one in
    // a string field is a string here but a type error on the cluster.
    void warnYaml11(const Node& value, const Schema& s, FieldPath& path, Mark at)
    {
        if (s.type == Type::String && value.plain() && yaml::yaml11ReadsAsNonString(value.text()))
            report_.warning(path.toString(), at,
                            "kubectl reads the unquoted " + value.text() +
                                " as a boolean or number (YAML 1.1), so the cluster would reject it; quote it: \"" +
                                value.text() + "\"");
    }

    // `anchor` is the key the object sits under (or its list item): where a missing field is reported.
    void visitObject(const Node& value, const Schema& s, FieldPath& path, Mark at, Mark anchor)
    {
        for (const yaml::MapEntry& e : value.entries()) {
            if (path.depth() == 0 && e.key == "metadata")
                continue;  // ObjectMeta has rules of its own (object_meta.cpp)
            const std::int32_t child = schemaForKey(s, e.key);
            if (child < 0) {
                if (!(s.flags & schema::kPreserveUnknown))
                    reportUnknownField(e, s, path);
                continue;
            }
            if (schema::property(s, e.key))
                path.pushField(e.key);
            else
                path.pushKey(e.key);
            visit(e.value, child, path, e.keyMark.known() ? e.keyMark : at);
            path.pop();
        }
        for (const char* name : schema::required(s)) {
            const yaml::MapEntry* e = value.findEntry(name);
            if (!e || e->value.isNull())
                report_.error(path.child(name), e && e->keyMark.known() ? e->keyMark : anchor, "required field is missing");
        }
        if (s.flags & schema::kIpAddressOneOf)
            checkIpAddress(value, path);
        if (s.maxProperties != schema::kUnset && std::int64_t(value.size()) > s.maxProperties)
            report_.error(path.toString(), at,
                          "must have at most " + std::to_string(s.maxProperties) + " entries, not " +
                              std::to_string(value.size()));
    }

    // The oneOf of Gateway spec.addresses[]: an address of type IPAddress has an IPv4 or IPv6 value.
    void checkIpAddress(const Node& address, FieldPath& path)
    {
        const Node* value = yaml::child(address, "value");
        if (yaml::childText(address, "type", "IPAddress") != "IPAddress" || !value || !value->isScalar())
            return;
        unsigned char buffer[16];
        const std::string& text = value->text();
        if (inet_pton(AF_INET, text.c_str(), buffer) != 1 && inet_pton(AF_INET6, text.c_str(), buffer) != 1)
            report_.error(path.child("value"), value->mark(),
                          "invalid value " + inQuotes(text) + ": an IPAddress address must be an IPv4 or IPv6 address");
    }

    void reportUnknownField(const yaml::MapEntry& e, const Schema& s, FieldPath& path)
    {
        if (path.depth() == 0 && e.key == "status")
            return;  // written by controllers; never exported
        std::string known;
        for (const schema::Property& p : schema::properties(s))
            known += (known.empty() ? "" : ", ") + std::string(p.name);
        report_.unknownField(path.child(e.key), e.keyMark, known);
    }

    void visitArray(const Node& value, const Schema& s, FieldPath& path, Mark at, Mark anchor)
    {
        const std::int64_t n = std::int64_t(value.size());
        if (s.minItems != schema::kUnset && n < s.minItems)
            report_.error(path.toString(), at,
                          s.minItems == 1
                              ? std::string("must have at least 1 item")
                              : "must have at least " + std::to_string(s.minItems) + " items, not " + std::to_string(n));
        if (s.maxItems != schema::kUnset && n > s.maxItems)
            report_.error(path.toString(), at,
                          "must have at most " + std::to_string(s.maxItems) + " items, not " + std::to_string(n));
        for (std::size_t i = 0; i < value.items().size(); ++i) {
            path.pushIndex(i);
            visit(value.items()[i], s.items, path, value.items()[i].mark().known() ? value.items()[i].mark() : at);
            path.pop();
        }
        runRules(value, s, path, at, anchor);  // before the list-map check: the rules' message is clearer
        checkListUniqueness(value, s, path);
    }

    void runRules(const Node& value, const Schema& s, FieldPath& path, Mark at, Mark anchor)
    {
        for (const char* message : schema::ruleMessages(s)) {
            if (RuleCheck check = findRule(message))
                check(RuleContext{value, path, at, anchor, message, report_});
        }
    }

    void checkListUniqueness(const Node& value, const Schema& s, FieldPath& path)
    {
        if (s.flags & schema::kListSet)
            checkSetUnique(value, path);
        else if (s.flags & schema::kListMap)
            checkMapKeysUnique(value, s, path);
    }

    void checkSetUnique(const Node& value, FieldPath& path)
    {
        const auto& items = value.items();
        for (std::size_t i = 0; i < items.size(); ++i)
            for (std::size_t j = 0; j < i; ++j)
                if (items[i].sameContent(items[j])) {
                    path.pushIndex(i);
                    report_.error(path.toString(), items[i].mark(),
                                  "duplicate value " + describeValue(items[i]) + " (a set: each value once; first at index " +
                                      std::to_string(j) + ")");
                    path.pop();
                    break;
                }
    }

    void checkMapKeysUnique(const Node& value, const Schema& s, FieldPath& path)
    {
        const auto keys = schema::listMapKeys(s);
        std::map<std::string, std::size_t> seen;
        const auto& items = value.items();
        for (std::size_t i = 0; i < items.size(); ++i) {
            std::string key, shown;
            for (const char* k : keys) {
                const Node* v = yaml::child(items[i], k);
                key += (v ? v->text() : std::string("\x01")) + '\x00';
                shown += (shown.empty() ? "" : ", ") + std::string(k) + " " + (v ? inQuotes(v->text()) : "unset");
            }
            auto [it, inserted] = seen.emplace(key, i);
            if (inserted)
                continue;
            path.pushIndex(i);
            const std::string field = path.child(keys.empty() ? "" : keys[0]);
            if (!report_.hasErrorAt(field)) {
                const yaml::MapEntry* entry = keys.empty() ? nullptr : items[i].findEntry(keys[0]);
                report_.error(field, entry ? entry->value.mark() : items[i].mark(),
                              "duplicate entry: " + shown + " is also at index " + std::to_string(it->second));
            }
            path.pop();
        }
    }

    void checkString(const std::string& text, const Schema& s, FieldPath& path, Mark at)
    {
        if (s.enumCount > 0) {
            bool found = false;
            std::string allowed;
            for (const char* v : schema::enumValues(s)) {
                found = found || text == v;
                allowed += (allowed.empty() ? "" : ", ") + std::string(v);
            }
            if (!found) {
                report_.error(path.toString(), at, "unsupported value " + inQuotes(text) + ": must be one of " + allowed);
                return;
            }
        }
        const std::int64_t length = std::int64_t(codePointCount(text));
        const bool tooShort = s.minLength != schema::kUnset && length < s.minLength;
        if (tooShort)
            report_.error(path.toString(), at,
                          s.minLength == 1 ? std::string("must not be empty")
                                           : "must be at least " + std::to_string(s.minLength) + " characters long");
        if (s.maxLength != schema::kUnset && length > s.maxLength) {
            report_.error(path.toString(), at,
                          "must be at most " + std::to_string(s.maxLength) + " characters long, not " + std::to_string(length));
            return;
        }
        if (s.pattern && !text.empty() && !matchesPattern(s.pattern, text)) {
            const std::string_view words = describePattern(s.pattern);
            report_.error(path.toString(), at,
                          "invalid value " + inQuotes(text) + ": must be " +
                              (words.empty() ? "a match of " + std::string(s.pattern) : std::string(words)));
        } else if (s.pattern && text.empty() && !tooShort && !matchesPattern(s.pattern, text)) {
            report_.error(path.toString(), at, "must not be empty");  // (said once when minLength says it too)
        }
    }

    void checkNumber(const Node& value, const Schema& s, FieldPath& path, Mark at)
    {
        std::int64_t v = 0;
        if (!yaml::parseInteger(value.text(), v)) {
            if (s.type == Type::Integer)
                report_.error(path.toString(), at, "integer " + value.text() + " is out of range");
            return;
        }
        if (s.enumCount > 0 && !integerInEnum(v, s)) {
            std::string allowed;
            for (const char* e : schema::enumValues(s))
                allowed += (allowed.empty() ? "" : ", ") + std::string(e);
            report_.error(path.toString(), at, "unsupported value " + value.text() + ": must be one of " + allowed);
            return;
        }
        std::int64_t low = s.minimum, high = s.maximum;
        if (std::string_view(s.format) == "int32") {
            low = low == schema::kUnset ? INT32_MIN : low;
            high = high == schema::kUnset ? INT32_MAX : high;
        }
        const bool tooLow = low != schema::kUnset && v < low;
        const bool tooHigh = high != schema::kUnset && v > high;
        if (!tooLow && !tooHigh)
            return;
        std::string range;
        if (low != schema::kUnset && high != schema::kUnset)
            range = "between " + std::to_string(low) + " and " + std::to_string(high);
        else if (low != schema::kUnset)
            range = "at least " + std::to_string(low);
        else
            range = "at most " + std::to_string(high);
        report_.error(path.toString(), at, "must be " + range + ", not " + value.text());
    }

    static bool integerInEnum(std::int64_t v, const Schema& s)
    {
        for (const char* e : schema::enumValues(s)) {
            std::int64_t allowed = 0;
            if (yaml::parseInteger(e, allowed) && allowed == v)
                return true;
        }
        return false;
    }

    ObjectReporter& report_;
};

}  // namespace

Node applyDefaults(const Node& tree, std::int32_t index)
{
    const Schema& s = schema::node(index);
    if (tree.isSeq() && s.type == Type::Array && s.items >= 0) {
        Node out = Node::seq(tree.mark());
        out.items().reserve(tree.items().size());
        for (const Node& item : tree.items())
            out.items().push_back(applyDefaults(item, s.items));
        return out;
    }
    if (!tree.isMap() || s.type != Type::Object)
        return tree;
    Node out = Node::map(tree.mark());
    out.entries().reserve(tree.entries().size());
    for (const yaml::MapEntry& e : tree.entries()) {
        const std::int32_t child = schemaForKey(s, e.key);
        Node value = child >= 0 ? applyDefaults(e.value, child) : e.value;
        if (value.isNull() && child >= 0)
            if (const Node* d = defaultValue(child))
                value = applyDefaults(*d, child);
        out.entries().push_back(yaml::MapEntry{e.key, e.keyMark, std::move(value)});
    }
    for (const schema::Property& p : schema::properties(s)) {
        if (out.find(p.name))
            continue;
        if (const Node* d = defaultValue(p.schema))
            out.set(p.name, applyDefaults(*d, p.schema));
    }
    return out;
}

void validateTree(const Node& tree, std::int32_t index, FieldPath& path, Mark anchor, ObjectReporter& report)
{
    Walker(report).visit(tree, index, path, anchor);
}

}  // namespace gs::model

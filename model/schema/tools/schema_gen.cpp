// schema_gen: writes model/schema/generated/schema_tables.cpp from the Gateway API CRDs and the
// project's core_kinds.yaml.
//
//   schema_gen CRDS.yaml CORE_KINDS.yaml OUT.cpp [EXPERIMENTAL_CRDS.yaml]
//
// With the experimental-channel CRDs, the experimental-only fields the local gateway implements
// (kExperimentalFields) are grafted into the standard schemas and flagged kExperimental: they are
// validated like any field, and the validator says that a cluster needs the experimental CRDs.
//
// For each CustomResourceDefinition it takes the `v1` version's openAPIV3Schema without `status`
// (the model upgrades every served older version to v1 before validating). Identical subschemas
// are stored once. Constructs the tables cannot express are reported on stderr and make the
// generator fail, so a future CRD with a new construct gets attention instead of being ignored.

#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

namespace {

// Experimental-channel fields that are implemented, by kind: a path of property names from the
// root, "[]" stepping into list items.
const std::map<std::string, std::vector<std::vector<std::string>>> kExperimentalFields{
    {"HTTPRoute", {{"spec", "rules", "[]", "retry"}}},
};
constexpr const char* kExperimentalMarker = "x-gateway-studio-experimental";

struct Tables {
    std::vector<std::string> schemas;  // C++ initializers of Schema
    std::map<std::string, int> byKey;  // dedup: canonical text → index
    std::vector<std::string> properties;  // C++ initializers of Property
    std::vector<std::string> strings;  // one pool for required/enum/listKeys/rules
    std::vector<std::string> kinds;
    std::vector<std::string> ruleMessages;  // unique, in first-seen order
    int failures = 0;
};

std::string cxxString(const std::string& s)
{
    std::string out = "\"";
    for (char c : s) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\t': out += "\\t"; break;
        case '?': out += "\\?"; break;  // no trigraph surprises
        default: out += c;
        }
    }
    return out + "\"";
}

std::string firstParagraph(const std::string& description)
{
    std::string paragraph = description.substr(0, description.find("\n\n"));
    std::string out;
    bool space = false;
    for (char c : paragraph) {
        if (c == '\n' || c == ' ' || c == '\t') {
            space = !out.empty();
            continue;
        }
        if (space)
            out += ' ';
        space = false;
        out += c;
    }
    if (out.size() > 500)
        out = out.substr(0, out.rfind(' ', 497)) + "...";
    return out;
}

nlohmann::json toJson(const YAML::Node& n)
{
    switch (n.Type()) {
    case YAML::NodeType::Map: {
        nlohmann::json j = nlohmann::json::object();
        for (const auto& kv : n)
            j[kv.first.as<std::string>()] = toJson(kv.second);
        return j;
    }
    case YAML::NodeType::Sequence: {
        nlohmann::json j = nlohmann::json::array();
        for (const auto& item : n)
            j.push_back(toJson(item));
        return j;
    }
    case YAML::NodeType::Scalar: {
        const std::string text = n.Scalar();
        if (n.Tag() == "?") {
            if (text == "true" || text == "false")
                return text == "true";
            char* end = nullptr;
            const long long v = std::strtoll(text.c_str(), &end, 10);
            if (!text.empty() && *end == '\0')
                return v;
        }
        return text;
    }
    default: return nullptr;
    }
}

int addStrings(Tables& t, const std::vector<std::string>& values)
{
    const int first = int(t.strings.size());
    for (const std::string& v : values)
        t.strings.push_back(cxxString(v));
    return first;
}

std::string integerOrUnset(const YAML::Node& n) { return n ? std::to_string(n.as<long long>()) : std::string("kUnset"); }

int emitSchema(Tables& t, const YAML::Node& s, const std::string& path, bool isRoot);

std::string typeName(const YAML::Node& s)
{
    if (s["x-kubernetes-int-or-string"] && s["x-kubernetes-int-or-string"].as<bool>())
        return "Type::IntOrString";
    const std::string type = s["type"] ? s["type"].as<std::string>() : "";
    if (type == "object")
        return "Type::Object";
    if (type == "array")
        return "Type::Array";
    if (type == "string")
        return "Type::String";
    if (type == "integer")
        return "Type::Integer";
    if (type == "number")
        return "Type::Number";
    if (type == "boolean")
        return "Type::Boolean";
    return "Type::Any";
}

std::string flagsOf(Tables& t, const YAML::Node& s, const std::string& path)
{
    std::vector<std::string> flags;
    if (const YAML::Node lt = s["x-kubernetes-list-type"]) {
        const std::string v = lt.as<std::string>();
        if (v == "set")
            flags.push_back("kListSet");
        else if (v == "map")
            flags.push_back("kListMap");
    }
    if (s["x-kubernetes-map-type"] && s["x-kubernetes-map-type"].as<std::string>() == "atomic")
        flags.push_back("kMapAtomic");
    if (s["x-kubernetes-preserve-unknown-fields"] && s["x-kubernetes-preserve-unknown-fields"].as<bool>())
        flags.push_back("kPreserveUnknown");
    if (s["nullable"] && s["nullable"].as<bool>())
        flags.push_back("kNullable");
    if (s[kExperimentalMarker])
        flags.push_back("kExperimental");
    if (s["oneOf"]) {
        // The one oneOf of the standard channel: Gateway spec.addresses[] (IPAddress values are IPs).
        const std::string text = YAML::Dump(s["oneOf"]);
        if (text.find("IPAddress") != std::string::npos && text.find("ipv4") != std::string::npos) {
            flags.push_back("kIpAddressOneOf");
        } else {
            std::cerr << "schema_gen: unsupported oneOf at " << path << "\n";
            ++t.failures;
        }
    }
    for (const char* construct : {"anyOf", "allOf", "not", "$ref"})
        if (s[construct]) {
            std::cerr << "schema_gen: unsupported " << construct << " at " << path << "\n";
            ++t.failures;
        }
    if (flags.empty())
        return "0";
    std::string out;
    for (const std::string& f : flags)
        out += (out.empty() ? "" : " | ") + f;
    return out;
}

std::vector<std::string> stringList(const YAML::Node& n)
{
    std::vector<std::string> out;
    if (n)
        for (const auto& item : n)
            out.push_back(item.as<std::string>());
    return out;
}

std::vector<std::string> ruleMessages(Tables& t, const YAML::Node& s, const std::string& path)
{
    std::vector<std::string> out;
    if (!s["x-kubernetes-validations"])
        return out;
    for (const auto& rule : s["x-kubernetes-validations"]) {
        if (!rule["message"]) {
            std::cerr << "schema_gen: CEL rule without a message at " << path << "\n";
            ++t.failures;
            continue;
        }
        const std::string message = rule["message"].as<std::string>();
        out.push_back(message);
        bool known = false;
        for (const std::string& m : t.ruleMessages)
            known = known || m == message;
        if (!known)
            t.ruleMessages.push_back(message);
    }
    return out;
}

int emitSchema(Tables& t, const YAML::Node& s, const std::string& path, bool isRoot)
{
    // Children first, so that the canonical key can name them by index.
    std::vector<std::pair<std::string, int>> props;
    if (const YAML::Node p = s["properties"])
        for (const auto& kv : p) {
            const std::string name = kv.first.as<std::string>();
            if (isRoot && name == "status")
                continue;  // status is written by controllers, never validated on input
            props.emplace_back(name, emitSchema(t, kv.second, path + "." + name, false));
        }
    const int items = s["items"] ? emitSchema(t, s["items"], path + "[]", false) : -1;
    int additional = -1;
    if (s["additionalProperties"] && s["additionalProperties"].IsMap())
        additional = emitSchema(t, s["additionalProperties"], path + "{}", false);

    const std::vector<std::string> required = stringList(s["required"]);
    const std::vector<std::string> enums = stringList(s["enum"]);
    const std::vector<std::string> listKeys = stringList(s["x-kubernetes-list-map-keys"]);
    const std::vector<std::string> rules = ruleMessages(t, s, path);
    const std::string description = s["description"] ? firstParagraph(s["description"].as<std::string>()) : "";
    const std::string defaultJson = s["default"] ? toJson(s["default"]).dump() : "";

    std::ostringstream body;
    body << typeName(s) << ", " << flagsOf(t, s, path) << ", " << cxxString(s["format"] ? s["format"].as<std::string>() : "")
         << ", " << (s["pattern"] ? cxxString(s["pattern"].as<std::string>()) : "nullptr") << ", "
         << integerOrUnset(s["minLength"]) << ", " << integerOrUnset(s["maxLength"]) << ", " << integerOrUnset(s["minItems"])
         << ", " << integerOrUnset(s["maxItems"]) << ", " << integerOrUnset(s["maxProperties"]) << ", "
         << integerOrUnset(s["minimum"]) << ", " << integerOrUnset(s["maximum"]);
    std::ostringstream key;
    key << body.str() << "|props";
    for (const auto& [name, index] : props)
        key << ":" << name << "=" << index;
    key << "|items=" << items << "|add=" << additional << "|req";
    for (const auto& r : required)
        key << ":" << r;
    key << "|enum";
    for (const auto& e : enums)
        key << ":" << e;
    key << "|keys";
    for (const auto& k : listKeys)
        key << ":" << k;
    key << "|rules";
    for (const auto& r : rules)
        key << ":" << r;
    key << "|default=" << defaultJson << "|desc=" << description;
    if (auto it = t.byKey.find(key.str()); it != t.byKey.end())
        return it->second;

    const int firstProperty = int(t.properties.size());
    for (const auto& [name, index] : props)
        t.properties.push_back("{" + cxxString(name) + ", " + std::to_string(index) + "}");
    const int firstRequired = addStrings(t, required);
    const int firstEnum = addStrings(t, enums);
    const int firstKey = addStrings(t, listKeys);
    const int firstRule = addStrings(t, rules);

    std::ostringstream init;
    init << "{" << body.str() << ", " << firstProperty << ", " << props.size() << ", " << firstRequired << ", " << required.size()
         << ", " << firstEnum << ", " << enums.size() << ", " << firstKey << ", " << listKeys.size() << ", " << firstRule << ", "
         << rules.size() << ", " << items << ", " << additional << ", "
         << (defaultJson.empty() ? "nullptr" : cxxString(defaultJson)) << ", " << cxxString(description) << "}";
    const int index = int(t.schemas.size());
    t.schemas.push_back(init.str());
    t.byKey.emplace(key.str(), index);
    return index;
}

void addKind(Tables& t, const std::string& group, const std::string& kind, bool namespaced, const YAML::Node& schema)
{
    const int root = emitSchema(t, schema, kind, true);
    t.kinds.push_back("{" + cxxString(group) + ", " + cxxString(kind) + ", " + (namespaced ? "true" : "false") + ", " +
                      std::to_string(root) + "}");
}

// The `v1` openAPIV3Schema of each kind of a CRD file.
std::map<std::string, YAML::Node> v1Schemas(const std::string& path)
{
    std::map<std::string, YAML::Node> out;
    for (const YAML::Node& doc : YAML::LoadAllFromFile(path))
        if (doc && doc["kind"] && doc["kind"].as<std::string>() == "CustomResourceDefinition")
            for (const YAML::Node& version : doc["spec"]["versions"])
                if (version["name"].as<std::string>() == "v1")
                    out[doc["spec"]["names"]["kind"].as<std::string>()] = version["schema"]["openAPIV3Schema"];
    return out;
}

YAML::Node stepInto(const YAML::Node& schema, const std::string& step)
{
    return step == "[]" ? schema["items"] : schema["properties"][step];
}

// Copies the implemented experimental-only fields of `kind` from `experimental` into `schema`.
void graftExperimental(Tables& t, const std::string& kind, YAML::Node schema, const YAML::Node& experimental)
{
    const auto fields = kExperimentalFields.find(kind);
    if (fields == kExperimentalFields.end() || !experimental.IsMap())
        return;
    for (const std::vector<std::string>& field : fields->second) {
        // Node::reset rebinds; operator= would overwrite the node it refers to.
        YAML::Node into, from;
        into.reset(schema);
        from.reset(experimental);
        for (std::size_t i = 0; i + 1 < field.size(); ++i) {
            into.reset(stepInto(into, field[i]));
            from.reset(stepInto(from, field[i]));
        }
        const YAML::Node graft = from["properties"][field.back()];
        if (!into || !graft) {
            std::cerr << "schema_gen: experimental field " << kind << "." << field.back() << " not found\n";
            ++t.failures;
            continue;
        }
        YAML::Node copy = YAML::Clone(graft);
        copy[kExperimentalMarker] = true;
        into["properties"][field.back()] = copy;
    }
}

std::string readCrds(Tables& t, const std::string& path, const std::map<std::string, YAML::Node>& experimental)
{
    std::string bundleVersion = "unknown";
    for (const YAML::Node& doc : YAML::LoadAllFromFile(path)) {
        if (!doc || !doc["kind"] || doc["kind"].as<std::string>() != "CustomResourceDefinition")
            continue;
        if (const YAML::Node v = doc["metadata"]["annotations"]["gateway.networking.k8s.io/bundle-version"])
            bundleVersion = v.as<std::string>();
        const YAML::Node spec = doc["spec"];
        for (const YAML::Node& version : spec["versions"]) {
            if (version["name"].as<std::string>() != "v1")
                continue;
            const std::string kind = spec["names"]["kind"].as<std::string>();
            YAML::Node schema = YAML::Clone(version["schema"]["openAPIV3Schema"]);
            const auto extra = experimental.find(kind);
            graftExperimental(t, kind, schema, extra == experimental.end() ? YAML::Node() : extra->second);
            addKind(t, spec["group"].as<std::string>(), kind, spec["scope"].as<std::string>() == "Namespaced", schema);
        }
    }
    return bundleVersion;
}

void readCoreKinds(Tables& t, const std::string& path)
{
    const YAML::Node root = YAML::LoadFile(path);
    for (const YAML::Node& k : root["kinds"])
        addKind(t, k["group"].as<std::string>(), k["kind"].as<std::string>(), k["namespaced"].as<bool>(), k["schema"]);
}

template <typename List> void writeArray(std::ostream& out, const char* declaration, const List& items)
{
    out << declaration << " = {\n";
    for (const auto& item : items)
        out << "    " << item << ",\n";
    out << "};\n";
}

}  // namespace

int main(int argc, char** argv)
{
    if (argc != 4 && argc != 5) {
        std::cerr << "usage: schema_gen CRDS.yaml CORE_KINDS.yaml OUT.cpp [EXPERIMENTAL_CRDS.yaml]\n";
        return 2;
    }
    Tables t;
    std::string bundleVersion;
    try {
        const std::map<std::string, YAML::Node> experimental =
            argc == 5 ? v1Schemas(argv[4]) : std::map<std::string, YAML::Node>{};
        bundleVersion = readCrds(t, argv[1], experimental);
        readCoreKinds(t, argv[2]);
    } catch (const YAML::Exception& e) {
        std::cerr << "schema_gen: " << e.what() << "\n";
        return 1;
    }
    if (t.failures > 0)
        return 1;
    std::vector<std::string> messages;
    for (const std::string& m : t.ruleMessages)
        messages.push_back(cxxString(m));

    std::ostringstream out;
    out << "// Generated by schema_gen from the Gateway API " << bundleVersion
        << " standard-channel CRDs (with the implemented experimental fields) and core_kinds.yaml.\n// Do not edit: run `cmake "
           "--build build --target "
           "regen-schema`.\n// clang-format off\n#include \"schema/schema_tables.h\"\n\n"
           "namespace gs::schema::tables {\n\n";
    writeArray(out, "const Schema kSchemas[]", t.schemas);
    out << "\n";
    writeArray(out, "const Property kProperties[]", t.properties);
    out << "\n";
    writeArray(out, "const char* const kStrings[]", t.strings);
    out << "\n";
    writeArray(out, "const KindSchema kKinds[]", t.kinds);
    out << "\n";
    writeArray(out, "const char* const kRuleMessages[]", messages);
    out << "\nconst std::size_t kSchemaCount = std::size(kSchemas);\n"
           "const std::size_t kPropertyCount = std::size(kProperties);\n"
           "const std::size_t kStringCount = std::size(kStrings);\n"
           "const std::size_t kKindCount = std::size(kKinds);\n"
           "const std::size_t kRuleMessageCount = std::size(kRuleMessages);\n"
        << "const char* const kGatewayApiVersion = " << cxxString(bundleVersion) << ";\n\n}  // namespace gs::schema::tables\n";

    std::ofstream file(argv[3], std::ios::binary);
    file << out.str();
    if (!file) {
        std::cerr << "schema_gen: cannot write " << argv[3] << "\n";
        return 1;
    }
    std::cerr << "schema_gen: " << t.kinds.size() << " kinds, " << t.schemas.size() << " schemas, " << t.ruleMessages.size()
              << " CEL rule messages\n";
    return 0;
}

#include "cluster/live_status.h"

#include <sstream>

#include "cluster/json_yaml.h"
#include "controller/status_output.h"

namespace gs::cluster {

namespace {

using nlohmann::json;

std::string str(const json& object, const char* key, const std::string& fallback = {})
{
    return object.is_object() && object.contains(key) && object[key].is_string() ? object[key].get<std::string>() : fallback;
}

// object[key] when object is a map that has it; null otherwise (the cluster's data may be any shape).
json field(const json& object, const char* key) { return object.is_object() && object.contains(key) ? object[key] : json(); }

// A number the cluster wrote, as a number or as a numeric string; 0 when it is neither.
std::int64_t integer(const json& object, const char* key)
{
    if (!object.is_object() || !object.contains(key))
        return 0;
    const json& value = object[key];
    if (value.is_number_integer())
        return value.get<std::int64_t>();
    if (value.is_string()) {
        std::int64_t n = 0;
        return yaml::parseInteger(value.get<std::string>(), n) ? n : 0;
    }
    return 0;
}

json arrayAt(const json& object, const char* key)
{
    return object.is_object() && object.contains(key) && object[key].is_array() ? object[key] : json::array();
}

std::string verdict(const json& condition) { return str(condition, "status", "?") + "/" + str(condition, "reason", "?"); }

const json* findByKey(const json& list, const char* key, const std::string& value)
{
    for (const json& item : list)
        if (str(item, key) == value)
            return &item;
    return nullptr;
}

void compareConditions(const std::string& where, const json& live, const json& predicted, std::int64_t generation,
                       std::vector<StatusDifference>& out)
{
    const json liveConditions = arrayAt(live, "conditions");
    for (const json& want : arrayAt(predicted, "conditions")) {
        const std::string type = str(want, "type");
        const json* have = findByKey(liveConditions, "type", type);
        const std::string at = (where.empty() ? "" : where + " ") + type;
        if (!have) {
            out.push_back({at, "—", verdict(want), "the controller has not written this condition"});
            continue;
        }
        if (str(*have, "status") != str(want, "status") || str(*have, "reason") != str(want, "reason"))
            out.push_back({at, verdict(*have), verdict(want), str(*have, "message")});
        const std::int64_t observed = integer(*have, "observedGeneration");
        if (observed > 0 && observed < generation)
            out.push_back({at, "observedGeneration " + std::to_string(observed), "generation " + std::to_string(generation),
                           "stale: the controller has not yet acted on the latest spec"});
    }
}

// A parentRef or ancestorRef as one comparable key, defaults filled in (gateway.networking.k8s.io,
// Gateway, the object's namespace).
std::string refKey(const json& ref, const std::string& ownerNs)
{
    std::string key = str(ref, "group", "gateway.networking.k8s.io") + "/" + str(ref, "kind", "Gateway") + "/" +
        str(ref, "namespace", ownerNs) + "/" + str(ref, "name");
    if (const std::string section = str(ref, "sectionName"); !section.empty())
        key += "/" + section;
    if (ref.is_object() && ref.contains("port"))
        key += ":" + ref["port"].dump();
    return key;
}

std::string refLabel(const json& ref, const std::string& ownerNs)
{
    std::string label = str(ref, "namespace", ownerNs) + "/" + str(ref, "name");
    if (const std::string section = str(ref, "sectionName"); !section.empty())
        label += "/" + section;
    return label;
}

// Route parents and policy ancestors: matched by reference and controllerName.
void compareParents(const char* listKey, const char* refField, const json& live, const json& predicted, const std::string& ns,
                    std::int64_t generation, std::vector<StatusDifference>& out)
{
    const json liveEntries = arrayAt(live, listKey);
    for (const json& want : arrayAt(predicted, listKey)) {
        const std::string key = refKey(field(want, refField), ns);
        const std::string where = std::string(listKey) + "[" + refLabel(field(want, refField), ns) + "]";
        const json* have = nullptr;
        for (const json& candidate : liveEntries)
            if (refKey(field(candidate, refField), ns) == key && str(candidate, "controllerName") == str(want, "controllerName"))
                have = &candidate;
        if (!have) {
            out.push_back({where, "—", "written by " + str(want, "controllerName"),
                           "the controller wrote no status for this parent: it has not seen or has ignored the route"});
            continue;
        }
        compareConditions(where, *have, want, generation, out);
    }
}

void compareListeners(const json& live, const json& predicted, std::int64_t generation, std::vector<StatusDifference>& out)
{
    const json liveListeners = arrayAt(live, "listeners");
    for (const json& want : arrayAt(predicted, "listeners")) {
        const std::string name = str(want, "name");
        const std::string where = "listeners[" + name + "]";
        const json* have = findByKey(liveListeners, "name", name);
        if (!have) {
            out.push_back({where, "—", "listed", "the controller wrote no status for this listener"});
            continue;
        }
        if (integer(*have, "attachedRoutes") != integer(want, "attachedRoutes"))
            out.push_back({where + " attachedRoutes", std::to_string(integer(*have, "attachedRoutes")),
                           std::to_string(integer(want, "attachedRoutes")), ""});
        compareConditions(where, *have, want, generation, out);
    }
}

std::vector<StatusDifference> differencesOf(const json& live, const json& predicted, const std::string& ns,
                                            std::int64_t generation)
{
    std::vector<StatusDifference> out;
    if (!live.is_object() || live.empty()) {
        out.push_back({"status", "—", "written", "no status on the cluster: no controller has acted on this object"});
        return out;
    }
    compareConditions("", live, predicted, generation, out);
    compareListeners(live, predicted, generation, out);
    compareParents("parents", "parentRef", live, predicted, ns, generation, out);
    compareParents("ancestors", "ancestorRef", live, predicted, ns, generation, out);
    return out;
}

}  // namespace

LiveStatus compareOne(const model::Object& object, const model::ObjectStatus& status, const ControllerStatus& controller)
{
    LiveStatus entry;
    entry.objectIndex = status.objectIndex;
    entry.id = object.id.kind + " " + object.displayName();
    entry.generation = controller.generation;
    entry.controller = controller.status;
    entry.predicted = toJson(model::statusNode(status));
    entry.differences = differencesOf(entry.controller, entry.predicted, object.id.ns, entry.generation);
    return entry;
}

std::string groupOf(const std::string& apiVersion)
{
    const auto slash = apiVersion.find('/');
    return slash == std::string::npos ? std::string() : apiVersion.substr(0, slash);
}

std::vector<LiveStatus> compareLiveStatus(const model::ObjectSet& objects, const model::Translation& translation,
                                          const std::function<const ControllerStatus*(const model::Object&)>& lookup)
{
    std::vector<LiveStatus> entries;
    for (const model::ObjectStatus& status : translation.statuses) {
        const model::Object& object = objects.objects()[status.objectIndex];
        if (const ControllerStatus* controller = lookup(object))
            entries.push_back(compareOne(object, status, *controller));
    }
    return entries;
}

std::vector<LiveStatus> compareLiveStatus(const model::ObjectSet& objects, const model::Translation& translation)
{
    ControllerStatus written;
    return compareLiveStatus(objects, translation, [&](const model::Object& object) {
        const yaml::Node* metadata = object.doc.find("metadata");
        const yaml::Node* generation = metadata ? metadata->find("generation") : nullptr;
        written.generation = 0;
        if (generation)
            yaml::parseInteger(generation->text(), written.generation);
        const yaml::Node* status = object.doc.find("status");
        written.status = status ? toJson(*status) : json();
        return &written;
    });
}

std::string describeLiveStatus(const std::vector<LiveStatus>& entries)
{
    std::ostringstream out;
    std::size_t differing = 0;
    for (const LiveStatus& entry : entries) {
        out << (entry.differences.empty() ? "  " : "! ") << entry.id;
        if (entry.generation > 0)
            out << " (generation " << entry.generation << ")";
        out << (entry.differences.empty() ? ": controller and prediction agree\n" : "\n");
        for (const StatusDifference& d : entry.differences) {
            out << "    " << d.where << ": controller " << d.controller << ", predicted " << d.predicted << "\n";
            if (!d.note.empty())
                out << "      " << d.note << "\n";
        }
        differing += entry.differences.empty() ? 0 : 1;
    }
    out << entries.size() << " objects with status: " << differing << " where the controller and the prediction differ\n";
    return out.str();
}

json liveStatusDocument(const std::vector<LiveStatus>& entries)
{
    json items = json::array();
    for (const LiveStatus& entry : entries) {
        json differences = json::array();
        for (const StatusDifference& d : entry.differences)
            differences.push_back(
                {{"where", d.where}, {"controller", d.controller}, {"predicted", d.predicted}, {"note", d.note}});
        const auto space = entry.id.find(' ');
        const std::string kind = entry.id.substr(0, space), name = entry.id.substr(space + 1);
        items.push_back({{"kind", kind},
                         {"object", name},
                         {"generation", entry.generation},
                         {"controller", entry.controller},
                         {"predicted", entry.predicted},
                         {"differences", differences}});
    }
    return {{"apiVersion", "v1"}, {"kind", "List"}, {"items", items}};
}

}  // namespace gs::cluster

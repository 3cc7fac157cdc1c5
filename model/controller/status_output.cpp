#include "controller/status_output.h"

#include <nlohmann/json.hpp>

#include "export/exporter.h"
#include "yaml/yaml_writer.h"

namespace gs::model {

namespace {

using yaml::Node;

Node str(const std::string& s) { return Node::string(s); }
Node num(std::int64_t v) { return Node::scalar(std::to_string(v), true); }

Node conditionsNode(const Conditions& conditions)
{
    Node list = Node::seq();
    for (const Condition& c : conditions.items) {
        Node n = Node::map();
        n.set("lastTransitionTime", str(c.lastTransitionTime));
        n.set("message", str(c.message));
        n.set("observedGeneration", num(c.observedGeneration));
        n.set("reason", str(c.reason));
        n.set("status", str(toString(c.status)));
        n.set("type", str(c.type));
        list.append(std::move(n));
    }
    return list;
}

Node listenersNode(const std::vector<ListenerStatus>& listeners)
{
    Node list = Node::seq();
    for (const ListenerStatus& l : listeners) {
        Node n = Node::map();
        n.set("attachedRoutes", num(l.attachedRoutes));
        n.set("conditions", conditionsNode(l.conditions));
        n.set("name", str(l.name));
        Node kinds = Node::seq();
        for (const Kind& k : l.supportedKinds) {
            Node kn = Node::map();
            kn.set("group", str(k.group));
            kn.set("kind", str(k.kind));
            kinds.append(std::move(kn));
        }
        n.set("supportedKinds", std::move(kinds));
        list.append(std::move(n));
    }
    return list;
}

Node parentRefNode(const ParentReference& p)
{
    Node n = Node::map();
    n.set("group", str(p.group));
    n.set("kind", str(p.kind));
    n.set("name", str(p.name));
    if (p.ns)
        n.set("namespace", str(*p.ns));
    if (p.port)
        n.set("port", num(*p.port));
    if (p.sectionName)
        n.set("sectionName", str(*p.sectionName));
    return n;
}

nlohmann::ordered_json toJson(const Node& n)
{
    switch (n.type()) {
    case yaml::NodeType::Null: return nullptr;
    case yaml::NodeType::Map: {
        nlohmann::ordered_json j = nlohmann::ordered_json::object();
        for (const yaml::MapEntry& e : n.entries())
            j[e.key] = toJson(e.value);
        return j;
    }
    case yaml::NodeType::Seq: {
        nlohmann::ordered_json j = nlohmann::ordered_json::array();
        for (const Node& i : n.items())
            j.push_back(toJson(i));
        return j;
    }
    case yaml::NodeType::Scalar: break;
    }
    switch (n.scalarType()) {
    case yaml::ScalarType::Null: return nullptr;
    case yaml::ScalarType::Bool: return n.text()[0] == 't' || n.text()[0] == 'T';
    case yaml::ScalarType::Int: {
        std::int64_t v = 0;
        return yaml::parseInteger(n.text(), v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(n.text());
    }
    case yaml::ScalarType::Float: return std::strtod(n.text().c_str(), nullptr);
    case yaml::ScalarType::String: return n.text();
    }
    return n.text();
}

// ---- describe ----

std::string pad(std::string s, std::size_t width)
{
    if (s.size() < width)
        s.resize(width, ' ');
    return s + " ";
}

void describeConditions(const Conditions& conditions, const std::string& indent, std::string& out)
{
    for (const Condition& c : conditions.items) {
        out += indent + pad(c.type, 20) + pad(toString(c.status), 7) + pad(c.reason, 26) + (c.isProblem() ? "<- " : "") +
            c.message + "\n";
    }
}

std::string kindsText(const std::vector<Kind>& kinds)
{
    std::string out;
    for (const Kind& k : kinds)
        out += (out.empty() ? "" : ", ") + k.kind;
    return out.empty() ? std::string("(none)") : out;
}

void describeListeners(const std::vector<ListenerStatus>& listeners, std::string& out)
{
    out += "Listeners:\n";
    for (const ListenerStatus& l : listeners) {
        out += "  " + l.name + ": supported kinds " + kindsText(l.supportedKinds) + "; attached routes " +
            std::to_string(l.attachedRoutes) + "\n";
        describeConditions(l.conditions, "    ", out);
    }
}

void describeObject(const Object& o, const ObjectStatus& s, std::string& out)
{
    out += "Name:       " + o.id.name + "\n";
    if (!o.id.ns.empty())
        out += "Namespace:  " + o.id.ns + "\n";
    out += "Kind:       " + o.id.kind + "\n";
    out += "Source:     " + o.file + ":" + std::to_string(o.mark.line) + ":" + std::to_string(o.mark.column) + "\n";
    if (s.gateway) {
        std::string addresses;
        for (const GatewayAddress& a : s.gateway->addresses)
            addresses += (addresses.empty() ? "" : ", ") + a.value;
        out += "Addresses:  " + (addresses.empty() ? std::string("(none)") : addresses) + "\n";
    }
    if (!s.conditions.items.empty()) {
        out += "Conditions:\n";
        describeConditions(s.conditions, "  ", out);
    }
    if (s.gateway && !s.gateway->listeners.empty())
        describeListeners(s.gateway->listeners, out);
    if (!s.listenerSetListeners.empty())
        describeListeners(s.listenerSetListeners, out);
    for (const RouteParentStatus& p : s.parents) {
        out += "Parent:     " + p.parentRef.kind + " " + p.parentRef.ns.value_or(o.id.ns) + "/" + p.parentRef.name +
            (p.parentRef.sectionName ? " section " + *p.parentRef.sectionName : std::string()) +
            (p.parentRef.port ? " port " + std::to_string(*p.parentRef.port) : std::string()) + " (controller " +
            p.controllerName + ")\n";
        describeConditions(p.conditions, "  ", out);
    }
    for (const PolicyAncestorStatus& a : s.ancestors) {
        out += "Ancestor:   " + a.ancestorRef.kind + " " + a.ancestorRef.ns.value_or(o.id.ns) + "/" + a.ancestorRef.name +
            " (controller " + a.controllerName + ")\n";
        describeConditions(a.conditions, "  ", out);
    }
    for (const std::string& note : s.notes)
        out += "Note:       " + note + "\n";
    out += "\n";
}

}  // namespace

Node statusNode(const ObjectStatus& s)
{
    Node n = Node::map();
    if (s.gateway) {
        Node addresses = Node::seq();
        for (const GatewayAddress& a : s.gateway->addresses) {
            Node an = Node::map();
            an.set("type", str(a.type));
            an.set("value", str(a.value));
            addresses.append(std::move(an));
        }
        n.set("addresses", std::move(addresses));
        if (s.gateway->attachedListenerSets)
            n.set("attachedListenerSets", num(*s.gateway->attachedListenerSets));
    }
    if (!s.conditions.items.empty())
        n.set("conditions", conditionsNode(s.conditions));
    if (s.gateway)
        n.set("listeners", listenersNode(s.gateway->listeners));
    if (!s.listenerSetListeners.empty())
        n.set("listeners", listenersNode(s.listenerSetListeners));
    if (!s.supportedFeatures.empty()) {
        Node features = Node::seq();
        for (const std::string& f : s.supportedFeatures) {
            Node fn = Node::map();
            fn.set("name", str(f));
            features.append(std::move(fn));
        }
        n.set("supportedFeatures", std::move(features));
    }
    if (s.policy) {
        Node ancestors = Node::seq();
        for (const PolicyAncestorStatus& a : s.ancestors) {
            Node an = Node::map();
            an.set("ancestorRef", parentRefNode(a.ancestorRef));
            an.set("conditions", conditionsNode(a.conditions));
            an.set("controllerName", str(a.controllerName));
            ancestors.append(std::move(an));
        }
        n.set("ancestors", std::move(ancestors));
    } else if (!s.parents.empty() || (s.conditions.items.empty() && !s.gateway)) {
        Node parents = Node::seq();
        for (const RouteParentStatus& p : s.parents) {
            Node pn = Node::map();
            pn.set("conditions", conditionsNode(p.conditions));
            pn.set("controllerName", str(p.controllerName));
            pn.set("parentRef", parentRefNode(p.parentRef));
            parents.append(std::move(pn));
        }
        n.set("parents", std::move(parents));
    }
    return n;
}

// A Secret's values (private keys among them) never leave in status output, which also goes to the
// admin endpoint's /config: the keys stay, each value becomes "<redacted>".
static void redactSecret(const Object& object, Node& tree)
{
    if (object.id.kind != "Secret" || !object.id.group.empty())
        return;
    for (const char* field : {"data", "stringData"})
        if (Node* values = tree.find(field); values && values->isMap())
            for (yaml::MapEntry& entry : values->entries())
                entry.value = Node::string("<redacted>");
}

Node objectWithStatus(const Object& object, const ObjectStatus* status)
{
    Node tree = exportTree(object);
    redactSecret(object, tree);
    if (status)
        tree.set("status", statusNode(*status));
    else if (const Node* written = object.doc.find("status"))
        tree.set("status", *written);
    return tree;
}

std::string statusYaml(const ObjectSet& objects, const Translation& translation)
{
    std::string out;
    for (std::size_t i = 0; i < objects.size(); ++i) {
        if (i > 0)
            out += "---\n";
        yaml::writeYaml(objectWithStatus(objects.objects()[i], translation.statusOf(i)), out);
    }
    return out;
}

std::string statusJson(const ObjectSet& objects, const Translation& translation)
{
    nlohmann::ordered_json list;
    list["apiVersion"] = "v1";
    list["kind"] = "List";
    list["items"] = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < objects.size(); ++i)
        list["items"].push_back(toJson(objectWithStatus(objects.objects()[i], translation.statusOf(i))));
    return list.dump(2) + "\n";
}

std::string describeStatus(const ObjectSet& objects, const Translation& translation)
{
    std::string out;
    for (const ObjectStatus& s : translation.statuses)
        describeObject(objects.objects()[s.objectIndex], s, out);
    return out;
}

std::string toJsonText(const Node& node, int indent) { return toJson(node).dump(indent); }

}  // namespace gs::model

// retarget(): renaming follows references. See object_edits.h.
#include "object_edits.h"
#include "yaml/access.h"

namespace gs::gui {

using yaml::Node;

namespace {

// Sets `name` on each reference in `refs` that names the target.
bool retargetList(Node* refs, const std::string& referrerNs, const model::ObjectId& target, const char* defaultKind,
                  const std::string& newName)
{
    bool changed = false;
    if (!refs || !refs->isSeq())
        return false;
    for (Node& ref : refs->items()) {
        const std::string kind(yaml::childText(ref, "kind", defaultKind));
        const std::string ns(yaml::childText(ref, "namespace", referrerNs));
        if (kind == target.kind && ns == target.ns && yaml::childText(ref, "name") == target.name) {
            ref.set("name", Node::string(newName));
            changed = true;
        }
    }
    return changed;
}

Node* at(Node& map, const char* key) { return map.isMap() ? map.find(key) : nullptr; }

}  // namespace

bool retarget(Node& referrer, const model::Object& o, const model::ObjectId& target, const std::string& newName)
{
    Node* spec = at(referrer, "spec");
    if (!spec || !spec->isMap())
        return false;
    const std::string& ns = o.id.ns;
    bool changed = false;
    if (target.kind == "GatewayClass" && o.id.kind == "Gateway" && yaml::childText(*spec, "gatewayClassName") == target.name) {
        spec->set("gatewayClassName", Node::string(newName));
        changed = true;
    }
    if (o.known && o.known->isRoute()) {
        changed |= retargetList(at(*spec, "parentRefs"), ns, target, "Gateway", newName);
        if (Node* rules = at(*spec, "rules"); rules && rules->isSeq())
            for (Node& rule : rules->items())
                changed |= retargetList(at(rule, "backendRefs"), ns, target, "Service", newName);
    }
    if (o.id.kind == "ListenerSet") {
        if (Node* parent = at(*spec, "parentRef"); parent && parent->isMap()) {
            Node list = Node::seq();
            list.append(*parent);
            if (retargetList(&list, ns, target, "Gateway", newName)) {
                *parent = list.items().front();
                changed = true;
            }
        }
    }
    if (o.id.kind == "Gateway" || o.id.kind == "ListenerSet")
        if (Node* listeners = at(*spec, "listeners"); listeners && listeners->isSeq())
            for (Node& l : listeners->items())
                if (Node* tls = at(l, "tls"))
                    changed |= retargetList(at(*tls, "certificateRefs"), ns, target, "Secret", newName);
    return changed;
}

}  // namespace gs::gui

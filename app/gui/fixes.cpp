#include "fixes.h"

#include <algorithm>

#include "controller/gateway_api.h"
#include "controller/status.h"
#include "graph.h"
#include "object_edits.h"
#include "yaml/yaml_reader.h"

namespace gs::gui {

namespace {

namespace api = model::api;

const model::Object* findObject(const model::ObjectSet& objects, const std::string& group, const std::string& kind,
                                const std::string& ns, const std::string& name)
{
    return objects.find(model::ObjectId{group, kind, ns, name});
}

// Whether a ReferenceGrant in `toNs` lets (fromKind in fromNs) refer to (toKind toName).
bool granted(const model::ObjectSet& objects, const std::string& fromKind, const std::string& fromNs, const std::string& toKind,
             const std::string& toNs, const std::string& toName)
{
    for (const model::Object& o : objects.objects()) {
        if (o.id.kind != "ReferenceGrant" || o.id.ns != toNs)
            continue;
        const api::ReferenceGrant g = api::decodeReferenceGrant(o);
        const bool from = std::any_of(g.from.begin(), g.from.end(), [&](const auto& f) {
            return f.group == model::kGatewayGroup && f.kind == fromKind && f.ns == fromNs;
        });
        const bool to = std::any_of(g.to.begin(), g.to.end(), [&](const auto& t) {
            return t.group.empty() && t.kind == toKind && (!t.name || *t.name == toName);
        });
        if (from && to)
            return true;
    }
    return false;
}

Fix grantFix(const model::ObjectSet& objects, const model::Object& from, std::size_t index, const std::string& toKind,
             const std::string& toNs, const std::string& toName)
{
    const std::string name = freshName(objects, "ReferenceGrant", toNs, "allow-" + from.id.ns);
    const std::string text = "apiVersion: gateway.networking.k8s.io/v1\nkind: ReferenceGrant\nmetadata:\n  name: " + name +
        "\n  namespace: " + toNs + "\nspec:\n  from:\n    - group: gateway.networking.k8s.io\n      kind: " + from.id.kind +
        "\n      namespace: " + from.id.ns + "\n  to:\n    - group: \"\"\n      kind: " + toKind + "\n      name: " + toName +
        "\n";
    return {nodeIdOf(from),
            std::string(model::reason::RefNotPermitted),
            toNs + "/" + toName,
            "Create ReferenceGrant " + toNs + "/" + name + " for " + toKind + " " + toName,
            index,
            "",
            "",
            text};
}

Fix serviceFix(const model::Object& route, std::size_t index, const std::string& ns, const api::Reference& ref)
{
    const std::string port = std::to_string(ref.port.value_or(80));
    const std::string text = "apiVersion: v1\nkind: Service\nmetadata:\n  name: " + ref.name + "\n  namespace: " + ns +
        "\nspec:\n  selector:\n    app: " + ref.name + "\n  ports:\n    - port: " + port + "\n      targetPort: " + port + "\n";
    return {nodeIdOf(route),
            std::string(model::reason::BackendNotFound),
            ns + "/" + ref.name,
            "Create Service " + ns + "/" + ref.name,
            index,
            "",
            "",
            text};
}

void routeFixes(const model::ObjectSet& objects, std::size_t index, std::vector<Fix>& out)
{
    const model::Object& o = objects.objects()[index];
    const api::Route route = api::decodeRoute(o);
    for (std::size_t i = 0; i < route.parentRefs.size(); ++i) {
        const api::Reference& p = route.parentRefs[i];
        const model::Object* gw = p.kind == "Gateway"
            ? findObject(objects, std::string(model::kGatewayGroup), "Gateway", p.namespaceOr(o.id.ns), p.name)
            : nullptr;
        if (!gw || gw->hasErrors || !p.sectionName)
            continue;
        const api::Gateway g = api::decodeGateway(*gw);
        const bool exists =
            std::any_of(g.listeners.begin(), g.listeners.end(), [&](const api::Listener& l) { return l.name == *p.sectionName; });
        if (!exists && !g.listeners.empty())
            out.push_back({nodeIdOf(o),
                           std::string(model::reason::NoMatchingParent),
                           *p.sectionName,
                           "Use listener " + g.listeners.front().name + " of " + gw->displayName(),
                           index,
                           "spec.parentRefs[" + std::to_string(i) + "].sectionName",
                           g.listeners.front().name,
                           {}});
    }
    for (const api::Rule& rule : route.rules)
        for (const api::BackendRef& b : rule.backendRefs) {
            if (!b.ref.group.empty() || b.ref.kind != "Service")
                continue;
            const std::string ns = b.ref.namespaceOr(o.id.ns);
            const std::string target = ns + "/" + b.ref.name;
            if (std::any_of(out.begin(), out.end(), [&](const Fix& f) { return f.objectIndex == index && f.target == target; }))
                continue;  // one fix per referenced Service
            if (ns != o.id.ns && !granted(objects, o.id.kind, o.id.ns, "Service", ns, b.ref.name))
                out.push_back(grantFix(objects, o, index, "Service", ns, b.ref.name));
            else if (!findObject(objects, "", "Service", ns, b.ref.name))
                out.push_back(serviceFix(o, index, ns, b.ref));
        }
}

void gatewayFixes(const model::ObjectSet& objects, std::size_t index, std::vector<Fix>& out)
{
    const model::Object& o = objects.objects()[index];
    for (const api::Listener& l : api::decodeGateway(o).listeners)
        for (const api::Reference& ref : l.certificateRefs) {
            const std::string ns = ref.namespaceOr(o.id.ns);
            if (ref.group.empty() && ref.kind == "Secret" && ns != o.id.ns &&
                !granted(objects, "Gateway", o.id.ns, "Secret", ns, ref.name))
                out.push_back(grantFix(objects, o, index, "Secret", ns, ref.name));
        }
}

}  // namespace

std::optional<yaml::Node> Fix::newObject() const
{
    if (createYaml.empty())
        return std::nullopt;
    yaml::ReadResult read = yaml::readYamlStream(createYaml);
    if (read.documents.empty())
        return std::nullopt;
    return std::move(read.documents.front().root);
}

std::vector<Fix> findFixes(const model::ObjectSet& objects)
{
    std::vector<Fix> out;
    for (std::size_t i = 0; i < objects.size(); ++i) {
        const model::Object& o = objects.objects()[i];
        if (o.hasErrors || !o.known)
            continue;  // validation errors first: their fixes are the user's
        if (o.known->isRoute())
            routeFixes(objects, i, out);
        else if (o.id.kind == "Gateway")
            gatewayFixes(objects, i, out);
    }
    return out;
}

}  // namespace gs::gui

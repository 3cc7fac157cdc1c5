// inspectorFields(): which fields the inspector shows for each kind, read from the tree as written.
// Routes are in inspector_route_fields.cpp.
#include "inspector_form.h"
#include "yaml/access.h"

namespace gs::gui {

namespace form {

using yaml::Node;

const Node* at(const Node& root, std::string_view path)
{
    const Node* n = &root;
    std::size_t i = 0;
    while (n && i < path.size()) {
        if (path[i] == '.') {
            ++i;
        } else if (path[i] == '[') {
            const std::size_t end = path.find(']', i);
            const std::size_t k = std::stoul(std::string(path.substr(i + 1, end - i - 1)));
            n = n->isSeq() && k < n->items().size() ? &n->items()[k] : nullptr;
            i = end + 1;
        } else {
            const std::size_t end = path.find_first_of(".[", i);
            n = yaml::child(*n, path.substr(i, end == std::string_view::npos ? end : end - i));
            i = end == std::string_view::npos ? path.size() : end;
        }
    }
    return n;
}

std::size_t countAt(const Node& doc, const std::string& path)
{
    const Node* n = at(doc, path);
    return n && n->isSeq() ? n->items().size() : 0;
}

std::string idx(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

void FormBuilder::header(std::string label, std::vector<InspectorAction> actions, std::string path)
{
    fields_.push_back({std::move(label), std::move(path), "", "header", {}, "", "", std::move(actions)});
}

void FormBuilder::actions(std::vector<InspectorAction> actions)
{
    fields_.push_back({"", "", "", "actions", {}, "", "", std::move(actions)});
}

void FormBuilder::field(std::string label, std::string path, std::string type, std::vector<std::string> choices,
                        std::string placeholder)
{
    const Node* n = at(object_.doc, path);
    std::string value;
    if (n && n->isScalar())
        value = n->text();
    else if (n && n->isSeq())
        for (const Node& item : n->items())
            value += (value.empty() ? "" : ", ") + std::string(item.str());
    else if (n && n->isMap())  // "k=v, k2=v2"
        for (const yaml::MapEntry& e : n->entries())
            value += (value.empty() ? "" : ", ") + e.key + "=" + std::string(e.value.str());
    fields_.push_back(
        {std::move(label), path, value, std::move(type), std::move(choices), std::move(placeholder), errorsAt(path), {}});
}

std::string FormBuilder::errorsAt(const std::string& path) const
{
    std::string out;
    const std::string objectName = object_.displayName();
    for (const model::Diagnostic& d : diagnostics_.all()) {
        if (d.kind != object_.id.kind || d.objectName != objectName)
            continue;
        const bool under = d.field == path ||
            (d.field.size() > path.size() && d.field.compare(0, path.size(), path) == 0 &&
             (d.field[path.size()] == '.' || d.field[path.size()] == '['));
        if (under)
            out += (out.empty() ? "" : "\n") + d.message;
    }
    return out;
}

// Each error about a field no field row holds goes to the header of the deepest item holding it
// ("spec.rules[0].filters[1].requestRedirect" → the header of filter 1).
std::vector<InspectorField> FormBuilder::take()
{
    const std::string objectName = object_.displayName();
    for (const model::Diagnostic& d : diagnostics_.all()) {
        if (d.kind != object_.id.kind || d.objectName != objectName || d.field.empty())
            continue;
        InspectorField* deepest = nullptr;
        for (InspectorField& f : fields_) {
            const bool holds = !f.path.empty() && d.field.compare(0, f.path.size(), f.path) == 0 &&
                (d.field.size() == f.path.size() || d.field[f.path.size()] == '.' || d.field[f.path.size()] == '[');
            if (holds && (!deepest || f.path.size() > deepest->path.size()))
                deepest = &f;
        }
        if (deepest && deepest->type == "header")
            deepest->error += (deepest->error.empty() ? "" : "\n") + d.message;
    }
    return std::move(fields_);
}

}  // namespace form

namespace {

using namespace form;
using yaml::Node;

const std::vector<std::string> kListenerProtocols{"HTTP", "HTTPS", "TLS", "TCP", "UDP"};
const std::vector<std::string> kTlsModes{"Terminate", "Passthrough"};
const std::vector<std::string> kFromChoices{"All", "Same", "Selector"};

// GatewayClass parametersRef, ReferenceGrant from/to: a reference's group, kind, name, namespace.
void refFields(FormBuilder& f, const std::string& p, bool withName, bool withNamespace)
{
    f.field("  group", p + ".group", "text", {}, "core");
    f.field("  kind", p + ".kind", "text");
    if (withName)
        f.field("  name", p + ".name", "text", {}, "any");
    if (withNamespace)
        f.field("  namespace", p + ".namespace", "text");
}

// Listener TLS (GEP-2907 options; GEP-851 several certificates, one per key type).
void tlsFields(FormBuilder& f, const std::string& p)
{
    f.field("TLS mode", p + ".tls.mode", "choice", kTlsModes, "Terminate");
    const std::string refs = p + ".tls.certificateRefs";
    for (std::size_t c = 0; c < countAt(f.doc(), refs); ++c) {
        f.header("Certificate " + std::to_string(c), {removeAction(idx(refs, c))});
        f.field("  Secret", idx(refs, c) + ".name", "text");
        f.field("  namespace", idx(refs, c) + ".namespace", "text", {}, "the Gateway's");
    }
    f.actions({addAction("+ certificate", refs, "certificateRef")});
    f.field("TLS options", p + ".tls.options", "map", {}, "none (key=value, ...)");
}

void allowedRoutesFields(FormBuilder& f, const std::string& p)
{
    const std::string from = p + ".allowedRoutes.namespaces.from";
    f.field("Routes from", from, "choice", kFromChoices, "Same");
    const Node* fromNode = at(f.doc(), from);
    if (fromNode && fromNode->isScalar() && fromNode->text() == "Selector")
        f.field("  labels", p + ".allowedRoutes.namespaces.selector.matchLabels", "map", {}, "key=value, ...");
    const std::string kinds = p + ".allowedRoutes.kinds";
    for (std::size_t k = 0; k < countAt(f.doc(), kinds); ++k) {
        f.field("Route kind", idx(kinds, k) + ".kind", "text");
        f.actions({removeAction(idx(kinds, k))});
    }
    f.actions({addAction("+ route kind", kinds, "routeKind")});
}

void listenerFields(FormBuilder& f, const std::string& base)
{
    const Node& doc = f.doc();
    for (std::size_t i = 0; i < countAt(doc, base); ++i) {
        const std::string p = idx(base, i);
        f.header("Listener " + std::string(yaml::childText(*at(doc, p), "name", std::to_string(i))), {removeAction(p)}, p);
        f.field("Name", p + ".name", "text");
        f.field("Protocol", p + ".protocol", "choice", kListenerProtocols);
        f.field("Port", p + ".port", "int");
        f.field("Hostname", p + ".hostname", "text", {}, "any host");
        const std::string protocol(yaml::childText(*at(doc, p), "protocol"));
        if (protocol == "HTTPS" || protocol == "TLS")
            tlsFields(f, p);
        allowedRoutesFields(f, p);
    }
    f.actions({addAction("+ listener", base, "listener")});
}

void serviceFields(FormBuilder& f)
{
    for (std::size_t i = 0; i < countAt(f.doc(), "spec.ports"); ++i) {
        const std::string p = idx("spec.ports", i);
        f.header("Port " + std::to_string(i));
        f.field("Port", p + ".port", "int");
        f.field("Target port", p + ".targetPort", "text", {}, "same as port");
        f.field("App protocol", p + ".appProtocol", "text", {}, "none");
    }
}

void grantFields(FormBuilder& f)
{
    for (std::size_t i = 0; i < countAt(f.doc(), "spec.from"); ++i) {
        f.header("From " + std::to_string(i), {removeAction(idx("spec.from", i))});
        refFields(f, idx("spec.from", i), false, true);
    }
    f.actions({addAction("+ from", "spec.from", "grantFrom")});
    for (std::size_t i = 0; i < countAt(f.doc(), "spec.to"); ++i) {
        f.header("To " + std::to_string(i), {removeAction(idx("spec.to", i))});
        refFields(f, idx("spec.to", i), true, false);
    }
    f.actions({addAction("+ to", "spec.to", "grantTo")});
}

void classFields(FormBuilder& f)
{
    f.field("Controller", "spec.controllerName", "text");
    f.field("Description", "spec.description", "text", {}, "none");
    f.header("Parameters");
    refFields(f, "spec.parametersRef", true, true);
}

}  // namespace

std::vector<InspectorField> inspectorFields(const model::Object& object, const model::Diagnostics& diagnostics)
{
    FormBuilder f(object, diagnostics);
    f.header(object.id.kind);
    f.field("Name", "metadata.name", "text");  // renames, references included
    if (!object.id.ns.empty())
        f.field("Namespace", "metadata.namespace", "readonly", {}, "default");
    const std::string& kind = object.id.kind;
    if (kind == "GatewayClass") {
        classFields(f);
    } else if (kind == "Gateway") {
        f.field("Class", "spec.gatewayClassName", "text");
        listenerFields(f, "spec.listeners");
    } else if (kind == "ListenerSet") {
        f.field("Parent gateway", "spec.parentRef.name", "text");
        listenerFields(f, "spec.listeners");
    } else if (object.known && object.known->isRoute()) {
        routeFields(f);
    } else if (kind == "Service") {
        serviceFields(f);
    } else if (kind == "Secret") {
        f.field("Type", "type", "readonly");
    } else if (kind == "ReferenceGrant") {
        grantFields(f);
    }
    return f.take();
}

}  // namespace gs::gui

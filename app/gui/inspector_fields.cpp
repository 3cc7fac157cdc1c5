// inspectorFields(): which fields the inspector shows for each kind, read from the tree as written.
#include <string_view>

#include "inspector_model.h"
#include "yaml/access.h"

namespace gs::gui {

namespace {

using yaml::Node;

const std::vector<std::string> kListenerProtocols{"HTTP", "HTTPS", "TLS", "TCP", "UDP"};
const std::vector<std::string> kTlsModes{"Terminate", "Passthrough"};
const std::vector<std::string> kFromChoices{"All", "Same", "Selector"};
const std::vector<std::string> kPathTypes{"PathPrefix", "Exact", "RegularExpression"};
const std::vector<std::string> kMethods{"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"};

// The node at a dotted path with [i] indexes, or nullptr.
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

class FormBuilder {
public:
    FormBuilder(const model::Object& o, const model::Diagnostics& d) : object_(o), diagnostics_(d) {}

    void header(std::string label) { fields_.push_back({std::move(label), "", "", "header", {}, "", ""}); }

    void field(std::string label, std::string path, std::string type, std::vector<std::string> choices = {},
               std::string placeholder = {})
    {
        const Node* n = at(object_.doc, path);
        std::string value;
        if (n && n->isScalar())
            value = n->text();
        else if (n && n->isSeq())
            for (const Node& item : n->items())
                value += (value.empty() ? "" : ", ") + std::string(item.str());
        fields_.push_back({std::move(label), path, value, std::move(type), std::move(choices), std::move(placeholder),
                           errorsAt(path)});
    }

    // Validation messages about `path` or a field under it.
    std::string errorsAt(const std::string& path) const
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

    std::vector<InspectorField> take() { return std::move(fields_); }
    const model::Object& object() const { return object_; }

private:
    const model::Object& object_;
    const model::Diagnostics& diagnostics_;
    std::vector<InspectorField> fields_;
};

std::size_t countAt(const Node& doc, const std::string& path)
{
    const Node* n = at(doc, path);
    return n && n->isSeq() ? n->items().size() : 0;
}

std::string idx(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

void listenerFields(FormBuilder& f, const std::string& base)
{
    const Node& doc = f.object().doc;
    for (std::size_t i = 0; i < countAt(doc, base); ++i) {
        const std::string p = idx(base, i);
        f.header("Listener " + std::string(yaml::childText(*at(doc, p), "name", std::to_string(i))));
        f.field("Name", p + ".name", "text");
        f.field("Protocol", p + ".protocol", "choice", kListenerProtocols);
        f.field("Port", p + ".port", "int");
        f.field("Hostname", p + ".hostname", "text", {}, "any host");
        const std::string protocol(yaml::childText(*at(doc, p), "protocol"));
        if (protocol == "HTTPS" || protocol == "TLS") {
            f.field("TLS mode", p + ".tls.mode", "choice", kTlsModes, "Terminate");
            if (countAt(doc, p + ".tls.certificateRefs") > 0)
                f.field("Certificate", p + ".tls.certificateRefs[0].name", "text");
        }
        f.field("Routes from", p + ".allowedRoutes.namespaces.from", "choice", kFromChoices, "Same");
    }
}

void routeFields(FormBuilder& f)
{
    const Node& doc = f.object().doc;
    const bool http = f.object().id.kind == "HTTPRoute" || f.object().id.kind == "GRPCRoute";
    if (http || f.object().id.kind == "TLSRoute")
        f.field("Hostnames", "spec.hostnames", "list", {}, "any host");
    for (std::size_t i = 0; i < countAt(doc, "spec.parentRefs"); ++i) {
        const std::string p = idx("spec.parentRefs", i);
        f.header("Parent " + std::to_string(i));
        f.field("Gateway", p + ".name", "text");
        f.field("Listener", p + ".sectionName", "text", {}, "every listener");
    }
    for (std::size_t r = 0; r < countAt(doc, "spec.rules"); ++r) {
        const std::string rule = idx("spec.rules", r);
        f.header("Rule " + std::to_string(r));
        if (f.object().id.kind == "HTTPRoute") {
            if (countAt(doc, rule + ".matches") > 0) {
                f.field("Path type", rule + ".matches[0].path.type", "choice", kPathTypes, "PathPrefix");
                f.field("Path", rule + ".matches[0].path.value", "text", {}, "/");
                f.field("Method", rule + ".matches[0].method", "choice", kMethods, "any");
            }
            f.field("Timeout", rule + ".timeouts.request", "text", {}, "none (e.g. 10s)");
        }
        for (std::size_t b = 0; b < countAt(doc, rule + ".backendRefs"); ++b) {
            const std::string ref = idx(rule + ".backendRefs", b);
            f.field("Backend " + std::to_string(b), ref + ".name", "text");
            f.field("  port", ref + ".port", "int");
            f.field("  weight", ref + ".weight", "int", {}, "1");
        }
    }
}

void serviceFields(FormBuilder& f)
{
    const Node& doc = f.object().doc;
    for (std::size_t i = 0; i < countAt(doc, "spec.ports"); ++i) {
        const std::string p = idx("spec.ports", i);
        f.header("Port " + std::to_string(i));
        f.field("Port", p + ".port", "int");
        f.field("Target port", p + ".targetPort", "text", {}, "same as port");
    }
}

void grantFields(FormBuilder& f)
{
    const Node& doc = f.object().doc;
    for (std::size_t i = 0; i < countAt(doc, "spec.from"); ++i) {
        f.header("From " + std::to_string(i));
        f.field("Kind", idx("spec.from", i) + ".kind", "text");
        f.field("Namespace", idx("spec.from", i) + ".namespace", "text");
    }
    for (std::size_t i = 0; i < countAt(doc, "spec.to"); ++i) {
        f.header("To " + std::to_string(i));
        f.field("Kind", idx("spec.to", i) + ".kind", "text");
        f.field("Name", idx("spec.to", i) + ".name", "text", {}, "any");
    }
}

}  // namespace

std::vector<InspectorField> inspectorFields(const model::Object& object, const model::Diagnostics& diagnostics)
{
    FormBuilder f(object, diagnostics);
    f.header(object.id.kind);
    f.field("Name", "metadata.name", "text");   // renames, references included
    if (!object.id.ns.empty())
        f.field("Namespace", "metadata.namespace", "readonly", {}, "default");
    const std::string& kind = object.id.kind;
    if (kind == "GatewayClass") {
        f.field("Controller", "spec.controllerName", "text");
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

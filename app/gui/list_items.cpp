// newListItem(): what the inspector's "+" buttons add. Each item is valid on its own where the
// kind allows it (Gateway API v1.6 standard channel), so adding never leaves a new error behind;
// names point at objects of the files where there are some.
#include "controller/gateway_api.h"
#include "object_edits.h"
#include "yaml/yaml_reader.h"

namespace gs::gui {

namespace {

yaml::Node parse(const std::string& text)
{
    yaml::ReadResult r = yaml::readYamlStream(text);
    return r.documents.empty() ? yaml::Node() : r.documents.front().root;
}

// "{name: svc, port: 8080}" for the first Service of the files (a placeholder when none).
std::string firstBackend(const model::ObjectSet& context)
{
    for (const model::Object& o : context.objects())
        if (o.id.kind == "Service" && !o.hasErrors) {
            const auto ports = model::api::decodeService(o).ports;
            return "{name: " + o.id.name + ", port: " + std::to_string(ports.empty() ? 80 : ports.front().port) + "}";
        }
    return "{name: backend, port: 80}";
}

std::string firstName(const model::ObjectSet& context, const std::string& kind, const std::string& fallback)
{
    for (const model::Object& o : context.objects())
        if (o.id.kind == kind)
            return o.id.name;
    return fallback;
}

}  // namespace

std::optional<yaml::Node> newListItem(const std::string& what, const model::ObjectSet& context, std::size_t existing)
{
    const std::string n = std::to_string(existing);
    std::string text;
    if (what == "match")
        text = "{path: {type: PathPrefix, value: /}}";
    else if (what == "grpcMatch")
        text = "{method: {service: grpc.health.v1.Health}}";
    else if (what == "headerMatch" || what == "header")
        text = "{name: X-Example-" + n + ", value: example}";
    else if (what == "queryMatch")
        text = "{name: example" + n + ", value: \"1\"}";
    else if (what == "RequestHeaderModifier" || what == "ResponseHeaderModifier")
        text = "{type: " + what + ", " + (what == "RequestHeaderModifier" ? "requestHeaderModifier" : "responseHeaderModifier") +
            ": {set: [{name: X-Example, value: example}]}}";
    else if (what == "RequestRedirect")
        text = "{type: RequestRedirect, requestRedirect: {scheme: https, statusCode: 301}}";
    else if (what == "URLRewrite")
        text = "{type: URLRewrite, urlRewrite: {hostname: example.com}}";
    else if (what == "RequestMirror")
        text = "{type: RequestMirror, requestMirror: {backendRef: " + firstBackend(context) + "}}";
    else if (what == "CORS")
        text = "{type: CORS, cors: {allowOrigins: [\"https://example.com\"]}}";
    else if (what == "backendRef")
        text = firstBackend(context);
    else if (what == "rule")
        text = "{backendRefs: [" + firstBackend(context) + "]}";
    else if (what == "certificateRef")
        text = "{name: " + firstName(context, "Secret", "tls-secret") + "}";
    else if (what == "routeKind")
        text = "{kind: HTTPRoute}";
    else if (what == "listener")  // names and ports apart from the first listeners'
        text = "{name: listener-" + n + ", protocol: HTTP, port: " + std::to_string(8000 + existing) + "}";
    else if (what == "grantFrom")
        text = "{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: default}";
    else if (what == "grantTo")
        text = "{group: \"\", kind: Service}";
    else
        return std::nullopt;
    return parse(text);
}

}  // namespace gs::gui

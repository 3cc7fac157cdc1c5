// The inspector's route forms: hostnames, parents, and per rule its matches (path, headers, query
// parameters, method; a GRPCRoute's service and method), filters, timeouts and backends, with
// buttons that add and remove items. Field names follow the v1.6 standard channel CRDs.
#include "inspector_form.h"
#include "yaml/access.h"

namespace gs::gui::form {

namespace {

using yaml::Node;

const std::vector<std::string> kPathTypes{"PathPrefix", "Exact", "RegularExpression"};
const std::vector<std::string> kValueMatchTypes{"Exact", "RegularExpression"};
const std::vector<std::string> kMethods{"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"};
const std::vector<std::string> kSchemes{"http", "https"};
const std::vector<std::string> kRedirectCodes{"301", "302", "303", "307", "308"};
const std::vector<std::string> kPathModifiers{"ReplaceFullPath", "ReplacePrefixMatch"};

std::string text(const Node& doc, const std::string& path)
{
    const Node* n = at(doc, path);
    return n && n->isScalar() ? n->text() : std::string();
}

// headers / queryParams of a match: name, value, type; one header row with "remove" each.
void valueMatches(FormBuilder& f, const std::string& list, const std::string& title)
{
    for (std::size_t i = 0; i < countAt(f.doc(), list); ++i) {
        const std::string p = idx(list, i);
        f.header(title + " " + std::to_string(i), {removeAction(p)});
        f.field("  name", p + ".name", "text");
        f.field("  value", p + ".value", "text");
        f.field("  type", p + ".type", "choice", kValueMatchTypes, "Exact");
    }
}

void httpMatch(FormBuilder& f, const std::string& m)
{
    f.field("Path type", m + ".path.type", "choice", kPathTypes, "PathPrefix");
    f.field("Path", m + ".path.value", "text", {}, "/");
    f.field("Method", m + ".method", "choice", kMethods, "any");
    valueMatches(f, m + ".headers", "Header match");
    valueMatches(f, m + ".queryParams", "Query match");
    f.actions({addAction("+ header", m + ".headers", "headerMatch"), addAction("+ query", m + ".queryParams", "queryMatch")});
}

void grpcMatch(FormBuilder& f, const std::string& m)
{
    f.field("Service", m + ".method.service", "text", {}, "any");
    f.field("Method", m + ".method.method", "text", {}, "any");
    f.field("Match type", m + ".method.type", "choice", kValueMatchTypes, "Exact");
    valueMatches(f, m + ".headers", "Header match");
    f.actions({addAction("+ header", m + ".headers", "headerMatch")});
}

// RequestHeaderModifier / ResponseHeaderModifier: set and add (name, value) and remove (names).
void headerModifier(FormBuilder& f, const std::string& p)
{
    for (const char* op : {"set", "add"})
        for (std::size_t i = 0; i < countAt(f.doc(), p + "." + op); ++i) {
            const std::string h = idx(p + "." + op, i);
            f.field(std::string("  ") + op + " header", h + ".name", "text");
            f.field("  value", h + ".value", "text");
            f.actions({removeAction(h)});
        }
    f.field("  remove", p + ".remove", "list", {}, "none (names, comma-separated)");
    f.actions({addAction("+ set", p + ".set", "header"), addAction("+ add", p + ".add", "header")});
}

// URLRewrite and RequestRedirect paths: one of replaceFullPath or replacePrefixMatch, as `type` says.
void pathModifier(FormBuilder& f, const std::string& p)
{
    const std::string type = text(f.doc(), p + ".type");
    f.field("  path type", p + ".type", "choice", kPathModifiers, "unchanged");
    if (type == "ReplacePrefixMatch")
        f.field("  prefix", p + ".replacePrefixMatch", "text");
    else if (type == "ReplaceFullPath")
        f.field("  path", p + ".replaceFullPath", "text");
}

void filterFields(FormBuilder& f, const std::string& p)
{
    const std::string type = text(f.doc(), p + ".type");
    f.header("Filter " + p.substr(p.rfind('[')) + " " + type, {removeAction(p)}, p);
    if (type == "RequestHeaderModifier")
        headerModifier(f, p + ".requestHeaderModifier");
    else if (type == "ResponseHeaderModifier")
        headerModifier(f, p + ".responseHeaderModifier");
    else if (type == "RequestRedirect") {
        const std::string r = p + ".requestRedirect";
        f.field("  scheme", r + ".scheme", "choice", kSchemes, "the request's");
        f.field("  hostname", r + ".hostname", "text", {}, "the request's");
        f.field("  port", r + ".port", "int", {}, "the scheme's");
        f.field("  status", r + ".statusCode", "choice", kRedirectCodes, "302");
        pathModifier(f, r + ".path");
    } else if (type == "URLRewrite") {
        f.field("  hostname", p + ".urlRewrite.hostname", "text", {}, "unchanged");
        pathModifier(f, p + ".urlRewrite.path");
    } else if (type == "RequestMirror") {
        f.field("  Service", p + ".requestMirror.backendRef.name", "text");
        f.field("  port", p + ".requestMirror.backendRef.port", "int");
        f.field("  percent", p + ".requestMirror.percent", "int", {}, "100");
    } else if (type == "CORS") {
        f.field("  origins", p + ".cors.allowOrigins", "list", {}, "none");
        f.field("  methods", p + ".cors.allowMethods", "list", {}, "none");
        f.field("  headers", p + ".cors.allowHeaders", "list", {}, "none");
        f.field("  max age", p + ".cors.maxAge", "int", {}, "5");
    }
}

std::vector<InspectorAction> filterActions(const std::string& list, bool grpc)
{
    std::vector<InspectorAction> out{addAction("+ request headers", list, "RequestHeaderModifier"),
                                     addAction("+ response headers", list, "ResponseHeaderModifier"),
                                     addAction("+ mirror", list, "RequestMirror")};
    if (!grpc)
        for (const char* type : {"RequestRedirect", "URLRewrite", "CORS"})
            out.push_back(addAction(std::string("+ ") + type, list, type));
    return out;
}

void backendFields(FormBuilder& f, const std::string& rule)
{
    const std::string list = rule + ".backendRefs";
    for (std::size_t b = 0; b < countAt(f.doc(), list); ++b) {
        const std::string ref = idx(list, b);
        f.header("Backend " + std::to_string(b), {removeAction(ref)}, ref);
        f.field("  Service", ref + ".name", "text");
        f.field("  namespace", ref + ".namespace", "text", {}, "the route's");
        f.field("  port", ref + ".port", "int");
        f.field("  weight", ref + ".weight", "int", {}, "1");
    }
}

void ruleFields(FormBuilder& f, const std::string& rule, std::size_t r)
{
    const std::string& kind = f.object().id.kind;
    const bool http = kind == "HTTPRoute", grpc = kind == "GRPCRoute";
    f.header("Rule " + std::to_string(r), {removeAction(rule)}, rule);
    if (http || grpc) {
        for (std::size_t m = 0; m < countAt(f.doc(), rule + ".matches"); ++m) {
            f.header("Match " + std::to_string(m), {removeAction(idx(rule + ".matches", m))}, idx(rule + ".matches", m));
            http ? httpMatch(f, idx(rule + ".matches", m)) : grpcMatch(f, idx(rule + ".matches", m));
        }
        for (std::size_t i = 0; i < countAt(f.doc(), rule + ".filters"); ++i)
            filterFields(f, idx(rule + ".filters", i));
    }
    if (http) {
        f.field("Timeout", rule + ".timeouts.request", "text", {}, "none (e.g. 10s)");
        f.field("Backend timeout", rule + ".timeouts.backendRequest", "text", {}, "none (e.g. 5s)");
    }
    backendFields(f, rule);
    std::vector<InspectorAction> actions;
    if (http || grpc)
        actions.push_back(addAction("+ match", rule + ".matches", grpc ? "grpcMatch" : "match"));
    actions.push_back(addAction("+ backend", rule + ".backendRefs", "backendRef"));
    f.actions(std::move(actions));
    if (http || grpc)
        f.actions(filterActions(rule + ".filters", grpc));
}

}  // namespace

void routeFields(FormBuilder& f)
{
    const std::string& kind = f.object().id.kind;
    if (kind == "HTTPRoute" || kind == "GRPCRoute" || kind == "TLSRoute")
        f.field("Hostnames", "spec.hostnames", "list", {}, "any host");
    for (std::size_t i = 0; i < countAt(f.doc(), "spec.parentRefs"); ++i) {
        const std::string p = idx("spec.parentRefs", i);
        f.header("Parent " + std::to_string(i), {removeAction(p)}, p);
        f.field("Gateway", p + ".name", "text");
        f.field("Listener", p + ".sectionName", "text", {}, "every listener");
        f.field("  namespace", p + ".namespace", "text", {}, "the route's");
        f.field("  port", p + ".port", "int", {}, "any");
    }
    for (std::size_t r = 0; r < countAt(f.doc(), "spec.rules"); ++r)
        ruleFields(f, idx("spec.rules", r), r);
    f.actions({addAction("+ rule", "spec.rules", "rule")});
}

}  // namespace gs::gui::form

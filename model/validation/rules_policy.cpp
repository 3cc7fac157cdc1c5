// CEL rules of BackendTLSPolicy (targetRefs are in rules_routes.cpp with the parentRefs twins).

#include "validation/rule_helpers.h"

namespace gs::model {

namespace {

using namespace rules;

bool hasCaRefs(const Node& v) { return !childItems(v, "caCertificateRefs").empty(); }
bool hasWellKnown(const Node& v) { return !emptyOrAbsent(v, "wellKnownCACertificates"); }

// !(has(caCertificateRefs) && size > 0 && has(wellKnownCACertificates) && != "")
void notBothCaSources(const RuleContext& ctx)
{
    if (hasCaRefs(ctx.self) && hasWellKnown(ctx.self))
        failAtField(ctx, fieldPath(ctx, "wellKnownCACertificates"), markOf(ctx.self, "wellKnownCACertificates"));
}

// has(caCertificateRefs) && size > 0 || has(wellKnownCACertificates) && != ""
void oneCaSource(const RuleContext& ctx)
{
    if (!hasCaRefs(ctx.self) && !hasWellKnown(ctx.self))
        failAtField(ctx, fieldPath(ctx, "caCertificateRefs"), ctx.keyMark);
}

// The four SubjectAltName rules: the field named by `type` is set, and only that one.
void sanField(const RuleContext& ctx, std::string_view type, std::string_view field, bool mustHave)
{
    const bool matchesType = childText(ctx.self, "type") == type;
    const bool present = !emptyOrAbsent(ctx.self, field);
    if (mustHave && matchesType && !present)
        failAtField(ctx, fieldPath(ctx, field), ctx.keyMark);
    if (!mustHave && !matchesType && present)
        failAtField(ctx, fieldPath(ctx, field), markOf(ctx.self, field));
}
void sanHostnameRequired(const RuleContext& ctx) { sanField(ctx, "Hostname", "hostname", true); }
void sanHostnameForbidden(const RuleContext& ctx) { sanField(ctx, "Hostname", "hostname", false); }
void sanUriRequired(const RuleContext& ctx) { sanField(ctx, "URI", "uri", true); }
void sanUriForbidden(const RuleContext& ctx) { sanField(ctx, "URI", "uri", false); }

const RuleEntry kRules[] = {
    {"must not contain both CACertificateRefs and WellKnownCACertificates", notBothCaSources},
    {"must specify either CACertificateRefs or WellKnownCACertificates", oneCaSource},
    {"SubjectAltName element must contain Hostname, if Type is set to Hostname", sanHostnameRequired},
    {"SubjectAltName element must not contain Hostname, if Type is not set to Hostname", sanHostnameForbidden},
    {"SubjectAltName element must contain URI, if Type is set to URI", sanUriRequired},
    {"SubjectAltName element must not contain URI, if Type is not set to URI", sanUriForbidden},
};

}  // namespace

std::span<const RuleEntry> policyRules() { return kRules; }

}  // namespace gs::model

// CEL rules shared by the route kinds (parentRefs, backendRefs, match counts) and those of
// HTTPRoute paths and timeouts, GRPCRoute methods and TLSRoute hostnames.

#include <arpa/inet.h>

#include "gateway_duration.h"
#include "validation/patterns.h"
#include "validation/rule_helpers.h"

namespace gs::model {

namespace {

using namespace rules;

// The parent a parentRef names, with `namespace` compared as CEL does: absent and '' are equal.
std::string parentKey(const Node& ref)
{
    return std::string(childText(ref, "group")) + "/" + std::string(childText(ref, "kind")) + "/" +
        std::string(childText(ref, "namespace")) + "/" + std::string(childText(ref, "name"));
}

// self.all(p1, self.all(p2, <same parent> ? (<p1 has no sectionName> == <p2 has no sectionName>) : true))
void sectionNameWhenRepeated(const RuleContext& ctx)
{
    const auto& refs = ctx.self.items();
    for (std::size_t i = 0; i < refs.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (parentKey(refs[i]) == parentKey(refs[j]) &&
                emptyOrAbsent(refs[i], "sectionName") != emptyOrAbsent(refs[j], "sectionName")) {
                const std::size_t without = emptyOrAbsent(refs[i], "sectionName") ? i : j;
                failAtField(ctx, itemPath(ctx, without, "sectionName"), refs[without].mark(),
                            itemPath(ctx, i == without ? j : i) + " names the same parent");
                break;
            }
}

// self.all(p1, self.exists_one(p2, <same parent> && <same sectionName, absent and '' alike>))
// TargetRefs of BackendTLSPolicy use the same rule without the namespace.
void sectionNameUnique(const RuleContext& ctx)
{
    const auto& refs = ctx.self.items();
    for (std::size_t i = 0; i < refs.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (parentKey(refs[i]) == parentKey(refs[j]) &&
                childText(refs[i], "sectionName") == childText(refs[j], "sectionName")) {
                failAtField(ctx, itemPath(ctx, i, "sectionName"), markOf(refs[i], "sectionName"),
                            "the same as " + itemPath(ctx, j));
                break;
            }
}

// (sum over rules of size(matches)) <= 128
void matchesAtMost128(const RuleContext& ctx)
{
    std::size_t total = 0;
    for (const Node& rule : ctx.self.items())
        total += childItems(rule, "matches").size();
    if (total > 128)
        ctx.failAt(ctx.path.toString(), ctx.keyMark, std::to_string(total) + " matches");
}

// (size(self.group) == 0 && self.kind == 'Service') ? has(self.port) : true
void servicePortRequired(const RuleContext& ctx)
{
    if (childText(ctx.self, "group").empty() && childText(ctx.self, "kind") == "Service" && !has(ctx.self, "port"))
        failAtField(ctx, fieldPath(ctx, "port"), ctx.keyMark);
}

// !(has(request) && has(backendRequest) && duration(request) != 0s && duration(backendRequest) > duration(request))
void backendTimeoutWithinRequest(const RuleContext& ctx)
{
    const auto request = parseGatewayDuration(childText(ctx.self, "request"));
    const auto backend = parseGatewayDuration(childText(ctx.self, "backendRequest"));
    if (request && backend && *request != 0 && *backend > *request)
        failAtField(ctx, fieldPath(ctx, "backendRequest"), markOf(ctx.self, "backendRequest"));
}

// HTTPRoute path match rules: each applies when type is Exact or PathPrefix.
struct PathCheck {
    std::string_view message;
    bool (*valid)(std::string_view value);
};

bool startsWithSlash(std::string_view v) { return !v.empty() && v[0] == '/'; }
bool noDoubleSlash(std::string_view v) { return v.find("//") == std::string_view::npos; }
bool noDotSegment(std::string_view v) { return v.find("/./") == std::string_view::npos; }
bool noDotDotSegment(std::string_view v) { return v.find("/../") == std::string_view::npos; }
bool noLowerEncodedSlash(std::string_view v) { return v.find("%2f") == std::string_view::npos; }
bool noUpperEncodedSlash(std::string_view v) { return v.find("%2F") == std::string_view::npos; }
bool noFragment(std::string_view v) { return v.find('#') == std::string_view::npos; }
bool noTrailingDotDot(std::string_view v) { return !(v.size() >= 3 && v.substr(v.size() - 3) == "/.."); }
bool noTrailingDot(std::string_view v) { return !(v.size() >= 2 && v.substr(v.size() - 2) == "/."); }
bool validPathCharacters(std::string_view v)
{
    return matchesPattern(R"(^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$)", v);
}

const PathCheck kPathChecks[] = {
    {"value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']", startsWithSlash},
    {"must not contain '//' when type one of ['Exact', 'PathPrefix']", noDoubleSlash},
    {"must not contain '/./' when type one of ['Exact', 'PathPrefix']", noDotSegment},
    {"must not contain '/../' when type one of ['Exact', 'PathPrefix']", noDotDotSegment},
    {"must not contain '%2f' when type one of ['Exact', 'PathPrefix']", noLowerEncodedSlash},
    {"must not contain '%2F' when type one of ['Exact', 'PathPrefix']", noUpperEncodedSlash},
    {"must not contain '#' when type one of ['Exact', 'PathPrefix']", noFragment},
    {"must not end with '/..' when type one of ['Exact', 'PathPrefix']", noTrailingDotDot},
    {"must not end with '/.' when type one of ['Exact', 'PathPrefix']", noTrailingDot},
    {"must only contain valid characters (matching ^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$) for types "
     "['Exact', 'PathPrefix']",
     validPathCharacters},
};

// (self.type in ['Exact','PathPrefix']) ? <check>(self.value) : true
void pathValue(const RuleContext& ctx)
{
    const std::string_view type = childText(ctx.self, "type");
    if (type != "Exact" && type != "PathPrefix")
        return;
    for (const PathCheck& check : kPathChecks)
        if (check.message == ctx.message && !check.valid(childText(ctx.self, "value")))
            failAtField(ctx, fieldPath(ctx, "value"), markOf(ctx.self, "value"));
}

// self.type in ['Exact','PathPrefix'] || self.type == 'RegularExpression'
void pathType(const RuleContext& ctx)
{
    const std::string_view type = childText(ctx.self, "type");
    if (type != "Exact" && type != "PathPrefix" && type != "RegularExpression")
        failAtField(ctx, fieldPath(ctx, "type"), markOf(ctx.self, "type"));
}

// has(self.type) ? has(self.service) || has(self.method) : true
void grpcServiceOrMethod(const RuleContext& ctx)
{
    if (has(ctx.self, "type") && !has(ctx.self, "service") && !has(ctx.self, "method"))
        ctx.fail();
}

// (!has(self.type) || self.type == 'Exact') && has(self.<field>) ? self.<field>.matches(<pattern>) : true
void grpcName(const RuleContext& ctx, std::string_view field, std::string_view pattern)
{
    const std::string_view type = childText(ctx.self, "type", "Exact");
    if (type == "Exact" && has(ctx.self, field) && !matchesPattern(pattern, childText(ctx.self, field)))
        failAtField(ctx, fieldPath(ctx, field), markOf(ctx.self, field));
}
void grpcService(const RuleContext& ctx) { grpcName(ctx, "service", R"(^(?i)\.?[a-z_][a-z_0-9]*(\.[a-z_][a-z_0-9]*)*$)"); }
void grpcMethod(const RuleContext& ctx) { grpcName(ctx, "method", R"(^[A-Za-z_][A-Za-z_0-9]*$)"); }

bool isIp(std::string_view text)
{
    const std::string s(text);
    unsigned char buffer[16];
    return inet_pton(AF_INET, s.c_str(), buffer) == 1 || inet_pton(AF_INET6, s.c_str(), buffer) == 1;
}

constexpr std::string_view kRfc1123 = R"(^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)$)";

template <typename Invalid> void eachHostname(const RuleContext& ctx, Invalid invalid)
{
    for (std::size_t i = 0; i < ctx.self.items().size(); ++i) {
        const Node& h = ctx.self.items()[i];
        if (h.isScalar() && invalid(std::string_view(h.text())))
            failAtField(ctx, itemPath(ctx, i), h.mark());
    }
}

// self.all(h, !isIP(h))
void hostnamesNotIp(const RuleContext& ctx) { eachHostname(ctx, isIp); }

// self.all(h, !h.contains('*') ? h.matches(<rfc1123>) : true)
void hostnamesRfc1123(const RuleContext& ctx)
{
    eachHostname(ctx, [](std::string_view h) {
        return h.find('*') == std::string_view::npos && !isIp(h) && !matchesPattern(kRfc1123, h);
    });
}

// self.all(h, h.contains('*') ? (h.startsWith('*.') && h.substring(2).matches(<rfc1123>)) : true)
void hostnamesWildcardFirst(const RuleContext& ctx)
{
    eachHostname(ctx, [](std::string_view h) {
        return h.find('*') != std::string_view::npos && !(h.substr(0, 2) == "*." && matchesPattern(kRfc1123, h.substr(2)));
    });
}

const RuleEntry kRules[] = {
    {"sectionName must be specified when parentRefs includes 2 or more references to the same parent", sectionNameWhenRepeated},
    {"sectionName must be unique when parentRefs includes 2 or more references to the same parent", sectionNameUnique},
    {"sectionName must be specified when targetRefs includes 2 or more references to the same target", sectionNameWhenRepeated},
    {"sectionName must be unique when targetRefs includes 2 or more references to the same target", sectionNameUnique},
    {"While 16 rules and 64 matches per rule are allowed, the total number of matches across all rules in a route "
     "must be less than 128",
     matchesAtMost128},
    {"Must have port for Service reference", servicePortRequired},
    {"backendRequest timeout cannot be longer than request timeout", backendTimeoutWithinRequest},
    {kPathChecks[0].message, pathValue},
    {kPathChecks[1].message, pathValue},
    {kPathChecks[2].message, pathValue},
    {kPathChecks[3].message, pathValue},
    {kPathChecks[4].message, pathValue},
    {kPathChecks[5].message, pathValue},
    {kPathChecks[6].message, pathValue},
    {kPathChecks[7].message, pathValue},
    {kPathChecks[8].message, pathValue},
    {kPathChecks[9].message, pathValue},
    {"type must be one of ['Exact', 'PathPrefix', 'RegularExpression']", pathType},
    {"One or both of 'service' or 'method' must be specified", grpcServiceOrMethod},
    {"service must only contain valid characters (matching ^(?i)\\.?[a-z_][a-z_0-9]*(\\.[a-z_][a-z_0-9]*)*$)", grpcService},
    {"method must only contain valid characters (matching ^[A-Za-z_][A-Za-z_0-9]*$)", grpcMethod},
    {"Hostnames cannot contain an IP", hostnamesNotIp},
    {"Hostnames must be valid based on RFC-1123", hostnamesRfc1123},
    {"Wildcards on hostnames must be the first label, and the rest of hostname must be valid based on RFC-1123",
     hostnamesWildcardFirst},
};

}  // namespace

std::span<const RuleEntry> routeRules() { return kRules; }

}  // namespace gs::model

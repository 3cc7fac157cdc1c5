// CEL rules of HTTPRoute and GRPCRoute filters: the union discriminator, repeats, redirect and
// rewrite combinations, path modifiers, mirrors and CORS.

#include <string>

#include "validation/rule_helpers.h"

namespace gs::model {

namespace {

using namespace rules;

// The filter union: type value → the field that must be set (and only for that type).
struct FilterField {
    std::string_view type;
    std::string_view field;
};

constexpr FilterField kFilterFields[] = {
    {"RequestHeaderModifier", "requestHeaderModifier"},
    {"ResponseHeaderModifier", "responseHeaderModifier"},
    {"RequestMirror", "requestMirror"},
    {"ExtensionRef", "extensionRef"},
    {"CORS", "cors"},
    {"RequestRedirect", "requestRedirect"},
    {"URLRewrite", "urlRewrite"},
};

// The union member named by a message "filter.<field> must ...".
const FilterField* memberOf(std::string_view message)
{
    for (const FilterField& f : kFilterFields) {
        const std::string prefix = "filter." + std::string(f.field) + " ";
        if (message.substr(0, prefix.size()) == prefix)
            return &f;
    }
    return nullptr;
}

// !(has(self.<field>) && self.type != '<Type>')
void memberOnlyForItsType(const RuleContext& ctx)
{
    const FilterField* f = memberOf(ctx.message);
    if (f && has(ctx.self, f->field) && childText(ctx.self, "type") != f->type)
        failAtField(ctx, fieldPath(ctx, f->field), ctx.self.findEntry(f->field)->keyMark);
}

// !(!has(self.<field>) && self.type == '<Type>')
void memberRequiredForType(const RuleContext& ctx)
{
    const FilterField* f = memberOf(ctx.message);
    if (f && !has(ctx.self, f->field) && childText(ctx.self, "type") == f->type)
        failAtField(ctx, fieldPath(ctx, f->field), ctx.keyMark);
}

// self.filter(f, f.type == '<Type>').size() <= 1; the type is the message's first word.
void notRepeated(const RuleContext& ctx)
{
    const std::string_view type = ctx.message.substr(0, ctx.message.find(' '));
    std::size_t seen = 0;
    for (std::size_t i = 0; i < ctx.self.items().size(); ++i) {
        const Node& f = ctx.self.items()[i];
        if (childText(f, "type") == type && ++seen > 1)
            failAtField(ctx, itemPath(ctx, i, "type"), markOf(f, "type"));
    }
}

// !(self.exists(f, f.type == 'RequestRedirect') && self.exists(f, f.type == 'URLRewrite'))
void redirectXorRewrite(const RuleContext& ctx)
{
    bool redirect = false, rewrite = false;
    for (const Node& f : ctx.self.items()) {
        redirect = redirect || childText(f, "type") == "RequestRedirect";
        rewrite = rewrite || childText(f, "type") == "URLRewrite";
    }
    if (!(redirect && rewrite))
        return;
    for (std::size_t i = ctx.self.items().size(); i-- > 0;) {
        const std::string_view type = childText(ctx.self.items()[i], "type");
        if (type == "RequestRedirect" || type == "URLRewrite") {
            failAtField(ctx, itemPath(ctx, i, "type"), markOf(ctx.self.items()[i], "type"));
            return;
        }
    }
}

// (has(self.backendRefs) && size(self.backendRefs) > 0) ? (!has(self.filters) || self.filters.all(f, !has(f.requestRedirect))) : true
void redirectWithoutBackends(const RuleContext& ctx)
{
    if (childItems(ctx.self, "backendRefs").empty())
        return;
    const auto& filters = childItems(ctx.self, "filters");
    for (std::size_t i = 0; i < filters.size(); ++i) {
        if (!has(filters[i], "requestRedirect"))
            continue;
        ctx.path.pushField("filters");
        failAtField(ctx, itemPath(ctx, i, "requestRedirect"), filters[i].findEntry("requestRedirect")->keyMark);
        ctx.path.pop();
        return;
    }
}

bool isReplacePrefixFilter(const Node& filter, std::string_view member)
{
    const Node* m = child(filter, member);
    const Node* path = m ? child(*m, "path") : nullptr;
    return path && childText(*path, "type") == "ReplacePrefixMatch" && has(*path, "replacePrefixMatch");
}

std::size_t countReplacePrefix(const std::vector<Node>& filters, std::string_view member)
{
    std::size_t n = 0;
    for (const Node& f : filters)
        n += isReplacePrefixFilter(f, member) ? 1 : 0;
    return n;
}

// size(self.matches) == 1 && has(self.matches[0].path) && self.matches[0].path.type == 'PathPrefix'
bool singlePrefixMatch(const Node& rule)
{
    const auto& matches = childItems(rule, "matches");
    if (matches.size() != 1)
        return false;
    const Node* path = child(matches[0], "path");
    return path && childText(*path, "type") == "PathPrefix";
}

// The CRD uses exists_one, so two such filters (or two such backendRefs) do not trigger the
// rule; the API server behaves that way and so does this.
void replacePrefixNeedsSinglePrefixMatch(const RuleContext& ctx, std::string_view member, bool inBackendRefs)
{
    bool triggered = false;
    if (!inBackendRefs) {
        triggered = countReplacePrefix(childItems(ctx.self, "filters"), member) == 1;
    } else {
        std::size_t backends = 0;
        for (const Node& b : childItems(ctx.self, "backendRefs"))
            backends += countReplacePrefix(childItems(b, "filters"), member) == 1 ? 1 : 0;
        triggered = backends == 1;
    }
    if (triggered && !singlePrefixMatch(ctx.self))
        failAtField(ctx, fieldPath(ctx, "matches"), markOf(ctx.self, "matches"));
}
void redirectPrefix(const RuleContext& ctx) { replacePrefixNeedsSinglePrefixMatch(ctx, "requestRedirect", false); }
void rewritePrefix(const RuleContext& ctx) { replacePrefixNeedsSinglePrefixMatch(ctx, "urlRewrite", false); }
void backendRedirectPrefix(const RuleContext& ctx) { replacePrefixNeedsSinglePrefixMatch(ctx, "requestRedirect", true); }
void backendRewritePrefix(const RuleContext& ctx) { replacePrefixNeedsSinglePrefixMatch(ctx, "urlRewrite", true); }

// self.type == '<T>' ? has(self.<t>) : true
void modifierValueForType(const RuleContext& ctx, std::string_view type, std::string_view field)
{
    if (childText(ctx.self, "type") == type && !has(ctx.self, field))
        failAtField(ctx, fieldPath(ctx, field), ctx.keyMark);
}
// has(self.<t>) ? self.type == '<T>' : true
void modifierTypeForValue(const RuleContext& ctx, std::string_view type, std::string_view field)
{
    if (has(ctx.self, field) && childText(ctx.self, "type") != type)
        failAtField(ctx, fieldPath(ctx, "type"), markOf(ctx.self, "type"));
}
void fullPathGiven(const RuleContext& ctx) { modifierValueForType(ctx, "ReplaceFullPath", "replaceFullPath"); }
void fullPathType(const RuleContext& ctx) { modifierTypeForValue(ctx, "ReplaceFullPath", "replaceFullPath"); }
void prefixGiven(const RuleContext& ctx) { modifierValueForType(ctx, "ReplacePrefixMatch", "replacePrefixMatch"); }
void prefixType(const RuleContext& ctx) { modifierTypeForValue(ctx, "ReplacePrefixMatch", "replacePrefixMatch"); }

// !(has(self.percent) && has(self.fraction))
void percentXorFraction(const RuleContext& ctx)
{
    if (has(ctx.self, "percent") && has(ctx.self, "fraction"))
        failAtField(ctx, fieldPath(ctx, "fraction"), ctx.self.findEntry("fraction")->keyMark);
}

// self.numerator <= self.denominator
void numeratorAtMostDenominator(const RuleContext& ctx)
{
    if (yaml::childInt(ctx.self, "numerator") > yaml::childInt(ctx.self, "denominator", 100))
        failAtField(ctx, fieldPath(ctx, "numerator"), markOf(ctx.self, "numerator"));
}

// !('*' in self && self.size() > 1)
void wildcardAlone(const RuleContext& ctx)
{
    if (ctx.self.size() < 2)
        return;
    for (std::size_t i = 0; i < ctx.self.items().size(); ++i)
        if (ctx.self.items()[i].str() == "*")
            failAtField(ctx, itemPath(ctx, i), ctx.self.items()[i].mark());
}

const RuleEntry kRules[] = {
    {"RequestHeaderModifier filter cannot be repeated", notRepeated},
    {"ResponseHeaderModifier filter cannot be repeated", notRepeated},
    {"CORS filter cannot be repeated", notRepeated},
    {"RequestRedirect filter cannot be repeated", notRepeated},
    {"URLRewrite filter cannot be repeated", notRepeated},
    {"filter.requestHeaderModifier must be nil if the filter.type is not RequestHeaderModifier", memberOnlyForItsType},
    {"filter.requestHeaderModifier must be specified for RequestHeaderModifier filter.type", memberRequiredForType},
    {"filter.responseHeaderModifier must be nil if the filter.type is not ResponseHeaderModifier", memberOnlyForItsType},
    {"filter.responseHeaderModifier must be specified for ResponseHeaderModifier filter.type", memberRequiredForType},
    {"filter.requestMirror must be nil if the filter.type is not RequestMirror", memberOnlyForItsType},
    {"filter.requestMirror must be specified for RequestMirror filter.type", memberRequiredForType},
    {"filter.extensionRef must be nil if the filter.type is not ExtensionRef", memberOnlyForItsType},
    {"filter.extensionRef must be specified for ExtensionRef filter.type", memberRequiredForType},
    {"filter.cors must be nil if the filter.type is not CORS", memberOnlyForItsType},
    {"filter.cors must be specified for CORS filter.type", memberRequiredForType},
    {"filter.requestRedirect must be nil if the filter.type is not RequestRedirect", memberOnlyForItsType},
    {"filter.requestRedirect must be specified for RequestRedirect filter.type", memberRequiredForType},
    {"filter.urlRewrite must be nil if the filter.type is not URLRewrite", memberOnlyForItsType},
    {"filter.urlRewrite must be specified for URLRewrite filter.type", memberRequiredForType},
    {"May specify either httpRouteFilterRequestRedirect or httpRouteFilterRequestRewrite, but not both", redirectXorRewrite},
    {"RequestRedirect filter must not be used together with backendRefs", redirectWithoutBackends},
    {"When using RequestRedirect filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified",
     redirectPrefix},
    {"When using URLRewrite filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified", rewritePrefix},
    {"Within backendRefs, when using RequestRedirect filter with path.replacePrefixMatch, exactly one PathPrefix "
     "match must be specified",
     backendRedirectPrefix},
    {"Within backendRefs, When using URLRewrite filter with path.replacePrefixMatch, exactly one PathPrefix match "
     "must be specified",
     backendRewritePrefix},
    {"replaceFullPath must be specified when type is set to 'ReplaceFullPath'", fullPathGiven},
    {"type must be 'ReplaceFullPath' when replaceFullPath is set", fullPathType},
    {"replacePrefixMatch must be specified when type is set to 'ReplacePrefixMatch'", prefixGiven},
    {"type must be 'ReplacePrefixMatch' when replacePrefixMatch is set", prefixType},
    {"Only one of percent or fraction may be specified in HTTPRequestMirrorFilter", percentXorFraction},
    {"numerator must be less than or equal to denominator", numeratorAtMostDenominator},
    {"AllowHeaders cannot contain '*' alongside other methods", wildcardAlone},
    {"AllowMethods cannot contain '*' alongside other methods", wildcardAlone},
    {"AllowOrigins cannot contain '*' alongside other origins", wildcardAlone},
};

}  // namespace

std::span<const RuleEntry> filterRules() { return kRules; }

}  // namespace gs::model

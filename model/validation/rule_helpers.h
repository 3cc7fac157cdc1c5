#pragma once
// Small helpers shared by the rule implementations (rules_*.cpp).

#include <cstddef>
#include <string>
#include <string_view>

#include "validation/rules.h"
#include "yaml/access.h"

namespace gs::model::rules {

using yaml::child;
using yaml::childItems;
using yaml::childText;
using yaml::has;
using yaml::Node;

// The path of item `i` of the list the rule is attached to, optionally with a field below it.
inline std::string itemPath(const RuleContext& ctx, std::size_t i, std::string_view field = {})
{
    ctx.path.pushIndex(i);
    std::string s = field.empty() ? ctx.path.toString() : ctx.path.child(field);
    ctx.path.pop();
    return s;
}

// The path of a field below the value the rule is attached to.
inline std::string fieldPath(const RuleContext& ctx, std::string_view field) { return ctx.path.child(field); }

// Where a field's value starts; else where its key is; else where `map` starts.
inline yaml::Mark markOf(const Node& map, std::string_view field)
{
    if (const yaml::MapEntry* e = map.findEntry(field))
        return e->value.mark().known() ? e->value.mark() : e->keyMark;
    return map.mark();
}

// Reports the rule at a field, unless that field already has an error (the schema check of the
// same value usually says the same thing).
inline void failAtField(const RuleContext& ctx, const std::string& field, yaml::Mark mark, std::string_view detail = {})
{
    if (!ctx.report.hasErrorAt(field))
        ctx.failAt(field, mark, detail);
}

// CEL `!has(x) || x == ''`.
inline bool emptyOrAbsent(const Node& map, std::string_view field) { return childText(map, field).empty(); }

}  // namespace gs::model::rules

#include "validation/rules.h"

#include <unordered_map>
#include <vector>

namespace gs::model {

void RuleContext::failAt(const std::string& field, yaml::Mark at, std::string_view detail) const
{
    std::string text(message);
    if (!detail.empty()) {
        text += " (";
        text += detail;
        text += ")";
    }
    report.error(field, at.known() ? at : mark, std::move(text));
}

std::span<const RuleEntry> allRules()
{
    static const std::vector<RuleEntry> all = [] {
        std::vector<RuleEntry> out;
        for (auto table : {listenerRules(), routeRules(), filterRules(), policyRules(), coreRules()})
            out.insert(out.end(), table.begin(), table.end());
        return out;
    }();
    return all;
}

RuleCheck findRule(std::string_view message)
{
    static const std::unordered_map<std::string_view, RuleCheck> byMessage = [] {
        std::unordered_map<std::string_view, RuleCheck> out;
        for (const RuleEntry& r : allRules())
            out.emplace(r.message, r.check);
        return out;
    }();
    auto it = byMessage.find(message);
    return it == byMessage.end() ? nullptr : it->second;
}

}  // namespace gs::model

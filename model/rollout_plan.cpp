#include "rollout_plan.h"

#include <charconv>

namespace gs::model {

namespace {

bool parseInt(std::string_view text, int& out)
{
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && ptr == text.data() + text.size() && !text.empty();
}

}  // namespace

std::string RuleRef::key() const { return routeNamespace + "/" + routeName + "/" + std::to_string(rule); }

std::vector<std::string> RolloutPlan::problems() const
{
    std::vector<std::string> out;
    if (routeNamespace.empty() || routeName.empty())
        out.push_back("the plan names no HTTPRoute");
    if (rule < 0)
        out.push_back("the rule index is negative");
    if (steps.empty())
        out.push_back("the plan has no steps");
    for (std::size_t i = 0; i < steps.size(); ++i) {
        if (steps[i] < 1 || steps[i] > 100)
            out.push_back("step " + std::to_string(steps[i]) + "% is outside 1% to 100%");
        if (i > 0 && steps[i] <= steps[i - 1])
            out.push_back("steps must increase (" + std::to_string(steps[i - 1]) + "% then " + std::to_string(steps[i]) + "%)");
    }
    if (stepTimeMs < 100)
        out.push_back("a step must last at least 100 ms");
    if (minRequests < 1)
        out.push_back("a step needs at least 1 request to be judged");
    if (max5xxRate < 0 || max5xxRate > 1)
        out.push_back("the 5xx gate must be a percentage from 0% to 100%");
    if (maxP99Ms <= 0)
        out.push_back("the p99 gate must be a positive duration");
    if (threshold < 1)
        out.push_back("the threshold (failed checks before rollback) must be at least 1");
    return out;
}

void RolloutPlan::aimAt(const RuleRef& ref)
{
    routeNamespace = ref.routeNamespace;
    routeName = ref.routeName;
    rule = ref.rule;
}

std::optional<RuleRef> parseRuleRef(std::string_view text, std::string& error)
{
    const std::size_t first = text.find('/');
    const std::size_t second = first == std::string_view::npos ? first : text.find('/', first + 1);
    RuleRef ref;
    if (first == std::string_view::npos || first == 0 || first + 1 == text.size() || second == first + 1 ||
        (second != std::string_view::npos && !parseInt(text.substr(second + 1), ref.rule)) || ref.rule < 0) {
        error = "expected NAMESPACE/HTTPROUTE or NAMESPACE/HTTPROUTE/RULE (RULE counts from 0), e.g. shop/checkout/0";
        return std::nullopt;
    }
    ref.routeNamespace = std::string(text.substr(0, first));
    ref.routeName =
        std::string(text.substr(first + 1, second == std::string_view::npos ? std::string_view::npos : second - first - 1));
    return ref;
}

std::optional<std::vector<int>> parseSteps(std::string_view text, std::string& error)
{
    std::vector<int> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i < text.size() && text[i] != ',')
            continue;
        std::string_view item = text.substr(start, i - start);
        if (!item.empty() && item.back() == '%')
            item.remove_suffix(1);
        int value = 0;
        if (!parseInt(item, value)) {
            error = "expected percentages separated by commas, e.g. 1,5,25,50,100";
            return std::nullopt;
        }
        out.push_back(value);
        start = i + 1;
    }
    return out;
}

}  // namespace gs::model

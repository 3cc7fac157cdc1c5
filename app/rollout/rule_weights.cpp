#include "rule_weights.h"

#include <charconv>

#include "config/element_names.h"
#include "yaml/node.h"

namespace gs::rollout {

namespace {

model::Object* routeOf(model::ObjectSet& objects, const model::RolloutPlan& plan)
{
    for (model::Object& o : objects.objects())
        if (o.id.kind == "HTTPRoute" && o.id.ns == plan.routeNamespace && o.id.name == plan.routeName)
            return &o;
    return nullptr;
}

const yaml::Node* ruleIn(const yaml::Node& tree, int rule)
{
    const yaml::Node* spec = tree.find("spec");
    const yaml::Node* rules = spec ? spec->find("rules") : nullptr;
    if (!rules || !rules->isSeq() || rule < 0 || std::size_t(rule) >= rules->items().size())
        return nullptr;
    return &rules->items()[std::size_t(rule)];
}

std::int64_t weightOf(const yaml::Node& ref)
{
    const yaml::Node* w = ref.find("weight");
    std::int64_t value = 1;
    if (w && w->isScalar()) {
        const std::string& t = w->text();
        std::from_chars(t.data(), t.data() + t.size(), value);
    }
    return value;
}

bool setWeightsIn(yaml::Node& tree, int rule, const std::vector<std::int64_t>& weights)
{
    yaml::Node* r = const_cast<yaml::Node*>(ruleIn(tree, rule));
    yaml::Node* refs = r ? r->find("backendRefs") : nullptr;
    if (!refs || !refs->isSeq() || refs->items().size() != weights.size())
        return false;
    for (std::size_t i = 0; i < weights.size(); ++i)
        refs->items()[i].set("weight", yaml::Node::scalar(std::to_string(weights[i]), true));
    return true;
}

}  // namespace

bool findRule(const model::ObjectSet& objects, const model::RolloutPlan& plan, RuleBackends& out, std::string& error)
{
    const model::Object* route = routeOf(const_cast<model::ObjectSet&>(objects), plan);
    const std::string name = "HTTPRoute " + plan.routeNamespace + "/" + plan.routeName;
    if (!route) {
        error = name + " is not in the files";
        return false;
    }
    if (route->hasErrors) {
        error = name + " has validation errors; fix them first";
        return false;
    }
    const yaml::Node& tree = route->defaulted.isMap() ? route->defaulted : route->doc;
    const yaml::Node* rule = ruleIn(tree, plan.rule);
    if (!rule) {
        error = name + " has no rule " + std::to_string(plan.rule) + " (rules count from 0)";
        return false;
    }
    const yaml::Node* refs = rule->find("backendRefs");
    if (!refs || !refs->isSeq() || refs->items().size() < 2) {
        error = name + " rule " + std::to_string(plan.rule) +
            " has fewer than two backendRefs: a canary needs a stable backend and the canary (the last one)";
        return false;
    }
    out = {};
    const std::string ruleName =
        runtime::config::names::rule(runtime::config::names::object("HTTPRoute", plan.routeNamespace, plan.routeName), plan.rule);
    for (std::size_t i = 0; i < refs->items().size(); ++i) {
        const yaml::Node& ref = refs->items()[i];
        const yaml::Node* ns = ref.find("namespace");
        const yaml::Node* svc = ref.find("name");
        out.services.push_back(std::string(ns ? ns->str() : std::string_view(plan.routeNamespace)) + "/" +
                               std::string(svc ? svc->str() : ""));
        out.weights.push_back(weightOf(ref));
        out.statsNames.push_back(runtime::config::names::backend(ruleName, int(i)));
    }
    if (const yaml::Node* spec = tree.find("spec"))
        if (const yaml::Node* hosts = spec->find("hostnames"); hosts && hosts->isSeq())
            for (const yaml::Node& h : hosts->items())
                out.hostnames.emplace_back(h.str());
    return true;
}

bool setRuleWeights(model::ObjectSet& objects, const model::RolloutPlan& plan, const std::vector<std::int64_t>& weights)
{
    model::Object* route = routeOf(objects, plan);
    if (!route || !setWeightsIn(route->doc, plan.rule, weights))
        return false;
    if (route->defaulted.isMap())
        setWeightsIn(route->defaulted, plan.rule, weights);
    return true;
}

}  // namespace gs::rollout

#include "flagger_canary.h"

#include <cmath>
#include <sstream>

#include "rule_weights.h"
#include "yaml/node.h"
#include "yaml/yaml_writer.h"

namespace gs::rollout {

namespace {

using yaml::Node;

Node str(const std::string& s) { return Node::string(s); }

Node number(double v)
{
    std::ostringstream out;
    out << v;
    return Node::scalar(out.str(), true);
}

const Node* child(const Node* n, std::string_view key) { return n && n->isMap() ? n->find(key) : nullptr; }

const model::Object* findObject(const model::ObjectSet& objects, std::string_view kind, const std::string& ns,
                                const std::string& name)
{
    for (const model::Object& o : objects.objects())
        if (o.id.kind == kind && o.id.ns == ns && o.id.name == name)
            return &o;
    return nullptr;
}

// The Deployment whose pod template the Service selects, else nullptr.
const model::Object* deploymentOf(const model::ObjectSet& objects, const model::Object& service)
{
    const Node* selector = child(child(&service.doc, "spec"), "selector");
    if (!selector || !selector->isMap() || selector->size() == 0)
        return nullptr;
    for (const model::Object& d : objects.objects()) {
        if (d.id.kind != "Deployment" || d.id.ns != service.id.ns)
            continue;
        const Node* labels = child(child(child(child(&d.doc, "spec"), "template"), "metadata"), "labels");
        bool all = labels != nullptr;
        for (const auto& entry : selector->entries()) {
            const Node* v = child(labels, entry.key);
            all = all && v && v->str() == entry.value.str();
        }
        if (all)
            return &d;
    }
    return nullptr;
}

Node gatewayRefs(const model::Object& route)
{
    Node refs = Node::seq();
    const Node* parents = child(child(&route.doc, "spec"), "parentRefs");
    if (!parents || !parents->isSeq())
        return refs;
    for (const Node& p : parents->items()) {
        const Node* kind = child(&p, "kind");
        if (kind && kind->str() != "Gateway")
            continue;
        Node ref = Node::map();
        ref.set("name", str(std::string(child(&p, "name") ? child(&p, "name")->str() : "")));
        const Node* ns = child(&p, "namespace");
        ref.set("namespace", str(ns ? std::string(ns->str()) : route.id.ns));
        if (const Node* section = child(&p, "sectionName"))
            ref.set("sectionName", str(std::string(section->str())));
        refs.append(std::move(ref));
    }
    return refs;
}

Node metric(const std::string& name, const char* bound, double value, const std::string& interval)
{
    Node m = Node::map();
    m.set("name", str(name));
    Node range = Node::map();
    range.set(bound, number(value));
    m.set("thresholdRange", std::move(range));
    m.set("interval", str(interval));
    return m;
}

}  // namespace

std::string flaggerInterval(std::int64_t ms)
{
    if (ms >= 60'000 && ms % 60'000 == 0)
        return std::to_string(ms / 60'000) + "m";
    if (ms % 1000 == 0)
        return std::to_string(ms / 1000) + "s";
    return std::to_string(ms) + "ms";
}

FlaggerExport flaggerCanary(const model::ObjectSet& objects, const model::RolloutPlan& plan)
{
    FlaggerExport out;
    for (const std::string& p : plan.problems())
        out.error += (out.error.empty() ? "" : "; ") + p;
    RuleBackends rule;
    if (!out.error.empty() || !findRule(objects, plan, rule, out.error))
        return out;
    const model::Object& route = *findObject(objects, "HTTPRoute", plan.routeNamespace, plan.routeName);
    const Node* rules = child(child(&route.doc, "spec"), "rules");
    const Node* refs = child(&rules->items()[std::size_t(plan.rule)], "backendRefs");
    const Node& stableRef = refs->items().front();
    const std::string stableService = rule.services.front().substr(rule.services.front().find('/') + 1);
    const std::string stableNs = rule.services.front().substr(0, rule.services.front().find('/'));
    if (stableNs != plan.routeNamespace) {
        out.error = "the stable backend " + rule.services.front() +
            " is in another namespace than the route: a Flagger Canary "
            "and the Deployment it targets live in one namespace";
        return out;
    }
    const model::Object* service = findObject(objects, "Service", stableNs, stableService);
    const model::Object* deployment = service ? deploymentOf(objects, *service) : nullptr;
    const std::string target = deployment ? deployment->id.name : stableService;
    if (!deployment)
        out.notes.push_back("no Deployment in the files is selected by Service " + rule.services.front() +
                            "; targetRef names Deployment " + target + " after the Service");
    out.notes.push_back("Flagger routes between " + target + "-primary and " + target +
                        "-canary through an HTTPRoute of its own; "
                        "the canary version is rolled out by updating Deployment " +
                        target + ", not by the route in the files (" + rule.services.front() + " → " + rule.services.back() +
                        ")");
    out.notes.push_back("Flagger has no sample size: a check with fewer than " + std::to_string(plan.minRequests) +
                        " canary requests is judged anyway (or fails for lack of data)");
    if (plan.max5xxIncrease || plan.maxP99IncreaseMs)
        out.notes.push_back("the gates against the stable version are not exported: Flagger's built-in metrics are absolute "
                            "(a MetricTemplate with a query comparing primary and canary can express them)");
    const Node& ruleNode = rules->items()[std::size_t(plan.rule)];
    if (const Node* matches = child(&ruleNode, "matches"); matches && matches->isSeq() && !matches->items().empty())
        out.notes.push_back("the rule's matches are not carried: Flagger's HTTPRoute takes every request to the hosts "
                            "(its analysis.match can narrow the canary's share to headers, as Flagger's A/B tutorial shows)");
    if (const Node* filters = child(&ruleNode, "filters"); filters && filters->isSeq() && !filters->items().empty())
        out.notes.push_back("the rule's filters are not carried: Flagger's HTTPRoute has only what service.headers, "
                            "service.rewrite, service.retries and service.corsPolicy say; check them before applying");
    out.notes.push_back("Flagger's built-in request-success-rate and request-duration are Prometheus queries it chooses by "
                        "provider: check that its metrics server has your gateway's request metrics, or use MetricTemplates "
                        "as its Gateway API tutorial does");
    const std::string interval = flaggerInterval(plan.stepTimeMs);

    Node canary = Node::map();
    canary.set("apiVersion", str("flagger.app/v1beta1"));
    canary.set("kind", str("Canary"));
    Node meta = Node::map();
    meta.set("name", str(target));
    meta.set("namespace", str(plan.routeNamespace));
    canary.set("metadata", std::move(meta));
    Node spec = Node::map();
    spec.set("provider", str("gatewayapi:v1"));
    Node targetRef = Node::map();
    targetRef.set("apiVersion", str("apps/v1"));
    targetRef.set("kind", str("Deployment"));
    targetRef.set("name", str(target));
    spec.set("targetRef", std::move(targetRef));
    Node svc = Node::map();
    const Node* port = child(&stableRef, "port");
    svc.set("port", Node::scalar(port ? std::string(port->str()) : "80", true));
    if (!rule.hostnames.empty()) {
        Node hosts = Node::seq();
        for (const std::string& h : rule.hostnames)
            hosts.append(str(h));
        svc.set("hosts", std::move(hosts));
    }
    svc.set("gatewayRefs", gatewayRefs(route));
    // HTTPRoute timeouts map one to one (Flagger's Gateway API tutorial, "Timeouts").
    if (const Node* timeouts = child(&ruleNode, "timeouts")) {
        if (const Node* request = child(timeouts, "request"))
            svc.set("timeout", str(std::string(request->str())));
        if (const Node* backend = child(timeouts, "backendRequest"))
            svc.set("backendTimeout", str(std::string(backend->str())));
    }
    spec.set("service", std::move(svc));
    Node analysis = Node::map();
    analysis.set("interval", str(interval));
    analysis.set("threshold", number(plan.threshold));
    Node steps = Node::seq();
    for (int s : plan.steps)
        steps.append(number(s));
    analysis.set("stepWeights", std::move(steps));
    Node metrics = Node::seq();
    metrics.append(metric("request-success-rate", "min", std::round((1.0 - plan.max5xxRate) * 1e6) / 1e4, interval));
    metrics.append(metric("request-duration", "max", double(plan.maxP99Ms), interval));
    analysis.set("metrics", std::move(metrics));
    spec.set("analysis", std::move(analysis));
    canary.set("spec", std::move(spec));

    std::string comment = "# Flagger Canary for HTTPRoute " + plan.routeNamespace + "/" + plan.routeName + " rule " +
        std::to_string(plan.rule) + ", from Gateway Studio's rollout plan.\n";
    for (const std::string& n : out.notes)
        comment += "# Note: " + n + ".\n";
    out.yaml = comment + yaml::writeYaml(canary);
    if (out.yaml.back() != '\n')
        out.yaml += '\n';
    return out;
}

}  // namespace gs::rollout

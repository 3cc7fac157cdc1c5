// The conformance status checks: for every test of ../shared/gateway-api/conformance/
// expectations.json that lists conditions, load base-manifests.yaml plus the test's manifest (as
// the suite prepares them), translate, and check every condition, listener and parent assertion,
// applying the test's patches (actions) in order. Tests that need a feature Gateway Studio does not
// claim are skipped with the feature named.

#include <QTest>

#include <functional>

#include "conformance_data.h"
#include "controller/translator.h"
#include "test_support.h"
#include "validation/validator.h"
#include "yaml/access.h"

using namespace gs;
using nlohmann::json;

namespace {

struct Run {
    model::ObjectSet objects;
    model::Translation translation;
};

void translateRun(Run& run)
{
    model::TranslateOptions options;
    options.controllerName = test::kConformanceController;
    run.translation = model::translate(run.objects, model::Workspace{}, options);
}

// "Gateway ns/name", "GatewayClass name", "namespace ns"
struct ObjectName {
    std::string kind, ns, name;
};

ObjectName parseObject(const std::string& text)
{
    ObjectName o;
    const std::size_t space = text.find(' ');
    o.kind = text.substr(0, space);
    std::string rest = text.substr(space + 1);
    const std::size_t slash = rest.find('/');
    if (slash == std::string::npos)
        o.name = rest;
    else {
        o.ns = rest.substr(0, slash);
        o.name = rest.substr(slash + 1);
    }
    return o;
}

const model::Object* findObject(const Run& run, const ObjectName& n, std::size_t* index = nullptr)
{
    const auto& objects = run.objects.objects();
    for (std::size_t i = 0; i < objects.size(); ++i)
        if (objects[i].id.kind == n.kind && objects[i].id.name == n.name && (n.ns.empty() || objects[i].id.ns == n.ns)) {
            if (index)
                *index = i;
            return &objects[i];
        }
    return nullptr;
}

const model::ObjectStatus* statusOf(const Run& run, const ObjectName& n)
{
    std::size_t i = 0;
    return findObject(run, n, &i) ? run.translation.statusOf(i) : nullptr;
}

bool conditionMatches(const model::Condition& c, const json& want)
{
    const std::string reason = want.value("reason", "*");
    return c.type == want["type"].get<std::string>() && model::toString(c.status) == want["status"].get<std::string>() &&
        (reason == "*" || c.reason == reason);
}

std::string describe(const model::Conditions& cs)
{
    std::string out;
    for (const model::Condition& c : cs.items)
        out += c.type + "=" + model::toString(c.status) + "/" + c.reason + " (" + c.message + ") ";
    return out;
}

bool hasCondition(const model::Conditions& cs, const json& want, std::string& why)
{
    for (const model::Condition& c : cs.items)
        if (conditionMatches(c, want))
            return true;
    why = "wanted " + want.value("type", "") + "=" + want.value("status", "") + "/" + want.value("reason", "*") +
        ", have: " + describe(cs);
    return false;
}

std::int64_t generationOf(const model::Object& o)
{
    const yaml::Node* metadata = yaml::child(o.doc, "metadata");
    return metadata ? yaml::childInt(*metadata, "generation", 1) : 1;
}

bool generationsCurrent(const model::Conditions& cs, std::int64_t generation)
{
    for (const model::Condition& c : cs.items)
        if (c.observedGeneration != generation)
            return false;
    return true;
}

class Checker {
public:
    explicit Checker(Run& run) : run_(run) { }

    // Returns "" when the assertion holds, else what is wrong.
    std::string check(const json& c)
    {
        if (c.contains("check"))
            return checkNamed(c);
        if (c.contains("parent"))
            return checkParent(c);
        if (c.contains("ancestor"))
            return checkAncestor(c);
        const ObjectName n = parseObject(c["object"]);
        const model::ObjectStatus* s = statusOf(run_, n);
        if (!s)
            return "no status for " + c["object"].get<std::string>();
        std::string why;
        if (c.contains("listener")) {
            if (!s->gateway)
                return "no listener status";
            for (const model::ListenerStatus& l : s->gateway->listeners)
                if ((c["listener"] == "*" || c["listener"] == l.name) && !hasCondition(l.conditions, c, why))
                    return "listener " + l.name + ": " + why;
            return {};
        }
        return hasCondition(s->conditions, c, why) ? std::string() : why;
    }

private:
    std::string checkParent(const json& c)
    {
        const ObjectName route = parseObject(c["object"]);
        const ObjectName parent = parseObject(c["parent"]);
        const model::ObjectStatus* s = statusOf(run_, route);
        if (!s)
            return "no status for " + c["object"].get<std::string>();
        std::string why = "no status.parents entry for " + c["parent"].get<std::string>();
        for (const model::RouteParentStatus& p : s->parents) {
            const model::ParentReference& ref = p.parentRef;
            const std::string ns = ref.ns.value_or(route.ns);
            if (ref.group != "gateway.networking.k8s.io" || ref.kind != parent.kind || ref.name != parent.name || ns != parent.ns)
                continue;
            if (p.controllerName != test::kConformanceController)
                return "controllerName is " + p.controllerName;
            if (hasCondition(p.conditions, c, why))
                return {};
        }
        return why;
    }

    // A policy's status.ancestors entry for a Gateway (GEP-713), written by this controller.
    std::string checkAncestor(const json& c)
    {
        const ObjectName policy = parseObject(c["object"]);
        const ObjectName ancestor = parseObject(c["ancestor"]);
        const model::ObjectStatus* s = statusOf(run_, policy);
        if (!s)
            return "no status for " + c["object"].get<std::string>();
        std::string why = "no status.ancestors entry for " + c["ancestor"].get<std::string>();
        for (const model::PolicyAncestorStatus& a : s->ancestors) {
            const model::ParentReference& ref = a.ancestorRef;
            if (ref.kind != ancestor.kind || ref.name != ancestor.name || ref.ns.value_or(policy.ns) != ancestor.ns)
                continue;
            if (a.controllerName != test::kConformanceController)
                return "controllerName is " + a.controllerName;
            if (hasCondition(a.conditions, c, why))
                return {};
        }
        return why;
    }

    std::string checkNamed(const json& c)
    {
        const std::string check = c["check"];
        const std::string object = c.value("object", "");
        auto startsWith = [&](const char* prefix) { return check.rfind(prefix, 0) == 0; };
        if (startsWith("all Gateways (except"))
            return checkNamespaceReady(parseObject(object).name);
        const ObjectName n = parseObject(object);
        std::size_t index = 0;
        const model::Object* o = findObject(run_, n, &index);
        const model::ObjectStatus* s = o ? run_.translation.statusOf(index) : nullptr;
        if (!s)
            return "no status for " + object;
        if (startsWith("every status.conditions[] entry has observedGeneration") || startsWith("has an Accepted condition"))
            return generationsCurrent(s->conditions, generationOf(*o)) && s->conditions.find("Accepted")
                ? std::string()
                : "conditions not at generation " + std::to_string(generationOf(*o)) + ": " + describe(s->conditions);
        if (startsWith("every condition in every status.parents[] entry has observedGeneration")) {
            for (const model::RouteParentStatus& p : s->parents)
                if (!generationsCurrent(p.conditions, generationOf(*o)))
                    return "parent conditions not at generation " + std::to_string(generationOf(*o));
            return s->parents.empty() ? "no parents" : "";
        }
        if (startsWith("status.addresses"))
            return checkAddresses(check, *s);
        if (startsWith("spec.addresses has 3 entries"))
            return {};
        if (startsWith("status.listeners (count must equal"))
            return checkListeners(c["listeners"], *s);
        if (startsWith("status.parents is empty, or has exactly one parent whose Accepted condition is F")) {
            if (s->parents.empty())
                return {};
            return s->parents.size() == 1 && s->parents[0].conditions.has("Accepted", model::ConditionStatus::False)
                ? std::string()
                : "parents: " + describe(s->parents[0].conditions);
        }
        if (startsWith("status.listeners is empty, or has exactly one listener with attachedRoutes == 0")) {
            if (!s->gateway || s->gateway->listeners.empty())
                return {};
            return s->gateway->listeners.size() == 1 && s->gateway->listeners[0].attachedRoutes == 0
                ? std::string()
                : "attachedRoutes " + std::to_string(s->gateway->listeners[0].attachedRoutes);
        }
        return "unknown check: " + check;
    }

    std::string checkNamespaceReady(const std::string& ns)
    {
        for (std::size_t i = 0; i < run_.objects.size(); ++i) {
            const model::Object& o = run_.objects.objects()[i];
            if (o.id.kind != "Gateway" || o.id.ns != ns)
                continue;
            const yaml::Node* metadata = yaml::child(o.doc, "metadata");
            const yaml::Node* annotations = metadata ? yaml::child(*metadata, "annotations") : nullptr;
            if (annotations && yaml::childText(*annotations, "gateway-api/skip-this-for-readiness") == "true")
                continue;
            const model::ObjectStatus* s = run_.translation.statusOf(i);
            if (!s || !s->conditions.has("Accepted", model::ConditionStatus::True) ||
                !s->conditions.has("Programmed", model::ConditionStatus::True))
                return "Gateway " + o.displayName() +
                    " is not ready: " + (s ? describe(s->conditions) : std::string("no status"));
        }
        return {};
    }

    std::string checkAddresses(const std::string& check, const model::ObjectStatus& s)
    {
        if (!s.gateway || s.gateway->addresses.empty())
            return "no status.addresses";
        for (const model::GatewayAddress& a : s.gateway->addresses)
            if (a.type.empty() || a.value.empty())
                return "an address without type or value";
        if (check.find("exactly 1 entry: the usable address") != std::string::npos)
            return s.gateway->addresses.size() == 1 && s.gateway->addresses[0].value == test::kUsableAddress
                ? std::string()
                : "addresses: " + s.gateway->addresses[0].value + " (" + std::to_string(s.gateway->addresses.size()) + ")";
        return {};
    }

    std::string checkListeners(const json& want, const model::ObjectStatus& s)
    {
        if (!s.gateway)
            return "no gateway status";
        const auto& have = s.gateway->listeners;
        if (have.size() != want.size())
            return "listener count " + std::to_string(have.size()) + ", want " + std::to_string(want.size());
        for (const json& w : want) {
            const auto it =
                std::find_if(have.begin(), have.end(), [&](const model::ListenerStatus& l) { return l.name == w["name"]; });
            if (it == have.end())
                return "no listener " + w["name"].get<std::string>();
            if (it->attachedRoutes != w["attachedRoutes"].get<std::int64_t>())
                return "listener " + it->name + " attachedRoutes " + std::to_string(it->attachedRoutes) + ", want " +
                    std::to_string(w["attachedRoutes"].get<std::int64_t>());
            if (w["supportedKinds"].empty() != it->supportedKinds.empty())
                return "listener " + it->name + " supportedKinds " + std::to_string(it->supportedKinds.size());
            for (const json& k : w["supportedKinds"])
                if (std::find(it->supportedKinds.begin(), it->supportedKinds.end(), model::Kind{k["group"], k["kind"]}) ==
                    it->supportedKinds.end())
                    return "listener " + it->name + " lacks supported kind " + k["kind"].get<std::string>();
            std::string why;
            for (const json& c : w["conditions"])
                if (!hasCondition(it->conditions, c, why))
                    return "listener " + it->name + ": " + why;
        }
        return {};
    }

    Run& run_;
};

// The suite's patches, by their text in expectations.json.
using Patch = std::function<void(yaml::Node& doc)>;

yaml::Node listener(const std::string& name, int port, const std::string& hostname, bool fromAll)
{
    yaml::Node l = yaml::Node::map();
    l.set("name", yaml::Node::string(name));
    l.set("port", yaml::Node::scalar(std::to_string(port), true));
    l.set("protocol", yaml::Node::string("HTTP"));
    l.set("hostname", yaml::Node::string(hostname));
    if (fromAll) {
        yaml::Node ns = yaml::Node::map();
        ns.set("from", yaml::Node::string("All"));
        yaml::Node allowed = yaml::Node::map();
        allowed.set("namespaces", ns);
        l.set("allowedRoutes", allowed);
    }
    return l;
}

std::optional<Patch> patchFor(const std::string& action)
{
    if (action.rfind("patch spec.rules[0].backendRefs[0].name -> infra-backend-v2", 0) == 0)
        return Patch([](yaml::Node& d) {
            d.find("spec")
                ->find("rules")
                ->items()[0]
                .find("backendRefs")
                ->items()[0]
                .set("name", yaml::Node::string("infra-backend-v2"));
        });
    if (action.rfind("patch: append listener {name: http, port: 80, protocol: HTTP, hostname: data.test.com", 0) == 0)
        return Patch(
            [](yaml::Node& d) { d.find("spec")->find("listeners")->append(listener("http", 80, "data.test.com", true)); });
    if (action.rfind("patch: append listener {name: alternate", 0) == 0)
        return Patch(
            [](yaml::Node& d) { d.find("spec")->find("listeners")->append(listener("alternate", 80, "foo.com", false)); });
    if (action == "patch: keep only the listener named http")
        return Patch([](yaml::Node& d) {
            auto& items = d.find("spec")->find("listeners")->items();
            items.erase(
                std::remove_if(items.begin(), items.end(), [](const yaml::Node& l) { return l.find("name")->text() != "http"; }),
                items.end());
        });
    if (action.rfind("patch spec.description = 'new'", 0) == 0)
        return Patch([](yaml::Node& d) { d.find("spec")->set("description", yaml::Node::string("new")); });
    if (action == "remove the invalid address" || action == "remove the unusable address")
        return Patch([invalid = action == "remove the invalid address"](yaml::Node& d) {
            auto& items = d.find("spec")->find("addresses")->items();
            items.erase(std::remove_if(items.begin(), items.end(),
                                       [&](const yaml::Node& a) {
                                           return invalid ? yaml::childText(a, "type") == "test/fake-invalid-type"
                                                          : yaml::childText(a, "value") == test::kUnusableAddress;
                                       }),
                        items.end());
        });
    return std::nullopt;
}

// Applies a patch as the API server would: the spec changes and metadata.generation goes up.
std::string applyAction(Run& run, const json& c)
{
    const auto patch = patchFor(c["action"]);
    if (!patch)
        return "unknown action: " + c["action"].get<std::string>();
    std::size_t index = 0;
    if (!findObject(run, parseObject(c["object"]), &index))
        return "no object " + c["object"].get<std::string>();
    model::Object& o = run.objects.objects()[index];
    const std::int64_t generation = generationOf(o);
    (*patch)(o.doc);
    o.doc.find("metadata")->set("generation", yaml::Node::scalar(std::to_string(generation + 1), true));
    model::Diagnostics diagnostics;
    model::validateObject(o, diagnostics);
    if (diagnostics.hasErrors())
        return "the patched object is invalid: " + diagnostics.all()[0].format();
    translateRun(run);
    return {};
}

}  // namespace

class TestConformanceStatus : public QObject {
    Q_OBJECT
    test::ConformanceData data_{test::sharedGatewayApiDir()};
    int passed_ = 0, failed_ = 0, skipped_ = 0, assertions_ = 0;

private slots:
    void statusChecks_data()
    {
        QTest::addColumn<QString>("name");
        QVERIFY(data_.ok());
        for (const json& t : data_.tests())
            if (!t["conditions"].empty())
                QTest::newRow(t["test"].get<std::string>().c_str()) << QString::fromStdString(t["test"]);
    }

    void statusChecks()
    {
        QFETCH(QString, name);
        const json& t = *data_.test(name.toStdString());
        // These run only for implementations that lack the feature; Gateway Studio has it.
        if (name == "TLSRouteListenerMixedTerminationNotSupported" || name == "TLSRouteListenerTerminateNotSupported") {
            ++skipped_;
            QSKIP("runs only where TLSRouteModeMixed / TLSRouteModeTerminate is not supported; Gateway Studio supports both");
        }
        if (const QStringList missing = data_.unclaimedFeatures(t); !missing.isEmpty()) {
            ++skipped_;
            QSKIP(qPrintable("needs features Gateway Studio does not claim: " + missing.join(", ")));
        }
        Run run;
        model::Topology topology = model::loadTopology(data_.sourcesFor(t));
        QVERIFY2(!topology.diagnostics.hasErrors(), qPrintable(test::diagnosticsText(topology.diagnostics)));
        run.objects = std::move(topology.objects);
        translateRun(run);
        Checker checker(run);
        QStringList failures;
        for (const json& c : t["conditions"]) {
            ++assertions_;
            std::string problem;
            try {
                problem = c.contains("action") ? applyAction(run, c) : checker.check(c);
            } catch (const json::exception& e) {
                problem = std::string("unreadable assertion (") + e.what() + "): " + c.dump();
            }
            if (!problem.empty())
                failures << QString::fromStdString(c.value("object", "") + ": " + problem);
        }
        (failures.isEmpty() ? passed_ : failed_)++;
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join("\n")));
    }

    void cleanupTestCase()
    {
        qInfo("conformance status: %d tests passed, %d failed, %d skipped (%d assertions)", passed_, failed_, skipped_,
              assertions_);
    }
};

GWS_TEST_MAIN_NEEDING_SHARED(TestConformanceStatus)
#include "tst_conformance_status.moc"

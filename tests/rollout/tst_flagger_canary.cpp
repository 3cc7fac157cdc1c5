// The rollout plan as a Flagger Canary: a golden file per case, and every output validated
// against Flagger's own CRD schema (../shared/progressive-delivery/flagger/crd.yaml; skipped,
// visibly, where it is absent): types, required fields, enums, patterns, and no field the CRD
// does not know (kubectl apply --validate=strict would refuse it).

#include <QtTest>

#include <fstream>
#include <regex>
#include <sstream>

#include "rollout/flagger_canary.h"
#include "topology.h"
#include "yaml/yaml_reader.h"

using namespace gs;

namespace {

std::string readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

const yaml::Node* at(const yaml::Node& n, std::initializer_list<std::string_view> path)
{
    const yaml::Node* cur = &n;
    for (std::string_view key : path)
        if (!(cur = cur->isMap() ? cur->find(key) : nullptr))
            return nullptr;
    return cur;
}

// Structural OpenAPI v3 checking, as far as Flagger's CRD uses it.
void check(const yaml::Node& value, const yaml::Node& schema, const std::string& path, std::vector<std::string>& errors)
{
    const std::string_view type = schema.find("type") ? schema.find("type")->str() : "";
    const auto fail = [&](const std::string& what) { errors.push_back(path + ": " + what); };
    if (type == "object") {
        if (!value.isMap())
            return fail("expected an object");
        const yaml::Node* properties = schema.find("properties");
        const bool open = schema.find("x-kubernetes-preserve-unknown-fields") || schema.find("additionalProperties");
        if (const yaml::Node* required = schema.find("required"))
            for (const yaml::Node& r : required->items())
                if (!value.find(r.str()))
                    fail("missing required field " + std::string(r.str()));
        for (const auto& entry : value.entries()) {
            const yaml::Node* sub = properties ? properties->find(entry.key) : nullptr;
            if (sub)
                check(entry.value, *sub, path + "." + entry.key, errors);
            else if (!open && properties)
                fail("unknown field " + entry.key);
        }
    } else if (type == "array") {
        if (!value.isSeq())
            return fail("expected an array");
        if (const yaml::Node* max = schema.find("maxItems"); max && value.items().size() > std::stoul(std::string(max->str())))
            fail("too many items");
        for (std::size_t i = 0; i < value.items().size(); ++i)
            if (const yaml::Node* items = schema.find("items"))
                check(value.items()[i], *items, path + "[" + std::to_string(i) + "]", errors);
    } else if (type == "string") {
        if (!value.isString())
            return fail("expected a string, got '" + value.text() + "'");
        if (const yaml::Node* pattern = schema.find("pattern");
            pattern && !std::regex_search(value.text(), std::regex(std::string(pattern->str()))))
            fail("'" + value.text() + "' does not match " + std::string(pattern->str()));
    } else if (type == "number" || type == "integer") {
        const auto t = value.scalarType();
        if (t != yaml::ScalarType::Int && !(type == "number" && t == yaml::ScalarType::Float))
            return fail("expected a " + std::string(type) + ", got '" + value.text() + "'");
    } else if (type == "boolean" && value.scalarType() != yaml::ScalarType::Bool) {
        return fail("expected a boolean");
    }
    if (const yaml::Node* values = schema.find("enum")) {
        bool listed = false;
        for (const yaml::Node& v : values->items())
            listed = listed || v.text() == value.text();
        if (!listed)
            fail("'" + value.text() + "' is not one of the CRD's values");
    }
}

std::vector<std::string> validateAgainstFlaggerCrd(const std::string& canaryYaml, std::string& skip)
{
    const std::string crdPath = std::string(GWS_SHARED_DIR) + "/progressive-delivery/flagger/crd.yaml";
    const std::string crdText = readFile(crdPath);
    if (crdText.empty()) {
        skip = crdPath + " is absent (reference data in ../shared)";
        return {};
    }
    const yaml::Node* schema = nullptr;
    const yaml::ReadResult crds = yaml::readYamlStream(crdText);
    for (const yaml::Document& d : crds.documents)
        if (const yaml::Node* kind = at(d.root, {"spec", "names", "kind"}); kind && kind->str() == "Canary")
            schema = at(d.root.find("spec")->find("versions")->items().front(), {"schema", "openAPIV3Schema"});
    if (!schema)
        return {"Flagger's CRD has no Canary schema"};
    const yaml::ReadResult canary = yaml::readYamlStream(canaryYaml);
    if (canary.documents.size() != 1 || !canary.errors.empty())
        return {"the export is not one YAML document"};
    std::vector<std::string> errors;
    check(canary.documents.front().root, *schema, "Canary", errors);
    return errors;
}

model::RolloutPlan plan(const std::string& ns, const std::string& route, int rule)
{
    model::RolloutPlan p;
    p.routeNamespace = ns;
    p.routeName = route;
    p.rule = rule;
    return p;
}

}  // namespace

class TstFlaggerCanary : public QObject {
    Q_OBJECT
private slots:
    void goldens_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("rule");
        QTest::addColumn<QString>("golden");
        QTest::addColumn<int>("stepTimeMs");
        QTest::addColumn<bool>("stableGates");
        QTest::newRow("canary template") << "resources/templates/canary.yaml"
                                         << "default/shop-canary/1"
                                         << "canary-template.yaml" << 60000 << false;
        QTest::newRow("shop with Deployments and gates against stable") << "tests/rollout/testdata/shop.yaml"
                                                                        << "shop/checkout/0"
                                                                        << "shop-checkout.yaml" << 30000 << true;
    }
    void goldens()
    {
        QFETCH(QString, input);
        QFETCH(QString, rule);
        QFETCH(QString, golden);
        QFETCH(int, stepTimeMs);
        QFETCH(bool, stableGates);
        const model::Topology t = model::loadTopology({std::string(GWS_SOURCE_DIR) + "/" + input.toStdString()});
        QVERIFY(!t.diagnostics.hasErrors());
        model::RolloutPlan p;
        std::string error;
        const std::optional<model::RuleRef> ref = model::parseRuleRef(rule.toStdString(), error);
        QVERIFY2(ref, error.c_str());
        p.aimAt(*ref);
        p.stepTimeMs = stepTimeMs;
        p.maxP99Ms = 250;
        p.max5xxRate = 0.005;
        p.threshold = 2;
        if (stableGates)
            p.maxP99IncreaseMs = 50;
        const rollout::FlaggerExport out = rollout::flaggerCanary(t.objects, p);
        QVERIFY2(!out.yaml.empty(), out.error.c_str());
        const std::string goldenPath = std::string(GWS_TESTDATA_DIR) + "/testdata/flagger/" + golden.toStdString();
        if (qEnvironmentVariableIsSet("GWS_WRITE_GOLDEN"))
            std::ofstream(goldenPath, std::ios::binary) << out.yaml;
        QCOMPARE(QString::fromStdString(out.yaml), QString::fromStdString(readFile(goldenPath)));
        std::string skip;
        const std::vector<std::string> errors = validateAgainstFlaggerCrd(out.yaml, skip);
        if (!skip.empty())
            QSKIP(skip.c_str());
        QVERIFY2(errors.empty(), errors.empty() ? "" : errors.front().c_str());
    }

    // The checker itself refuses what Flagger's CRD refuses, so a pass above means something.
    void crdCheckRefusesBadCanaries_data()
    {
        QTest::addColumn<QString>("yaml");
        QTest::addColumn<QString>("error");
        const QString head = "apiVersion: flagger.app/v1beta1\nkind: Canary\nmetadata:\n  name: a\n";
        QTest::newRow("no targetRef") << head + "spec:\n  analysis:\n    interval: 1m\n"
                                      << "missing required field targetRef";
        QTest::newRow("unknown provider") << head +
                "spec:\n  provider: envoy-gateway\n  targetRef: {apiVersion: apps/v1, kind: Deployment, name: a}\n  analysis: "
                "{}\n"
                                          << "not one of";
        QTest::newRow("interval pattern") << head +
                "spec:\n  targetRef: {apiVersion: apps/v1, kind: Deployment, name: a}\n  analysis:\n    interval: soon\n"
                                          << "does not match";
        QTest::newRow("unknown field") << head +
                "spec:\n  targetRef: {apiVersion: apps/v1, kind: Deployment, name: a}\n  analysis:\n    stepWeight: [1]\n    "
                "minRequests: 5\n"
                                       << "unknown field minRequests";
    }
    void crdCheckRefusesBadCanaries()
    {
        QFETCH(QString, yaml);
        QFETCH(QString, error);
        std::string skip;
        const std::vector<std::string> errors = validateAgainstFlaggerCrd(yaml.toStdString(), skip);
        if (!skip.empty())
            QSKIP(skip.c_str());
        std::string all;
        for (const std::string& e : errors)
            all += e + "\n";
        QVERIFY2(all.find(error.toStdString()) != std::string::npos, all.c_str());
    }

    void refusals()
    {
        const model::Topology t = model::loadTopology({std::string(GWS_TESTDATA_DIR) + "/testdata/shop.yaml"});
        QVERIFY(rollout::flaggerCanary(t.objects, plan("shop", "checkout", 1)).error.find("no rule 1") != std::string::npos);
        QVERIFY(rollout::flaggerCanary(t.objects, plan("shop", "gone", 0)).error.find("not in the files") != std::string::npos);
        model::RolloutPlan bad = plan("shop", "checkout", 0);
        bad.steps = {50, 20};
        QVERIFY(rollout::flaggerCanary(t.objects, bad).error.find("steps must increase") != std::string::npos);
    }

    void intervals()
    {
        QCOMPARE(rollout::flaggerInterval(60000), std::string("1m"));
        QCOMPARE(rollout::flaggerInterval(90000), std::string("90s"));
        QCOMPARE(rollout::flaggerInterval(10000), std::string("10s"));
        QCOMPARE(rollout::flaggerInterval(1500), std::string("1500ms"));
    }
};

QTEST_GUILESS_MAIN(TstFlaggerCanary)
#include "tst_flagger_canary.moc"

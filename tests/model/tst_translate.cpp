// Golden files of the controller semantics: for every testdata/translate/<case>.in.yaml (with an
// optional <case>.workspace.json), the status of each object and the runtime configuration must
// equal <case>.status.yaml and <case>.config.json. Set GWS_REGENERATE_GOLDEN=1 to rewrite them
// after an intended change, then review the diff.

#include <QFile>

#include <map>
#include <set>

#include "controller/config_json.h"
#include "controller/status_output.h"
#include "controller/translator.h"
#include "test_support.h"
#include "yaml/yaml_writer.h"

using namespace gs;

namespace {

const QString kDir = QStringLiteral(GWS_TESTDATA_DIR "/testdata/translate/");

bool regenerate() { return qEnvironmentVariableIntValue("GWS_REGENERATE_GOLDEN") == 1; }

void compareOrWrite(const QString& path, const std::string& actual)
{
    if (regenerate()) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(actual.data(), qint64(actual.size()));
        return;
    }
    QVERIFY2(QFile::exists(path), qPrintable(path + " is missing; run with GWS_REGENERATE_GOLDEN=1 and review it"));
    const std::string expected = test::readFile(path);
    if (expected != actual) {
        QFile out(path + ".actual");
        out.open(QIODevice::WriteOnly | QIODevice::Truncate);
        out.write(actual.data(), qint64(actual.size()));
    }
    QVERIFY2(expected == actual, qPrintable("differs from " + path + " (actual output written beside it as .actual)"));
}

// A GatewayClass "studio" and the Gateway default/gw with these listeners (block list lines),
// then the other documents.
std::string withGateway(const std::string& listeners, const std::string& rest)
{
    return "apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {name: studio}\n"
           "spec: {controllerName: gateway-studio.dev/test}\n---\n"
           "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: gw, namespace: default}\n"
           "spec:\n  gatewayClassName: studio\n  listeners:\n" +
        listeners + "---\n" + rest;
}

}  // namespace

class TestTranslate : public QObject {
    Q_OBJECT
private slots:
    void golden_data()
    {
        QTest::addColumn<QString>("name");
        for (const QString& f : QDir(kDir).entryList({"*.in.yaml"}, QDir::Files, QDir::Name))
            QTest::newRow(qPrintable(f.chopped(8))) << f.chopped(8);
    }

    void golden()
    {
        QFETCH(QString, name);
        const std::string text = test::readFile(kDir + name + ".in.yaml");
        const model::Topology t = test::loadText((name + ".in.yaml").toStdString(), text);
        QVERIFY2(!t.diagnostics.hasErrors(), qPrintable(test::diagnosticsText(t.diagnostics)));
        model::Workspace workspace;
        if (QFile::exists(kDir + name + ".workspace.json")) {
            std::string error;
            auto w = model::Workspace::fromJson(test::readFile(kDir + name + ".workspace.json"), error);
            QVERIFY2(w, error.c_str());
            workspace = *w;
        }
        const model::Translation translation = model::translate(t.objects, workspace);
        compareOrWrite(kDir + name + ".status.yaml", test::statusGolden(t.objects, translation));
        compareOrWrite(kDir + name + ".config.json", model::configToJson(translation.config));
    }

    void enoughCases() { QVERIFY(QDir(kDir).entryList({"*.in.yaml"}, QDir::Files).size() >= 40); }

    // Where only 127.0.0.1 can be bound (macOS), every Gateway is served there, each on ports of
    // its own: in name order, a port an earlier Gateway has moves to the next free one, the same
    // for every listener of the Gateway on it; the listeners' spec ports (which redirects and the
    // status use) do not change.
    void singleLoopbackAddressGivesEachGatewayItsOwnPorts()
    {
        auto gateway = [](const std::string& name, const std::string& listeners) {
            return "---\napiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: " + name +
                ", namespace: infra}\nspec:\n  gatewayClassName: studio\n  listeners:\n" + listeners;
        };
        const std::string text = "apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {name: studio}\n"
                                 "spec: {controllerName: gateway-studio.dev/test}\n" +
            gateway("a",
                    "    - {name: one, protocol: HTTP, port: 80, hostname: one.example.com}\n"
                    "    - {name: two, protocol: HTTP, port: 80, hostname: two.example.com}\n") +
            gateway("b", "    - {name: low, protocol: HTTP, port: 80}\n    - {name: high, protocol: HTTP, port: 8080}\n") +
            gateway("c", "    - {name: http, protocol: HTTP, port: 80}\n    - {name: dns, protocol: UDP, port: 8080}\n") +
            gateway("d", "    - {name: top, protocol: HTTP, port: 65535}\n") +
            gateway("e", "    - {name: top, protocol: HTTP, port: 65535}\n");
        const model::Topology t = test::loadText("gateways.yaml", text);
        QVERIFY2(!t.diagnostics.hasErrors(), qPrintable(test::diagnosticsText(t.diagnostics)));
        model::TranslateOptions options;
        options.singleLoopbackAddress = true;
        const model::Translation translation = model::translate(t.objects, {}, options);
        std::map<std::string, std::pair<int, int>> ports;  // listener → spec port, served port
        for (const auto& g : translation.config.gateways) {
            QCOMPARE(g.address, std::string("127.0.0.1"));
            for (const auto& l : g.listeners) {
                QCOMPARE(l.address, std::string("127.0.0.1"));
                ports[g.gatewayName + "/" + l.listenerName] = {l.port, l.servedPort};
            }
        }
        const std::map<std::string, std::pair<int, int>> expected{
            {"a/one", {80, 8080}},     {"a/two", {80, 8080}},  // a keeps its ports, both listeners together
            {"b/low", {80, 18080}},    {"b/high", {8080, 8081}},  // 8080 is a's: the next free one
            {"c/http", {80, 18081}},   {"c/dns", {8080, 8080}},  // 80 → 18080 (beside 8080/UDP), b's: 18081; UDP 8080 is free
            {"d/top", {65535, 65535}},  // e/top has no free port left: not served
        };
        QCOMPARE(ports, expected);
        std::vector<std::string> refused;
        for (const model::ObjectStatus& s : translation.statuses)
            if (s.gateway)
                for (const model::ListenerStatus& l : s.gateway->listeners)
                    for (const model::Condition& c : l.conditions.items)
                        if (c.type == "Accepted" && c.reason == "PortUnavailable")
                            refused.push_back(l.name + ": " + c.message);
        QCOMPARE(refused.size(), std::size_t(1));
        QVERIFY2(refused[0].find("top: Listener") == 0 &&
                     refused[0].find("no port from 65535 up is free on 127.0.0.1") != std::string::npos,
                 refused[0].c_str());

        // Without it, each Gateway on its own 127.x address and ports as the spec maps them.
        const model::Translation usual = model::translate(t.objects, {});
        std::set<std::string> addresses;
        for (const auto& g : usual.config.gateways) {
            addresses.insert(g.address);
            for (const auto& l : g.listeners)
                QCOMPARE(int(l.servedPort), l.port < 1024 ? (g.gatewayName == "a" ? 8080 : 18080) : l.port);
        }
        QVERIFY(!usual.hasProblems());
        QCOMPARE(addresses.size(), std::size_t(5));
        QVERIFY(!addresses.count("127.0.0.1"));

        // An address that needs no alias (127.0.0.1 itself, or not loopback) is kept as given.
        model::Workspace pinned;
        pinned.gatewayAddresses = {{"infra/a", "127.0.0.1"}, {"infra/b", "127.0.0.9"}, {"infra/c", "192.0.2.10"}};
        std::map<std::string, std::string> kept;
        for (const auto& g : model::translate(t.objects, pinned, options).config.gateways)
            kept[g.gatewayName] = g.address;
        QCOMPARE(kept["a"], std::string("127.0.0.1"));
        QCOMPARE(kept["b"], std::string("127.0.0.1"));  // an alias: not bindable here
        QCOMPARE(kept["c"], std::string("192.0.2.10"));
    }

    // Listeners whose route entries come out equal hold one list (kept once in memory); a listener
    // whose hostname narrows the routes has its own; changing one listener's list leaves the other's.
    void listenersWithEqualRoutesShareOneList()
    {
        const std::string text =
            withGateway("    - {name: web, protocol: HTTP, port: 80}\n"
                        "    - {name: alt, protocol: HTTP, port: 8080}\n"
                        "    - {name: narrow, protocol: HTTP, port: 8081, hostname: a.example.com}\n",
                        "apiVersion: v1\nkind: Service\nmetadata: {name: echo, namespace: default}\n"
                        "spec: {selector: {app: echo}, ports: [{port: 80}]}\n---\n"
                        "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r, namespace: default}\n"
                        "spec:\n  parentRefs: [{name: gw}]\n  hostnames: [a.example.com, b.example.com]\n"
                        "  rules: [{backendRefs: [{name: echo, port: 80}]}]\n");
        const model::Topology t = test::loadText("share.yaml", text);
        QVERIFY2(!t.diagnostics.hasErrors(), qPrintable(test::diagnosticsText(t.diagnostics)));
        model::Translation translation = model::translate(t.objects, {});
        QCOMPARE(translation.config.gateways.size(), std::size_t(1));
        auto& listeners = translation.config.gateways[0].listeners;
        QCOMPARE(listeners.size(), std::size_t(3));
        const auto& web = listeners[0].httpRoutes;
        const auto& alt = listeners[1].httpRoutes;
        const auto& narrow = listeners[2].httpRoutes;
        QCOMPARE(web.size(), std::size_t(2));  // one entry per hostname
        QVERIFY(web.identity() != nullptr);
        QCOMPARE(alt.identity(), web.identity());
        QVERIFY(narrow.identity() != web.identity());
        QCOMPARE(narrow.size(), std::size_t(1));
        QCOMPARE(narrow[0].hostname, std::string("a.example.com"));

        listeners[1].httpRoutes.edit()[0].backends.at(0).weight = 7;
        QVERIFY(listeners[1].httpRoutes.identity() != listeners[0].httpRoutes.identity());
        QCOMPARE(listeners[0].httpRoutes[0].backends.at(0).weight, std::uint32_t(1));
        QCOMPARE(listeners[1].httpRoutes[0].backends.at(0).weight, std::uint32_t(7));
    }

    // The targets of one Service port hold one endpoint list; another port has its own.
    void targetsOfOneServicePortShareOneEndpointList()
    {
        const std::string text =
            withGateway("    - {name: web, protocol: HTTP, port: 80}\n",
                        "apiVersion: v1\nkind: Service\nmetadata: {name: echo, namespace: default}\n"
                        "spec: {selector: {app: echo}, ports: [{name: a, port: 80}, {name: b, port: 81}]}\n---\n"
                        "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r, namespace: default}\n"
                        "spec:\n  parentRefs: [{name: gw}]\n  rules:\n"
                        "    - matches: [{path: {type: PathPrefix, value: /a}}]\n      backendRefs: [{name: echo, port: 80}]\n"
                        "    - matches: [{path: {type: PathPrefix, value: /b}}]\n      backendRefs: [{name: echo, port: 80}]\n"
                        "    - matches: [{path: {type: PathPrefix, value: /c}}]\n      backendRefs: [{name: echo, port: 81}]\n");
        const model::Topology t = test::loadText("endpoints.yaml", text);
        QVERIFY2(!t.diagnostics.hasErrors(), qPrintable(test::diagnosticsText(t.diagnostics)));
        const model::Translation translation = model::translate(t.objects, {});
        QCOMPARE(translation.config.gateways.size(), std::size_t(1));
        std::map<std::string, const runtime::config::ServiceTarget*> byPath;
        for (const auto& e : translation.config.gateways[0].listeners.at(0).httpRoutes)
            byPath[e.match.path.value] = &e.backends.at(0).target;
        QCOMPARE(byPath.size(), std::size_t(3));
        QVERIFY(!byPath["/a"]->endpoints.empty());
        QCOMPARE(byPath["/a"]->endpoints.identity(), byPath["/b"]->endpoints.identity());
        QVERIFY(byPath["/c"]->endpoints.identity() != byPath["/a"]->endpoints.identity());
        QCOMPARE(byPath["/c"]->endpoints.size(), byPath["/a"]->endpoints.size());
    }

    // The same input gives the same output, whatever the order of earlier translations.
    void translationIsPure()
    {
        const std::string text = test::readFile(kDir + "precedence-http.in.yaml");
        const model::Topology t = test::loadText("p.yaml", text);
        const std::string first = model::configToJson(model::translate(t.objects, {}).config);
        const std::string second = model::configToJson(model::translate(t.objects, {}).config);
        QCOMPARE(first, second);
    }
};

QTEST_GUILESS_MAIN(TestTranslate)
#include "tst_translate.moc"

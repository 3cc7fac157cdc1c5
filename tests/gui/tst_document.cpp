// The Document and its models: every model under QAbstractItemModelTester while the document is
// loaded, edited (canvas, inspector, YAML), undone, saved and reopened.
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

#include "document.h"
#include "graph_scene.h"

using gs::gui::Document;
using gs::gui::DocumentFiles;

namespace {

QString readFile(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return QString::fromUtf8(f.readAll());
}

void writeFile(const QString& path, const QString& text)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(text.toUtf8()) < 0)
        qFatal("cannot write %s", qPrintable(path));
}

QString demo() { return readFile(QStringLiteral(GWS_SOURCE_DIR "/resources/demo/demo.yaml")); }

// The row of a node id in the node model, or -1.
int rowOf(QAbstractItemModel* model, const QString& id, int role)
{
    for (int r = 0; r < model->rowCount(); ++r)
        if (model->index(r, 0).data(role).toString() == id)
            return r;
    return -1;
}

// The node's rectangle, and whether it overlaps another node.
QRectF rectOf(Document& d, const QString& id)
{
    const QVariantMap g = d.nodeGeometry(id);
    return {g.value("x").toDouble(), g.value("y").toDouble(), g.value("width").toDouble(), g.value("height").toDouble()};
}

bool overlapsAnother(Document& d, const QString& id)
{
    const QRectF r = rectOf(d, id);
    for (int row = 0; row < d.nodes()->rowCount(); ++row) {
        const QString other = d.nodes()->index(row, 0).data(gs::gui::NodeListModel::IdRole).toString();
        if (other != id && rectOf(d, other).intersects(r))
            return true;
    }
    return false;
}

QString edgeLabel(Document& d, const QString& id)
{
    const int row = rowOf(d.edges(), id, gs::gui::EdgeListModel::IdRole);
    return row < 0 ? QStringLiteral("<none>") : d.edges()->index(row, 0).data(gs::gui::EdgeListModel::LabelRole).toString();
}

}  // namespace

class TestDocument : public QObject {
    Q_OBJECT

    // Watches every model of `d` for the whole test.
    void testModels(Document& d)
    {
        const auto mode = QAbstractItemModelTester::FailureReportingMode::QtTest;
        for (QAbstractItemModel* m : std::initializer_list<QAbstractItemModel*>{
                 d.nodes(), d.edges(), d.groups(), d.problems(), d.inspector(), d.visibleNodes(), d.visibleEdges()})
            new QAbstractItemModelTester(m, mode, &d);
    }

private slots:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName("gateway-studio.dev-tests");  // recent files apart from the user's
        QSettings().clear();
    }

    void noticesChangesOnDiskAndRemembersFiles()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("watched.yaml");
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(demo().toUtf8());
        }
        Document d;
        QSignalSpy recent(d.fileOps(), &DocumentFiles::recentFilesChanged);
        QVERIFY(d.fileOps()->openFile(path));
        QCOMPARE(d.fileOps()->recentFiles().value(0), QFileInfo(path).absoluteFilePath());
        QVERIFY(d.edits()->setBackendWeight("httproute/default/traffic-split/rule/0/backend/1", 30));
        QVERIFY(d.fileOps()->save());
        QTest::qWait(200);
        QVERIFY2(!d.fileOps()->changedOnDisk(), "our own save is not a change on disk");
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Append));
            f.write("# edited elsewhere\n");
        }
        QTRY_VERIFY(d.fileOps()->changedOnDisk());
        QVERIFY(!d.modified());
        d.fileOps()->keepMine();
        QVERIFY(!d.fileOps()->changedOnDisk());
        QVERIFY(d.modified());
        QVERIFY(d.fileOps()->save());
        QVERIFY(!readFile(path).contains("edited elsewhere"));
        QVERIFY(d.fileOps()->saveAs(dir.filePath("other.yaml")));
        QCOMPARE(d.fileOps()->recentFiles().size(), 2);
        QCOMPARE(d.fileOps()->recentFiles().value(0), QFileInfo(dir.filePath("other.yaml")).absoluteFilePath());
        QVERIFY(recent.count() >= 2);
    }

    void autosaveAndRecovery()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("crashy.yaml");
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(demo().toUtf8());
        }
        QString edited;
        {
            Document d;
            d.fileOps()->setAutosaveInterval(20);
            QVERIFY(d.fileOps()->openFile(path));
            QVERIFY(!d.fileOps()->recoveryAvailable());
            QVERIFY(d.edits()->setBackendWeight("httproute/default/traffic-split/rule/0/backend/1", 30));
            edited = d.yamlText();
            QTRY_VERIFY(QFile::exists(DocumentFiles::autosavePathFor(path)));
        }  // "crash": the edits were never saved
        Document d;
        QVERIFY(d.fileOps()->openFile(path));
        QVERIFY(d.fileOps()->recoveryAvailable());
        QCOMPARE(d.yamlText(), demo());
        d.fileOps()->restoreRecovered();
        QCOMPARE(d.yamlText(), edited);
        QVERIFY(d.modified());
        QVERIFY(d.fileOps()->save());
        QVERIFY(!QFile::exists(DocumentFiles::autosavePathFor(path)));
        Document again;
        QVERIFY(again.fileOps()->openFile(path));
        QVERIFY(!again.fileOps()->recoveryAvailable());
    }

    // Opening other files while edits are offered back drops the offer, and says so: the bar
    // that offers them goes away.
    void openingOtherFilesWithdrawsTheRecoveryOffer()
    {
        QTemporaryDir dir;
        const QString crashy = dir.filePath("crashy.yaml"), plain = dir.filePath("plain.yaml");
        for (const QString& p : {crashy, plain}) {
            QFile f(p);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(demo().toUtf8());
        }
        {
            QFile f(DocumentFiles::autosavePathFor(crashy));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(demo().replace("weight: 20", "weight: 30").toUtf8());
        }
        Document d;
        QVERIFY(d.fileOps()->openFile(crashy));
        QVERIFY(d.fileOps()->recoveryAvailable());
        QSignalSpy changed(d.fileOps(), &DocumentFiles::recoveryChanged);
        QVERIFY(d.fileOps()->openFile(plain));
        QVERIFY(!d.fileOps()->recoveryAvailable());
        QVERIFY(changed.count() >= 1);
    }

    void loadsTheDemo()
    {
        Document d;
        testModels(d);
        d.loadText(demo(), "demo.yaml");
        QCOMPARE(d.objectCount(), 8);
        QCOMPARE(d.nodes()->rowCount(), 8);
        QCOMPARE(d.edges()->rowCount(), 7);  // gatewayClassName, 2 parentRefs, 4 backendRefs
        QCOMPARE(d.groups()->rowCount(), 1);
        QCOMPARE(d.problems()->rowCount(), 0);
        QCOMPARE(edgeLabel(d, "httproute/default/traffic-split/rule/0/backend/0"), QStringLiteral("80 · 80%"));
        QVERIFY(!d.modified());
        const QVariantMap port = d.nodes()
                                     ->index(rowOf(d.nodes(), "gateway/default/demo-gateway", gs::gui::NodeListModel::IdRole), 0)
                                     .data(gs::gui::NodeListModel::PortsRole)
                                     .toList()
                                     .at(0)
                                     .toMap();
        QCOMPARE(port.value("name").toString(), QStringLiteral("http"));
        QCOMPARE(port.value("port").toInt(), 80);
    }

    void selectionFillsInspectorAndStatus()
    {
        Document d;
        testModels(d);
        d.loadText(demo());
        d.selection()->setCurrent("httproute/default/traffic-split");
        QVERIFY(d.inspector()->rowCount() > 5);
        bool sawWeight = false;
        for (const auto& f : d.inspector()->fields())
            sawWeight = sawWeight || (f.path == "spec.rules[0].backendRefs[1].weight" && f.value == "20");
        QVERIFY(sawWeight);
        const QVariantList conditions = d.selection()->conditions();
        QCOMPARE(conditions.size(), 2);
        QCOMPARE(conditions[0].toMap().value("type").toString(), QStringLiteral("Accepted"));
        QVERIFY(!conditions[0].toMap().value("message").toString().isEmpty());
        d.selection()->setCurrent({});
        QCOMPARE(d.inspector()->rowCount(), 0);
    }

    void weightEditIsOneUndoStep()
    {
        Document d;
        testModels(d);
        d.loadText(demo());
        QVERIFY(d.edits()->setBackendWeight("httproute/default/traffic-split/rule/0/backend/1", 80));
        QCOMPARE(edgeLabel(d, "httproute/default/traffic-split/rule/0/backend/1"), QStringLiteral("80 · 50%"));
        QCOMPARE(d.yamlText().count("weight: 80"), 2);
        QVERIFY(d.modified());
        QVERIFY(d.yamlText().startsWith("# Gateway Studio demo"));
        d.undo();
        QCOMPARE(edgeLabel(d, "httproute/default/traffic-split/rule/0/backend/1"), QStringLiteral("20 · 20%"));
        QVERIFY(!d.modified());
        d.redo();
        QCOMPARE(edgeLabel(d, "httproute/default/traffic-split/rule/0/backend/1"), QStringLiteral("80 · 50%"));
    }

    void invalidFieldShowsItsError()
    {
        Document d;
        testModels(d);
        d.loadText(demo());
        d.selection()->setCurrent("gateway/default/demo-gateway");
        QVERIFY(d.edits()->setField(d.selection()->current(), "spec.listeners[0].port", "99999", "int"));
        QVERIFY(d.errorCount() > 0);
        std::string error;
        for (const auto& f : d.inspector()->fields())
            if (f.path == "spec.listeners[0].port")
                error = f.error;
        QVERIFY2(!error.empty(), "the port's error is beside the port");
        const int portRow = d.inspector()->rowOfField("spec.listeners[0].port");
        QCOMPARE(d.inspector()->pathAt(portRow), QStringLiteral("spec.listeners[0].port"));
        QCOMPARE(d.inspector()->pathAt(d.inspector()->rowOfField("spec.listeners[0].allowedRoutes.namespaces.from")),
                 QStringLiteral("spec.listeners[0].allowedRoutes.namespaces.from"));
        QCOMPARE(d.inspector()->rowOfField("spec.addresses[0]"), -1);
        QVERIFY(d.problems()->rowCount() > 0);
        d.undo();
        QCOMPARE(d.errorCount(), 0);
    }

    // The inspector's buttons: each adds or removes one item as one undo step, and the form then
    // shows the new item's fields.
    void inspectorAddsMatchesAndFilters()
    {
        Document d;
        testModels(d);
        d.loadText(demo());
        const QString route = "httproute/default/app-route";
        d.selection()->setCurrent(route);
        auto rowOf = [&](const std::string& path) {
            for (const auto& f : d.inspector()->fields())
                if (f.path == path)
                    return f.value;
            return std::string("<absent>");
        };
        QVERIFY(d.edits()->addItem(route, "spec.rules[0].matches[0].headers", "headerMatch"));
        QVERIFY(d.yamlText().contains("headers:\n            - name: X-Example-0\n              value: example"));
        QCOMPARE(rowOf("spec.rules[0].matches[0].headers[0].name"), std::string("X-Example-0"));
        QVERIFY(d.edits()->setField(route, "spec.rules[0].matches[0].headers[0].value", "canary", "text"));
        QVERIFY(d.edits()->addItem(route, "spec.rules[0].filters", "RequestHeaderModifier"));
        QVERIFY(d.yamlText().contains("filters:\n        - type: RequestHeaderModifier\n          requestHeaderModifier:\n"
                                      "            set:\n              - name: X-Example\n"));
        QVERIFY(d.edits()->setField(route, "spec.rules[0].filters[0].requestHeaderModifier.remove", "X-Debug, X-Trace", "list"));
        QVERIFY(d.yamlText().contains("remove:\n              - X-Debug\n              - X-Trace"));
        QVERIFY(d.edits()->addItem(route, "spec.rules[0].matches", "match"));
        QVERIFY(d.edits()->setField(route, "spec.rules[0].matches[1].method", "POST", "choice"));
        QCOMPARE(rowOf("spec.rules[0].matches[1].method"), std::string("POST"));
        QCOMPARE(d.errorCount(), 0);
        QCOMPARE(d.problems()->rowCount(), 0);

        // A redirect beside backendRefs is refused by the CRD's CEL rule: the error is beside the filter.
        QVERIFY(d.edits()->addItem(route, "spec.rules[0].filters", "RequestRedirect"));
        QCOMPARE(rowOf("spec.rules[0].filters[1].requestRedirect.statusCode"), std::string("301"));
        QCOMPARE(d.errorCount(), 1);
        const int errorRow = d.inspector()->rowOfField(QString::fromStdString(d.topology().diagnostics.all()[0].field));
        QVERIFY(errorRow >= 0);
        QVERIFY2(!d.inspector()->fields()[std::size_t(errorRow)].error.empty(), d.topology().diagnostics.all()[0].field.c_str());
        QVERIFY(d.edits()->removeItem(route, "spec.rules[0].filters[1]"));
        QCOMPARE(rowOf("spec.rules[0].filters[1].requestRedirect.statusCode"), std::string("<absent>"));
        QCOMPARE(d.errorCount(), 0);
        d.undo();
        QCOMPARE(rowOf("spec.rules[0].filters[1].requestRedirect.statusCode"), std::string("301"));
        for (int i = 0; i < 7; ++i)
            d.undo();  // each add and set was one step
        QCOMPARE(d.yamlText(), demo());
        QVERIFY(!d.edits()->addItem(route, "spec.rules[0].matches", "no-such-item"));
        QVERIFY(!d.edits()->removeItem(route, "spec.rules[9]"));
    }

    // Every kind's form: the rows the inspector shows for the fields that matter, as a table.
    void inspectorFormsOfEveryKind_data()
    {
        QTest::addColumn<QString>("templateName");
        QTest::addColumn<QString>("id");
        QTest::addColumn<QStringList>("paths");
        QTest::newRow("listener TLS") << "tls-terminate"
                                      << "gateway/default/secure"
                                      << QStringList{
                                             "spec.listeners[0].tls.mode", "spec.listeners[0].tls.certificateRefs[0].name",
                                             "spec.listeners[0].tls.options", "spec.listeners[1].allowedRoutes.namespaces.from"};
        QTest::newRow("gRPC method") << "grpc"
                                     << ""
                                     << QStringList{"spec.rules[0].matches[0].method.service",
                                                    "spec.rules[0].matches[0].method.method"};
        QTest::newRow("class") << "plain-http"
                               << "gatewayclass/gateway-studio"
                               << QStringList{"spec.controllerName", "spec.parametersRef.name", "spec.parametersRef.kind"};
        QTest::newRow("grant") << "cross-namespace"
                               << ""
                               << QStringList{"spec.from[0].kind", "spec.from[0].namespace", "spec.to[0].kind",
                                              "spec.to[0].name"};
        QTest::newRow("backends") << "canary"
                                  << ""
                                  << QStringList{"spec.rules[1].backendRefs[1].weight", "spec.rules[0].backendRefs[0].namespace",
                                                 "spec.rules[0].timeouts.backendRequest"};
    }

    void inspectorFormsOfEveryKind()
    {
        QFETCH(QString, templateName);
        QFETCH(QString, id);
        QFETCH(QStringList, paths);
        Document d;
        testModels(d);
        QVERIFY(d.fileOps()->newFromTemplate(templateName));
        QString node = id;
        const QString kind = QString(QTest::currentDataTag()) == "grant" ? "referencegrant/"
            : QString(QTest::currentDataTag()) == "gRPC method"          ? "grpcroute/"
                                                                         : "httproute/";
        for (int r = 0; node.isEmpty() && r < d.nodes()->rowCount(); ++r) {
            const QString candidate = d.nodes()->index(r, 0).data(gs::gui::NodeListModel::IdRole).toString();
            if (candidate.startsWith(kind))
                node = candidate;
        }
        d.selection()->setCurrent(node);
        QVERIFY2(d.inspector()->rowCount() > 0, qPrintable(node));
        QStringList shown;
        for (const auto& f : d.inspector()->fields())
            shown.append(QString::fromStdString(f.path));
        for (const QString& path : paths)
            QVERIFY2(shown.contains(path), qPrintable(node + " has no row " + path + ": " + shown.join(' ')));
    }

    void createdAndPastedNodesCentreTheirHeaderOnThePoint()
    {
        Document d;
        d.loadText(demo());
        // Far from the demo's nodes: the spot is free, so the node goes exactly there.
        const QString service = d.edits()->createObject("Service", 5000, 4000);
        const QRectF r = rectOf(d, service);
        QCOMPARE(r.center().x(), 5000.0);
        QCOMPARE(r.top() + gs::gui::GraphScene::kHeaderHeight / 2, 4000.0);
        const QStringList pasted = d.edits()->pasteYaml(d.edits()->objectYaml(service), 7000, 4000);
        QCOMPARE(rectOf(d, pasted.front()).center().x(), 7000.0);
    }

    void createConnectAndDelete()
    {
        Document d;
        testModels(d);
        d.loadText(demo());
        const QString route = d.edits()->createObject("HTTPRoute", 100, 200);
        QCOMPARE(route, QStringLiteral("httproute/default/httproute-1"));
        QCOMPARE(d.nodes()->rowCount(), 9);
        QCOMPARE(d.selection()->current(), route);
        // Where it was asked for, or the nearest free spot: over no other node.
        QVERIFY(!overlapsAnother(d, route));
        QVERIFY(QLineF(rectOf(d, route).topLeft(), QPointF(100, 200)).length() < 600);
        QVERIFY(d.edits()->connectNodes(route, "gateway/default/demo-gateway", "http"));
        QVERIFY(d.yamlText().contains("sectionName: http"));
        // Written as kubectl users write a route: parentRefs before rules, whatever came first.
        const QString created = d.yamlText().mid(d.yamlText().indexOf("name: httproute-1"));
        QVERIFY2(created.indexOf("parentRefs:") >= 0 && created.indexOf("parentRefs:") < created.indexOf("rules:"),
                 qPrintable(created));
        QVERIFY(rowOf(d.edges(), route + "/parent/0", gs::gui::EdgeListModel::IdRole) >= 0);
        QVERIFY(!d.edits()->connectNodes(route, "gateway/default/demo-gateway", "http"));
        QCOMPARE(d.message(), QStringLiteral("default/httproute-1 is already attached to listener http"));
        QVERIFY(d.edits()->connectNodes(route, "service/default/app-v1", ""));
        QVERIFY(d.yamlText().contains("weight: 1"));
        QVERIFY(!d.edits()->connectNodes("service/default/app-v1", route, ""));

        const QStringList broken = d.edits()->brokenReferences("service/default/app-v1");
        QCOMPARE(broken.size(), 2);  // traffic-split and the new route, each named by its field
        QVERIFY2(broken.contains("HTTPRoute default/traffic-split: rules[0].backendRefs[0] → Service default/app-v1"),
                 qPrintable(broken.join(" | ")));
        QVERIFY2(broken.contains("HTTPRoute default/httproute-1: rules[0].backendRefs[0] → Service default/app-v1"),
                 qPrintable(broken.join(" | ")));
        QVERIFY(d.edits()->deleteObject("service/default/app-v1"));
        QCOMPARE(d.objectCount(), 8);
        // The references now point at nothing: a placeholder node and a BackendNotFound problem.
        const int ghost = rowOf(d.nodes(), "service/default/app-v1", gs::gui::NodeListModel::IdRole);
        QVERIFY(ghost >= 0);
        QVERIFY(d.nodes()->index(ghost, 0).data(gs::gui::NodeListModel::MissingRole).toBool());
        QVERIFY(d.problems()->rowCount() > 0);
        for (int i = 0; i < 4; ++i)
            d.undo();
        QCOMPARE(d.yamlText(), demo());
    }

    void renameUpdatesReferences()
    {
        Document d;
        testModels(d);
        d.loadText(demo());
        d.moveNode("service/default/app-v1", 777, 55, true, 0, 0);
        QVERIFY(d.edits()->renameObject("service/default/app-v1", "app-stable"));
        QCOMPARE(d.selection()->current(), QStringLiteral("service/default/app-stable"));
        QCOMPARE(d.errorCount(), 0);
        QCOMPARE(d.problems()->rowCount(), 0);  // the backendRef follows: no BackendNotFound
        QVERIFY(d.yamlText().contains("- name: app-stable\n          port: 8080\n          weight: 80"));
        QCOMPARE(d.nodeGeometry("service/default/app-stable").value("x").toDouble(), 777.0);
        QVERIFY(d.yamlText().startsWith("# Gateway Studio demo"));
        d.undo();
        QVERIFY(d.yamlText().contains("- name: app-v1"));

        QVERIFY(d.edits()->setField("gateway/default/demo-gateway", "metadata.name", "edge", "text"));
        QCOMPARE(d.yamlText().count("- name: edge"), 2);  // both routes' parentRefs
        QCOMPARE(d.problems()->rowCount(), 0);
        QVERIFY(d.edits()->renameObject("gatewayclass/gateway-studio", "studio"));
        QVERIFY(d.yamlText().contains("gatewayClassName: studio"));
        QCOMPARE(d.problems()->rowCount(), 0);
        QVERIFY(!d.edits()->renameObject("service/default/app-v2", "app-v1"));  // taken
        QVERIFY(d.message().contains("exists already"));
    }

    void multiSelectionDeletesInOneStep()
    {
        Document d;
        testModels(d);
        d.loadText(demo());
        d.selection()->setCurrent("service/default/app-v1");
        d.selection()->toggle("service/default/app-v2");
        d.selection()->toggle("httproute/default/traffic-split");
        QCOMPARE(d.selection()->ids().size(), 3);
        QCOMPARE(d.selection()->current(), QStringLiteral("httproute/default/traffic-split"));
        d.selection()->toggle("httproute/default/traffic-split");
        QCOMPARE(d.selection()->current(), QStringLiteral("service/default/app-v2"));
        d.selection()->toggle("httproute/default/traffic-split");
        // The route goes too, so nothing else refers to the Services.
        QVERIFY(d.edits()->brokenReferencesOfSelection().isEmpty());
        QVERIFY(d.edits()->deleteSelection());
        QCOMPARE(d.objectCount(), 5);
        QCOMPARE(d.errorCount(), 0);
        QVERIFY(d.selection()->ids().isEmpty());
        QVERIFY(d.yamlText().startsWith("# Gateway Studio demo"));
        d.undo();
        QCOMPARE(d.yamlText(), demo());
        d.selection()->setCurrent("service/default/app-v1");
        QCOMPARE(d.edits()->brokenReferencesOfSelection().size(), 1);
        // One Service referred to by two rules of one route: two lines that say which.
        d.loadText(demo().replace("name: api-service\n          port: 8080", "name: app-service\n          port: 8080"));
        d.selection()->setCurrent("service/default/app-service");
        QCOMPARE(d.edits()->brokenReferencesOfSelection(),
                 (QStringList{"HTTPRoute default/app-route: rules[0].backendRefs[0] → Service default/app-service",
                              "HTTPRoute default/app-route: rules[1].backendRefs[0] → Service default/app-service"}));
    }

    void draggingTheSelectionMovesItAll()
    {
        Document d;
        testModels(d);
        d.loadText(demo());
        const double v1 = d.nodeGeometry("service/default/app-v1").value("x").toDouble();
        const double v2 = d.nodeGeometry("service/default/app-v2").value("y").toDouble();
        d.selection()->setCurrent("service/default/app-v1");
        d.selection()->toggle("service/default/app-v2");
        d.beginMoveSelection();
        d.moveSelectionBy(10, 10);
        d.moveSelectionBy(40, 25);
        d.endMoveSelection(40, 25);
        QCOMPARE(d.nodeGeometry("service/default/app-v1").value("x").toDouble(), v1 + 40);
        QCOMPARE(d.nodeGeometry("service/default/app-v2").value("y").toDouble(), v2 + 25);
        QCOMPARE(d.undoText(), QStringLiteral("Move 2 object(s)"));
        d.undo();
        QCOMPARE(d.nodeGeometry("service/default/app-v1").value("x").toDouble(), v1);
        QCOMPARE(d.nodeGeometry("service/default/app-v2").value("y").toDouble(), v2);
    }

    void copyAndPaste()
    {
        Document d;
        testModels(d);
        d.loadText(demo());
        const QString yaml = d.edits()->objectYaml("httproute/default/traffic-split");
        QVERIFY(yaml.contains("kind: HTTPRoute"));
        const QStringList ids = d.edits()->pasteYaml(yaml, 40, 50);
        QCOMPARE(ids, QStringList{"httproute/default/traffic-split-1"});
        QCOMPARE(d.objectCount(), 9);
        QCOMPARE(d.selection()->current(), ids.front());
        QVERIFY(!overlapsAnother(d, ids.front()));
        QCOMPARE(d.errorCount(), 0);
        QVERIFY(d.edits()->pasteYaml("not: [an object", 0, 0).isEmpty());
        d.undo();
        QCOMPARE(d.objectCount(), 8);
        d.setRole("infra");
        QVERIFY(d.edits()->pasteYaml(yaml, 0, 0).isEmpty());  // the Infra view does not create routes
    }

    void rolesDecideWhatIsEditable()
    {
        Document d;
        d.loadText(demo());
        d.setRole("infra");
        QVERIFY(d.isEditable("gateway/default/demo-gateway"));
        QVERIFY(!d.isEditable("httproute/default/app-route"));
        QVERIFY(!d.edits()->setBackendWeight("httproute/default/traffic-split/rule/0/backend/1", 5));
        QVERIFY(d.edits()->createObject("HTTPRoute", 0, 0).isEmpty());
        d.setRole("app");
        QVERIFY(!d.isEditable("gateway/default/demo-gateway"));
        QVERIFY(!d.edits()->connectNodes("gateway/default/demo-gateway", "httproute/default/app-route", ""));
        QVERIFY(d.edits()->setBackendWeight("httproute/default/traffic-split/rule/0/backend/1", 5));
    }

    void yamlEditsReloadTheGraph()
    {
        Document d;
        testModels(d);
        d.loadText(demo());
        QString text = demo();
        text.replace("name: app-v2\n          port: 8080\n          weight: 20",
                     "name: app-v3\n          port: 8080\n          weight: 20");
        d.edits()->editYaml(text);
        QVERIFY(rowOf(d.edges(), "httproute/default/traffic-split/rule/0/backend/1", gs::gui::EdgeListModel::IdRole) >= 0);
        const int row = rowOf(d.edges(), "httproute/default/traffic-split/rule/0/backend/1", gs::gui::EdgeListModel::IdRole);
        QCOMPARE(d.edges()->index(row, 0).data(gs::gui::EdgeListModel::ToRole).toString(),
                 QStringLiteral("service/default/app-v3"));
        // Broken YAML: the error has a line and a column; the documents that parse stay drawn.
        d.edits()->editYaml(text + "---\nkind: [unterminated\n");
        QVERIFY(d.errorCount() > 0);
        QVERIFY(!d.yamlErrors().isEmpty());
        QVERIFY(d.yamlErrors()[0].toMap().value("line").toInt() > 100);
        QVERIFY(d.nodes()->rowCount() >= 8);
        d.undo();  // typing merges into one step
        QCOMPARE(d.yamlText(), demo());
    }

    void saveOpenAndExport()
    {
        QTemporaryDir dir;
        Document d;
        d.loadText(demo());
        QVERIFY(!d.fileOps()->save());  // untitled: save needs a path first
        d.moveNode("gateway/default/demo-gateway", 10, 20, true, 0, 0);
        const QString path = dir.filePath("mine.yaml");
        QVERIFY(d.fileOps()->saveAs(path));
        QVERIFY(!d.modified());
        QVERIFY(QFile::exists(dir.filePath("mine.gwstudio.json")));
        QVERIFY(!readFile(path).contains("positions"));

        Document again;
        QVERIFY(again.fileOps()->openFile(QUrl::fromLocalFile(path).toString()));
        QCOMPARE(again.yamlText(), demo());
        QCOMPARE(again.nodeGeometry("gateway/default/demo-gateway").value("y").toDouble(), 20.0);

        QVERIFY(again.fileOps()->exportTo(dir.filePath("out.yaml")));
        QVERIFY(readFile(dir.filePath("out.yaml")).contains("kind: HTTPRoute"));
        again.edits()->editYaml("kind: Gateway\napiVersion: gateway.networking.k8s.io/v1\nmetadata: {name: x}\nspec: {}\n");
        QVERIFY(!again.fileOps()->exportTo(dir.filePath("bad.yaml")));
        QVERIFY(!QFile::exists(dir.filePath("bad.yaml")));
        QVERIFY(!again.fileOps()->openFile(dir.filePath("missing.yaml")));
    }

    // Two files, one document: the demo's infra objects in one file, its routes and Services in
    // the other. Status is computed over both; an edit goes back to its object's file only.
    void severalFilesInOneDocument()
    {
        QTemporaryDir dir;
        const QString text = demo();
        const qsizetype split = text.indexOf("---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute");
        QVERIFY(split > 0);
        const QString infra = dir.filePath("infra.yaml"), apps = dir.filePath("apps.yaml");
        writeFile(infra, text.left(split));
        writeFile(apps, text.mid(split + 4));
        Document d;
        testModels(d);
        QVERIFY(d.fileOps()->openFiles({infra, QUrl::fromLocalFile(apps).toString()}));
        QCOMPARE(d.objectCount(), 8);
        QCOMPARE(d.errorCount(), 0);
        QCOMPARE(d.problems()->rowCount(), 0);  // the routes in apps.yaml attach to the Gateway in infra.yaml
        QCOMPARE(d.displayName(), QStringLiteral("infra.yaml, apps.yaml"));
        QCOMPARE(d.filePath(), QFileInfo(infra).absoluteFilePath());
        QCOMPARE(d.yamlText(), text.left(split));

        // Selecting an object shows its file; an edit changes that file only, and so does save.
        d.selection()->setCurrent("httproute/default/traffic-split");
        QCOMPARE(d.currentFile(), 1);
        QVERIFY(d.edits()->setBackendWeight("httproute/default/traffic-split/rule/0/backend/1", 30));
        QVERIFY(d.yamlText().contains("weight: 30"));
        QVERIFY(d.modified());
        QVERIFY(d.fileOps()->save());
        QCOMPARE(readFile(infra), text.left(split));  // byte-identical
        QVERIFY(readFile(apps).contains("weight: 30"));
        QVERIFY(!readFile(apps).contains("kind: Gateway\n"));

        // A rename follows the references into the other file, as one undo step.
        QVERIFY(d.edits()->renameObject("gateway/default/demo-gateway", "edge"));
        QVERIFY(d.files()[0].text.find("name: edge") != std::string::npos);
        QVERIFY(d.files()[1].text.find("- name: edge") != std::string::npos);
        QCOMPARE(d.problems()->rowCount(), 0);
        d.undo();
        QCOMPARE(QString::fromStdString(d.files()[0].text), text.left(split));

        // Typing in one file, then in the other: two undo steps, each in its own file.
        const int steps = d.undoStack().index();
        d.edits()->editYaml(QString::fromStdString(d.files()[0].text) + "# infra note\n", 0);
        d.edits()->editYaml(QString::fromStdString(d.files()[1].text) + "# apps note\n", 1);
        QCOMPARE(d.undoStack().index(), steps + 2);
        QVERIFY(d.files()[1].text.find("# apps note") != std::string::npos);
        d.undo();
        d.undo();
        QCOMPARE(QString::fromStdString(d.files()[0].text), text.left(split));

        // New objects go to the selected object's file.
        d.selection()->setCurrent("gateway/default/demo-gateway");
        QCOMPARE(d.currentFile(), 0);
        QVERIFY(!d.edits()->createObject("Service", 0, 0).isEmpty());
        QVERIFY(d.files()[0].text.find("kind: Service") != std::string::npos);
        QVERIFY(d.fileOps()->save());
        QVERIFY(readFile(infra).contains("kind: Service"));

        // A change on disk to the second file is noticed; Reload reads both again.
        writeFile(apps, readFile(apps) + "# edited elsewhere\n");
        QTRY_VERIFY(d.fileOps()->changedOnDisk());
        QCOMPARE(d.fileOps()->changedOnDiskNames(), QStringLiteral("apps.yaml"));
        QVERIFY(d.fileOps()->reloadFromDisk());
        QVERIFY(!d.fileOps()->changedOnDisk());
        QVERIFY(d.files()[1].text.find("# edited elsewhere") != std::string::npos);
    }

    void severalFilesAutosaveEachFile()
    {
        QTemporaryDir dir;
        const QString a = dir.filePath("a.yaml"), b = dir.filePath("b.yaml");
        const QString text = demo();
        const qsizetype split = text.indexOf("---\napiVersion: v1\nkind: Service");
        writeFile(a, text.left(split));
        writeFile(b, text.mid(split + 4));
        {
            Document d;
            d.fileOps()->setAutosaveInterval(20);
            QVERIFY(d.fileOps()->openFiles({a, b}));
            QVERIFY(d.edits()->setField("service/default/app-v2", "spec.ports[0].targetPort", "4000", "int"));
            QTRY_VERIFY(QFile::exists(DocumentFiles::autosavePathFor(b)));
            QVERIFY(!QFile::exists(DocumentFiles::autosavePathFor(a)));  // a is unchanged
        }  // "crash"
        Document d;
        QVERIFY(d.fileOps()->openFiles({a, b}));
        QVERIFY(d.fileOps()->recoveryAvailable());
        d.fileOps()->restoreRecovered();
        QVERIFY(d.files()[1].text.find("targetPort: 4000") != std::string::npos);
        QCOMPARE(QString::fromStdString(d.files()[0].text), text.left(split));
        QVERIFY(d.fileOps()->save());
        QVERIFY(!QFile::exists(DocumentFiles::autosavePathFor(b)));
        QCOMPARE(readFile(a), text.left(split));
    }

    void everyTemplateIsValid()
    {
        Document d;
        QVERIFY(!d.fileOps()->templates().isEmpty());
        for (const QVariant& t : d.fileOps()->templates()) {
            const QString name = t.toMap().value("name").toString();
            QVERIFY2(d.fileOps()->newFromTemplate(name), qPrintable(name));
            QVERIFY2(d.objectCount() > 0, qPrintable(name));
            QCOMPARE(d.errorCount(), 0);
            QVERIFY2(d.nodes()->rowCount() > 2, qPrintable(name));
        }
        QVERIFY(d.fileOps()->newFromTemplate("demo"));
        QCOMPARE(d.objectCount(), 8);
        QVERIFY(!d.fileOps()->newFromTemplate("nope"));
    }

    void searchAndProblemFilter()
    {
        Document d;
        testModels(d);
        d.fileOps()->newFromTemplate("tls-terminate");
        const int all = d.nodes()->rowCount();
        QCOMPARE(d.filter()->matchCount(), all);
        d.filter()->setText("HTTPRoute shop");
        QCOMPARE(d.filter()->matchCount(), 2);  // shop and shop-redirect-to-https
        d.filter()->setText("httproute/default/shop-redirect");
        QCOMPARE(d.filter()->singleMatch(), QStringLiteral("httproute/default/shop-redirect-to-https"));
        const int row = rowOf(d.nodes(), "service/default/shop", gs::gui::NodeListModel::IdRole);
        QVERIFY(!d.nodes()->index(row, 0).data(gs::gui::NodeListModel::MatchedRole).toBool());
        d.filter()->setText("");
        QVERIFY(d.nodes()->index(row, 0).data(gs::gui::NodeListModel::MatchedRole).toBool());
        // Problems only: the Gateway (its https listener has no certificate), the missing Secret,
        // and their neighbours; the Service behind a route is not one.
        d.filter()->setOnlyProblems(true);
        QVERIFY(d.nodes()
                    ->index(rowOf(d.nodes(), "gateway/default/secure", gs::gui::NodeListModel::IdRole), 0)
                    .data(gs::gui::NodeListModel::MatchedRole)
                    .toBool());
        QVERIFY(d.nodes()
                    ->index(rowOf(d.nodes(), "httproute/default/shop", gs::gui::NodeListModel::IdRole), 0)
                    .data(gs::gui::NodeListModel::MatchedRole)
                    .toBool());
        QVERIFY(!d.nodes()->index(row, 0).data(gs::gui::NodeListModel::MatchedRole).toBool());
        QVERIFY(d.filter()->matchCount() < all);
        QVERIFY(d.filter()->matchedBounds().width() > 0);
    }

    void autoLayoutIsUndoable()
    {
        Document d;
        d.loadText(demo());
        d.moveNode("gateway/default/demo-gateway", 5000, 5000, true, 0, 0);
        d.canvas()->unpinAll();  // placed by hand, it was pinned (tst_big_topology)
        d.canvas()->autoLayout();
        QVERIFY(d.nodeGeometry("gateway/default/demo-gateway").value("x").toDouble() < 5000);
        d.undo();
        d.undo();
        QCOMPARE(d.nodeGeometry("gateway/default/demo-gateway").value("x").toDouble(), 5000.0);
        QCOMPARE(d.hitTest(5010, 5000 + 70).value("port").toString(), QStringLiteral("http"));
    }
};

QTEST_GUILESS_MAIN(TestDocument)
#include "tst_document.moc"

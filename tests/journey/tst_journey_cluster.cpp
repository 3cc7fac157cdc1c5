// Meeting a cluster, as a person does it through the real window with real input: File → Open
// from cluster (context from the kubeconfig, a namespace), the pulled objects on the canvas with
// the controller's word on each node, a controller that disagrees, Save cluster objects as a file,
// a canary weight changed, then File → Dry run and apply: a conflict with another field manager,
// Force (a second, explicit choice), Apply after a confirmation naming the cluster. The cluster
// is the local API server (tests/support/fake_apiserver.py); at 1024×640 and 1920×1080, light and dark.
#include <QAbstractButton>
#include <QFileDialog>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

#include "cluster_seed.h"
#include "cluster_session.h"
#include "controller/status_output.h"
#include "document.h"
#include "fake_apiserver.h"
#include "graph.h"
#include "journey.h"

using journey::Journey;
using nlohmann::json;

namespace {

const QString kStore = "/apis/gateway.networking.k8s.io/v1/namespaces/shop/httproutes/store";

QString banner(Journey& j)
{
    QQuickItem* text = j.item("errorBannerText");
    return text ? text->property("text").toString() : QString();
}

gs::gui::ClusterSession* sessionOf(Journey& j) { return j.window()->property("cluster").value<gs::gui::ClusterSession*>(); }

// The status Gateway Studio predicts for `nodeId`, which the test's "controller" then writes.
json predicted(Journey& j, const QString& nodeId)
{
    for (const gs::model::ObjectStatus& status : j.document().translation()->statuses) {
        const gs::model::Object& o = j.document().topology().objects.objects()[status.objectIndex];
        if (QString::fromStdString(gs::gui::nodeIdOf(o)) == nodeId)
            return gs::cluster::toJson(gs::model::statusNode(status));
    }
    return json();
}

bool fileMenu(Journey& j, const QString& item) { return j.click(j.waitItem("fileMenuButton")) && j.click(j.waitItem(item)); }

}  // namespace

class JourneyCluster : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { gs::gui::setUpEditorApplication(); }

    void pullCompareSaveDryRunApply_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<bool>("dark");
        QTest::newRow("1024x640-light") << QSize(1024, 640) << false;
        QTest::newRow("1920x1080-dark") << QSize(1920, 1080) << true;
    }

    void pullCompareSaveDryRunApply()
    {
        QFETCH(QSize, size);
        QFETCH(bool, dark);
        QSettings().clear();
        QTemporaryDir dir;
        json items = gs::test::objectsFromYaml(gs::test::readText(GWS_SOURCE_DIR "/tests/cluster/testdata/shop-cluster.yaml"));
        QVERIFY(items.size() > 10);
        QVERIFY(gs::test::writeSeed(dir.filePath("seed.json"), items));
        gs::test::FakeApiServer server;
        QString error;
        QVERIFY2(server.start({"--seed", dir.filePath("seed.json"), "--bookmark-interval", "0.5"}, error), qPrintable(error));
        qputenv("KUBECONFIG", server.kubeconfig().toUtf8());
        const QString tag = QStringLiteral("cluster-%1x%2-%3-").arg(size.width()).arg(size.height()).arg(dark ? "dark" : "light");

        Journey j;
        gs::gui::EditorOptions options;
        options.dark = dark;
        QVERIFY(j.open(options, size));
        gs::gui::ClusterSession* session = sessionOf(j);
        QVERIFY(session);

        // File → Open from cluster: the kubeconfig's current context is offered; pull "shop".
        QVERIFY(fileMenu(j, "menuOpenCluster"));
        QQuickItem* contextBox = j.waitItem("clusterContext");
        QVERIFY2(contextBox, "the Open from cluster dialog did not open");
        QCOMPARE(contextBox->property("currentText").toString(), QString("fixture-cert"));
        QVERIFY(j.click(j.waitItem("clusterNamespaces")));
        QVERIFY(j.type("shop"));
        j.screenshot(tag + "1-connect");
        QVERIFY(j.click(j.waitItem("clusterPull")));
        QVERIFY2(Journey::waitFor([&] { return !j.item("clusterContext"); }, 10000), qPrintable(banner(j)));
        QVERIFY(Journey::waitFor([&] { return session->live(); }, 8000));
        QQuickItem* state = j.waitItem("clusterState");
        QVERIFY(state);
        QVERIFY2(state->property("text").toString().contains("fixture-cert · live"),
                 qPrintable(state->property("text").toString()));
        QVERIFY(j.waitItem("node:httproute/shop/store"));
        QVERIFY(j.key("ctrl+0"));
        Journey::settle(300);
        // No controller has acted yet: the nodes say the cluster's status differs.
        QQuickItem* mark = j.waitItem("cluster:httproute/shop/store");
        QVERIFY2(mark, "the route's node shows nothing of the cluster");
        j.screenshot(tag + "2-pulled");

        // The controller (played here) writes what is predicted, then refuses the route.
        for (const auto& [path, node] : std::vector<std::pair<QString, QString>>{
                 {"/apis/gateway.networking.k8s.io/v1/gatewayclasses/eg", "gatewayclass/eg"},
                 {"/apis/gateway.networking.k8s.io/v1/namespaces/infra/gateways/edge", "gateway/infra/edge"},
                 {kStore, "httproute/shop/store"}}) {
            QByteArray body;
            QCOMPARE(server.call("GET", path, {}, &body), 200);
            json object = json::parse(body.toStdString());
            object["status"] = predicted(j, node);
            QCOMPARE(server.call("PUT", path + "/status", QByteArray::fromStdString(object.dump())), 200);
        }
        QVERIFY(Journey::waitFor([&] { return session->differingCount() == 0; }, 5000));
        QVERIFY(j.click(j.waitItem("node:httproute/shop/store"), QPointF(30, 40)));
        QQuickItem* controller = j.waitItem("controllerStatus");
        QVERIFY2(controller, "the status panel does not show the controller's status");
        j.screenshot(tag + "3-agrees");
        QByteArray body;
        QCOMPARE(server.call("GET", kStore, {}, &body), 200);
        json route = json::parse(body.toStdString());
        route["status"]["parents"][0]["conditions"][0]["status"] = "False";
        route["status"]["parents"][0]["conditions"][0]["reason"] = "NotAllowedByListeners";
        QCOMPARE(server.call("PUT", kStore + "/status", QByteArray::fromStdString(route.dump())), 200);
        QVERIFY(Journey::waitFor([&] { return session->differingCount() == 1; }, 5000));
        Journey::settle(200);
        j.screenshot(tag + "4-differs");
        const QStringList cut = journey::cutTexts(j.window()->contentItem());
        QVERIFY2(cut.isEmpty(), qPrintable(cut.join("\n")));

        // Read-only until saved: File → Save cluster objects as…
        QVERIFY(!j.document().isEditable("httproute/shop/store"));
        QVERIFY(fileMenu(j, "menuSaveCluster"));
        QFileDialog* dialog = j.fileDialog();
        QVERIFY(dialog);
        const QString saved = dir.filePath("shop.yaml");
        QVERIFY(j.typeFileName(dialog, saved));
        QVERIFY(j.click(Journey::button(dialog, "Save")));
        QVERIFY(Journey::waitFor([&] { return QFile::exists(saved) && j.document().isEditable("httproute/shop/store"); }));

        // The canary to 50 % with the weight label, then File → Dry run and apply.
        const QString edge = "httproute/shop/store/rule/0/backend/0";
        QVERIFY(j.moveTo(j.globalOf(j.window()->contentItem(), QPointF(5, 5))));  // away from a tooltip
        Journey::settle(300);
        j.screenshot(tag + "5-saved");
        QVERIFY(j.click(j.waitItem("weight:" + edge)));
        QVERIFY(j.waitItem("weightSpin"));
        QVERIFY(j.key("ctrl+a"));
        QVERIFY(j.type("10"));
        QVERIFY(j.key("Return"));
        QVERIFY(Journey::waitFor([&] { return j.document().yamlText().contains("weight: 10\n        - name: store-v2"); }));
        QVERIFY(fileMenu(j, "menuDryRun"));
        QVERIFY(Journey::waitFor([&] { return j.item("clusterOutcomes") && !session->busy(); }, 10000));
        Journey::settle(200);
        // The seed owns the weights: a conflict, named, and Apply waits for an explicit Force.
        QVERIFY2(session->outcomeSummary().contains("conflict"), qPrintable(session->outcomeSummary()));
        QQuickItem* apply = j.waitItem("clusterApply");
        QVERIFY(apply && !apply->isEnabled());
        j.screenshot(tag + "6-conflict");
        QVERIFY(j.click(j.waitItem("clusterForce")));
        QVERIFY(j.click(j.waitItem("clusterForceConfirmed")));
        QVERIFY(Journey::waitFor([&] { return !session->busy() && session->outcomeSummary().contains("changed"); }, 10000));
        apply = j.waitItem("clusterApply");
        QVERIFY(Journey::waitFor([&] { return apply->isEnabled(); }));
        j.screenshot(tag + "7-forced");
        QVERIFY(j.click(apply));
        QQuickItem* confirm = j.waitItem("clusterApplyConfirmed");
        QVERIFY2(confirm, "Apply did not ask first");
        j.screenshot(tag + "8-confirm");
        QVERIFY(j.click(confirm));
        QVERIFY(Journey::waitFor([&] { return !session->busy() && session->outcomeSummary().startsWith("Applied to"); }, 10000));
        QCOMPARE(server.call("GET", kStore, {}, &body), 200);
        QCOMPARE(json::parse(body.toStdString())["spec"]["rules"][0]["backendRefs"][0]["weight"].get<int>(), 10);
        j.screenshot(tag + "9-applied");
        QVERIFY(j.click(j.waitItem("clusterClose")));
        QCOMPARE(banner(j), QString());
        j.close();
    }
};

QTEST_MAIN(JourneyCluster)
#include "tst_journey_cluster.moc"

// The editor meets a cluster (ClusterSession on a Document) through the local API server: pull
// into a read-only cluster source, the controller's status beside the prediction on each node,
// kept live by watches, Save as a file, then dry run, conflicts and apply of an edited canary.
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QtTest>

#include "cluster_seed.h"
#include "cluster_session.h"
#include "cluster/json_yaml.h"
#include "controller/status_output.h"
#include "graph.h"
#include "document.h"
#include "fake_apiserver.h"

using namespace gs;
using namespace gs::gui;
using nlohmann::json;

namespace {

const char* kStore = "/apis/gateway.networking.k8s.io/v1/namespaces/shop/httproutes/store";

}  // namespace

class TestClusterEditor : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    test::FakeApiServer server_;
    std::unique_ptr<Document> document_;
    std::unique_ptr<ClusterSession> session_;

    QString mark(const QString& nodeId) const
    {
        NodeListModel* nodes = document_->nodes();
        for (int row = 0; row < nodes->rowCount(); ++row) {
            const QModelIndex i = nodes->index(row);
            if (i.data(NodeListModel::IdRole).toString() == nodeId)
                return i.data(NodeListModel::ClusterMarkRole).toString();
        }
        return QStringLiteral("<no node>");
    }

    json live(const QString& path)
    {
        QByteArray body;
        return server_.call("GET", path, {}, &body) == 200 ? json::parse(body.toStdString()) : json();
    }

    // The controller (played by the test) writes the status Gateway Studio predicts for `nodeId`.
    void writePredictedStatus(const QString& path, const QString& nodeId)
    {
        json object = live(path);
        QVERIFY(!object.is_null());
        QVERIFY(!session_->controllerRows(nodeId).isEmpty());  // on the cluster, compared
        object["status"] = predictedStatus(nodeId);
        QVERIFY(!object["status"].is_null());
        QCOMPARE(server_.call("PUT", path + "/status", QByteArray::fromStdString(object.dump())), 200);
    }

    json predictedStatus(const QString& nodeId);

    QString differing() const
    {
        QString out;
        NodeListModel* nodes = document_->nodes();
        for (int row = 0; row < nodes->rowCount(); ++row) {
            const QString id = nodes->index(row).data(NodeListModel::IdRole).toString();
            for (const QVariant& r : session_->controllerRows(id))
                if (r.toMap().value("differs").toBool())
                    out += id + ": " + r.toMap().value("where").toString() + " " + r.toMap().value("controller").toString() +
                        " / " + r.toMap().value("predicted").toString() + "\n";
        }
        return out;
    }

private slots:
    void initTestCase()
    {
        json items =
            test::objectsFromYaml(test::readText(QStringLiteral(GWS_SOURCE_DIR "/tests/cluster/testdata/shop-cluster.yaml")));
        QVERIFY(items.size() > 10);
        QVERIFY(test::writeSeed(dir_.filePath("seed.json"), items));
        QString error;
        QVERIFY2(server_.start({"--seed", dir_.filePath("seed.json"), "--bookmark-interval", "0.5"}, error), qPrintable(error));
        document_ = std::make_unique<Document>();
        session_ = std::make_unique<ClusterSession>();
        session_->setDocument(document_.get());
        session_->reloadContexts(server_.kubeconfig());
        QVERIFY(session_->contexts().contains("fixture-exec"));
        QCOMPARE(session_->defaultContext(), QString("fixture-cert"));
    }

    void pullIntoAReadOnlyClusterSource()
    {
        QSignalSpy connected(session_.get(), &ClusterSession::connected);
        session_->connectTo("fixture-cert", "shop");
        QVERIFY(session_->busy());
        QVERIFY(connected.wait(10000));
        QTRY_VERIFY_WITH_TIMEOUT(session_->live(), 5000);
        QCOMPARE(document_->clusterContext(), QString("fixture-cert"));
        QTRY_VERIFY(document_->clusterObjectCount() >= 9);
        QVERIFY(session_->target().contains(server_.url()));
        QVERIFY(!document_->isEditable("httproute/shop/store"));
        QVERIFY(!document_->edits()->setField("httproute/shop/store", "spec.hostnames[0]", "x.example.com", "string"));
        QVERIFY2(document_->message().contains("read-only"), qPrintable(document_->message()));
        // No controller has written anything yet: every object with a status differs.
        QCOMPARE(mark("httproute/shop/store"), QString("differs"));
        QVERIFY(session_->differingCount() >= 3);
    }

    void theControllersStatusReachesTheNode()
    {
        for (const auto& [path, node] : std::vector<std::pair<QString, QString>>{
                 {"/apis/gateway.networking.k8s.io/v1/gatewayclasses/eg", "gatewayclass/eg"},
                 {"/apis/gateway.networking.k8s.io/v1/namespaces/infra/gateways/edge", "gateway/infra/edge"},
                 {kStore, "httproute/shop/store"}})
            writePredictedStatus(path, node);
        QTRY_VERIFY2_WITH_TIMEOUT(mark("httproute/shop/store") == "agrees", qPrintable(differing()), 5000);
        QTRY_VERIFY2_WITH_TIMEOUT(session_->differingCount() == 0, qPrintable(differing()), 5000);

        // The controller now refuses the route: the node says so, quickly.
        json route = live(kStore);
        route["status"]["parents"][0]["conditions"][0]["status"] = "False";
        route["status"]["parents"][0]["conditions"][0]["reason"] = "NotAllowedByListeners";
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(server_.call("PUT", QString(kStore) + "/status", QByteArray::fromStdString(route.dump())), 200);
        QTRY_COMPARE_WITH_TIMEOUT(mark("httproute/shop/store"), QString("differs"), 5000);
        qInfo("a status change reached the node in %lld ms", static_cast<long long>(timer.elapsed()));
        const QVariantList rows = session_->controllerRows("httproute/shop/store");
        QVERIFY(!rows.isEmpty());
        QVERIFY2(rows.first().toMap().value("controller").toString() == "False/NotAllowedByListeners",
                 qPrintable(rows.first().toMap().value("controller").toString()));
    }

    void savedAsAFileTheObjectsAreEditable()
    {
        const QString path = dir_.filePath("shop.yaml");
        QVERIFY2(document_->fileOps()->saveClusterSourceAs(path), qPrintable(document_->message()));
        QVERIFY(QFile::exists(path));
        const QString text = QString::fromStdString(test::readText(path));
        QVERIFY(!text.contains("status:") && !text.contains("managedFields") && !text.contains("resourceVersion"));
        QCOMPARE(document_->clusterContext(), QString());
        QVERIFY(document_->isEditable("httproute/shop/store"));
        // The controller's status stays beside the object, now a file's.
        QCOMPARE(mark("httproute/shop/store"), QString("differs"));
    }

    void dryRunConflictAndApply()
    {
        QVERIFY(document_->edits()->setField("httproute/shop/store", "spec.rules[0].backendRefs[0].weight", "50", "int"));
        QVERIFY(document_->edits()->setField("httproute/shop/store", "spec.rules[0].backendRefs[1].weight", "50", "int"));
        QSignalSpy finished(session_.get(), &ClusterSession::applyFinished);
        QVERIFY2(session_->dryRun(false), qPrintable(document_->errorLines().join("\n")));
        QVERIFY(finished.wait(10000));
        QVariantMap store;
        for (const QVariant& row : session_->outcomes())
            if (row.toMap().value("id") == "HTTPRoute shop/store")
                store = row.toMap();
        // The seed wrote the weights (as kubectl create would): changing them conflicts.
        QCOMPARE(store.value("change").toString(), QString("conflict"));
        QVERIFY2(store.value("refusal").toString().contains("fixture-seed"), qPrintable(store.value("refusal").toString()));
        QVERIFY2(store.value("diff").toString().contains("+          weight: 50"), qPrintable(store.value("diff").toString()));
        QCOMPARE(mark("httproute/shop/store"), QString("conflict"));
        QVERIFY2(session_->outcomeSummary().contains("conflict"), qPrintable(session_->outcomeSummary()));

        QVERIFY(session_->apply(true));
        QVERIFY(finished.wait(10000));
        QVERIFY2(session_->outcomeSummary().startsWith("Applied to"), qPrintable(session_->outcomeSummary()));
        QCOMPARE(live(kStore)["spec"]["rules"][0]["backendRefs"][0]["weight"].get<int>(), 50);

        // Deleted from the file, the grant is still on the cluster: read-only again, and the dry
        // run says apply leaves it there.
        QVERIFY(document_->edits()->deleteObject("referencegrant/payments/shop-to-checkout"));
        QTRY_VERIFY(!document_->isEditable("referencegrant/payments/shop-to-checkout") &&
                    document_->clusterReadOnlyReason("referencegrant/payments/shop-to-checkout") != "");
        QVERIFY(session_->dryRun(false));
        QVERIFY(finished.wait(10000));
        QCOMPARE(mark("referencegrant/payments/shop-to-checkout"), QString("only on cluster"));
        QVERIFY2(session_->outcomeSummary().contains("only on the cluster"), qPrintable(session_->outcomeSummary()));
        document_->undo();
    }

    void nothingIsSentWhileTheFilesHaveErrors()
    {
        QVERIFY(document_->edits()->setField("httproute/shop/store", "spec.rules[0].backendRefs[0].weight", "2000000", "int"));
        QVERIFY(document_->errorCount() > 0);
        QSignalSpy failed(session_.get(), &ClusterSession::failed);
        QVERIFY(!session_->dryRun(false));
        QCOMPARE(failed.count(), 1);
        QVERIFY2(failed.first().first().toString().contains("error"), qPrintable(failed.first().first().toString()));
        document_->undo();
    }

    // Closing the window in the middle of a long pull ends it at once, without a crash, and
    // frees the watches and the client on their own thread.
    void closingDuringAPullEndsIt()
    {
        test::FakeApiServer big;
        QString error;
        QVERIFY2(big.start({"--generate-routes", "5000"}, error), qPrintable(error));
        Document document;
        auto session = std::make_unique<ClusterSession>();
        session->setDocument(&document);
        session->reloadContexts(big.kubeconfig());
        session->connectTo("fixture-cert", "*");
        QVERIFY(QTest::qWaitFor([&] { return session->progressText().contains("Pulling"); }, 10000));
        QVERIFY(session->busy());
        QElapsedTimer timer;
        timer.start();
        session.reset();
        QVERIFY2(timer.elapsed() < 5000, "closing waited for the pull to finish");
        QCOMPARE(document.clusterContext(), QString());
    }

    // Cancel during a pull (the dialog's): nothing of it reaches the workspace, nothing fails.
    void cancellingAPullDropsIt()
    {
        test::FakeApiServer big;
        QString error;
        QVERIFY2(big.start({"--generate-routes", "3000"}, error), qPrintable(error));
        Document document;
        ClusterSession session;
        session.setDocument(&document);
        session.reloadContexts(big.kubeconfig());
        QSignalSpy failed(&session, &ClusterSession::failed);
        QSignalSpy connected(&session, &ClusterSession::connected);
        session.connectTo("fixture-cert", "*");
        QVERIFY(QTest::qWaitFor([&] { return session.progressText().contains("Pulling"); }, 10000));
        session.disconnectFromCluster();
        QVERIFY(!session.busy());
        QTest::qWait(3000);  // the pull ends in the worker meanwhile
        QCOMPARE(document.clusterContext(), QString());
        QCOMPARE(connected.count(), 0);
        QCOMPARE(failed.count(), 0);
        QCOMPARE(session.context(), QString());
    }

    void cleanupTestCase()
    {
        session_.reset();
        document_.reset();
    }
};

// The status Gateway Studio predicts for a node, from the document's translation.
json TestClusterEditor::predictedStatus(const QString& nodeId)
{
    const model::Translation* translation = document_->translation();
    for (const model::ObjectStatus& status : translation->statuses) {
        const model::Object& o = document_->topology().objects.objects()[status.objectIndex];
        if (QString::fromStdString(nodeIdOf(o)) == nodeId)
            return cluster::toJson(model::statusNode(status));
    }
    return json();
}

QTEST_MAIN(TestClusterEditor)
#include "tst_cluster_editor.moc"

// Keeps the API-server fixture honest: the real kubectl, against the same fixture, gets, lists in
// pages, dry-runs, applies, diffs and is refused as it would be by a cluster; and Gateway Studio's
// diff agrees with kubectl's. Skipped, visibly, when kubectl is not installed.
#include <QProcess>
#include <QStandardPaths>
#include <QtTest>

#include "cluster/api_client.h"
#include "cluster/kubeconfig.h"
#include "cluster_seed.h"
#include "fake_apiserver.h"

using namespace gs;
using nlohmann::json;

namespace {

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

}  // namespace

class TestKubectlFixture : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    test::FakeApiServer server_;
    QString kubectl_;

    Run kubectl(QStringList args)
    {
        args << "--kubeconfig" << server_.kubeconfig() << "--cache-dir" << dir_.filePath("kube-cache");
        QProcess p;
        p.start(kubectl_, args);
        p.waitForFinished(120000);
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2, QString::fromUtf8(p.readAllStandardOutput()),
                QString::fromUtf8(p.readAllStandardError())};
    }

    Run studio(QStringList args)
    {
        args << "--kubeconfig" << server_.kubeconfig();
        QProcess p;
        p.start(GWS_BINARY, args);
        p.waitForFinished(60000);
        return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
    }

    QString write(const QString& name, const std::string& text)
    {
        QFile file(dir_.filePath(name));
        file.open(QIODevice::WriteOnly);
        file.write(QByteArray::fromStdString(text));
        return file.fileName();
    }

    static std::string route(int weightV1, int weightV2)
    {
        return "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: store\n  namespace: shop\n"
               "spec:\n  parentRefs:\n    - name: edge\n      namespace: infra\n  hostnames:\n    - shop.example.com\n"
               "  rules:\n    - backendRefs:\n        - name: store-v1\n          port: 8080\n          weight: " +
            std::to_string(weightV1) +
            "\n        - name: store-v2\n          port: 8080\n          weight: " + std::to_string(weightV2) +
            "\n    - matches:\n        - path:\n            type: PathPrefix\n            value: /pay\n      backendRefs:\n"
            "        - name: checkout\n          namespace: payments\n          port: 8080\n";
    }

private slots:
    void initTestCase()
    {
        kubectl_ = QStandardPaths::findExecutable("kubectl");
        if (kubectl_.isEmpty())
            QSKIP("kubectl is not installed (Debian package kubernetes-client): the fixture is not checked against it");
        json items = test::objectsFromYaml(test::readText(QStringLiteral(GWS_TESTDATA_DIR "/testdata/shop-cluster.yaml")));
        QVERIFY(items.size() > 10);
        for (json& item : items)
            item["metadata"]["managedFields"] = json::array();  // owned by nobody, as if created by an old client
        QVERIFY(test::writeSeed(dir_.filePath("seed.json"), items));
        QString error;
        QVERIFY2(server_.start({"--seed", dir_.filePath("seed.json"), "--generate-routes", "30"}, error), qPrintable(error));
    }

    void getServesWhatTheClientReads()
    {
        const Run r = kubectl({"get", "httproute", "store", "-n", "shop", "-o", "json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const json fromKubectl = json::parse(r.out.toStdString());
        std::string error;
        const auto config = cluster::loadKubeconfig({server_.kubeconfig().toStdString()}, error);
        cluster::ApiClient client(*cluster::resolveContext(*config, "", error));
        const cluster::ApiResponse ours = client.get("/apis/gateway.networking.k8s.io/v1/namespaces/shop/httproutes/store");
        QVERIFY(ours.ok());
        const json fromClient = json::parse(ours.body.toStdString());
        QCOMPARE(fromKubectl["metadata"]["uid"], fromClient["metadata"]["uid"]);
        QCOMPARE(fromKubectl["spec"], fromClient["spec"]);
        QCOMPARE(fromKubectl["kind"].get<std::string>(), std::string("HTTPRoute"));
    }

    void listsComeInPages()
    {
        QVERIFY(server_.call("POST", "/fixture/reset-requests") == 200);
        const Run r = kubectl({"get", "httproutes", "-n", "bulk", "--chunk-size", "7", "-o", "name"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.out.count("httproute.gateway.networking.k8s.io/route-"), 30);
        QByteArray log;
        server_.call("GET", "/fixture/requests", {}, &log);
        int pages = 0;
        for (const json& request : json::parse(log.toStdString()))
            pages += request.value("path", "") == "/apis/gateway.networking.k8s.io/v1/namespaces/bulk/httproutes";
        QCOMPARE(pages, 5);  // 30 routes in pages of 7
    }

    void refusedCredentials()
    {
        const Run r = kubectl({"--context", "fixture-expired", "get", "ns"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("Unauthorized"), qPrintable(r.err));
        const Run exec = kubectl({"--context", "fixture-exec", "get", "ns", "-o", "name"});
        QVERIFY2(exec.exitCode == 0 && exec.out.contains("namespace/shop"), qPrintable(exec.err));
    }

    void serverSideDryRunWritesNothing()
    {
        const QString file = write("dry.yaml", route(50, 50));
        const Run r = kubectl({"apply", "--server-side", "--dry-run=server", "-f", file});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("serverside-applied (server dry run)"), qPrintable(r.out));
        const Run after =
            kubectl({"get", "httproute", "store", "-n", "shop", "-o", "jsonpath={.spec.rules[0].backendRefs[0].weight}"});
        QCOMPARE(after.out, QString("90"));
    }

    void diffsAgreeWithKubectl()
    {
        const QString same = write("same.yaml", route(90, 10));
        const Run theirsSame = kubectl({"diff", "--server-side", "-f", same});
        QVERIFY2(theirsSame.exitCode == 0, qPrintable(theirsSame.out + theirsSame.err));
        const Run oursSame = studio({"diff", same});
        QVERIFY2(oursSame.exitCode == 0, qPrintable(oursSame.out + oursSame.err));
        const QString changed = write("changed.yaml", route(60, 40));
        const Run theirs = kubectl({"diff", "--server-side", "-f", changed});
        const Run ours = studio({"diff", changed});
        QCOMPARE(theirs.exitCode, 1);
        QCOMPARE(ours.exitCode, 1);
        // The same removed and added lines (kubectl indents lists less than Gateway Studio does).
        for (const char* pattern :
             {R"(^-\s+weight: 90$)", R"(^\+\s+weight: 60$)", R"(^-\s+weight: 10$)", R"(^\+\s+weight: 40$)"}) {
            const QRegularExpression line(pattern, QRegularExpression::MultilineOption);
            QVERIFY2(theirs.out.contains(line), qPrintable(theirs.out));
            QVERIFY2(ours.out.contains(line), qPrintable(ours.out));
        }
    }

    void applyAndConflictsAsOnACluster()
    {
        const QString file = write("apply.yaml", route(60, 40));
        const Run applied = studio({"apply", file});
        QVERIFY2(applied.exitCode == 0, qPrintable(applied.err));
        const Run rival =
            kubectl({"apply", "--server-side", "--field-manager", "flagger", "-f", write("rival.yaml", route(70, 30))});
        QCOMPARE(rival.exitCode, 1);
        QVERIFY2(rival.err.contains("conflict with \"gateway-studio\"") && rival.err.contains(".spec.rules"),
                 qPrintable(rival.err));
        const Run forced = kubectl(
            {"apply", "--server-side", "--field-manager", "flagger", "--force-conflicts", "-f", dir_.filePath("rival.yaml")});
        QVERIFY2(forced.exitCode == 0, qPrintable(forced.err));
        const Run managers = kubectl({"get", "httproute", "store", "-n", "shop", "--show-managed-fields", "-o",
                                      "jsonpath={.metadata.managedFields[*].manager}"});
        QVERIFY2(managers.out.contains("flagger"), qPrintable(managers.out));
    }
};

QTEST_GUILESS_MAIN(TestKubectlFixture)
#include "tst_kubectl_fixture.moc"

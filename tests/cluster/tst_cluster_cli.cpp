// The cluster commands as a person runs them, against the local API server: pull, then diff,
// dry run, apply, conflicts with another field manager, refusals by validation and by a webhook,
// and status --live with a controller that agrees, then disagrees, then lags behind.
#include <QProcess>
#include <QRandomGenerator>
#include <QSslSocket>
#include <QTcpServer>
#include <QtTest>

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

class TestClusterCli : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    test::FakeApiServer server_;

    Run run(QStringList args)
    {
        if (args[0] != "validate")
            args << "--kubeconfig" << server_.kubeconfig();
        QProcess p;
        p.start(GWS_BINARY, args);
        p.waitForFinished(60000);
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2, QString::fromUtf8(p.readAllStandardOutput()),
                QString::fromUtf8(p.readAllStandardError())};
    }

    QString write(const QString& name, const QString& text)
    {
        QFile file(dir_.filePath(name));
        file.open(QIODevice::WriteOnly);
        file.write(text.toUtf8());
        return file.fileName();
    }

    json live(const QString& path)
    {
        QByteArray body;
        const int status = server_.call("GET", path, {}, &body);
        return status == 200 ? json::parse(body.toStdString()) : json();
    }

    int requestsWith(const std::string& method)
    {
        QByteArray log;
        server_.call("GET", "/fixture/requests", {}, &log);
        int n = 0;
        for (const json& r : json::parse(log.toStdString()))
            n += r.value("method", "") == method;
        return n;
    }

    // The pulled shop namespace, with the canary's weights changed from 90/10 to `weights`.
    QString pulledWithWeights(const QString& name, const QString& weights)
    {
        const Run pulled = run({"pull", "-n", "shop", "-o", dir_.filePath(name)});
        if (pulled.exitCode != 0)
            return {};
        QFile file(dir_.filePath(name));
        file.open(QIODevice::ReadOnly);
        QString text = QString::fromUtf8(file.readAll());
        const QStringList w = weights.split('/');
        text.replace("weight: 90", "weight: " + w[0]).replace("weight: 10", "weight: " + w[1]);
        return write(name, text);
    }

private slots:
    void initTestCase()
    {
        json items = test::objectsFromYaml(test::readText(QStringLiteral(GWS_TESTDATA_DIR "/testdata/shop-cluster.yaml")));
        QVERIFY(items.size() > 10);
        const auto ca = test::issueCertificate("test CA", {}, nullptr);
        items.push_back(test::tlsSecret("infra", "edge-tls", test::issueCertificate("edge", {"*.example.com"}, &ca)));
        QVERIFY(test::writeSeed(dir_.filePath("seed.json"), items));
        QString error;
        QVERIFY2(server_.start({"--seed", dir_.filePath("seed.json"), "--webhook-deny", "HTTPRoute=blocked.example.com"}, error),
                 qPrintable(error));
    }

    void pullWritesKubectlReadyYamlWithoutKeys()
    {
        const Run r = run({"pull", "-n", "shop", "-o", dir_.filePath("shop.yaml")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains("pulled 11 objects from " + server_.url()), qPrintable(r.err));
        const QString text = QString::fromStdString(test::readText(dir_.filePath("shop.yaml")));
        QVERIFY(text.contains("name: store") && text.contains("name: edge") && text.contains("name: checkout"));
        QVERIFY(!text.contains("status:") && !text.contains("resourceVersion") && !text.contains("managedFields"));
        QVERIFY(text.contains("gateway-studio.dev/private-key"));
        QVERIFY(!text.contains("PRIVATE KEY"));
        for (const QString& line : text.split('\n'))  // no data value decodes to a key either
            if (line.trimmed().startsWith("tls."))
                QVERIFY2(!QByteArray::fromBase64(line.section(':', 1).trimmed().toUtf8()).contains("PRIVATE KEY"),
                         qPrintable(line));
        const Run validated = run({"validate", dir_.filePath("shop.yaml")});
        QVERIFY2(validated.exitCode == 0, qPrintable(validated.err));  // what is pulled passes the same checks
    }

    // The pulled workspace serves: the Secret without its key is stood in for by a dev
    // certificate for the same names, and the HTTPS listener completes a real handshake with it.
    void aPulledWorkspaceServesWithDevCertificates()
    {
        const QString file = pulledWithWeights("serve.yaml", "90/10");
        QVERIFY(!file.isEmpty());
        // Ports 80 and 443 moved to a free pair below the ephemeral range, so suites side by side
        // do not meet.
        int offset = 0;
        for (int attempt = 0; attempt < 50 && offset == 0; ++attempt) {
            const int candidate = 20000 + QRandomGenerator::global()->bounded(10000);
            QTcpServer http, https;
            if (http.listen(QHostAddress::LocalHost, quint16(80 + candidate)) &&
                https.listen(QHostAddress::LocalHost, quint16(443 + candidate)))
                offset = candidate;
        }
        QVERIFY(offset > 0);
        QProcess serve;
        serve.start(GWS_BINARY,
                    {"serve", file, "--dev-certs", "--admin", "127.0.0.1:0", "--port-offset", QString::number(offset),
                     "--address", "127.0.0.1"});
        QByteArray out;
        QVERIFY(QTest::qWaitFor(
            [&] {
                serve.waitForReadyRead(100);
                out += serve.readAllStandardOutput();
                return out.contains("ready\n") || serve.state() == QProcess::NotRunning;
            },
            20000));
        QVERIFY2(out.contains("dev certificate for Secret infra/edge-tls (*.example.com), in place of the cluster's"),
                 out.constData());
        const QRegularExpression https(R"(listener infra/edge/https https://127\.0\.0\.1:(\d+))");
        const QRegularExpressionMatch m = https.match(QString::fromUtf8(out));
        QVERIFY2(m.hasMatch(), out.constData());
        QSslSocket socket;
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setCaCertificates(
            QSslCertificate::fromPath(QFileInfo(file).absolutePath() + "/.gateway-studio/dev-certs/dev-ca.crt"));
        socket.setSslConfiguration(tls);
        socket.connectToHostEncrypted("127.0.0.1", quint16(m.captured(1).toUInt()), "shop.example.com");
        QVERIFY2(socket.waitForEncrypted(10000), qPrintable(socket.errorString()));
        QVERIFY(socket.peerCertificate().subjectAlternativeNames().values(QSsl::DnsEntry).contains("*.example.com"));
        serve.terminate();
        QVERIFY(serve.waitForFinished(10000));
    }

    void diffOfWhatWasPulledIsEmpty()
    {
        const QString file = pulledWithWeights("same.yaml", "90/10");
        QVERIFY(!file.isEmpty());
        const Run r = run({"diff", file});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains("Secret infra/edge-tls: pulled without its private key: never sent"), qPrintable(r.err));
    }

    void diffShowsTheChangedWeights()
    {
        const Run r = run({"diff", pulledWithWeights("canary.yaml", "50/50")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains("--- live HTTPRoute shop/store (fixture-cert)"), qPrintable(r.out));
        QVERIFY2(r.out.contains("-          weight: 90\n") && r.out.contains("+          weight: 50\n"), qPrintable(r.out));
        QVERIFY(r.out.count("\n@@ ") + r.out.startsWith("@@") >= 1);
    }

    // As kubectl diff: a Secret's values never show in a diff, only whether they change.
    void secretValuesAreMaskedInDiffs()
    {
        const auto ca = test::issueCertificate("other CA", {}, nullptr);
        const auto pem = test::issueCertificate("other", {"other.example.com"}, &ca);
        const Run r = run({"diff", write("secret.yaml", QString::fromStdString(test::tlsSecretYaml("infra", "other-tls", pem)))});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains("tls.key: \"*** (after)\""), qPrintable(r.out));  // a new value
        QVERIFY(!r.out.contains("PRIVATE KEY"));
        QVERIFY(!r.out.contains(QByteArray::fromStdString(pem.privateKey).toBase64().mid(40, 40)));
    }

    void invalidFilesAreNeverSent()
    {
        const int patchesBefore = requestsWith("PATCH");
        const Run r = run({"apply", pulledWithWeights("invalid.yaml", "2000000/10")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("weight") && r.err.contains("nothing was sent to the cluster"), qPrintable(r.err));
        QCOMPARE(requestsWith("PATCH"), patchesBefore);
    }

    void aWebhookRefusalStopsTheWholeApply()
    {
        QString file = pulledWithWeights("webhook.yaml", "50/50");
        QString text = QString::fromStdString(test::readText(file));
        text.replace("- shop.example.com", "- shop.example.com\n    - blocked.example.com");
        write("webhook.yaml", text);
        const Run r = run({"apply", file, "--force-conflicts"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("admission webhook \"policy.fixture.example.com\" denied the request"), qPrintable(r.err));
        QVERIFY2(r.err.contains("nothing was applied"), qPrintable(r.err));
        const json route = live("/apis/gateway.networking.k8s.io/v1/namespaces/shop/httproutes/store");
        QCOMPARE(route["spec"]["rules"][0]["backendRefs"][0]["weight"].get<int>(), 90);
    }

    void dryRunThenApply()
    {
        const QString file = pulledWithWeights("apply.yaml", "50/50");
        // The weights were written by another manager (the seed, as kubectl create would): a
        // change of them conflicts until the user chooses to take them.
        const Run conflict = run({"apply", file, "--dry-run=server"});
        QCOMPARE(conflict.exitCode, 1);
        QVERIFY2(conflict.err.contains("conflict with \"fixture-seed\"") && conflict.err.contains("nothing was applied"),
                 qPrintable(conflict.err));
        const Run dry = run({"apply", file, "--dry-run=server", "--force-conflicts"});
        QVERIFY2(dry.exitCode == 0, qPrintable(dry.err));
        QVERIFY2(dry.out.contains("HTTPRoute shop/store configured (server dry run)"), qPrintable(dry.out));
        QVERIFY(dry.out.contains("Service shop/store-v1 unchanged (server dry run)"));
        json route = live("/apis/gateway.networking.k8s.io/v1/namespaces/shop/httproutes/store");
        QCOMPARE(route["spec"]["rules"][0]["backendRefs"][0]["weight"].get<int>(), 90);  // a dry run writes nothing

        const Run applied = run({"apply", file, "--force-conflicts"});
        QVERIFY2(applied.exitCode == 0, qPrintable(applied.err));
        QVERIFY2(applied.out.contains("HTTPRoute shop/store configured (server-side apply)"), qPrintable(applied.out));
        route = live("/apis/gateway.networking.k8s.io/v1/namespaces/shop/httproutes/store");
        QCOMPARE(route["spec"]["rules"][0]["backendRefs"][0]["weight"].get<int>(), 50);
        bool managed = false;
        for (const json& entry : route["metadata"]["managedFields"])
            managed = managed || (entry["manager"] == "gateway-studio" && entry["operation"] == "Apply");
        QVERIFY(managed);
        QCOMPARE(run({"diff", file}).exitCode, 0);
    }

    void anotherManagersFieldsNeedForce()
    {
        // Flagger takes the weights, as it does while it runs a canary.
        const json patch = {{"apiVersion", "gateway.networking.k8s.io/v1"},
                            {"kind", "HTTPRoute"},
                            {"metadata", {{"name", "store"}, {"namespace", "shop"}}},
                            {"spec",
                             {{"rules",
                               json::array({{{"backendRefs",
                                              json::array({{{"name", "store-v1"}, {"port", 8080}, {"weight", 70}},
                                                           {{"name", "store-v2"}, {"port", 8080}, {"weight", 30}}})}}})}}}};
        QCOMPARE(
            server_.call("PATCH",
                         "/apis/gateway.networking.k8s.io/v1/namespaces/shop/httproutes/store?fieldManager=flagger&force=true",
                         QByteArray::fromStdString(patch.dump()), nullptr, "application/apply-patch+yaml"),
            200);
        const QString file = pulledWithWeights("conflict.yaml", "70/30");
        QString text = QString::fromStdString(test::readText(file));
        write("conflict.yaml", text.replace("weight: 70", "weight: 60").replace("weight: 30", "weight: 40"));
        const Run refused = run({"apply", file});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains("conflict with \"flagger\"") && refused.err.contains(".spec.rules"),
                 qPrintable(refused.err));
        QVERIFY(refused.err.contains("--force-conflicts"));
        const Run diff = run({"diff", file});  // what forcing would change
        QCOMPARE(diff.exitCode, 1);
        QVERIFY2(diff.out.contains("+          weight: 60"), qPrintable(diff.out));
        const Run forced = run({"apply", file, "--force-conflicts"});
        QVERIFY2(forced.exitCode == 0, qPrintable(forced.err));
        QCOMPARE(live("/apis/gateway.networking.k8s.io/v1/namespaces/shop/httproutes/store")["spec"]["rules"][0]["backendRefs"][0]
                                                                                            ["weight"]
                                                                                                .get<int>(),
                 60);
    }

    // The controller first writes exactly the predicted status (so they agree), then disagrees on
    // one route, then falls behind a spec change.
    void liveStatusComparesTheController()
    {
        const Run first = run({"status", "--live", "-A", "-o", "json"});
        QCOMPARE(first.exitCode, 3);  // nothing written by a controller yet
        const json entries = json::parse(first.out.toStdString())["items"];
        for (const json& entry : entries) {
            const std::string kind = entry["kind"], id = entry["object"];
            const auto slash = id.find('/');
            const std::string ns = slash == std::string::npos ? "" : id.substr(0, slash);
            const std::string name = slash == std::string::npos ? id : id.substr(slash + 1);
            std::string plural = kind == "GatewayClass" ? "gatewayclasses" : kind == "Gateway" ? "gateways" : "httproutes";
            const std::string path =
                "/apis/gateway.networking.k8s.io/v1/" + (ns.empty() ? "" : "namespaces/" + ns + "/") + plural + "/" + name;
            json object = live(QString::fromStdString(path));
            QVERIFY2(!object.is_null(), path.c_str());
            object["status"] = entry["predicted"];
            QCOMPARE(server_.call("PUT", QString::fromStdString(path + "/status"), QByteArray::fromStdString(object.dump())),
                     200);
        }
        const Run agree = run({"status", "--live", "-A"});
        QVERIFY2(agree.exitCode == 0, qPrintable(agree.out + agree.err));
        QVERIFY2(agree.out.contains("0 where the controller and the prediction differ"), qPrintable(agree.out));

        // A controller that accepts billing although its namespace is not allowed on the listener.
        const QString billing = "/apis/gateway.networking.k8s.io/v1/namespaces/payments/httproutes/billing";
        json route = live(billing);
        for (json& condition : route["status"]["parents"][0]["conditions"])
            if (condition["type"] == "Accepted") {
                condition["status"] = "True";
                condition["reason"] = "Accepted";
            }
        QCOMPARE(server_.call("PUT", billing + "/status", QByteArray::fromStdString(route.dump())), 200);
        const Run differs = run({"status", "--live", "-A"});
        QCOMPARE(differs.exitCode, 3);
        QVERIFY2(differs.out.contains("! HTTPRoute payments/billing") &&
                     differs.out.contains(
                         "parents[infra/edge/http] Accepted: controller True/Accepted, predicted False/NotAllowedByListeners"),
                 qPrintable(differs.out));
        QVERIFY2(differs.out.contains("1 where the controller and the prediction differ"), qPrintable(differs.out));

        // A spec change the controller has not acted on yet.
        route = live(billing);
        route["spec"]["hostnames"].push_back("billing2.example.com");
        QCOMPARE(server_.call("PUT", billing, QByteArray::fromStdString(route.dump())), 200);
        const Run stale = run({"status", "--live", "-n", "payments"});
        QCOMPARE(stale.exitCode, 3);
        QVERIFY2(stale.out.contains("stale: the controller has not yet acted on the latest spec"), qPrintable(stale.out));
    }

    void badDaysHaveClearErrors()
    {
        Run r = run({"pull", "--context", "fixture-expired"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("401 Unauthorized") && r.err.contains("Log in again"), qPrintable(r.err));
        r = run({"pull", "--context", "nowhere"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("context \"nowhere\" is not in the kubeconfig"), qPrintable(r.err));
        r = run({"status", "--live", dir_.filePath("shop.yaml")});
        QCOMPARE(r.exitCode, 2);
        r = run({"apply", dir_.filePath("shop.yaml"), "--dry-run=client"});
        QCOMPARE(r.exitCode, 2);
    }
};

}  // namespace

QTEST_GUILESS_MAIN(TestClusterCli)
#include "tst_cluster_cli.moc"

// The API client against a local API server that speaks the real protocol
// (tests/support/fake_apiserver.py): every kind of credential, the errors a person meets on a bad
// day, discovery of old or absent CRDs, and pull (pages, references, private keys withheld).
#include <QElapsedTimer>
#include <QTcpServer>
#include <QtTest>

#include "cluster/api_errors.h"
#include "cluster/pull.h"
#include "cluster_seed.h"
#include "fake_apiserver.h"

using namespace gs;
using namespace gs::cluster;
using nlohmann::json;

namespace {

std::optional<ContextAccess> contextOf(const test::FakeApiServer& server, const std::string& name, std::string& error)
{
    const auto config = loadKubeconfig({server.kubeconfig().toStdString()}, error);
    return config ? resolveContext(*config, name, error) : std::nullopt;
}

std::string shopYaml() { return test::readText(QStringLiteral(GWS_TESTDATA_DIR "/testdata/shop-cluster.yaml")); }

// The shop cluster, with a real certificate and key in infra/edge-tls.
QStringList shopSeed(const QTemporaryDir& dir)
{
    json items = test::objectsFromYaml(shopYaml());
    if (items.size() < 10)
        qFatal("the shop cluster's YAML was not found");
    const auto ca = test::issueCertificate("test CA", {}, nullptr);
    json secret = test::tlsSecret("infra", "edge-tls", test::issueCertificate("edge", {"*.example.com"}, &ca));
    // A deploy tool that keeps the whole object in an annotation (as kapp does), key included.
    secret["metadata"]["annotations"] = {{"kapp.k14s.io/original", secret.dump()}, {"team", "platform"}};
    items.push_back(secret);
    const QString path = dir.filePath("seed.json");
    test::writeSeed(path, items);
    return {"--seed", path};
}

const json* findObject(const std::vector<json>& objects, const std::string& kind, const std::string& ns, const std::string& name)
{
    for (const json& o : objects)
        if (o.value("kind", "") == kind && o["metadata"].value("name", "") == name && o["metadata"].value("namespace", "") == ns)
            return &o;
    return nullptr;
}

}  // namespace

class TestClusterClient : public QObject {
    Q_OBJECT

private slots:
    void everyCredentialKindIsAccepted_data()
    {
        QTest::addColumn<QString>("context");
        QTest::newRow("client certificate") << "fixture-cert";
        QTest::newRow("bearer token") << "fixture-token";
        QTest::newRow("token file") << "fixture-token-file";
        QTest::newRow("exec plugin") << "fixture-exec";
        QTest::newRow("insecure-skip-tls-verify") << "fixture-insecure";
    }

    void everyCredentialKindIsAccepted()
    {
        QFETCH(QString, context);
        test::FakeApiServer server;
        QString startError;
        QVERIFY2(server.start({}, startError), qPrintable(startError));
        std::string error;
        auto access = contextOf(server, context.toStdString(), error);
        QVERIFY2(access, error.c_str());
        ApiClient client(*access);
        const ApiResponse response = client.get("/api/v1/namespaces");
        QVERIFY2(response.ok(), response.body.constData());
        QVERIFY(response.body.contains("kube-system"));
        if (context == "fixture-exec") {  // the plugin was told what kubectl tells it
            const json info = json::parse(test::readText(server.path("exec-info.json")));
            QCOMPARE(info["apiVersion"].get<std::string>(), std::string("client.authentication.k8s.io/v1"));
            QCOMPARE(info["spec"]["interactive"].get<bool>(), false);
        }
    }

    void refusedCredentialsSayLogInAgain()
    {
        test::FakeApiServer server;
        QString startError;
        QVERIFY2(server.start({}, startError), qPrintable(startError));
        std::string error;
        auto access = contextOf(server, "fixture-expired", error);
        QVERIFY2(access, error.c_str());
        ApiClient client(*access);
        const ApiResponse response = client.get("/apis");
        QCOMPARE(response.httpStatus, 401);
        const std::string text = explainFailure(response, client, "list gateways");
        QVERIFY2(text.find("401 Unauthorized") != std::string::npos && text.find("Log in again") != std::string::npos,
                 text.c_str());
        QVERIFY2(text.find("expired-token") == std::string::npos, "a credential must never appear in a message");
    }

    void anUnreachableServerFailsInBoundedTime()
    {
        QTcpServer silent;  // accepts connections and never answers: a black hole, not a refusal
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        ContextAccess access;
        access.contextName = access.clusterName = "dead";
        access.cluster.server = "https://127.0.0.1:" + std::to_string(silent.serverPort());
        access.cluster.insecureSkipTlsVerify = true;
        ClientOptions options;
        options.requestTimeoutMs = 1000;
        options.execTimeoutMs = 1000;
        ApiClient client(access, options);
        QElapsedTimer timer;
        timer.start();
        const ApiResponse response = client.get("/api");
        QVERIFY(timer.elapsed() < 5000);
        QCOMPARE(response.httpStatus, 0);
        const std::string text = explainFailure(response, client, "discover");
        QVERIFY2(text.find("127.0.0.1:" + std::to_string(silent.serverPort())) != std::string::npos, text.c_str());
        QVERIFY2(text.find("no answer within 1 s") != std::string::npos, text.c_str());
    }

    void aFailingExecPluginIsExplained()
    {
        QTemporaryDir dir;
        const QString script = dir.filePath("plugin.sh");
        QFile file(script);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("#!/bin/sh\necho 'error: SSO session expired; run aws sso login' >&2\nexit 3\n");
        file.close();
        file.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        ContextAccess access;
        access.contextName = "sso";
        access.cluster.server = "https://127.0.0.1:1";
        access.user.exec = ExecConfig{"client.authentication.k8s.io/v1", script.toStdString(), {}, {}, "", "Never", false};
        ApiClient client(access);
        std::string error;
        QVERIFY(!client.prepare(error));
        QVERIFY2(error.find("exit 3") != std::string::npos && error.find("run aws sso login") != std::string::npos,
                 error.c_str());
        access.user.exec->command = dir.filePath("absent").toStdString();
        access.user.exec->installHint = "Install the AWS CLI.";
        ApiClient missing(access);
        QVERIFY(!missing.prepare(error));
        QVERIFY2(error.find("cannot be started") != std::string::npos && error.find("Install the AWS CLI.") != std::string::npos,
                 error.c_str());
    }

    void aClusterWithoutTheCrdsSaysSo()
    {
        test::FakeApiServer server;
        QString startError;
        QVERIFY2(server.start({"--gateway-api", "none"}, startError), qPrintable(startError));
        std::string error;
        ApiClient client(*contextOf(server, "fixture-cert", error));
        QVERIFY(!discoverGatewayApi(client, error));
        QVERIFY2(error.find("has no Gateway API CRDs") != std::string::npos &&
                     error.find("standard-install.yaml") != std::string::npos,
                 error.c_str());
    }

    void olderCrdsNameWhatIsMissing()
    {
        test::FakeApiServer server;
        QString startError;
        QVERIFY2(server.start({"--gateway-api", "v1.0.0"}, startError), qPrintable(startError));
        std::string error;
        ApiClient client(*contextOf(server, "fixture-cert", error));
        const auto discovery = discoverGatewayApi(client, error);
        QVERIFY2(discovery, error.c_str());
        QCOMPARE(discovery->bundleVersion, std::string("v1.0.0"));
        QVERIFY(std::find(discovery->missingKinds.begin(), discovery->missingKinds.end(), "GRPCRoute") !=
                discovery->missingKinds.end());
        QVERIFY(std::find(discovery->missingKinds.begin(), discovery->missingKinds.end(), "HTTPRoute") ==
                discovery->missingKinds.end());
        QVERIFY2(!discovery->notes.empty() && discovery->notes[0].find("(v1.0.0) lack") != std::string::npos,
                 discovery->notes.empty() ? "" : discovery->notes[0].c_str());
        for (const ServedKind& kind : discovery->kinds)
            if (kind.kind == "ReferenceGrant")
                QCOMPARE(kind.version, std::string("v1beta1"));  // the only version v1.0.0 serves
    }

    void pullTakesObjectsReferencesAndNoPrivateKey()
    {
        QTemporaryDir dir;
        test::FakeApiServer server;
        QString startError;
        QVERIFY2(server.start(shopSeed(dir), startError), qPrintable(startError));
        std::string error;
        ApiClient client(*contextOf(server, "fixture-cert", error));
        const auto discovery = discoverGatewayApi(client, error);
        QVERIFY2(discovery, error.c_str());
        PullOptions options;
        options.namespaces = {"shop"};  // the app team's namespace: the Gateway, grant and Secret come as references
        const auto pulled = pull(client, *discovery, options, error);
        QVERIFY2(pulled, error.c_str());
        QVERIFY(findObject(pulled->objects, "HTTPRoute", "shop", "store"));
        QVERIFY(!findObject(pulled->objects, "HTTPRoute", "payments", "billing"));  // another namespace, not referenced
        QVERIFY(findObject(pulled->objects, "Gateway", "infra", "edge"));  // its parentRef
        QVERIFY(findObject(pulled->objects, "Service", "payments", "checkout"));  // a cross-namespace backend
        QVERIFY(findObject(pulled->objects, "Namespace", "", "shop"));  // labels decide allowedRoutes
        QVERIFY(findObject(pulled->objects, "Namespace", "", "infra"));
        const json* secret = findObject(pulled->objects, "Secret", "infra", "edge-tls");
        QVERIFY(secret);
        QCOMPARE((*secret)["data"]["tls.key"].get<std::string>(), std::string());
        QVERIFY((*secret)["metadata"]["annotations"].contains(kWithheldKeyAnnotation));
        QVERIFY(!(*secret)["metadata"]["annotations"].contains("kapp.k14s.io/original"));  // it held the key
        QVERIFY((*secret)["metadata"]["annotations"].contains("team"));
        const std::string yaml = pulledYaml(pulled->objects);
        QVERIFY(yaml.find(QByteArray("PRIVATE KEY").toBase64().left(8).toStdString()) == std::string::npos);
        QVERIFY(!pulled->resourceVersion.empty());
    }

    void refusedKindsAreReportedAndTheRestIsPulled()
    {
        QTemporaryDir dir;
        test::FakeApiServer server;
        QString startError;
        QVERIFY2(server.start(shopSeed(dir) + QStringList{"--deny", "list:referencegrants"}, startError), qPrintable(startError));
        std::string error;
        ApiClient client(*contextOf(server, "fixture-cert", error));
        const auto discovery = discoverGatewayApi(client, error);
        QVERIFY2(discovery, error.c_str());
        const auto pulled = pull(client, *discovery, {}, error);
        QVERIFY2(pulled, error.c_str());
        QVERIFY(findObject(pulled->objects, "HTTPRoute", "payments", "billing"));
        QVERIFY(!findObject(pulled->objects, "ReferenceGrant", "payments", "shop-to-checkout"));
        bool warned = false;
        for (const std::string& w : pulled->warnings)
            warned = warned ||
                (w.find("403 Forbidden") != std::string::npos &&
                 w.find("cannot list resource \"referencegrants\"") != std::string::npos);
        QVERIFY2(warned, "the RBAC refusal must be reported with the verb and resource");
    }

    // 10,000 routes come in pages of 500, every one of them, and fast (the figure is printed;
    // BENCHMARKS.md has the measured run).
    void tenThousandRoutesComeInPages()
    {
        test::FakeApiServer server;
        QString startError;
        QVERIFY2(server.start({"--generate-routes", "10000"}, startError), qPrintable(startError));
        std::string error;
        ApiClient client(*contextOf(server, "fixture-cert", error));
        QVERIFY(server.call("POST", "/fixture/reset-requests") == 200);
        QElapsedTimer timer;
        timer.start();
        const auto discovery = discoverGatewayApi(client, error);
        QVERIFY2(discovery, error.c_str());
        std::size_t progressCalls = 0;
        PullOptions options;
        options.namespaces = {};
        options.progress = [&](const std::string&, std::size_t) { ++progressCalls; };
        const auto pulled = pull(client, *discovery, options, error);
        QVERIFY2(pulled, error.c_str());
        qInfo("pulled %zu objects in %lld ms", pulled->objects.size(), static_cast<long long>(timer.elapsed()));
        std::size_t routes = 0;
        for (const json& o : pulled->objects)
            routes += o.value("kind", "") == "HTTPRoute";
        QCOMPARE(routes, std::size_t(10000));
        QByteArray log;
        QCOMPARE(server.call("GET", "/fixture/requests", {}, &log), 200);
        std::size_t routePages = 0;
        for (const json& r : json::parse(log.toStdString()))
            routePages += r.value("path", "").ends_with("/httproutes") && r.value("method", "") == "GET";
        QCOMPARE(routePages, std::size_t(20));
        QVERIFY(progressCalls >= 20);
    }
};

QTEST_GUILESS_MAIN(TestClusterClient)
#include "tst_cluster_client.moc"

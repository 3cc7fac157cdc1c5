// Kubeconfig loading as kubectl does it: which files, how they merge, relative paths, inline data,
// exec plugins, and the errors for what is missing or malformed.
#include <QTemporaryDir>
#include <QtTest>

#include "cluster/kubeconfig.h"

using namespace gs::cluster;

namespace {

void write(const QString& path, const QByteArray& text)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text);
}

const QByteArray kFirst = R"(apiVersion: v1
kind: Config
current-context: dev
clusters:
  - name: dev
    cluster:
      server: https://dev.example.com:6443
      certificate-authority: certs/ca.crt
      tls-server-name: api.dev.internal
      proxy-url: socks5://127.0.0.1:1080
users:
  - name: alice
    user:
      client-certificate-data: Q0VSVA==
      client-key: keys/alice.key
  - name: eks
    user:
      exec:
        apiVersion: client.authentication.k8s.io/v1
        command: aws
        args: [eks, get-token, --cluster-name, prod]
        env:
          - name: AWS_PROFILE
            value: prod
        interactiveMode: Never
        provideClusterInfo: true
contexts:
  - name: dev
    context: {cluster: dev, user: alice, namespace: shop}
  - name: prod
    context: {cluster: prod, user: eks}
)";

const QByteArray kSecond = R"(apiVersion: v1
kind: Config
current-context: prod
clusters:
  - name: dev
    cluster:
      server: https://shadowed.example.com
  - name: prod
    cluster:
      server: https://prod.example.com
      insecure-skip-tls-verify: true
users:
  - name: alice
    user:
      token: shadowed
contexts:
  - name: staging
    context: {cluster: prod, user: tokens}
users2: ignored
)";

}  // namespace

class TestKubeconfig : public QObject {
    Q_OBJECT

private slots:
    void init() { QVERIFY(dir_.isValid()); }

    void firstFileWinsEachName()
    {
        write(dir_.filePath("a"), kFirst);
        write(dir_.filePath("b"), kSecond);
        std::string error;
        const auto config = loadKubeconfig({dir_.filePath("a").toStdString(), dir_.filePath("b").toStdString()}, error);
        QVERIFY2(config, error.c_str());
        QCOMPARE(config->currentContext, std::string("dev"));  // the first non-empty current-context
        QCOMPARE(config->clusters.at("dev").server, std::string("https://dev.example.com:6443"));
        QCOMPARE(config->clusters.at("prod").server, std::string("https://prod.example.com"));  // only in b
        QVERIFY(config->users.at("alice").token.empty());  // a's alice wins whole, b's token is not mixed in
        QVERIFY(config->contexts.contains("staging"));
        QCOMPARE(config->files.size(), std::size_t(2));
    }

    void resolvesRelativePathsAndInlineData()
    {
        QDir(dir_.path()).mkpath("certs");
        QDir(dir_.path()).mkpath("keys");
        write(dir_.filePath("certs/ca.crt"), "CA PEM");
        write(dir_.filePath("keys/alice.key"), "KEY PEM");
        write(dir_.filePath("a"), kFirst);
        std::string error;
        const auto config = loadKubeconfig({dir_.filePath("a").toStdString()}, error);
        QVERIFY2(config, error.c_str());
        const auto access = resolveContext(*config, "", error);
        QVERIFY2(access, error.c_str());
        QCOMPARE(access->contextName, std::string("dev"));
        QCOMPARE(access->ns, std::string("shop"));
        QCOMPARE(access->cluster.certificateAuthorityData, std::string("CA PEM"));  // read relative to the kubeconfig
        QCOMPARE(access->user.clientCertificateData, std::string("CERT"));  // base64 decoded
        QCOMPARE(access->user.clientKeyData, std::string("KEY PEM"));
        QCOMPARE(access->cluster.tlsServerName, std::string("api.dev.internal"));
        QCOMPARE(access->cluster.proxyUrl, std::string("socks5://127.0.0.1:1080"));
        QCOMPARE(describeTarget(*access), std::string("https://dev.example.com:6443 (cluster dev, context dev)"));
    }

    void parsesExecPlugins()
    {
        write(dir_.filePath("a"), kFirst);
        write(dir_.filePath("b"), kSecond);
        std::string error;
        const auto config = loadKubeconfig({dir_.filePath("a").toStdString(), dir_.filePath("b").toStdString()}, error);
        QVERIFY2(config, error.c_str());
        const auto access = resolveContext(*config, "prod", error);
        QVERIFY2(access, error.c_str());
        QVERIFY(access->user.exec);
        QCOMPARE(access->user.exec->command, std::string("aws"));  // a bare name stays a PATH lookup
        QCOMPARE(access->user.exec->args.size(), std::size_t(4));
        QCOMPARE(access->user.exec->env.at(0).second, std::string("prod"));
        QVERIFY(access->user.exec->provideClusterInfo);
        QVERIFY(access->cluster.insecureSkipTlsVerify);
        QCOMPARE(access->ns, std::string("default"));  // no namespace in the context
    }

    void reportsWhatIsMissing()
    {
        write(dir_.filePath("b"), kSecond);
        std::string error;
        const auto config = loadKubeconfig({dir_.filePath("b").toStdString()}, error);
        QVERIFY2(config, error.c_str());
        QVERIFY(!resolveContext(*config, "nope", error));
        QCOMPARE(error, std::string("context \"nope\" is not in the kubeconfig"));
        QVERIFY(!resolveContext(*config, "staging", error));
        QVERIFY2(error.find("user \"tokens\"") != std::string::npos, error.c_str());
        QVERIFY(!resolveContext(*config, "prod", error));  // b's current-context prod is not a context of b
        QVERIFY(!loadKubeconfig({}, error));
        QVERIFY2(error.find("KUBECONFIG") != std::string::npos, error.c_str());
    }

    void malformedFilesNameTheirLine()
    {
        write(dir_.filePath("bad"), "clusters:\n  - name: x\n    cluster: {server: [\n");
        std::string error;
        QVERIFY(!loadKubeconfig({dir_.filePath("bad").toStdString()}, error));
        QVERIFY2(error.find(dir_.filePath("bad").toStdString() + ":") == 0, error.c_str());
        QVERIFY2(error.find("not a kubeconfig") != std::string::npos, error.c_str());
        write(dir_.filePath("list"), "- a\n- b\n");
        QVERIFY(!loadKubeconfig({dir_.filePath("list").toStdString()}, error));
        QVERIFY(!loadKubeconfig({dir_.filePath("absent").toStdString()}, error));
        QVERIFY2(error.find("cannot read") != std::string::npos, error.c_str());
    }

    void kubeconfigVariableListsFiles()
    {
        write(dir_.filePath("a"), kFirst);
        write(dir_.filePath("b"), kSecond);
        const QByteArray list = (dir_.filePath("a") + "::" + dir_.filePath("missing") + ":" + dir_.filePath("b")).toUtf8();
        qputenv("KUBECONFIG", list);
        const auto files = kubeconfigFiles("");
        qunsetenv("KUBECONFIG");
        QCOMPARE(files, (std::vector<std::string>{dir_.filePath("a").toStdString(), dir_.filePath("b").toStdString()}));
        QCOMPARE(kubeconfigFiles("/explicit"), std::vector<std::string>{"/explicit"});  // --kubeconfig alone
    }

private:
    QTemporaryDir dir_;
};

QTEST_GUILESS_MAIN(TestKubeconfig)
#include "tst_kubeconfig.moc"

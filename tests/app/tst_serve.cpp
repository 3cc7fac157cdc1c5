// gateway-studio serve as a real process: its output lines, traffic through it, the admin
// endpoint, live reload (valid and invalid changes), --bind, and a clean exit on SIGTERM.

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <random>

#include "http_client.h"
#include "tls_client.h"

using namespace gs;

namespace {

const char* kTopology = R"(apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: studio}
spec: {controllerName: gateway-studio.dev/test}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: serve-test-gateway, namespace: cli}
spec:
  gatewayClassName: studio
  listeners: [{name: http, protocol: HTTP, port: 80}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web, namespace: cli}
spec:
  parentRefs: [{name: serve-test-gateway}]
  rules:
    - matches: [{path: {value: /web}}]
      backendRefs: [{name: web, port: 8080}]
    - matches: [{path: {value: /local}}]
      backendRefs: [{name: local, port: 9000}]
    - matches: [{path: {value: /mirrored}}]
      filters: [{type: RequestMirror, requestMirror: {backendRef: {name: shadow, port: 8080}}}]
      backendRefs: [{name: web, port: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: cli}
spec: {ports: [{port: 8080}]}
---
apiVersion: v1
kind: Service
metadata: {name: shadow, namespace: cli}
spec: {ports: [{port: 8080}]}
)";

struct Endpoint {
    std::string host;
    int port = 0;
};

// A loopback port free right now, below the kernel's ephemeral range (32768 and up, where serve's
// echo backends take theirs), so that runs of this suite side by side, or other suites, do not
// fight over fixed ports. serve is told to use it with --port-offset.
int freePort()
{
    std::random_device random;
    for (;;) {
        const int port = 20000 + int(random() % 12000);
        const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        a.sin_port = htons(std::uint16_t(port));
        const bool free = ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
        ::close(fd);
        if (free)
            return port;
    }
}

Endpoint parseUrl(const QString& url)
{
    const QRegularExpression re(R"(^\w+://([^:]+):(\d+)$)");
    const auto m = re.match(url);
    return {m.captured(1).toStdString(), m.captured(2).toInt()};
}

}  // namespace

class TestServe : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QProcess process_;
    Endpoint listener_, admin_;
    QString file_;

    void writeTopology(const QByteArray& text)
    {
        QFile f(file_);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(text);
    }

    QString waitForLine(const QString& prefix, int ms = 10000)
    {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < ms) {
            while (process_.canReadLine()) {
                const QString line = QString::fromUtf8(process_.readLine()).trimmed();
                if (line.startsWith(prefix))
                    return line;
            }
            process_.waitForReadyRead(100);
        }
        return {};
    }

private slots:
    void initTestCase()
    {
        // A local process the route's /local backend is bound to.
        file_ = dir_.filePath("serve.yaml");
        writeTopology(kTopology);
        const int port = freePort();
        process_.setProgram(GWS_BINARY);
        process_.setArguments({"serve", file_, "--admin", "127.0.0.1:0", "--workers", "2", "--port-offset",
                               QString::number(port - 80), "--bind", "cli/local:9000=127.0.0.1:1", "--max-body-bytes", "100"});
        process_.start();
        QVERIFY(process_.waitForStarted());
        const QString listener = waitForLine("listener ");
        QVERIFY2(listener.startsWith("listener cli/serve-test-gateway/http http://127."), qPrintable(listener));
        listener_ = parseUrl(listener.section(' ', 2, 2));
        QCOMPARE(listener_.port, port);
        const QString admin = waitForLine("admin ");
        admin_ = parseUrl(admin.section(' ', 1));
        QVERIFY(admin_.port > 0);
        QVERIFY(!waitForLine("ready").isEmpty());
    }

    void cleanupTestCase()
    {
        if (process_.state() != QProcess::NotRunning) {
            process_.kill();
            process_.waitForFinished();
        }
    }

    void servesTraffic()
    {
        const test::HttpResponse r = test::httpGet(listener_.port, "/web/x", "web.example.com", {}, listener_.host);
        QCOMPARE(r.status, 200);
        QVERIFY(QString::fromStdString(test::parseEchoBody(r.body).fields["pod"]).startsWith("web-"));
        QCOMPARE(test::httpGet(listener_.port, "/local", "a", {}, listener_.host).status, 503);  // bound, but refused
    }

    // `serve` maps no Qt library (the reason the editor and the cluster commands are executables
    // of their own, app/main.cpp): the running gateway's memory map names none.
    void mapsNoQt()
    {
        QFile maps(QString("/proc/%1/maps").arg(process_.processId()));
        QVERIFY(maps.open(QIODevice::ReadOnly));
        const QByteArray mapped = maps.readAll();
        QVERIFY(mapped.contains("libssl"));  // the map is the gateway's, read whole
        QVERIFY2(!mapped.contains("libQt6"), mapped.constData());
    }

    void bodyLimit()
    {
        test::HttpClient c(listener_.host, listener_.port);
        QCOMPARE(c.request("POST", "/web/x", "a", {}, std::string(100, 'b')).status, 200);
        QCOMPARE(c.request("POST", "/web/x", "a", {}, std::string(101, 'b')).status, 413);
        QCOMPARE(QProcess::execute(GWS_BINARY, {"serve", "x.yaml", "--max-body-bytes", "lots"}), 2);
    }

    void adminEndpoint()
    {
        QCOMPARE(test::httpGet(admin_.port, "/healthz", "admin", {}, admin_.host).body, std::string("ok\n"));
        const test::HttpResponse stats = test::httpGet(admin_.port, "/stats", "admin", {}, admin_.host);
        QCOMPARE(stats.status, 200);
        QVERIFY(stats.body.find("\"name\": \"httproute/cli/web/rule/0/backend/0\"") != std::string::npos);
        QVERIFY(stats.body.find("\"service\": \"local\"") != std::string::npos);  // listed before any traffic counts
        const test::HttpResponse metrics = test::httpGet(admin_.port, "/metrics", "admin", {}, admin_.host);
        QVERIFY(metrics.body.find("gateway_studio_backend_requests_total{name=\"httproute/cli/web/rule/0/backend/0\"") !=
                std::string::npos);
        QVERIFY(metrics.body.find("service=\"web\"") != std::string::npos);
        const test::HttpResponse config = test::httpGet(admin_.port, "/config", "admin", {}, admin_.host);
        QVERIFY(config.body.find("kind: HTTPRoute") != std::string::npos);
        QVERIFY(config.body.find("status:") != std::string::npos);
        QCOMPARE(test::httpGet(admin_.port, "/nope", "admin", {}, admin_.host).status, 404);
    }

    // Mirrored requests are counted on the mirror target (labelled mirror="true") with their
    // answers, and the mirror's echo replicas show them in /logs.
    void mirrorsAndEchoLogsAreVisible()
    {
        QCOMPARE(test::httpGet(listener_.port, "/mirrored?n=1", "a", {}, listener_.host).status, 200);
        const std::string mirror = "\"name\": \"httproute/cli/web/rule/2/filter/0/mirror\"";
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const std::string body = test::httpGet(admin_.port, "/stats", "admin", {}, admin_.host).body;
                const std::size_t at = body.find(mirror);
                const std::size_t end = body.find('}', body.find("\"responses\"", at));
                const std::string entry = at == std::string::npos ? std::string() : body.substr(at, end - at);
                return entry.find("\"mirror\": \"true\"") != std::string::npos && entry.find("\"2xx\": 1") != std::string::npos;
            }(),
            5000);
        const test::HttpResponse metrics = test::httpGet(admin_.port, "/metrics", "admin", {}, admin_.host);
        QVERIFY(metrics.body.find("mirror=\"true\"") != std::string::npos);
        const test::HttpResponse logs = test::httpGet(admin_.port, "/logs?service=cli/shadow&tail=5", "admin", {}, admin_.host);
        QCOMPARE(logs.status, 200);
        QVERIFY2(logs.body.find("Echoing back request made to /mirrored?n=1") != std::string::npos, logs.body.c_str());
        QVERIFY(test::httpGet(admin_.port, "/logs?service=cli/web", "admin", {}, admin_.host).body.find("/mirrored?n=1") !=
                std::string::npos);
        QCOMPARE(test::httpGet(admin_.port, "/logs?service=nonsense", "admin", {}, admin_.host).status, 400);
    }

    void reloadsValidChanges()
    {
        QByteArray changed(kTopology);
        changed.replace("value: /web}", "value: /renamed}");
        writeTopology(changed);
        QVERIFY(!waitForLine("reloaded").isEmpty());
        QCOMPARE(test::httpGet(listener_.port, "/renamed", "a", {}, listener_.host).status, 200);
        QCOMPARE(test::httpGet(listener_.port, "/web", "a", {}, listener_.host).status, 404);
        const std::string config = test::httpGet(admin_.port, "/config", "admin", {}, admin_.host).body;
        QVERIFY(config.find("value: /renamed") != std::string::npos);  // the status of the new load
        QVERIFY(config.find("value: /web") == std::string::npos);
    }

    void keepsServingOnInvalidChanges()
    {
        QByteArray broken(kTopology);
        broken.replace("value: /web}", "value: web}");
        writeTopology(broken);
        QElapsedTimer t;
        t.start();
        QByteArray err;
        while (t.elapsed() < 5000 && !err.contains("not applied")) {
            process_.waitForReadyRead(100);
            err += process_.readAllStandardError();
        }
        QVERIFY2(err.contains(":19:32: error: HTTPRoute cli/web: spec.rules[0].matches[0].path.value:"), err.constData());
        QCOMPARE(test::httpGet(listener_.port, "/renamed", "a", {}, listener_.host).status, 200);
    }

    void echoCommandAnswersAsItsPod()
    {
        QProcess echo;
        echo.start(GWS_BINARY, {"echo", "--pod", "canary-0123456789-abcde", "--namespace", "demo", "--service", "canary"});
        QVERIFY(echo.waitForStarted());
        QVERIFY(echo.waitForReadyRead(5000));
        const QString line = QString::fromUtf8(echo.readLine()).trimmed();
        QVERIFY2(line.startsWith("echo http://127.0.0.1:"), qPrintable(line));
        const Endpoint at = parseUrl(line.section(' ', 1));
        const test::HttpResponse r = test::httpGet(at.port, "/x?y=1", "echo.test", {}, at.host);
        QCOMPARE(r.status, 200);
        auto fields = test::parseEchoBody(r.body).fields;
        QCOMPARE(QString::fromStdString(fields["pod"]), QString("canary-0123456789-abcde"));
        QCOMPARE(QString::fromStdString(fields["namespace"]), QString("demo"));
        QCOMPARE(QString::fromStdString(fields["path"]), QString("/x?y=1"));
        ::kill(pid_t(echo.processId()), SIGTERM);
        QVERIFY(echo.waitForFinished(5000));
        QCOMPARE(echo.exitCode(), 0);
    }

    void devCertificatesForMissingSecrets()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath("tls.yaml");
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"(apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: studio}
spec: {controllerName: gateway-studio.dev/test}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: web, namespace: shop}
spec:
  gatewayClassName: studio
  listeners:
    - {name: https, protocol: HTTPS, port: 443, hostname: shop.example.com, tls: {certificateRefs: [{name: shop-tls}]}}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: shop, namespace: shop}
spec:
  parentRefs: [{name: web}]
  rules: [{backendRefs: [{name: shop, port: 8080}]}]
---
apiVersion: v1
kind: Service
metadata: {name: shop, namespace: shop}
spec: {ports: [{port: 8080}]}
)");
        f.close();
        const int port = freePort();
        QProcess serve;
        serve.start(GWS_BINARY,
                    {"serve", file, "--dev-certs", "--address", "127.0.0.1", "--port-offset", QString::number(port - 443),
                     "--admin", "127.0.0.1:0"});
        QVERIFY(serve.waitForStarted());
        QString out;
        QElapsedTimer t;
        t.start();
        while (!out.contains("ready\n") && t.elapsed() < 10000) {
            serve.waitForReadyRead(100);
            out += QString::fromUtf8(serve.readAllStandardOutput());
        }
        QVERIFY2(out.contains("dev certificate for Secret shop/shop-tls (shop.example.com)"), qPrintable(out));
        QVERIFY2(out.contains(QString("listener shop/web/https https://127.0.0.1:%1").arg(port)), qPrintable(out));
        const QString folder = dir.filePath(".gateway-studio/dev-certs");
        QCOMPARE(QFileInfo(folder + "/dev-ca.key").permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
                 QFileDevice::Permissions());
        QFile ca(folder + "/dev-ca.crt");
        QVERIFY(ca.open(QIODevice::ReadOnly));
        // A client that trusts the dev CA verifies the listener's certificate for its hostname.
        test::TlsClient client("127.0.0.1", port, "shop.example.com", ca.readAll().toStdString());
        QVERIFY2(client.ok(), client.error().c_str());
        QCOMPARE(client.request("GET", "/", "shop.example.com").status, 200);
        ::kill(pid_t(serve.processId()), SIGTERM);
        QVERIFY(serve.waitForFinished(10000));
        // The YAML was not touched: the Secret exists only for the local gateway.
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(!f.readAll().contains("kind: Secret"));
    }

    // A listener without a hostname: the dev certificate covers the hostnames of the routes attached
    // to it, so a guide's `curl --resolve cafe.example.com:443:ADDR` verifies (it used to cover
    // localhost only).
    void devCertificatesCoverTheRoutesHostnames()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath("cafe.yaml");
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"(apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: studio}
spec: {controllerName: gateway-studio.dev/test}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gateway, namespace: default}
spec:
  gatewayClassName: studio
  listeners:
    - {name: https, protocol: HTTPS, port: 443, tls: {certificateRefs: [{name: cafe-secret}]}}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: coffee, namespace: default}
spec:
  parentRefs: [{name: gateway, sectionName: https}]
  hostnames: [cafe.example.com]
  rules: [{backendRefs: [{name: coffee, port: 80}]}]
---
apiVersion: v1
kind: Service
metadata: {name: coffee, namespace: default}
spec: {ports: [{port: 80}]}
)");
        f.close();
        const int port = freePort();
        QProcess serve;
        serve.start(GWS_BINARY,
                    {"serve", file, "--dev-certs", "--address", "127.0.0.1", "--port-offset", QString::number(port - 443),
                     "--admin", "127.0.0.1:0"});
        QVERIFY(serve.waitForStarted());
        QString out;
        QElapsedTimer t;
        t.start();
        while (!out.contains("ready\n") && t.elapsed() < 10000) {
            serve.waitForReadyRead(100);
            out += QString::fromUtf8(serve.readAllStandardOutput());
        }
        QVERIFY2(out.contains("dev certificate for Secret default/cafe-secret (cafe.example.com, localhost)"), qPrintable(out));
        QFile ca(dir.filePath(".gateway-studio/dev-certs/dev-ca.crt"));
        QVERIFY(ca.open(QIODevice::ReadOnly));
        test::TlsClient client("127.0.0.1", port, "cafe.example.com", ca.readAll().toStdString());
        QVERIFY2(client.ok(), client.error().c_str());
        QCOMPARE(client.request("GET", "/", "cafe.example.com").status, 200);
        ::kill(pid_t(serve.processId()), SIGTERM);
        QVERIFY(serve.waitForFinished(10000));
    }

    void exitsCleanlyOnSigterm()
    {
        ::kill(pid_t(process_.processId()), SIGTERM);
        QVERIFY(process_.waitForFinished(10000));
        QCOMPARE(process_.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process_.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TestServe)
#include "tst_serve.moc"

// Hot reload under load: continuous keep-alive traffic while the configuration is swapped 100
// times; no request may fail, and after each swap the new weights are what the next requests see.

#include <QTest>

#include <atomic>
#include <thread>

#include "http_client.h"
#include "served_topology.h"

using namespace gs;

namespace {

std::string topology(int weightV1, int weightV2, int revision)
{
    return R"(
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: studio}
spec: {controllerName: gateway-studio.dev/test}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: reload, namespace: infra}
spec:
  gatewayClassName: studio
  listeners: [{name: http, protocol: HTTP, port: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: v1, namespace: infra}
spec: {ports: [{port: 8080}]}
---
apiVersion: v1
kind: Service
metadata: {name: v2, namespace: infra}
spec: {ports: [{port: 8080}]}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: split, namespace: infra, annotations: {revision: ")" +
        std::to_string(revision) + R"("}}
spec:
  parentRefs: [{name: reload}]
  rules:
    - backendRefs:
        - {name: v1, port: 8080, weight: )" +
        std::to_string(weightV1) + R"(}
        - {name: v2, port: 8080, weight: )" +
        std::to_string(weightV2) + R"(}
)";
}

}  // namespace

class TestReload : public QObject {
    Q_OBJECT
private slots:
    void hundredReloadsUnderLoad()
    {
        test::ServedTopology served(topology(1, 0, 0));
        QVERIFY2(served.ok(), served.error().c_str());
        const int port = served.port("infra/reload", "http");
        const std::string address = served.address("infra/reload");
        std::atomic<bool> stop{false};
        std::atomic<int> sent{0}, failed{0};
        std::vector<std::thread> clients;
        for (int c = 0; c < 2; ++c)
            clients.emplace_back([&] {
                test::HttpClient client(address, port);
                while (!stop) {
                    const test::HttpResponse r = client.request("GET", "/load", "reload.example.com");
                    ++sent;
                    if (!r.ok || r.status != 200)
                        ++failed;
                }
            });
        for (int i = 1; i <= 100; ++i) {
            const bool toV2 = i % 2 == 1;
            QCOMPARE(QString::fromStdString(served.reload(topology(toV2 ? 0 : 1, toV2 ? 1 : 0, i))), QString());
            // apply() returns once every worker has the new snapshot: the next request sees it.
            const test::HttpResponse r = test::httpGet(port, "/check", "reload.example.com", {}, address);
            QCOMPARE(r.status, 200);
            QVERIFY2(QString::fromStdString(test::parseEchoBody(r.body).fields["pod"]).startsWith(toV2 ? "v2-" : "v1-"),
                     qPrintable(QString("swap %1").arg(i)));
        }
        stop = true;
        for (auto& t : clients)
            t.join();
        QCOMPARE(failed.load(), 0);
        QVERIFY(sent.load() > 100);
        qInfo("%d requests across 100 reloads, %d failed", sent.load(), failed.load());
    }
};

QTEST_GUILESS_MAIN(TestReload)
#include "tst_reload.moc"

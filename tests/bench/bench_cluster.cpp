// The cluster round trip's two figures (../../BENCHMARKS.md), against the local API server
// (tests/support/fake_apiserver.py) with 10,000 HTTPRoutes:
//   1. pull: the whole `gateway-studio pull -A` process, next to the peer, `kubectl get` of the
//      same kinds as JSON, each run ROUNDS times in the same session;
//   2. a status change reaching the canvas: the editor's Document and ClusterSession connected to
//      the `bulk` namespace (10,002 objects on the canvas); the test's "controller" flips one
//      route's Accepted condition CHANGES times (agreeing with the prediction, then not) and the
//      time from the start of its PUT to the node's cluster mark changing is recorded.
// Usage: bench_cluster [ROUNDS] [CHANGES]. Prints Markdown rows.
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>
#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <vector>

#include "cluster_session.h"
#include "document.h"
#include "fake_apiserver.h"

using nlohmann::json;

namespace {

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

double percentile(std::vector<double> v, double p)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[std::min(v.size() - 1, std::size_t(p * double(v.size())))];
}

std::string runs(const std::vector<double>& v, const char* format)
{
    std::string out;
    char buf[32];
    for (double x : v) {
        std::snprintf(buf, sizeof buf, format, x);
        out += (out.empty() ? "" : " ") + std::string(buf);
    }
    return out;
}

double timeProcess(const QString& program, const QStringList& args)
{
    QElapsedTimer timer;
    timer.start();
    QProcess p;
    p.setStandardOutputFile(QProcess::nullDevice());
    p.start(program, args);
    if (!p.waitForFinished(120000) || p.exitCode() != 0) {
        std::fprintf(stderr, "%s failed: %s\n", qPrintable(program), p.readAllStandardError().constData());
        return -1;
    }
    return double(timer.nsecsElapsed()) / 1e9;
}

QString markOf(gs::gui::Document& document, const QString& nodeId)
{
    gs::gui::NodeListModel* nodes = document.nodes();
    for (int row = 0; row < nodes->rowCount(); ++row)
        if (nodes->index(row).data(gs::gui::NodeListModel::IdRole).toString() == nodeId)
            return nodes->index(row).data(gs::gui::NodeListModel::ClusterMarkRole).toString();
    return {};
}

}  // namespace

int main(int argc, char** argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    const int rounds = argc > 1 ? std::atoi(argv[1]) : 5;
    const int changes = argc > 2 ? std::atoi(argv[2]) : 30;
    gs::test::FakeApiServer server;
    QString error;
    if (!server.start({"--generate-routes", "10000", "--bookmark-interval", "5"}, error)) {
        std::fprintf(stderr, "fixture: %s\n", qPrintable(error));
        return 1;
    }

    // 1. Pull, next to kubectl, alternating.
    const QString kubectl = QStandardPaths::findExecutable("kubectl");
    std::vector<double> ours, theirs;
    for (int i = 0; i < rounds; ++i) {
        ours.push_back(timeProcess(GWS_BINARY, {"pull", "-A", "-o", "/dev/null", "--kubeconfig", server.kubeconfig()}));
        if (!kubectl.isEmpty())
            theirs.push_back(timeProcess(kubectl,
                                         {"get", "gatewayclasses,gateways,httproutes,services,namespaces", "-A", "-o", "json",
                                          "--kubeconfig", server.kubeconfig(), "--cache-dir", server.path("kube-cache")}));
    }
    std::printf("| `gateway-studio pull -A` (10,000 HTTPRoutes, 10,005 objects, whole process) | **%.2f s** | %s |\n",
                median(ours), runs(ours, "%.2f").c_str());
    if (!theirs.empty())
        std::printf("| `kubectl get gatewayclasses,gateways,httproutes,services,namespaces -A -o json` (peer) | %.2f s | %s |\n",
                    median(theirs), runs(theirs, "%.2f").c_str());

    // 2. A status change to the canvas. The generated Gateway's class, so that its routes have a
    // predicted status to compare with.
    const json gatewayClass = {{"apiVersion", "gateway.networking.k8s.io/v1"},
                               {"kind", "GatewayClass"},
                               {"metadata", {{"name", "fixture"}}},
                               {"spec", {{"controllerName", "fixture.example.com/controller"}}}};
    if (server.call("POST", "/apis/gateway.networking.k8s.io/v1/gatewayclasses",
                    QByteArray::fromStdString(gatewayClass.dump())) != 201)
        return 1;
    gs::gui::Document document;
    gs::gui::ClusterSession session;
    session.setDocument(&document);
    session.reloadContexts(server.kubeconfig());
    QElapsedTimer connectTimer;
    connectTimer.start();
    session.connectTo("fixture-cert", "bulk");
    if (!QTest::qWaitFor([&] { return session.live() && document.clusterObjectCount() >= 10000; }, 120000)) {
        std::fprintf(stderr, "the editor did not connect\n");
        return 1;
    }
    std::printf("| editor: connect, pull and show the `bulk` namespace (%d objects) | %.2f s | 1 run |\n",
                document.clusterObjectCount(), double(connectTimer.nsecsElapsed()) / 1e9);
    const QString path = "/apis/gateway.networking.k8s.io/v1/namespaces/bulk/httproutes/route-00001";
    const QString node = "httproute/bulk/route-00001";
    std::vector<double> latencies;
    for (int i = 0; i < changes; ++i) {
        QByteArray body;
        server.call("GET", path, {}, &body);
        json route = json::parse(body.toStdString());
        const bool accept = i % 2 == 0;
        route["status"] = {
            {"parents",
             json::array({{{"parentRef", {{"group", "gateway.networking.k8s.io"}, {"kind", "Gateway"}, {"name", "gw"}}},
                           {"controllerName", "fixture.example.com/controller"},
                           {"conditions",
                            json::array({{{"type", "Accepted"},
                                          {"status", accept ? "True" : "False"},
                                          {"reason", accept ? "Accepted" : "NotAllowedByListeners"},
                                          {"observedGeneration", 1}}})}}})}};
        // From before the PUT (the watch event may arrive while its answer is read): the
        // controller's write, the API server's watch event, the editor's comparison, the mark.
        const auto rowsText = [&] {
            QString text;
            for (const QVariant& r : session.controllerRows(node))
                text += r.toMap().value("where").toString() + r.toMap().value("controller").toString() + "\n";
            return text;
        };
        const QString before = rowsText();
        QElapsedTimer timer;
        timer.start();
        if (server.call("PUT", path + "/status", QByteArray::fromStdString(route.dump())) != 200)
            return 1;
        const auto shown = [&] { return rowsText() != before && !markOf(document, node).isEmpty(); };
        if (!QTest::qWaitFor(shown, 10000)) {
            std::fprintf(stderr, "change %d did not arrive\n", i);
            for (const QVariant& r : session.controllerRows(node))
                std::fprintf(stderr, "  %s | %s | %s\n", qPrintable(r.toMap().value("where").toString()),
                             qPrintable(r.toMap().value("controller").toString()),
                             qPrintable(r.toMap().value("predicted").toString()));
            return 1;
        }
        latencies.push_back(double(timer.nsecsElapsed()) / 1e6);
    }
    std::printf("| editor: a controller's status change on the fixture → the node's mark (%d changes, 10,002 objects) | "
                "**p50 %.0f ms**, p90 %.0f ms, max %.0f ms | %s |\n",
                changes, percentile(latencies, 0.5), percentile(latencies, 0.9), percentile(latencies, 1.0),
                runs(latencies, "%.0f").c_str());
    return 0;
}

// The mirror of a cluster kept live by watches, against the local API server: a change arrives,
// a dropped watch says so and resumes without losing what happened meanwhile, a 410 Gone relists,
// a deletion removes the object.
#include <QElapsedTimer>
#include <QtTest>

#include "cluster/cluster_mirror.h"
#include "cluster_seed.h"
#include "fake_apiserver.h"

using namespace gs;
using namespace gs::cluster;
using nlohmann::json;

class TestClusterWatch : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    test::FakeApiServer server_;
    std::unique_ptr<ApiClient> client_;
    std::unique_ptr<ClusterMirror> mirror_;
    int changes_ = 0;
    std::vector<std::pair<bool, std::string>> liveness_;

    const QString route_ = "/apis/gateway.networking.k8s.io/v1/namespaces/shop/httproutes/store";

    void setHostnames(const QStringList& hostnames)
    {
        QByteArray body;
        QCOMPARE(server_.call("GET", route_, {}, &body), 200);
        json route = json::parse(body.toStdString());
        route["spec"]["hostnames"] = json::array();
        for (const QString& h : hostnames)
            route["spec"]["hostnames"].push_back(h.toStdString());
        QCOMPARE(server_.call("PUT", route_, QByteArray::fromStdString(route.dump())), 200);
    }

    // The waits here are upper bounds, generous for a machine busy with other suites (the watch
    // reacts within milliseconds when it is not).
    bool waitForYaml(const char* text, int timeoutMs = 15000)
    {
        return QTest::qWaitFor([&] { return mirror_->yaml().find(text) != std::string::npos; }, timeoutMs);
    }

private slots:
    void initTestCase()
    {
        json items = test::objectsFromYaml(test::readText(QStringLiteral(GWS_TESTDATA_DIR "/testdata/shop-cluster.yaml")));
        QVERIFY(items.size() > 10);
        QVERIFY(test::writeSeed(dir_.filePath("seed.json"), items));
        QString error;
        QVERIFY2(server_.start({"--seed", dir_.filePath("seed.json"), "--bookmark-interval", "0.5"}, error), qPrintable(error));
        std::string why;
        const auto config = loadKubeconfig({server_.kubeconfig().toStdString()}, why);
        QVERIFY2(config, why.c_str());
        client_ = std::make_unique<ApiClient>(*resolveContext(*config, "", why));
        const auto discovery = discoverGatewayApi(*client_, why);
        QVERIFY2(discovery, why.c_str());
        mirror_ = std::make_unique<ClusterMirror>(
            *client_, *discovery, PullOptions{},
            ClusterMirror::Callbacks{[this] { ++changes_; },
                                     [this](bool live, const std::string& w) { liveness_.emplace_back(live, w); }});
        QVERIFY2(mirror_->start(why), why.c_str());
        QVERIFY(mirror_->yaml().find("name: store") != std::string::npos);
        QTRY_VERIFY2_WITH_TIMEOUT(mirror_->live(), liveness_.empty() ? "no liveness report" : liveness_.back().second.c_str(),
                                  15000);
    }

    void aChangeArrives()
    {
        QElapsedTimer timer;
        timer.start();
        setHostnames({"shop.example.com", "first.example.com"});
        QVERIFY(waitForYaml("first.example.com"));
        const std::string yaml = mirror_->yaml();
        QVERIFY2(yaml.find("\n  name: store\n") == yaml.rfind("\n  name: store\n"), yaml.c_str());  // replaced, not added
        qInfo("a change reached the mirror in %lld ms", static_cast<long long>(timer.elapsed()));
    }

    void aDroppedWatchSaysSoAndResumes()
    {
        liveness_.clear();
        QCOMPARE(server_.call("POST", "/fixture/drop-watches"), 200);
        setHostnames({"shop.example.com", "while-down.example.com"});  // made while the watches are down
        QTRY_VERIFY_WITH_TIMEOUT(!liveness_.empty() && !liveness_.front().first, 15000);
        QVERIFY2(!liveness_.front().second.empty(), "a mirror that is not live says why");
        QVERIFY(waitForYaml("while-down.example.com"));  // resumed from the last resourceVersion: nothing lost
        QTRY_VERIFY_WITH_TIMEOUT(mirror_->live(), 15000);
        QVERIFY(liveness_.back().first);
    }

    void goneRelists()
    {
        const int relists = mirror_->relists();
        QCOMPARE(server_.call("POST", "/fixture/compact"), 200);
        // The change is compacted away from the watch history before the streams come back: the
        // watches' return waits until then, however fast the mirror reconnects.
        QCOMPARE(server_.call("POST", "/fixture/hold-watches"), 200);
        QCOMPARE(server_.call("POST", "/fixture/drop-watches"), 200);
        setHostnames({"shop.example.com", "after-compaction.example.com"});
        QCOMPARE(server_.call("POST", "/fixture/compact"), 200);
        QCOMPARE(server_.call("POST", "/fixture/release-watches"), 200);
        QVERIFY(waitForYaml("after-compaction.example.com"));
        QVERIFY(mirror_->relists() > relists);
        QTRY_VERIFY_WITH_TIMEOUT(mirror_->live(), 15000);
    }

    void aDeletionRemovesTheObject()
    {
        QCOMPARE(server_.call("DELETE", "/apis/gateway.networking.k8s.io/v1/namespaces/payments/httproutes/billing"), 200);
        QTRY_VERIFY_WITH_TIMEOUT(mirror_->yaml().find("name: billing") == std::string::npos, 15000);
        QVERIFY(mirror_->yaml().find("name: store") != std::string::npos);
    }

    // A case that failed while watches were held must not leave the next ones waiting.
    void cleanup() { server_.call("POST", "/fixture/release-watches"); }

    void cleanupTestCase()
    {
        mirror_.reset();
        client_.reset();
    }
};

QTEST_GUILESS_MAIN(TestClusterWatch)
#include "tst_cluster_watch.moc"

// The stats counters: totals across shards, blocks allocated only on first use (a route without
// traffic holds none; a gRPC block only where a gRPC status is counted), one shared block until
// a worker is hot on the element, labels kept, and /stats JSON per kind.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <set>
#include <thread>
#include <tuple>
#include <vector>

#include "admin/admin_server.h"
#include "stats/stat_fields.h"
#include "stats/stats.h"

using namespace gs::runtime;

namespace {

const std::map<std::string, std::string> kRouteLabels{{"kind", "HTTPRoute"}, {"namespace", "default"}, {"route", "web"}};

QJsonObject onlyEntry(const QJsonObject& stats, const char* kind)
{
    const QJsonArray entries = stats.value(kind).toArray();
    return entries.size() == 1 ? entries.at(0).toObject() : QJsonObject{};
}

}  // namespace

class TestStats : public QObject {
    Q_OBJECT
private slots:
    // One shard's blocks lie side by side (no heap header or padding between them), zeroed, also
    // past a chunk's end; two shards' blocks, or a shard's and the shared ones, never share a
    // cache line.
    void arenaPacksAShardsBlocksAndKeepsShardsApart()
    {
        stats::BlockArena arena(2);
        constexpr std::size_t kBlock = 304;
        auto* first = static_cast<std::byte*>(arena.allocate(0, kBlock));
        auto* second = static_cast<std::byte*>(arena.allocate(0, kBlock));
        QCOMPARE(second - first, std::ptrdiff_t(kBlock));
        QCOMPARE(std::uintptr_t(first) % 64, std::uintptr_t(0));  // a chunk starts on a cache line
        std::set<std::uintptr_t> lines[3];  // the cache lines of the shared blocks, shard 0's, shard 1's
        for (int i = 0; i < 1000; ++i)  // several 64 KiB chunks each
            for (int shard : {stats::BlockArena::kShared, 0, 1}) {
                auto* block = static_cast<unsigned char*>(arena.allocate(shard, kBlock));
                QVERIFY(std::all_of(block, block + kBlock, [](unsigned char b) { return b == 0; }));
                std::memset(block, 0xff, kBlock);
                for (std::uintptr_t l = std::uintptr_t(block) / 64; l <= (std::uintptr_t(block) + kBlock - 1) / 64; ++l)
                    lines[shard + 1].insert(l);
            }
        for (int a = 0; a < 3; ++a)
            for (int b = a + 1; b < 3; ++b)
                for (std::uintptr_t l : lines[a])
                    QVERIFY(!lines[b].count(l));
    }

    void withoutTrafficEverythingReadsZero()
    {
        stats::Registry registry(2);
        stats::Counters* route = registry.get(stats::Kind::Route, "httproute/default/web/rule/0", kRouteLabels);
        QCOMPARE(route->blocksHeld(), std::size_t(0));
        for (int f = 0; f < stats::kFieldCount; ++f)
            QCOMPARE(route->total(stats::Field(f)), std::uint64_t(0));
        for (std::uint64_t count : route->histogram())
            QCOMPARE(count, std::uint64_t(0));
        registry.setActive({route});
        const stats::Snapshot snapshot = registry.snapshot();
        QCOMPARE(snapshot.routes.size(), std::size_t(1));
        QCOMPARE(snapshot.routes[0].name, std::string("httproute/default/web/rule/0"));
        QCOMPARE(snapshot.routes[0].percentileMs(99), 0.0);
        QCOMPARE(route->blocksHeld(), std::size_t(0));  // reading allocates nothing
    }

    void labelsAndNameAreKept_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QStringList>("labels");  // key, value, key, value, ...
        QTest::newRow("none") << "gateway/default/gw/listener/http" << QStringList{};
        QTest::newRow("route") << "httproute/default/web/rule/0"
                               << QStringList{"kind", "HTTPRoute", "namespace", "default", "route", "web"};
        QTest::newRow("empty value") << "tcproute/default/t" << QStringList{"kind", "TCPRoute", "namespace", ""};
        QTest::newRow("long values") << QString(200, 'n') << QStringList{"route", QString(300, 'r')};
    }

    void labelsAndNameAreKept()
    {
        QFETCH(QString, name);
        QFETCH(QStringList, labels);
        std::map<std::string, std::string> expected;
        for (int i = 0; i + 1 < labels.size(); i += 2)
            expected[labels[i].toStdString()] = labels[i + 1].toStdString();
        stats::Registry registry(1);
        stats::Counters* c = registry.get(stats::Kind::Backend, name.toStdString(), expected);
        QCOMPARE(std::string(c->name()), name.toStdString());
        QVERIFY(c->labels() == expected);
        QCOMPARE(registry.get(stats::Kind::Backend, name.toStdString()), c);  // same name, same counters
    }

    void shardsAreSummed()
    {
        stats::Registry registry(2);
        stats::Counters* c = registry.get(stats::Kind::Backend, "httproute/default/web/rule/0/backend/0");
        std::vector<std::thread> workers;
        for (int shard = 0; shard < 2; ++shard)
            workers.emplace_back([c, shard] {
                for (int i = 0; i < 1000; ++i) {
                    c->add(shard, stats::Requests);
                    c->response(shard, 200);
                    c->latency(shard, 300);
                }
            });
        for (auto& w : workers)
            w.join();
        QCOMPARE(c->total(stats::Requests), std::uint64_t(2000));
        QCOMPARE(c->total(stats::Responses2xx), std::uint64_t(2000));
        QCOMPARE(c->histogram()[2], std::uint64_t(2000));  // 250 µs < 300 µs ≤ 500 µs
        // 3,000 increments a shard, at once: each shard got a block of its own besides the
        // shared one; no gRPC block: no gRPC status counted.
        QCOMPARE(c->blocksHeld(), std::size_t(3));
    }

    void racingFirstIncrementsLoseNoCount()
    {
        stats::Registry registry(1);
        stats::Counters* c = registry.get(stats::Kind::Route, "httproute/default/web/rule/0");
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([c] {
                for (int i = 0; i < 500; ++i) {
                    c->add(0, stats::Requests);
                    c->add(0, stats::GrpcStatus0);
                }
            });
        for (auto& t : threads)
            t.join();
        QCOMPARE(c->total(stats::Requests), std::uint64_t(2000));
        QCOMPARE(c->total(stats::GrpcStatus0), std::uint64_t(2000));
        QCOMPARE(c->blocksHeld(), std::size_t(3));  // the shared block, the shard's own, the gRPC block
    }

    // Workers that each count a little on an element share one block; one that counts a lot
    // within a second gets its own, the others stay on the shared block, and no count is lost.
    void aWorkerHotOnAnElementGetsItsOwnBlock()
    {
        stats::Registry registry(3);
        stats::Counters* c = registry.get(stats::Kind::Backend, "httproute/default/web/rule/0/backend/0");
        c->add(0, stats::Requests, 1);
        const std::size_t oneBlock = registry.blockBytes();
        c->add(1, stats::Requests, 2);
        c->add(2, stats::Requests, 3);
        QCOMPARE(c->blocksHeld(), std::size_t(1));
        QCOMPARE(registry.blockBytes(), oneBlock);  // the other shards' first counts allocate nothing
        QCOMPARE(c->total(stats::Requests), std::uint64_t(6));
        constexpr std::uint32_t kHot = stats::Counters::kHotIncrementsPerSecond;
        for (std::uint32_t i = 0; i < 3 * kHot; ++i)  // a second's turn can reset the heat once
            c->latency(1, 300);
        QCOMPARE(c->blocksHeld(), std::size_t(2));
        QCOMPARE(registry.blockBytes(), 2 * oneBlock);
        c->add(0, stats::Requests);
        c->add(2, stats::Requests);
        c->add(1, stats::Requests);
        QCOMPARE(c->blocksHeld(), std::size_t(2));  // shards 0 and 2 are still on the shared block
        QCOMPARE(c->total(stats::Requests), std::uint64_t(9));
        QCOMPARE(c->histogram()[2], std::uint64_t(3 * kHot));
    }

    // A block holds its kind's fields and the latency buckets only: a route's has no room for
    // connection or TLS counts, and a count of a field its kind does not have is dropped.
    void blocksHoldTheirKindsFields()
    {
        stats::Registry registry(1);
        std::size_t before = 0;
        for (auto [kind, fields] :
             {std::pair{stats::Kind::Route, 8}, std::pair{stats::Kind::Backend, 13}, std::pair{stats::Kind::Listener, 18}}) {
            stats::Counters* c = registry.get(kind, "element/" + std::to_string(int(kind)));
            c->add(0, stats::Requests);
            QCOMPARE(registry.blockBytes() - before, (std::size_t(fields) + stats::kBuckets) * sizeof(std::uint64_t));
            before = registry.blockBytes();
            c->add(0, stats::NotRouted, 7);
            c->latency(0, 300);
            QCOMPARE(c->total(stats::NotRouted), std::uint64_t(kind == stats::Kind::Listener ? 7 : 0));
            QCOMPARE(c->histogram()[2], std::uint64_t(1));  // the dropped count did not land in a bucket
            QCOMPARE(c->total(stats::Requests), std::uint64_t(1));
        }
    }

    // Heat is a rate: a shard that counts below the threshold each second stays on the shared
    // block, however much it counts in all.
    void heatIsPerSecond()
    {
        stats::Registry registry(2);
        stats::Counters* c = registry.get(stats::Kind::Route, "httproute/default/web/rule/0", kRouteLabels);
        constexpr std::uint32_t kBurst = stats::Counters::kHotIncrementsPerSecond * 3 / 4;
        for (int second = 0; second < 3; ++second) {
            if (second > 0)
                std::this_thread::sleep_for(std::chrono::milliseconds(1050));
            for (std::uint32_t i = 0; i < kBurst; ++i)
                c->add(0, stats::Requests);
        }
        QCOMPARE(c->total(stats::Requests), std::uint64_t(3 * kBurst));
        QCOMPARE(c->blocksHeld(), std::size_t(1));
    }

    void grpcCodesOnlyWhereCounted()
    {
        stats::Registry registry(2);
        stats::Counters* http = registry.get(stats::Kind::Route, "httproute/default/web/rule/0", kRouteLabels);
        stats::Counters* grpc = registry.get(stats::Kind::Route, "grpcroute/default/rpc/rule/0",
                                             {{"kind", "GRPCRoute"}, {"namespace", "default"}, {"route", "rpc"}});
        http->add(0, stats::Requests);
        grpc->add(1, stats::Requests);
        grpc->add(1, stats::Field(stats::GrpcStatus0 + 12), 3);
        QCOMPARE(http->blocksHeld(), std::size_t(1));
        QCOMPARE(grpc->blocksHeld(), std::size_t(2));
        QCOMPARE(grpc->total(stats::Field(stats::GrpcStatus0 + 12)), std::uint64_t(3));
        QCOMPARE(grpc->total(stats::GrpcStatus0), std::uint64_t(0));
        QCOMPARE(http->total(stats::Field(stats::GrpcStatus0 + 12)), std::uint64_t(0));
    }

    void statsJsonPerKind()
    {
        stats::Registry registry(2);
        stats::Counters* listener = registry.get(stats::Kind::Listener, "gateway/default/gw/listener/http",
                                                 {{"gateway", "default/gw"}, {"listener", "http"}});
        stats::Counters* route = registry.get(stats::Kind::Route, "grpcroute/default/rpc/rule/0",
                                              {{"kind", "GRPCRoute"}, {"namespace", "default"}, {"route", "rpc"}});
        stats::Counters* idle =
            registry.get(stats::Kind::Backend, "grpcroute/default/rpc/rule/0/backend/0", {{"service", "rpc"}, {"port", "50051"}});
        listener->add(1, stats::ConnectionsTotal);
        listener->add(1, stats::ActiveConnections);
        route->add(0, stats::Requests);
        route->add(0, stats::Field(stats::GrpcStatus0 + 12));
        registry.setActive({listener, route, idle});
        const QJsonObject json = QJsonDocument::fromJson(QByteArray::fromStdString(statsJson(registry.snapshot()))).object();

        const QJsonObject l = onlyEntry(json, "listeners");
        QCOMPARE(l.value("connections").toInt(), 1);
        QCOMPARE(l.value("activeConnections").toInt(), 1);
        QCOMPARE(l.value("listener").toString(), QString("http"));
        QVERIFY(!l.contains("grpcStatus"));

        const QJsonObject r = onlyEntry(json, "routes");
        QCOMPARE(r.value("requests").toInt(), 1);
        QCOMPARE(r.value("kind").toString(), QString("GRPCRoute"));
        QCOMPARE(r.value("grpcStatus").toObject(), (QJsonObject{{"UNIMPLEMENTED", 1}}));
        QVERIFY(!r.contains("connectFailures"));

        const QJsonObject b = onlyEntry(json, "backends");
        QCOMPARE(b.value("name").toString(), QString("grpcroute/default/rpc/rule/0/backend/0"));
        QCOMPARE(b.value("port").toString(), QString("50051"));
        QCOMPARE(b.value("requests").toInt(), 0);
        QCOMPARE(b.value("connectFailures").toInt(), 0);
        QCOMPARE(b.value("grpcStatus").toObject(), QJsonObject{});
        QCOMPARE(b.value("latencyMs").toObject().value("p99").toDouble(), 0.0);
        QCOMPARE(idle->blocksHeld(), std::size_t(0));
    }

    // /stats and /metrics are written from one table (stats/stat_fields.h): each row of an
    // element's kind is in both, with the same value, and no other family is.
    void bothEndpointsWriteEveryRowOfTheTable()
    {
        stats::Registry registry(1);
        stats::Counters* listener = registry.get(stats::Kind::Listener, "gateway/default/gw/listener/http", {});
        stats::Counters* route = registry.get(stats::Kind::Route, "grpcroute/default/rpc/rule/0", {});
        stats::Counters* backend = registry.get(stats::Kind::Backend, "grpcroute/default/rpc/rule/0/backend/0", {});
        // Each field a different count, so a row that reads the wrong field shows.
        for (stats::Counters* c : {listener, route, backend})
            for (int f = 0; f < stats::kFieldCount; ++f)
                c->add(0, stats::Field(f), 100 + f);
        registry.setActive({listener, route, backend});
        const stats::Snapshot snapshot = registry.snapshot();
        const QJsonObject json = QJsonDocument::fromJson(QByteArray::fromStdString(statsJson(snapshot))).object();
        const std::string metrics = statsPrometheus(snapshot);

        int families = 0;
        for (const auto& [kind, group, prefix, name] :
             {std::tuple{stats::Kind::Listener, "listeners", "listener", "gateway/default/gw/listener/http"},
              std::tuple{stats::Kind::Route, "routes", "route", "grpcroute/default/rpc/rule/0"},
              std::tuple{stats::Kind::Backend, "backends", "backend", "grpcroute/default/rpc/rule/0/backend/0"}}) {
            const QJsonObject sample = onlyEntry(json, group);
            for (const stats::StatField& f : stats::kStatFields) {
                const std::string metric = std::string("gateway_studio_") + prefix + "_" + f.metric;
                const bool has = stats::hasField(f.kinds, kind);
                QCOMPARE(sample.contains(f.jsonKey), has);
                QCOMPARE(metrics.find("# TYPE " + metric + " ") != std::string::npos, has);
                if (!has)
                    continue;
                ++families;
                const int expected = 100 + f.field;
                switch (f.series) {
                case stats::Series::One:
                    QCOMPARE(sample.value(f.jsonKey).toInt(), expected);
                    QVERIFY2(metrics.find(metric + "{name=\"" + name + "\"} " + std::to_string(expected) + "\n") !=
                                 std::string::npos,
                             metric.c_str());
                    break;
                case stats::Series::ByStatusClass:
                    QCOMPARE(sample.value(f.jsonKey).toObject().value("4xx").toInt(), expected + 3);
                    QVERIFY(metrics.find(metric + "{name=\"" + name + "\",class=\"4xx\"} " + std::to_string(expected + 3)) !=
                            std::string::npos);
                    break;
                case stats::Series::ByGrpcStatus:
                    QCOMPARE(sample.value(f.jsonKey).toObject().value("UNIMPLEMENTED").toInt(), expected + 12);
                    QCOMPARE(sample.value(f.jsonKey).toObject().size(), 17);
                    QVERIFY(metrics.find(metric + "{name=\"" + name + "\",code=\"UNIMPLEMENTED\"} " +
                                         std::to_string(expected + 12)) != std::string::npos);
                    break;
                case stats::Series::Latency:
                    QVERIFY(sample.value(f.jsonKey).toObject().contains("p99"));
                    QVERIFY(metrics.find("# TYPE " + metric + " histogram") != std::string::npos);
                    break;
                }
            }
        }
        QCOMPARE(families, 10 + 6 + 11);  // a listener, a route (with gRPC codes), a backend (with them)
        // No family outside the table.
        std::size_t types = 0;
        for (std::size_t at = metrics.find("# TYPE "); at != std::string::npos; at = metrics.find("# TYPE ", at + 1))
            ++types;
        QCOMPARE(types, std::size_t(families));
        QVERIFY(metrics.find("# TYPE gateway_studio_listener_active_connections gauge") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestStats)
#include "tst_stats.moc"

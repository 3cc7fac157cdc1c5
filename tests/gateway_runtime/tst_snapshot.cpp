// Compiling a runtime configuration into a snapshot (proxy/snapshot.*): what targets share.
#include <QtTest>

#include "config/runtime_config.h"
#include "proxy/snapshot.h"
#include "stats/stats.h"

using namespace gs::runtime;

namespace {

config::Backend backendTo(const std::string& name, std::shared_ptr<const config::BackendTls> tls)
{
    config::Backend b;
    b.weight = 1;
    b.target.name = name;
    b.target.serviceNamespace = "default";
    b.target.serviceName = "secure";
    b.target.servicePort = 443;
    b.target.tls = std::move(tls);
    return b;
}

// Two routes of one HTTP listener, each with one backend.
std::shared_ptr<config::RuntimeConfig> twoRoutes(std::shared_ptr<const config::BackendTls> first,
                                                 std::shared_ptr<const config::BackendTls> second)
{
    config::Listener listener;
    listener.name = "gateway/default/gw/listener/http";
    listener.address = "127.0.0.1";
    listener.port = listener.servedPort = 8080;
    for (int i = 0; i < 2; ++i) {
        config::RouteEntry route;
        route.name = "httproute/default/r" + std::to_string(i) + "/rule/0/match/0";
        route.routeKind = "HTTPRoute";
        route.hostname = "r" + std::to_string(i) + ".example.com";
        route.backends.push_back(backendTo(route.name + "/backend/0", i == 0 ? first : second));
        listener.httpRoutes.push_back(std::move(route));
    }
    config::Gateway gateway;
    gateway.name = "gateway/default/gw";
    gateway.listeners.push_back(std::move(listener));
    auto config = std::make_shared<config::RuntimeConfig>();
    config->gateways.push_back(std::move(gateway));
    return config;
}

std::vector<const proxy::TargetRuntime*> targetsOf(const proxy::Snapshot& snapshot)
{
    std::vector<const proxy::TargetRuntime*> out;
    for (const auto& listener : snapshot.listeners)
        for (const auto& route : listener->http->routes)
            for (const auto& backend : route->backends)
                out.push_back(backend.target.get());
    return out;
}

}  // namespace

class SnapshotTest : public QObject {
    Q_OBJECT
private slots:
    // One BackendTLSPolicy setting, one OpenSSL context, however many routes use the Service.
    void targetsWithTheSameTlsSettingsShareOneContext()
    {
        auto tls = std::make_shared<config::BackendTls>();
        tls->hostname = "secure.example.com";
        tls->useSystemCertificates = true;
        auto other = std::make_shared<config::BackendTls>(*tls);
        stats::Registry registry(1);
        const auto none = [](const config::ServiceTarget&, const config::Endpoint&) { return std::optional<net::Address>(); };

        const auto shared = proxy::buildSnapshot(twoRoutes(tls, tls), none, registry);
        const auto targets = targetsOf(*shared);
        QCOMPARE(int(targets.size()), 2);
        QVERIFY2(targets[0]->tls, qPrintable(QString::fromStdString(targets[0]->tlsError)));
        QCOMPARE(targets[0]->tls.get(), targets[1]->tls.get());

        const auto separate = proxy::buildSnapshot(twoRoutes(tls, other), none, registry);
        const auto apart = targetsOf(*separate);
        QVERIFY(apart[0]->tls && apart[1]->tls);
        QVERIFY(apart[0]->tls.get() != apart[1]->tls.get());
    }

    // Listeners that hold one route list share one compiled set (table, routes, their targets);
    // equal lists that are not one list are compiled each on its own.
    void listenersSharingARouteListShareItsCompiledRoutes()
    {
        auto config = twoRoutes(nullptr, nullptr);
        config::Listener second = config->gateways[0].listeners[0];  // copies share the list
        second.name = "gateway/default/gw/listener/alt";
        second.port = second.servedPort = 8081;
        config->gateways[0].listeners.push_back(second);
        config::Listener apart = second;
        apart.name = "gateway/default/gw/listener/apart";
        apart.port = apart.servedPort = 8082;
        apart.httpRoutes = std::vector<config::RouteEntry>(second.httpRoutes.begin(), second.httpRoutes.end());
        config->gateways[0].listeners.push_back(apart);
        stats::Registry registry(1);
        const auto none = [](const config::ServiceTarget&, const config::Endpoint&) { return std::optional<net::Address>(); };
        const auto snapshot = proxy::buildSnapshot(config, none, registry);
        QCOMPARE(snapshot->listeners.size(), std::size_t(3));
        const auto& l = snapshot->listeners;
        QCOMPARE(l[0]->http->routes.size(), std::size_t(2));
        QCOMPARE(l[1]->http.get(), l[0]->http.get());
        QVERIFY(l[2]->http.get() != l[0]->http.get());
        QCOMPARE(l[2]->http->routes.size(), std::size_t(2));
        // Each set matches by hostname as its list says.
        const http::RequestView request{"GET", "/", "", "r1.example.com", nullptr};
        QCOMPARE(l[1]->http->table.match(request), 1);
        QCOMPARE(l[2]->http->table.match(request), 1);
    }

    // A CA OpenSSL refuses: every target of that setting carries the reason, and no context.
    void unusableCertificatesGiveEachTargetTheReason()
    {
        auto tls = std::make_shared<config::BackendTls>();
        tls->hostname = "secure.example.com";
        tls->caCertificatesPem = {"-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----\n"};
        stats::Registry registry(1);
        const auto none = [](const config::ServiceTarget&, const config::Endpoint&) { return std::optional<net::Address>(); };
        const auto snapshot = proxy::buildSnapshot(twoRoutes(tls, tls), none, registry);
        for (const proxy::TargetRuntime* t : targetsOf(*snapshot)) {
            QVERIFY(!t->tls);
            QVERIFY(!t->tlsError.empty());
        }
    }
};

QTEST_GUILESS_MAIN(SnapshotTest)
#include "tst_snapshot.moc"

#pragma once
// The cluster's objects kept current: a pull, then one watch per kind and namespace scope, resumed
// from the last resourceVersion seen (events, then bookmarks), relisted on 410 Gone, reconnected
// with backoff when a stream drops. While any watch is down the mirror says it is not live, so a
// stale picture is never shown as live.
//
// Watched: the Gateway API kinds, Services and (for all namespaces) Namespaces, in the pull's
// scope; and each object pulled because something refers to it (a parent Gateway in another
// namespace, a Secret, a CA ConfigMap, a Namespace), by name, up to 32 of them. Runs on the thread that calls start()
// (its event loop carries the streams); callbacks come on that thread.

#include <QTimer>
#include <functional>
#include <map>
#include <optional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cluster/api_client.h"
#include "cluster/discovery.h"
#include "cluster/pull.h"

namespace gs::cluster {

class ClusterMirror {
public:
    struct Callbacks {
        std::function<void()> changed;  // objects changed (coalesced)
        std::function<void(bool live, const std::string& why)> liveness;  // every watch up, or not and why
    };

    ClusterMirror(ApiClient& client, GatewayApiDiscovery discovery, PullOptions options, Callbacks callbacks);
    ~ClusterMirror();

    // Pulls (blocking, with options.progress) and opens the watches. False with `error` when the
    // pull fails; warnings() has what it could not read.
    bool start(std::string& error);
    void stop();

    std::string yaml() const;  // every object, as pulledYaml
    std::vector<nlohmann::json> objects() const;

    // What changed since the last call, by key ("Kind/ns/name"; nullopt: deleted), and whether
    // anything but a status did: a status-only change needs no reload of the objects, only a new
    // comparison. `full` after a relist: take objects() whole instead.
    struct Changes {
        std::map<std::string, std::optional<nlohmann::json>> objects;
        bool specChanged = false;
        bool full = false;
    };
    Changes takeChanges();
    std::size_t size() const { return objects_.size(); }
    bool live() const;
    const std::vector<std::string>& warnings() const { return warnings_; }
    int relists() const { return relists_; }
    int reconnects() const { return reconnects_; }

private:
    struct Stream;

    void watchReferencedObjects();
    bool covered(const ServedKind& kind, const std::string& ns) const;
    void open(Stream& stream);
    void onLine(Stream& stream, const QByteArray& line);
    void onFinished(Stream& stream);
    void relist(Stream& stream);
    void upsert(const ServedKind& kind, nlohmann::json object);
    void erase(const ServedKind& kind, const nlohmann::json& object);
    void notifyChanged();
    void reportLiveness(const std::string& why);

    ApiClient& client_;
    GatewayApiDiscovery discovery_;
    PullOptions options_;
    Callbacks callbacks_;
    std::map<std::string, nlohmann::json> objects_;  // "Kind/ns/name" → object, Secrets without keys
    Changes changes_;
    std::vector<std::unique_ptr<Stream>> streams_;
    std::vector<std::string> warnings_;
    std::string resourceVersion_;  // of the pull, where the watches start
    QTimer changedTimer_;
    bool stopped_ = false;
    bool wasLive_ = false;
    int relists_ = 0;
    int reconnects_ = 0;
};

}  // namespace gs::cluster

#pragma once
// The editor's connection to a cluster, on a thread of its own: the API client, the mirror kept
// live by watches, and server-side apply. Every method runs on the worker's thread (ClusterSession
// queues the calls); what it learns goes back through the callbacks, which the session queues to
// the GUI thread in turn. Nothing here touches the Document.

#include <QObject>
#include <atomic>
#include <functional>
#include <vector>
#include <map>
#include <optional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cluster/api_client.h"
#include "cluster/apply.h"
#include "cluster/cluster_mirror.h"

namespace gs::gui {

// What the cluster holds, or what changed in it: `full` replaces everything with `objects` (keyed
// "Kind/ns/name"); otherwise each entry replaces or (nullopt) removes one object, and
// `specChanged` says whether anything but a status changed.
struct ClusterUpdate {
    std::map<std::string, std::optional<nlohmann::json>> objects;
    bool full = false;
    bool specChanged = false;
};
using ClusterObjects = std::shared_ptr<const ClusterUpdate>;

struct ClusterWorkerCallbacks {
    std::function<void(const std::string& kind, std::size_t total)> progress;
    std::function<void(std::vector<std::string> warnings)> connected;
    std::function<void(std::string error)> failed;
    std::function<void(ClusterObjects objects)> objects;
    std::function<void(bool live, std::string why)> liveness;
    std::function<void(std::vector<cluster::ApplyOutcome> outcomes, bool dryRun, std::string error)> applied;
};

class ClusterWorker : public QObject {
public:
    explicit ClusterWorker(ClusterWorkerCallbacks callbacks) : callbacks_(std::move(callbacks)) { }
    ~ClusterWorker() override;

    // Runs `task` on the worker's thread, after the one in progress: a blocking call waits in a
    // local event loop, which also delivers queued calls, so a Disconnect clicked during a pull
    // must wait for the pull rather than free what it uses. A task that throws (data of an
    // unexpected shape) is reported through `failed`. Only ClusterSession queues here.
    void run(std::function<void()> task);
    // From any thread: ends the call in progress and keeps later ones from reaching the network.
    void cancel();

    // Discovers, pulls (with progress) and starts the watches.
    void connectTo(cluster::ContextAccess access, std::vector<std::string> namespaces);
    void disconnectFromCluster();
    // A dry run (options.dryRun) or an apply of `items`, on the connected context.
    void apply(std::vector<cluster::ApplyItem> items, cluster::ApplyOptions options);

private:
    void publish(bool full);

    ClusterWorkerCallbacks callbacks_;
    int depth_ = 0;
    std::vector<std::function<void()>> pending_;
    std::shared_ptr<std::atomic<bool>> cancelled_ = std::make_shared<std::atomic<bool>>(false);
    std::unique_ptr<cluster::ApiClient> client_;
    std::unique_ptr<cluster::GatewayApiDiscovery> discovery_;
    std::unique_ptr<cluster::ClusterMirror> mirror_;
};

}  // namespace gs::gui

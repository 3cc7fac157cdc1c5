#include "cluster_worker.h"

#include "cluster/discovery.h"

namespace gs::gui {

ClusterWorker::~ClusterWorker() { disconnectFromCluster(); }

void ClusterWorker::run(std::function<void()> task)
{
    if (depth_ > 0) {
        pending_.push_back(std::move(task));
        return;
    }
    ++depth_;
    pending_.push_back(std::move(task));
    while (!pending_.empty()) {
        std::function<void()> next = std::move(pending_.front());
        pending_.erase(pending_.begin());
        try {
            next();
        } catch (const std::exception& e) {
            callbacks_.failed(std::string("the cluster sent data of an unexpected shape: ") + e.what());
        }
    }
    --depth_;
}

void ClusterWorker::cancel()
{
    *cancelled_ = true;  // shared with every client the worker makes (ClientOptions::cancelled)
}

void ClusterWorker::connectTo(cluster::ContextAccess access, std::vector<std::string> namespaces)
{
    disconnectFromCluster();
    if (*cancelled_)
        return;
    cluster::ClientOptions clientOptions;
    clientOptions.cancelled = cancelled_;
    client_ = std::make_unique<cluster::ApiClient>(std::move(access), clientOptions);
    std::string error;
    auto discovery = cluster::discoverGatewayApi(*client_, error);
    if (!discovery) {
        callbacks_.failed(error);
        return;
    }
    discovery_ = std::make_unique<cluster::GatewayApiDiscovery>(std::move(*discovery));
    cluster::PullOptions options;
    options.namespaces = std::move(namespaces);
    options.progress = callbacks_.progress;
    mirror_ = std::make_unique<cluster::ClusterMirror>(
        *client_, *discovery_, options,
        cluster::ClusterMirror::Callbacks{[this] { publish(false); },
                                          [this](bool live, const std::string& why) { callbacks_.liveness(live, why); }});
    if (!mirror_->start(error)) {
        mirror_.reset();
        callbacks_.failed(error);
        return;
    }
    callbacks_.connected(mirror_->warnings());
    publish(true);
}

void ClusterWorker::disconnectFromCluster()
{
    mirror_.reset();
    discovery_.reset();
    client_.reset();
}

void ClusterWorker::publish(bool full)
{
    if (!mirror_)
        return;
    cluster::ClusterMirror::Changes changes = mirror_->takeChanges();
    auto update = std::make_shared<ClusterUpdate>();
    update->full = full || changes.full;
    update->specChanged = update->full || changes.specChanged;
    if (update->full) {
        for (nlohmann::json& object : mirror_->objects()) {
            const nlohmann::json metadata = object.value("metadata", nlohmann::json::object());
            const std::string key =
                object.value("kind", "") + "/" + metadata.value("namespace", "") + "/" + metadata.value("name", "");
            update->objects.emplace(key, std::move(object));
        }
    } else {
        update->objects = std::move(changes.objects);
    }
    callbacks_.objects(std::move(update));
}

void ClusterWorker::apply(std::vector<cluster::ApplyItem> items, cluster::ApplyOptions options)
{
    // The mirror's watches go on meanwhile (their events wait for this call's end).
    if (!client_ || !discovery_) {
        callbacks_.applied({}, options.dryRun, "not connected to a cluster");
        return;
    }
    cluster::ResourceMapper mapper(*client_, discovery_.get());
    std::string error;
    auto outcomes = cluster::serverSideApply(*client_, mapper, items, options, error);
    callbacks_.applied(outcomes ? std::move(*outcomes) : std::vector<cluster::ApplyOutcome>{}, options.dryRun, error);
}

}  // namespace gs::gui

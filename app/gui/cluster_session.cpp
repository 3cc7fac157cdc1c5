#include "cluster_session.h"

#include <QLocale>
#include <set>

#include "cluster/discovery.h"
#include "cluster/json_yaml.h"
#include "cluster/kubeconfig.h"
#include "cluster/pull.h"
#include "export/exporter.h"
#include "graph.h"

namespace gs::gui {

namespace {

using cluster::str;
using nlohmann::json;

std::string keyOf(const std::string& kind, const std::string& ns, const std::string& name)
{
    return kind + "/" + ns + "/" + name;
}

cluster::ControllerStatus controllerStatusOf(const json& object)
{
    cluster::ControllerStatus status;
    status.status = object.contains("status") ? object["status"] : json();
    const json metadata = object.value("metadata", json::object());
    if (metadata.is_object() && metadata.contains("generation") && metadata["generation"].is_number_integer())
        status.generation = metadata["generation"].get<std::int64_t>();
    return status;
}

std::vector<std::string> namespacesFrom(const QString& text, const std::string& contextNamespace)
{
    if (text.trimmed() == QLatin1String("*"))
        return {};
    std::vector<std::string> out;
    for (const QString& ns : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (!ns.trimmed().isEmpty())
            out.push_back(ns.trimmed().toStdString());
    if (out.empty())
        out.push_back(contextNamespace);
    return out;
}

QString changeWord(const cluster::ApplyOutcome& outcome)
{
    if (!outcome.skipped.empty())
        return QStringLiteral("skipped");
    if (!outcome.conflicts.empty())
        return QStringLiteral("conflict");
    if (!outcome.accepted)
        return QStringLiteral("refused");
    switch (outcome.change) {
    case cluster::Change::Created: return QStringLiteral("new");
    case cluster::Change::Changed: return QStringLiteral("changed");
    default: return QStringLiteral("unchanged");
    }
}

QVariantMap outcomeMap(const cluster::ApplyOutcome& outcome)
{
    QVariantList conflicts;
    for (const cluster::StatusCause& c : outcome.conflicts)
        conflicts.append(QVariantMap{{"field", QString::fromStdString(c.field)}, {"message", QString::fromStdString(c.message)}});
    return {{"id", QString::fromStdString(outcome.id)},
            {"where", QString::fromStdString(outcome.where)},
            {"change", changeWord(outcome)},
            {"diff", QString::fromStdString(outcome.diff)},
            {"refusal", QString::fromStdString(outcome.refusal)},
            {"skipped", QString::fromStdString(outcome.skipped)},
            {"conflicts", conflicts}};
}

// "HTTPRoute shop/store" → the node id "httproute/shop/store".
std::string nodeIdOfOutcome(const std::string& id)
{
    const auto space = id.find(' ');
    if (space == std::string::npos)
        return {};
    const std::string kind = id.substr(0, space), rest = id.substr(space + 1);
    const auto slash = rest.find('/');
    return slash == std::string::npos ? nodeId(kind, "", rest) : nodeId(kind, rest.substr(0, slash), rest.substr(slash + 1));
}

}  // namespace

ClusterSession::ClusterSession(QObject* parent) : QObject(parent)
{
    ClusterWorkerCallbacks callbacks;
    callbacks.progress = [this](const std::string& kind, std::size_t total) {
        QMetaObject::invokeMethod(
            this,
            [this, kind, total] {
                progressText_ =
                    tr("Pulling %1… %2 objects").arg(QString::fromStdString(kind), QLocale().toString(qulonglong(total)));
                emit progressChanged();
            },
            Qt::QueuedConnection);
    };
    callbacks.connected = [this](std::vector<std::string> warnings) {
        QMetaObject::invokeMethod(
            this,
            [this, warnings] {
                if (context_.isEmpty())
                    return;  // a connection the user has closed meanwhile
                busy_ = false;
                warnings_.clear();
                for (const std::string& w : warnings)
                    warnings_.append(QString::fromStdString(w));
                emit stateChanged();
                emit connected();
            },
            Qt::QueuedConnection);
    };
    callbacks.failed = [this](std::string error) {
        QMetaObject::invokeMethod(
            this,
            [this, error] {
                if (!context_.isEmpty())  // not of a connection the user has closed meanwhile
                    fail(QString::fromStdString(error));
            },
            Qt::QueuedConnection);
    };
    callbacks.objects = [this](ClusterObjects objects) {
        QMetaObject::invokeMethod(
            this, [this, objects] { onObjects(objects); }, Qt::QueuedConnection);
    };
    callbacks.liveness = [this](bool live, std::string why) {
        QMetaObject::invokeMethod(
            this,
            [this, live, why] {
                live_ = live;
                liveProblem_ = QString::fromStdString(why);
                emit stateChanged();
            },
            Qt::QueuedConnection);
    };
    callbacks.applied = [this](std::vector<cluster::ApplyOutcome> outcomes, bool dryRun, std::string error) {
        QMetaObject::invokeMethod(
            this, [this, outcomes, dryRun, error] { onApplied(outcomes, dryRun, error); }, Qt::QueuedConnection);
    };
    worker_ = new ClusterWorker(std::move(callbacks));
    worker_->moveToThread(&thread_);
    thread_.start();
    reloadContexts();
}

ClusterSession::~ClusterSession()
{
    // The call in progress (a pull, an apply) ends at once; the watches and the client are freed
    // on the worker's thread, after that call (ClusterWorker::run); then the thread ends, and the
    // worker, with nothing left in it, goes with the session.
    worker_->cancel();
    QMetaObject::invokeMethod(
        worker_, [worker = worker_] { worker->run([worker] { worker->disconnectFromCluster(); }); },
        Qt::BlockingQueuedConnection);
    thread_.quit();
    thread_.wait();
    delete worker_;
    if (document_)
        document_->nodes()->setClusterMark({});
}

template <typename Call> void ClusterSession::onWorker(Call call)
{
    QMetaObject::invokeMethod(
        worker_, [worker = worker_, call = std::move(call)]() mutable { worker->run(std::move(call)); }, Qt::QueuedConnection);
}

void ClusterSession::setDocument(Document* document)
{
    if (document_ == document)
        return;
    if (document_) {
        disconnect(document_, nullptr, this, nullptr);
        document_->nodes()->setClusterMark({});
    }
    document_ = document;
    if (document_) {
        connect(document_, &Document::reloaded, this, [this] {
            updateClusterSource();
            compare();
        });
        document_->nodes()->setClusterMark([this](const std::string& id) -> QString {
            if (auto change = changes_.find(id); change != changes_.end())
                return change->second;
            auto it = comparisons_.find(id);
            if (it == comparisons_.end())
                return {};
            return it->second.differences.empty() ? QStringLiteral("agrees") : QStringLiteral("differs");
        });
    }
    emit documentChanged();
}

void ClusterSession::reloadContexts(const QString& path)
{
    kubeconfigPath_ = path;
    contexts_.clear();
    defaultContext_.clear();
    std::string error;
    const auto config = cluster::loadKubeconfig(cluster::kubeconfigFiles(path.toStdString()), error);
    kubeconfigProblem_ = QString::fromStdString(error);
    if (config) {
        for (const auto& [name, context] : config->contexts)
            contexts_.append(QString::fromStdString(name));
        defaultContext_ = QString::fromStdString(config->currentContext);
    }
    emit contextsChanged();
}

void ClusterSession::connectTo(const QString& context, const QString& namespaces)
{
    if (busy_) {
        fail(tr("Wait until %1 has been read, or disconnect first").arg(context_));
        return;
    }
    std::string error;
    const auto config = cluster::loadKubeconfig(cluster::kubeconfigFiles(kubeconfigPath_.toStdString()), error);
    auto access = config ? cluster::resolveContext(*config, context.toStdString(), error) : std::nullopt;
    if (!access) {
        fail(QString::fromStdString(error));
        return;
    }
    context_ = QString::fromStdString(access->contextName);
    target_ = QString::fromStdString(cluster::describeTarget(*access));
    busy_ = true;
    live_ = false;
    liveProblem_.clear();
    progressText_ = tr("Connecting to %1…").arg(target_);
    controller_.clear();
    comparisons_.clear();
    changes_.clear();
    emit stateChanged();
    emit progressChanged();
    onWorker([worker = worker_, access = *access, ns = namespacesFrom(namespaces, access->ns)]() mutable {
        worker->connectTo(std::move(access), std::move(ns));
    });
}

void ClusterSession::disconnectFromCluster()
{
    onWorker([worker = worker_] { worker->disconnectFromCluster(); });
    context_.clear();
    target_.clear();
    busy_ = live_ = false;
    objects_.clear();
    connectedOnce_ = false;
    controller_.clear();
    comparisons_.clear();
    changes_.clear();
    if (document_)
        document_->removeClusterSource();
    compare();
    emit stateChanged();
}

void ClusterSession::fail(const QString& text)
{
    busy_ = false;
    emit stateChanged();
    emit failed(text);
}

void ClusterSession::onObjects(const ClusterObjects& update)
{
    if (context_.isEmpty())
        return;  // a late batch from a connection the user has closed
    if (update->full) {
        objects_.clear();
        controller_.clear();
    }
    std::vector<std::string> keys;
    for (const auto& [key, object] : update->objects) {
        keys.push_back(key);
        if (!object) {
            objects_.erase(key);
            controller_.erase(key);
            continue;
        }
        objects_[key] = *object;
        controller_[key] = controllerStatusOf(*object);
    }
    connectedOnce_ = true;
    if (update->specChanged) {
        updateClusterSource();  // reloads the document when the objects changed, which compares
        compare();
    } else {
        compareKeys(keys);  // a status changed: its object's comparison only
    }
}

// The cluster's objects that no file defines, without what the server writes: the read-only
// cluster source. Objects in the files win; their cluster version is what diff and apply meet.
void ClusterSession::updateClusterSource()
{
    if (!document_ || !connectedOnce_)
        return;
    const std::string clusterFile = "cluster:" + context_.toStdString();
    std::set<std::string> inFiles;
    for (const model::Object& o : document_->topology().objects.objects())
        if (o.file != clusterFile)
            inFiles.insert(keyOf(o.id.kind, o.id.ns, o.id.name));
    std::vector<json> shown;
    for (const auto& [key, object] : objects_)
        if (!inFiles.contains(key))
            shown.push_back(cluster::withoutServerFields(object));
    if (shown.empty())
        document_->removeClusterSource();
    else
        document_->setClusterSource(context_, cluster::pulledYaml(shown));
}

void ClusterSession::compare()
{
    if (!document_)
        return;
    comparisons_.clear();
    int differing = 0;
    if (const model::Translation* translation = document_->translation(); translation && !controller_.empty()) {
        const auto entries =
            cluster::compareLiveStatus(document_->topology().objects, *translation, [this](const model::Object& o) {
                const auto it = controller_.find(keyOf(o.id.kind, o.id.ns, o.id.name));
                return it == controller_.end() ? nullptr : &it->second;
            });
        for (const cluster::LiveStatus& entry : entries) {
            differing += entry.differences.empty() ? 0 : 1;
            comparisons_[nodeIdOf(document_->topology().objects.objects()[entry.objectIndex])] = entry;
        }
    }
    differingCount_ = differing;
    ++revision_;
    document_->nodes()->clusterMarksChanged();
    emit comparisonChanged();
}

// The objects of `keys` ("Kind/ns/name") compared again, each alone: what a status change needs.
void ClusterSession::compareKeys(const std::vector<std::string>& keys)
{
    const model::Translation* translation = document_ ? document_->translation() : nullptr;
    if (!translation)
        return;
    const model::ObjectSet& objects = document_->topology().objects;
    for (const std::string& key : keys) {
        const auto slash1 = key.find('/'), slash2 = key.find('/', slash1 + 1);
        const std::string kind = key.substr(0, slash1), ns = key.substr(slash1 + 1, slash2 - slash1 - 1);
        const std::string name = key.substr(slash2 + 1);
        const std::string id = nodeId(kind, ns, name);
        const bool differedBefore = comparisons_.contains(id) && !comparisons_[id].differences.empty();
        comparisons_.erase(id);
        const auto objectIt = objects_.find(key);
        const model::Object* object = objectIt == objects_.end()
            ? nullptr
            : objects.find({cluster::groupOf(str(objectIt->second, "apiVersion")), kind, ns, name});
        const auto controller = controller_.find(key);
        if (object && controller != controller_.end())
            if (const model::ObjectStatus* status = translation->statusOf(std::size_t(object - objects.objects().data())))
                comparisons_[id] = cluster::compareOne(*object, *status, controller->second);
        const bool differsNow = comparisons_.contains(id) && !comparisons_[id].differences.empty();
        differingCount_ += int(differsNow) - int(differedBefore);
        document_->nodes()->clusterMarkChanged(id);
    }
    ++revision_;
    emit comparisonChanged();
}

QVariantList ClusterSession::controllerRows(const QString& nodeId) const
{
    QVariantList rows;
    const auto it = comparisons_.find(nodeId.toStdString());
    if (it == comparisons_.end())
        return rows;
    if (it->second.differences.empty())
        rows.append(QVariantMap{{"where", QString()},
                                {"controller", tr("agrees")},
                                {"predicted", QString()},
                                {"note", tr("The controller on %1 wrote what Gateway Studio predicts").arg(context_)},
                                {"differs", false}});
    for (const cluster::StatusDifference& d : it->second.differences)
        rows.append(QVariantMap{{"where", QString::fromStdString(d.where)},
                                {"controller", QString::fromStdString(d.controller)},
                                {"predicted", QString::fromStdString(d.predicted)},
                                {"note", QString::fromStdString(d.note)},
                                {"differs", true}});
    return rows;
}

bool ClusterSession::dryRun(bool force) { return send(true, force); }

bool ClusterSession::apply(bool force) { return send(false, force); }

bool ClusterSession::send(bool dryRun, bool force)
{
    if (!document_)
        return false;
    if (context_.isEmpty() || busy_) {
        fail(context_.isEmpty() ? tr("Connect to a cluster first (File → Open from cluster…)")
                                : tr("The cluster is still being read"));
        return false;
    }
    if (document_->errorCount() > 0) {
        fail(tr("Nothing is sent to %1 while the files have %n error(s); fix them first", nullptr, document_->errorCount())
                 .arg(context_));
        return false;
    }
    std::vector<cluster::ApplyItem> items;
    const std::string clusterFile = "cluster:" + context_.toStdString();
    for (const model::Object& o : document_->topology().objects.objects())
        if (o.file != clusterFile)
            items.push_back({o.file, o.mark.line, cluster::toJson(model::exportTree(o))});
    if (items.empty()) {
        fail(tr("The files hold no objects to send"));
        return false;
    }
    busy_ = true;
    progressText_ = dryRun ? tr("Dry run on %1…").arg(context_) : tr("Applying to %1…").arg(context_);
    emit stateChanged();
    emit progressChanged();
    onWorker([worker = worker_, items = std::move(items), options = cluster::ApplyOptions{dryRun, force}]() mutable {
        worker->apply(std::move(items), options);
    });
    return true;
}

void ClusterSession::onApplied(const std::vector<cluster::ApplyOutcome>& outcomes, bool dryRun, const std::string& error)
{
    busy_ = false;
    lastWasDryRun_ = dryRun;
    outcomes_.clear();
    changes_.clear();
    std::map<QString, int> counts;
    for (const cluster::ApplyOutcome& outcome : outcomes) {
        const QVariantMap row = outcomeMap(outcome);
        outcomes_.append(row);
        ++counts[row.value("change").toString()];
        if (dryRun)
            changes_[nodeIdOfOutcome(outcome.id)] = row.value("change").toString();
    }
    // What the cluster has and the files do not (deleted from them, or never pulled into them):
    // server-side apply leaves it in place, and the node says so.
    if (dryRun && document_) {
        const std::string clusterFile = "cluster:" + context_.toStdString();
        int onlyThere = 0;
        for (const model::Object& o : document_->topology().objects.objects())
            if (o.file == clusterFile && o.id.kind != "Namespace") {
                changes_[nodeIdOf(o)] = QStringLiteral("only on cluster");
                ++onlyThere;
            }
        if (onlyThere > 0)
            counts[QStringLiteral("only on the cluster (apply leaves them)")] = onlyThere;
    }
    QStringList parts;
    for (const auto& [word, n] : counts)
        parts.append(QStringLiteral("%1 %2").arg(n).arg(word));
    outcomeSummary_ = (dryRun ? tr("Dry run on %1: %2") : tr("Applied to %1: %2")).arg(target_, parts.join(QStringLiteral(", ")));
    emit stateChanged();
    emit outcomesChanged();
    if (document_)
        document_->nodes()->clusterMarksChanged();
    if (!error.empty())
        fail(QString::fromStdString(error));
    emit applyFinished(dryRun);
}

}  // namespace gs::gui

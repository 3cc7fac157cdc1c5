#include "cluster/cluster_mirror.h"

#include <QNetworkReply>
#include <QUrl>
#include <algorithm>

#include "cluster/api_errors.h"
#include "cluster/json_yaml.h"
#include "cluster/apply.h"

namespace gs::cluster {

namespace {

using nlohmann::json;

// Real API servers send a bookmark about once a minute; a stream silent for longer has died.
constexpr int kIdleTimeoutMs = 90000;
constexpr int kMaxBackoffMs = 5000;
constexpr int kMaxNamedWatches = 32;

std::string keyOf(const std::string& kind, const json& object)
{
    const json metadata = object.is_object() ? object.value("metadata", json::object()) : json::object();
    return kind + "/" + str(metadata, "namespace") + "/" + str(metadata, "name");
}

std::string resourceVersionOf(const json& object)
{
    return str(object.is_object() ? object.value("metadata", json::object()) : json(), "resourceVersion");
}

}  // namespace

struct ClusterMirror::Stream {
    ServedKind kind;
    std::string ns;  // "" for all namespaces or a cluster-scoped kind
    std::string name;  // one object only (fieldSelector metadata.name), or ""
    std::string resourceVersion;  // where the next watch resumes
    QNetworkReply* reply = nullptr;
    QByteArray pending;
    bool connected = false;
    bool relistWanted = false;
    int failures = 0;
    std::string lastProblem;
};

ClusterMirror::ClusterMirror(ApiClient& client, GatewayApiDiscovery discovery, PullOptions options, Callbacks callbacks)
    : client_(client), discovery_(std::move(discovery)), options_(std::move(options)), callbacks_(std::move(callbacks))
{
    changedTimer_.setSingleShot(true);
    changedTimer_.setInterval(10);  // bursts of events (a relist, a rollout) become one change
    QObject::connect(&changedTimer_, &QTimer::timeout, [this] {
        if (callbacks_.changed)
            callbacks_.changed();
    });
}

ClusterMirror::~ClusterMirror() { stop(); }

bool ClusterMirror::start(std::string& error)
{
    const auto pulled = pull(client_, discovery_, options_, error);
    if (!pulled)
        return false;
    resourceVersion_ = pulled->resourceVersion;
    warnings_ = pulled->warnings;
    for (const json& object : pulled->objects)
        objects_[keyOf(str(object, "kind"), object)] = object;
    std::vector<ServedKind> kinds = discovery_.kinds;
    kinds.push_back(coreKind("Service"));
    if (options_.namespaces.empty())
        kinds.push_back(coreKind("Namespace"));
    const std::vector<std::string> scopes = options_.namespaces.empty() ? std::vector<std::string>{""} : options_.namespaces;
    for (const ServedKind& kind : kinds)
        for (const std::string& ns : kind.namespaced ? scopes : std::vector<std::string>{""}) {
            const std::string list = kind.plural + "/" + ns;
            if (pulled->refused.contains(list))
                continue;  // RBAC refused the list: a watch would be refused as well
            auto stream = std::make_unique<Stream>();
            stream->kind = kind;
            stream->ns = ns;
            const auto version = pulled->listVersions.find(list);
            stream->resourceVersion = version != pulled->listVersions.end() ? version->second : pulled->resourceVersion;
            streams_.push_back(std::move(stream));
        }
    watchReferencedObjects();
    for (auto& stream : streams_)
        open(*stream);
    return true;
}

// Objects pulled because something refers to them (a parent Gateway in another namespace, a
// Secret, a CA ConfigMap) are each watched by name, up to kMaxNamedWatches of them.
void ClusterMirror::watchReferencedObjects()
{
    std::map<std::string, ServedKind> kinds;
    for (const ServedKind& kind : discovery_.kinds)
        kinds.emplace(kind.kind, kind);
    for (const char* core : {"Service", "Secret", "ConfigMap", "Namespace"})
        kinds.emplace(core, coreKind(core));
    int named = 0;
    for (const auto& [key, object] : objects_) {
        const std::string kind = str(object, "kind");
        const json metadata = object.value("metadata", json::object());
        const std::string ns = str(metadata, "namespace"), name = str(metadata, "name");
        const auto served = kinds.find(kind);
        if (served == kinds.end() || covered(served->second, ns))
            continue;
        if (++named > kMaxNamedWatches) {
            warnings_.push_back(
                "more than " + std::to_string(kMaxNamedWatches) +
                " objects outside the chosen namespaces are referred to; the rest are read again only on a relist");
            return;
        }
        auto stream = std::make_unique<Stream>();
        stream->kind = served->second;
        stream->ns = ns;
        stream->name = name;
        stream->resourceVersion = resourceVersion_;
        streams_.push_back(std::move(stream));
    }
}

bool ClusterMirror::covered(const ServedKind& kind, const std::string& ns) const
{
    for (const auto& stream : streams_)
        if (stream->name.empty() && stream->kind.kind == kind.kind && (stream->ns.empty() || stream->ns == ns))
            return true;
    return false;
}

void ClusterMirror::stop()
{
    stopped_ = true;
    for (auto& stream : streams_)
        if (stream->reply) {
            QNetworkReply* reply = std::exchange(stream->reply, nullptr);
            // The mirror's handlers only: the reply's own manager still goes with it (openStream).
            QObject::disconnect(reply, &QNetworkReply::finished, nullptr, nullptr);
            QObject::disconnect(reply, &QIODevice::readyRead, nullptr, nullptr);
            QObject::disconnect(reply, &QNetworkReply::metaDataChanged, nullptr, nullptr);
            reply->abort();
            reply->deleteLater();
        }
}

bool ClusterMirror::live() const
{
    return !streams_.empty() && std::all_of(streams_.begin(), streams_.end(), [](const auto& s) { return s->connected; });
}

std::vector<json> ClusterMirror::objects() const
{
    std::vector<json> out;
    out.reserve(objects_.size());
    for (const auto& [key, object] : objects_)
        out.push_back(object);
    return out;
}

std::string ClusterMirror::yaml() const { return pulledYaml(objects()); }

void ClusterMirror::open(Stream& stream)
{
    if (stopped_)
        return;
    std::string path = stream.kind.path(stream.ns) + "?watch=1&allowWatchBookmarks=true";
    if (!stream.name.empty())
        path += "&fieldSelector=" + QUrl::toPercentEncoding(QString::fromStdString("metadata.name=" + stream.name)).toStdString();
    if (!stream.resourceVersion.empty())
        path += "&resourceVersion=" + QUrl::toPercentEncoding(QString::fromStdString(stream.resourceVersion)).toStdString();
    std::string error;
    stream.reply = client_.openStream(path, kIdleTimeoutMs, error);
    if (!stream.reply) {
        stream.lastProblem = error;
        onFinished(stream);
        return;
    }
    QNetworkReply* reply = stream.reply;
    QObject::connect(reply, &QNetworkReply::metaDataChanged, reply, [this, &stream, reply] {
        if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200) {
            stream.connected = true;
            stream.failures = 0;
            reportLiveness({});
        }
    });
    QObject::connect(reply, &QIODevice::readyRead, reply, [this, &stream, reply] {
        if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200)
            return;
        stream.pending += reply->readAll();
        qsizetype newline;
        while (stream.reply == reply && (newline = stream.pending.indexOf('\n')) >= 0) {
            const QByteArray line = stream.pending.left(newline);
            stream.pending.remove(0, newline + 1);
            if (line.trimmed().isEmpty())
                continue;
            try {
                onLine(stream, line);
            } catch (const json::exception& e) {
                // An event of a shape nobody expected: that object is skipped, the watch goes on.
                stream.lastProblem =
                    std::string("an event of the watch of ") + stream.kind.plural + " could not be read: " + e.what();
            }
        }
    });
    QObject::connect(reply, &QNetworkReply::finished, reply, [this, &stream, reply] {
        if (stream.reply != reply)
            return;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status != 200) {
            ApiResponse response{status, reply->isOpen() ? reply->readAll() : QByteArray(), reply->errorString().toStdString()};
            stream.lastProblem = explainFailure(response, client_, "watch " + stream.kind.plural);
            stream.relistWanted = stream.relistWanted || status == 410;
        } else {
            stream.lastProblem = "the watch of " + stream.kind.plural + " ended (" + reply->errorString().toStdString() + ")";
        }
        onFinished(stream);
    });
}

void ClusterMirror::onLine(Stream& stream, const QByteArray& line)
{
    const json event = json::parse(line.constData(), line.constData() + line.size(), nullptr, false);
    if (!event.is_object())
        return;
    const std::string type = str(event, "type");
    const json object = event.value("object", json());
    if (type == "ERROR") {
        // 410 Gone: the resourceVersion is older than the server keeps; list again, then watch on.
        const int code = object.is_object() ? object.value("code", 0) : 0;
        stream.relistWanted = code == 410;
        stream.lastProblem = "the watch of " + stream.kind.plural + " failed: " + str(object, "message");
        return;
    }
    if (const std::string rv = resourceVersionOf(object); !rv.empty())
        stream.resourceVersion = rv;
    if (type == "ADDED" || type == "MODIFIED")
        upsert(stream.kind, object);
    else if (type == "DELETED")
        erase(stream.kind, object);
}

void ClusterMirror::onFinished(Stream& stream)
{
    if (stream.reply) {
        stream.reply->deleteLater();
        stream.reply = nullptr;
    }
    stream.connected = false;
    stream.pending.clear();
    if (stopped_)
        return;
    reportLiveness(stream.lastProblem);
    ++reconnects_;
    const int backoff = stream.failures == 0 ? 0 : std::min(kMaxBackoffMs, 200 << std::min(stream.failures, 5));
    ++stream.failures;
    // The mirror's own timer is the context: a mirror destroyed meanwhile takes the call with it.
    QTimer::singleShot(backoff, &changedTimer_, [this, &stream] {
        if (stopped_)
            return;
        try {
            if (stream.relistWanted)
                relist(stream);
        } catch (const json::exception& e) {
            stream.lastProblem = std::string("the list of ") + stream.kind.plural + " could not be read: " + e.what();
            stream.relistWanted = true;
        }
        open(stream);
    });
}

void ClusterMirror::relist(Stream& stream)
{
    ++relists_;
    stream.relistWanted = false;
    PullResult fresh;
    std::string error;
    if (!listKind(client_, stream.kind, stream.ns, options_.pageSize, fresh, error)) {
        stream.lastProblem = error;
        stream.relistWanted = true;  // tried again at the next reconnection
        stream.resourceVersion.clear();  // not the expired one: a watch from now, after the relist
        return;
    }
    if (!stream.name.empty())
        std::erase_if(fresh.objects,
                      [&](const json& o) { return str(o.value("metadata", json::object()), "name") != stream.name; });
    // Replace what the stream covers: one object (its exact key), or the kind in its namespace (or
    // everywhere, or cluster-scoped), keys built as keyOf builds them.
    if (!stream.name.empty()) {
        objects_.erase(stream.kind.kind + "/" + stream.ns + "/" + stream.name);
    } else {
        const std::string prefix = stream.kind.kind + "/" + (stream.ns.empty() ? "" : stream.ns + "/");
        for (auto it = objects_.lower_bound(prefix); it != objects_.end() && it->first.rfind(prefix, 0) == 0;)
            it = objects_.erase(it);
    }
    for (json& object : fresh.objects) {
        const std::string key = keyOf(stream.kind.kind, object);  // before the move (see upsert)
        objects_[key] = std::move(object);
    }
    stream.resourceVersion = fresh.resourceVersion;
    changes_.full = true;
    notifyChanged();
}

void ClusterMirror::upsert(const ServedKind& kind, json object)
{
    if (!admitObject(kind, object))
        return;
    // The key first: json's operator= takes its argument by value, so in `map[key(o)] = move(o)`
    // the move happens before the key is computed (C++17 sequences the right side first).
    const std::string key = keyOf(kind.kind, object);
    const auto previous = objects_.find(key);
    changes_.specChanged = changes_.specChanged || previous == objects_.end() ||
        withoutServerFields(previous->second) != withoutServerFields(object);
    changes_.objects[key] = object;
    objects_[key] = std::move(object);
    notifyChanged();
}

void ClusterMirror::erase(const ServedKind& kind, const json& object)
{
    const std::string key = keyOf(kind.kind, object);
    if (objects_.erase(key) == 0)
        return;
    changes_.objects[key] = std::nullopt;
    changes_.specChanged = true;
    notifyChanged();
}

ClusterMirror::Changes ClusterMirror::takeChanges() { return std::exchange(changes_, Changes{}); }

void ClusterMirror::notifyChanged()
{
    if (!changedTimer_.isActive())
        changedTimer_.start();
}

void ClusterMirror::reportLiveness(const std::string& why)
{
    const bool isLive = live();
    if (isLive == wasLive_ && (isLive || why.empty()))
        return;
    wasLive_ = isLive;
    if (callbacks_.liveness)
        callbacks_.liveness(isLive, isLive ? std::string() : why);
}

}  // namespace gs::cluster

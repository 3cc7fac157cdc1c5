#pragma once
// The editor meets a cluster through the user's kubeconfig (app/cluster): pick a context and
// namespaces, pull with a progress count, and keep what the cluster holds current by watches
// (ClusterWorker, on its own thread). The cluster's objects that the files do not define become
// the Document's read-only cluster source; the status each object's controller wrote is kept
// beside the prediction, for file objects too, and every difference is flagged on its node and in
// the status panel. Dry run and apply send the files' objects (never while they have errors);
// their verdicts, diffs and conflicts (with the other manager's name) come back per object.
//
// Credentials stay in the worker's client: nothing here shows, logs or saves them.

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QThread>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <map>
#include <string>

#include "cluster/live_status.h"
#include "cluster_worker.h"
#include "document.h"

namespace gs::gui {

class ClusterSession : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(gs::gui::Document* document READ document WRITE setDocument NOTIFY documentChanged)
    // The kubeconfig's contexts (as kubectl finds the kubeconfig), its current one, or why none.
    Q_PROPERTY(QStringList contexts READ contexts NOTIFY contextsChanged)
    Q_PROPERTY(QString defaultContext READ defaultContext NOTIFY contextsChanged)
    Q_PROPERTY(QString kubeconfigProblem READ kubeconfigProblem NOTIFY contextsChanged)
    // The connected context ("" when none) and its server, named in full.
    Q_PROPERTY(QString context READ context NOTIFY stateChanged)
    Q_PROPERTY(QString target READ target NOTIFY stateChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY stateChanged)
    Q_PROPERTY(QString progressText READ progressText NOTIFY progressChanged)
    Q_PROPERTY(bool live READ live NOTIFY stateChanged)
    Q_PROPERTY(QString liveProblem READ liveProblem NOTIFY stateChanged)
    Q_PROPERTY(QStringList warnings READ warnings NOTIFY stateChanged)
    Q_PROPERTY(int differingCount READ differingCount NOTIFY comparisonChanged)
    // Counts comparisons, so that views showing controllerRows() bind to it.
    Q_PROPERTY(int revision READ revision NOTIFY comparisonChanged)
    // The last dry run or apply: one map per object (id, change, diff, refusal, conflicts, skipped).
    Q_PROPERTY(QVariantList outcomes READ outcomes NOTIFY outcomesChanged)
    Q_PROPERTY(QString outcomeSummary READ outcomeSummary NOTIFY outcomesChanged)
    Q_PROPERTY(bool lastWasDryRun READ lastWasDryRun NOTIFY outcomesChanged)

public:
    explicit ClusterSession(QObject* parent = nullptr);
    ~ClusterSession() override;

    Document* document() const { return document_; }
    void setDocument(Document* document);
    QStringList contexts() const { return contexts_; }
    QString defaultContext() const { return defaultContext_; }
    QString kubeconfigProblem() const { return kubeconfigProblem_; }
    QString context() const { return context_; }
    QString target() const { return target_; }
    bool busy() const { return busy_; }
    QString progressText() const { return progressText_; }
    bool live() const { return live_; }
    QString liveProblem() const { return liveProblem_; }
    QStringList warnings() const { return warnings_; }
    int differingCount() const { return differingCount_; }
    int revision() const { return revision_; }
    QVariantList outcomes() const { return outcomes_; }
    QString outcomeSummary() const { return outcomeSummary_; }
    bool lastWasDryRun() const { return lastWasDryRun_; }

    // Reads the kubeconfig again (KUBECONFIG, else ~/.kube/config; `path` when given).
    Q_INVOKABLE void reloadContexts(const QString& path = {});
    // Pulls `context` (namespaces: comma-separated; empty for the context's own; "*" for all) and
    // keeps it live. Progress and the outcome come as signals; a failure is reported to the window.
    Q_INVOKABLE void connectTo(const QString& context, const QString& namespaces);
    // Also while a pull runs (the dialog's Cancel): the pull's result is then dropped, and the
    // worker frees it once the call in progress returns.
    Q_INVOKABLE void disconnectFromCluster();
    // The controller's status of a node next to the prediction: one map per condition difference
    // (where, controller, predicted, note), or one "agrees" row; empty when not on the cluster.
    Q_INVOKABLE QVariantList controllerRows(const QString& nodeId) const;
    // The files' objects against the connected context: a server dry run, or an apply (after the
    // window's confirmation). Refused, with the reason, while the files have errors.
    Q_INVOKABLE bool dryRun(bool force);
    Q_INVOKABLE bool apply(bool force);

signals:
    void documentChanged();
    void contextsChanged();
    void stateChanged();
    void progressChanged();
    void comparisonChanged();
    void outcomesChanged();
    void connected();
    void applyFinished(bool dryRun);
    // What failed (a connection, a refusal to send), for the window's banner.
    void failed(const QString& text);

private:
    void onObjects(const ClusterObjects& update);
    void compareKeys(const std::vector<std::string>& keys);
    void onApplied(const std::vector<cluster::ApplyOutcome>& outcomes, bool dryRun, const std::string& error);
    void updateClusterSource();
    void compare();
    bool send(bool dryRun, bool force);
    void fail(const QString& text);
    template <typename Call> void onWorker(Call call);

    QPointer<Document> document_;
    QStringList contexts_;
    QString defaultContext_;
    QString kubeconfigProblem_;
    QString kubeconfigPath_;
    QString context_;
    QString target_;
    bool busy_ = false;
    QString progressText_;
    bool live_ = false;
    QString liveProblem_;
    QStringList warnings_;
    std::map<std::string, nlohmann::json> objects_;  // "Kind/ns/name" → as the cluster has it
    bool connectedOnce_ = false;
    std::map<std::string, cluster::ControllerStatus> controller_;  // "Kind/ns/name" → status
    std::map<std::string, cluster::LiveStatus> comparisons_;  // node id → comparison
    std::map<std::string, QString> changes_;  // node id → new, changed, refused, ...
    int differingCount_ = 0;
    int revision_ = 0;
    QVariantList outcomes_;
    QString outcomeSummary_;
    bool lastWasDryRun_ = true;
    QThread thread_;
    ClusterWorker* worker_ = nullptr;
};

}  // namespace gs::gui

#pragma once
// The canvas nodes as a list model over the Document's GraphScene. Rows follow the scene's node
// order; the model never changes the scene (the Document does, then calls refresh/nodeMoved).

#include <functional>

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

#include "edge_traffic.h"
#include "graph_scene.h"

namespace gs::gui {

class NodeListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Nodes belong to a Document")
public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        KindRole,
        NameRole,
        NamespaceRole,
        SubtitleRole,
        HealthRole,
        ProblemRole,
        XRole,
        YRole,
        WidthRole,
        HeightRole,
        PortsRole,
        MissingRole,
        EditableRole,
        MatchedRole,
        RateRole,
        TrafficTextRole,
        ClusterMarkRole,
        FaultsRole,
        PinnedRole,  // placed by hand: the automatic layout leaves it where it is
        MemberCountRole  // a collapsed group: how many nodes it stands for; 0 otherwise
    };
    Q_ENUM(Role)

    explicit NodeListModel(const GraphScene& scene, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Around GraphScene::setGraph: a reset when the rows change (begin before the scene changes,
    // end after), else dataChanged on every row at the end.
    void beginRefresh(bool reset);
    void endRefresh();
    void nodeMoved(int row);
    void positionsChanged();  // every node may have moved (auto layout)

    // Which nodes the user may edit here (the role view's kinds, not the cluster's objects);
    // decides the EditableRole.
    void setEditable(std::function<bool(const GraphNode&)> editable);
    // What a Service's echo pods do wrong on purpose ("40% 503"), "" for none.
    void setFaults(std::function<QString(const GraphNode&)> faults) { faults_ = std::move(faults); }
    // Which nodes the search and filters keep (the others are drawn faint); decides MatchedRole.
    void setMatcher(std::function<bool(const std::string&)> matched);
    // Live traffic per node id (nullptr: none); trafficChanged() touches only the traffic roles.
    void setTraffic(std::function<const NodeTraffic*(const std::string&)> traffic);
    void trafficChanged();
    // A node's traffic (a collapsed group's: its routes' sum); none without a provider.
    NodeTraffic trafficOf(const GraphNode& n) const;
    // True for the nodes every request goes through exactly once (routes, a group of routes):
    // summing theirs counts each request once.
    static bool carriesRequests(const GraphNode& n);
    // What the cluster says of a node id (ClusterSession): "agrees", "differs" (the controller's
    // status is not the predicted one), or after a dry run "new", "changed", "unchanged",
    // "refused", "conflict", "skipped", "only on cluster"; "" when the node is not on a connected
    // cluster.
    void setClusterMark(std::function<QString(const std::string&)> mark);
    void clusterMarksChanged();
    void clusterMarkChanged(const std::string& id);  // one node's
    // Which nodes are pinned (PinnedRole); pinsChanged() after the set changed.
    void setPinned(std::function<bool(const std::string&)> pinned) { pinned_ = std::move(pinned); }
    void pinsChanged();

private:
    const GraphScene& scene_;
    bool resetting_ = false;
    std::function<bool(const GraphNode&)> editable_;
    std::function<QString(const GraphNode&)> faults_;
    std::function<QString(const std::string&)> clusterMark_;
    std::function<bool(const std::string&)> matched_;
    std::function<const NodeTraffic*(const std::string&)> traffic_;
    std::function<bool(const std::string&)> pinned_;
};

}  // namespace gs::gui

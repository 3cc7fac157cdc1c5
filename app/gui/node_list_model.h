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
        IdRole = Qt::UserRole + 1, KindRole, NameRole, NamespaceRole, SubtitleRole, HealthRole, ProblemRole,
        XRole, YRole, WidthRole, HeightRole, PortsRole, MissingRole, EditableRole, MatchedRole,
        RateRole, TrafficTextRole
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
    void positionsChanged();   // every node may have moved (auto layout)

    // Which kinds the current role view may edit; decides the EditableRole.
    void setEditableKinds(std::function<bool(const std::string&)> editable);
    // Which nodes the search and filters keep (the others are drawn faint); decides MatchedRole.
    void setMatcher(std::function<bool(const std::string&)> matched);
    // Live traffic per node id (nullptr: none); trafficChanged() touches only the traffic roles.
    void setTraffic(std::function<const NodeTraffic*(const std::string&)> traffic);
    void trafficChanged();

private:
    const GraphScene& scene_;
    bool resetting_ = false;
    std::function<bool(const std::string&)> editable_;
    std::function<bool(const std::string&)> matched_;
    std::function<const NodeTraffic*(const std::string&)> traffic_;
};

}  // namespace gs::gui

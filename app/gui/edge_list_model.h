#pragma once
// The canvas edges (references between objects) as a list model over the Document's GraphScene,
// with their end points, so the view draws them without knowing the layout rules.

#include <functional>
#include <map>

#include <QAbstractListModel>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

#include "edge_traffic.h"
#include "graph_scene.h"
#include "label_layout.h"

namespace gs::gui {

class EdgeListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Edges belong to a Document")
    // False while the canvas draws no labels (zoomed out below readable text): then live text
    // changing at 10 Hz costs no label layout; it is done when labels show again.
    Q_PROPERTY(bool labelsShown READ labelsShown WRITE setLabelsShown NOTIFY labelsShownChanged)
public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        KindRole,
        FromRole,
        ToRole,
        FromPortRole,
        LabelRole,
        HealthRole,
        WeightRole,
        RuleIndexRole,
        RefIndexRole,
        X1Role,
        Y1Role,
        X2Role,
        Y2Role,
        MatchedRole,
        RateRole,
        ErrorShareRole,
        ObservedRole,
        ConfiguredRole,
        TrafficTextRole,
        TlsRole,
        // Where the labels go (label_layout.h): the chip's and the TLS badge's centres, and for a
        // chip moved off its curve, the point on the curve its leader line starts from.
        ChipXRole,
        ChipYRole,
        ChipLeaderRole,
        ChipAnchorXRole,
        ChipAnchorYRole,
        BadgeXRole,
        BadgeYRole
    };
    Q_ENUM(Role)

    explicit EdgeListModel(const GraphScene& scene, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // As NodeListModel::beginRefresh/endRefresh.
    void beginRefresh(bool reset);
    void endRefresh();
    // The node with this id moved: the edges that touch it change their end points.
    void nodeMoved(const std::string& nodeId);
    void positionsChanged();
    // An edge is matched when both of its nodes are (see NodeListModel::setMatcher).
    void setMatcher(std::function<bool(const std::string&)> matched);
    // Live traffic per edge id (nullptr: none); trafficChanged() tells the views, touching only
    // the traffic roles.
    void setTraffic(std::function<const EdgeTraffic*(const std::string&)> traffic);
    void trafficChanged();
    // An edge's traffic: the provider's, or for a collapsed group's edge its members' sum.
    const EdgeTraffic* trafficOf(const GraphEdge& e) const;
    bool labelsShown() const { return labelsShown_; }
    void setLabelsShown(bool shown);

signals:
    void labelsShownChanged();

public:
    // The labels' text and size as the canvas draws them (EdgeLabel.qml).
    QString chipText(const GraphEdge& e) const;
    static double chipWidth(std::string_view text);
    static double badgeWidth(const std::string& tls);

private:
    // Places every label again (label_layout.h), each keeping its spot while it is free; emits
    // the label roles of the rows whose spot changed.
    void relayoutLabels();
    // The same, at most every few frames: while a node is dragged.
    void scheduleRelayout();
    // Brings the label boxes' widths up to date (rounded up, so that live text changing by a digit
    // keeps its box): only the rows whose text changed are measured again. True when a width changed.
    bool refreshWidths();

    const GraphScene& scene_;
    bool resetting_ = false;
    std::vector<LabelSpot> chips_;  // by edge row; `edge` is the row, a chip without text is unset
    std::vector<LabelSpot> badges_;  // by edge row
    std::vector<double> widths_;  // by row: the chip's width, then the badge's
    std::vector<std::string> texts_;  // by row: the chip's text the width is of
    QTimer relayoutTimer_;
    bool labelsShown_ = true;
    bool labelsStale_ = false;  // text changed while labels were not shown
    std::function<bool(const std::string&)> matched_ = [](const std::string&) { return true; };
    std::function<const EdgeTraffic*(const std::string&)> traffic_;
    std::map<std::string, EdgeTraffic> sums_;  // collapsed groups' edges: their members' traffic
    void sumGroups();
};

// The namespaces, drawn as boxes behind their nodes.
class GroupListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Groups belong to a Document")
public:
    enum Role { NameRole = Qt::UserRole + 1, XRole, YRole, WidthRole, HeightRole, ObjectsRole, ProblemsRole, RateRole };

    explicit GroupListModel(const GraphScene& scene, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Call after any change of the scene; resets when the namespaces changed.
    void refresh();
    // Each namespace's requests/s (RateRole): its routes' rates summed, as `rateOf` gives them.
    // Called with the nodes' traffic; touches the rate role only.
    void setRates(std::function<double(const GraphNode&)> rateOf);

private:
    const GraphScene& scene_;
    std::vector<std::string> names_;
    std::vector<double> rates_;  // by row
};

}  // namespace gs::gui

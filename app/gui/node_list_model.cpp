#include "node_list_model.h"

#include <QVariantList>
#include <QVariantMap>

namespace gs::gui {

namespace {

QVariantList portsOf(const GraphNode& n)
{
    QVariantList out;
    for (std::size_t i = 0; i < n.ports.size(); ++i) {
        const GraphPort& p = n.ports[i];
        out.append(QVariantMap{{"name", QString::fromStdString(p.name)},
                               {"protocol", QString::fromStdString(p.protocol)},
                               {"port", qint64(p.port)},
                               {"hostname", QString::fromStdString(p.hostname)},
                               {"tlsMode", QString::fromStdString(p.tlsMode)},
                               {"allowedFrom", QString::fromStdString(p.allowedFrom)},
                               {"attachedRoutes", qint64(p.attachedRoutes)},
                               {"health", QString::fromLatin1(toString(p.health))},
                               {"centerY", GraphScene::portCenter(i)}});
    }
    return out;
}

// Every request goes through exactly one route: a group's traffic is its routes' sum.
bool isRouteId(const std::string& id)
{
    const std::string kind = id.substr(0, id.find('/'));
    return kind.size() > 5 && kind.ends_with("route");
}

}  // namespace

NodeTraffic NodeListModel::trafficOf(const GraphNode& n) const
{
    if (!traffic_)
        return {};
    if (n.members.empty()) {
        const NodeTraffic* t = traffic_(n.id);
        return t ? *t : NodeTraffic{};
    }
    // A collapsed group: what its routes carry; with no route in it (backends only), its nodes.
    std::vector<const NodeTraffic*> parts;
    for (const std::string& id : n.members)
        if (isRouteId(id))
            parts.push_back(traffic_(id));
    if (parts.empty())
        for (const std::string& id : n.members)
            parts.push_back(traffic_(id));
    return sumTraffic(parts);
}

bool NodeListModel::carriesRequests(const GraphNode& n) { return isRouteId(n.id) || n.kind == "Routes"; }

NodeListModel::NodeListModel(const GraphScene& scene, QObject* parent)
    : QAbstractListModel(parent), scene_(scene), editable_([](const GraphNode&) { return true; }),
      matched_([](const std::string&) { return true; })
{
}

int NodeListModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(scene_.nodes().size()); }

QVariant NodeListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const GraphNode& n = scene_.nodes()[std::size_t(index.row())];
    const Rect& g = scene_.geometry(std::size_t(index.row()));
    switch (role) {
    case Qt::DisplayRole:
    case NameRole: return QString::fromStdString(n.name);
    case IdRole: return QString::fromStdString(n.id);
    case KindRole: return QString::fromStdString(n.kind);
    case NamespaceRole: return QString::fromStdString(n.ns);
    case SubtitleRole: return QString::fromStdString(n.subtitle);
    case HealthRole: return QString::fromLatin1(toString(n.health));
    case ProblemRole: return QString::fromStdString(n.problem);
    case XRole: return g.x;
    case YRole: return g.y;
    case WidthRole: return g.width;
    case HeightRole: return g.height;
    case PortsRole: return portsOf(n);
    case MissingRole: return !n.objectIndex.has_value() && n.members.empty();
    case PinnedRole: return pinned_ && pinned_(n.id);
    case MemberCountRole: return int(n.members.size());
    case EditableRole: return n.objectIndex.has_value() && editable_(n);
    case ClusterMarkRole: return clusterMark_ ? clusterMark_(n.id) : QString();
    case FaultsRole: return faults_ ? faults_(n) : QString();
    case MatchedRole: return matched_(n.id);
    case RateRole:
    case TrafficTextRole: {
        const NodeTraffic t = trafficOf(n);
        if (role == RateRole)
            return t.rate;
        return QString::fromStdString(t.text);
    }
    default: return {};
    }
}

QHash<int, QByteArray> NodeListModel::roleNames() const
{
    return {{IdRole, "nodeId"},
            {KindRole, "kind"},
            {NameRole, "name"},
            {NamespaceRole, "ns"},
            {SubtitleRole, "subtitle"},
            {HealthRole, "health"},
            {ProblemRole, "problem"},
            {XRole, "nodeX"},
            {YRole, "nodeY"},
            {WidthRole, "nodeWidth"},
            {HeightRole, "nodeHeight"},
            {PortsRole, "ports"},
            {MissingRole, "missing"},
            {EditableRole, "editable"},
            {MatchedRole, "matched"},
            {RateRole, "rate"},
            {TrafficTextRole, "trafficText"},
            {ClusterMarkRole, "clusterMark"},
            {FaultsRole, "faults"},
            {PinnedRole, "pinned"},
            {MemberCountRole, "memberCount"}};
}

void NodeListModel::setClusterMark(std::function<QString(const std::string&)> mark)
{
    clusterMark_ = std::move(mark);
    clusterMarksChanged();
}

void NodeListModel::clusterMarksChanged()
{
    if (rowCount() > 0)
        emit dataChanged(index(0), index(rowCount() - 1), {ClusterMarkRole});
}

void NodeListModel::clusterMarkChanged(const std::string& id)
{
    const auto& nodes = scene_.nodes();
    for (std::size_t row = 0; row < nodes.size(); ++row)
        if (nodes[row].id == id) {
            emit dataChanged(index(int(row)), index(int(row)), {ClusterMarkRole});
            return;
        }
}

void NodeListModel::pinsChanged()
{
    if (rowCount() > 0)
        emit dataChanged(index(0), index(rowCount() - 1), {PinnedRole});
}

void NodeListModel::setTraffic(std::function<const NodeTraffic*(const std::string&)> traffic)
{
    traffic_ = std::move(traffic);
    trafficChanged();
}

void NodeListModel::trafficChanged()
{
    if (rowCount() > 0)
        emit dataChanged(index(0), index(rowCount() - 1), {RateRole, TrafficTextRole});
}

void NodeListModel::beginRefresh(bool reset)
{
    resetting_ = reset;
    if (reset)
        beginResetModel();
}

void NodeListModel::endRefresh()
{
    if (resetting_)
        endResetModel();
    else if (rowCount() > 0)
        emit dataChanged(index(0), index(rowCount() - 1));
    resetting_ = false;
}

void NodeListModel::nodeMoved(int row)
{
    if (row >= 0 && row < rowCount())
        emit dataChanged(index(row), index(row), {XRole, YRole});
}

void NodeListModel::positionsChanged()
{
    if (rowCount() > 0)
        emit dataChanged(index(0), index(rowCount() - 1), {XRole, YRole});
}

void NodeListModel::setEditable(std::function<bool(const GraphNode&)> editable)
{
    editable_ = std::move(editable);
    if (rowCount() > 0)
        emit dataChanged(index(0), index(rowCount() - 1), {EditableRole});
}

void NodeListModel::setMatcher(std::function<bool(const std::string&)> matched)
{
    matched_ = std::move(matched);
    if (rowCount() > 0)
        emit dataChanged(index(0), index(rowCount() - 1), {MatchedRole});
}

}  // namespace gs::gui

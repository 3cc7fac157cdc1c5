#include "edge_list_model.h"

namespace gs::gui {

EdgeListModel::EdgeListModel(const GraphScene& scene, QObject* parent) : QAbstractListModel(parent), scene_(scene) {}

int EdgeListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(scene_.edges().size());
}

QVariant EdgeListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const GraphEdge& e = scene_.edges()[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
    case IdRole: return QString::fromStdString(e.id);
    case KindRole: return QString::fromLatin1(toString(e.kind));
    case FromRole: return QString::fromStdString(e.from);
    case ToRole: return QString::fromStdString(e.to);
    case FromPortRole: return QString::fromStdString(e.fromPort.empty() ? e.toPort : e.fromPort);
    case LabelRole: return QString::fromStdString(e.label);
    case HealthRole: return QString::fromLatin1(toString(e.health));
    case WeightRole: return qint64(e.weight);
    case RuleIndexRole: return e.ruleIndex;
    case RefIndexRole: return e.refIndex;
    case X1Role: return scene_.edgeStart(e).x;
    case Y1Role: return scene_.edgeStart(e).y;
    case X2Role: return scene_.edgeEnd(e).x;
    case Y2Role: return scene_.edgeEnd(e).y;
    case MatchedRole: return matched_(e.from) && matched_(e.to);
    case TlsRole: return QString::fromStdString(e.tls);
    default: break;
    }
    const EdgeTraffic* t = traffic_ ? traffic_(e.id) : nullptr;
    switch (role) {
    case RateRole: return t ? t->rate : 0.0;
    case ErrorShareRole: return t ? t->errorShare : 0.0;
    case ObservedRole: return t ? t->observedPct : -1.0;
    case ConfiguredRole: return t ? t->configuredPct : -1.0;
    case TrafficTextRole: return t ? QString::fromStdString(t->text) : QString();
    default: return {};
    }
}

QHash<int, QByteArray> EdgeListModel::roleNames() const
{
    return {{IdRole, "edgeId"}, {KindRole, "kind"},     {FromRole, "fromId"},        {ToRole, "toId"},
            {FromPortRole, "port"}, {LabelRole, "label"}, {HealthRole, "health"},    {WeightRole, "weight"},
            {RuleIndexRole, "ruleIndex"}, {RefIndexRole, "refIndex"}, {X1Role, "x1"}, {Y1Role, "y1"},
            {X2Role, "x2"}, {Y2Role, "y2"}, {MatchedRole, "matched"},
            {RateRole, "rate"}, {ErrorShareRole, "errorShare"}, {ObservedRole, "observedPct"},
            {ConfiguredRole, "configuredPct"}, {TrafficTextRole, "trafficText"}, {TlsRole, "tls"}};
}

void EdgeListModel::setTraffic(std::function<const EdgeTraffic*(const std::string&)> traffic)
{
    traffic_ = std::move(traffic);
    trafficChanged();
}

void EdgeListModel::trafficChanged()
{
    if (rowCount() > 0)
        emit dataChanged(index(0), index(rowCount() - 1),
                         {RateRole, ErrorShareRole, ObservedRole, ConfiguredRole, TrafficTextRole});
}

void EdgeListModel::beginRefresh(bool reset)
{
    resetting_ = reset;
    if (reset)
        beginResetModel();
}

void EdgeListModel::endRefresh()
{
    if (resetting_)
        endResetModel();
    else if (rowCount() > 0)
        emit dataChanged(index(0), index(rowCount() - 1));
    resetting_ = false;
}

void EdgeListModel::nodeMoved(const std::string& nodeId)
{
    const auto& edges = scene_.edges();
    for (std::size_t i = 0; i < edges.size(); ++i)
        if (edges[i].from == nodeId || edges[i].to == nodeId)
            emit dataChanged(index(int(i)), index(int(i)), {X1Role, Y1Role, X2Role, Y2Role});
}

void EdgeListModel::positionsChanged()
{
    if (rowCount() > 0)
        emit dataChanged(index(0), index(rowCount() - 1), {X1Role, Y1Role, X2Role, Y2Role});
}

void EdgeListModel::setMatcher(std::function<bool(const std::string&)> matched)
{
    matched_ = std::move(matched);
    if (rowCount() > 0)
        emit dataChanged(index(0), index(rowCount() - 1), {MatchedRole});
}

GroupListModel::GroupListModel(const GraphScene& scene, QObject* parent) : QAbstractListModel(parent), scene_(scene)
{
}

int GroupListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(names_.size());
}

QVariant GroupListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (std::size_t(index.row()) >= scene_.groups().size())
        return {};
    const NamespaceGroup& g = scene_.groups()[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
    case NameRole: return QString::fromStdString(g.name);
    case XRole: return g.box.x;
    case YRole: return g.box.y;
    case WidthRole: return g.box.width;
    case HeightRole: return g.box.height;
    default: return {};
    }
}

QHash<int, QByteArray> GroupListModel::roleNames() const
{
    return {{NameRole, "name"}, {XRole, "boxX"}, {YRole, "boxY"}, {WidthRole, "boxWidth"}, {HeightRole, "boxHeight"}};
}

void GroupListModel::refresh()
{
    std::vector<std::string> names;
    for (const NamespaceGroup& g : scene_.groups())
        names.push_back(g.name);
    if (names != names_) {
        beginResetModel();
        names_ = std::move(names);
        endResetModel();
    } else if (!names_.empty()) {
        emit dataChanged(index(0), index(rowCount() - 1));
    }
}

}  // namespace gs::gui

#include "split_list_model.h"

namespace gs::gui {

namespace {

bool sameShape(const std::vector<SplitRule>& a, const std::vector<SplitRule>& b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i].routeId != b[i].routeId || a[i].ruleIndex != b[i].ruleIndex || a[i].backends.size() != b[i].backends.size())
            return false;
        for (std::size_t k = 0; k < a[i].backends.size(); ++k)
            if (a[i].backends[k].edgeId != b[i].backends[k].edgeId)
                return false;
    }
    return true;
}

QVariantMap backendMap(const SplitBackend& b)
{
    return {{"edgeId", QString::fromStdString(b.edgeId)},
            {"name", QString::fromStdString(b.name)},
            {"weight", qint64(b.weight)},
            {"configuredPct", b.configuredPct},
            {"observedPct", b.observedPct},
            {"count", quint64(b.count)},
            {"rate", b.rate},
            {"errorShare", b.errorShare}};
}

}  // namespace

int SplitListModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(rules_.size()); }

QVariant SplitListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SplitRule& r = rules_[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
    case RouteIdRole: return QString::fromStdString(r.routeId);
    case RouteNameRole: return QString::fromStdString(r.routeName);
    case RuleIndexRole: return r.ruleIndex;
    case DriftRole: return QString::fromStdString(r.drift);
    case TotalRole: {
        quint64 total = 0;
        for (const SplitBackend& b : r.backends)
            total += b.count;
        return total;
    }
    case BackendsRole: {
        QVariantList out;
        for (const SplitBackend& b : r.backends)
            out.push_back(backendMap(b));
        return out;
    }
    case HistoryRole: {
        // One list per backend of requests per second, oldest first.
        QVariantList out;
        for (const SplitBackend& b : r.backends) {
            QVariantList h;
            h.reserve(qsizetype(b.history.size()));
            for (std::uint32_t v : b.history)
                h.push_back(v);
            out.push_back(h);
        }
        return out;
    }
    default: return {};
    }
}

QHash<int, QByteArray> SplitListModel::roleNames() const
{
    return {{RouteIdRole, "routeId"}, {RouteNameRole, "routeName"}, {RuleIndexRole, "ruleIndex"}, {BackendsRole, "backends"},
            {DriftRole, "drift"},     {TotalRole, "total"},         {HistoryRole, "history"}};
}

void SplitListModel::setRules(std::vector<SplitRule> rules)
{
    if (sameShape(rules_, rules)) {
        rules_ = std::move(rules);
        if (!rules_.empty())
            emit dataChanged(index(0), index(rowCount() - 1));
        return;
    }
    beginResetModel();
    rules_ = std::move(rules);
    endResetModel();
    emit countChanged();
}

void SplitListModel::updateTraffic(const std::vector<SplitRule>& rules, bool history)
{
    if (!sameShape(rules_, rules)) {
        setRules(rules);
        return;
    }
    rules_ = rules;
    if (rules_.empty())
        return;
    QList<int> roles{BackendsRole, DriftRole, TotalRole};
    if (history)
        roles.push_back(HistoryRole);
    emit dataChanged(index(0), index(rowCount() - 1), roles);
}

}  // namespace gs::gui

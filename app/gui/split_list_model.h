#pragma once
// The weighted rules of the open document (rules with two or more backendRefs), each with its
// configured shares next to the shares the local gateway observed over a sliding window, a drift
// warning, and the last minutes of the split second by second. Rows are rebuilt when the document
// reloads; the traffic roles change on every poll.

#include <QAbstractListModel>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <string>
#include <vector>

namespace gs::gui {

struct SplitBackend {
    std::string edgeId;  // "httproute/ns/route/rule/0/backend/1", the stats name too
    std::string name;  // the Service's name
    std::int64_t weight = 1;
    double configuredPct = 0;
    double observedPct = -1;  // -1 until requests arrive
    std::uint64_t count = 0;  // requests in the share window
    double rate = 0;
    double errorShare = 0;
    std::vector<std::uint32_t> history;  // requests per second, oldest first
};

struct SplitRule {
    std::string routeId;  // node id "httproute/ns/route"
    std::string routeName;
    int ruleIndex = 0;
    std::vector<SplitBackend> backends;
    std::string drift;  // "" when the observed split agrees
};

class SplitListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Splits belong to a LiveGateway")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
public:
    enum Role { RouteIdRole = Qt::UserRole + 1, RouteNameRole, RuleIndexRole, BackendsRole, DriftRole, TotalRole, HistoryRole };
    Q_ENUM(Role)

    explicit SplitListModel(QObject* parent = nullptr) : QAbstractListModel(parent) { }

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // New rows (after a reload): a reset when the set of rules or backends changed.
    void setRules(std::vector<SplitRule> rules);
    // The same rules with fresh traffic; `history` also refreshes the strips (once a second).
    void updateTraffic(const std::vector<SplitRule>& rules, bool history);
    const std::vector<SplitRule>& rules() const { return rules_; }

signals:
    void countChanged();

private:
    std::vector<SplitRule> rules_;
};

}  // namespace gs::gui

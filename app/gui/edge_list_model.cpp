#include "edge_list_model.h"

#include <QFont>
#include <QFontMetricsF>
#include <QGuiApplication>

#include <cmath>
#include <unordered_map>

namespace gs::gui {

namespace {

constexpr double kChipHeight = 18;  // EdgeLabel.qml
constexpr double kBadgeHeight = 14;
constexpr double kWidthStep = 12;  // widths are rounded up to this

// The width of a label's bold text (GUI thread only). Live labels change at 10 Hz on thousands of
// edges: the text is summed from each character's advance, read once from the font, with no
// string built; characters outside the table are measured by the font.
class TextWidths {
public:
    explicit TextWidths(int pixelSize)
    {
        font_ = QGuiApplication::font();
        font_.setPixelSize(pixelSize);
        font_.setBold(true);
        const QFontMetricsF metrics(font_);
        for (char32_t c = 0; c < kTable; ++c)
            advance_[c] = metrics.horizontalAdvance(QString::fromUcs4(&c, 1));
    }
    double of(std::string_view utf8) const
    {
        double width = 0;
        for (std::size_t i = 0; i < utf8.size();) {
            char32_t c = 0;
            const auto lead = static_cast<unsigned char>(utf8[i]);
            const int length = lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
            c = length == 1 ? lead : lead & (0x3f >> (length - 1));
            for (int k = 1; k < length && i + std::size_t(k) < utf8.size(); ++k)
                c = (c << 6) | (static_cast<unsigned char>(utf8[i + std::size_t(k)]) & 0x3f);
            i += std::size_t(length);
            width += c < kTable ? advance_[c] : other(c);
        }
        return width;
    }

private:
    double other(char32_t c) const
    {
        auto [it, fresh] = others_.try_emplace(c, 0.0);
        if (fresh)
            it->second = QFontMetricsF(font_).horizontalAdvance(QString::fromUcs4(&c, 1));
        return it->second;
    }

    static constexpr char32_t kTable = 0x180;  // ASCII and Latin-1 (the middle dot); arrows go to others_
    QFont font_;
    double advance_[kTable];
    mutable std::unordered_map<char32_t, double> others_;
};

double textWidth(std::string_view text, int pixelSize)
{
    if (!qobject_cast<QGuiApplication*>(QCoreApplication::instance()))
        return 6.5 * double(text.size()) * pixelSize / 10.0;  // no fonts without a GUI application: an estimate
    static const TextWidths chip(10), badge(9);
    return (pixelSize == 10 ? chip : badge).of(text);
}

const QList<int>& labelRoles()
{
    static const QList<int> roles{EdgeListModel::ChipXRole,       EdgeListModel::ChipYRole,       EdgeListModel::ChipLeaderRole,
                                  EdgeListModel::ChipAnchorXRole, EdgeListModel::ChipAnchorYRole, EdgeListModel::BadgeXRole,
                                  EdgeListModel::BadgeYRole};
    return roles;
}

double roundedUp(double width) { return std::ceil(width / kWidthStep) * kWidthStep; }

QString badgeText(const std::string& tls)
{
    return tls == "passthrough" ? QStringLiteral("TLS ⇢") : tls == "reencrypt" ? QStringLiteral("re-TLS") : QStringLiteral("TLS");
}

}  // namespace

QString EdgeListModel::chipText(const GraphEdge& e) const
{
    const EdgeTraffic* t = trafficOf(e);
    return t && !t->text.empty() ? QString::fromStdString(t->text) : QString::fromStdString(e.label);
}

double EdgeListModel::chipWidth(std::string_view text) { return text.empty() ? 0 : roundedUp(textWidth(text, 10) + 12); }

double EdgeListModel::badgeWidth(const std::string& tls)
{
    return tls.empty() ? 0 : textWidth(badgeText(tls).toStdString(), 9) + 8;
}

bool EdgeListModel::refreshWidths()
{
    const auto& edges = scene_.edges();
    if (texts_.size() != edges.size()) {
        texts_.assign(edges.size(), std::string("\x01"));  // no text is that: every row is measured
        widths_.assign(2 * edges.size(), -1);
    }
    bool changed = false;
    for (std::size_t i = 0; i < edges.size(); ++i) {
        const EdgeTraffic* t = trafficOf(edges[i]);
        const std::string& text = t && !t->text.empty() ? t->text : edges[i].label;
        if (text == texts_[i] && widths_[2 * i + 1] >= 0)
            continue;
        texts_[i] = text;
        const double chip = chipWidth(text), badge = badgeWidth(edges[i].tls);
        changed = changed || chip != widths_[2 * i] || badge != widths_[2 * i + 1];
        widths_[2 * i] = chip;
        widths_[2 * i + 1] = badge;
    }
    return changed;
}

void EdgeListModel::relayoutLabels()
{
    relayoutTimer_.stop();
    refreshWidths();
    std::vector<LabelRequest> requests;
    const auto& edges = scene_.edges();
    const bool sameRows = chips_.size() == edges.size();
    for (std::size_t i = 0; i < edges.size(); ++i) {
        const Curve curve{scene_.edgeStart(edges[i]), scene_.edgeEnd(edges[i])};
        const EdgeTraffic* t = trafficOf(edges[i]);
        if (widths_[2 * i] > 0) {
            LabelRequest r{i, curve, widths_[2 * i], kChipHeight, false, t && !t->text.empty()};
            // Its previous spot, while its curve is where it was (the anchor on it has not moved).
            const Point anchor = curve.at(0.5);
            if (sameRows && chips_[i].edge == i && chips_[i].anchor.x == anchor.x && chips_[i].anchor.y == anchor.y) {
                r.hasPrevious = true;
                r.previous = chips_[i].centre;
                r.previousLeader = chips_[i].leader;
            }
            requests.push_back(r);
        }
        if (widths_[2 * i + 1] > 0) {
            LabelRequest r{i, curve, widths_[2 * i + 1], kBadgeHeight, true, false};
            const Point anchor = curve.at(0.25);
            if (sameRows && badges_[i].edge == i && badges_[i].anchor.x == anchor.x && badges_[i].anchor.y == anchor.y) {
                r.hasPrevious = true;
                r.previous = badges_[i].centre;
            }
            requests.push_back(r);
        }
    }
    std::vector<LabelSpot> chips(edges.size()), badges(edges.size());
    for (std::size_t i = 0; i < edges.size(); ++i)
        chips[i].edge = badges[i].edge = std::size_t(-1);
    for (const LabelSpot& s : placeLabels(requests, canvasObstacles(scene_)))
        (s.badge ? badges : chips)[s.edge] = s;
    auto same = [](const LabelSpot& a, const LabelSpot& b) {
        return a.edge == b.edge && a.centre.x == b.centre.x && a.centre.y == b.centre.y && a.leader == b.leader &&
            a.anchor.x == b.anchor.x && a.anchor.y == b.anchor.y;
    };
    std::vector<int> changed;
    for (std::size_t i = 0; i < edges.size(); ++i)
        if (!sameRows || !same(chips[i], chips_[i]) || !same(badges[i], badges_[i]))
            changed.push_back(int(i));
    chips_ = std::move(chips);
    badges_ = std::move(badges);
    if (resetting_)
        return;  // the reset tells the views
    // One dataChanged per run of changed rows.
    for (std::size_t a = 0; a < changed.size();) {
        std::size_t b = a;
        while (b + 1 < changed.size() && changed[b + 1] == changed[b] + 1)
            ++b;
        emit dataChanged(index(changed[a]), index(changed[b]), labelRoles());
        a = b + 1;
    }
}

void EdgeListModel::scheduleRelayout()
{
    if (!relayoutTimer_.isActive())
        relayoutTimer_.start();
}

EdgeListModel::EdgeListModel(const GraphScene& scene, QObject* parent) : QAbstractListModel(parent), scene_(scene)
{
    // While a node is dragged, its edges' labels follow a few times a second, not every frame.
    relayoutTimer_.setSingleShot(true);
    relayoutTimer_.setInterval(60);
    connect(&relayoutTimer_, &QTimer::timeout, this, &EdgeListModel::relayoutLabels);
}

int EdgeListModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(scene_.edges().size()); }

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
    const std::size_t row = std::size_t(index.row());
    if (row < chips_.size()) {
        const LabelSpot& chip = chips_[row];
        const LabelSpot& badge = badges_[row];
        switch (role) {
        case ChipXRole: return chip.centre.x;
        case ChipYRole: return chip.centre.y;
        case ChipLeaderRole: return chip.leader;
        case ChipAnchorXRole: return chip.anchor.x;
        case ChipAnchorYRole: return chip.anchor.y;
        case BadgeXRole: return badge.centre.x;
        case BadgeYRole: return badge.centre.y;
        default: break;
        }
    }
    const EdgeTraffic* t = trafficOf(e);
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
    return {{IdRole, "edgeId"},
            {KindRole, "kind"},
            {FromRole, "fromId"},
            {ToRole, "toId"},
            {FromPortRole, "port"},
            {LabelRole, "label"},
            {HealthRole, "health"},
            {WeightRole, "weight"},
            {RuleIndexRole, "ruleIndex"},
            {RefIndexRole, "refIndex"},
            {X1Role, "x1"},
            {Y1Role, "y1"},
            {X2Role, "x2"},
            {Y2Role, "y2"},
            {MatchedRole, "matched"},
            {RateRole, "rate"},
            {ErrorShareRole, "errorShare"},
            {ObservedRole, "observedPct"},
            {ConfiguredRole, "configuredPct"},
            {TrafficTextRole, "trafficText"},
            {TlsRole, "tls"},
            {ChipXRole, "chipX"},
            {ChipYRole, "chipY"},
            {ChipLeaderRole, "chipLeader"},
            {ChipAnchorXRole, "chipAnchorX"},
            {ChipAnchorYRole, "chipAnchorY"},
            {BadgeXRole, "badgeX"},
            {BadgeYRole, "badgeY"}};
}

void EdgeListModel::setTraffic(std::function<const EdgeTraffic*(const std::string&)> traffic)
{
    traffic_ = std::move(traffic);
    trafficChanged();
}

const EdgeTraffic* EdgeListModel::trafficOf(const GraphEdge& e) const
{
    if (e.members.empty())
        return traffic_ ? traffic_(e.id) : nullptr;
    const auto it = sums_.find(e.id);
    return it == sums_.end() ? nullptr : &it->second;
}

void EdgeListModel::sumGroups()
{
    sums_.clear();
    if (!traffic_)
        return;
    for (const GraphEdge& e : scene_.edges()) {
        if (e.members.empty())
            continue;
        std::vector<const EdgeTraffic*> parts;
        for (const std::string& id : e.members)
            parts.push_back(traffic_(id));
        sums_[e.id] = sumTraffic(parts);
    }
}

void EdgeListModel::trafficChanged()
{
    sumGroups();
    if (rowCount() == 0)
        return;
    emit dataChanged(index(0), index(rowCount() - 1), {RateRole, ErrorShareRole, ObservedRole, ConfiguredRole, TrafficTextRole});
    // Live text that needs a wider box (or none) is placed again; a digit changing is not.
    if (!labelsShown_)
        labelsStale_ = true;
    else if (refreshWidths())
        relayoutLabels();
}

void EdgeListModel::setLabelsShown(bool shown)
{
    if (shown == labelsShown_)
        return;
    labelsShown_ = shown;
    if (shown && labelsStale_) {
        labelsStale_ = false;
        if (refreshWidths())
            relayoutLabels();
    }
    emit labelsShownChanged();
}

void EdgeListModel::beginRefresh(bool reset)
{
    resetting_ = reset;
    if (reset)
        beginResetModel();
}

void EdgeListModel::endRefresh()
{
    sumGroups();
    texts_.clear();  // a new graph: every label is measured again
    relayoutLabels();  // during a reset: the reset tells the views
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
    // A moved node may now stand where other edges' labels are.
    scheduleRelayout();
}

void EdgeListModel::positionsChanged()
{
    if (rowCount() > 0)
        emit dataChanged(index(0), index(rowCount() - 1), {X1Role, Y1Role, X2Role, Y2Role});
    scheduleRelayout();
}

void EdgeListModel::setMatcher(std::function<bool(const std::string&)> matched)
{
    matched_ = std::move(matched);
    if (rowCount() > 0)
        emit dataChanged(index(0), index(rowCount() - 1), {MatchedRole});
}

GroupListModel::GroupListModel(const GraphScene& scene, QObject* parent) : QAbstractListModel(parent), scene_(scene) { }

int GroupListModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(names_.size()); }

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
    case ObjectsRole: return int(g.objects);
    case ProblemsRole: return int(g.problems);
    case RateRole: return std::size_t(index.row()) < rates_.size() ? rates_[std::size_t(index.row())] : 0.0;
    default: return {};
    }
}

QHash<int, QByteArray> GroupListModel::roleNames() const
{
    return {{NameRole, "name"},         {XRole, "boxX"},           {YRole, "boxY"},
            {WidthRole, "boxWidth"},    {HeightRole, "boxHeight"}, {ObjectsRole, "objects"},
            {ProblemsRole, "problems"}, {RateRole, "rate"}};
}

void GroupListModel::setRates(std::function<double(const GraphNode&)> rateOf)
{
    std::map<std::string, double> byName;
    for (const GraphNode& n : scene_.nodes())
        if (!n.ns.empty())
            byName[n.ns] += rateOf(n);
    std::vector<double> rates;
    for (const NamespaceGroup& g : scene_.groups())
        rates.push_back(byName[g.name]);
    if (rates == rates_)
        return;
    rates_ = std::move(rates);
    if (!names_.empty())
        emit dataChanged(index(0), index(rowCount() - 1), {RateRole});
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

#include "document_filter.h"

#include <QRegularExpression>

#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "edge_list_model.h"
#include "graph_scene.h"
#include "node_list_model.h"

namespace gs::gui {

DocumentFilter::DocumentFilter(const GraphScene& scene, NodeListModel& nodes, EdgeListModel& edges, QObject* parent)
    : QObject(parent), scene_(scene), nodes_(nodes), edges_(edges)
{
}

void DocumentFilter::setText(const QString& text)
{
    if (text == text_)
        return;
    text_ = text;
    update();
}

void DocumentFilter::setOnlyProblems(bool only)
{
    if (only == onlyProblems_)
        return;
    onlyProblems_ = only;
    update();
}

void DocumentFilter::setFocus(const QString& nodeId)
{
    if (nodeId == focus_)
        return;
    focus_ = nodeId;
    update();
}

namespace {

// The node and every node on a path through it: upstream (what sends to it: listeners, classes,
// Secrets) and downstream (where it sends: routes, backends), never sideways.
std::set<std::string> neighbourhoodOf(const std::string& id, const std::vector<GraphEdge>& edges)
{
    std::unordered_map<std::string_view, std::vector<std::string_view>> next[2];  // downstream, upstream
    for (const GraphEdge& e : edges) {
        next[0][e.from].push_back(e.to);
        next[1][e.to].push_back(e.from);
    }
    std::set<std::string> out{id};
    for (const auto& direction : next) {
        std::vector<std::string_view> queue{id};
        std::unordered_set<std::string_view> seen{id};
        while (!queue.empty()) {
            const std::string_view at = queue.back();
            queue.pop_back();
            const auto it = direction.find(at);
            if (it == direction.end())
                continue;
            for (const std::string_view to : it->second)
                if (seen.insert(to).second) {
                    queue.push_back(to);
                    out.emplace(to);
                }
        }
    }
    return out;
}

}  // namespace

void DocumentFilter::update()
{
    if (!focus_.isEmpty() && scene_.indexOf(focus_.toStdString()) < 0)
        focus_.clear();  // the node is gone (deleted, renamed, collapsed)
    const std::set<std::string> focused =
        focus_.isEmpty() ? std::set<std::string>{} : neighbourhoodOf(focus_.toStdString(), scene_.edges());
    const QStringList words = text_.toLower().split(QRegularExpression("\\s+"), Qt::SkipEmptyParts);
    std::set<std::string> matched;
    for (const GraphNode& n : scene_.nodes()) {
        const QString id = QString::fromStdString(n.id);
        const bool text = std::all_of(words.begin(), words.end(), [&](const QString& w) { return id.contains(w); });
        const bool problem = n.health == Health::Error || n.health == Health::Warning;
        if (text && (!onlyProblems_ || problem) && (focus_.isEmpty() || focused.count(n.id)))
            matched.insert(n.id);
    }
    if (onlyProblems_) {
        // Keep the neighbours of what has a problem in sight: the cause is often next door.
        const std::set<std::string> core = matched;
        for (const GraphEdge& e : scene_.edges()) {
            if (core.count(e.from))
                matched.insert(e.to);
            if (core.count(e.to))
                matched.insert(e.from);
        }
    }
    auto shared = std::make_shared<const std::set<std::string>>(std::move(matched));
    matched_ = shared;
    const bool all = words.isEmpty() && !onlyProblems_ && focus_.isEmpty();
    auto matcher = [shared, all](const std::string& id) { return all || shared->count(id) > 0; };
    nodes_.setMatcher(matcher);
    edges_.setMatcher(matcher);
    emit changed();
}

QRectF DocumentFilter::matchedBounds() const
{
    QRectF box;
    for (std::size_t i = 0; i < scene_.nodes().size(); ++i) {
        if (!matched_->count(scene_.nodes()[i].id))
            continue;
        const Rect& g = scene_.geometry(i);
        box = box.united(QRectF(g.x, g.y, g.width, g.height));
    }
    return box;
}

QString DocumentFilter::singleMatch() const
{
    return matched_->size() == 1 ? QString::fromStdString(*matched_->begin()) : QString();
}

}  // namespace gs::gui

#include "graph_scene.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "graph_placement.h"

namespace gs::gui {

double GraphScene::heightOf(const GraphNode& n)
{
    return kHeaderHeight + kPortHeight * double(n.ports.size()) + (n.ports.empty() ? 0 : 6);
}

std::vector<LayoutNode> GraphScene::layoutNodes() const
{
    std::vector<LayoutNode> out;
    // Each node is laid out with the margin of its namespace box around it, so that the boxes drawn
    // around the nodes (updateGroups) do not overlap; fromLayout() takes the margin off again.
    for (const GraphNode& n : graph_.nodes)
        out.push_back({n.id, kNodeWidth + 2 * kGroupPadding, heightOf(n) + 2 * kGroupPadding + kGroupLabelHeight, n.ns});
    return out;
}

Positions GraphScene::fromLayout(const Positions& layout)
{
    Positions out;
    for (const auto& [id, xy] : layout)
        out[id] = {xy.first + kGroupPadding, xy.second + kGroupPadding + kGroupLabelHeight};
    return out;
}

std::vector<LayoutEdge> GraphScene::layoutEdges() const
{
    std::vector<LayoutEdge> out;
    for (const GraphEdge& e : graph_.edges)
        out.push_back({e.from, e.to});
    return out;
}

Positions GraphScene::placeNew(const Positions& positions, const Positions& wanted) const
{
    std::vector<PlacementNode> nodes;
    for (const GraphNode& n : graph_.nodes)
        nodes.push_back({n.id, n.ns, kNodeWidth, heightOf(n)});
    Positions placed;
    for (const GraphNode& n : graph_.nodes)
        if (auto it = positions.find(n.id); it != positions.end())
            placed.insert(*it);
    PlacementMetrics metrics;
    metrics.groupPadding = kGroupPadding;
    metrics.groupLabel = kGroupLabelHeight;
    return placeNewNodes(nodes, layoutEdges(), placed, wanted, metrics);
}

bool GraphScene::setGraph(Graph graph, Positions& positions, const Positions& wanted, double aspect)
{
    std::vector<std::string> before;
    for (const GraphNode& n : graph_.nodes)
        before.push_back(n.id);
    graph_ = std::move(graph);
    index_.clear();
    geometry_.assign(graph_.nodes.size(), Rect{});
    std::vector<std::string> after;
    std::size_t missing = 0;
    for (std::size_t i = 0; i < graph_.nodes.size(); ++i) {
        const GraphNode& n = graph_.nodes[i];
        index_[n.id] = i;
        after.push_back(n.id);
        missing += positions.count(n.id) ? 0 : 1;
    }
    if (missing == graph_.nodes.size() && wanted.empty()) {
        // Nothing placed yet (a file opened without its workspace): the layout of the whole graph.
        const LayoutJob job = layoutJob({}, aspect);
        for (const auto& [id, xy] : job.placed(job.run()))
            positions.try_emplace(id, xy);
    } else if (missing > 0) {
        for (const auto& [id, xy] : placeNew(positions, wanted))
            positions.try_emplace(id, xy);
    }
    for (std::size_t i = 0; i < graph_.nodes.size(); ++i) {
        const auto& xy = positions[graph_.nodes[i].id];
        geometry_[i] = {xy.first, xy.second, kNodeWidth, heightOf(graph_.nodes[i])};
    }
    updateGroups();
    return before != after;
}

GraphScene::LayoutJob GraphScene::layoutJob(const std::set<std::string>& pinned, double aspect) const
{
    LayoutJob job{layoutNodes(), layoutEdges(), {}, {}, {}};
    job.options.aspect = aspect;
    for (std::size_t i = 0; i < graph_.nodes.size(); ++i) {
        const GraphNode& n = graph_.nodes[i];
        job.placement.push_back({n.id, n.ns, kNodeWidth, heightOf(n)});
        if (pinned.count(n.id))
            job.pinned[n.id] = {geometry_[i].x, geometry_[i].y};
    }
    return job;
}

Positions GraphScene::LayoutJob::placed(const Positions& raw) const
{
    Positions laid = fromLayout(raw);
    if (!pinned.empty()) {
        const auto& [anchor, at] = *pinned.begin();
        if (const auto it = laid.find(anchor); it != laid.end()) {
            const double dx = at.first - it->second.first, dy = at.second - it->second.second;
            for (auto& [id, xy] : laid)
                xy = {xy.first + dx, xy.second + dy};
        }
    }
    // The pinned nodes where they are; the others where the drawing puts them, unless on a
    // pinned one (or its margin): those are placed again, near there.
    Positions kept = pinned, again;
    std::vector<Rect> taken;  // the pinned nodes with their margin
    std::map<std::string, const PlacementNode*> sizes;
    for (const PlacementNode& n : placement)
        sizes[n.id] = &n;
    for (const auto& [id, xy] : pinned)
        if (const auto s = sizes.find(id); s != sizes.end())
            taken.push_back({xy.first - kGroupPadding, xy.second - kGroupPadding, s->second->width + 2 * kGroupPadding,
                             s->second->height + 2 * kGroupPadding});
    for (const auto& [id, xy] : laid) {
        if (pinned.count(id))
            continue;
        const auto s = sizes.find(id);
        const Rect box{xy.first, xy.second, s == sizes.end() ? 0 : s->second->width, s == sizes.end() ? 0 : s->second->height};
        const bool onPinned = std::any_of(taken.begin(), taken.end(), [&](const Rect& t) {
            return t.x < box.x + box.width && box.x < t.x + t.width && t.y < box.y + box.height && box.y < t.y + t.height;
        });
        (onPinned ? again : kept)[id] = xy;
    }
    if (!again.empty())
        for (const auto& [id, xy] : placeNewNodes(placement, edges, kept, again))
            kept[id] = xy;
    Positions out;
    for (const auto& [id, xy] : kept)
        out[id] = {std::round(xy.first), std::round(xy.second)};
    return out;
}

void GraphScene::layoutAll(Positions& positions, const std::set<std::string>& pinned, double aspect)
{
    const LayoutJob job = layoutJob(pinned, aspect);
    const Positions layout = job.placed(job.run());
    for (std::size_t i = 0; i < graph_.nodes.size(); ++i) {
        auto it = layout.find(graph_.nodes[i].id);
        if (it == layout.end())
            continue;
        positions[it->first] = it->second;
        geometry_[i].x = it->second.first;
        geometry_[i].y = it->second.second;
    }
    updateGroups();
}

int GraphScene::indexOf(const std::string& id) const
{
    auto it = index_.find(id);
    return it == index_.end() ? -1 : int(it->second);
}

bool GraphScene::moveNode(const std::string& id, double x, double y)
{
    const int i = indexOf(id);
    if (i < 0)
        return false;
    geometry_[std::size_t(i)].x = x;
    geometry_[std::size_t(i)].y = y;
    updateGroups();
    return true;
}

void GraphScene::moveNodes(const Positions& positions)
{
    for (const auto& [id, xy] : positions)
        if (const int i = indexOf(id); i >= 0) {
            geometry_[std::size_t(i)].x = xy.first;
            geometry_[std::size_t(i)].y = xy.second;
        }
    updateGroups();
}

void GraphScene::updateGroups()
{
    std::map<std::string, NamespaceGroup> boxes;
    for (std::size_t i = 0; i < graph_.nodes.size(); ++i) {
        const GraphNode& n = graph_.nodes[i];
        if (n.ns.empty())
            continue;
        const Rect& g = geometry_[i];
        auto [it, fresh] = boxes.try_emplace(n.ns, NamespaceGroup{n.ns, g});
        NamespaceGroup& group = it->second;
        group.objects += n.members.empty() ? 1 : n.members.size();
        group.problems +=
            n.members.empty() ? (n.health == Health::Error || n.health == Health::Warning ? 1 : 0) : n.problemMembers;
        if (fresh)
            continue;
        Rect& b = group.box;
        const double right = std::max(b.x + b.width, g.x + g.width);
        const double bottom = std::max(b.y + b.height, g.y + g.height);
        b.x = std::min(b.x, g.x);
        b.y = std::min(b.y, g.y);
        b.width = right - b.x;
        b.height = bottom - b.y;
    }
    groups_.clear();
    for (auto& [name, group] : boxes) {
        const Rect b = group.box;
        group.box = {b.x - kGroupPadding, b.y - kGroupPadding - kGroupLabelHeight, b.width + 2 * kGroupPadding,
                     b.height + 2 * kGroupPadding + kGroupLabelHeight};
        groups_.push_back(std::move(group));
    }
}

Point GraphScene::anchor(const std::string& nodeId, const std::string& port, bool out) const
{
    const int i = indexOf(nodeId);
    if (i < 0)
        return {};
    const GraphNode& n = graph_.nodes[std::size_t(i)];
    const Rect& g = geometry_[std::size_t(i)];
    double y = g.y + kHeaderHeight / 2;
    for (std::size_t p = 0; p < n.ports.size(); ++p)
        if (!port.empty() && n.ports[p].name == port)
            y = g.y + portCenter(p);
    return {out ? g.x + g.width : g.x, y};
}

Point GraphScene::edgeStart(const GraphEdge& e) const { return anchor(e.from, e.fromPort, true); }
Point GraphScene::edgeEnd(const GraphEdge& e) const { return anchor(e.to, e.toPort, false); }

Rect GraphScene::bounds() const
{
    if (geometry_.empty())
        return {};
    double left = std::numeric_limits<double>::max(), top = left;
    double right = std::numeric_limits<double>::lowest(), bottom = right;
    auto extend = [&](const Rect& r) {
        left = std::min(left, r.x);
        top = std::min(top, r.y);
        right = std::max(right, r.x + r.width);
        bottom = std::max(bottom, r.y + r.height);
    };
    for (const Rect& r : geometry_)
        extend(r);
    for (const NamespaceGroup& g : groups_)
        extend(g.box);
    return {left, top, right - left, bottom - top};
}

GraphScene::Hit GraphScene::hitTest(double x, double y) const
{
    // Later nodes are drawn on top, so they win.
    for (std::size_t i = graph_.nodes.size(); i-- > 0;) {
        const Rect& g = geometry_[i];
        if (x < g.x || x > g.x + g.width || y < g.y || y > g.y + g.height)
            continue;
        const GraphNode& n = graph_.nodes[i];
        for (std::size_t p = 0; p < n.ports.size(); ++p) {
            const double top = g.y + kHeaderHeight + kPortHeight * double(p);
            if (y >= top && y < top + kPortHeight)
                return {n.id, n.ports[p].name};
        }
        return {n.id, ""};
    }
    return {};
}

}  // namespace gs::gui

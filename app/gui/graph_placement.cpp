#include "graph_placement.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <set>
#include <unordered_map>

namespace gs::gui {

namespace {

struct Box {
    double left = 0, top = 0, right = 0, bottom = 0;

    // True when the two come closer than `gap`.
    bool near(const Box& o, double gap) const
    {
        return left < o.right + gap && o.left < right + gap && top < o.bottom + gap && o.top < bottom + gap;
    }
    Box united(const Box& o) const
    {
        return {std::min(left, o.left), std::min(top, o.top), std::max(right, o.right), std::max(bottom, o.bottom)};
    }
};

constexpr double kBetweenNamespaces = 8;  // between two namespaces' boxes

// What is taken: the placed nodes, their territories (a namespaced node's share of its box) and
// each namespace's box. Nodes are indexed by a grid of cells, so a test looks at its
// neighbourhood only: placing one node costs the same in a graph of ten nodes or ten thousand.
class FreeSpace {
public:
    explicit FreeSpace(const PlacementMetrics& m) : m_(m) { }

    void add(const PlacementNode& n, double x, double y)
    {
        const Box rect{x, y, x + n.width, y + n.height};
        const Box land = territory(n.ns, rect);
        taken_.push_back({n.ns, rect, land});
        forCells(land, [&](std::int64_t key) { cells_[key].push_back(taken_.size() - 1); });
        if (n.ns.empty()) {
            clusterScoped_.push_back(land);
        } else {
            auto [it, fresh] = boxes_.try_emplace(n.ns, land);
            if (!fresh)
                it->second = it->second.united(land);
        }
        lowest_ = std::max(lowest_, n.ns.empty() ? rect.bottom : land.bottom);
        leftmost_ = std::min(leftmost_, rect.left);
    }

    // Free for `n`: no node (or its share of a box) in the way and, when `keepBoxesApart`, its
    // namespace's box grown to hold it reaches no other namespace's box and no cluster-scoped node.
    bool fits(const PlacementNode& n, double x, double y, bool keepBoxesApart = true) const
    {
        const Box rect{x, y, x + n.width, y + n.height};
        const Box land = territory(n.ns, rect);
        bool clear = true;
        forCells(land, [&](std::int64_t key) {
            const auto it = cells_.find(key);
            if (!clear || it == cells_.end())
                return;
            for (std::size_t i : it->second) {
                const Taken& t = taken_[i];
                const bool sameBox = !n.ns.empty() && t.ns == n.ns;
                if (sameBox ? t.rect.near(rect, m_.gap) : t.land.near(land, kBetweenNamespaces)) {
                    clear = false;
                    return;
                }
            }
        });
        if (!clear || !keepBoxesApart)
            return clear;
        if (n.ns.empty()) {
            for (const auto& [ns, box] : boxes_)
                if (box.near(land, kBetweenNamespaces))
                    return false;
            return true;
        }
        auto own = boxes_.find(n.ns);
        const Box grown = own == boxes_.end() ? land : own->second.united(land);
        for (const auto& [ns, box] : boxes_)
            if (ns != n.ns && box.near(grown, kBetweenNamespaces))
                return false;
        for (const Box& c : clusterScoped_)
            if (c.near(grown, kBetweenNamespaces))
                return false;
        return true;
    }

    // The box of a namespace that has nodes already.
    const Box* boxOf(const std::string& ns) const
    {
        const auto it = boxes_.find(ns);
        return it == boxes_.end() ? nullptr : &it->second;
    }
    bool empty() const { return taken_.empty(); }
    double lowest() const { return lowest_; }
    double leftmost() const { return taken_.empty() ? 0 : leftmost_; }

private:
    struct Taken {
        std::string ns;
        Box rect;
        Box land;
    };
    static constexpr double kCell = 256;

    template <typename F> void forCells(const Box& b, F&& visit) const
    {
        const double reach = std::max(m_.gap, kBetweenNamespaces) + m_.groupPadding + m_.groupLabel;
        const auto x0 = std::int64_t(std::floor((b.left - reach) / kCell)),
                   x1 = std::int64_t(std::floor((b.right + reach) / kCell));
        const auto y0 = std::int64_t(std::floor((b.top - reach) / kCell)),
                   y1 = std::int64_t(std::floor((b.bottom + reach) / kCell));
        for (auto cx = x0; cx <= x1; ++cx)
            for (auto cy = y0; cy <= y1; ++cy)
                visit((cx << 32) ^ (cy & 0xffffffff));
    }

    Box territory(const std::string& ns, const Box& r) const
    {
        if (ns.empty())
            return {r.left - m_.gap / 2, r.top - m_.gap / 2, r.right + m_.gap / 2, r.bottom + m_.gap / 2};
        return {r.left - m_.groupPadding, r.top - m_.groupPadding - m_.groupLabel, r.right + m_.groupPadding,
                r.bottom + m_.groupPadding};
    }

    const PlacementMetrics& m_;
    std::vector<Taken> taken_;
    std::unordered_map<std::int64_t, std::vector<std::size_t>> cells_;
    std::vector<Box> clusterScoped_;
    std::map<std::string, Box> boxes_;
    double lowest_ = std::numeric_limits<double>::lowest();
    double leftmost_ = std::numeric_limits<double>::max();
};

struct Neighbours {
    std::vector<std::string> in;  // edges into the node
    std::vector<std::string> out;  // edges out of it
};

// Where a node would sit beside its placed neighbours; false when it has none.
bool besideNeighbours(const PlacementNode& n, const Neighbours& links, const Positions& at,
                      const std::map<std::string, const PlacementNode*>& byId, const PlacementMetrics& m,
                      std::pair<double, double>& out)
{
    double right = std::numeric_limits<double>::lowest(), left = std::numeric_limits<double>::max();
    double centres = 0;
    int count = 0;
    auto visit = [&](const std::string& id, bool incoming) {
        auto p = at.find(id);
        auto node = byId.find(id);
        if (p == at.end() || node == byId.end())
            return;
        const double x = p->second.first, y = p->second.second;
        if (incoming)
            right = std::max(right, x + node->second->width);
        else
            left = std::min(left, x);
        centres += y + node->second->height / 2;
        ++count;
    };
    for (const std::string& id : links.in)
        visit(id, true);
    for (const std::string& id : links.out)
        visit(id, false);
    if (count == 0)
        return false;
    const double x = right > std::numeric_limits<double>::lowest() ? right + m.columnGap : left - m.columnGap - n.width;
    out = {x, centres / count - n.height / 2};
    return true;
}

// The free spot nearest `wanted`: up and down first, then a column over on either side.
std::pair<double, double> nearestFree(const PlacementNode& n, std::pair<double, double> wanted, const FreeSpace& space,
                                      const PlacementMetrics& m)
{
    struct Candidate {
        double cost, dx, dy;
    };
    std::vector<Candidate> candidates;
    const double column = n.width + m.columnGap;
    constexpr int kSteps = 120;
    for (int c = -2; c <= 2; ++c)
        for (int k = -kSteps; k <= kSteps; ++k)
            candidates.push_back({std::abs(k * m.step) + 4 * std::abs(c * column), c * column, k * m.step});
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const Candidate& a, const Candidate& b) { return a.cost < b.cost; });
    for (const Candidate& c : candidates)
        if (space.fits(n, wanted.first + c.dx, wanted.second + c.dy))
            return {wanted.first + c.dx, wanted.second + c.dy};
    // Crowded all round (its namespace hemmed in by others): the nearest spot over no node, its
    // box allowed to reach another's, then below everything, where no node is.
    for (const Candidate& c : candidates)
        if (space.fits(n, wanted.first + c.dx, wanted.second + c.dy, false))
            return {wanted.first + c.dx, wanted.second + c.dy};
    return {wanted.first, space.lowest() + m.groupPadding + m.groupLabel + m.gap};
}

}  // namespace

Positions placeNewNodes(const std::vector<PlacementNode>& nodes, const std::vector<LayoutEdge>& edges, const Positions& placed,
                        const Positions& wanted, const PlacementMetrics& m)
{
    std::map<std::string, const PlacementNode*> byId;
    for (const PlacementNode& n : nodes)
        byId[n.id] = &n;
    std::map<std::string, Neighbours> links;
    for (const LayoutEdge& e : edges) {
        if (e.from == e.to)
            continue;
        links[e.to].in.push_back(e.from);
        links[e.from].out.push_back(e.to);
    }
    FreeSpace space(m);
    Positions at;  // every placed node: the given ones and those placed here
    std::vector<const PlacementNode*> pending;
    for (const PlacementNode& n : nodes) {
        if (auto p = placed.find(n.id); p != placed.end()) {
            at[n.id] = p->second;
            space.add(n, p->second.first, p->second.second);
        } else {
            pending.push_back(&n);
        }
    }
    Positions out;
    auto place = [&](const PlacementNode& n, std::pair<double, double> spot) {
        spot = nearestFree(n, spot, space, m);
        at[n.id] = out[n.id] = spot;
        space.add(n, spot.first, spot.second);
    };
    // Nodes with a wanted spot or a placed neighbour, one at a time: each may give the next a
    // neighbour.
    for (bool progress = true; progress;) {
        progress = false;
        for (auto it = pending.begin(); it != pending.end();) {
            const PlacementNode& n = **it;
            std::pair<double, double> spot;
            const auto w = wanted.find(n.id);
            if (w != wanted.end())
                spot = w->second;
            else if (!besideNeighbours(n, links[n.id], at, byId, m, spot)) {
                ++it;
                continue;
            }
            place(n, spot);
            it = pending.erase(it);
            progress = true;
        }
    }
    // Left: nodes that connect to nothing placed. One of a namespace that has a box goes beside
    // that box, with its namespace mates.
    for (auto it = pending.begin(); it != pending.end();) {
        const Box* box = space.boxOf((*it)->ns);
        if (!box) {
            ++it;
            continue;
        }
        place(**it, {box->right + m.columnGap, box->top + m.groupPadding + m.groupLabel});
        it = pending.erase(it);
    }
    if (pending.empty())
        return out;
    // What is left (new namespaces, cluster-scoped objects) is laid out together, below everything.
    std::set<std::string> rest;
    std::vector<LayoutNode> block;
    for (const PlacementNode* n : pending) {
        rest.insert(n->id);
        block.push_back({n->id, n->width + 2 * m.groupPadding, n->height + 2 * m.groupPadding + m.groupLabel, n->ns});
    }
    std::vector<LayoutEdge> blockEdges;
    for (const LayoutEdge& e : edges)
        if (rest.count(e.from) && rest.count(e.to))
            blockEdges.push_back(e);
    const Positions layout = layoutGraph(block, blockEdges);
    const double left = space.leftmost();
    const double top = space.empty() ? 0 : space.lowest() + 2 * m.gap;
    for (const PlacementNode* n : pending) {
        auto p = layout.find(n->id);
        const double x = p == layout.end() ? 0 : p->second.first;
        const double y = p == layout.end() ? 0 : p->second.second;
        place(*n, {left + x + m.groupPadding, top + y + m.groupPadding + m.groupLabel});
    }
    return out;
}

}  // namespace gs::gui

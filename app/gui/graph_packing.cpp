#include "graph_packing.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>

namespace gs::gui {

namespace {

// The edges among `nodes`, as index lists.
struct Adjacency {
    std::vector<std::vector<std::size_t>> out;
    std::vector<std::size_t> inDegree;
};

Adjacency adjacencyOf(const std::vector<LayoutNode>& nodes, const std::vector<LayoutEdge>& edges)
{
    std::unordered_map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < nodes.size(); ++i)
        index.emplace(nodes[i].id, i);
    Adjacency a{std::vector<std::vector<std::size_t>>(nodes.size()), std::vector<std::size_t>(nodes.size(), 0)};
    for (const LayoutEdge& e : edges) {
        const auto from = index.find(e.from);
        const auto to = index.find(e.to);
        if (from == index.end() || to == index.end() || from->second == to->second)
            continue;
        a.out[from->second].push_back(to->second);
        ++a.inDegree[to->second];
    }
    return a;
}

// Every node reached from `start` along `out` whose `owner` is still unset, claimed for `block`.
std::vector<std::size_t> claim(std::size_t start, const Adjacency& a, std::vector<int>& owner, int block)
{
    std::vector<std::size_t> reached;
    std::deque<std::size_t> queue{start};
    owner[start] = block;
    while (!queue.empty()) {
        const std::size_t n = queue.front();
        queue.pop_front();
        reached.push_back(n);
        for (std::size_t next : a.out[n])
            if (owner[next] < 0) {
                owner[next] = block;
                queue.push_back(next);
            }
    }
    return reached;
}

std::size_t reachCount(std::size_t start, const Adjacency& a)
{
    std::vector<int> seen(a.out.size(), -1);
    return claim(start, a, seen, 0).size();
}

struct LaidOutBlock {
    std::vector<std::size_t> members;  // indexes into the workspace's nodes
    Positions positions;  // relative to the block's top-left
    Size2 size;
};

LaidOutBlock layOutBlock(std::vector<std::size_t> members, const std::vector<LayoutNode>& nodes,
                         const std::vector<LayoutEdge>& edges)
{
    std::vector<LayoutNode> part;
    for (std::size_t i : members) {
        part.push_back(nodes[i]);
        part.back().group.clear();  // one namespace: its box is drawn around the nodes anyway
    }
    LaidOutBlock b{std::move(members), layoutGraph(part, edges), {}};
    for (const LayoutNode& n : part) {
        const auto& [x, y] = b.positions[n.id];
        b.size.width = std::max(b.size.width, x + n.width);
        b.size.height = std::max(b.size.height, y + n.height);
    }
    return b;
}

// A namespace's cell: its blocks packed in rows.
struct Cell {
    std::vector<LaidOutBlock> blocks;
    std::vector<std::pair<double, double>> corners;
    Size2 size;
};

Cell packCell(std::vector<LaidOutBlock> blocks, double aspect, double gap)
{
    std::vector<Size2> sizes;
    for (const LaidOutBlock& b : blocks)
        sizes.push_back(b.size);
    Cell c{std::move(blocks), {}, {}};
    c.corners = packInRows(sizes, aspect, gap, c.size);
    return c;
}

}  // namespace

std::vector<std::vector<std::size_t>> blocksOfGroup(const std::vector<LayoutNode>& nodes, const std::vector<LayoutEdge>& edges)
{
    const Adjacency a = adjacencyOf(nodes, edges);
    // Entry points, those reaching most first (a Secret before the Gateway it serves, so that the
    // Gateway's routes stay with it), then in id order.
    std::vector<std::pair<std::size_t, std::size_t>> roots;  // (reach, node)
    for (std::size_t i = 0; i < nodes.size(); ++i)
        if (a.inDegree[i] == 0)
            roots.emplace_back(reachCount(i, a), i);
    std::sort(roots.begin(), roots.end(), [&](const auto& l, const auto& r) {
        return l.first != r.first ? l.first > r.first : nodes[l.second].id < nodes[r.second].id;
    });
    std::vector<int> owner(nodes.size(), -1);
    std::vector<std::vector<std::size_t>> blocks;
    for (const auto& [reach, root] : roots)
        if (owner[root] < 0)
            blocks.push_back(claim(root, a, owner, int(blocks.size())));
    // Left: cycles with no entry point; each starts a block of its own.
    for (std::size_t i = 0; i < nodes.size(); ++i)
        if (owner[i] < 0)
            blocks.push_back(claim(i, a, owner, int(blocks.size())));
    return blocks;
}

namespace {

std::vector<std::pair<double, double>> packWithin(const std::vector<Size2>& sizes, double rowWidth, double gap, Size2& extent)
{
    std::vector<std::pair<double, double>> corners;
    double x = 0, y = 0, rowHeight = 0;
    extent = {};
    for (const Size2& s : sizes) {
        if (x > 0 && x + s.width > rowWidth) {
            y += rowHeight + gap;
            x = 0;
            rowHeight = 0;
        }
        corners.emplace_back(x, y);
        extent.width = std::max(extent.width, x + s.width);
        extent.height = std::max(extent.height, y + s.height);
        x += s.width + gap;
        rowHeight = std::max(rowHeight, s.height);
    }
    return corners;
}

}  // namespace

std::vector<std::pair<double, double>> packInRows(const std::vector<Size2>& sizes, double aspect, double gap, Size2& extent)
{
    // Every row width that ends a row after the k-th box is tried (each gives another number of
    // rows); the one whose drawing's shape is nearest `aspect` wins, the narrower on a tie.
    aspect = std::max(aspect, 0.01);
    double widest = 0, run = 0;
    std::vector<double> widths;
    for (const Size2& s : sizes) {
        widest = std::max(widest, s.width);
        run += s.width + (widths.empty() ? 0 : gap);
        widths.push_back(run);
    }
    double bestWidth = widest, bestScore = std::numeric_limits<double>::max();
    for (double w : widths) {
        if (w < widest)
            continue;
        Size2 e;
        packWithin(sizes, w, gap, e);
        const double score = e.height > 0 ? std::abs(std::log(e.width / e.height / aspect)) : 0;
        if (score < bestScore - 1e-9) {
            bestScore = score;
            bestWidth = w;
        }
    }
    return packWithin(sizes, bestWidth, gap, extent);
}

Positions layoutWorkspace(const std::vector<LayoutNode>& nodes, const std::vector<LayoutEdge>& edges,
                          const PackingOptions& options)
{
    if (nodes.size() <= options.layeredUpTo)
        return layoutGraph(nodes, edges);
    std::map<std::string, std::vector<std::size_t>> groups;  // "" (cluster-scoped) sorts first
    for (std::size_t i = 0; i < nodes.size(); ++i)
        groups[nodes[i].group].push_back(i);
    std::vector<Cell> cells;
    for (const auto& [group, members] : groups) {
        std::vector<LayoutNode> groupNodes;
        for (std::size_t i : members)
            groupNodes.push_back(nodes[i]);
        std::vector<LaidOutBlock> blocks;
        for (const std::vector<std::size_t>& block : blocksOfGroup(groupNodes, edges)) {
            std::vector<std::size_t> indexes;
            for (std::size_t i : block)
                indexes.push_back(members[i]);
            blocks.push_back(layOutBlock(std::move(indexes), nodes, edges));
        }
        cells.push_back(packCell(std::move(blocks), options.aspect, options.gap));
    }
    // The cluster-scoped nodes (GatewayClasses: their edges reach every namespace) go in a column
    // of their own at the left, halfway down; the namespaces are packed in rows beside them.
    const bool clusterColumn = groups.begin()->first.empty() && cells.size() > 1;
    std::vector<Size2> sizes;
    for (std::size_t c = clusterColumn ? 1 : 0; c < cells.size(); ++c)
        sizes.push_back(cells[c].size);
    Size2 extent;
    std::vector<std::pair<double, double>> cellCorners = packInRows(sizes, options.aspect, options.gap * 2, extent);
    if (clusterColumn) {
        const double shift = cells.front().size.width + options.gap * 2;
        for (auto& corner : cellCorners)
            corner.first += shift;
        cellCorners.insert(cellCorners.begin(), {0.0, std::max(0.0, (extent.height - cells.front().size.height) / 2)});
    }
    Positions out;
    for (std::size_t c = 0; c < cells.size(); ++c)
        for (std::size_t b = 0; b < cells[c].blocks.size(); ++b) {
            const LaidOutBlock& block = cells[c].blocks[b];
            const double left = cellCorners[c].first + cells[c].corners[b].first;
            const double top = cellCorners[c].second + cells[c].corners[b].second;
            for (std::size_t i : block.members) {
                const auto& [x, y] = block.positions.at(nodes[i].id);
                out[nodes[i].id] = {left + x, top + y};
            }
        }
    return out;
}

}  // namespace gs::gui

#include "label_layout.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <unordered_map>

namespace gs::gui {

namespace {

constexpr double kMargin = 3;  // between a label and anything else
constexpr double kCell = 96;  // the occupancy grid's cell

double bendOf(const Curve& c) { return std::max(40.0, std::abs(c.to.x - c.from.x) / 2); }

// The unit normal of the curve at t (pointing "up" on a left-to-right edge).
Point normalAt(const Curve& c, double t)
{
    const double bend = bendOf(c);
    const Point p0 = c.from, p1{c.from.x + bend, c.from.y}, p2{c.to.x - bend, c.to.y}, p3 = c.to;
    const double u = 1 - t;
    const double dx = 3 * u * u * (p1.x - p0.x) + 6 * u * t * (p2.x - p1.x) + 3 * t * t * (p3.x - p2.x);
    const double dy = 3 * u * u * (p1.y - p0.y) + 6 * u * t * (p2.y - p1.y) + 3 * t * t * (p3.y - p2.y);
    const double length = std::hypot(dx, dy);
    if (length < 1e-9)
        return {0, -1};
    return {dy / length, -dx / length};
}

Rect boxAround(Point centre, double width, double height) { return {centre.x - width / 2, centre.y - height / 2, width, height}; }

bool overlaps(const Rect& a, const Rect& b, double margin)
{
    return a.x < b.x + b.width + margin && b.x < a.x + a.width + margin && a.y < b.y + b.height + margin &&
        b.y < a.y + a.height + margin;
}

// What is taken, indexed by a grid of cells so that a test looks at its neighbourhood only.
class Occupancy {
public:
    void add(const Rect& r)
    {
        rects_.push_back(r);
        forCells(r, [&](std::int64_t key) { cells_[key].push_back(rects_.size() - 1); });
    }
    bool free(const Rect& r) const
    {
        bool clear = true;
        forCells(r, [&](std::int64_t key) {
            if (!clear)
                return;
            const auto it = cells_.find(key);
            if (it == cells_.end())
                return;
            for (std::size_t i : it->second)
                if (overlaps(rects_[i], r, kMargin)) {
                    clear = false;
                    return;
                }
        });
        return clear;
    }

private:
    template <typename F> static void forCells(const Rect& r, F&& visit)
    {
        const auto x0 = std::int64_t(std::floor((r.x - kMargin) / kCell)),
                   x1 = std::int64_t(std::floor((r.x + r.width + kMargin) / kCell));
        const auto y0 = std::int64_t(std::floor((r.y - kMargin) / kCell)),
                   y1 = std::int64_t(std::floor((r.y + r.height + kMargin) / kCell));
        for (auto x = x0; x <= x1; ++x)
            for (auto y = y0; y <= y1; ++y)
                visit((x << 32) ^ (y & 0xffffffff));
    }

    std::vector<Rect> rects_;
    std::unordered_map<std::int64_t, std::vector<std::size_t>> cells_;
};

struct Candidate {
    Point centre;
    bool leader = false;
};

// Where a label may go, best first: on its curve from its preferred point outwards, then just
// beside the curve at those points, then off the curve around the middle (with a leader).
std::vector<Candidate> candidatesFor(const LabelRequest& r)
{
    static const double kChip[] = {0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.18, 0.82};
    static const double kBadge[] = {0.25, 0.2, 0.3, 0.15, 0.35, 0.4, 0.1, 0.45};
    const double* ts = r.badge ? kBadge : kChip;
    const std::size_t count = r.badge ? std::size(kBadge) : std::size(kChip);
    std::vector<Candidate> out;
    for (std::size_t i = 0; i < count; ++i)
        out.push_back({r.curve.at(ts[i]), false});
    const double side = r.height / 2 + 4;
    for (std::size_t i = 0; i < count; ++i) {
        const Point p = r.curve.at(ts[i]), n = normalAt(r.curve, ts[i]);
        out.push_back({{p.x + n.x * side, p.y + n.y * side}, false});
        out.push_back({{p.x - n.x * side, p.y - n.y * side}, false});
    }
    const Point middle = r.curve.at(r.badge ? 0.25 : 0.5);
    for (double radius : {r.height + 16.0, r.height + 34.0, r.height + 56.0, r.height + 84.0, r.height + 120.0})
        for (int a = 0; a < 16; ++a) {
            const double angle = -M_PI / 2 + a * M_PI / 8;  // straight up first, then round
            out.push_back(
                {{middle.x + std::cos(angle) * (radius + r.width / 2 - r.height / 2), middle.y + std::sin(angle) * radius},
                 true});
        }
    return out;
}

int orderOf(const LabelRequest& r) { return r.badge ? 0 : r.live ? 2 : 1; }

}  // namespace

Point Curve::at(double t) const
{
    const double bend = bendOf(*this);
    const Point p0 = from, p1{from.x + bend, from.y}, p2{to.x - bend, to.y}, p3 = to;
    const double u = 1 - t;
    const double a = u * u * u, b = 3 * u * u * t, c = 3 * u * t * t, d = t * t * t;
    return {a * p0.x + b * p1.x + c * p2.x + d * p3.x, a * p0.y + b * p1.y + c * p2.y + d * p3.y};
}

std::vector<LabelSpot> placeLabels(const std::vector<LabelRequest>& requests, const std::vector<Rect>& obstacles)
{
    Occupancy taken;
    for (const Rect& r : obstacles)
        taken.add(r);
    std::vector<std::size_t> order(requests.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return orderOf(requests[a]) < orderOf(requests[b]); });
    std::vector<LabelSpot> out(requests.size());
    for (std::size_t i : order) {
        const LabelRequest& r = requests[i];
        const Point anchor = r.curve.at(r.badge ? 0.25 : 0.5);
        LabelSpot spot{r.edge, r.badge, anchor, false, anchor};
        std::vector<Candidate> candidates = candidatesFor(r);
        if (r.hasPrevious)
            candidates.insert(candidates.begin(), Candidate{r.previous, r.previousLeader});
        for (const Candidate& c : candidates)
            if (taken.free(boxAround(c.centre, r.width, r.height))) {
                spot.centre = c.centre;
                spot.leader = c.leader;
                break;
            }
        taken.add(boxAround(spot.centre, r.width, r.height));
        out[i] = spot;
    }
    return out;
}

std::vector<Rect> canvasObstacles(const GraphScene& scene)
{
    std::vector<Rect> out;
    for (std::size_t i = 0; i < scene.nodes().size(); ++i) {
        const Rect& g = scene.geometry(i);
        out.push_back(g);
        if (scene.nodes()[i].kind.size() > 5 && scene.nodes()[i].kind.ends_with("Route"))
            out.push_back({g.x + g.width - 10, g.y + 18, 20, 20});  // the "+" handle (ConnectHandle.qml)
        out.push_back({g.x + g.width / 2 - 60, g.y + g.height + 2, 120, 18});  // the traffic badge (GraphNode.qml)
    }
    return out;
}

}  // namespace gs::gui

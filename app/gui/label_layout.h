#pragma once
// Where an edge's labels go so that no label covers another, a node, a route's "+" handle or a
// node's traffic badge: the weight or live-traffic chip and the TLS badge of each edge.
//
// Each label tries its previous spot first (while still free: labels do not jump), then spots
// along its own curve (the chip from the middle outwards, the TLS
// badge from a quarter of the way), then the same spots just above and below the curve; where
// all are taken it moves off the curve to the nearest free spot around the middle, with a
// leader line back to it. Labels are placed greedily, TLS badges first, then the labels that are
// always there (weights), then live ones, each becoming an obstacle for the next; the same input
// gives the same output. Plain data; no Qt.
//
// Curve contract (shared with GraphEdge.qml and traffic_particles.h): from (x1, y1) to (x2, y2)
// with control points (x1 + bend, y1) and (x2 - bend, y2), bend = max(40, |x2 - x1| / 2).

#include <cstddef>
#include <vector>

#include "graph_scene.h"

namespace gs::gui {

struct Curve {
    Point from, to;
    Point at(double t) const;
};

struct LabelRequest {
    std::size_t edge = 0;  // the caller's index, returned as given
    Curve curve;
    double width = 0;  // the label's box, centred on its spot
    double height = 0;
    bool badge = false;  // a TLS badge (placed first, near a quarter of the way)
    bool live = false;  // live traffic text (placed after the labels that are always there)
    // Where the label was last time: tried first, so that a label stays put while its spot is
    // free (live text changing width elsewhere does not move it).
    bool hasPrevious = false;
    Point previous;
    bool previousLeader = false;
};

struct LabelSpot {
    std::size_t edge = 0;
    bool badge = false;
    Point centre;
    bool leader = false;  // off its curve: a line from `anchor` (on the curve) to the label
    Point anchor;
};

// Spots for every request, in the order given. `obstacles` are what labels must not cover.
std::vector<LabelSpot> placeLabels(const std::vector<LabelRequest>& requests, const std::vector<Rect>& obstacles);

// What the canvas draws besides edges and labels, as obstacles: each node's card, a route's "+"
// handle on its right edge, the traffic badge under a node.
std::vector<Rect> canvasObstacles(const GraphScene& scene);

}  // namespace gs::gui

#include "edge_traffic.h"

#include <cmath>
#include <cstdio>

namespace gs::gui {

namespace {

std::string rateText(double rate, double errorShare)
{
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, rate >= 100 ? "%.0f/s" : "%.1f/s", rate);
    std::string text = buffer;
    if (errorShare >= 0.005)
        text += " · " + std::to_string(int(std::lround(errorShare * 100))) + "% 5xx";
    return text;
}

}  // namespace

EdgeTraffic sumTraffic(const std::vector<const EdgeTraffic*>& parts)
{
    EdgeTraffic sum;
    double failing = 0;
    bool any = false;
    for (const EdgeTraffic* t : parts) {
        if (!t)
            continue;
        any = true;
        sum.rate += t->rate;
        failing += t->rate * t->errorShare;
    }
    sum.errorShare = sum.rate > 0 ? failing / sum.rate : 0;
    if (any && sum.rate > 0)
        sum.text = rateText(sum.rate, sum.errorShare);
    return sum;
}

NodeTraffic sumTraffic(const std::vector<const NodeTraffic*>& parts)
{
    NodeTraffic sum;
    for (const NodeTraffic* t : parts)
        if (t)
            sum.rate += t->rate;
    if (sum.rate > 0)
        sum.text = rateText(sum.rate, 0);
    return sum;
}

}  // namespace gs::gui

#pragma once
// A rehearsal's report: Markdown (the plan, the faults, the verdict, one row per check) with a
// chart beside it as SVG (the canary's weight, 5xx share and p99 over time, the gates dashed).
// The editor saves the same report with a PNG chart of its own drawing.

#include <string>

#include "rehearsal.h"

namespace gs::rollout {

// `chartFile` is the chart's name as the Markdown links it ("" for no chart).
std::string reportMarkdown(const model::RolloutPlan& plan, const model::Workspace& workspace, const RehearsalResult& r,
                           const std::string& chartFile);
std::string reportChartSvg(const model::RolloutPlan& plan, const RehearsalResult& r);

// One line on the verdict: "rolled back at 25 % after 3.2 s: 5xx 21% over the 1% allowed".
std::string verdictLine(const RehearsalResult& r);

}  // namespace gs::rollout

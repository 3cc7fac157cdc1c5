#include "report.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

#include "echo_faults.h"

namespace gs::rollout {

namespace {

std::string fixed(double v, int decimals)
{
    std::ostringstream s;
    s << std::fixed << std::setprecision(decimals) << v;
    return s.str();
}

std::string planLine(const model::RolloutPlan& p)
{
    std::string steps;
    for (int s : p.steps)
        steps += (steps.empty() ? "" : ", ") + std::to_string(s);
    std::string out = "steps " + steps + " % · " + fixed(double(p.stepTimeMs) / 1000.0, 1) + " s per step · at least " +
        std::to_string(p.minRequests) + " canary requests per check · 5xx ≤ " + percentText(p.max5xxRate) + " · p99 ≤ " +
        std::to_string(p.maxP99Ms) + " ms";
    if (p.max5xxIncrease)
        out += " · 5xx at most " + percentText(*p.max5xxIncrease) + " above stable";
    if (p.maxP99IncreaseMs)
        out += " · p99 at most " + std::to_string(*p.maxP99IncreaseMs) + " ms above stable";
    out += " · roll back after " + std::to_string(p.threshold) + (p.threshold == 1 ? " failed check" : " failed checks");
    return out;
}

}  // namespace

std::string verdictLine(const RehearsalResult& r)
{
    std::string out = stateName(r.state);
    const Check* last = r.checks.empty() ? nullptr : &r.checks.back();
    if (last)
        out += " at " + std::to_string(last->percent) + " %";
    out += " after " + fixed(r.seconds, 1) + " s";
    if (last && r.state != Rollout::State::Promoted)
        out += ": " + reasonsText(*last);
    return out;
}

std::string reportMarkdown(const model::RolloutPlan& plan, const model::Workspace& workspace, const RehearsalResult& r,
                           const std::string& chartFile)
{
    std::ostringstream md;
    md << "# Rollout rehearsal: HTTPRoute " << plan.routeNamespace << "/" << plan.routeName << " rule " << plan.rule << "\n\n";
    std::string verdict = verdictLine(r);
    verdict[0] = char(std::toupper(static_cast<unsigned char>(verdict[0])));
    md << "**" << verdict << ".**\n\n";
    md << "| | |\n|---|---|\n";
    md << "| plan | " << planLine(plan) << " |\n";
    std::string backends;
    for (std::size_t i = 0; i < r.rule.services.size(); ++i)
        backends += (i ? (i + 1 == r.rule.services.size() ? " → " : ", ") : "") + r.rule.services[i] +
            (i + 1 == r.rule.services.size() ? " (canary)" : " (stable)");
    md << "| backends | " << backends << " |\n";
    std::string faults;
    for (const std::string& s : r.rule.services)
        if (auto it = workspace.echo.find(s); it != workspace.echo.end() && it->second.faults.any())
            faults += (faults.empty() ? "" : "; ") + s + ": " + model::echoFaultsSummary(it->second.faults);
    md << "| faults | " << (faults.empty() ? "none" : faults) << " |\n";
    md << "| weights | " << weightsText(r.rule.weights) << " before, " << weightsText(r.finalWeights) << " after |\n";
    md << "| traffic | " << r.generated << " requests from the generator (external traffic counts too) |\n\n";
    if (!chartFile.empty())
        md << "![The canary's weight, 5xx share and p99 over time](" << chartFile << ")\n\n";
    md << "## Checks\n\n";
    md << "| step | canary weight | at | canary requests | canary 5xx | canary p99 | stable requests | stable 5xx | stable p99 | "
          "verdict | then |\n";
    md << "|---|---|---|---|---|---|---|---|---|---|---|\n";
    for (const Check& c : r.checks) {
        std::string why = reasonsText(c);
        std::replace(why.begin(), why.end(), '|', '/');
        md << "| " << c.step + 1 << " | " << c.percent << " % | " << fixed(c.endSeconds, 1) << " s | " << c.canary.answered
           << " | " << percentText(c.canary.errorRate()) << " | " << fixed(c.canary.p99Ms(), 1) << " ms | " << c.stable.answered
           << " | " << percentText(c.stable.errorRate()) << " | " << fixed(c.stable.p99Ms(), 1) << " ms | "
           << verdictName(c.verdict) << (why.empty() ? "" : ": " + why) << " | " << outcomeName(c.outcome) << " |\n";
    }
    md << "\nLatency percentiles are read from the gateway's histogram buckets (…, 100, 250, 500 ms, …), linear "
          "within a bucket, as Prometheus' histogram_quantile reads them.\n";
    return md.str();
}

std::string reportChartSvg(const model::RolloutPlan& plan, const RehearsalResult& r)
{
    const double width = 760, height = 320, left = 56, right = 64, top = 24, bottom = 40;
    const double plotW = width - left - right, plotH = height - top - bottom;
    const double duration = std::max(r.seconds, 1.0);
    double maxP99 = double(plan.maxP99Ms) * 1.25;
    for (const SeriesPoint& p : r.series)
        maxP99 = std::max(maxP99, p.canaryP99Ms * 1.1);
    const auto x = [&](double s) { return left + plotW * std::clamp(s / duration, 0.0, 1.0); };
    const auto yPct = [&](double percent) { return top + plotH * (1.0 - std::clamp(percent, 0.0, 100.0) / 100.0); };
    const auto yMs = [&](double ms) { return top + plotH * (1.0 - std::clamp(ms / maxP99, 0.0, 1.0)); };
    std::ostringstream svg;
    svg << std::fixed << std::setprecision(1);
    svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\"" << height
        << "\" font-family=\"sans-serif\" font-size=\"11\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
    svg << "<rect x=\"" << left << "\" y=\"" << top << "\" width=\"" << plotW << "\" height=\"" << plotH
        << "\" fill=\"none\" stroke=\"#999\"/>\n";
    for (int t = 0; t <= 100; t += 25)
        svg << "<text x=\"" << left - 6 << "\" y=\"" << yPct(t) + 4 << "\" text-anchor=\"end\">" << t << " %</text>\n";
    for (int i = 0; i <= 4; ++i)
        svg << "<text x=\"" << left + plotW + 6 << "\" y=\"" << yMs(maxP99 * i / 4) + 4 << "\">" << std::setprecision(0)
            << maxP99 * i / 4 << " ms</text>\n"
            << std::setprecision(1);
    for (int i = 0; i <= 5; ++i)
        svg << "<text x=\"" << x(duration * i / 5) << "\" y=\"" << top + plotH + 16 << "\" text-anchor=\"middle\">"
            << duration * i / 5 << " s</text>\n";
    const auto polyline = [&](const char* colour, const char* dash, auto y) {
        svg << "<polyline fill=\"none\" stroke=\"" << colour << "\" stroke-width=\"2\"" << dash << " points=\"";
        for (const SeriesPoint& p : r.series)
            svg << x(p.seconds) << "," << y(p) << " ";
        svg << "\"/>\n";
    };
    svg << "<line x1=\"" << left << "\" x2=\"" << left + plotW << "\" y1=\"" << yMs(double(plan.maxP99Ms)) << "\" y2=\""
        << yMs(double(plan.maxP99Ms)) << "\" stroke=\"#7b3fb0\" stroke-dasharray=\"6 4\"/>\n";
    svg << "<line x1=\"" << left << "\" x2=\"" << left + plotW << "\" y1=\"" << yPct(plan.max5xxRate * 100) << "\" y2=\""
        << yPct(plan.max5xxRate * 100) << "\" stroke=\"#c62828\" stroke-dasharray=\"6 4\"/>\n";
    polyline("#1565c0", "", [&](const SeriesPoint& p) { return yPct(p.percent); });
    polyline("#c62828", "", [&](const SeriesPoint& p) { return yPct(p.canaryErrorRate * 100); });
    polyline("#7b3fb0", "", [&](const SeriesPoint& p) { return yMs(p.canaryP99Ms); });
    svg << "<text x=\"" << left
        << "\" y=\"14\"><tspan fill=\"#1565c0\">■ canary weight</tspan>  <tspan fill=\"#c62828\">■ canary 5xx "
           "(dashed: gate)</tspan>  <tspan fill=\"#7b3fb0\">■ canary p99, right axis (dashed: gate)</tspan></text>\n";
    svg << "</svg>\n";
    return svg.str();
}

}  // namespace gs::rollout

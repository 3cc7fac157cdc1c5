#include "rollout_chart.h"

#include <algorithm>
#include <array>

#include "rollout_rehearsal.h"

namespace gs::gui {

void paintRolloutChart(QPainter& p, const QRectF& area, const model::RolloutPlan& plan,
                       const std::vector<rollout::SeriesPoint>& series, const std::vector<rollout::Check>& checks, double seconds,
                       const ChartColors& c)
{
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    if (c.background.alpha() > 0)
        p.fillRect(area, c.background);
    const QFontMetricsF fm(p.font());
    const double left = area.left() + fm.horizontalAdvance("100%") + 8,
                 right = area.right() - fm.horizontalAdvance("1000 ms") - 8;
    const double top = area.top() + fm.height() + 6, bottom = area.bottom() - fm.height() - 6;
    const QRectF plot(QPointF(left, top), QPointF(right, bottom));
    if (plot.width() < 40 || plot.height() < 30) {
        p.restore();
        return;
    }
    const double duration = std::max(seconds, double(plan.stepTimeMs) / 1000.0);
    double maxMs = double(plan.maxP99Ms) * 1.25;
    for (const rollout::SeriesPoint& s : series)
        maxMs = std::max(maxMs, s.canaryP99Ms * 1.1);
    const auto x = [&](double t) { return plot.left() + plot.width() * std::clamp(t / duration, 0.0, 1.0); };
    const auto yPct = [&](double pct) { return plot.bottom() - plot.height() * std::clamp(pct, 0.0, 100.0) / 100.0; };
    const auto yMs = [&](double ms) { return plot.bottom() - plot.height() * std::clamp(ms / maxMs, 0.0, 1.0); };

    p.setPen(QPen(c.grid, 1));
    p.drawRect(plot);
    p.setPen(c.text);
    for (int pct = 0; pct <= 100; pct += 50)
        p.drawText(QRectF(area.left(), yPct(pct) - fm.height() / 2, left - area.left() - 4, fm.height()),
                   Qt::AlignRight | Qt::AlignVCenter, QString("%1%").arg(pct));
    for (int i = 0; i <= 2; ++i)
        p.drawText(QRectF(right + 4, yMs(maxMs * i / 2) - fm.height() / 2, area.right() - right, fm.height()),
                   Qt::AlignLeft | Qt::AlignVCenter, QString("%1 ms").arg(qRound(maxMs * i / 2)));
    for (int i = 0; i <= 4; ++i)
        p.drawText(QRectF(x(duration * i / 4) - 30, bottom + 2, 60, fm.height()), Qt::AlignHCenter,
                   QString("%1 s").arg(duration * i / 4, 0, 'f', duration < 20 ? 1 : 0));

    const auto gate = [&](double y, const QColor& colour) {
        p.setPen(QPen(colour, 1, Qt::DashLine));
        p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
    };
    gate(yPct(plan.max5xxRate * 100), c.errors);
    gate(yMs(double(plan.maxP99Ms)), c.latency);
    const auto line = [&](const QColor& colour, auto y, bool steps) {
        QPolygonF points;
        for (const rollout::SeriesPoint& s : series) {
            if (steps && !points.isEmpty())
                points << QPointF(x(s.seconds), points.back().y());
            points << QPointF(x(s.seconds), y(s));
        }
        p.setPen(QPen(colour, 2));
        p.drawPolyline(points);
    };
    line(
        c.weight, [&](const rollout::SeriesPoint& s) { return yPct(s.percent); }, true);
    // The 5xx share over the last 2 s (a 250 ms point at a 1 % step holds a request or two).
    std::vector<double> smoothed;
    for (std::size_t i = 0; i < series.size(); ++i) {
        double errors = 0, answered = 0;
        for (std::size_t k = i + 1; k-- > 0 && series[i].seconds - series[k].seconds < 2.0;) {
            answered += double(series[k].canaryAnswered);
            errors += series[k].canaryErrorRate * double(series[k].canaryAnswered);
        }
        smoothed.push_back(answered > 0 ? errors / answered : 0.0);
    }
    line(
        c.errors, [&](const rollout::SeriesPoint& s) { return yPct(smoothed[std::size_t(&s - series.data())] * 100); }, false);
    line(
        c.latency, [&](const rollout::SeriesPoint& s) { return yMs(s.canaryP99Ms); }, false);
    for (const rollout::Check& check : checks) {  // each check at its time, by verdict
        const QColor colour = check.verdict == rollout::Verdict::Passed ? c.passed
            : check.verdict == rollout::Verdict::Failed                 ? c.failed
                                                                        : c.unjudged;
        p.setPen(QPen(colour, 1, Qt::DotLine));
        p.drawLine(QPointF(x(check.endSeconds), plot.top()), QPointF(x(check.endSeconds), plot.bottom()));
        p.setPen(Qt::NoPen);
        p.setBrush(colour);
        p.drawEllipse(QPointF(x(check.endSeconds), yPct(check.percent)), 4, 4);
    }
    // The legend, on as many lines as the width needs.
    const std::array<std::pair<QColor, QString>, 3> legend{{{c.weight, QObject::tr("— canary weight")},
                                                            {c.errors, QObject::tr("— 5xx, last 2 s (dashed: gate)")},
                                                            {c.latency, QObject::tr("— p99, right axis (dashed: gate)")}}};
    double lx = left;
    double ly = area.top() + fm.ascent() + 2;
    for (const auto& [colour, text] : legend) {
        const double w = fm.horizontalAdvance(text);
        if (lx > left && lx + w > area.right())
            break;  // no room: the rest of the legend is left out rather than cut
        p.setPen(colour);
        p.drawText(QPointF(lx, ly), text);
        lx += w + 12;
    }
    p.restore();
}

RolloutChart::RolloutChart(QQuickItem* parent) : QQuickPaintedItem(parent)
{
    connect(this, &RolloutChart::colorsChanged, this, [this] { update(); });
}

void RolloutChart::setRehearsal(RolloutRehearsal* rehearsal)
{
    if (rehearsal_ == rehearsal)
        return;
    if (rehearsal_)
        disconnect(rehearsal_, nullptr, this, nullptr);
    rehearsal_ = rehearsal;
    if (rehearsal_)
        connect(rehearsal_, &RolloutRehearsal::seriesChanged, this, [this] { update(); });
    emit rehearsalChanged();
    update();
}

void RolloutChart::paint(QPainter* painter)
{
    if (!rehearsal_)
        return;
    ChartColors colors;
    colors.background = backgroundColor_;
    colors.text = textColor_;
    colors.grid = gridColor_;
    paintRolloutChart(*painter, QRectF(0, 0, width(), height()), rehearsal_->plan(), rehearsal_->seriesPoints(),
                      rehearsal_->checkList(), rehearsal_->seconds(), colors);
}

}  // namespace gs::gui

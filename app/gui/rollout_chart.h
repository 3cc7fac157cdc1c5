#pragma once
// The rehearsal's chart, drawn once for the window (RolloutChart, a Qt Quick item) and for the
// report's PNG: the canary's weight (a step line), its 5xx share and its p99 (right axis) over
// time, the gates dashed, and each check marked at its time by its verdict.

#include <QColor>
#include <QPainter>
#include <QQuickPaintedItem>
#include <QtQml/qqmlregistration.h>

#include <vector>

#include "rollout/analysis.h"
#include "rollout/rehearsal.h"
#include "rollout_rehearsal.h"

namespace gs::gui {

struct ChartColors {
    QColor background{Qt::white}, text{"#333333"}, grid{"#cccccc"}, weight{"#1565c0"}, errors{"#c62828"}, latency{"#7b3fb0"},
        passed{"#2e7d32"}, failed{"#c62828"}, unjudged{"#9e9e9e"};
};

void paintRolloutChart(QPainter& painter, const QRectF& area, const model::RolloutPlan& plan,
                       const std::vector<rollout::SeriesPoint>& series, const std::vector<rollout::Check>& checks, double seconds,
                       const ChartColors& colors);

class RolloutChart : public QQuickPaintedItem {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(gs::gui::RolloutRehearsal* rehearsal READ rehearsal WRITE setRehearsal NOTIFY rehearsalChanged)
    Q_PROPERTY(QColor textColor MEMBER textColor_ NOTIFY colorsChanged)
    Q_PROPERTY(QColor gridColor MEMBER gridColor_ NOTIFY colorsChanged)
    Q_PROPERTY(QColor backgroundColor MEMBER backgroundColor_ NOTIFY colorsChanged)

public:
    explicit RolloutChart(QQuickItem* parent = nullptr);
    RolloutRehearsal* rehearsal() const { return rehearsal_; }
    void setRehearsal(RolloutRehearsal* rehearsal);
    void paint(QPainter* painter) override;

signals:
    void rehearsalChanged();
    void colorsChanged();

private:
    RolloutRehearsal* rehearsal_ = nullptr;
    QColor textColor_{"#333333"}, gridColor_{"#cccccc"}, backgroundColor_{Qt::transparent};
};

}  // namespace gs::gui

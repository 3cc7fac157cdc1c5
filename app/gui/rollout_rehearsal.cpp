#include "rollout_rehearsal.h"

#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QSaveFile>
#include <QScopedValueRollback>

#include <thread>

#include "document.h"
#include "gateway_duration.h"
#include "live_gateway.h"
#include "rollout/canary.h"
#include "rollout/flagger_canary.h"
#include "rollout/report.h"
#include "rollout/rule_weights.h"
#include "rollout/traffic_target.h"
#include "rollout_chart.h"

namespace gs::gui {

namespace {

constexpr int kTickMs = 50;
constexpr double kApplyPatienceSeconds = 5;  // a step's weights not applied by then: the rehearsal stops

QString percentText(double share) { return QString::fromStdString(rollout::percentText(share)); }

}  // namespace

RolloutRehearsal::RolloutRehearsal(QObject* parent) : QObject(parent)
{
    tick_.setInterval(kTickMs);
    connect(&tick_, &QTimer::timeout, this, &RolloutRehearsal::tick);
}

RolloutRehearsal::~RolloutRehearsal()
{
    if (generator_)
        generator_->stop();
    for (std::thread& t : stopping_)
        t.join();
}

void RolloutRehearsal::setLive(LiveGateway* live)
{
    if (live_ == live)
        return;
    if (live_)
        disconnect(live_, nullptr, this, nullptr);
    live_ = live;
    if (live_) {
        connect(live_, &LiveGateway::applied, this, &RolloutRehearsal::applied);
        connect(live_, &LiveGateway::runningChanged, this, [this] {
            if (running() && !live_->running())
                stopBecause(tr("The gateway stopped; the rehearsal stopped with it"));
        });
    }
    emit liveChanged();
}

QString RolloutRehearsal::title() const
{
    const QStringList parts = routeId_.split('/');
    return parts.size() == 3 ? tr("%1/%2 · rule %3").arg(parts[1], parts[2]).arg(ruleIndex_) : QString();
}

QString RolloutRehearsal::state() const
{
    return rollout_ ? QString::fromUtf8(rollout::stateName(rollout_->state())) : QString();
}

int RolloutRehearsal::percent() const { return rollout_ ? rollout_->canaryPercent() : 0; }

double RolloutRehearsal::seconds() const
{
    if (!clock_.isValid() || !rollout_)
        return 0.0;
    return rollout_->finished() && !finishing_ ? result_.seconds : clock_.elapsed() / 1000.0;
}

double RolloutRehearsal::stepProgress() const
{
    if (!running() || awaitingApply_ || plan_.stepTimeMs <= 0)
        return 0;
    return std::clamp((seconds() - stepStartedAt_) * 1000.0 / double(plan_.stepTimeMs), 0.0, 1.0);
}

QVariantList RolloutRehearsal::checks() const
{
    QVariantList out;
    if (!rollout_)
        return out;
    for (const rollout::Check& c : rollout_->checks())
        out << QVariantMap{{"step", c.step + 1},
                           {"steps", int(plan_.steps.size())},
                           {"percent", c.percent},
                           {"at", c.endSeconds},
                           {"canaryRequests", qulonglong(c.canary.answered)},
                           {"canary5xx", percentText(c.canary.errorRate())},
                           {"canaryP99", qRound(c.canary.p99Ms())},
                           {"verdict", QString::fromUtf8(rollout::verdictName(c.verdict))},
                           {"reasons", QString::fromStdString(rollout::reasonsText(c))},
                           {"outcome", QString::fromUtf8(rollout::outcomeName(c.outcome))},
                           {"failedChecks", c.failedChecks}};
    return out;
}

void RolloutRehearsal::select(const QString& routeId, int ruleIndex)
{
    if (running())
        return;
    routeId_ = routeId;
    ruleIndex_ = ruleIndex;
    if (document_) {
        const model::RolloutPlan p = document_->local()->rolloutPlan(routeId, ruleIndex);
        QStringList steps;
        for (int s : p.steps)
            steps << QString::number(s);
        steps_ = steps.join(",");
        stepTime_ = QString::fromStdString(rollout::flaggerInterval(p.stepTimeMs));
        minRequests_ = int(p.minRequests);
        max5xx_ = percentText(p.max5xxRate);
        maxP99_ = QString::number(p.maxP99Ms) + "ms";
        max5xxIncrease_ = p.max5xxIncrease ? percentText(*p.max5xxIncrease) : QString();
        maxP99Increase_ = p.maxP99IncreaseMs ? QString::number(*p.maxP99IncreaseMs) + "ms" : QString();
        threshold_ = p.threshold;
        plan_ = p;
    }
    rollout_.reset();
    result_ = {};
    verdict_.clear();
    setMessage({});
    emit ruleChanged();
    emit planChanged();
    emit stateChanged();
    emit checksChanged();
    emit seriesChanged();
}

bool RolloutRehearsal::planFromForm(QString& error)
{
    model::RolloutPlan p = document_ ? document_->local()->rolloutPlan(routeId_, ruleIndex_) : model::RolloutPlan{};
    std::string e;
    const auto steps = model::parseSteps(steps_.toStdString(), e);
    const auto stepMs = model::parseGatewayDuration(stepTime_.trimmed().toStdString());
    const auto p99 = model::parseGatewayDuration(maxP99_.trimmed().toStdString());
    const auto rate = model::parsePercentage(max5xx_.trimmed().toStdString());
    if (!steps)
        error = tr("Steps: %1").arg(QString::fromStdString(e));
    else if (!stepMs)
        error = tr("Step time: a duration such as 10s or 500ms");
    else if (!p99)
        error = tr("Max p99: a duration such as 250ms");
    else if (!rate)
        error = tr("Max 5xx: a percentage such as 1%");
    const auto p99Increase = model::parseGatewayDuration(maxP99Increase_.trimmed().toStdString());
    const auto rateIncrease = model::parsePercentage(max5xxIncrease_.trimmed().toStdString());
    if (error.isEmpty() && !maxP99Increase_.trimmed().isEmpty() && !p99Increase)
        error = tr("p99 above stable: a duration such as 50ms, or empty");
    else if (error.isEmpty() && !max5xxIncrease_.trimmed().isEmpty() && !rateIncrease)
        error = tr("5xx above stable: a percentage such as 0.5%, or empty");
    if (!error.isEmpty())
        return false;
    p.maxP99IncreaseMs = maxP99Increase_.trimmed().isEmpty() ? std::nullopt : p99Increase;
    p.max5xxIncrease = max5xxIncrease_.trimmed().isEmpty() ? std::nullopt : rateIncrease;
    p.steps = *steps;
    p.stepTimeMs = *stepMs;
    p.maxP99Ms = *p99;
    p.max5xxRate = *rate;
    p.minRequests = std::uint64_t(std::max(0, minRequests_));
    p.threshold = threshold_;
    for (const std::string& problem : p.problems())
        error += (error.isEmpty() ? "" : "; ") + QString::fromStdString(problem);
    plan_ = p;
    return error.isEmpty();
}

bool RolloutRehearsal::start()
{
    if (running())
        return false;
    QString error;
    std::string why;
    if (!document_ || !live_ || routeId_.isEmpty())
        error = tr("Choose a weighted rule first (Rehearse on its split)");
    else if (planFromForm(error) && !rollout::findRule(document_->topology().objects, plan_, result_.rule, why))
        error = QString::fromStdString(why);
    const model::Object* route = nullptr;
    if (error.isEmpty())
        for (const model::Object& o : document_->topology().objects.objects())
            if (o.id.kind == "HTTPRoute" && o.id.ns == plan_.routeNamespace && o.id.name == plan_.routeName)
                route = &o;
    if (error.isEmpty() && route && !document_->editable(*route))
        error = tr("%1 cannot be edited here (the role view, or an object of the cluster): a rehearsal sets its weights")
                    .arg(QString::fromStdString(route->displayName()));
    if (error.isEmpty() && !live_->running() && !live_->start())
        error = tr("The gateway did not start: %1").arg(live_->message());
    if (!error.isEmpty()) {
        setMessage(error);
        return false;
    }
    document_->local()->keepRolloutPlan(plan_);
    connect(document_, &Document::reloaded, this, &RolloutRehearsal::checkOutsideChanges, Qt::UniqueConnection);
    series_ = tr("Rehearsal %1 of %2").arg(++rehearsals_).arg(title());
    result_.series.clear();
    result_.generated = 0;
    rollout_ = std::make_unique<rollout::Rollout>(plan_);
    verdict_.clear();
    clock_.start();
    nextPointAt_ = rollout::kSeriesMs / 1000.0;
    pointStart_ = samples();
    if (!applyPercent(rollout_->canaryPercent())) {
        rollout_.reset();
        emit stateChanged();
        return false;
    }
    startTraffic();
    tick_.start();
    emit stateChanged();
    emit checksChanged();
    emit seriesChanged();
    return true;
}

void RolloutRehearsal::stop()
{
    if (!running())
        return;
    rollout_->stop(seconds());
    emit checksChanged();
    finish();
}

void RolloutRehearsal::stopBecause(const QString& why)
{
    stop();
    setMessage(why);
}

// Weights changed by something else (an undo, a preset, the YAML) while a step runs: the checks
// would judge traffic at weights the plan did not set.
void RolloutRehearsal::checkOutsideChanges()
{
    if (!running() || awaitingApply_ || finishing_)
        return;
    rollout::RuleBackends now;
    std::string error;
    if (!rollout::findRule(document_->topology().objects, plan_, now, error))
        stopBecause(tr("The rule changed during the rehearsal (%1); it stopped").arg(QString::fromStdString(error)));
    else if (now.weights != result_.finalWeights)
        stopBecause(tr("The rule's weights were changed during the rehearsal; it stopped at the stable split"));
}

bool RolloutRehearsal::applyPercent(int percent)
{
    const std::vector<std::int64_t> weights = rollout::canaryWeights(result_.rule.weights, percent);
    result_.finalWeights = weights;
    rollout::RuleBackends now;
    std::string error;
    if (rollout::findRule(document_->topology().objects, plan_, now, error) && now.weights == weights) {
        awaitingApply_ = false;  // nothing to apply: the window starts now
        stepStart_ = samples();
        stepStartedAt_ = seconds();
        return true;
    }
    awaitingApply_ = true;
    stepStartedAt_ = seconds();
    if (!document_->edits()->setRuleWeights(routeId_, ruleIndex_, weights, percent, series_)) {
        awaitingApply_ = false;
        setMessage(tr("The rule's weights could not be set: %1").arg(document_->message()));
        return false;
    }
    return true;
}

void RolloutRehearsal::applied()
{
    if (!awaitingApply_)
        return;
    awaitingApply_ = false;
    stepStart_ = samples();
    stepStartedAt_ = seconds();
}

void RolloutRehearsal::tick()
{
    if (!running()) {
        tick_.stop();
        return;
    }
    const double now = seconds();
    if (now >= nextPointAt_) {
        const auto s = samples();
        rollout::Window canary, stable;
        rollout::ruleWindows(pointStart_, s, canary, stable);
        result_.series.push_back({now, rollout_->canaryPercent(), canary.answered, canary.errorRate(), canary.p99Ms()});
        pointStart_ = s;
        nextPointAt_ += rollout::kSeriesMs / 1000.0;
        emit seriesChanged();
    }
    emit progressChanged();
    if (awaitingApply_) {
        if (now - stepStartedAt_ > kApplyPatienceSeconds) {
            setMessage(tr("The gateway did not apply the step's weights (%1); the rehearsal stopped").arg(live_->message()));
            stop();
        }
        return;
    }
    if ((now - stepStartedAt_) * 1000.0 >= double(plan_.stepTimeMs))
        endStep();
}

void RolloutRehearsal::endStep()
{
    const auto s = samples();
    rollout::Window canary, stable;
    rollout::ruleWindows(stepStart_, s, canary, stable);
    const int before = rollout_->canaryPercent();
    const rollout::Check& c = rollout_->endStep(canary, stable, seconds());
    setMessage(tr("Step %1 (%2%): %3 → %4")
                   .arg(c.step + 1)
                   .arg(c.percent)
                   .arg(QString::fromUtf8(rollout::verdictName(c.verdict)), QString::fromUtf8(rollout::outcomeName(c.outcome))));
    emit checksChanged();
    if (rollout_->finished()) {
        finish();
        return;
    }
    if (rollout_->canaryPercent() != before) {
        if (!applyPercent(rollout_->canaryPercent())) {
            const QString why = message_;
            stopBecause(why);
        }
    } else {  // held: the next check is on a window of its own
        stepStart_ = s;
        stepStartedAt_ = seconds();
    }
    emit progressChanged();
}

void RolloutRehearsal::finish()
{
    if (finishing_)
        return;
    const QScopedValueRollback<bool> finishing(finishing_, true);
    tick_.stop();
    if (generator_) {
        result_.generated = generator_->results().completed;
        // Stopping waits for the requests in flight (a stalled one for seconds): not on this
        // thread; joined when the rehearsal goes.
        stopping_.emplace_back([g = std::shared_ptr<runtime::client::LoadGenerator>(std::move(generator_))] { g->stop(); });
    }
    if (rollout_) {
        if (!applyPercent(rollout_->canaryPercent()))  // promoted: 100; rolled back or stopped: 0
            document_->reportError(tr("The rehearsal ended, but the rule's weights could not be set back: %1").arg(message_));
        awaitingApply_ = false;
        result_.state = rollout_->state();
        result_.checks = rollout_->checks();
        result_.seconds = clock_.elapsed() / 1000.0;
        verdict_ = QString::fromStdString(rollout::verdictLine(result_));
        setMessage(verdict_);
    }
    emit stateChanged();
    emit progressChanged();
    emit seriesChanged();
    emit finished();
}

void RolloutRehearsal::startTraffic()
{
    if (!generate_) {
        setMessage(tr("No generator: send traffic to the listener yourself (curl, a load tool); it counts"));
        return;
    }
    const auto config = live_->currentConfig();
    const auto bound = [this](std::size_t,
                              const runtime::config::Listener& l) -> std::optional<std::pair<std::string, std::uint16_t>> {
        const int port = live_->listenerPort(QString::fromStdString("gateway/" + l.gatewayNamespace + "/" + l.gatewayName),
                                             QString::fromStdString(l.listenerName));
        return port > 0 ? std::optional(std::pair{l.address, std::uint16_t(port)}) : std::nullopt;
    };
    rollout::TrafficOptions traffic;
    traffic.rate = std::max(1, rate_);
    traffic.path = path_.trimmed().toStdString();
    std::string error;
    const auto target = config ? rollout::trafficTarget(*config, bound, plan_, traffic, error) : std::nullopt;
    if (!target) {
        setMessage(tr("No generated traffic: %1 (in the Path field)").arg(QString::fromStdString(error)));
        return;
    }
    generator_ = std::make_unique<runtime::client::LoadGenerator>(target->spec);
    generator_->start();
    setMessage(tr("Sending %1 at %2 requests/s").arg(QString::fromStdString(target->text)).arg(rate_));
}

std::vector<runtime::stats::Sample> RolloutRehearsal::samples() const
{
    if (!live_ || !live_->gateway())
        return std::vector<runtime::stats::Sample>(result_.rule.statsNames.size());
    return rollout::ruleSamples(live_->gateway()->stats(), result_.rule.statsNames);
}

void RolloutRehearsal::setMessage(const QString& text)
{
    if (message_ == text)
        return;
    message_ = text;
    emit messageChanged();
}

bool RolloutRehearsal::saveReport(const QString& path)
{
    if (!rollout_ || running() || !document_) {
        setMessage(tr("A report needs a finished rehearsal"));
        return false;
    }
    const QFileInfo info(path);
    const QString pngPath = info.dir().filePath(info.completeBaseName() + ".png");
    QImage image(900, 360, QImage::Format_ARGB32);
    image.fill(Qt::white);
    {
        QPainter painter(&image);
        paintRolloutChart(painter, QRectF(8, 8, 884, 344), plan_, result_.series, result_.checks, result_.seconds, ChartColors{});
    }
    QSaveFile png(pngPath);
    QSaveFile md(path);
    const std::string markdown =
        rollout::reportMarkdown(plan_, document_->workspace(), result_, QFileInfo(pngPath).fileName().toStdString());
    const bool ok = png.open(QIODevice::WriteOnly) && image.save(&png, "PNG") && png.commit() && md.open(QIODevice::WriteOnly) &&
        md.write(markdown.data(), qint64(markdown.size())) == qint64(markdown.size()) && md.commit();
    if (!ok) {
        document_->reportError(
            tr("The report was not saved: %1").arg(png.errorString().isEmpty() ? md.errorString() : png.errorString()));
        return false;
    }
    setMessage(tr("Report saved: %1 and %2").arg(info.fileName(), QFileInfo(pngPath).fileName()));
    return true;
}

}  // namespace gs::gui

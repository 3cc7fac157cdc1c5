#pragma once
// A canary rollout rehearsed in the editor, on the running gateway: the plan's steps applied as
// live edits of the rule's weights (all of them one undo step), the traffic generator aimed at
// the rule (or only external traffic), each step judged at its end on the gateway's counters
// (rollout/analysis.h, as the command line's rehearsal), a timeline of the checks, and the end:
// promoted (canary 100 %), rolled back or stopped (canary 0 %), with the YAML saying so. A
// report (Markdown, with the chart as PNG) can be saved.
//
// A step's window starts when the gateway has applied its weights (LiveGateway::applied), so no
// request routed by the previous weights counts in it. Lives on the GUI thread; nothing blocks.

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <memory>
#include <thread>
#include <vector>

#include "client/load_generator.h"
#include "document.h"
#include "live_gateway.h"
#include "rollout/analysis.h"
#include "rollout/rehearsal.h"

namespace gs::gui {

class RolloutRehearsal : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(gs::gui::Document* document MEMBER document_ NOTIFY documentChanged)
    Q_PROPERTY(gs::gui::LiveGateway* live READ live WRITE setLive NOTIFY liveChanged)
    Q_PROPERTY(QString routeId READ routeId NOTIFY ruleChanged)
    Q_PROPERTY(int ruleIndex READ ruleIndex NOTIFY ruleChanged)
    Q_PROPERTY(QString title READ title NOTIFY ruleChanged)
    // The plan as the form edits it (the command line's spellings: "1,5,25,50,100", "10s", "1%").
    Q_PROPERTY(QString steps MEMBER steps_ NOTIFY planChanged)
    Q_PROPERTY(QString stepTime MEMBER stepTime_ NOTIFY planChanged)
    Q_PROPERTY(int minRequests MEMBER minRequests_ NOTIFY planChanged)
    Q_PROPERTY(QString max5xx MEMBER max5xx_ NOTIFY planChanged)
    Q_PROPERTY(QString maxP99 MEMBER maxP99_ NOTIFY planChanged)
    // The gates against the stable version ("" = none): "0.5%", "50ms".
    Q_PROPERTY(QString max5xxIncrease MEMBER max5xxIncrease_ NOTIFY planChanged)
    Q_PROPERTY(QString maxP99Increase MEMBER maxP99Increase_ NOTIFY planChanged)
    Q_PROPERTY(int threshold MEMBER threshold_ NOTIFY planChanged)
    Q_PROPERTY(int rate MEMBER rate_ NOTIFY planChanged)
    Q_PROPERTY(bool generate MEMBER generate_ NOTIFY planChanged)
    Q_PROPERTY(QString path MEMBER path_ NOTIFY planChanged)  // "" → the rule's first match
    Q_PROPERTY(bool running READ running NOTIFY stateChanged)
    Q_PROPERTY(QString state READ state NOTIFY stateChanged)  // "", running, promoted, rolled back, stopped
    Q_PROPERTY(QString verdict READ verdict NOTIFY stateChanged)  // one line, once it ended
    Q_PROPERTY(QString message READ message NOTIFY messageChanged)
    Q_PROPERTY(int percent READ percent NOTIFY progressChanged)  // the canary's weight now
    Q_PROPERTY(double stepProgress READ stepProgress NOTIFY progressChanged)
    Q_PROPERTY(QVariantList checks READ checks NOTIFY checksChanged)

public:
    explicit RolloutRehearsal(QObject* parent = nullptr);
    ~RolloutRehearsal() override;

    LiveGateway* live() const { return live_; }
    void setLive(LiveGateway* live);
    QString routeId() const { return routeId_; }
    int ruleIndex() const { return ruleIndex_; }
    QString title() const;
    bool running() const { return rollout_ && !rollout_->finished(); }
    QString state() const;
    QString verdict() const { return verdict_; }
    QString message() const { return message_; }
    int percent() const;
    double stepProgress() const;
    QVariantList checks() const;

    // Chooses the rule and fills the form with the workspace's plan for it (defaults without one).
    Q_INVOKABLE void select(const QString& routeId, int ruleIndex);
    // Starts the gateway when it is not running; false (and `message` says why) when the plan or
    // the rule cannot run.
    Q_INVOKABLE bool start();
    Q_INVOKABLE void stop();
    // Seconds since the rehearsal started (it keeps counting after the end), for the split
    // history's marks: a check `at` seconds in happened elapsed() − at seconds ago.
    Q_INVOKABLE double elapsed() const { return clock_.isValid() ? clock_.elapsed() / 1000.0 : 0.0; }
    // The report as Markdown at `file`, its chart beside it as PNG (the same name, .png).
    Q_INVOKABLE bool saveReport(const QString& path);

    const model::RolloutPlan& plan() const { return plan_; }
    const std::vector<rollout::SeriesPoint>& seriesPoints() const { return result_.series; }
    std::vector<rollout::Check> checkList() const { return rollout_ ? rollout_->checks() : std::vector<rollout::Check>{}; }
    double seconds() const;

signals:
    void documentChanged();
    void liveChanged();
    void ruleChanged();
    void planChanged();
    void stateChanged();
    void messageChanged();
    void progressChanged();
    void checksChanged();
    void seriesChanged();
    void finished();

private:
    bool planFromForm(QString& error);
    bool applyPercent(int percent);  // false (and `message`) when the weights cannot be set
    void stopBecause(const QString& why);
    void checkOutsideChanges();
    void applied();
    void tick();
    void endStep();
    void finish();
    void startTraffic();
    void setMessage(const QString& text);
    std::vector<runtime::stats::Sample> samples() const;

    QPointer<Document> document_;
    QPointer<LiveGateway> live_;
    QString routeId_;
    int ruleIndex_ = 0;
    QString steps_ = "1,5,25,50,100", stepTime_ = "10s", max5xx_ = "1%", maxP99_ = "500ms";
    QString path_, max5xxIncrease_, maxP99Increase_;
    int minRequests_ = 20, threshold_ = 1, rate_ = 50;
    bool generate_ = true;
    int rehearsals_ = 0;  // numbers each rehearsal's undo series
    QString series_;
    bool finishing_ = false;
    std::vector<std::thread> stopping_;  // generators being stopped (joined on destruction)

    model::RolloutPlan plan_;
    std::unique_ptr<rollout::Rollout> rollout_;
    rollout::RehearsalResult result_;  // rule, weights, series: what the report needs
    std::unique_ptr<runtime::client::LoadGenerator> generator_;
    QTimer tick_;
    QElapsedTimer clock_;
    bool awaitingApply_ = false;
    double stepStartedAt_ = 0, nextPointAt_ = 0;
    std::vector<runtime::stats::Sample> stepStart_, pointStart_;
    QString verdict_, message_;
};

}  // namespace gs::gui

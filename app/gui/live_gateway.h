#pragma once
// The embedded gateway run from the editor on the open document: Start/Stop, live reload of
// every edit (a change that does not validate keeps the last good configuration serving), the
// URL of each listener with a curl command, bind errors per listener, and the traffic the canvas
// draws: per edge and node rates, error shares and latency, and the weighted rules' configured
// next to observed splits (SplitListModel), from the stats polled `pollInterval` ms apart.
//
// Listeners bind to loopback (each Gateway on its own 127.x.y.z address, as the status says and
// `serve` does); ports below 1024 are served at port + 8000. TLS Secrets the files lack are made up with the dev CA (as `serve --dev-certs`) so a TLS
// template runs at once; they never enter the document.
//
// Lives on the GUI thread; the gateway's workers run on their own threads.

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <memory>
#include <unordered_map>

#include "document.h"
#include "edge_traffic.h"
#include "traffic_picture.h"
#include "gateway.h"
#include "split_list_model.h"
#include "traffic_window.h"

namespace gs::gui {

class LiveGateway : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(gs::gui::Document* document READ document WRITE setDocument NOTIFY documentChanged)
    Q_PROPERTY(bool running READ running NOTIFY runningChanged)
    // One map per listener: gateway (node id), listener, url, curl, ok, error.
    Q_PROPERTY(QVariantList listeners READ listeners NOTIFY listenersChanged)
    Q_PROPERTY(QString message READ message NOTIFY messageChanged)
    // True while some element saw traffic in the last seconds: the canvas animates only then.
    Q_PROPERTY(bool trafficActive READ trafficActive NOTIFY trafficChanged)
    Q_PROPERTY(double totalRate READ totalRate NOTIFY trafficChanged)
    Q_PROPERTY(int pollInterval READ pollInterval WRITE setPollInterval NOTIFY pollIntervalChanged)
    Q_PROPERTY(gs::gui::SplitListModel* splits READ splits CONSTANT)
    // Bind every listener on a free port instead of its own (tests, and several windows at once).
    Q_PROPERTY(bool ephemeralPorts MEMBER ephemeralPorts_ NOTIFY ephemeralPortsChanged)

public:
    explicit LiveGateway(QObject* parent = nullptr);
    ~LiveGateway() override;

    Document* document() const { return document_; }
    void setDocument(Document* document);
    bool running() const { return gateway_ != nullptr; }
    QVariantList listeners() const { return listeners_; }
    QString message() const { return message_; }
    bool trafficActive() const { return window_.active(); }
    double totalRate() const { return picture_.totalRate; }
    int pollInterval() const { return poll_.interval(); }
    void setPollInterval(int ms);
    SplitListModel* splits() { return &splits_; }

    // Starts serving the document; false (and `message` says why) when it has errors or no
    // listener could be bound.
    Q_INVOKABLE bool start();
    Q_INVOKABLE void stop();
    // Polls the stats now (the timer does it every pollInterval ms while running).
    Q_INVOKABLE void poll();
    // What an edge or a node shows (rate, errorShare, observedPct, configuredPct, text); empty when none.
    Q_INVOKABLE QVariantMap edgeTraffic(const QString& edgeId) const;
    Q_INVOKABLE QVariantMap nodeTraffic(const QString& nodeId) const;
    // Why a listener is not served ("address already in use"), or "".
    Q_INVOKABLE QString listenerError(const QString& gatewayId, const QString& listener) const;
    // The served port of a listener (0 when not served).
    Q_INVOKABLE int listenerPort(const QString& gatewayId, const QString& listener) const;
    // How many requests reached a listener's port and matched no route there (answered 404), since
    // the start; the listener port shows them as "not routed".
    Q_INVOKABLE int listenerNotRouted(const QString& gatewayId, const QString& listener) const;
    Q_INVOKABLE void copyText(const QString& text) const;
    // The TLS listeners of a Gateway as they are (or would be) served: per listener its mode,
    // hostname and certificates (subject, issuer, SANs, validity, days left, whether they cover
    // the hostname) with warnings: hostname not covered, expired, expiring within 30 days.
    Q_INVOKABLE QVariantList certificates(const QString& gatewayId) const;
    // Canary controls: `percent` of the rule to its last backendRef, as one undoable edit.
    Q_INVOKABLE bool setCanaryPercent(const QString& routeId, int ruleIndex, int percent);

    runtime::Gateway* gateway() { return gateway_.get(); }
    // What is served (while running), else what the document would serve without dev
    // certificates; null when it has errors.
    std::shared_ptr<const runtime::config::RuntimeConfig> currentConfig() const;
    const TrafficWindow& window() const { return window_; }

signals:
    void documentChanged();
    void runningChanged();
    void listenersChanged();
    void messageChanged();
    void trafficChanged();
    void pollIntervalChanged();
    void ephemeralPortsChanged();
    void applied();  // a configuration was applied (start or reload)
    // Start refused, an edit not applied, a listener not bound: the reason and its details (the
    // document's errors with file:line:col, each listener's bind error), for the window's banner.
    // Emitted once per distinct failure; recovered() when an apply then succeeds in full.
    void failed(const QString& text, const QStringList& details);
    void recovered();

private:
    bool applyDocument(bool first);
    // What to serve: the document with the Secrets it lacks made up (writes the dev CA's files).
    std::shared_ptr<const runtime::config::RuntimeConfig> translateDocument(QString& error) const;
    void describeListeners(const runtime::config::RuntimeConfig& config, const runtime::ApplyResult& result);
    void indexGraph();
    void computeTraffic(bool history);
    void setMessage(const QString& message);
    void clearTraffic();
    static QStringList routeErrorsOf(const runtime::ApplyResult& result);
    void fail(const QStringList& details);  // failed() with message_, unless it said so already
    void succeed();

    QPointer<Document> document_;
    std::unique_ptr<runtime::Gateway> gateway_;
    QTimer poll_;
    QTimer reloadDelay_;
    QElapsedTimer clock_;
    double lastHistorySecond_ = -1;
    double lastActiveSecond_ = 0;
    bool ephemeralPorts_ = false;
    TrafficWindow window_;
    QVariantList listeners_;
    QString message_;
    QString lastFailure_;  // what failed() last said, until an apply succeeds
    SplitListModel splits_;
    ServedElements served_;  // of config_ (indexGraph)
    TrafficPicture picture_;  // the last computeTraffic
    // Per weighted rule: its weights when the observed window last restarted, and each backend's
    // total then. A change of weights restarts the window, so that the shares observed under the
    // old weights do not read as drift from the new ones.
    struct SplitBaseline {
        std::vector<std::int64_t> weights;
        std::vector<std::uint64_t> totals;
        double since = 0;
    };
    std::map<std::pair<std::string, int>, SplitBaseline> splitBaselines_;
    // The counts of a rule's backends to compare with its configuration (computeTraffic).
    std::vector<std::uint64_t> observedCounts(const RuleKey& rule, const std::vector<std::int64_t>& weights,
                                              const std::vector<std::string>& names);
    class Readings;
    std::shared_ptr<const runtime::config::RuntimeConfig> config_;
};

}  // namespace gs::gui

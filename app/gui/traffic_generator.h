#pragma once
// The editor's traffic generator: a request shape (method, host, path, headers; HTTP, HTTPS with
// SNI, or gRPC), a rate, a concurrency and a duration, sent to the local gateway's listener by
// runtime::client::LoadGenerator; live results (sent, status codes, failures by cause, latency)
// refreshed a few times a second. Settings are saved as named profiles in the workspace.
//
// The port defaults to the running LiveGateway's first listener of the right protocol.

#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <memory>

#include "client/load_generator.h"
#include "live_gateway.h"

namespace gs::gui {

// Header lines as a person types them: "Name: value", one per line, blank lines skipped. False
// (and `error` names the line) when a line has no name before its colon.
bool parseHeaderLines(const QString& text, std::vector<runtime::http::Header>& out, QString& error);

class TrafficGenerator : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(gs::gui::LiveGateway* live READ live WRITE setLive NOTIFY liveChanged)
    // http, https, grpc or grpcs
    Q_PROPERTY(QString scheme MEMBER scheme_ NOTIFY settingsChanged)
    Q_PROPERTY(QString method MEMBER method_ NOTIFY settingsChanged)
    Q_PROPERTY(QString host MEMBER host_ NOTIFY settingsChanged)
    Q_PROPERTY(QString path MEMBER path_ NOTIFY settingsChanged)
    Q_PROPERTY(QString sni MEMBER sni_ NOTIFY settingsChanged)
    // One "Name: value" per line.
    Q_PROPERTY(QString headers MEMBER headers_ NOTIFY settingsChanged)
    Q_PROPERTY(int port MEMBER port_ NOTIFY settingsChanged)  // 0: the gateway's listener
    Q_PROPERTY(double rate MEMBER rate_ NOTIFY settingsChanged)
    Q_PROPERTY(int concurrency MEMBER concurrency_ NOTIFY settingsChanged)
    Q_PROPERTY(int durationSeconds MEMBER durationSeconds_ NOTIFY settingsChanged)  // 0: until stopped
    Q_PROPERTY(bool running READ running NOTIFY runningChanged)
    // sent, completed, rate, p50, p99, statuses ("200 × 812  503 × 4"), failures, seconds
    Q_PROPERTY(QVariantMap results READ results NOTIFY resultsChanged)
    Q_PROPERTY(QString message READ message NOTIFY messageChanged)

public:
    explicit TrafficGenerator(QObject* parent = nullptr);
    ~TrafficGenerator() override;

    LiveGateway* live() const { return live_; }
    void setLive(LiveGateway* live);
    bool running() const { return running_; }
    QVariantMap results() const { return results_; }
    QString message() const { return message_; }

    Q_INVOKABLE bool start();
    Q_INVOKABLE void stop();
    // Profiles: the settings as a map, and back.
    Q_INVOKABLE QVariantMap settings() const;
    Q_INVOKABLE void applySettings(const QVariantMap& settings);
    Q_INVOKABLE void refresh();  // reads the results now (a timer does it while running)

    // The load spec the current settings describe; false (and `error`) when they are incomplete.
    bool makeSpec(runtime::client::LoadSpec& spec, QString& error) const;

signals:
    void liveChanged();
    void settingsChanged();
    void runningChanged();
    void resultsChanged();
    void messageChanged();
    // Start refused: why, for the window's banner.
    void failed(const QString& text);

private:
    // The gateway's first served listener of the scheme's protocol: its port (0: none), address and
    // the host its routes answer (a route's first hostname).
    int defaultPort(QString* address = nullptr, QString* host = nullptr) const;
    // While the user has not typed a host: the served listener's host, so that the default request
    // is routed (an empty Host matches only routes without hostnames).
    void followDefaultHost();
    void setMessage(const QString& m);

    QPointer<LiveGateway> live_;
    QString autoHost_;  // the host followDefaultHost() set, until the user types another
    QString scheme_ = QStringLiteral("http");
    QString method_ = QStringLiteral("GET");
    QString host_;
    QString path_ = QStringLiteral("/");
    QString sni_;
    QString headers_;
    int port_ = 0;
    double rate_ = 50;
    int concurrency_ = 2;
    int durationSeconds_ = 0;
    bool running_ = false;
    QVariantMap results_;
    QString message_;
    QTimer refresh_;
    std::unique_ptr<runtime::client::LoadGenerator> generator_;
};

}  // namespace gs::gui

#pragma once
// The request tracer: a request (method, host, path, headers, the spec's port) traced through
// the configuration the local gateway serves (or would serve): the listener, the rules considered
// in precedence order with why each lost, the winner and its backends, highlighted on the graph
// (`highlight`: node and edge ids). "Send" sends it for real through the running gateway and
// shows the response and the echo backend's view of the request. The request goes from a thread
// of its own (a blocking client, up to its 10 s timeout): the window never waits for it.

#include <QObject>
#include <QPointer>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <optional>

#include "http/route_trace.h"
#include "live_gateway.h"

namespace gs::gui {

class RequestTracer : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(gs::gui::LiveGateway* live READ live WRITE setLive NOTIFY liveChanged)
    Q_PROPERTY(QString method MEMBER method_ NOTIFY requestChanged)
    Q_PROPERTY(QString host MEMBER host_ NOTIFY requestChanged)
    Q_PROPERTY(QString path MEMBER path_ NOTIFY requestChanged)
    Q_PROPERTY(QString headers MEMBER headers_ NOTIFY requestChanged)  // "Name: value" per line
    Q_PROPERTY(int port MEMBER port_ NOTIFY requestChanged)  // the listener's port in the spec
    // verdict, gateway, listener, candidates [{entry, route, rule, wins, reason}],
    // backends [{name, service, weight, share}]
    Q_PROPERTY(QVariantMap result READ result NOTIFY resultChanged)
    Q_PROPERTY(QStringList highlight READ highlight NOTIFY resultChanged)
    // status, headers, body, error: the last "Send"
    Q_PROPERTY(QVariantMap response READ response NOTIFY responseChanged)
    Q_PROPERTY(bool sending READ sending NOTIFY sendingChanged)  // a Send's answer is awaited

public:
    explicit RequestTracer(QObject* parent = nullptr) : QObject(parent) { }

    LiveGateway* live() const { return live_; }
    void setLive(LiveGateway* live);
    QVariantMap result() const { return result_; }
    QStringList highlight() const { return highlight_; }
    QVariantMap response() const { return response_; }
    bool sending() const { return sending_; }

    Q_INVOKABLE QVariantMap trace();
    // Traces, then sends the request; `response` changes when the answer (or the error) is in.
    Q_INVOKABLE void send();
    Q_INVOKABLE void clear();

signals:
    void liveChanged();
    void requestChanged();
    void resultChanged();
    void responseChanged();
    void sendingChanged();

private:
    // The request the form describes; nullopt (and `error`) when a header line is malformed.
    std::optional<runtime::http::TraceRequest> makeRequest(QString& error) const;
    void answer(std::uint64_t sendId, QVariantMap response);

    QPointer<LiveGateway> live_;
    QString method_ = QStringLiteral("GET");
    QString host_ = QStringLiteral("example.com");
    QString path_ = QStringLiteral("/");
    QString headers_;
    int port_ = 80;
    QVariantMap result_;
    QStringList highlight_;
    QVariantMap response_;
    bool sending_ = false;
    std::uint64_t lastSend_ = 0;  // an answer to an earlier Send (or one before clear()) is dropped
};

}  // namespace gs::gui

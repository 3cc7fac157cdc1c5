#include "request_tracer.h"

#include <QCoreApplication>
#include <QJsonDocument>

#include <thread>

#include "client/http_client.h"
#include "client/tls_client.h"
#include "http/route_trace.h"
#include "traffic_generator.h"

namespace gs::gui {

namespace rt = runtime::http;

namespace {

QString pretty(const std::string& body)
{
    const QJsonDocument json = QJsonDocument::fromJson(QByteArray::fromStdString(body));
    return json.isNull() ? QString::fromStdString(body) : QString::fromUtf8(json.toJson(QJsonDocument::Indented));
}

}  // namespace

void RequestTracer::setLive(LiveGateway* live)
{
    if (live == live_)
        return;
    live_ = live;
    emit liveChanged();
}

void RequestTracer::clear()
{
    ++lastSend_;
    if (sending_) {
        sending_ = false;
        emit sendingChanged();
    }
    result_.clear();
    highlight_.clear();
    response_.clear();
    emit resultChanged();
    emit responseChanged();
}

QVariantMap RequestTracer::trace()
{
    result_.clear();
    highlight_.clear();
    const auto config = live_ ? live_->currentConfig() : nullptr;
    if (!config) {
        result_["verdict"] = tr("The document has errors: fix them to trace a request.");
        emit resultChanged();
        return result_;
    }
    QString error;
    const auto request = makeRequest(error);
    if (!request) {
        result_["verdict"] = error;
        emit resultChanged();
        return result_;
    }
    const rt::Trace t = rt::traceRequest(*config, *request);

    QVariantList candidates, backends;
    for (const rt::TraceCandidate& c : t.candidates)
        candidates.push_back(QVariantMap{{"entry", QString::fromStdString(c.entry)},
                                         {"route", QString::fromStdString(c.route)},
                                         {"rule", c.ruleIndex},
                                         {"wins", c.wins},
                                         {"reason", QString::fromStdString(c.reason)}});
    for (const rt::TraceBackend& b : t.backends)
        backends.push_back(QVariantMap{{"name", QString::fromStdString(b.name)},
                                       {"service", QString::fromStdString(b.service)},
                                       {"weight", b.weight},
                                       {"share", b.share}});
    result_ = {{"verdict", QString::fromStdString(t.verdict)},
               {"gateway", QString::fromStdString(t.gateway)},
               {"listener", QString::fromStdString(t.listener)},
               {"candidates", candidates},
               {"backends", backends}};

    // On the canvas: the Gateway, the winning route, the edge between them, its backends.
    if (!t.gateway.empty())
        highlight_ << QString::fromStdString(t.gateway);
    for (const rt::TraceCandidate& c : t.candidates)
        if (c.wins) {
            highlight_ << QString::fromStdString(c.route);
            if (live_ && live_->document())
                for (const GraphEdge& e : live_->document()->scene().edges())
                    if (e.kind == EdgeKind::ParentRef && e.from == t.gateway && e.to == c.route)
                        highlight_ << QString::fromStdString(e.id);
        }
    for (const rt::TraceBackend& b : t.backends) {
        highlight_ << QString::fromStdString(b.name);
        highlight_ << QStringLiteral("service/") + QString::fromStdString(b.service);
    }
    emit resultChanged();
    return result_;
}

std::optional<rt::TraceRequest> RequestTracer::makeRequest(QString& error) const
{
    rt::TraceRequest request;
    request.port = std::uint16_t(port_);
    request.method = method_.trimmed().isEmpty() ? std::string("GET") : method_.trimmed().toUpper().toStdString();
    request.host = host_.trimmed().toStdString();
    request.path = path_.trimmed().isEmpty() ? std::string("/") : path_.trimmed().toStdString();
    if (!parseHeaderLines(headers_, request.headers.all(), error))
        return std::nullopt;
    return request;
}

namespace {

// The blocking request, off the GUI thread: the response as the QML shows it.
QVariantMap sendBlocking(const std::string& address, int port, bool tls, const rt::TraceRequest& request)
{
    const auto& [specPort, method, host, path, headers] = request;
    runtime::client::HttpResponse r;
    if (tls) {
        runtime::client::TlsClient client(address, port, host, {}, {"http/1.1"});
        r = client.ok() ? client.request(method, path, host, headers.all()) : runtime::client::HttpResponse{};
        if (!client.ok())
            r.error = client.error();
    } else {
        runtime::client::HttpClient client(address, port);
        r = client.request(method, path, host, headers.all());
    }
    if (!r.ok)
        return {{"error", QString::fromStdString(r.error.empty() ? "no response" : r.error)}};
    QStringList lines;
    for (const auto& h : r.headers.all())
        lines << QString::fromStdString(h.name + ": " + h.value);
    return {{"status", r.status}, {"headers", lines.join(QLatin1Char('\n'))}, {"body", pretty(r.body)}};
}

}  // namespace

void RequestTracer::send()
{
    const std::uint64_t id = ++lastSend_;
    response_.clear();
    trace();
    QString error;
    const auto request = makeRequest(error);
    const QString gateway = result_["gateway"].toString(), listener = result_["listener"].toString();
    const int local = live_ && live_->running() ? live_->listenerPort(gateway, listener) : 0;
    if (!request || local == 0) {
        answer(id,
               {{"error",
                 !request                        ? error
                     : live_ && live_->running() ? tr("No served listener takes this request")
                                                 : tr("Start the gateway to send the request")}});
        return;
    }
    bool tls = false;
    std::string address = "127.0.0.1";
    for (const QVariant& v : live_->listeners())
        if (v.toMap()["gateway"] == gateway && v.toMap()["listener"] == listener) {
            tls = v.toMap()["protocol"].toString() == QLatin1String("HTTPS");
            address = v.toMap()["address"].toString().toStdString();
        }
    sending_ = true;
    emit sendingChanged();
    emit responseChanged();
    // The answer comes back through the application object, which outlives the thread's work;
    // the tracer may be gone by then (the window closed), which the QPointer says.
    std::thread([self = QPointer<RequestTracer>(this), id, address, local, tls, request = *request] {
        QVariantMap response = sendBlocking(address, local, tls, request);
        if (QCoreApplication* app = QCoreApplication::instance())
            QMetaObject::invokeMethod(app, [self, id, response = std::move(response)]() mutable {
                if (self)
                    self->answer(id, std::move(response));
            });
    }).detach();
}

void RequestTracer::answer(std::uint64_t sendId, QVariantMap response)
{
    if (sendId != lastSend_)
        return;
    response_ = std::move(response);
    if (sending_) {
        sending_ = false;
        emit sendingChanged();
    }
    emit responseChanged();
}

}  // namespace gs::gui

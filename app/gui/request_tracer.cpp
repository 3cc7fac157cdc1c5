#include "request_tracer.h"

#include <QJsonDocument>

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
        candidates.push_back(QVariantMap{{"entry", QString::fromStdString(c.entry)}, {"route", QString::fromStdString(c.route)},
                                         {"rule", c.ruleIndex}, {"wins", c.wins}, {"reason", QString::fromStdString(c.reason)}});
    for (const rt::TraceBackend& b : t.backends)
        backends.push_back(QVariantMap{{"name", QString::fromStdString(b.name)}, {"service", QString::fromStdString(b.service)},
                                       {"weight", b.weight}, {"share", b.share}});
    result_ = {{"verdict", QString::fromStdString(t.verdict)}, {"gateway", QString::fromStdString(t.gateway)},
               {"listener", QString::fromStdString(t.listener)}, {"candidates", candidates}, {"backends", backends}};

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

QVariantMap RequestTracer::send()
{
    response_.clear();
    trace();
    QString error;
    const auto request = makeRequest(error);
    const QString gateway = result_["gateway"].toString(), listener = result_["listener"].toString();
    const int local = live_ && live_->running() ? live_->listenerPort(gateway, listener) : 0;
    if (!request || local == 0) {
        response_["error"] = !request ? error
                             : live_ && live_->running() ? tr("No served listener takes this request")
                                                         : tr("Start the gateway to send the request");
        emit responseChanged();
        return response_;
    }
    QString protocol;
    std::string address = "127.0.0.1";
    for (const QVariant& v : live_->listeners())
        if (v.toMap()["gateway"] == gateway && v.toMap()["listener"] == listener) {
            protocol = v.toMap()["protocol"].toString();
            address = v.toMap()["address"].toString().toStdString();
        }
    const auto& [port, method, host, path, headers] = *request;
    runtime::client::HttpResponse r;
    if (protocol == QLatin1String("HTTPS")) {
        runtime::client::TlsClient tls(address, local, host, {}, {"http/1.1"});
        r = tls.ok() ? tls.request(method, path, host, headers.all()) : runtime::client::HttpResponse{};
        if (!tls.ok())
            r.error = tls.error();
    } else {
        runtime::client::HttpClient c(address, local);
        r = c.request(method, path, host, headers.all());
    }
    if (!r.ok) {
        response_["error"] = QString::fromStdString(r.error.empty() ? "no response" : r.error);
    } else {
        QStringList headers;
        for (const auto& h : r.headers.all())
            headers << QString::fromStdString(h.name + ": " + h.value);
        response_ = {{"status", r.status}, {"headers", headers.join(QLatin1Char('\n'))}, {"body", pretty(r.body)}};
    }
    emit responseChanged();
    return response_;
}

}  // namespace gs::gui

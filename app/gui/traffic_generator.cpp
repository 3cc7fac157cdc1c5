#include "traffic_generator.h"

namespace gs::gui {

using runtime::client::LoadSpec;

namespace {

constexpr int kRefreshMs = 250;

LoadSpec::Scheme schemeOf(const QString& s)
{
    if (s == QLatin1String("https"))
        return LoadSpec::Scheme::Https;
    if (s == QLatin1String("grpc"))
        return LoadSpec::Scheme::Grpc;
    if (s == QLatin1String("grpcs"))
        return LoadSpec::Scheme::GrpcTls;
    return LoadSpec::Scheme::Http;
}

QString countsText(const std::map<int, std::uint64_t>& counts, const QString& prefix = {})
{
    QStringList parts;
    for (const auto& [code, n] : counts)
        parts << QStringLiteral("%1%2 × %3").arg(prefix).arg(code).arg(n);
    return parts.join(QStringLiteral("  "));
}

}  // namespace

bool parseHeaderLines(const QString& text, std::vector<runtime::http::Header>& out, QString& error)
{
    for (const QString& line : text.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        if (line.trimmed().isEmpty())
            continue;
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        if (colon <= 0) {
            error = QObject::tr("Header \"%1\" is not \"Name: value\"").arg(line.trimmed());
            return false;
        }
        out.push_back({line.left(colon).trimmed().toStdString(), line.mid(colon + 1).trimmed().toStdString()});
    }
    return true;
}

TrafficGenerator::TrafficGenerator(QObject* parent) : QObject(parent)
{
    refresh_.setInterval(kRefreshMs);
    connect(&refresh_, &QTimer::timeout, this, &TrafficGenerator::refresh);
}

TrafficGenerator::~TrafficGenerator() { stop(); }

void TrafficGenerator::setLive(LiveGateway* live)
{
    if (live == live_)
        return;
    if (live_)
        disconnect(live_, nullptr, this, nullptr);
    live_ = live;
    if (live_) {
        connect(live_, &LiveGateway::runningChanged, this, [this] {
            if (!live_->running())
                stop();
        });
        connect(live_, &LiveGateway::listenersChanged, this, &TrafficGenerator::followDefaultHost);
    }
    followDefaultHost();
    emit liveChanged();
}

void TrafficGenerator::followDefaultHost()
{
    if (!host_.isEmpty() && host_ != autoHost_)
        return;  // typed by the user: theirs
    QString host;
    defaultPort(nullptr, &host);
    if (host.isEmpty() || host == host_)
        return;
    host_ = autoHost_ = host;
    emit settingsChanged();
}

void TrafficGenerator::setMessage(const QString& m)
{
    if (m != message_) {
        message_ = m;
        emit messageChanged();
    }
}

int TrafficGenerator::defaultPort(QString* address, QString* host) const
{
    if (!live_ || !live_->running())
        return 0;
    const bool tls = scheme_ == QLatin1String("https") || scheme_ == QLatin1String("grpcs");
    for (const QVariant& v : live_->listeners()) {
        const QVariantMap l = v.toMap();
        const QString protocol = l["protocol"].toString();
        if (l["ok"].toBool() && (tls ? protocol == QLatin1String("HTTPS") : protocol == QLatin1String("HTTP"))) {
            if (address)
                *address = l["address"].toString();
            if (host)
                *host = l["host"].toString();
            return l["port"].toInt();
        }
    }
    return 0;
}

bool TrafficGenerator::makeSpec(LoadSpec& spec, QString& error) const
{
    spec.scheme = schemeOf(scheme_);
    QString address;
    const int served = defaultPort(&address);
    spec.port = std::uint16_t(port_ > 0 ? port_ : served);
    if (port_ == 0 && !address.isEmpty())
        spec.address = address.toStdString();
    if (spec.port == 0) {
        error = live_ && live_->running() ? tr("No %1 listener is served; set a port").arg(scheme_.toUpper())
                                          : tr("Start the gateway first, or set a port");
        return false;
    }
    spec.method = method_.trimmed().isEmpty() ? std::string("GET") : method_.trimmed().toUpper().toStdString();
    spec.host = host_.trimmed().toStdString();
    spec.path = path_.trimmed().isEmpty() ? std::string("/") : path_.trimmed().toStdString();
    spec.sni = sni_.trimmed().toStdString();
    if (!parseHeaderLines(headers_, spec.headers, error))
        return false;
    spec.rate = rate_;
    spec.concurrency = concurrency_;
    spec.duration = std::chrono::seconds(std::max(0, durationSeconds_));
    return true;
}

bool TrafficGenerator::start()
{
    stop();
    LoadSpec spec;
    QString error;
    if (!makeSpec(spec, error)) {
        setMessage(error);
        emit failed(tr("The generator did not start: %1").arg(error));
        return false;
    }
    generator_ = std::make_unique<runtime::client::LoadGenerator>(spec);
    generator_->start();
    running_ = true;
    refresh_.start();
    setMessage(tr("Sending %1 req/s to port %2").arg(rate_).arg(spec.port));
    emit runningChanged();
    return true;
}

void TrafficGenerator::stop()
{
    if (!generator_)
        return;
    const bool wasRunning = running_;
    running_ = false;  // stopped here, not run out: refresh() below reports nothing of its own
    generator_->stop();
    refresh();
    generator_.reset();
    refresh_.stop();
    if (wasRunning) {
        setMessage(tr("Stopped after %n request(s)", nullptr, results_.value("sent").toInt()));
        emit runningChanged();
    }
}

void TrafficGenerator::refresh()
{
    if (!generator_)
        return;
    const runtime::client::LoadResults r = generator_->results();
    QVariantMap failures;
    for (const auto& [cause, n] : r.failures)
        failures[QString::fromStdString(cause)] = quint64(n);
    QStringList failureText;
    for (const auto& [cause, n] : r.failures)
        failureText << QStringLiteral("%1 × %2").arg(QString::fromStdString(cause)).arg(n);
    results_ = {{"sent", quint64(r.sent)},
                {"completed", quint64(r.completed)},
                {"rate", r.seconds > 0 ? double(r.completed) / r.seconds : 0.0},
                {"p50", r.p50Ms},
                {"p99", r.p99Ms},
                {"statuses", countsText(r.statuses)},
                {"grpcStatuses", countsText(r.grpcStatuses, QStringLiteral("grpc "))},
                {"failures", failureText.join(QStringLiteral("  "))},
                {"failureCounts", failures},
                {"seconds", r.seconds}};
    emit resultsChanged();
    if (running_ && !r.running) {  // the duration ran out
        running_ = false;
        refresh_.stop();
        setMessage(tr("Done: %n request(s) sent", nullptr, int(r.sent)));
        emit runningChanged();
    }
}

QVariantMap TrafficGenerator::settings() const
{
    return {{"scheme", scheme_},
            {"method", method_},
            {"host", host_},
            {"path", path_},
            {"sni", sni_},
            {"headers", headers_},
            {"port", QString::number(port_)},
            {"rate", QString::number(rate_)},
            {"concurrency", QString::number(concurrency_)},
            {"durationSeconds", QString::number(durationSeconds_)}};
}

void TrafficGenerator::applySettings(const QVariantMap& s)
{
    scheme_ = s.value("scheme", scheme_).toString();
    method_ = s.value("method", method_).toString();
    host_ = s.value("host", host_).toString();
    path_ = s.value("path", path_).toString();
    sni_ = s.value("sni", sni_).toString();
    headers_ = s.value("headers", headers_).toString();
    port_ = s.value("port", port_).toInt();
    rate_ = s.value("rate", rate_).toDouble();
    concurrency_ = s.value("concurrency", concurrency_).toInt();
    durationSeconds_ = s.value("durationSeconds", durationSeconds_).toInt();
    emit settingsChanged();
}

}  // namespace gs::gui

#include "live_gateway.h"

#include <QClipboard>
#include <QDateTime>
#include <QDir>
#include <QGuiApplication>
#include <QStandardPaths>

#include <algorithm>

#include "config/element_names.h"
#include "net/socket.h"
#include "rollout/canary.h"
#include "tls/certificates.h"
#include "cli/dev_certificates.h"
#include "topology.h"

namespace gs::gui {

namespace cfg = runtime::config;

namespace {

constexpr int kDefaultPollMs = 100;  // 10 Hz: the floor for a live picture
constexpr int kReloadDelayMs = 150;  // typing in the YAML pane coalesces into one reload

bool exactHost(const std::string& h) { return !h.empty() && h.front() != '*'; }

// A host name a client may send to reach this listener: its own, else its first route's.
std::string sampleHost(const cfg::Listener& l)
{
    if (exactHost(l.hostname))
        return l.hostname;
    for (const auto* routes : {&l.httpRoutes, &l.grpcRoutes})
        for (const cfg::RouteEntry& r : *routes)
            if (exactHost(r.hostname))
                return r.hostname;
    for (const cfg::TlsRouteEntry& r : l.tlsRoutes)
        for (const std::string& h : r.hostnames)
            if (exactHost(h))
                return h;
    return {};
}

std::string curlCommand(const cfg::Listener& l, const std::string& address, std::uint16_t port)
{
    const std::string host = sampleHost(l), p = std::to_string(port);
    switch (l.protocol) {
    case cfg::Protocol::TCP: return "nc " + address + " " + p;
    case cfg::Protocol::UDP: return "nc -u " + address + " " + p;
    case cfg::Protocol::HTTPS:
    case cfg::Protocol::TLS:
        if (host.empty())
            return "curl -sk https://" + address + ":" + p + "/";
        return "curl -sk --resolve " + host + ":" + p + ":" + address + " https://" + host + ":" + p + "/";
    default:
        return "curl -s " + (host.empty() ? std::string() : "-H 'Host: " + host + "' ") + "http://" + address + ":" + p + "/";
    }
}

}  // namespace

LiveGateway::LiveGateway(QObject* parent) : QObject(parent)
{
    poll_.setInterval(kDefaultPollMs);
    connect(&poll_, &QTimer::timeout, this, &LiveGateway::poll);
    reloadDelay_.setSingleShot(true);
    reloadDelay_.setInterval(kReloadDelayMs);
    connect(&reloadDelay_, &QTimer::timeout, this, [this] { applyDocument(false); });
}

LiveGateway::~LiveGateway()
{
    stop();
    setDocument(nullptr);
}

void LiveGateway::setDocument(Document* document)
{
    if (document == document_)
        return;
    if (document_) {
        disconnect(document_, nullptr, this, nullptr);
        document_->edges()->setTraffic({});
        document_->nodes()->setTraffic({});
    }
    document_ = document;
    if (document_) {
        connect(document_, &Document::reloaded, this, [this] {
            indexGraph();
            computeTraffic(true);
            if (running())
                reloadDelay_.start();
        });
        document_->edges()->setTraffic([this](const std::string& id) -> const EdgeTraffic* {
            const auto it = picture_.edges.find(id);
            return it == picture_.edges.end() ? nullptr : &it->second;
        });
        document_->nodes()->setTraffic([this](const std::string& id) -> const NodeTraffic* {
            const auto it = picture_.nodes.find(id);
            return it == picture_.nodes.end() ? nullptr : &it->second;
        });
        indexGraph();
        computeTraffic(true);
    }
    emit documentChanged();
}

void LiveGateway::setPollInterval(int ms)
{
    ms = std::max(10, ms);
    if (ms == poll_.interval())
        return;
    poll_.setInterval(ms);
    emit pollIntervalChanged();
}

// The route matches the gateway serves as never matching, each in words (http::PatternError).
QStringList LiveGateway::routeErrorsOf(const runtime::ApplyResult& result)
{
    QStringList out;
    for (const runtime::BoundListener& l : result.listeners)
        for (const std::string& e : l.routeErrors)
            out.append(QString::fromStdString(e));
    return out;
}

void LiveGateway::fail(const QStringList& details)
{
    if (message_ == lastFailure_)
        return;  // the same failure again (each keystroke of a broken edit): said already
    lastFailure_ = message_;
    emit failed(message_, details);
}

void LiveGateway::succeed()
{
    if (lastFailure_.isEmpty())
        return;
    lastFailure_.clear();
    emit recovered();
}

void LiveGateway::setMessage(const QString& message)
{
    if (message == message_)
        return;
    message_ = message;
    emit messageChanged();
}

bool LiveGateway::start()
{
    if (running())
        return true;
    if (!document_) {
        setMessage(tr("Nothing to serve"));
        return false;
    }
    window_.clear();
    splitBaselines_.clear();
    lastFailure_.clear();  // Run pressed again: say it again if it fails again
    clock_.start();
    lastHistorySecond_ = -1;
    lastActiveSecond_ = 0;
    if (!applyDocument(true))
        return false;
    poll_.start();
    emit runningChanged();
    poll();
    return true;
}

void LiveGateway::stop()
{
    if (!running())
        return;
    poll_.stop();
    reloadDelay_.stop();
    gateway_->stop(std::chrono::milliseconds(300));
    gateway_.reset();
    config_.reset();
    listeners_.clear();
    clearTraffic();
    setMessage(tr("The local gateway is stopped"));
    emit listenersChanged();
    emit runningChanged();
}

void LiveGateway::clearTraffic()
{
    window_.clear();
    splitBaselines_.clear();
    computeTraffic(true);
    emit trafficChanged();
}

std::shared_ptr<const cfg::RuntimeConfig> LiveGateway::translateDocument(QString& error) const
{
    if (document_->errorCount() > 0) {
        error = tr("the YAML has %n error(s)", nullptr, document_->errorCount());
        return nullptr;
    }
    std::vector<model::Source> sources = document_->sources();
    model::Topology topology = model::loadTopology(sources);
    const QString folder = document_->filePath().isEmpty()
        ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/dev-certs")
        : QString::fromStdString(app::devCertificateFolder({document_->filePath().toStdString()}));
    std::string devError;
    const app::DevCertificates dev = app::makeDevCertificates(topology.objects, folder.toStdString(), devError);
    if (!dev.secretsYaml.empty()) {
        sources.push_back({app::DevCertificates::kSource, dev.secretsYaml});
        topology = model::loadTopology(sources, dev.loadOptions());
    }
    if (topology.unreadable || topology.diagnostics.hasErrors()) {
        error = tr("the YAML has errors");
        return nullptr;
    }
    model::TranslateOptions options;
    options.now = "";
    options.singleLoopbackAddress = !runtime::net::loopbackAliasesBindable();
    options.checkCertificate = app::checkCertificateWithOpenSsl;
    options.checkCaCertificate = app::checkCaCertificateWithOpenSsl;
    model::Translation translation = model::translate(topology.objects, document_->workspace(), options);
    return std::make_shared<const cfg::RuntimeConfig>(std::move(translation.config));
}

std::shared_ptr<const cfg::RuntimeConfig> LiveGateway::currentConfig() const
{
    if (config_)
        return config_;
    // Not serving: what the document's own translation (without dev certificates) would serve.
    const model::Translation* translation = document_ ? document_->translation() : nullptr;
    if (!translation || document_->errorCount() > 0)
        return nullptr;
    return std::make_shared<const cfg::RuntimeConfig>(translation->config);
}

bool LiveGateway::applyDocument(bool first)
{
    if (!document_)
        return false;
    QString error;
    auto config = translateDocument(error);
    if (!config) {
        setMessage(first ? tr("Not started: %1").arg(error)
                         : tr("Not applied: %1; the gateway keeps serving the last good configuration").arg(error));
        fail(document_->errorLines());
        return false;
    }
    if (first) {
        runtime::GatewayOptions options;
        options.workers = 1;  // a laptop's local gateway; the CLI's `serve` takes --workers
        options.ephemeralPorts = ephemeralPorts_;
        gateway_ = std::make_unique<runtime::Gateway>(options);
    }
    const runtime::ApplyResult result = gateway_->apply(config);
    config_ = config;
    // Splits are counted from the first poll after the gateway serves the new weights: a poll
    // between the document's change and this apply would count requests the old weights routed.
    splitBaselines_.clear();
    describeListeners(*config, result);
    indexGraph();
    const auto served = std::count_if(result.listeners.begin(), result.listeners.end(), [](const auto& l) { return l.ok; });
    if (result.listeners.empty())
        setMessage(tr("Serving, but no Gateway listener is programmed"));
    else if (served < qsizetype(result.listeners.size())) {
        setMessage(
            tr("%1 of %2 listeners could not be bound").arg(result.listeners.size() - served).arg(result.listeners.size()));
        QStringList details;
        for (const QVariant& l : listeners_) {
            const QVariantMap m = l.toMap();
            if (!m["ok"].toBool())
                details.append(tr("%1/%2: %3").arg(m["gateway"].toString(), m["listener"].toString(), m["error"].toString()));
        }
        fail(details);
    } else if (const QStringList broken = routeErrorsOf(result); !broken.isEmpty()) {
        setMessage(tr("%n route match(es) can never match: a regular expression RE2 refuses", nullptr, int(broken.size())));
        fail(broken);
    } else {
        setMessage(first ? (runtime::net::loopbackAliasesBindable()
                                ? tr("Serving %n listener(s) on loopback", nullptr, int(served))
                                : tr("Serving %n listener(s) on 127.0.0.1 only", nullptr, int(served)))
                         : tr("Applied the change live"));
        succeed();
    }
    emit applied();
    return true;
}

void LiveGateway::describeListeners(const cfg::RuntimeConfig& config, const runtime::ApplyResult& result)
{
    listeners_.clear();
    std::size_t i = 0;
    for (const cfg::Gateway& g : config.gateways)
        for (const cfg::Listener& l : g.listeners) {
            const runtime::BoundListener& b = result.listeners[i++];
            const std::string address = b.address.empty() ? l.address : b.address;
            const std::uint16_t port = b.ok ? b.port : l.servedPort;
            listeners_.push_back(QVariantMap{
                {"gateway", QString::fromStdString(g.name)},
                {"listener", QString::fromStdString(l.listenerName)},
                {"protocol", QString::fromLatin1(cfg::schemeOf(l.protocol)).toUpper()},
                {"port", int(port)},
                {"address", QString::fromStdString(address)},
                {"url",
                 QString::fromStdString(std::string(cfg::schemeOf(l.protocol)) + "://" + address + ":" + std::to_string(port))},
                {"curl", QString::fromStdString(curlCommand(l, address, port))},
                {"host", QString::fromStdString(sampleHost(l))},
                {"ok", b.ok},
                {"error", QString::fromStdString(b.error)},
                // Why 127.0.0.1 (the footer's tooltip): where no other loopback address can be bound.
                {"note",
                 runtime::net::loopbackAliasesBindable()
                     ? QString()
                     : tr("This machine has no loopback address but 127.0.0.1: every Gateway is served "
                          "there, each on its own ports.")}});
        }
    emit listenersChanged();
}

QString LiveGateway::listenerError(const QString& gatewayId, const QString& listener) const
{
    for (const QVariant& v : listeners_) {
        const QVariantMap m = v.toMap();
        if (m["gateway"] == gatewayId && m["listener"] == listener)
            return m["error"].toString();
    }
    return {};
}

int LiveGateway::listenerNotRouted(const QString& gatewayId, const QString& listener) const
{
    const auto it = picture_.notRouted.find(cfg::names::listener(gatewayId.toStdString(), listener.toStdString()));
    return it == picture_.notRouted.end() ? 0 : int(it->second);
}

int LiveGateway::listenerPort(const QString& gatewayId, const QString& listener) const
{
    for (const QVariant& v : listeners_) {
        const QVariantMap m = v.toMap();
        if (m["gateway"] == gatewayId && m["listener"] == listener && m["ok"].toBool())
            return m["port"].toInt();
    }
    return 0;
}

void LiveGateway::copyText(const QString& text) const
{
    if (QClipboard* clipboard = QGuiApplication::clipboard())
        clipboard->setText(text);
}

namespace {

QVariantMap describeCertificate(const cfg::Certificate& c, const std::string& hostname)
{
    QVariantMap out{{"secret", QString::fromStdString(c.name.substr(c.name.find('/') + 1))}};
    std::string error;
    const auto info = runtime::tls::inspectCertificate(c.certificatePem, error);
    QStringList warnings;
    if (!info) {
        out["warnings"] = QStringList{QString::fromStdString("cannot be read: " + error)};
        return out;
    }
    const auto now = std::chrono::system_clock::now();
    const auto daysLeft = std::chrono::duration_cast<std::chrono::hours>(info->notAfter - now).count() / 24;
    const auto date = [](std::chrono::system_clock::time_point t) {
        return QDateTime::fromSecsSinceEpoch(std::chrono::system_clock::to_time_t(t), Qt::UTC).toString(Qt::ISODate);
    };
    QStringList sans;
    for (const std::string& n : info->dnsNames)
        sans << QString::fromStdString(n);
    const bool covers = hostname.empty() || runtime::tls::coversHostname(info->dnsNames, hostname);
    if (!covers)
        warnings << QObject::tr("does not cover the listener's hostname %1").arg(QString::fromStdString(hostname));
    if (info->notAfter <= now)
        warnings << QObject::tr("expired on %1").arg(date(info->notAfter));
    else if (daysLeft < 30)
        warnings << QObject::tr("expires in %n day(s)", nullptr, int(daysLeft));
    if (info->notBefore > now)
        warnings << QObject::tr("not valid before %1").arg(date(info->notBefore));
    out.insert({{"subject", QString::fromStdString(info->subject)},
                {"issuer", QString::fromStdString(info->issuer)},
                {"sans", sans},
                {"notBefore", date(info->notBefore)},
                {"notAfter", date(info->notAfter)},
                {"daysLeft", qint64(daysLeft)},
                {"selfSigned", info->selfSigned},
                {"covers", covers},
                {"warnings", warnings}});
    return out;
}

}  // namespace

QVariantList LiveGateway::certificates(const QString& gatewayId) const
{
    QVariantList out;
    const auto config = currentConfig();
    if (!config)
        return out;
    for (const cfg::Gateway& g : config->gateways) {
        if (g.name != gatewayId.toStdString())
            continue;
        for (const cfg::Listener& l : g.listeners) {
            if (l.tlsMode == cfg::TlsMode::None)
                continue;
            QVariantList certs;
            for (const cfg::Certificate& c : l.certificates)
                certs.push_back(describeCertificate(c, l.hostname));
            out.push_back(QVariantMap{{"listener", QString::fromStdString(l.listenerName)},
                                      {"hostname", QString::fromStdString(l.hostname)},
                                      {"mode", l.tlsMode == cfg::TlsMode::Passthrough ? "Passthrough" : "Terminate"},
                                      {"certificates", certs}});
        }
    }
    return out;
}

void LiveGateway::indexGraph() { served_ = config_ ? servedElements(*config_) : ServedElements{}; }

void LiveGateway::poll()
{
    if (!running())
        return;
    const bool wasActive = window_.active();
    const double now = double(clock_.elapsed()) / 1000.0;
    window_.add(now, gateway_->stats());
    if (window_.active())
        lastActiveSecond_ = now;
    const bool history = now - lastHistorySecond_ >= 1.0;
    if (history)
        lastHistorySecond_ = now;
    // Idle: rates stay 0 and shares do not move; the once-a-second strip scrolls on until the
    // share window has emptied, then an idle gateway costs the GUI nothing but this poll.
    const bool settled = now - lastActiveSecond_ > window_.settleSeconds();
    if (!wasActive && !window_.active() && (!history || settled))
        return;
    computeTraffic(history);
}

// The window and the split baselines, as the picture reads them.
class LiveGateway::Readings : public TrafficReadings {
public:
    explicit Readings(LiveGateway& live) : live_(live) { }
    TrafficRate rate(const std::string& element) const override { return live_.window_.rate(element); }
    std::vector<std::uint32_t> history(const std::string& element) const override { return live_.window_.history(element); }
    std::vector<std::uint64_t> observedCounts(const RuleKey& rule, const std::vector<std::int64_t>& weights,
                                              const std::vector<std::string>& elements) override
    {
        return live_.observedCounts(rule, weights, elements);
    }

private:
    LiveGateway& live_;
};

void LiveGateway::computeTraffic(bool history)
{
    if (!document_) {
        picture_ = {};
        splits_.setRules({});
        return;
    }
    Readings readings(*this);
    picture_ = computeTrafficPicture(document_->scene().edges(), served_, readings, {running(), history});
    splits_.updateTraffic(picture_.splits, history);
    document_->edges()->trafficChanged();
    document_->nodes()->trafficChanged();
    emit trafficChanged();
}

std::vector<std::uint64_t> LiveGateway::observedCounts(const RuleKey& rule, const std::vector<std::int64_t>& weights,
                                                       const std::vector<std::string>& names)
{
    const double now = double(clock_.elapsed()) / 1000.0;
    SplitBaseline& base = splitBaselines_[rule];
    if (base.weights != weights) {
        base = {weights, window_.totals(names), now};
        return std::vector<std::uint64_t>(names.size(), 0);
    }
    std::vector<std::uint64_t> counts = window_.shareCounts(names);
    if (now - base.since <
        window_.shareWindowSeconds()) {  // the share window reaches back before the change: count from the change
        const std::vector<std::uint64_t> totals = window_.totals(names);
        for (std::size_t i = 0; i < counts.size() && i < base.totals.size(); ++i)
            counts[i] = totals[i] >= base.totals[i] ? std::min(counts[i], totals[i] - base.totals[i]) : 0;
    }
    return counts;
}

QVariantMap LiveGateway::edgeTraffic(const QString& edgeId) const
{
    const auto it = picture_.edges.find(edgeId.toStdString());
    if (it == picture_.edges.end())
        return {};
    const EdgeTraffic& t = it->second;
    return {{"rate", t.rate},
            {"errorShare", t.errorShare},
            {"observedPct", t.observedPct},
            {"configuredPct", t.configuredPct},
            {"text", QString::fromStdString(t.text)}};
}

QVariantMap LiveGateway::nodeTraffic(const QString& nodeId) const
{
    const auto it = picture_.nodes.find(nodeId.toStdString());
    if (it == picture_.nodes.end())
        return {};
    return {{"rate", it->second.rate}, {"text", QString::fromStdString(it->second.text)}};
}

bool LiveGateway::setCanaryPercent(const QString& routeId, int ruleIndex, int percent)
{
    if (!document_)
        return false;
    std::vector<std::int64_t> weights;
    for (const GraphEdge& e : document_->scene().edges())
        if (e.kind == EdgeKind::BackendRef && e.from == routeId.toStdString() && e.ruleIndex == ruleIndex)
            weights.push_back(e.weight);
    if (weights.size() < 2) {
        setMessage(tr("Rule %1 of %2 does not split traffic").arg(ruleIndex).arg(routeId));
        return false;
    }
    return document_->edits()->setRuleWeights(routeId, ruleIndex, rollout::canaryWeights(weights, percent), percent);
}

}  // namespace gs::gui

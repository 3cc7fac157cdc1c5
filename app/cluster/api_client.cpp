#include "cluster/api_client.h"

#include <QEventLoop>
#include <QTimer>
#include <QHostAddress>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QSslKey>
#include <QUrl>
#include <cstdlib>

namespace gs::cluster {

namespace {

std::string envValue(const char* upper, const char* lower)
{
    if (const char* value = std::getenv(upper); value && *value)
        return value;
    if (const char* value = std::getenv(lower); value && *value)
        return value;
    return {};
}

// NO_PROXY as Go's http.ProxyFromEnvironment reads it: "*", or hosts and domain suffixes.
bool bypassesProxy(const QString& host)
{
    const QString noProxy = QString::fromStdString(envValue("NO_PROXY", "no_proxy"));
    for (QString entry : noProxy.split(',', Qt::SkipEmptyParts)) {
        entry = entry.trimmed();
        if (entry == "*")
            return true;
        if (entry.startsWith('.'))
            entry.remove(0, 1);
        if (host == entry || host.endsWith("." + entry))
            return true;
    }
    return false;
}

// proxy-url, else HTTPS_PROXY / HTTP_PROXY and NO_PROXY as kubectl honours them.
bool proxyFor(const ClusterEntry& cluster, QNetworkProxy& proxy, std::string& error)
{
    const QUrl server(QString::fromStdString(cluster.server));
    std::string url = cluster.proxyUrl;
    const bool loopback = server.host() == "localhost" || QHostAddress(server.host()).isLoopback();
    if (url.empty() && !loopback && !bypassesProxy(server.host()))  // Go never proxies loopback
        url = server.scheme() == "https" ? envValue("HTTPS_PROXY", "https_proxy") : envValue("HTTP_PROXY", "http_proxy");
    if (url.empty()) {
        proxy = QNetworkProxy(QNetworkProxy::NoProxy);
        return true;
    }
    const QUrl proxyUrl(QString::fromStdString(url));
    const QString scheme = proxyUrl.scheme();
    QNetworkProxy::ProxyType type = QNetworkProxy::HttpProxy;
    if (scheme == "socks5")
        type = QNetworkProxy::Socks5Proxy;
    else if (scheme != "http" && scheme != "https") {
        error = "proxy-url " + proxyUrl.toString(QUrl::RemoveUserInfo).toStdString() +
            ": only http, https and socks5 proxies are supported";
        return false;
    }
    proxy = QNetworkProxy(type, proxyUrl.host(), quint16(proxyUrl.port(scheme == "socks5" ? 1080 : 3128)), proxyUrl.userName(),
                          proxyUrl.password());
    return true;
}

std::optional<QSslKey> privateKeyFromPem(const std::string& pem)
{
    const QByteArray data = QByteArray::fromStdString(pem);
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
        QSslKey key(data, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            return key;
    }
    return std::nullopt;
}

bool setClientCertificate(QSslConfiguration& tls, const std::string& certificatePem, const std::string& keyPem,
                          const char* origin, std::string& error)
{
    const QList<QSslCertificate> chain = QSslCertificate::fromData(QByteArray::fromStdString(certificatePem), QSsl::Pem);
    if (chain.isEmpty()) {
        error = std::string(origin) + ": the client certificate is not a PEM certificate";
        return false;
    }
    const std::optional<QSslKey> key = privateKeyFromPem(keyPem);
    if (!key) {
        error = std::string(origin) + ": the client key is not an RSA, EC or DSA private key in PEM";
        return false;
    }
    tls.setLocalCertificateChain(chain);
    tls.setPrivateKey(*key);
    return true;
}

std::string sslErrorText(const QList<QSslError>& errors)
{
    std::string text;
    for (const QSslError& e : errors)
        text += (text.empty() ? "" : "; ") + e.errorString().toStdString();
    return text;
}

}  // namespace

ApiClient::ApiClient(ContextAccess access, ClientOptions options) : access_(std::move(access)), options_(std::move(options)) { }

ApiClient::~ApiClient() = default;

bool ApiClient::prepare(std::string& error)
{
    network_ = std::make_unique<QNetworkAccessManager>();
    network_->setAutoDeleteReplies(false);
    network_->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    QNetworkProxy proxy;
    if (!proxyFor(access_.cluster, proxy, error))
        return false;
    network_->setProxy(proxy);
    if (!access_.user.authProvider.empty()) {
        error = "user \"" + access_.userName + "\" uses the auth-provider \"" + access_.user.authProvider +
            "\", which kubectl itself no longer supports; switch it to an exec credential plugin (kubelogin, "
            "gke-gcloud-auth-plugin, aws eks get-token)";
        return false;
    }
    if (access_.user.impersonateGroups.size() > 1) {
        // QtNetwork sends a header once, and the API server reads each Impersonate-Group line
        // as one group: several groups cannot be sent as kubectl sends them.
        error = "user \"" + access_.userName + "\" impersonates several groups (as-groups); Gateway Studio can send one only";
        return false;
    }
    if (!setUpTls(error))
        return false;
    if (access_.user.exec && !refreshExecCredential(error))
        return false;
    prepared_ = true;
    return true;
}

bool ApiClient::setUpTls(std::string& error)
{
    tls_ = std::make_unique<QSslConfiguration>(QSslConfiguration::defaultConfiguration());
    const ClusterEntry& cluster = access_.cluster;
    if (cluster.insecureSkipTlsVerify) {
        tls_->setPeerVerifyMode(QSslSocket::VerifyNone);
    } else if (!cluster.certificateAuthorityData.empty()) {
        // As client-go: the kubeconfig's CA replaces the system's roots, not adds to them.
        const auto cas = QSslCertificate::fromData(QByteArray::fromStdString(cluster.certificateAuthorityData), QSsl::Pem);
        if (cas.isEmpty()) {
            error = "cluster \"" + access_.clusterName + "\": the certificate authority is not a PEM certificate";
            return false;
        }
        tls_->setCaCertificates(cas);
    }
    const UserEntry& user = access_.user;
    if (!user.clientCertificateData.empty() || !user.clientKeyData.empty())
        return setClientCertificate(*tls_, user.clientCertificateData, user.clientKeyData,
                                    ("user \"" + access_.userName + "\"").c_str(), error);
    return true;
}

bool ApiClient::refreshExecCredential(std::string& error)
{
    execCredential_ = runExecPlugin(*access_.user.exec, access_.cluster, options_.execTimeoutMs, error);
    if (!execCredential_)
        return false;
    if (!execCredential_->clientCertificatePem.empty())
        return setClientCertificate(*tls_, execCredential_->clientCertificatePem, execCredential_->clientKeyPem,
                                    "the exec credential plugin", error);
    return true;
}

bool ApiClient::applyCredentials(QNetworkRequest& request, std::string& error)
{
    const UserEntry& user = access_.user;
    if (execCredential_ && execCredential_->expiry.isValid() &&
        execCredential_->expiry < QDateTime::currentDateTimeUtc().addSecs(10) && !refreshExecCredential(error))
        return false;
    // As client-go: a tokenFile, read at each call since it rotates, wins over an inline token.
    std::string token = user.token;
    if (!user.tokenFile.empty()) {
        const auto fromFile = readTokenFile(user.tokenFile, error);
        if (!fromFile)
            return false;
        token = *fromFile;
    }
    if (token.empty() && execCredential_)
        token = execCredential_->token;
    if (!token.empty())
        request.setRawHeader("Authorization", "Bearer " + QByteArray::fromStdString(token));
    else if (!user.username.empty())
        request.setRawHeader("Authorization",
                             "Basic " + QByteArray::fromStdString(user.username + ":" + user.password).toBase64());
    if (!user.impersonate.empty())
        request.setRawHeader("Impersonate-User", QByteArray::fromStdString(user.impersonate));
    if (!user.impersonateGroups.empty())
        request.setRawHeader("Impersonate-Group", QByteArray::fromStdString(user.impersonateGroups.front()));
    request.setSslConfiguration(*tls_);
    return true;
}

ApiResponse ApiClient::get(const std::string& path) { return send("GET", path, {}, {}); }

ApiResponse ApiClient::send(const std::string& method, const std::string& path, const std::string& contentType,
                            const QByteArray& body)
{
    ApiResponse response = perform(method, path, contentType, body, nullptr, options_.requestTimeoutMs);
    std::string error;
    // client-go re-runs an exec plugin once when its credential is refused: it may have expired early.
    if (response.httpStatus == 401 && access_.user.exec) {
        if (refreshExecCredential(error))
            response = perform(method, path, contentType, body, nullptr, options_.requestTimeoutMs);
        else
            response = ApiResponse{0, {}, "the credential was refused (401) and the exec plugin could not renew it: " + error};
    }
    return response;
}

ApiResponse ApiClient::stream(const std::string& path, const std::function<bool(const QByteArray&)>& onLine, int idleTimeoutMs)
{
    return perform("GET", path, {}, {}, &onLine, idleTimeoutMs);
}

std::optional<QNetworkRequest> ApiClient::buildRequest(const std::string& path, const std::string& contentType, int timeoutMs,
                                                       std::string& error)
{
    if (!prepared_ && !prepare(error))
        return std::nullopt;
    std::string server = access_.cluster.server;
    while (server.ends_with('/'))
        server.pop_back();
    QNetworkRequest request(QUrl(QString::fromStdString(server + path)));
    request.setTransferTimeout(timeoutMs);
    request.setRawHeader("Accept", "application/json");
    request.setRawHeader("User-Agent", QByteArray::fromStdString(options_.userAgent));
    if (!contentType.empty())
        request.setRawHeader("Content-Type", QByteArray::fromStdString(contentType));
    if (!access_.cluster.tlsServerName.empty())
        request.setPeerVerifyName(QString::fromStdString(access_.cluster.tlsServerName));
    if (!applyCredentials(request, error))
        return std::nullopt;
    return request;
}

QNetworkReply* ApiClient::openStream(const std::string& path, int idleTimeoutMs, std::string& error)
{
    const auto request = buildRequest(path, {}, idleTimeoutMs, error);
    if (!request)
        return nullptr;
    // Each stream gets its own manager: over HTTP/1.1 a manager opens at most six connections to
    // a host and queues the rest, and a watch holds its connection for good.
    auto* network = new QNetworkAccessManager;
    network->setProxy(network_->proxy());
    network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    QNetworkReply* reply = network->get(*request);
    QObject::connect(reply, &QObject::destroyed, network, &QObject::deleteLater);
    return reply;
}

ApiResponse ApiClient::perform(const std::string& method, const std::string& path, const std::string& contentType,
                               const QByteArray& body, const std::function<bool(const QByteArray&)>* onLine, int timeoutMs)
{
    ApiResponse response;
    if (isCancelled()) {
        response.networkError = "cancelled";
        return response;
    }
    const auto request = buildRequest(path, contentType, timeoutMs, response.networkError);
    if (!request)
        return response;
    QNetworkReply* reply = network_->sendCustomRequest(*request, QByteArray::fromStdString(method), body);
    QEventLoop loop;
    QList<QSslError> sslErrors;
    bool stoppedByCaller = false;
    QByteArray pending;
    QObject::connect(reply, &QNetworkReply::sslErrors, reply, [&](const QList<QSslError>& errors) { sslErrors = errors; });
    if (onLine) {
        QObject::connect(reply, &QIODevice::readyRead, reply, [&] {
            if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200)
                return;  // an error answer is read whole at the end
            pending += reply->readAll();
            qsizetype newline;
            while (!stoppedByCaller && (newline = pending.indexOf('\n')) >= 0) {
                const QByteArray line = pending.left(newline);
                pending.remove(0, newline + 1);
                if (!line.trimmed().isEmpty() && !(*onLine)(line)) {
                    stoppedByCaller = true;
                    reply->abort();
                }
            }
        });
    }
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer cancelPoll;  // cancel() comes from another thread: looked at ten times a second
    QObject::connect(&cancelPoll, &QTimer::timeout, reply, [&] {
        if (isCancelled())
            reply->abort();
    });
    cancelPoll.start(100);
    if (!reply->isFinished())
        loop.exec();
    if (!reply->isFinished()) {  // the thread is quitting: its loops return at once
        reply->abort();
        cancelled_ = true;
    }

    response.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->isOpen())
        response.body = reply->readAll();
    if (onLine && response.httpStatus == 200 && !stoppedByCaller && !pending.trimmed().isEmpty())
        (*onLine)(pending);  // a last line without its newline
    const QNetworkReply::NetworkError failure = reply->error();
    if (isCancelled()) {
        response.httpStatus = 0;
        response.networkError = "cancelled";
    } else if (stoppedByCaller) {
        response.networkError.clear();
    } else if (failure == QNetworkReply::OperationCanceledError || failure == QNetworkReply::TimeoutError) {
        response.networkError = "no answer within " + std::to_string(timeoutMs / 1000) + " s";
    } else if (!sslErrors.isEmpty()) {
        response.networkError = "TLS: " + sslErrorText(sslErrors);
    } else if (response.httpStatus == 0 && failure != QNetworkReply::NoError) {
        response.networkError = reply->errorString().toStdString();
    } else if (onLine && failure != QNetworkReply::NoError && response.httpStatus == 200) {
        response.networkError = "the stream was cut: " + reply->errorString().toStdString();
    }
    reply->deleteLater();
    return response;
}

}  // namespace gs::cluster

#pragma once
// A Kubernetes API client over QtNetwork for one kubeconfig context: TLS with the cluster's CA (or
// none with insecure-skip-tls-verify), tls-server-name, proxy-url, client certificates, bearer
// tokens, token files, basic auth, exec credential plugins (re-run once on 401, as client-go does)
// and impersonation. Calls block the calling thread (a local event loop) until the answer or the
// timeout; the editor runs them on a worker thread. One ApiClient belongs to one thread.
//
// Credentials stay in this object: never logged, never in an error message.

#include <QByteArray>
#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "cluster/credentials.h"
#include "cluster/kubeconfig.h"

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;
class QSslConfiguration;

namespace gs::cluster {

struct ApiResponse {
    int httpStatus = 0;  // 0: no HTTP answer (see networkError)
    QByteArray body;
    std::string networkError;  // why there was no answer: refused, timed out, TLS, ...
    bool ok() const { return httpStatus >= 200 && httpStatus < 300; }
};

struct ClientOptions {
    int requestTimeoutMs = 15000;  // no byte for this long: the call fails (kubectl --request-timeout)
    int execTimeoutMs = 60000;
    std::string userAgent = "gateway-studio";
    // Shared with whoever may cancel from another thread (the editor's worker): when true, the call
    // in progress ends and later ones fail without trying.
    std::shared_ptr<std::atomic<bool>> cancelled;
};

class ApiClient {
public:
    explicit ApiClient(ContextAccess access, ClientOptions options = {});
    ~ApiClient();
    ApiClient(const ApiClient&) = delete;
    ApiClient& operator=(const ApiClient&) = delete;

    // Sets up TLS and the credentials (running an exec plugin when the user has one). False with
    // `error` when the kubeconfig's certificates or keys cannot be used or the plugin fails.
    bool prepare(std::string& error);

    // `path` is the API path with its query ("/apis/gateway.networking.k8s.io/v1/httproutes?limit=500").
    ApiResponse get(const std::string& path);
    ApiResponse send(const std::string& method, const std::string& path, const std::string& contentType, const QByteArray& body);

    // A watch or other line-delimited stream: `onLine` gets each line as it arrives and returns
    // false to stop. Returns when the server ends the stream, the connection drops, `onLine`
    // stops, or nothing (not even a bookmark) arrives for `idleTimeoutMs`. The response's status
    // says which: networkError is set for a drop or an idle timeout.
    ApiResponse stream(const std::string& path, const std::function<bool(const QByteArray& line)>& onLine, int idleTimeoutMs);

    // The same stream without blocking, for watches that run side by side on one event loop: the
    // reply (owned by the caller; delete it to stop; it has a connection of its own), or nullptr
    // with `error`.
    QNetworkReply* openStream(const std::string& path, int idleTimeoutMs, std::string& error);

    // Set from any thread: the call in progress ends at once ("cancelled") and later calls fail
    // without trying. For a window closing or a user disconnecting in the middle of a pull.
    void cancel() { cancelled_ = true; }

    const ContextAccess& access() const { return access_; }
    std::string target() const { return describeTarget(access_); }

private:
    ApiResponse perform(const std::string& method, const std::string& path, const std::string& contentType,
                        const QByteArray& body, const std::function<bool(const QByteArray&)>* onLine, int timeoutMs);
    bool applyCredentials(QNetworkRequest& request, std::string& error);
    std::optional<QNetworkRequest> buildRequest(const std::string& path, const std::string& contentType, int timeoutMs,
                                                std::string& error);
    bool setUpTls(std::string& error);
    bool refreshExecCredential(std::string& error);

    ContextAccess access_;
    ClientOptions options_;
    std::unique_ptr<QNetworkAccessManager> network_;
    std::unique_ptr<QSslConfiguration> tls_;
    std::optional<ExecCredential> execCredential_;
    bool isCancelled() const { return cancelled_ || (options_.cancelled && *options_.cancelled); }

    bool prepared_ = false;
    std::atomic<bool> cancelled_ = false;
};

}  // namespace gs::cluster

#pragma once
// Runs tests/support/fake_apiserver.py (a local Kubernetes API server: see its docstring) as a
// child process for one test, with a fresh state folder (certificates, token, kubeconfig), and
// talks to its control endpoints. Needs python3 and openssl; `start` says why when it fails.

#include <QByteArray>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QFile>
#include <QSslConfiguration>
#include <QSslKey>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QUrl>
#include <memory>

namespace gs::test {

class FakeApiServer {
public:
    // `args`: the fixture's options (--seed FILE, --generate-routes N, --deny VERB:RESOURCE, ...).
    bool start(const QStringList& args, QString& error)
    {
        const QString python = QStandardPaths::findExecutable("python3");
        if (python.isEmpty()) {
            error = "python3 is not installed";
            return false;
        }
        process_ = std::make_unique<QProcess>();
        process_->setProcessChannelMode(QProcess::SeparateChannels);
        process_->setStandardErrorFile(dir_.filePath("server.log"));
        process_->start(
            python,
            QStringList{QStringLiteral(GWS_SOURCE_DIR "/tests/support/fake_apiserver.py"), "--state-dir", dir_.path()} + args);
        QByteArray out;
        while (!out.contains('\n')) {
            if (!process_->waitForReadyRead(30000)) {
                error = "the fixture did not start: " + readLog();
                return false;
            }
            out += process_->readAllStandardOutput();
        }
        const QByteArray line = out.left(out.indexOf('\n')).trimmed();
        if (!line.startsWith("ready ")) {
            error = "the fixture said: " + QString::fromUtf8(line);
            return false;
        }
        url_ = QString::fromUtf8(line.mid(6));
        return true;
    }

    ~FakeApiServer()
    {
        if (process_ && process_->state() != QProcess::NotRunning) {
            process_->terminate();
            if (!process_->waitForFinished(5000))
                process_->kill();
            process_->waitForFinished(2000);
        }
    }

    QString url() const { return url_; }
    QString stateDir() const { return dir_.path(); }
    QString kubeconfig() const { return dir_.filePath("kubeconfig"); }
    QString path(const QString& name) const { return dir_.filePath(name); }
    QString readLog() const
    {
        QFile log(dir_.filePath("server.log"));
        return log.open(QIODevice::ReadOnly) ? QString::fromUtf8(log.readAll().right(2000)) : QString();
    }

    // A request to the fixture, as the user alice with her client certificate: for control
    // endpoints and for playing the cluster's controller in tests (writing status, deleting).
    // Returns the HTTP status and sets `body`.
    int call(const QByteArray& method, const QString& apiPath, const QByteArray& payload = {}, QByteArray* body = nullptr,
             const QByteArray& contentType = "application/json")
    {
        QNetworkAccessManager network;
        QNetworkRequest request(QUrl(url_ + apiPath));
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setCaCertificates(QSslCertificate::fromPath(dir_.filePath("ca.crt")));
        QFile certificate(dir_.filePath("client.crt")), key(dir_.filePath("client.key"));
        if (certificate.open(QIODevice::ReadOnly) && key.open(QIODevice::ReadOnly)) {
            tls.setLocalCertificate(QSslCertificate(certificate.readAll()));
            const QByteArray pem = key.readAll();
            QSslKey rsa(pem, QSsl::Rsa), ec(pem, QSsl::Ec);
            tls.setPrivateKey(rsa.isNull() ? ec : rsa);
        }
        request.setSslConfiguration(tls);
        request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
        request.setTransferTimeout(10000);
        QNetworkReply* reply = network.sendCustomRequest(request, method, payload);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (body)
            *body = reply->readAll();
        reply->deleteLater();
        return status;
    }

private:
    QTemporaryDir dir_;
    std::unique_ptr<QProcess> process_;
    QString url_;
};

}  // namespace gs::test

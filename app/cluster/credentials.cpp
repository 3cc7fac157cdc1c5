#include "cluster/credentials.h"

#include <nlohmann/json.hpp>

#include <QByteArray>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>

namespace gs::cluster {

namespace {

using nlohmann::json;

std::string execInfo(const ExecConfig& exec, const ClusterEntry& cluster)
{
    json info = {{"apiVersion", exec.apiVersion}, {"kind", "ExecCredential"}, {"spec", {{"interactive", false}}}};
    if (exec.provideClusterInfo) {
        json c = {{"server", cluster.server}, {"insecure-skip-tls-verify", cluster.insecureSkipTlsVerify}};
        if (!cluster.certificateAuthorityData.empty())
            c["certificate-authority-data"] =
                QByteArray::fromStdString(cluster.certificateAuthorityData).toBase64().toStdString();
        if (!cluster.tlsServerName.empty())
            c["tls-server-name"] = cluster.tlsServerName;
        if (!cluster.proxyUrl.empty())
            c["proxy-url"] = cluster.proxyUrl;
        info["spec"]["cluster"] = c;
    }
    return info.dump();
}

std::string tail(const QByteArray& output, std::size_t max = 400)
{
    std::string text = output.trimmed().toStdString();
    if (text.size() > max)
        text = "..." + text.substr(text.size() - max);
    return text;
}

std::optional<ExecCredential> parseCredential(const QByteArray& output, const std::string& command, std::string& error)
{
    const json doc = json::parse(output.constData(), output.constData() + output.size(), nullptr, false);
    if (!doc.is_object() || !doc.contains("kind") || doc["kind"] != "ExecCredential" || !doc.contains("status") ||
        !doc["status"].is_object()) {
        error = "the exec credential plugin " + command + " did not print an ExecCredential with a status";
        return std::nullopt;
    }
    const json& status = doc["status"];
    const auto text = [&](const char* key) {
        return status.contains(key) && status[key].is_string() ? status[key].get<std::string>() : std::string();
    };
    ExecCredential credential;
    credential.token = text("token");
    credential.clientCertificatePem = text("clientCertificateData");
    credential.clientKeyPem = text("clientKeyData");
    if (const std::string expiry = text("expirationTimestamp"); !expiry.empty())
        credential.expiry = QDateTime::fromString(QString::fromStdString(expiry), Qt::ISODate);
    const bool hasCertificate = !credential.clientCertificatePem.empty() && !credential.clientKeyPem.empty();
    if (credential.token.empty() && !hasCertificate) {
        error = "the exec credential plugin " + command + " gave neither a token nor a client certificate and key";
        return std::nullopt;
    }
    return credential;
}

}  // namespace

std::optional<ExecCredential> runExecPlugin(const ExecConfig& exec, const ClusterEntry& cluster, int timeoutMs,
                                            std::string& error)
{
    if (exec.apiVersion != "client.authentication.k8s.io/v1" && exec.apiVersion != "client.authentication.k8s.io/v1beta1") {
        error = "exec credential plugin apiVersion \"" + exec.apiVersion +
            "\" is not supported (client.authentication.k8s.io/v1 or v1beta1)";
        return std::nullopt;
    }
    if (exec.interactiveMode == "Always") {
        error = "the exec credential plugin " + exec.command +
            " needs a terminal (interactiveMode: Always); log in with it in a terminal first";
        return std::nullopt;
    }
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const auto& [name, value] : exec.env)
        environment.insert(QString::fromStdString(name), QString::fromStdString(value));
    environment.insert("KUBERNETES_EXEC_INFO", QString::fromStdString(execInfo(exec, cluster)));
    QProcess process;
    process.setProcessEnvironment(environment);
    process.setInputChannelMode(QProcess::ManagedInputChannel);
    QStringList args;
    for (const std::string& arg : exec.args)
        args << QString::fromStdString(arg);
    process.start(QString::fromStdString(exec.command), args);
    if (!process.waitForStarted(timeoutMs)) {
        error = "the exec credential plugin " + exec.command + " cannot be started (" + process.errorString().toStdString() + ")";
        if (!exec.installHint.empty())
            error += ". " + exec.installHint;
        return std::nullopt;
    }
    process.closeWriteChannel();
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(1000);
        error =
            "the exec credential plugin " + exec.command + " did not finish within " + std::to_string(timeoutMs / 1000) + " s";
        return std::nullopt;
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        error = "the exec credential plugin " + exec.command + " failed (exit " + std::to_string(process.exitCode()) + ")";
        if (const std::string stderrTail = tail(process.readAllStandardError()); !stderrTail.empty())
            error += ": " + stderrTail;
        return std::nullopt;
    }
    return parseCredential(process.readAllStandardOutput(), exec.command, error);
}

std::optional<std::string> readTokenFile(const std::string& path, std::string& error)
{
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly)) {
        error = "tokenFile " + path + " cannot be read";
        return std::nullopt;
    }
    return file.readAll().trimmed().toStdString();
}

}  // namespace gs::cluster

#pragma once
// Credentials that come from outside the kubeconfig: exec credential plugins
// (client.authentication.k8s.io v1 and v1beta1, as EKS, GKE and AKS use) and token files.
// What they yield is kept in memory only, never logged or written.

#include <QDateTime>
#include <optional>
#include <string>

#include "cluster/kubeconfig.h"

namespace gs::cluster {

struct ExecCredential {
    std::string token;
    std::string clientCertificatePem;
    std::string clientKeyPem;
    QDateTime expiry;  // invalid: no expiry given
};

// Runs the plugin as kubectl does: its args and env, KUBERNETES_EXEC_INFO describing the request
// (spec.interactive false; spec.cluster when provideClusterInfo), stdin closed. A plugin that
// needs a terminal (interactiveMode Always) is refused. nullopt with `error` when it cannot start
// (with its installHint), fails (with the end of its stderr), takes longer than `timeoutMs`, or
// prints something that is not an ExecCredential with a token or a certificate and key.
std::optional<ExecCredential> runExecPlugin(const ExecConfig& exec, const ClusterEntry& cluster, int timeoutMs,
                                            std::string& error);

// The token of a tokenFile, trimmed; read at each use, since such files are rotated.
std::optional<std::string> readTokenFile(const std::string& path, std::string& error);

}  // namespace gs::cluster

#pragma once
// Kubeconfig files as kubectl reads them (client-go's clientcmd loading rules), without network:
// which files, how they merge, and what a context resolves to. Credentials are carried in memory
// only; nothing here logs or writes them.
//
// Loading: an explicit file (--kubeconfig) alone; else every file of $KUBECONFIG (':'-separated,
// empty and missing entries skipped); else ~/.kube/config. Merging: the first file that defines
// a cluster, user or context name wins, and so does the first non-empty current-context.
// Relative paths in a file (certificate-authority, client-certificate, client-key, tokenFile, an
// exec command containing '/') are relative to that file's folder.

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace gs::cluster {

struct ExecConfig {
    std::string apiVersion;  // client.authentication.k8s.io/v1 or v1beta1
    std::string command;
    std::vector<std::string> args;
    std::vector<std::pair<std::string, std::string>> env;
    std::string installHint;
    std::string interactiveMode;  // Never, IfAvailable, Always ("" = IfAvailable)
    bool provideClusterInfo = false;
};

struct ClusterEntry {
    std::string server;
    std::string certificateAuthorityFile;
    std::string certificateAuthorityData;  // PEM, decoded from base64
    bool insecureSkipTlsVerify = false;
    std::string tlsServerName;
    std::string proxyUrl;
};

struct UserEntry {
    std::string clientCertificateFile;
    std::string clientCertificateData;  // PEM
    std::string clientKeyFile;
    std::string clientKeyData;  // PEM
    std::string token;
    std::string tokenFile;
    std::string username;
    std::string password;
    std::optional<ExecConfig> exec;
    std::string authProvider;  // name of a legacy auth-provider, which is refused
    std::string impersonate;  // `as`
    std::vector<std::string> impersonateGroups;  // `as-groups`
};

struct ContextEntry {
    std::string cluster;
    std::string user;
    std::string ns;
};

struct Kubeconfig {
    std::vector<std::string> files;  // the files read, in merge order
    std::map<std::string, ClusterEntry> clusters;
    std::map<std::string, UserEntry> users;
    std::map<std::string, ContextEntry> contexts;
    std::string currentContext;
};

// Everything needed to talk to one context's API server.
struct ContextAccess {
    std::string contextName;
    std::string clusterName;
    std::string userName;
    std::string ns;  // the context's namespace, "default" when unset
    ClusterEntry cluster;  // file references already read into the *Data fields
    UserEntry user;  // idem
};

// Which files kubectl would read: `explicitPath` alone when set, else $KUBECONFIG's, else
// ~/.kube/config. Files that do not exist are left out (an explicit one is kept, to be reported).
std::vector<std::string> kubeconfigFiles(const std::string& explicitPath);

// Reads and merges the files. Returns nullopt with `error` (naming the file and, for YAML errors,
// the line) when a file cannot be read or is not a kubeconfig, or when there are no files.
std::optional<Kubeconfig> loadKubeconfig(const std::vector<std::string>& files, std::string& error);

// The named context (the current one when `context` is empty) with its cluster and user, file
// references read. nullopt with `error` when it is missing or incomplete, or a file it names cannot
// be read.
std::optional<ContextAccess> resolveContext(const Kubeconfig& config, const std::string& context, std::string& error);

// "https://host:6443 (cluster NAME, context NAME)": how the commands and the editor name a target.
std::string describeTarget(const ContextAccess& access);

}  // namespace gs::cluster

#include "cluster/kubeconfig.h"

#include <yaml-cpp/yaml.h>

#include <QByteArray>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace gs::cluster {

namespace {

namespace fs = std::filesystem;

std::string text(const YAML::Node& node, const char* key)
{
    const YAML::Node value = node[key];
    return value && value.IsScalar() ? value.as<std::string>() : std::string();
}

bool flag(const YAML::Node& node, const char* key)
{
    const YAML::Node value = node[key];
    return value && value.IsScalar() && value.as<std::string>() == "true";
}

std::string decodeBase64(const std::string& data)
{
    const QByteArray decoded = QByteArray::fromBase64(QByteArray::fromStdString(data));
    return decoded.toStdString();
}

// A path written in `file` as client-go resolves it: relative paths against the file's folder.
std::string resolvePath(const std::string& path, const std::string& file)
{
    if (path.empty() || fs::path(path).is_absolute())
        return path;
    return (fs::path(file).parent_path() / path).lexically_normal().string();
}

bool readFile(const std::string& path, std::string& out)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return false;
    std::ostringstream buffer;
    buffer << in.rdbuf();
    out = buffer.str();
    return true;
}

ClusterEntry parseCluster(const YAML::Node& node, const std::string& file)
{
    ClusterEntry cluster;
    cluster.server = text(node, "server");
    cluster.certificateAuthorityFile = resolvePath(text(node, "certificate-authority"), file);
    cluster.certificateAuthorityData = decodeBase64(text(node, "certificate-authority-data"));
    cluster.insecureSkipTlsVerify = flag(node, "insecure-skip-tls-verify");
    cluster.tlsServerName = text(node, "tls-server-name");
    cluster.proxyUrl = text(node, "proxy-url");
    return cluster;
}

ExecConfig parseExec(const YAML::Node& node, const std::string& file)
{
    ExecConfig exec;
    exec.apiVersion = text(node, "apiVersion");
    exec.command = text(node, "command");
    // client-go: a relative command with a path separator is relative to the kubeconfig's folder;
    // a bare name is looked up on PATH.
    if (exec.command.find('/') != std::string::npos)
        exec.command = resolvePath(exec.command, file);
    if (const YAML::Node args = node["args"]; args && args.IsSequence())
        for (const YAML::Node& arg : args)
            exec.args.push_back(arg.as<std::string>());
    if (const YAML::Node env = node["env"]; env && env.IsSequence())
        for (const YAML::Node& entry : env)
            exec.env.emplace_back(text(entry, "name"), text(entry, "value"));
    exec.installHint = text(node, "installHint");
    exec.interactiveMode = text(node, "interactiveMode");
    exec.provideClusterInfo = flag(node, "provideClusterInfo");
    return exec;
}

UserEntry parseUser(const YAML::Node& node, const std::string& file)
{
    UserEntry user;
    user.clientCertificateFile = resolvePath(text(node, "client-certificate"), file);
    user.clientCertificateData = decodeBase64(text(node, "client-certificate-data"));
    user.clientKeyFile = resolvePath(text(node, "client-key"), file);
    user.clientKeyData = decodeBase64(text(node, "client-key-data"));
    user.token = text(node, "token");
    user.tokenFile = resolvePath(text(node, "tokenFile"), file);
    user.username = text(node, "username");
    user.password = text(node, "password");
    if (const YAML::Node exec = node["exec"]; exec && exec.IsMap())
        user.exec = parseExec(exec, file);
    if (const YAML::Node provider = node["auth-provider"]; provider && provider.IsMap())
        user.authProvider = text(provider, "name");
    user.impersonate = text(node, "as");
    if (const YAML::Node groups = node["as-groups"]; groups && groups.IsSequence())
        for (const YAML::Node& group : groups)
            user.impersonateGroups.push_back(group.as<std::string>());
    return user;
}

ContextEntry parseContext(const YAML::Node& node)
{
    return ContextEntry{text(node, "cluster"), text(node, "user"), text(node, "namespace")};
}

// Adds the named entries of `list` (clusters, users or contexts) that are not defined yet.
template <typename Entry, typename Parse>
void mergeNamed(const YAML::Node& list, const char* field, std::map<std::string, Entry>& into, Parse parse)
{
    if (!list || !list.IsSequence())
        return;
    for (const YAML::Node& item : list) {
        const std::string name = text(item, "name");
        const YAML::Node body = item[field];
        if (name.empty() || !body || !body.IsMap() || into.contains(name))
            continue;
        into.emplace(name, parse(body));
    }
}

bool mergeFile(const std::string& file, Kubeconfig& config, std::string& error)
{
    std::string content;
    if (!readFile(file, content)) {
        error = file + ": cannot read the kubeconfig file";
        return false;
    }
    YAML::Node root;
    try {
        root = YAML::Load(content);
    } catch (const YAML::Exception& e) {
        error = file + ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1) +
            ": not a kubeconfig: " + e.msg;
        return false;
    }
    if (root.IsNull())
        return true;  // an empty file merges as nothing, as in kubectl
    if (!root.IsMap()) {
        error = file + ": not a kubeconfig (expected a map with clusters, users and contexts)";
        return false;
    }
    try {
        mergeNamed(root["clusters"], "cluster", config.clusters, [&](const YAML::Node& n) { return parseCluster(n, file); });
        mergeNamed(root["users"], "user", config.users, [&](const YAML::Node& n) { return parseUser(n, file); });
        mergeNamed(root["contexts"], "context", config.contexts, parseContext);
    } catch (const YAML::Exception& e) {
        error = file + ":" + std::to_string(e.mark.line + 1) + ": malformed kubeconfig entry: " + e.msg;
        return false;
    }
    if (config.currentContext.empty())
        config.currentContext = text(root, "current-context");
    config.files.push_back(file);
    return true;
}

// Reads a file a kubeconfig names into `data`, unless the data was given inline.
bool readReferenced(const std::string& path, std::string& data, const char* what, std::string& error)
{
    if (!data.empty() || path.empty())
        return true;
    if (!readFile(path, data)) {
        error = std::string(what) + " file " + path + " cannot be read";
        return false;
    }
    return true;
}

}  // namespace

std::vector<std::string> kubeconfigFiles(const std::string& explicitPath)
{
    if (!explicitPath.empty())
        return {explicitPath};
    std::vector<std::string> files;
    if (const char* env = std::getenv("KUBECONFIG"); env && *env) {
        std::stringstream list(env);
        std::string entry;
        while (std::getline(list, entry, ':'))
            if (!entry.empty() && fs::exists(entry) && std::find(files.begin(), files.end(), entry) == files.end())
                files.push_back(entry);
        return files;
    }
    if (const char* home = std::getenv("HOME"); home && *home) {
        const std::string path = std::string(home) + "/.kube/config";
        if (fs::exists(path))
            files.push_back(path);
    }
    return files;
}

std::optional<Kubeconfig> loadKubeconfig(const std::vector<std::string>& files, std::string& error)
{
    if (files.empty()) {
        error = "no kubeconfig: set KUBECONFIG, pass --kubeconfig FILE, or create ~/.kube/config";
        return std::nullopt;
    }
    Kubeconfig config;
    for (const std::string& file : files)
        if (!mergeFile(file, config, error))
            return std::nullopt;
    return config;
}

std::optional<ContextAccess> resolveContext(const Kubeconfig& config, const std::string& context, std::string& error)
{
    const std::string name = context.empty() ? config.currentContext : context;
    if (name.empty()) {
        error = "the kubeconfig has no current-context; name one with --context";
        return std::nullopt;
    }
    const auto found = config.contexts.find(name);
    if (found == config.contexts.end()) {
        error = "context \"" + name + "\" is not in the kubeconfig";
        return std::nullopt;
    }
    ContextAccess access;
    access.contextName = name;
    access.clusterName = found->second.cluster;
    access.userName = found->second.user;
    access.ns = found->second.ns.empty() ? "default" : found->second.ns;
    const auto cluster = config.clusters.find(access.clusterName);
    if (cluster == config.clusters.end() || cluster->second.server.empty()) {
        error = "context \"" + name + "\" names cluster \"" + access.clusterName +
            "\", which is not in the kubeconfig or has no server";
        return std::nullopt;
    }
    access.cluster = cluster->second;
    if (!access.userName.empty()) {
        const auto user = config.users.find(access.userName);
        if (user == config.users.end()) {
            error = "context \"" + name + "\" names user \"" + access.userName + "\", which is not in the kubeconfig";
            return std::nullopt;
        }
        access.user = user->second;
    }
    if (!readReferenced(access.cluster.certificateAuthorityFile, access.cluster.certificateAuthorityData, "certificate-authority",
                        error) ||
        !readReferenced(access.user.clientCertificateFile, access.user.clientCertificateData, "client-certificate", error) ||
        !readReferenced(access.user.clientKeyFile, access.user.clientKeyData, "client-key", error))
        return std::nullopt;
    return access;
}

std::string describeTarget(const ContextAccess& access)
{
    return access.cluster.server + " (cluster " + access.clusterName + ", context " + access.contextName + ")";
}

}  // namespace gs::cluster

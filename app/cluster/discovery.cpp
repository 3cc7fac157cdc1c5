#include "cluster/discovery.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

#include "cluster/api_errors.h"
#include "cluster/json_yaml.h"

namespace gs::cluster {

namespace {

using nlohmann::json;

// The standard channel of the bundle Gateway Studio implements, in kind order.
const std::vector<std::string>& standardKinds()
{
    static const std::vector<std::string> kinds{"GatewayClass", "Gateway",  "HTTPRoute",   "GRPCRoute",      "TLSRoute",
                                                "TCPRoute",     "UDPRoute", "ListenerSet", "ReferenceGrant", "BackendTLSPolicy"};
    return kinds;
}

// v1 first, then beta before alpha, higher numbers first: the version a client prefers.
int versionRank(const std::string& version)
{
    if (version == "v1")
        return 1000;
    int rank = 0;
    if (version.find("beta") != std::string::npos)
        rank = 500;
    else if (version.find("alpha") != std::string::npos)
        rank = 100;
    const auto digits = version.find_last_not_of("0123456789");
    if (digits != std::string::npos && digits + 1 < version.size())
        rank += std::stoi(version.substr(digits + 1));
    return rank;
}

// False with `error` when the group version's discovery fails (not for a version gone meanwhile).
bool readGroupVersion(ApiClient& client, const std::string& version, std::map<std::string, ServedKind>& byKind,
                      std::string& error)
{
    const ApiResponse response = client.get("/apis/" + std::string(kGatewayGroup) + "/" + version);
    if (response.httpStatus == 404)
        return true;
    if (!response.ok()) {
        error = explainFailure(response, client, "discover " + std::string(kGatewayGroup) + "/" + version);
        return false;
    }
    const json list = parseBody(response.body);
    if (!list.is_object() || !list.contains("resources") || !list["resources"].is_array())
        return true;
    for (const json& resource : list["resources"]) {
        if (!resource.is_object())
            continue;
        const std::string name = resource.value("name", "");
        if (name.empty() || name.find('/') != std::string::npos)
            continue;  // subresources (httproutes/status)
        ServedKind kind{kGatewayGroup, version, resource.value("kind", ""), name, resource.value("namespaced", true)};
        auto [it, inserted] = byKind.emplace(kind.kind, kind);
        if (!inserted && versionRank(version) > versionRank(it->second.version))
            it->second = kind;
    }
    return true;
}

// The bundle-version annotation of the GatewayClass CRD; "" when it cannot be read (RBAC often
// hides CRDs from application teams).
std::string bundleVersion(ApiClient& client)
{
    const ApiResponse response =
        client.get("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gatewayclasses." + std::string(kGatewayGroup));
    if (!response.ok())
        return {};
    const json crd = parseBody(response.body);
    if (!crd.is_object() || !crd.contains("metadata"))
        return {};
    const json annotations = crd["metadata"].value("annotations", json::object());
    return annotations.is_object() ? annotations.value("gateway.networking.k8s.io/bundle-version", "") : "";
}

}  // namespace

std::string ServedKind::path(const std::string& ns) const
{
    std::string p = group.empty() ? "/api/" + version : "/apis/" + group + "/" + version;
    if (!ns.empty() && namespaced)
        p += "/namespaces/" + ns;
    return p + "/" + plural;
}

ServedKind coreKind(const std::string& kind)
{
    if (kind == "Namespace")
        return {"", "v1", kind, "namespaces", false};
    if (kind == "Service")
        return {"", "v1", kind, "services", true};
    if (kind == "Secret")
        return {"", "v1", kind, "secrets", true};
    return {"", "v1", "ConfigMap", "configmaps", true};
}

std::optional<GatewayApiDiscovery> discoverGatewayApi(ApiClient& client, std::string& error)
{
    const ApiResponse group = client.get("/apis/" + std::string(kGatewayGroup));
    if (group.httpStatus == 404) {
        error = "the cluster " + client.target() + " has no Gateway API CRDs (the group " + kGatewayGroup +
            " is not served). Install them with: kubectl apply --server-side -f "
            "https://github.com/kubernetes-sigs/gateway-api/releases/download/" +
            kGatewayApiBundle + "/standard-install.yaml";
        return std::nullopt;
    }
    if (!group.ok()) {
        error = explainFailure(group, client, "discover the Gateway API group");
        return std::nullopt;
    }
    const json groupDoc = parseBody(group.body);
    std::map<std::string, ServedKind> byKind;
    if (groupDoc.is_object() && groupDoc.contains("versions") && groupDoc["versions"].is_array())
        for (const json& v : groupDoc["versions"])
            if (v.is_object() && !readGroupVersion(client, v.value("version", ""), byKind, error))
                return std::nullopt;

    GatewayApiDiscovery discovery;
    for (const std::string& kind : standardKinds()) {
        const auto it = byKind.find(kind);
        if (it == byKind.end()) {
            discovery.missingKinds.push_back(kind);
            continue;
        }
        discovery.kinds.push_back(it->second);
        if (it->second.version != "v1" && kind != "ReferenceGrant")
            discovery.notes.push_back(kind + " is served only at " + it->second.version + " (v1 in " + kGatewayApiBundle + ")");
    }
    for (const auto& [kind, served] : byKind)
        if (std::find(standardKinds().begin(), standardKinds().end(), kind) == standardKinds().end())
            discovery.kinds.push_back(served);  // experimental kinds the cluster has: pulled too
    discovery.bundleVersion = bundleVersion(client);
    if (!discovery.missingKinds.empty()) {
        std::string list;
        for (const std::string& k : discovery.missingKinds)
            list += (list.empty() ? "" : ", ") + k;
        discovery.notes.insert(discovery.notes.begin(),
                               "the cluster's Gateway API CRDs" +
                                   (discovery.bundleVersion.empty() ? std::string() : " (" + discovery.bundleVersion + ")") +
                                   " lack " + list + ", which " + kGatewayApiBundle +
                                   " has; objects of those kinds cannot exist there");
    }
    return discovery;
}

}  // namespace gs::cluster

namespace gs::cluster {

std::optional<ServedKind> ResourceMapper::resolve(const std::string& apiVersion, const std::string& kind, std::string& error)
{
    const auto slash = apiVersion.find('/');
    const std::string group = slash == std::string::npos ? "" : apiVersion.substr(0, slash);
    const std::string version = slash == std::string::npos ? apiVersion : apiVersion.substr(slash + 1);
    if (group == kGatewayGroup && gatewayApi_) {
        for (const ServedKind& served : gatewayApi_->kinds)
            if (served.kind == kind)
                return served;
        error = "the cluster " + client_.target() + " does not serve " + kind + " (" + kGatewayGroup + ")";
        return std::nullopt;
    }
    const std::string key = group + "/" + version;
    auto cached = groupVersions_.find(key);
    if (cached == groupVersions_.end()) {
        const std::string path = group.empty() ? "/api/" + version : "/apis/" + group + "/" + version;
        const ApiResponse response = client_.get(path);
        std::vector<ServedKind> resources;
        if (response.ok()) {
            const json list = parseBody(response.body);
            if (list.contains("resources") && list["resources"].is_array())
                for (const json& r : list["resources"])
                    if (const std::string name = r.value("name", ""); !name.empty() && name.find('/') == std::string::npos)
                        resources.push_back({group, version, r.value("kind", ""), name, r.value("namespaced", true)});
        } else if (response.httpStatus != 404) {
            error = explainFailure(response, client_, "discover " + apiVersion);
            return std::nullopt;
        }
        cached = groupVersions_.emplace(key, std::move(resources)).first;
    }
    for (const ServedKind& served : cached->second)
        if (served.kind == kind)
            return served;
    error = "the cluster " + client_.target() + " does not serve " + kind + " at " + apiVersion;
    return std::nullopt;
}

}  // namespace gs::cluster

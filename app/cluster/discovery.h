#pragma once
// Which Gateway API kinds a cluster serves, at which version, from API discovery (the group and
// its group versions), and which CRD bundle it has (the `gateway.networking.k8s.io/bundle-version`
// annotation of its CRDs, when the user may read CRDs).

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cluster/api_client.h"

namespace gs::cluster {

inline constexpr const char* kGatewayGroup = "gateway.networking.k8s.io";
inline constexpr const char* kGatewayApiBundle = "v1.6.1";  // the version Gateway Studio implements

struct ServedKind {
    std::string group;  // "" for core
    std::string version;  // the one to read (v1 when served, else the newest served)
    std::string kind;
    std::string plural;
    bool namespaced = true;

    std::string apiVersion() const { return group.empty() ? version : group + "/" + version; }
    // "/apis/G/V[/namespaces/NS]/PLURAL" (core: "/api/v1/...").
    std::string path(const std::string& ns = {}) const;
};

struct GatewayApiDiscovery {
    std::vector<ServedKind> kinds;  // the Gateway API kinds served
    std::string bundleVersion;  // "" when the CRDs cannot be read
    std::vector<std::string> missingKinds;  // kinds of the v1.6.1 standard channel the cluster lacks
    std::vector<std::string> notes;  // e.g. "the CRDs are v1.0.0, older than v1.6.1: ..."
};

// nullopt with `error` when discovery fails or the cluster has no Gateway API CRDs at all.
std::optional<GatewayApiDiscovery> discoverGatewayApi(ApiClient& client, std::string& error);

// The core kinds a pull reads beside the Gateway API ones.
ServedKind coreKind(const std::string& kind);  // Namespace, Service, Secret, ConfigMap

}  // namespace gs::cluster

namespace gs::cluster {

// apiVersion + kind → the resource to call, from the group version's discovery document (cached).
// A Gateway API kind is sent at the version the cluster serves (the Gateway API versions share one
// schema), so files written at v1 apply to a cluster that serves a kind only at v1beta1.
class ResourceMapper {
public:
    ResourceMapper(ApiClient& client, const GatewayApiDiscovery* gatewayApi) : client_(client), gatewayApi_(gatewayApi) { }

    // nullopt with `error` when the cluster does not serve the kind.
    std::optional<ServedKind> resolve(const std::string& apiVersion, const std::string& kind, std::string& error);

private:
    ApiClient& client_;
    const GatewayApiDiscovery* gatewayApi_;
    std::map<std::string, std::vector<ServedKind>> groupVersions_;  // "G/V" → its resources
};

}  // namespace gs::cluster

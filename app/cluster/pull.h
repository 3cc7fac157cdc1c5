#pragma once
// Pull: the Gateway API objects of a context, with what they refer to, as the API server serves
// them (status included). Lists are read in pages (`limit`/`continue`); a 410 on a continue token
// restarts that list once. A kind that RBAC hides is reported and the rest is pulled.
//
// Secrets: only their certificate survives a pull. `tls.key` (and every other data key but
// tls.crt and ca.crt) is dropped on arrival; a kubernetes.io/tls Secret keeps an empty tls.key and
// the annotation kWithheldKeyAnnotation, so it validates, is never applied back, and is served
// with a local dev certificate (serve --dev-certs).

#include <functional>
#include <map>
#include <set>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cluster/api_client.h"
#include "cluster/discovery.h"

namespace gs::cluster {

inline constexpr const char* kWithheldKeyAnnotation = "gateway-studio.dev/private-key";
inline constexpr const char* kSourceAnnotationPrefix = "cluster:";

struct PullOptions {
    std::vector<std::string> namespaces;  // empty: all namespaces
    int pageSize = 500;
    // Called after each page: the kind and how many objects are in so far (for a progress bar).
    std::function<void(const std::string& kind, std::size_t total)> progress;
};

struct PullResult {
    std::vector<nlohmann::json> objects;  // with apiVersion and kind, status as the controller wrote it
    std::vector<std::string> warnings;  // kinds RBAC refused, references that could not be read, old CRDs
    std::string resourceVersion;  // of the last list
    // Per list ("plural/namespace", namespace "" for all or cluster-scoped): the resourceVersion
    // its watch starts from, and the lists RBAC refused (no watch for those).
    std::map<std::string, std::string> listVersions;
    std::set<std::string> refused;
};

// nullopt with `error` when nothing can be pulled (no answer, credentials refused, no CRDs).
std::optional<PullResult> pull(ApiClient& client, const GatewayApiDiscovery& discovery, const PullOptions& options,
                               std::string& error);

// Every object of one kind in `ns` ("" = all namespaces), page by page, appended to
// result.objects (apiVersion and kind set, Secrets withheld); sets result.resourceVersion. False
// with `error` when the list fails, refused or not.
bool listKind(ApiClient& client, const ServedKind& kind, const std::string& ns, int pageSize, PullResult& result,
              std::string& error);

// The objects as one YAML stream (status kept), in a stable order: cluster-scoped kinds first, then
// by kind, namespace and name.
std::string pulledYaml(const std::vector<nlohmann::json>& objects);

// Drops a Secret's private data (see above). Exposed for tests.
void withholdSecretData(nlohmann::json& secret);

// An object as a list or a watch event gave it, made ready to keep: its apiVersion and kind set
// (lists of built-in kinds leave them out of each item) and a Secret's private data withheld.
// False for anything but a JSON object.
bool admitObject(const ServedKind& kind, nlohmann::json& object);

}  // namespace gs::cluster

#include "cluster/pull.h"

#include <QUrl>
#include <algorithm>
#include <set>
#include <tuple>

#include "cluster/api_errors.h"
#include "cluster/json_yaml.h"
#include "yaml/yaml_writer.h"

namespace gs::cluster {

namespace {

using nlohmann::json;

// A failure that ends the pull: no answer, or credentials refused.
bool isFatal(const ApiResponse& response) { return response.httpStatus == 0 || response.httpStatus == 401; }

class Puller {
public:
    Puller(ApiClient& client, const PullOptions& options, PullResult& result)
        : client_(client), options_(options), result_(result)
    {
    }

    // Lists every object of `kind` in `ns` ("" = all namespaces, or a cluster-scoped kind) page by
    // page. False (with `error`) only for a fatal failure; a refusal becomes a warning.
    bool list(const ServedKind& kind, const std::string& ns, std::string& error)
    {
        for (int attempt = 0; attempt < 2; ++attempt) {
            const std::size_t before = result_.objects.size();
            result_.listVersions.erase(kind.plural + "/" + ns);
            const ApiResponse failed = listPages(kind, ns);
            if (failed.ok())
                return true;
            result_.objects.resize(before);
            if (failed.httpStatus == 410 && attempt == 0)
                continue;  // the continue token expired mid-list: read the list again from the start
            if (isFatal(failed)) {
                error = explainFailure(failed, client_, "list " + kind.plural);
                return false;
            }
            result_.warnings.push_back(explainFailure(failed, client_, "list " + kind.plural + (ns.empty() ? "" : " in " + ns)));
            result_.refused.insert(kind.plural + "/" + ns);
            return true;
        }
        return true;
    }

    // Reads one object a pulled object refers to, unless pulled already. Missing ones are left
    // out (the prediction then says what a controller would say of a missing reference).
    bool fetch(const ServedKind& kind, const std::string& ns, const std::string& name, std::string& error)
    {
        const std::string key = kind.kind + "/" + ns + "/" + name;
        if (name.empty() || !seen_.insert(key).second)
            return true;
        const ApiResponse response = client_.get(kind.path(ns) + "/" + percentEncode(name));
        if (response.ok()) {
            add(kind, parseBody(response.body));
            return true;
        }
        if (isFatal(response)) {
            error = explainFailure(response, client_, "get " + kind.plural + " " + name);
            return false;
        }
        if (response.httpStatus != 404)
            result_.warnings.push_back(explainFailure(response, client_, "get " + kind.plural + " " + key));
        return true;
    }

    void add(const ServedKind& kind, json object)
    {
        if (!admitObject(kind, object))
            return;
        const json& metadata = object["metadata"];
        seen_.insert(kind.kind + "/" + str(metadata, "namespace") + "/" + str(metadata, "name"));
        result_.objects.push_back(std::move(object));
    }

private:
    ApiResponse listPages(const ServedKind& kind, const std::string& ns)
    {
        std::string continueToken;
        do {
            std::string path = kind.path(ns) + "?limit=" + std::to_string(options_.pageSize);
            if (!continueToken.empty())
                path += "&continue=" + percentEncode(continueToken);
            const ApiResponse response = client_.get(path);
            if (!response.ok())
                return response;
            json page = parseBody(response.body);
            if (!page.is_object())
                return ApiResponse{502, "the list answer is not JSON", {}};
            const json metadata = page.value("metadata", json::object());
            continueToken = str(metadata, "continue");
            result_.resourceVersion = str(metadata, "resourceVersion");
            // The first page's: the list is a snapshot at it (continue tokens keep to it).
            result_.listVersions.try_emplace(kind.plural + "/" + ns, result_.resourceVersion);
            if (page.contains("items") && page["items"].is_array())
                for (json& item : page["items"])
                    add(kind, std::move(item));
            if (options_.progress)
                options_.progress(kind.kind, result_.objects.size());
        } while (!continueToken.empty());
        return ApiResponse{200, {}, {}};
    }

    ApiClient& client_;
    const PullOptions& options_;
    PullResult& result_;
    std::set<std::string> seen_;
};

struct Reference {
    std::string kind;
    std::string ns;
    std::string name;
};

void addRef(std::vector<Reference>& refs, const json& ref, const std::string& defaultKind, const std::string& defaultGroup,
            const std::string& ownerNs)
{
    if (!ref.is_object())
        return;
    const std::string group = ref.contains("group") ? str(ref, "group") : defaultGroup;
    const std::string kind = ref.contains("kind") ? str(ref, "kind") : defaultKind;
    const std::string ns = ref.contains("namespace") ? str(ref, "namespace") : ownerNs;
    if ((kind == "Gateway" && group == kGatewayGroup) ||
        (group.empty() && (kind == "Service" || kind == "Secret" || kind == "ConfigMap")))
        refs.push_back({kind, ns, str(ref, "name")});
}

void addRefs(std::vector<Reference>& refs, const json& list, const std::string& kind, const std::string& group,
             const std::string& ns)
{
    if (list.is_array())
        for (const json& ref : list)
            addRef(refs, ref, kind, group, ns);
}

// What a pulled object names that a controller reads: parent Gateways, backend Services,
// certificate Secrets, CA ConfigMaps, and the namespaces of all of them.
std::vector<Reference> referencesOf(const json& object)
{
    std::vector<Reference> refs;
    const std::string kind = str(object, "kind");
    const std::string ns = str(object.value("metadata", json::object()), "namespace");
    const json spec = object.value("spec", json::object());
    if (!spec.is_object())
        return refs;
    addRefs(refs, spec.value("parentRefs", json()), "Gateway", kGatewayGroup, ns);
    for (const json& rule : spec.value("rules", json::array()))
        if (rule.is_object())
            for (const json& backend : rule.value("backendRefs", json::array()))
                addRef(refs, backend, "Service", "", ns);
    if (kind == "Gateway") {
        for (const json& listener : spec.value("listeners", json::array()))
            if (listener.is_object() && listener.contains("tls") && listener["tls"].is_object())
                addRefs(refs, listener["tls"].value("certificateRefs", json()), "Secret", "", ns);
        const json tls = spec.value("tls", json::object());
        if (tls.is_object() && tls.contains("backend") && tls["backend"].is_object())
            addRef(refs, tls["backend"].value("clientCertificateRef", json()), "Secret", "", ns);
        if (tls.is_object() && tls.contains("frontend") && tls["frontend"].is_object()) {
            const json& frontend = tls["frontend"];
            if (frontend.contains("default") && frontend["default"].is_object())
                addRefs(refs, frontend["default"].value("validation", json::object()).value("caCertificateRefs", json()),
                        "ConfigMap", "", ns);
            for (const json& port : frontend.value("perPort", json::array()))
                if (port.is_object() && port.contains("tls") && port["tls"].is_object())
                    addRefs(refs, port["tls"].value("validation", json::object()).value("caCertificateRefs", json()), "ConfigMap",
                            "", ns);
        }
    }
    if (kind == "BackendTLSPolicy" && spec.contains("validation") && spec["validation"].is_object())
        addRefs(refs, spec["validation"].value("caCertificateRefs", json()), "ConfigMap", "", ns);
    if (kind == "BackendTLSPolicy")
        addRefs(refs, spec.value("targetRefs", json()), "Service", "", ns);
    return refs;
}

int kindOrder(const std::string& kind)
{
    static const std::vector<std::string> order{"Namespace",        "GatewayClass", "Gateway",  "ListenerSet", "HTTPRoute",
                                                "GRPCRoute",        "TLSRoute",     "TCPRoute", "UDPRoute",    "ReferenceGrant",
                                                "BackendTLSPolicy", "Service",      "Secret",   "ConfigMap"};
    const auto it = std::find(order.begin(), order.end(), kind);
    return int(it - order.begin());
}

}  // namespace

bool admitObject(const ServedKind& kind, json& object)
{
    if (!object.is_object())
        return false;
    object["apiVersion"] = kind.apiVersion();
    object["kind"] = kind.kind;
    if (kind.kind == "Secret")
        withholdSecretData(object);
    return true;
}

void withholdSecretData(json& secret)
{
    // What must not leave: every value but the certificates, base64 (data) or plain (stringData).
    std::vector<std::string> secrets;
    json kept = json::object();
    if (secret.contains("data") && secret["data"].is_object())
        for (auto& [key, value] : secret["data"].items()) {
            if (key == "tls.crt" || key == "ca.crt")
                kept[key] = value;
            else if (value.is_string() && value.get<std::string>().size() >= 8)
                secrets.push_back(value.get<std::string>());
        }
    if (secret.contains("stringData") && secret["stringData"].is_object())
        for (auto& [key, value] : secret["stringData"].items())
            if (value.is_string() && value.get<std::string>().size() >= 8)
                secrets.push_back(value.get<std::string>());
    const bool tlsType = str(secret, "type") == "kubernetes.io/tls";
    if (tlsType)
        kept["tls.key"] = "";
    secret["data"] = kept;
    secret.erase("stringData");
    json& metadata = secret["metadata"];
    if (!metadata.is_object())
        metadata = json::object();
    if (!metadata.contains("annotations") || !metadata["annotations"].is_object())
        metadata["annotations"] = json::object();
    // Tools keep whole objects in annotations (kubectl's last-applied configuration, kapp's
    // original): any annotation holding a withheld value, or a private key, goes too.
    json& annotations = metadata["annotations"];
    for (auto it = annotations.begin(); it != annotations.end();) {
        const std::string value = it->is_string() ? it->get<std::string>() : it->dump();
        const bool leaks = it.key() == "kubectl.kubernetes.io/last-applied-configuration" ||
            value.find("PRIVATE KEY") != std::string::npos ||
            std::any_of(secrets.begin(), secrets.end(), [&](const std::string& s) { return value.find(s) != std::string::npos; });
        it = leaks ? annotations.erase(it) : std::next(it);
    }
    annotations[kWithheldKeyAnnotation] = "withheld: only tls.crt and ca.crt are pulled; serve with --dev-certs";
}

bool listKind(ApiClient& client, const ServedKind& kind, const std::string& ns, int pageSize, PullResult& result,
              std::string& error)
{
    PullOptions options;
    options.pageSize = pageSize;
    const std::size_t warningsBefore = result.warnings.size();
    Puller puller(client, options, result);
    if (!puller.list(kind, ns, error))
        return false;
    if (result.warnings.size() > warningsBefore) {
        error = result.warnings.back();
        return false;
    }
    return true;
}

std::optional<PullResult> pull(ApiClient& client, const GatewayApiDiscovery& discovery, const PullOptions& options,
                               std::string& error)
{
    PullResult result;
    result.warnings = discovery.notes;
    Puller puller(client, options, result);
    const std::vector<std::string> scopes = options.namespaces.empty() ? std::vector<std::string>{""} : options.namespaces;
    for (const ServedKind& kind : discovery.kinds)
        for (const std::string& ns : kind.namespaced ? scopes : std::vector<std::string>{""})
            if (!puller.list(kind, ns, error))
                return std::nullopt;
    const std::string resourceVersion = result.resourceVersion;
    for (const std::string& ns : scopes)
        if (!puller.list(coreKind("Service"), ns, error))
            return std::nullopt;
    if (options.namespaces.empty() && !puller.list(coreKind("Namespace"), "", error))
        return std::nullopt;

    // What the objects refer to, and the namespaces everything lives in (their labels decide
    // allowedRoutes). Iterates by index: fetched Gateways add references of their own.
    const ServedKind* grants = nullptr;
    for (const ServedKind& kind : discovery.kinds)
        if (kind.kind == "ReferenceGrant")
            grants = &kind;
    std::set<std::string> grantNamespaces(options.namespaces.begin(), options.namespaces.end());
    for (std::size_t i = 0; i < result.objects.size(); ++i) {
        const json object = result.objects[i];
        const std::string objectNs = str(object.value("metadata", json::object()), "namespace");
        for (const Reference& ref : referencesOf(object)) {
            // A reference into a namespace not pulled whole: that namespace's ReferenceGrants
            // decide whether it is permitted.
            if (grants && !options.namespaces.empty() && ref.ns != objectNs && grantNamespaces.insert(ref.ns).second &&
                !puller.list(*grants, ref.ns, error))
                return std::nullopt;
            const ServedKind kind =
                ref.kind == "Gateway" ? ServedKind{kGatewayGroup, "v1", "Gateway", "gateways", true} : coreKind(ref.kind);
            if (!puller.fetch(kind, ref.ns, ref.name, error))
                return std::nullopt;
        }
        if (const std::string ns = str(object.value("metadata", json::object()), "namespace"); !ns.empty())
            if (!puller.fetch(coreKind("Namespace"), "", ns, error))
                return std::nullopt;
    }
    result.resourceVersion = resourceVersion;
    return result;
}

std::string pulledYaml(const std::vector<json>& objects)
{
    std::vector<const json*> sorted;
    for (const json& object : objects)
        sorted.push_back(&object);
    auto key = [](const json* o) {
        const json metadata = o->value("metadata", json::object());
        return std::make_tuple(kindOrder(str(*o, "kind")), str(*o, "kind"), str(metadata, "namespace"), str(metadata, "name"));
    };
    std::stable_sort(sorted.begin(), sorted.end(), [&](const json* a, const json* b) { return key(a) < key(b); });
    std::string out;
    for (const json* object : sorted) {
        if (!out.empty())
            out += "---\n";
        yaml::writeYaml(toYamlNode(*object), out);
    }
    return out;
}

}  // namespace gs::cluster

#pragma once
// The working state of one translation, shared by its stages (gateways.cpp, routes.cpp,
// backends.cpp, compile.cpp). Internal to model/controller.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <tuple>
#include <string>
#include <unordered_map>
#include <vector>

#include "config/runtime_config.h"
#include "controller/gateway_api.h"
#include "controller/status.h"
#include "controller/translator.h"

namespace gs::model::translation {

// Every valid object of the set, decoded, with lookups by namespace/name.
struct Index {
    const ObjectSet* objects = nullptr;
    std::vector<api::GatewayClass> classes;
    std::vector<api::Gateway> gateways;
    std::vector<api::ListenerSet> listenerSets;
    std::vector<api::Route> routes;
    std::vector<api::ReferenceGrant> grants;
    std::vector<api::Deployment> deployments;
    std::vector<api::EndpointSlice> endpointSlices;
    std::vector<api::BackendTLSPolicy> backendTlsPolicies;
    std::map<std::string, api::Service> services;  // "ns/name"
    std::map<std::string, api::Secret> secrets;  // "ns/name"
    std::map<std::string, api::Namespace> namespaces;  // "name"
    std::map<std::string, const Object*> configMaps;  // "ns/name"
    std::map<std::string, std::size_t> gatewayByKey;  // "ns/name" → index in gateways
    std::map<std::string, std::size_t> classByName;

    const api::GatewayClass* findClass(const std::string& name) const;
    const api::Gateway* findGateway(const std::string& ns, const std::string& name) const;
    const api::ListenerSet* findListenerSet(const std::string& ns, const std::string& name) const;
    // The labels of a namespace: its Namespace object's, plus kubernetes.io/metadata.name, which
    // the API server sets on every namespace.
    std::map<std::string, std::string> namespaceLabels(const std::string& ns) const;
    std::size_t indexOf(const Object* o) const;

    // ReferenceGrant (SPEC-NOTES §10): a reference across namespaces is permitted when a grant in
    // the target namespace matches every field exactly. Same-namespace references always are.
    bool referencePermitted(const std::string& fromGroup, const std::string& fromKind, const std::string& fromNs,
                            const std::string& toGroup, const std::string& toKind, const std::string& toNs,
                            const std::string& toName) const;
};

Index buildIndex(const ObjectSet& objects);

// "ns/name" of an object, and the display of a reference.
std::string keyOf(const Object& o);

struct ListenerState {
    api::Listener spec;
    const api::ListenerSet* listenerSet = nullptr;  // set when the listener comes from a ListenerSet
    std::string ownerKind = "Gateway";  // Gateway or ListenerSet
    std::string ownerNamespace, ownerName;

    bool accepted = true;
    std::string acceptedReason = std::string(reason::Accepted);
    std::string acceptedMessage;
    std::optional<std::string> conflictReason;  // HostnameConflict, ProtocolConflict
    bool refsResolved = true;
    std::string refsReason = std::string(reason::ResolvedRefs);
    std::string refsMessage;
    bool certificatesOk = true;
    std::vector<std::string> overlapsWith;  // OverlappingTLSConfig
    std::vector<Kind> supportedKinds;
    std::vector<runtime::config::Certificate> certificates;
    std::optional<runtime::config::ClientValidation> clientValidation;
    bool insecureFallback = false;  // AllowInsecureFallback applies to it
    std::int64_t attachedRoutes = 0;
    std::uint16_t servedPort = 0;

    bool programmed() const { return accepted && certificatesOk && !supportedKinds.empty(); }
    bool admitsKind(const std::string& kind) const;
    std::string display() const;  // "infra/gw/http"
};

struct GatewayState {
    const api::Gateway* spec = nullptr;
    std::size_t objectIndex = 0;
    const api::GatewayClass* gatewayClass = nullptr;
    bool managed = false;  // its class exists and this controller acts for it
    std::string controllerName;
    std::vector<ListenerState> listeners;  // its own, then those of accepted ListenerSets
    std::string notServed;  // why it is not programmed (finishGateway); "" when it is
    // spec.tls.backend.clientCertificateRef: what the gateway presents to TLS backends, or why not.
    std::shared_ptr<const runtime::config::Certificate> backendClientCertificate;
    std::string backendClientReason, backendClientProblem;
    // BackendTLSPolicy settings with this Gateway's client certificate, by the policy's settings.
    mutable std::map<const runtime::config::BackendTls*, std::shared_ptr<const runtime::config::BackendTls>> backendTlsWithClient;
    std::string address;
    Conditions conditions;
    std::vector<std::string> notes;
    std::string display() const;  // "infra/gw"
};

struct ListenerSetState {
    const api::ListenerSet* spec = nullptr;
    std::size_t objectIndex = 0;
    GatewayState* parent = nullptr;
    bool accepted = false;
    std::string reason;
    std::string message;
};

// One route attached to one listener, with the hostnames it serves there.
struct Attachment {
    const api::Route* route = nullptr;
    GatewayState* gateway = nullptr;
    std::size_t listener = 0;  // index in gateway->listeners
    std::vector<std::string> hostnames;
};

// What a route's references resolved to (the same for every parent).
struct RouteResolution {
    bool resolved = true;
    std::string reason = std::string(reason::ResolvedRefs);
    std::string message;
    // per rule: dropped (an unsupported value), and why
    std::vector<std::optional<std::string>> droppedRules;
};

struct State {
    const Index* index = nullptr;
    const Workspace* workspace = nullptr;
    const TranslateOptions* options = nullptr;
    std::vector<std::unique_ptr<GatewayState>> gateways;
    std::map<std::string, GatewayState*> gatewayByKey;  // "ns/name"
    std::vector<ListenerSetState> listenerSets;
    std::vector<Attachment> attachments;
    std::set<std::tuple<const api::Route*, const GatewayState*, std::size_t>> attached;
    std::map<const api::Route*, RouteResolution> resolutions;
    std::map<std::size_t, ObjectStatus> statuses;  // by object index, filled by every stage
    // BackendTLSPolicy, by "ns/service": how to reach it over TLS, or why connections must fail.
    std::map<std::string, std::shared_ptr<const runtime::config::BackendTls>> backendTls;
    std::map<std::string, std::string> invalidBackendTls;
    // Endpoint lists made so far, by "ns/service:port:routeKind" (echo pods) or "ns/service:port"
    // (a bound process): the targets of one Service port share one list.
    mutable std::unordered_map<std::string, runtime::config::EndpointList> endpointLists;

    GatewayState* findGateway(const std::string& ns, const std::string& name);
    ObjectStatus& statusFor(const Object& o);
    Condition condition(const Object& o, std::string_view type, bool ok, std::string_view reason, std::string message) const;
};

// A kubernetes.io/tls Secret referenced by an `ownerKind` in `ownerNs` (a listener's certificate,
// a Gateway's client certificate), checked as the API server and the gateway would take it: its
// PEM in `out`, or why not: `invalid` (the caller's reason for a bad reference) or
// RefNotPermitted, with a message that starts with `where` (gateways.cpp).
struct SecretProblem {
    std::string_view reason;
    std::string message;
};
std::optional<SecretProblem> resolveTlsSecret(const State& state, const std::string& ownerKind, const std::string& ownerNs,
                                              const api::Reference& ref, std::string_view invalid, const std::string& where,
                                              runtime::config::Certificate& out);

// Client certificate validation of one listener, after its certificates, and the Gateway's own
// client certificate to TLS backends (gateway_tls.cpp).
void checkFrontendValidation(const State& state, const api::Gateway& gateway, ListenerState& l);
void checkBackendClientCertificate(const State& state, GatewayState& g);

// The stages, in order.
void translateClasses(State& state);
void translateGateways(State& state);
void translateRoutes(State& state);
void translateBackendTlsPolicies(State& state);
void finishGateways(State& state);

// What a Gateway's own spec makes of it, before its status is written (gateway_status.cpp): its
// addresses, parameters and listeners, whether it is accepted, and whether it is served.
struct AddressVerdict {
    std::vector<GatewayAddress> usable;
    std::string unsupported;  // first address of a type the local gateway cannot provide
    std::string unusable;  // first IP it cannot bind
    bool requested = false;
};
struct GatewayVerdict {
    std::size_t ownListeners = 0;
    std::size_t invalidListeners = 0;
    AddressVerdict addresses;
    bool parametersOk = true;
    bool accepted = false;
    bool served() const { return accepted && addresses.unusable.empty(); }
};
GatewayVerdict judgeGateway(const State& state, const GatewayState& g);
void compileConfig(State& state, runtime::config::RuntimeConfig& out);

}  // namespace gs::model::translation

#pragma once
// Typed, read-only views of the objects the controller semantics read, decoded from the
// defaulted trees (so every default of the CRDs is already in place). Only the fields that carry
// semantics are here; the trees keep everything else. Each view points back at its Object.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "objects/object.h"

namespace gs::model::api {

// A reference as written in a parentRef, backendRef, certificateRef, ... with its defaults.
struct Reference {
    std::string group;
    std::string kind;
    std::string name;
    std::optional<std::string> ns;  // absent: the referrer's namespace
    std::optional<std::string> sectionName;
    std::optional<std::int64_t> port;
    std::int64_t weight = 1;  // backendRefs
    yaml::Mark mark;
    // The namespace the reference points into.
    const std::string& namespaceOr(const std::string& own) const { return ns ? *ns : own; }
};

struct LabelSelector {
    std::map<std::string, std::string> matchLabels;
    struct Expression {
        std::string key;
        std::string op;  // In, NotIn, Exists, DoesNotExist
        std::vector<std::string> values;
    };
    std::vector<Expression> matchExpressions;
    bool matches(const std::map<std::string, std::string>& labels) const;
};

struct RouteKindRef {
    std::string group;
    std::string kind;
};

struct Listener {
    std::string name;
    std::optional<std::string> hostname;
    std::int64_t port = 0;
    std::string protocol;
    std::optional<std::string> tlsMode;  // Terminate (default when tls is given) or Passthrough
    std::vector<Reference> certificateRefs;
    bool hasTlsOptions = false;
    std::string allowedFrom = "Same";  // All, Same, Selector
    LabelSelector allowedSelector;
    std::optional<std::vector<RouteKindRef>> allowedKinds;
    yaml::Mark mark;
};

struct Address {
    std::string type = "IPAddress";
    std::optional<std::string> value;
};

// spec.tls.frontend.*.validation (GEP-91): the CAs a client certificate must chain to.
struct FrontendValidation {
    std::vector<Reference> caCertificateRefs;
    std::string mode = "AllowValidOnly";  // or AllowInsecureFallback
};

// spec.tls.frontend: a default and per-port overrides, for the listeners that serve HTTPS.
struct FrontendTls {
    std::optional<FrontendValidation> defaults;
    std::vector<std::pair<std::int64_t, std::optional<FrontendValidation>>> perPort;
    // The validation that applies on `port`: its per-port entry when there is one, else the default.
    const FrontendValidation* forPort(std::int64_t port) const;
};

struct Gateway {
    const Object* object = nullptr;
    std::string className;
    std::vector<Listener> listeners;
    std::vector<Address> addresses;
    std::optional<Reference> parametersRef;  // spec.infrastructure.parametersRef
    bool infrastructureMetadata = false;  // spec.infrastructure.labels or .annotations given
    std::optional<Reference> backendClientCertificate;
    FrontendTls frontend;
    std::string allowedListenersFrom = "None";
    LabelSelector allowedListenersSelector;
};

struct GatewayClass {
    const Object* object = nullptr;
    std::string controllerName;
    std::optional<Reference> parametersRef;
};

struct ListenerSet {
    const Object* object = nullptr;
    Reference parent;
    std::vector<Listener> listeners;
};

struct HeaderMatch {
    std::string type = "Exact";
    std::string name;
    std::string value;
};

struct PathMatch {
    std::string type = "PathPrefix";
    std::string value = "/";
};

struct HttpMatch {
    PathMatch path;
    std::vector<HeaderMatch> headers;
    std::vector<HeaderMatch> queryParams;
    std::optional<std::string> method;
};

struct GrpcMethodMatch {
    std::string type = "Exact";
    std::optional<std::string> service;
    std::optional<std::string> method;
};

struct GrpcMatch {
    std::optional<GrpcMethodMatch> method;
    std::vector<HeaderMatch> headers;
};

struct HeaderModifier {
    std::vector<std::pair<std::string, std::string>> set;
    std::vector<std::pair<std::string, std::string>> add;
    std::vector<std::string> remove;
};

struct PathModifier {
    std::string type;  // ReplaceFullPath, ReplacePrefixMatch
    std::string value;
};

struct Filter {
    std::string type;
    HeaderModifier headers;  // RequestHeaderModifier, ResponseHeaderModifier
    std::optional<std::string> scheme;  // RequestRedirect
    std::optional<std::string> hostname;  // RequestRedirect, URLRewrite
    std::optional<std::int64_t> port;  // RequestRedirect
    std::optional<PathModifier> path;  // RequestRedirect, URLRewrite
    std::int64_t statusCode = 302;  // RequestRedirect
    std::optional<Reference> mirrorBackend;  // RequestMirror
    std::optional<std::int64_t> mirrorPercent;
    std::optional<std::pair<std::int64_t, std::int64_t>> mirrorFraction;
    std::vector<std::string> allowOrigins, allowMethods, allowHeaders, exposeHeaders;  // CORS
    bool allowCredentials = false;
    std::int64_t maxAge = 5;
    std::optional<Reference> extensionRef;
};

struct BackendRef {
    Reference ref;
    std::vector<Filter> filters;
};

// A rule of any route kind. HTTP rules use httpMatches, gRPC rules grpcMatches; TLS, TCP and UDP
// rules have backends only.
struct Rule {
    std::optional<std::string> name;
    std::vector<HttpMatch> httpMatches;
    std::vector<GrpcMatch> grpcMatches;
    std::vector<Filter> filters;
    std::vector<BackendRef> backendRefs;
    std::optional<std::string> requestTimeout;
    std::optional<std::string> backendRequestTimeout;
    struct Retry {  // rules[].retry (experimental channel)
        std::vector<std::int64_t> codes;
        std::optional<std::int64_t> attempts;
        std::optional<std::string> backoff;
    };
    std::optional<Retry> retry;
    yaml::Mark mark;
};

struct Route {
    const Object* object = nullptr;
    std::string kind;  // HTTPRoute, GRPCRoute, TLSRoute, TCPRoute, UDPRoute
    std::vector<Reference> parentRefs;
    std::vector<std::string> hostnames;
    std::vector<Rule> rules;
};

struct ReferenceGrant {
    const Object* object = nullptr;
    struct From {
        std::string group, kind, ns;
    };
    struct To {
        std::string group, kind;
        std::optional<std::string> name;
    };
    std::vector<From> from;
    std::vector<To> to;
};

struct ServicePort {
    std::optional<std::string> name;
    std::int64_t port = 0;
    std::string protocol = "TCP";
    std::optional<std::string> appProtocol;
    std::int64_t targetPort = 0;  // the pod's port (a named targetPort reads as `port`)
};

struct Service {
    const Object* object = nullptr;
    std::string type = "ClusterIP";
    std::vector<ServicePort> ports;
    std::map<std::string, std::string> selector;
};

struct Secret {
    const Object* object = nullptr;
    std::string type;
    std::map<std::string, std::string> data;  // decoded values (data base64-decoded, stringData as is)
};

struct Namespace {
    const Object* object = nullptr;
    std::map<std::string, std::string> labels;
};

struct BackendTLSPolicy {
    const Object* object = nullptr;
    std::vector<Reference> targetRefs;
    std::string hostname;
    std::vector<Reference> caCertificateRefs;
    std::string wellKnownCACertificates;
    std::vector<std::string> subjectAltNames;
};

// EndpointSlices (discovery.k8s.io/v1) give a Service without selector its endpoints.
struct EndpointSlice {
    const Object* object = nullptr;
    std::string service;  // label kubernetes.io/service-name
    struct Endpoint {
        std::vector<std::string> addresses;
        std::optional<std::string> pod;  // targetRef of kind Pod
    };
    std::vector<Endpoint> endpoints;
    std::vector<std::pair<std::string, std::int64_t>> ports;  // name → port
};

// Kubernetes Deployments matter only to name the echo replicas as a cluster would.
struct Deployment {
    const Object* object = nullptr;
    std::int64_t replicas = 1;
    std::map<std::string, std::string> templateLabels;
    // Of the first container, as the conformance echo server reads them: env values given
    // literally, and the Secrets and ConfigMaps mounted as volumes.
    std::map<std::string, std::string> env;
    std::vector<std::string> secretVolumes;
    std::vector<std::string> configMapVolumes;
};

// Decoders. Each reads the object's defaulted tree (or its written tree when it has none).
Gateway decodeGateway(const Object& o);
GatewayClass decodeGatewayClass(const Object& o);
ListenerSet decodeListenerSet(const Object& o);
Route decodeRoute(const Object& o);
ReferenceGrant decodeReferenceGrant(const Object& o);
Service decodeService(const Object& o);
Secret decodeSecret(const Object& o);
Namespace decodeNamespace(const Object& o);
BackendTLSPolicy decodeBackendTLSPolicy(const Object& o);
Deployment decodeDeployment(const Object& o);
EndpointSlice decodeEndpointSlice(const Object& o);

// The object's labels and its metadata.generation (1 when absent, as for a new object).
std::map<std::string, std::string> labelsOf(const Object& o);
std::int64_t generationOf(const Object& o);

}  // namespace gs::model::api

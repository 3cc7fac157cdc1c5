#pragma once
// The runtime configuration: what the embedded gateway serves, as plain data.
//
// The translator (model/controller/) produces it from Gateway API objects; the data plane
// (gateway_runtime/) consumes it and never sees YAML or Gateway API types, as Envoy consumes xDS.
// Every element carries a stable name that traces to its source
// (`httproute/ns/name/rule/0/backend/1`): the stats key, the log field and the GUI's selection key.
//
// Everything the data plane needs is resolved here: hostnames are already intersected per
// listener, route entries are sorted by the Gateway API precedence rules (the runtime takes the
// first entry whose host and match fit), backends carry their endpoints, and references that did
// not resolve are "invalid" backends that answer with an error for their share of the traffic.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace gs::runtime::config {

// Version of this schema of the configuration; bumped when a field changes meaning.
inline constexpr int kConfigVersion = 1;

enum class Protocol { HTTP, HTTPS, TLS, TCP, UDP };

// The URL scheme a listener of this protocol is reached with: http, https, tls, tcp, udp.
inline const char* schemeOf(Protocol p)
{
    switch (p) {
    case Protocol::HTTPS: return "https";
    case Protocol::TLS: return "tls";
    case Protocol::TCP: return "tcp";
    case Protocol::UDP: return "udp";
    default: return "http";
    }
}
enum class TlsMode { None, Terminate, Passthrough };

// A list that holders share when it is equal (route entries of listeners, endpoints of the targets
// of one Service port), so that a big configuration keeps each list once. Reading is a vector's;
// the changes below copy a list that is shared first, so changing one holder's list never changes
// another's. Not for concurrent changes: a configuration is built on one thread and is read-only
// once handed to the data plane.
template <typename T> class SharedList {
public:
    SharedList() = default;
    SharedList(std::vector<T> items)  // implicit: a list is its items
        : items_(std::make_shared<std::vector<T>>(std::move(items)))
    {
    }

    const std::vector<T>& items() const { return items_ ? *items_ : none(); }
    typename std::vector<T>::const_iterator begin() const { return items().begin(); }
    typename std::vector<T>::const_iterator end() const { return items().end(); }
    std::size_t size() const { return items().size(); }
    bool empty() const { return items().empty(); }
    const T& operator[](std::size_t i) const { return items()[i]; }
    bool operator==(const SharedList& other) const { return items_ == other.items_ || items() == other.items(); }

    // The items to change, made this holder's own first if another holder shares them. Only
    // while the configuration is being built: use_count() orders nothing between threads, so a
    // list must not be changed once a configuration holding it is shared with another thread.
    std::vector<T>& edit()
    {
        if (!items_)
            items_ = std::make_shared<std::vector<T>>();
        else if (items_.use_count() > 1)
            items_ = std::make_shared<std::vector<T>>(*items_);
        return *items_;
    }
    void push_back(T item) { edit().push_back(std::move(item)); }

    // Makes this list `other`'s list (the items must be equal: the caller compared them).
    void share(const SharedList& other) { items_ = other.items_; }
    // The same address for lists that are one list; nullptr for an empty list never filled.
    const void* identity() const { return items_.get(); }

private:
    static const std::vector<T>& none()
    {
        static const std::vector<T> empty;
        return empty;
    }
    std::shared_ptr<std::vector<T>> items_;
};

// A certificate and its key, PEM, from a kubernetes.io/tls Secret.
struct Certificate {
    std::string name;  // "secret/ns/name"
    std::string certificatePem;
    std::string privateKeyPem;
};

// An echo pod port that speaks TLS: its certificate, and the CAs it verifies client certificates
// against when a client sends one (TLS_CLIENT_CACERTS; none: it asks for none).
struct EchoTls {
    Certificate certificate;
    std::vector<std::string> clientCasPem;
};

// How long an echo pod waits before answering, drawn per request.
struct LatencyDistribution {
    enum class Shape { None, Fixed, Uniform, LongTail };
    Shape shape = Shape::None;
    double aMs = 0;  // Fixed: the delay; Uniform: the shortest; LongTail: the median (p50)
    double bMs = 0;  // Uniform: the longest; LongTail: the 99th percentile (log-normal between)
    bool operator==(const LatencyDistribution&) const = default;
};

// Faults an echo pod injects on purpose (a canary that misbehaves in a rehearsal, a demo). Each
// request draws once: a share is reset (the connection reset after the first bytes of an answer,
// so a proxy answers 502), a share stalls (never answered; the gateway's timeouts decide), a share is answered `errorStatus`; every
// answered request waits the latency drawn. Never exported: it lives in the workspace.
struct EchoFaults {
    double errorRate = 0.0;  // 0..1
    int errorStatus = 500;
    LatencyDistribution latency;
    double resetRate = 0.0;  // 0..1
    double stallRate = 0.0;  // 0..1
    bool any() const
    {
        return errorRate > 0 || resetRate > 0 || stallRate > 0 || latency.shape != LatencyDistribution::Shape::None;
    }
    bool operator==(const EchoFaults&) const = default;
};

// Where a backend's traffic goes.
struct Endpoint {
    enum class Kind { Echo, Bound };
    Kind kind = Kind::Echo;
    std::string name;  // Echo: the pod name "<deployment>-<hash>-<hash>"; Bound: "host:port"
    std::string host;  // Bound: the address of the local process
    std::uint16_t port = 0;  // Bound: its port
    EchoFaults faults;  // Echo: what the pod does wrong on purpose (none by default)
    // Echo: which conformance echo server answers (HTTP; cleartext HTTP/2 with gRPC for h2c
    // ports; the TCP line protocol for TCPRoute and TLSRoute; datagrams for UDPRoute), and whether
    // this port of the pod speaks TLS, with which certificate (a Passthrough backend terminates
    // TLS itself). Immutable, behind a pointer: most endpoints have none, so an endpoint stays small.
    enum class EchoProtocol { Http, H2c, Tcp, Udp };
    EchoProtocol echoProtocol = EchoProtocol::Http;
    std::shared_ptr<const EchoTls> echoTls;
    bool operator==(const Endpoint&) const = default;
};

// A target's endpoints; the targets of one Service port share one list (10,000 routes to two
// Services hold two lists).
using EndpointList = SharedList<Endpoint>;

struct HeaderValue {
    std::string name;
    std::string value;
    bool operator==(const HeaderValue&) const = default;
};

struct HeaderModifier {
    std::vector<HeaderValue> set;
    std::vector<HeaderValue> add;
    std::vector<std::string> remove;
    bool operator==(const HeaderModifier&) const = default;
};

struct PathModifier {
    enum class Type { ReplaceFullPath, ReplacePrefixMatch };
    Type type = Type::ReplaceFullPath;
    std::string value;
    bool operator==(const PathModifier&) const = default;
};

struct Redirect {
    std::optional<std::string> scheme;
    std::optional<std::string> hostname;
    std::optional<std::uint16_t> port;  // as the spec computes it (explicit, or implied by the scheme)
    std::optional<PathModifier> path;
    int statusCode = 302;
    bool operator==(const Redirect&) const = default;
};

struct Rewrite {
    std::optional<std::string> hostname;
    std::optional<PathModifier> path;
    bool operator==(const Rewrite&) const = default;
};

struct Cors {
    std::vector<std::string> allowOrigins;
    std::vector<std::string> allowMethods;
    std::vector<std::string> allowHeaders;
    std::vector<std::string> exposeHeaders;
    bool allowCredentials = false;
    int maxAge = 5;
    bool operator==(const Cors&) const = default;
};

struct BackendTls {
    std::string hostname;  // SNI and the name to verify
    std::vector<std::string> caCertificatesPem;
    bool useSystemCertificates = false;
    std::vector<std::string> subjectAltNames;
    // What the gateway presents when the backend asks (the Gateway's spec.tls.backend).
    std::shared_ptr<const Certificate> clientCertificate;
};

// A Service port that traffic can go to, or an invalid reference that answers with an error.
struct ServiceTarget {
    std::string name;  // "httproute/ns/route/rule/0/backend/1"
    std::string invalidReason;  // why `valid` is false, for logs and the GUI
    std::string serviceNamespace;
    std::string serviceName;
    std::string appProtocol;  // "", "kubernetes.io/h2c", "kubernetes.io/ws", ...
    std::uint16_t servicePort = 0;
    bool valid = true;  // false: the request gets an error (HTTP) or a reset (TCP/TLS)
    // Spoken to in HTTP/2 cleartext (h2c): appProtocol kubernetes.io/h2c, or any GRPCRoute backend
    // (gRPC is HTTP/2; Envoy Gateway and NGINX Gateway Fabric speak HTTP/2 to them whatever the
    // port says). Not with re-encryption: HTTP/2 to backends is cleartext only.
    bool http2 = false;
    EndpointList endpoints;
    std::shared_ptr<const BackendTls> tls;  // re-encryption (BackendTLSPolicy); shared by the targets of one Service
    bool operator==(const ServiceTarget&) const = default;
};

struct Mirror {
    ServiceTarget target;
    std::uint32_t numerator = 100;  // mirror numerator/denominator of the requests
    std::uint32_t denominator = 100;
    bool operator==(const Mirror&) const = default;
};

// One filter, applied in list order. `type` says which member is meaningful.
struct HttpFilter {
    enum class Type {
        RequestHeaderModifier,
        ResponseHeaderModifier,
        RequestRedirect,
        URLRewrite,
        RequestMirror,
        CORS,
        Unsupported
    };
    Type type = Type::Unsupported;
    HeaderModifier headers;  // Request/ResponseHeaderModifier
    Redirect redirect;
    Rewrite rewrite;
    Mirror mirror;
    Cors cors;
    std::string unsupportedReason;  // Unsupported (e.g. an ExtensionRef): requests get 500
    bool operator==(const HttpFilter&) const = default;
};

// A weighted backendRef. An invalid one answers errorStatus for its share of the traffic.
struct Backend {
    ServiceTarget target;
    std::uint32_t weight = 1;
    int errorStatus = 500;
    std::vector<HttpFilter> filters;  // backendRef filters: applied only when this backend is picked
    bool operator==(const Backend&) const = default;
};

struct PathMatch {
    enum class Type { Exact, PathPrefix, RegularExpression };
    Type type = Type::PathPrefix;
    std::string value = "/";
    bool operator==(const PathMatch&) const = default;
};

struct ValueMatch {
    enum class Type { Exact, RegularExpression };
    Type type = Type::Exact;
    std::string name;  // header names are matched case-insensitively
    std::string value;
    bool operator==(const ValueMatch&) const = default;
};

struct HttpMatch {
    PathMatch path;
    std::vector<ValueMatch> headers;
    std::vector<ValueMatch> queryParams;
    std::string method;  // "" matches any
    bool operator==(const HttpMatch&) const = default;
};

struct Timeouts {
    std::optional<std::int64_t> requestMs;  // 0 disables
    std::optional<std::int64_t> backendRequestMs;
    bool operator==(const Timeouts&) const = default;
};

// rules[].retry: a response with one of `codes` (or no response: the connection failed) is tried
// again, up to `attempts` more times, at least `backoffMs` apart, within the request timeout.
// Only requests whose body the gateway holds in full are retried.
struct Retry {
    std::vector<int> codes;
    int attempts = 1;
    std::int64_t backoffMs = 25;
    bool operator==(const Retry&) const = default;
};

// One match of one rule, with what the rule does. GRPCRoute matches are expressed as HTTP
// matches on the :path (`/service/method`).
struct RouteEntry {
    std::string name;  // "httproute/ns/route/rule/0/match/1"
    std::string routeKind;  // "HTTPRoute" or "GRPCRoute"
    std::string routeNamespace;
    std::string routeName;
    int ruleIndex = 0;
    std::string ruleName;  // rules[].name, when given
    std::string hostname;  // the effective hostname: "" any, "*.example.com", or exact
    HttpMatch match;
    std::vector<HttpFilter> filters;
    std::vector<Backend> backends;  // empty, or all weights 0: answered with 500
    Timeouts timeouts;
    std::optional<Retry> retry;
    bool operator==(const RouteEntry&) const = default;
};

// A listener's HTTPRoute (or GRPCRoute) entries in precedence order. Listeners whose entries are
// equal hold one list: 10,000 routes attached to both an HTTP and an HTTPS listener are kept
// once, and compiled once by the data plane (which tells shared lists apart by `identity`).
using RouteList = SharedList<RouteEntry>;

// A TLSRoute on a TLS listener: chosen by SNI among the route's (intersected) hostnames.
struct TlsRouteEntry {
    std::string name;  // "tlsroute/ns/route"
    std::vector<std::string> hostnames;  // the route's hostnames as they apply to this listener
    std::vector<Backend> backends;
};

// The one TCPRoute or UDPRoute that carries a listener's traffic (the oldest attached).
struct StreamRoute {
    std::string name;  // "tcproute/ns/route"
    std::vector<Backend> backends;
};

// Client certificates on an HTTPS listener (Gateway spec.tls.frontend): the handshake asks for
// one and verifies it against these CAs. Without fallback a client without a valid certificate
// is refused in the handshake; with AllowInsecureFallback every client is let through.
struct ClientValidation {
    std::vector<std::string> caCertificatesPem;
    bool allowInsecureFallback = false;
};

struct Listener {
    std::string name;  // "gateway/ns/gw/listener/http"
    std::string gatewayNamespace;
    std::string gatewayName;
    std::string listenerName;
    Protocol protocol = Protocol::HTTP;
    std::string address;  // where it is served
    std::uint16_t port = 0;  // the port the spec says
    std::uint16_t servedPort = 0;  // the port it is served on locally (80 → 8080 by default)
    std::string hostname;  // "" matches any
    TlsMode tlsMode = TlsMode::None;
    std::vector<Certificate> certificates;
    std::optional<ClientValidation> clientValidation;
    RouteList httpRoutes;  // HTTPRoute entries, in precedence order
    RouteList grpcRoutes;  // GRPCRoute entries, in precedence order
    std::vector<TlsRouteEntry> tlsRoutes;
    std::optional<StreamRoute> streamRoute;
};

struct Gateway {
    std::string name;  // "gateway/ns/gw"
    std::string gatewayNamespace;
    std::string gatewayName;
    std::string address;
    std::vector<Listener> listeners;  // only the listeners that are programmed
};

struct RuntimeConfig {
    int version = kConfigVersion;
    std::vector<Gateway> gateways;
};

}  // namespace gs::runtime::config

// GatewayClasses, Gateways, their listeners and ListenerSets (SPEC-NOTES §1, §9, §11).

#include <algorithm>
#include <arpa/inet.h>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include "controller/hostnames.h"
#include "controller/translation_state.h"

namespace gs::model::translation {

namespace {

constexpr std::string_view kGatewayGroup = "gateway.networking.k8s.io";

const std::vector<std::string>& routeKindsFor(const std::string& protocol)
{
    static const std::vector<std::string> http{"HTTPRoute", "GRPCRoute"}, tls{"TLSRoute"}, tcp{"TCPRoute"}, udp{"UDPRoute"}, none;
    if (protocol == "HTTP" || protocol == "HTTPS")
        return http;
    if (protocol == "TLS")
        return tls;
    if (protocol == "TCP")
        return tcp;
    if (protocol == "UDP")
        return udp;
    return none;
}

bool isSupportedProtocol(const std::string& p) { return !routeKindsFor(p).empty(); }

std::string joined(const std::vector<std::string>& items, std::string_view separator = ", ")
{
    std::string out;
    for (const std::string& s : items)
        out += (out.empty() ? "" : std::string(separator)) + s;
    return out;
}

// Protocol, TLS mode and route kinds of one listener.
void checkListener(ListenerState& l, const Features& features)
{
    const api::Listener& spec = l.spec;
    if (!isSupportedProtocol(spec.protocol)) {
        l.accepted = false;
        l.acceptedReason = reason::UnsupportedProtocol;
        l.acceptedMessage = "Listener " + l.display() + " uses protocol " + spec.protocol +
            ", which the local gateway does not serve (it serves HTTP, HTTPS, TLS, TCP and UDP).";
        return;
    }
    if (spec.protocol == "TLS" && spec.tlsMode.value_or("Terminate") == "Terminate" && !features.tlsRouteModeTerminate) {
        l.accepted = false;
        l.acceptedReason = reason::UnsupportedValue;
        l.acceptedMessage = "Listener " + l.display() + ": TLS listeners in Terminate mode are not supported.";
        return;
    }
    const std::vector<std::string>& kinds = routeKindsFor(spec.protocol);
    if (!spec.allowedKinds) {
        for (const std::string& k : kinds)
            l.supportedKinds.push_back({std::string(kGatewayGroup), k});
        return;
    }
    std::vector<std::string> invalid;
    for (const api::RouteKindRef& k : *spec.allowedKinds) {
        const bool valid = k.group == kGatewayGroup && std::find(kinds.begin(), kinds.end(), k.kind) != kinds.end();
        if (valid)
            l.supportedKinds.push_back({k.group, k.kind});
        else
            invalid.push_back((k.group.empty() ? std::string("core") : k.group) + "/" + k.kind);
    }
    if (!invalid.empty()) {
        l.refsResolved = false;
        l.refsReason = reason::InvalidRouteKinds;
        l.refsMessage = "Listener " + l.display() + " cannot serve " + joined(invalid) + ": " +
            (spec.protocol == "HTTP" || spec.protocol == "HTTPS" ? "an " : "a ") + spec.protocol + " listener serves " +
            joined(kinds) + ".";
    }
}

bool needsCertificates(const api::Listener& spec)
{
    return spec.protocol == "HTTPS" || (spec.protocol == "TLS" && spec.tlsMode.value_or("Terminate") == "Terminate");
}

std::optional<SecretProblem> resolveCertificate(const State& state, const ListenerState& l, const api::Reference& ref,
                                                std::size_t i, runtime::config::Certificate& out)
{
    return resolveTlsSecret(state, l.ownerKind, l.ownerNamespace, ref, reason::InvalidCertificateRef,
                            "Listener " + l.display() + " certificateRefs[" + std::to_string(i) + "]", out);
}

void checkCertificates(const State& state, ListenerState& l)
{
    if (!l.accepted || !needsCertificates(l.spec))
        return;
    if (l.spec.certificateRefs.empty()) {
        l.certificatesOk = false;
        l.refsMessage = "Listener " + l.display() + " terminates TLS but names no certificate (tls.certificateRefs).";
        return;
    }
    for (std::size_t i = 0; i < l.spec.certificateRefs.size(); ++i) {
        runtime::config::Certificate certificate;
        if (auto problem = resolveCertificate(state, l, l.spec.certificateRefs[i], i, certificate)) {
            l.certificatesOk = false;
            if (l.refsResolved) {
                l.refsResolved = false;
                l.refsReason = std::string(problem->reason);
                l.refsMessage = problem->message;
            }
            continue;
        }
        l.certificates.push_back(std::move(certificate));
    }
}

// The family of a protocol for port sharing: HTTPS and TLS share TLS (told apart by SNI), UDP
// shares a port with any TCP-based protocol.
std::string_view familyOf(const std::string& protocol)
{
    if (protocol == "HTTPS" || protocol == "TLS")
        return "tls";
    if (protocol == "HTTP")
        return "http";
    if (protocol == "TCP")
        return "tcp";
    if (protocol == "UDP")
        return "udp";
    return "";
}

void markConflict(ListenerState& l, std::string_view why, std::string message)
{
    if (l.conflictReason)
        return;
    l.conflictReason = std::string(why);
    l.accepted = false;
    l.acceptedReason = std::string(why);
    l.acceptedMessage = std::move(message);
    l.supportedKinds.clear();
}

// Distinct listeners (SPEC-NOTES §9): on one port, protocols of different families conflict,
// and listeners of one family need distinct hostnames. A ListenerSet's listener never takes a
// port or hostname from the Gateway's own listeners.
void detectConflicts(GatewayState& g, const Features& features)
{
    std::map<std::int64_t, std::vector<ListenerState*>> byPort;
    for (ListenerState& l : g.listeners)
        if (l.accepted)
            byPort[l.spec.port].push_back(&l);
    for (auto& [port, group] : byPort) {
        std::set<std::string_view> families;
        for (ListenerState* l : group)
            if (familyOf(l->spec.protocol) != "udp")
                families.insert(familyOf(l->spec.protocol));
        if (families.size() > 1) {
            for (ListenerState* l : group)
                if (familyOf(l->spec.protocol) != "udp")
                    markConflict(
                        *l, reason::ProtocolConflict,
                        "Listener " + l->display() + " shares port " + std::to_string(port) +
                            " with listeners of another protocol; HTTP, HTTPS/TLS and TCP listeners need ports of their own.");
            continue;
        }
        bool terminate = false, passthrough = false;
        for (ListenerState* l : group)
            if (l->spec.protocol == "TLS")
                (l->spec.tlsMode.value_or("Terminate") == "Passthrough" ? passthrough : terminate) = true;
        if (terminate && passthrough && !features.tlsRouteModeMixed)
            for (ListenerState* l : group)
                if (l->spec.protocol == "TLS")
                    markConflict(*l, reason::ProtocolConflict,
                                 "Listener " + l->display() + ": TLS listeners in Terminate and Passthrough mode share port " +
                                     std::to_string(port) + ".");
        for (std::size_t i = 0; i < group.size(); ++i)
            for (std::size_t j = 0; j < i; ++j) {
                ListenerState& a = *group[j];
                ListenerState& b = *group[i];
                if (a.conflictReason || b.conflictReason || familyOf(a.spec.protocol) != familyOf(b.spec.protocol) ||
                    familyOf(a.spec.protocol) == "udp")
                    continue;
                if (a.spec.hostname.value_or("") != b.spec.hostname.value_or(""))
                    continue;
                const std::string message = "Listeners " + a.display() + " and " + b.display() + " share port " +
                    std::to_string(port) + " and hostname \"" + a.spec.hostname.value_or("") +
                    "\"; a request could not be told which one it is for.";
                markConflict(b, reason::HostnameConflict, message);
                if (!b.listenerSet || a.listenerSet)
                    markConflict(a, reason::HostnameConflict, message);
            }
    }
}

// OverlappingTLSConfig (negative polarity): TLS-terminating listeners on one port whose
// hostnames overlap, so one certificate may answer for another listener's names.
void detectOverlaps(GatewayState& g)
{
    for (ListenerState& a : g.listeners)
        for (ListenerState& b : g.listeners) {
            if (&a == &b || !a.accepted || !b.accepted || a.spec.port != b.spec.port || !needsCertificates(a.spec) ||
                !needsCertificates(b.spec))
                continue;
            const std::string ha = a.spec.hostname.value_or(""), hb = b.spec.hostname.value_or("");
            if (ha.empty() || hb.empty() || intersectHostnames(ha, hb))
                a.overlapsWith.push_back(b.spec.name);
        }
}

// Local ports (DESIGN.md §4): with an explicit offset, every port P is served at P+offset.
// Otherwise ports from 1024 up are served as they are, and each port under 1024 at P+8000, or
// P+18000, P+28000, ... when that is taken by another listener of the Gateway (80 and 8080 on one
// Gateway: 80 → 18080).
void assignServedPorts(GatewayState& g, const TranslateOptions& options)
{
    if (options.portOffset) {
        for (ListenerState& l : g.listeners)
            l.servedPort = std::uint16_t(std::clamp<std::int64_t>(l.spec.port + *options.portOffset, 1, 65535));
        return;
    }
    std::set<std::int64_t> taken;
    std::set<std::int64_t> low;
    for (const ListenerState& l : g.listeners)
        (l.spec.port >= 1024 ? taken : low).insert(l.spec.port);
    std::map<std::int64_t, std::int64_t> mapped;
    for (std::int64_t port : low) {
        std::int64_t candidate = port + 8000;
        while (taken.count(candidate) && candidate + 10000 <= 65535)
            candidate += 10000;
        mapped[port] = candidate;
        taken.insert(candidate);
    }
    for (ListenerState& l : g.listeners)
        l.servedPort = std::uint16_t(l.spec.port >= 1024 ? l.spec.port : mapped[l.spec.port]);
}

// Gateways that end up on one address (--address, or a workspace that says so) cannot both
// serve a port: the listener of the later Gateway is PortUnavailable.
void detectPortClashes(State& state)
{
    std::map<std::tuple<std::string, std::uint16_t, bool>, std::pair<const GatewayState*, std::string>> owners;
    for (auto& g : state.gateways) {
        if (!g->managed)
            continue;
        for (ListenerState& l : g->listeners) {
            if (!l.accepted)
                continue;
            const auto key = std::make_tuple(g->address, l.servedPort, l.spec.protocol == "UDP");
            auto [it, inserted] = owners.emplace(key, std::make_pair(g.get(), l.display()));
            if (inserted || it->second.first == g.get())
                continue;
            l.accepted = false;
            l.acceptedReason = reason::PortUnavailable;
            l.acceptedMessage = "Listener " + l.display() + " cannot be served: port " + std::to_string(l.servedPort) + " on " +
                g->address + " is already served by listener " + it->second.second + ".";
            l.supportedKinds.clear();
        }
    }
}

constexpr const char* kSingleLoopbackAddress = "127.0.0.1";

bool isLoopback(const std::string& ip)
{
    in_addr v4{};
    if (inet_pton(AF_INET, ip.c_str(), &v4) == 1)
        return (ntohl(v4.s_addr) >> 24) == 127;
    return ip == "::1";
}

// A stable loopback address derived from the Gateway's name: 127.a.b.c with a ≥ 1, so that two
// Gateways with listeners on the same port never share an address.
std::string derivedAddress(const std::string& key, int attempt)
{
    std::uint32_t h = 2166136261u;
    for (char c : key + "#" + std::to_string(attempt))
        h = (h ^ std::uint8_t(c)) * 16777619u;
    return "127." + std::to_string(1 + h % 254) + "." + std::to_string((h >> 8) % 256) + "." +
        std::to_string(1 + (h >> 16) % 254);
}

// With one loopback address for every Gateway (TranslateOptions::singleLoopbackAddress), Gateways
// may now share an address. Each, in name order, keeps its served ports where no earlier Gateway
// on its address has them, and moves a clashing port to the next free one (the same new port for
// every listener of the Gateway on it, so HTTPS listeners that share a port by hostname still
// share it). Every listener holds its port, accepted or not (one whose TLS settings are refused
// is still bound, so that its clients fail rather than reach another Gateway); a port with no
// free one above it is PortUnavailable rather than shared.
void separateGatewayPorts(State& state)
{
    std::vector<GatewayState*> gateways;
    for (auto& g : state.gateways)
        if (g->managed)
            gateways.push_back(g.get());
    std::sort(gateways.begin(), gateways.end(), [](auto* a, auto* b) { return a->display() < b->display(); });
    using Port = std::pair<std::uint16_t, bool>;  // served port, UDP
    std::map<std::string, std::set<Port>> taken;  // by address
    for (GatewayState* g : gateways) {
        std::set<Port>& takenHere = taken[g->address];
        std::set<Port> own;
        for (const ListenerState& l : g->listeners)
            own.insert({l.servedPort, l.spec.protocol == "UDP"});
        std::map<Port, std::optional<std::uint16_t>> moved;
        std::set<Port> used;  // the new ports given so far in this Gateway
        for (const Port& p : own) {
            const auto free = [&](std::uint32_t port) {
                const Port candidate{std::uint16_t(port), p.second};
                return !takenHere.count(candidate) && !used.count(candidate) && (port == p.first || !own.count(candidate));
            };
            std::uint32_t port = p.first;
            while (port <= 65535 && !free(port))
                ++port;
            if (port > 65535) {
                moved[p] = std::nullopt;
                continue;
            }
            moved[p] = std::uint16_t(port);
            used.insert({std::uint16_t(port), p.second});
        }
        for (ListenerState& l : g->listeners) {
            auto it = moved.find({l.servedPort, l.spec.protocol == "UDP"});
            if (it->second) {
                l.servedPort = *it->second;
                continue;
            }
            l.accepted = false;
            l.acceptedReason = reason::PortUnavailable;
            l.acceptedMessage = "Listener " + l.display() + " cannot be served: no port from " + std::to_string(l.servedPort) +
                " up is free on " + g->address + ", which every Gateway shares here.";
            l.supportedKinds.clear();
        }
        takenHere.insert(used.begin(), used.end());
    }
}

// Under singleLoopbackAddress, an address that needs a loopback alias (127.x.y.z other than
// 127.0.0.1) cannot be bound; 127.0.0.1, ::1 and other addresses are kept as given.
bool needsLoopbackAlias(const std::string& address)
{
    return address.empty() || (isLoopback(address) && address != kSingleLoopbackAddress && address != "::1");
}

void assignAddresses(State& state)
{
    std::set<std::string> taken;
    std::vector<GatewayState*> pending;
    for (auto& g : state.gateways) {
        if (!g->managed)
            continue;
        const std::string key = g->display();
        if (state.options->address) {
            g->address = *state.options->address;
        } else if (auto it = state.workspace->gatewayAddresses.find(key); it != state.workspace->gatewayAddresses.end()) {
            g->address = it->second;
        } else {
            for (const api::Address& a : g->spec->addresses)
                if (a.type == "IPAddress" && a.value && isLoopback(*a.value) && g->address.empty())
                    g->address = *a.value;
        }
        if (state.options->singleLoopbackAddress && !state.options->address && needsLoopbackAlias(g->address))
            g->address = kSingleLoopbackAddress;
        if (g->address.empty())
            pending.push_back(g.get());
        else
            taken.insert(g->address);
    }
    std::sort(pending.begin(), pending.end(), [](auto* a, auto* b) { return a->display() < b->display(); });
    for (GatewayState* g : pending) {
        int attempt = 0;
        std::string address = derivedAddress(g->display(), attempt);
        while (taken.count(address))
            address = derivedAddress(g->display(), ++attempt);
        g->address = address;
        taken.insert(address);
    }
}

void attachListenerSets(State& state)
{
    for (const api::ListenerSet& ls : state.index->listenerSets) {
        const Object& o = *ls.object;
        const std::string parentNs = ls.parent.namespaceOr(o.id.ns);
        GatewayState* parent = state.findGateway(parentNs, ls.parent.name);
        ListenerSetState s{&ls, state.index->indexOf(&o), parent, false, {}, {}};
        if (!parent || !parent->managed) {
            if (!parent)
                state.statusFor(o).notes.push_back("ListenerSet " + keyOf(o) + " names parent Gateway " + parentNs + "/" +
                                                   ls.parent.name + ", which is not in the loaded files.");
            state.listenerSets.push_back(s);
            continue;
        }
        const api::Gateway& g = *parent->spec;
        const std::string& from = g.allowedListenersFrom;
        const bool allowed = from == "All" || (from == "Same" && parentNs == o.id.ns) ||
            (from == "Selector" && g.allowedListenersSelector.matches(state.index->namespaceLabels(o.id.ns)));
        s.accepted = allowed;
        s.reason = allowed ? std::string(reason::Accepted) : std::string(reason::NotAllowed);
        s.message = allowed ? "ListenerSet " + keyOf(o) + " adds its listeners to Gateway " + parent->display() + "."
                            : "Gateway " + parent->display() + " does not allow ListenerSets from namespace " + o.id.ns +
                " (spec.allowedListeners.namespaces.from: " + from + ").";
        if (allowed)
            for (const api::Listener& spec : ls.listeners) {
                ListenerState l;
                l.spec = spec;
                l.listenerSet = &ls;
                l.ownerKind = "ListenerSet";
                l.ownerNamespace = o.id.ns;
                l.ownerName = o.id.name;
                checkListener(l, state.options->features);
                checkCertificates(state, l);
                checkFrontendValidation(state, g, l);
                parent->listeners.push_back(std::move(l));
            }
        state.listenerSets.push_back(s);
    }
}

}  // namespace

std::optional<SecretProblem> resolveTlsSecret(const State& state, const std::string& ownerKind, const std::string& ownerNs,
                                              const api::Reference& ref, std::string_view invalid, const std::string& where,
                                              runtime::config::Certificate& out)
{
    if (!ref.group.empty() || ref.kind != "Secret")
        return SecretProblem{invalid,
                             where + " refers to a " + (ref.group.empty() ? "" : ref.group + "/") + ref.kind +
                                 "; only core Secrets (group \"\", kind Secret) hold certificates."};
    const std::string ns = ref.namespaceOr(ownerNs);
    const std::string secretKey = ns + "/" + ref.name;
    if (!state.index->referencePermitted(std::string(kGatewayGroup), ownerKind, ownerNs, "", "Secret", ns, ref.name))
        return SecretProblem{reason::RefNotPermitted,
                             where + " refers to Secret " + secretKey + " in another namespace, and no ReferenceGrant in " + ns +
                                 " allows " + ownerKind + "s from " + ownerNs + " to use it."};
    auto it = state.index->secrets.find(secretKey);
    if (it == state.index->secrets.end())
        return SecretProblem{invalid, where + " refers to Secret " + secretKey + ", which is not in the loaded files."};
    const api::Secret& secret = it->second;
    if (secret.type != "kubernetes.io/tls")
        return SecretProblem{invalid, where + ": Secret " + secretKey + " has type " + secret.type + ", not kubernetes.io/tls."};
    const auto crt = secret.data.find("tls.crt"), key = secret.data.find("tls.key");
    if (crt == secret.data.end() || key == secret.data.end())
        return SecretProblem{invalid, where + ": Secret " + secretKey + " lacks tls.crt or tls.key."};
    const auto& check = state.options->checkCertificate ? state.options->checkCertificate : checkPemPair;
    if (auto problem = check(crt->second, key->second))
        return SecretProblem{invalid, where + ": Secret " + secretKey + " does not hold a usable certificate: " + *problem + "."};
    out = {"secret/" + secretKey, crt->second, key->second};
    return std::nullopt;
}

void translateClasses(State& state)
{
    for (const api::GatewayClass& c : state.index->classes) {
        if (state.options->controllerName && c.controllerName != *state.options->controllerName)
            continue;
        std::string message = "Accepted by Gateway Studio's local controller, acting as " + c.controllerName + ".";
        if (c.parametersRef)
            message += " Its parametersRef (" + c.parametersRef->kind + " " + c.parametersRef->name +
                ") is specific to that controller and not interpreted locally.";
        ObjectStatus& status = state.statusFor(*c.object);
        status.conditions.items.push_back(
            state.condition(*c.object, condition::Accepted, true, reason::Accepted, std::move(message)));
        status.supportedFeatures = supportedFeatures();
    }
}

void translateGateways(State& state)
{
    for (const api::Gateway& g : state.index->gateways) {
        auto st = std::make_unique<GatewayState>();
        st->spec = &g;
        st->objectIndex = state.index->indexOf(g.object);
        st->gatewayClass = state.index->findClass(g.className);
        if (st->gatewayClass && state.options->controllerName &&
            st->gatewayClass->controllerName != *state.options->controllerName) {
            continue;  // another controller's Gateway
        }
        st->managed = st->gatewayClass != nullptr;
        if (st->managed)
            st->controllerName = st->gatewayClass->controllerName;
        for (const api::Listener& spec : g.listeners) {
            ListenerState l;
            l.spec = spec;
            l.ownerNamespace = g.object->id.ns;
            l.ownerName = g.object->id.name;
            checkListener(l, state.options->features);
            checkCertificates(state, l);
            checkFrontendValidation(state, g, l);
            st->listeners.push_back(std::move(l));
        }
        if (st->managed)
            checkBackendClientCertificate(state, *st);
        state.gatewayByKey[st->display()] = st.get();
        state.gateways.push_back(std::move(st));
    }
    attachListenerSets(state);
    for (auto& g : state.gateways) {
        detectConflicts(*g, state.options->features);
        detectOverlaps(*g);
        assignServedPorts(*g, *state.options);
    }
    assignAddresses(state);
    if (state.options->singleLoopbackAddress && !state.options->address)
        separateGatewayPorts(state);
    detectPortClashes(state);
}

}  // namespace gs::model::translation

// The status of Gateways, their listeners and ListenerSets, once routes are attached
// (SPEC-NOTES §9, §11).

#include <arpa/inet.h>

#include "controller/translation_state.h"

namespace gs::model::translation {

namespace {

const char* schemeOf(const std::string& protocol)
{
    if (protocol == "HTTP")
        return "http";
    if (protocol == "HTTPS")
        return "https";
    if (protocol == "TLS")
        return "tls";
    if (protocol == "TCP")
        return "tcp";
    return "udp";
}

// `notServed`: why the listener's Gateway is not programmed ("" when it is); then no listener of
// it is programmed either.
Conditions listenerConditions(const State& state, const Object& owner, const GatewayState& g, const ListenerState& l,
                              const std::string& notServed)
{
    Conditions c;
    const std::string self = "Listener " + l.display();
    c.items.push_back(state.condition(owner, condition::Accepted, l.accepted, l.acceptedReason,
                                      l.accepted ? self + " is accepted." : l.acceptedMessage));
    if (l.conflictReason)
        c.items.push_back(state.condition(owner, condition::Conflicted, true, *l.conflictReason, l.acceptedMessage));
    c.items.push_back(state.condition(owner, condition::ResolvedRefs, l.refsResolved, l.refsReason,
                                      l.refsResolved ? self + " has no unresolved references." : l.refsMessage));
    std::string programmed;
    const bool served = l.programmed() && notServed.empty();
    if (served)
        programmed =
            self + " is served at " + schemeOf(l.spec.protocol) + "://" + g.address + ":" + std::to_string(l.servedPort) + ".";
    else if (l.programmed())
        programmed = self + " is not served: " + notServed;
    else if (!l.accepted)
        programmed = self + " is not served: it is not accepted.";
    else if (!l.certificatesOk)
        programmed = self + " is not served: it has no usable certificate (see ResolvedRefs).";
    else
        programmed = self + " is not served: it admits no route kind.";
    c.items.push_back(
        state.condition(owner, condition::Programmed, served, served ? reason::Programmed : reason::Invalid, programmed));
    if (!l.overlapsWith.empty()) {
        std::string others;
        for (const std::string& o : l.overlapsWith)
            others += (others.empty() ? "" : ", ") + o;
        c.items.push_back(state.condition(owner, condition::OverlappingTLSConfig, true, reason::OverlappingHostnames,
                                          self + " has a hostname that overlaps with listener(s) " + others +
                                              " on the same port; browsers may reuse one TLS connection for both."));
    }
    return c;
}

ListenerStatus listenerStatus(const State& state, const Object& owner, const GatewayState& g, const ListenerState& l,
                              const std::string& notServed)
{
    ListenerStatus s;
    s.name = l.spec.name;
    if (l.accepted)
        s.supportedKinds = l.supportedKinds;
    s.attachedRoutes = l.attachedRoutes;
    s.conditions = listenerConditions(state, owner, g, l, notServed);
    return s;
}

bool isLoopbackIp(const std::string& ip)
{
    in_addr v4{};
    if (inet_pton(AF_INET, ip.c_str(), &v4) == 1)
        return (ntohl(v4.s_addr) >> 24) == 127;
    return ip == "::1";
}

AddressVerdict judgeAddresses(const GatewayState& g)
{
    AddressVerdict v;
    for (const api::Address& a : g.spec->addresses) {
        v.requested = true;
        if (a.type != "IPAddress") {
            if (v.unsupported.empty())
                v.unsupported = a.type + (a.value ? " " + *a.value : std::string());
            continue;
        }
        if (!a.value) {
            v.usable.push_back({a.type, g.address});
        } else if (isLoopbackIp(*a.value)) {
            v.usable.push_back({a.type, *a.value});
        } else if (v.unusable.empty()) {
            v.unusable = *a.value;
        }
    }
    if (!v.requested)
        v.usable.push_back({"IPAddress", g.address});
    return v;
}

// "custom (UnsupportedProtocol), http (ProtocolConflict)"
std::string invalidListeners(const GatewayState& g)
{
    std::string out;
    for (const ListenerState& l : g.listeners)
        if (!l.listenerSet && !l.accepted)
            out += (out.empty() ? "" : ", ") + l.spec.name + " (" + l.acceptedReason + ")";
    return out;
}

}  // namespace

GatewayVerdict judgeGateway(const State& state, const GatewayState& g)
{
    GatewayVerdict v;
    for (const ListenerState& l : g.listeners) {
        if (l.listenerSet)
            continue;
        ++v.ownListeners;
        v.invalidListeners += l.accepted ? 0 : 1;
    }
    v.addresses = judgeAddresses(g);
    // spec.infrastructure.parametersRef (SPEC-NOTES §9): one that names an object of the files is
    // accepted; what it configures (a ConfigMap, NGINX Gateway Fabric's NginxProxy, Envoy Gateway's
    // EnvoyProxy) is the implementation's own and not interpreted locally, as a controller that
    // does not read that kind would do, and the condition says so. One that names nothing is
    // InvalidParameters.
    const auto& params = g.spec->parametersRef;
    const std::string& ns = g.spec->object->id.ns;
    v.parametersOk = !params || state.index->objects->find({params->group, params->kind, ns, params->name});
    v.accepted = g.managed && v.addresses.unsupported.empty() && v.parametersOk &&
        !(v.ownListeners > 0 && v.invalidListeners == v.ownListeners);
    return v;
}

namespace {

// InsecureFrontendValidationMode (GEP-91): True while any listener lets clients through whose
// certificate is missing or does not verify (mode AllowInsecureFallback).
void insecureFrontendCondition(const State& state, const GatewayState& g, ObjectStatus& st)
{
    std::string listeners;
    for (const ListenerState& l : g.listeners)
        if (l.insecureFallback)
            listeners += (listeners.empty() ? "" : ", ") + l.spec.name;
    if (listeners.empty())
        return;
    st.conditions.items.push_back(
        state.condition(*g.spec->object, condition::InsecureFrontendValidationMode, true, reason::ConfigurationChanged,
                        "Gateway " + g.display() + " asks for client certificates on listener(s) " + listeners +
                            " but lets clients through without a valid one (spec.tls.frontend mode AllowInsecureFallback)."));
}

void finishGateway(State& state, GatewayState& g)
{
    const Object& o = *g.spec->object;
    ObjectStatus& st = state.statusFor(o);
    const std::string self = "Gateway " + g.display();
    if (!g.managed) {
        const std::string why = self + " names GatewayClass " + g.spec->className +
            ", which is not in the loaded files: no controller has picked this Gateway up.";
        for (auto type : {condition::Accepted, condition::Programmed}) {
            Condition c = state.condition(o, type, false, reason::Pending, why);
            c.status = ConditionStatus::Unknown;
            st.conditions.items.push_back(std::move(c));
        }
        return;
    }
    GatewayStatus gs;
    const GatewayVerdict v = judgeGateway(state, g);
    const std::size_t own = v.ownListeners, invalid = v.invalidListeners;
    const AddressVerdict& addresses = v.addresses;
    gs.addresses = addresses.usable;
    const auto& params = g.spec->parametersRef;
    const bool parametersOk = v.parametersOk;
    std::string paramsNote = params ? " Its infrastructure.parametersRef (" + params->kind + " " + params->name +
            ") is specific to its controller and not interpreted locally."
                                    : std::string();
    // GatewayInfrastructurePropagation: the labels and annotations go on what a controller creates
    // for the Gateway in a cluster (its Service, Deployment and ServiceAccount); nothing local
    // carries them, so the feature is not claimed, and the condition says so.
    if (g.spec->infrastructureMetadata)
        paramsNote += " Its infrastructure labels and annotations are for the resources a controller creates in a "
                      "cluster; the local gateway creates none.";

    Condition accepted;
    if (!addresses.unsupported.empty())
        accepted = state.condition(o, condition::Accepted, false, reason::UnsupportedAddress,
                                   self + " asks for address " + addresses.unsupported +
                                       "; the local gateway provides IPAddress addresses only.");
    else if (!parametersOk)
        accepted = state.condition(o, condition::Accepted, false, reason::InvalidParameters,
                                   self + ": spec.infrastructure.parametersRef names " +
                                       (params->group.empty() ? "" : params->group + " ") + params->kind + " " + o.id.ns + "/" +
                                       params->name + ", which is not in the loaded files.");
    else if (own > 0 && invalid == own)
        accepted = state.condition(o, condition::Accepted, false, reason::ListenersNotValid,
                                   self + " has no valid listener: " + invalidListeners(g) + ".");
    else if (invalid > 0)
        accepted = state.condition(o, condition::Accepted, true, reason::ListenersNotValid,
                                   self + " is accepted, but " + std::to_string(invalid) + " of its " + std::to_string(own) +
                                       " listeners are not valid: " + invalidListeners(g) + ".");
    else
        accepted = state.condition(o, condition::Accepted, true, reason::Accepted, self + " is accepted." + paramsNote);
    const bool isAccepted = accepted.status == ConditionStatus::True;  // == v.accepted
    st.conditions.items.push_back(std::move(accepted));

    std::string notServed;  // why the Gateway, and so each of its listeners, is not programmed
    if (!isAccepted) {
        notServed = self + " is not accepted.";
        st.conditions.items.push_back(
            state.condition(o, condition::Programmed, false, reason::Invalid, self + " is not served: it is not accepted."));
    } else if (!addresses.unusable.empty()) {
        notServed = self + " cannot be served on address " + addresses.unusable + ".";
        st.conditions.items.push_back(
            state.condition(o, condition::Programmed, false, reason::AddressNotUsable,
                            self + " asks for address " + addresses.unusable +
                                ", which the local gateway cannot serve on (it binds loopback addresses, 127.0.0.0/8)."));
    } else {
        st.conditions.items.push_back(
            state.condition(o, condition::Programmed, true, reason::Programmed, self + " is served at " + g.address + "."));
    }
    g.notServed = notServed;
    if (g.spec->backendClientCertificate) {
        const bool resolved = g.backendClientProblem.empty();
        st.conditions.items.push_back(state.condition(
            o, condition::ResolvedRefs, resolved, resolved ? reason::ResolvedRefs : std::string_view(g.backendClientReason),
            resolved ? self + " presents client certificate " + g.backendClientCertificate->name +
                    " to backends it reaches over TLS (BackendTLSPolicy)."
                     : g.backendClientProblem + " It presents no client certificate to backends."));
    }
    insecureFrontendCondition(state, g, st);
    for (const ListenerState& l : g.listeners)
        if (!l.listenerSet)
            gs.listeners.push_back(listenerStatus(state, o, g, l, notServed));
    std::int64_t listenerSets = 0;
    bool anyListenerSet = false;
    for (const ListenerSetState& ls : state.listenerSets)
        if (ls.parent == &g) {
            anyListenerSet = true;
            listenerSets += ls.accepted ? 1 : 0;
        }
    if (anyListenerSet)
        gs.attachedListenerSets = listenerSets;
    st.gateway = std::move(gs);
}

void finishListenerSet(State& state, const ListenerSetState& ls)
{
    if (!ls.parent || !ls.parent->managed)
        return;
    const Object& o = *ls.spec->object;
    ObjectStatus& st = state.statusFor(o);
    st.conditions.items.push_back(state.condition(o, condition::Accepted, ls.accepted, ls.reason, ls.message));
    bool programmed = false;
    for (const ListenerState& l : ls.parent->listeners)
        if (l.listenerSet == ls.spec) {
            programmed = programmed || (l.programmed() && ls.parent->notServed.empty());
            st.listenerSetListeners.push_back(listenerStatus(state, o, *ls.parent, l, ls.parent->notServed));
        }
    const std::string self = "ListenerSet " + keyOf(o);
    st.conditions.items.push_back(
        state.condition(o, condition::Programmed, programmed, programmed ? reason::Programmed : reason::Invalid,
                        programmed ? self + " has listeners being served." : self + " has no listener being served."));
}

}  // namespace

void finishGateways(State& state)
{
    for (auto& g : state.gateways)
        finishGateway(state, *g);
    for (const ListenerSetState& ls : state.listenerSets)
        finishListenerSet(state, ls);
}

}  // namespace gs::model::translation

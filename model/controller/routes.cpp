// Route attachment: parentRefs, sectionName and port, allowedRoutes, hostname intersection
// (SPEC-NOTES §1, §2), and each route's status.parents[].

#include "controller/backends.h"
#include "controller/hostnames.h"
#include "controller/translation_state.h"

namespace gs::model::translation {

namespace {

constexpr std::string_view kGatewayGroup = "gateway.networking.k8s.io";

// How far a listener got in admitting a route; the furthest explains a rejection best.
enum class Stage { NotSelected, ListenerInvalid, KindNotAllowed, NamespaceNotAllowed, HostnameMismatch, Attached };

struct ListenerVerdict {
    Stage stage = Stage::NotSelected;
    std::string why;
};

std::string listText(const std::vector<std::string>& items)
{
    std::string out;
    for (const std::string& s : items)
        out += (out.empty() ? "" : ", ") + s;
    return out;
}

std::string kindsText(const ListenerState& l)
{
    std::vector<std::string> kinds;
    for (const Kind& k : l.supportedKinds)
        kinds.push_back(k.kind);
    return kinds.empty() ? std::string("no route kinds") : listText(kinds);
}

bool namespaceAllowed(const State& state, const ListenerState& l, const std::string& routeNs)
{
    const std::string& from = l.spec.allowedFrom;
    if (from == "All")
        return true;
    if (from == "Selector")
        return l.spec.allowedSelector.matches(state.index->namespaceLabels(routeNs));
    return routeNs == l.ownerNamespace;  // Same
}

std::string labelsText(const std::map<std::string, std::string>& labels)
{
    std::string out;
    for (const auto& [k, v] : labels)
        if (k != "kubernetes.io/metadata.name")
            out += (out.empty() ? "" : ", ") + k + "=" + v;
    return out.empty() ? std::string("no labels") : "labels " + out;
}

std::string selectorText(const api::LabelSelector& s)
{
    std::vector<std::string> parts;
    for (const auto& [k, v] : s.matchLabels)
        parts.push_back(k + "=" + v);
    for (const api::LabelSelector::Expression& e : s.matchExpressions)
        parts.push_back(e.key + " " + e.op + (e.values.empty() ? "" : " (" + listText(e.values) + ")"));
    return listText(parts);
}

std::string namespaceRule(const State& state, const ListenerState& l, const std::string& routeNs)
{
    if (l.spec.allowedFrom == "Selector")
        return "routes only from namespaces matching " + selectorText(l.spec.allowedSelector) + ", and namespace " + routeNs +
            " has " + labelsText(state.index->namespaceLabels(routeNs));
    return "routes only from namespace " + l.ownerNamespace + " (allowedRoutes.namespaces.from: Same)";
}

ListenerVerdict judge(const State& state, const api::Route& route, const ListenerState& l, std::vector<std::string>& hostnames)
{
    const Object& ro = *route.object;
    if (!l.accepted)
        return {Stage::ListenerInvalid, "listener " + l.spec.name + " is not accepted (" + l.acceptedReason + ")"};
    if (!l.admitsKind(route.kind))
        return {Stage::KindNotAllowed,
                "listener " + l.spec.name + " (" + l.spec.protocol + ") admits " + kindsText(l) + ", not " + route.kind};
    if (!namespaceAllowed(state, l, ro.id.ns))
        return {Stage::NamespaceNotAllowed, "listener " + l.spec.name + " admits " + namespaceRule(state, l, ro.id.ns)};
    if (route.kind == "TCPRoute" || route.kind == "UDPRoute") {
        hostnames = {""};
        return {Stage::Attached, {}};
    }
    hostnames = effectiveHostnames(l.spec.hostname, route.hostnames);
    if (hostnames.empty())
        return {Stage::HostnameMismatch,
                "its hostnames (" + listText(route.hostnames) + ") do not intersect the hostname of listener " + l.spec.name +
                    " (" + l.spec.hostname.value_or("") + ")"};
    return {Stage::Attached, {}};
}

ParentReference statusParentRef(const api::Reference& ref)
{
    return {ref.group, ref.kind, ref.name, ref.ns, ref.sectionName, ref.port};
}

std::string selectionText(const api::Reference& ref)
{
    std::string out;
    if (ref.sectionName)
        out += "named " + *ref.sectionName;
    if (ref.port)
        out += std::string(out.empty() ? "" : " ") + "on port " + std::to_string(*ref.port);
    return out;
}

class ParentEvaluator {
public:
    ParentEvaluator(State& state, const api::Route& route, const RouteResolution& resolution)
        : state_(state), route_(route), resolution_(resolution), object_(*route.object)
    {
    }

    void evaluate(std::size_t i, const api::Reference& ref)
    {
        if (ref.group != kGatewayGroup || (ref.kind != "Gateway" && ref.kind != "ListenerSet")) {
            // A parent of another kind is another controller's: a mesh's (GAMMA, SPEC-NOTES) for a
            // Service. Said, so that `status` does not leave such a route without a word.
            const std::string ns = ref.namespaceOr(object_.id.ns);
            const std::string kind = ref.group.empty() ? ref.kind : ref.kind + "." + ref.group;
            state_.statusFor(object_).notes.push_back(
                route_.kind + " " + keyOf(object_) + " parentRefs[" + std::to_string(i) + "] names " + kind + " " + ns + "/" +
                ref.name +
                (ref.kind == "Service" && ref.group.empty()
                     ? ": a mesh route (GAMMA), which a service mesh's controller reports on; the local gateway does not serve "
                       "it."
                     : ", a parent that only its own controller reports on; the local gateway does not serve it."));
            return;
        }
        const std::string ns = ref.namespaceOr(object_.id.ns);
        const std::string where = "parentRefs[" + std::to_string(i) + "]";
        const api::ListenerSet* listenerSet = nullptr;
        GatewayState* gateway = nullptr;
        if (ref.kind == "ListenerSet") {
            listenerSet = state_.index->findListenerSet(ns, ref.name);
            if (listenerSet)
                gateway = state_.findGateway(listenerSet->parent.namespaceOr(ns), listenerSet->parent.name);
        } else {
            gateway = state_.findGateway(ns, ref.name);
        }
        if (!gateway && state_.index->findGateway(ns, ref.name))
            return;  // a Gateway of a class another controller acts for
        if (!gateway || !gateway->managed) {
            noteDangling(where, ref, ns, gateway);
            return;
        }
        report(ref, *gateway, listenerSet);
    }

private:
    void noteDangling(const std::string& where, const api::Reference& ref, const std::string& ns, GatewayState* gateway)
    {
        std::string note = route_.kind + " " + keyOf(object_) + " " + where + " names " + ref.kind + " " + ns + "/" + ref.name;
        if (!gateway && (ref.kind == "Gateway" || !state_.index->findListenerSet(ns, ref.name)))
            note += ", which is not in the loaded files; no controller will report on this parent.";
        else if (gateway)
            note += ", whose GatewayClass " + gateway->spec->className + " is not in the loaded files.";
        else
            note += ", whose parent Gateway is not in the loaded files.";
        state_.statusFor(object_).notes.push_back(std::move(note));
    }

    void report(const api::Reference& ref, GatewayState& gateway, const api::ListenerSet* listenerSet)
    {
        ListenerVerdict best;
        std::vector<std::string> reasons, attachedTo;
        for (std::size_t li = 0; li < gateway.listeners.size(); ++li) {
            const ListenerState& l = gateway.listeners[li];
            if (l.listenerSet != listenerSet)
                continue;
            if ((ref.sectionName && l.spec.name != *ref.sectionName) || (ref.port && l.spec.port != *ref.port))
                continue;
            std::vector<std::string> hostnames;
            ListenerVerdict v = judge(state_, route_, l, hostnames);
            if (v.stage == Stage::Attached) {
                attach(gateway, li, std::move(hostnames));
                attachedTo.push_back(l.spec.name);
            } else {
                reasons.push_back(v.why);
            }
            if (v.stage > best.stage)
                best = v;
        }
        const std::string parent = (listenerSet ? "ListenerSet " + keyOf(*listenerSet->object) : "Gateway " + gateway.display());
        RouteParentStatus status{statusParentRef(ref), gateway.controllerName, {}};
        status.conditions.items.push_back(acceptedCondition(ref, best.stage, parent, attachedTo, reasons));
        status.conditions.items.push_back(
            state_.condition(object_, condition::ResolvedRefs, resolution_.resolved, resolution_.reason, resolution_.message));
        // PartiallyInvalid has negative polarity: True says some rules were dropped.
        if (auto dropped = droppedText(); !dropped.empty() && best.stage == Stage::Attached && !allRulesDropped())
            status.conditions.items.push_back(state_.condition(object_, condition::PartiallyInvalid, true,
                                                               reason::UnsupportedValue, "Dropped Rule(s): " + dropped));
        state_.statusFor(object_).parents.push_back(std::move(status));
    }

    void attach(GatewayState& gateway, std::size_t listener, std::vector<std::string> hostnames)
    {
        if (!state_.attached.emplace(&route_, &gateway, listener).second)
            return;  // two parentRefs that select the same listener attach once
        state_.attachments.push_back({&route_, &gateway, listener, std::move(hostnames)});
    }

    bool allRulesDropped() const
    {
        if (resolution_.droppedRules.empty())
            return false;
        for (const auto& d : resolution_.droppedRules)
            if (!d)
                return false;
        return true;
    }

    std::string droppedText() const
    {
        std::vector<std::string> parts;
        for (const auto& d : resolution_.droppedRules)
            if (d)
                parts.push_back(*d);
        return listText(parts);
    }

    Condition acceptedCondition(const api::Reference& ref, Stage stage, const std::string& parent,
                                const std::vector<std::string>& attachedTo, const std::vector<std::string>& reasons) const
    {
        const std::string self = route_.kind + " " + keyOf(object_);
        if (stage == Stage::Attached && allRulesDropped())
            return state_.condition(object_, condition::Accepted, false, reason::UnsupportedValue,
                                    self + " has no rule the local gateway can serve: " + droppedText() + ".");
        if (stage == Stage::Attached)
            return state_.condition(object_, condition::Accepted, true, reason::Accepted,
                                    self + " is attached to " + parent + " (listener" + (attachedTo.size() > 1 ? "s " : " ") +
                                        listText(attachedTo) + ").");
        if (stage == Stage::NotSelected)
            return state_.condition(object_, condition::Accepted, false, reason::NoMatchingParent,
                                    self + " is not attached: " + parent + " has no listener " + selectionText(ref) + ".");
        const std::string_view why =
            stage == Stage::HostnameMismatch ? reason::NoMatchingListenerHostname : reason::NotAllowedByListeners;
        return state_.condition(object_, condition::Accepted, false, why,
                                self + " is not attached to " + parent + ": " + listText(reasons) + ".");
    }

    State& state_;
    const api::Route& route_;
    const RouteResolution& resolution_;
    const Object& object_;
};

}  // namespace

void translateRoutes(State& state)
{
    for (const api::Route& route : state.index->routes) {
        const RouteResolution& resolution = state.resolutions[&route] = resolveRoute(state, route);
        ParentEvaluator evaluator(state, route, resolution);
        for (std::size_t i = 0; i < route.parentRefs.size(); ++i)
            evaluator.evaluate(i, route.parentRefs[i]);
    }
    for (const Attachment& a : state.attachments)
        ++a.gateway->listeners[a.listener].attachedRoutes;
}

}  // namespace gs::model::translation

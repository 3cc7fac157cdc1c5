// BackendTLSPolicy (GEP-1897, v1): which Service ports the gateway reaches over TLS, with which CA
// and hostname, and the policy's status per Gateway that sends traffic to them
// (status.ancestors, conditions Accepted and ResolvedRefs).

#include <algorithm>

#include "controller/precedence.h"
#include "controller/translation_state.h"
#include "yaml/access.h"

namespace gs::model::translation {

namespace {

namespace cfg = runtime::config;

constexpr std::string_view kNoValidCACertificate = "NoValidCACertificate";
constexpr std::string_view kInvalidCACertificateRef = "InvalidCACertificateRef";
constexpr std::string_view kConflicted = "Conflicted";

struct PolicyCheck {
    cfg::BackendTls tls;
    std::vector<std::string> problems;  // one per invalid CA reference
    std::string_view reason = reason::ResolvedRefs;
    bool anyValid = false;
};

// The CA references: core ConfigMaps in the policy's namespace holding a PEM `ca.crt`.
PolicyCheck checkReferences(const State& state, const api::BackendTLSPolicy& p)
{
    PolicyCheck c;
    const std::string ns = p.object->id.ns;
    c.tls.hostname = p.hostname;
    c.tls.subjectAltNames = p.subjectAltNames;
    c.tls.useSystemCertificates = p.wellKnownCACertificates == "System";
    c.anyValid = c.tls.useSystemCertificates;
    for (const api::Reference& ref : p.caCertificateRefs) {
        if (!ref.group.empty() || ref.kind != "ConfigMap") {
            c.problems.push_back("caCertificateRefs names a " + ref.kind + "; only core ConfigMaps hold CA certificates here");
            c.reason = reason::InvalidKind;
            continue;
        }
        auto it = state.index->configMaps.find(ns + "/" + ref.name);
        const yaml::Node* data = it == state.index->configMaps.end() ? nullptr : yaml::child(it->second->doc, "data");
        const std::string pem = data ? std::string(yaml::childText(*data, "ca.crt")) : std::string();
        if (pem.find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
            c.problems.push_back(
                "ConfigMap " + ns + "/" + ref.name +
                (it == state.index->configMaps.end() ? " is not in the loaded files" : " has no PEM certificate under ca.crt"));
            if (c.reason != reason::InvalidKind)
                c.reason = kInvalidCACertificateRef;
            continue;
        }
        c.tls.caCertificatesPem.push_back(pem);
        c.anyValid = true;
    }
    return c;
}

bool targets(const api::BackendTLSPolicy& p, const std::string& ns, const std::string& service)
{
    return p.object->id.ns == ns && std::any_of(p.targetRefs.begin(), p.targetRefs.end(), [&](const api::Reference& t) {
               return t.group.empty() && t.kind == "Service" && t.name == service;
           });
}

// The Gateways whose attached routes send traffic to a Service the policy targets.
// The Gateways that route to a Service the policy targets and are served (SPEC-NOTES, GEP-713
// ancestors).
std::vector<const GatewayState*> ancestorsOf(const State& state, const api::BackendTLSPolicy& p)
{
    std::vector<const GatewayState*> out;
    for (const Attachment& a : state.attachments)
        for (const api::Rule& rule : a.route->rules)
            for (const api::BackendRef& b : rule.backendRefs)
                if (b.ref.group.empty() && b.ref.kind == "Service" &&
                    targets(p, b.ref.namespaceOr(a.route->object->id.ns), b.ref.name) &&
                    std::find(out.begin(), out.end(), a.gateway) == out.end())
                    out.push_back(a.gateway);
    // A Gateway that is not served does not process the policy: it is no ancestor to report on.
    std::erase_if(out, [&](const GatewayState* g) { return !judgeGateway(state, *g).served(); });
    return out;
}

std::string joined(const std::vector<std::string>& parts)
{
    std::string out;
    for (const std::string& p : parts)
        out += (out.empty() ? "" : "; ") + p;
    return out;
}

}  // namespace

void translateBackendTlsPolicies(State& state)
{
    // The oldest policy on a Service wins; later ones are Conflicted (GEP-713 conflict resolution).
    std::vector<const api::BackendTLSPolicy*> policies;
    for (const api::BackendTLSPolicy& p : state.index->backendTlsPolicies)
        policies.push_back(&p);
    std::stable_sort(policies.begin(), policies.end(),
                     [](const auto* a, const auto* b) { return CreationOrder::of(*a->object) < CreationOrder::of(*b->object); });
    std::map<std::string, const api::BackendTLSPolicy*> owner;  // "ns/service" → policy
    for (const api::BackendTLSPolicy* p : policies) {
        const PolicyCheck check = checkReferences(state, *p);
        std::string conflict;
        for (const api::Reference& t : p->targetRefs) {
            const std::string key = p->object->id.ns + "/" + t.name;
            if (auto [it, fresh] = owner.emplace(key, p); !fresh && it->second != p)
                conflict = "BackendTLSPolicy " + keyOf(*it->second->object) + " is older and already applies to Service " + key;
        }
        const bool accepted = conflict.empty() && check.anyValid;
        if (accepted) {
            const auto tls = std::make_shared<const cfg::BackendTls>(check.tls);
            for (const api::Reference& t : p->targetRefs)
                state.backendTls[p->object->id.ns + "/" + t.name] = tls;
        } else if (conflict.empty())
            for (const api::Reference& t : p->targetRefs)  // connections must fail: 5xx (GEP-1897)
                state.invalidBackendTls[p->object->id.ns + "/" + t.name] =
                    "BackendTLSPolicy " + keyOf(*p->object) + " has no valid CA certificate: " + joined(check.problems);
        ObjectStatus& status = state.statusFor(*p->object);
        status.policy = true;
        for (const GatewayState* g : ancestorsOf(state, *p)) {
            PolicyAncestorStatus a;
            a.ancestorRef = {"gateway.networking.k8s.io", "Gateway", g->spec->object->id.name, g->spec->object->id.ns, {}, {}};
            a.controllerName = g->controllerName;
            const std::string gateway = "Gateway " + g->display();
            a.conditions.items.push_back(state.condition(
                *p->object, condition::Accepted, accepted,
                !conflict.empty() ? kConflicted
                    : accepted    ? reason::Accepted
                                  : kNoValidCACertificate,
                !conflict.empty() ? conflict + "."
                    : accepted
                    ? gateway + " connects over TLS to the Services this policy targets, verifying hostname " + p->hostname + "."
                    : "No CA certificate reference is valid: " + gateway +
                        " answers 500 for requests to the Services this policy targets."));
            a.conditions.items.push_back(state.condition(
                *p->object, condition::ResolvedRefs, check.problems.empty(), check.reason,
                check.problems.empty() ? "Every CA certificate reference resolved." : joined(check.problems) + "."));
            status.ancestors.push_back(std::move(a));
        }
    }
}

}  // namespace gs::model::translation

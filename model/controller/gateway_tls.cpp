// A Gateway's TLS settings beyond its listeners' certificates (SPEC-NOTES "Gateway
// spec.tls.frontend", "Gateway spec.tls.backend.clientCertificateRef").
//
// Client certificate validation on HTTPS listeners: spec.tls.frontend (GEP-91). The per-port entry for a listener's port overrides the
// default. Each CA reference must be a core ConfigMap holding a PEM `ca.crt`, in the Gateway's
// namespace or permitted by a ReferenceGrant; a bad one makes the listener's ResolvedRefs False
// (InvalidCACertificateKind, RefNotPermitted, InvalidCACertificateRef), and when none is usable
// the listener is not accepted (NoValidCACertificate) and so not served: a listener that was
// asked to check client certificates never serves without checking them.

#include "controller/translation_state.h"
#include "yaml/access.h"

namespace gs::model::translation {

namespace {

constexpr std::string_view kGatewayGroup = "gateway.networking.k8s.io";

struct CaProblem {
    std::string_view reason;
    std::string message;
};

// The PEM of one CA reference, or what is wrong with it.
std::optional<CaProblem> resolveCa(const State& state, const api::Gateway& gateway, const ListenerState& l,
                                   const api::Reference& ref, std::size_t i, std::string& pem)
{
    const std::string& own = gateway.object->id.ns;
    const std::string where = "Listener " + l.display() + ": spec.tls.frontend caCertificateRefs[" + std::to_string(i) + "]";
    if (!ref.group.empty() || ref.kind != "ConfigMap")
        return CaProblem{reason::InvalidCACertificateKind,
                         where + " refers to a " + (ref.group.empty() ? "" : ref.group + "/") + ref.kind + " " + ref.name +
                             "; only core ConfigMaps (key ca.crt) hold CA certificates."};
    const std::string ns = ref.namespaceOr(own);
    const std::string key = ns + "/" + ref.name;
    if (!state.index->referencePermitted(std::string(kGatewayGroup), "Gateway", own, "", "ConfigMap", ns, ref.name))
        return CaProblem{reason::RefNotPermitted,
                         where + " refers to ConfigMap " + key + " in another namespace, and no ReferenceGrant in " + ns +
                             " allows Gateways from " + own + " to use it."};
    const auto it = state.index->configMaps.find(key);
    if (it == state.index->configMaps.end())
        return CaProblem{reason::InvalidCACertificateRef,
                         where + " refers to ConfigMap " + key + ", which is not in the loaded files."};
    const yaml::Node* data = yaml::child(it->second->doc, "data");
    pem = data ? std::string(yaml::childText(*data, "ca.crt")) : std::string();
    if (pem.find("-----BEGIN CERTIFICATE-----") == std::string::npos)
        return CaProblem{reason::InvalidCACertificateRef, where + ": ConfigMap " + key + " has no PEM certificate under ca.crt."};
    if (state.options->checkCaCertificate)
        if (auto problem = state.options->checkCaCertificate(pem))
            return CaProblem{reason::InvalidCACertificateRef,
                             where + ": ConfigMap " + key + " does not hold a usable CA certificate: " + *problem + "."};
    return std::nullopt;
}

}  // namespace

// spec.tls.backend.clientCertificateRef (GEP-3155): a kubernetes.io/tls Secret the gateway presents
// when a backend it reaches under a BackendTLSPolicy asks for a client certificate. A bad
// reference makes the Gateway's ResolvedRefs False (InvalidClientCertificateRef, RefNotPermitted)
// and the Gateway presents nothing, while it stays Accepted.
void checkBackendClientCertificate(const State& state, GatewayState& g)
{
    const auto& ref = g.spec->backendClientCertificate;
    if (!ref)
        return;
    runtime::config::Certificate certificate;
    if (auto problem = resolveTlsSecret(state, "Gateway", g.spec->object->id.ns, *ref, reason::InvalidClientCertificateRef,
                                        "Gateway " + g.display() + ": spec.tls.backend.clientCertificateRef", certificate)) {
        g.backendClientReason = std::string(problem->reason);
        g.backendClientProblem = std::move(problem->message);
        return;
    }
    g.backendClientCertificate = std::make_shared<const runtime::config::Certificate>(std::move(certificate));
}

void checkFrontendValidation(const State& state, const api::Gateway& gateway, ListenerState& l)
{
    if (!l.accepted || l.spec.protocol != "HTTPS")
        return;
    const api::FrontendValidation* validation = gateway.frontend.forPort(l.spec.port);
    if (!validation)
        return;
    runtime::config::ClientValidation out;
    out.allowInsecureFallback = validation->mode == "AllowInsecureFallback";
    std::string firstProblem;
    for (std::size_t i = 0; i < validation->caCertificateRefs.size(); ++i) {
        std::string pem;
        if (auto problem = resolveCa(state, gateway, l, validation->caCertificateRefs[i], i, pem)) {
            if (firstProblem.empty())
                firstProblem = problem->message;
            if (l.refsResolved) {
                l.refsResolved = false;
                l.refsReason = std::string(problem->reason);
                l.refsMessage = problem->message;
            }
            continue;
        }
        out.caCertificatesPem.push_back(std::move(pem));
    }
    if (out.caCertificatesPem.empty()) {
        l.accepted = false;
        l.acceptedReason = std::string(reason::NoValidCACertificate);
        l.acceptedMessage = "Listener " + l.display() +
            " must verify client certificates (spec.tls.frontend) but none of its CA certificate references "
            "is usable, so it is not served. " +
            (firstProblem.empty() ? std::string("Its caCertificateRefs list is empty.") : firstProblem);
        l.supportedKinds.clear();
        return;
    }
    l.insecureFallback = out.allowInsecureFallback;
    l.clientValidation = std::move(out);
}

}  // namespace gs::model::translation

#include "controller/translator.h"

#include <algorithm>

#include "controller/translation_state.h"

namespace gs::model {

// `statuses` is in object order (translator.h): a binary search, not a scan per object, which
// made writing the status of 10,000 objects quadratic.
const ObjectStatus* Translation::statusOf(std::size_t objectIndex) const
{
    const auto it = std::lower_bound(statuses.begin(), statuses.end(), objectIndex,
                                     [](const ObjectStatus& s, std::size_t index) { return s.objectIndex < index; });
    return it != statuses.end() && it->objectIndex == objectIndex ? &*it : nullptr;
}

bool Translation::hasProblems() const
{
    for (const ObjectStatus& s : statuses)
        if (s.hasProblem())
            return true;
    return false;
}

Problem checkPemPair(const std::string& certificate, const std::string& key)
{
    if (certificate.find("-----BEGIN CERTIFICATE-----") == std::string::npos ||
        certificate.find("-----END CERTIFICATE-----") == std::string::npos)
        return std::string("tls.crt is not a PEM certificate");
    if (key.find("PRIVATE KEY-----") == std::string::npos || key.find("-----BEGIN") == std::string::npos)
        return std::string("tls.key is not a PEM private key");
    return std::nullopt;
}

const std::vector<std::string>& supportedFeatures()
{
    static const std::vector<std::string> features = [] {
        std::vector<std::string> f{"BackendTLSPolicy",
                                   "Gateway",
                                   "GatewayAddressEmpty",
                                   "GatewayBackendClientCertificate",
                                   "GatewayFrontendClientCertificateValidation",
                                   "GatewayFrontendClientCertificateValidationInsecureFallback",
                                   "GatewayHTTPListenerIsolation",
                                   "GatewayHTTPSListenerDetectMisdirectedRequests",
                                   "GatewayPort8080",
                                   "GatewayStaticAddresses",
                                   "GRPCRoute",
                                   "GRPCRouteNamedRouteRule",
                                   "HTTPRoute",
                                   "HTTPRoute303RedirectStatusCode",
                                   "HTTPRoute307RedirectStatusCode",
                                   "HTTPRoute308RedirectStatusCode",
                                   "HTTPRouteBackendProtocolH2C",
                                   "HTTPRouteBackendProtocolWebSocket",
                                   "HTTPRouteBackendRequestHeaderModification",
                                   "HTTPRouteBackendTimeout",
                                   "HTTPRouteCORS",
                                   "HTTPRouteDestinationPortMatching",
                                   "HTTPRouteHostRewrite",
                                   "HTTPRouteMethodMatching",
                                   "HTTPRouteNamedRouteRule",
                                   "HTTPRouteParentRefPort",
                                   "HTTPRoutePathRedirect",
                                   "HTTPRoutePathRewrite",
                                   "HTTPRoutePortRedirect",
                                   "HTTPRouteQueryParamMatching",
                                   "HTTPRouteRequestMirror",
                                   "HTTPRouteRequestMultipleMirrors",
                                   "HTTPRouteRequestPercentageMirror",
                                   "HTTPRouteRequestTimeout",
                                   "HTTPRouteResponseHeaderModification",
                                   "HTTPRouteRetry",
                                   "HTTPRouteSchemeRedirect",
                                   "ListenerSet",
                                   "ReferenceGrant",
                                   "TCPRoute",
                                   "TLSRoute",
                                   "TLSRouteModeMixed",
                                   "TLSRouteModeTerminate",
                                   "UDPRoute"};
        std::sort(f.begin(), f.end());
        return f;
    }();
    return features;
}

Translation translate(const ObjectSet& objects, const Workspace& workspace, const TranslateOptions& options)
{
    const translation::Index index = translation::buildIndex(objects);
    translation::State state;
    state.index = &index;
    state.workspace = &workspace;
    state.options = &options;
    translation::translateClasses(state);
    translation::translateGateways(state);
    translation::translateRoutes(state);
    translation::translateBackendTlsPolicies(state);
    translation::finishGateways(state);
    Translation out;
    translation::compileConfig(state, out.config);
    for (auto& [index, status] : state.statuses)
        out.statuses.push_back(std::move(status));
    return out;
}

}  // namespace gs::model

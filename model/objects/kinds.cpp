#include "objects/kinds.h"

#include <array>
#include <vector>

namespace gs::model {

namespace {

constexpr std::array<std::string_view, 2> kBetaAndAlpha2{"v1beta1", "v1alpha2"};
constexpr std::array<std::string_view, 1> kAlpha2{"v1alpha2"};
constexpr std::array<std::string_view, 2> kAlpha2And3{"v1alpha2", "v1alpha3"};
constexpr std::array<std::string_view, 1> kAlpha3{"v1alpha3"};
constexpr std::array<std::string_view, 0> kNone{};

struct KindVersions {
    std::string_view group;
    std::string_view kind;
    std::string_view version;
    std::span<const std::string_view> older;
};

constexpr std::array<KindVersions, 13> kKindVersions{{
    {kGatewayGroup, "GatewayClass", "v1", kBetaAndAlpha2},
    {kGatewayGroup, "Gateway", "v1", kBetaAndAlpha2},
    {kGatewayGroup, "ListenerSet", "v1", kNone},
    {kGatewayGroup, "HTTPRoute", "v1", kBetaAndAlpha2},
    {kGatewayGroup, "GRPCRoute", "v1", kAlpha2},
    {kGatewayGroup, "TLSRoute", "v1", kAlpha2And3},
    {kGatewayGroup, "TCPRoute", "v1", kAlpha2},
    {kGatewayGroup, "UDPRoute", "v1", kAlpha2},
    {kGatewayGroup, "ReferenceGrant", "v1", kBetaAndAlpha2},
    {kGatewayGroup, "BackendTLSPolicy", "v1", kAlpha3},
    {"", "Service", "v1", kNone},
    {"", "Secret", "v1", kNone},
    {"", "Namespace", "v1", kNone},
}};

const std::vector<KindInfo>& table()
{
    static const std::vector<KindInfo> kinds = [] {
        std::vector<KindInfo> out;
        for (const KindVersions& k : kKindVersions)
            out.push_back(KindInfo{k.group, k.kind, k.version, k.older, schema::findKind(k.group, k.kind)});
        return out;
    }();
    return kinds;
}

}  // namespace

bool KindInfo::isRoute() const { return group == kGatewayGroup && kind.size() > 5 && kind.substr(kind.size() - 5) == "Route"; }

const KindInfo* findKnownKind(std::string_view group, std::string_view kind)
{
    for (const KindInfo& k : table())
        if (k.group == group && k.kind == kind)
            return &k;
    return nullptr;
}

std::span<const KindInfo> knownKinds() { return table(); }

GroupVersion splitApiVersion(std::string_view apiVersion)
{
    const std::size_t slash = apiVersion.find('/');
    if (slash == std::string_view::npos)
        return {"", apiVersion};
    return {apiVersion.substr(0, slash), apiVersion.substr(slash + 1)};
}

}  // namespace gs::model

#pragma once
// The kinds the model interprets, and the apiVersions it reads for each.
//
// Gateway API kinds are written with `gateway.networking.k8s.io/v1`; older versions that users
// still have (v1beta1, v1alpha2, v1alpha3) have the same fields in v1.6.1 and are read and
// upgraded. Core kinds (Service, Secret, Namespace) are `v1`. Any other kind is kept as it is.

#include <span>
#include <string_view>

#include "schema/schema.h"

namespace gs::model {

inline constexpr std::string_view kGatewayGroup = "gateway.networking.k8s.io";
inline constexpr std::string_view kGatewayApiVersion = "gateway.networking.k8s.io/v1";

struct KindInfo {
    std::string_view group;
    std::string_view kind;
    std::string_view version;  // the version written on export ("v1")
    std::span<const std::string_view> olderVersions;  // read and upgraded to `version`
    const schema::KindSchema* schema;
    bool namespaced() const { return schema->namespaced; }
    bool isRoute() const;
};

const KindInfo* findKnownKind(std::string_view group, std::string_view kind);
std::span<const KindInfo> knownKinds();

// Splits "group/version" (or "version" for the core group).
struct GroupVersion {
    std::string_view group;
    std::string_view version;
};
GroupVersion splitApiVersion(std::string_view apiVersion);

}  // namespace gs::model

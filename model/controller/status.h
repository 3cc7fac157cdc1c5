#pragma once
// Status as a conformant controller writes it: condition types and reasons are the spec's
// strings (SPEC-NOTES §11), mirrored once here. Every condition carries the object's generation
// as observedGeneration and a lastTransitionTime; its message says, in plain words, why.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gs::model {

enum class ConditionStatus { True, False, Unknown };

// Condition types (gateway.networking.k8s.io/v1, standard channel).
namespace condition {
inline constexpr std::string_view Accepted = "Accepted";
inline constexpr std::string_view Programmed = "Programmed";
inline constexpr std::string_view ResolvedRefs = "ResolvedRefs";
inline constexpr std::string_view Conflicted = "Conflicted";
inline constexpr std::string_view OverlappingTLSConfig = "OverlappingTLSConfig";
inline constexpr std::string_view PartiallyInvalid = "PartiallyInvalid";
inline constexpr std::string_view InsecureFrontendValidationMode = "InsecureFrontendValidationMode";
}  // namespace condition

// Reasons, as the spec spells them.
namespace reason {
inline constexpr std::string_view Accepted = "Accepted";
inline constexpr std::string_view Programmed = "Programmed";
inline constexpr std::string_view ResolvedRefs = "ResolvedRefs";
inline constexpr std::string_view Pending = "Pending";
inline constexpr std::string_view Invalid = "Invalid";
inline constexpr std::string_view InvalidParameters = "InvalidParameters";
inline constexpr std::string_view UnsupportedAddress = "UnsupportedAddress";
inline constexpr std::string_view AddressNotUsable = "AddressNotUsable";
inline constexpr std::string_view ListenersNotValid = "ListenersNotValid";
inline constexpr std::string_view ListenersNotResolved = "ListenersNotResolved";
inline constexpr std::string_view InvalidClientCertificateRef = "InvalidClientCertificateRef";
inline constexpr std::string_view ConfigurationChanged = "ConfigurationChanged";
// Listeners
inline constexpr std::string_view PortUnavailable = "PortUnavailable";
inline constexpr std::string_view UnsupportedProtocol = "UnsupportedProtocol";
inline constexpr std::string_view UnsupportedValue = "UnsupportedValue";
inline constexpr std::string_view ProtocolConflict = "ProtocolConflict";
inline constexpr std::string_view HostnameConflict = "HostnameConflict";
inline constexpr std::string_view NoConflicts = "NoConflicts";
inline constexpr std::string_view InvalidCertificateRef = "InvalidCertificateRef";
inline constexpr std::string_view InvalidRouteKinds = "InvalidRouteKinds";
inline constexpr std::string_view RefNotPermitted = "RefNotPermitted";
inline constexpr std::string_view OverlappingHostnames = "OverlappingHostnames";
inline constexpr std::string_view InvalidCACertificateRef = "InvalidCACertificateRef";
inline constexpr std::string_view InvalidCACertificateKind = "InvalidCACertificateKind";
inline constexpr std::string_view NoValidCACertificate = "NoValidCACertificate";
// Routes
inline constexpr std::string_view NotAllowedByListeners = "NotAllowedByListeners";
inline constexpr std::string_view NoMatchingListenerHostname = "NoMatchingListenerHostname";
inline constexpr std::string_view NoMatchingParent = "NoMatchingParent";
inline constexpr std::string_view InvalidKind = "InvalidKind";
inline constexpr std::string_view BackendNotFound = "BackendNotFound";
// ListenerSets
inline constexpr std::string_view NotAllowed = "NotAllowed";
inline constexpr std::string_view ParentNotAccepted = "ParentNotAccepted";
}  // namespace reason

struct Condition {
    std::string type;
    ConditionStatus status = ConditionStatus::Unknown;
    std::string reason;
    std::string message;
    std::int64_t observedGeneration = 1;
    std::string lastTransitionTime;

    // True when the condition says something is wrong: Accepted, ResolvedRefs or Programmed not
    // True; Conflicted, OverlappingTLSConfig or PartiallyInvalid True.
    bool isProblem() const;
};

const char* toString(ConditionStatus s);

struct Conditions {
    std::vector<Condition> items;
    const Condition* find(std::string_view type) const;
    bool has(std::string_view type, ConditionStatus status) const;
};

struct Kind {
    std::string group;
    std::string kind;
    friend bool operator==(const Kind&, const Kind&) = default;
};

struct ListenerStatus {
    std::string name;
    std::vector<Kind> supportedKinds;
    std::int64_t attachedRoutes = 0;
    Conditions conditions;
};

struct GatewayAddress {
    std::string type = "IPAddress";
    std::string value;
};

struct GatewayStatus {
    std::vector<GatewayAddress> addresses;
    std::vector<ListenerStatus> listeners;
    std::optional<std::int64_t> attachedListenerSets;
};

struct ParentReference {
    std::string group;
    std::string kind;
    std::string name;
    std::optional<std::string> ns;
    std::optional<std::string> sectionName;
    std::optional<std::int64_t> port;
};

struct RouteParentStatus {
    ParentReference parentRef;
    std::string controllerName;
    Conditions conditions;
};

struct PolicyAncestorStatus {
    ParentReference ancestorRef;
    std::string controllerName;
    Conditions conditions;
};

// The status of one object. Which members are used depends on the kind.
struct ObjectStatus {
    std::size_t objectIndex = 0;  // index in the ObjectSet
    Conditions conditions;  // GatewayClass, Gateway, ListenerSet
    std::optional<GatewayStatus> gateway;
    std::vector<ListenerStatus> listenerSetListeners;
    std::vector<RouteParentStatus> parents;  // routes
    std::vector<PolicyAncestorStatus> ancestors;  // BackendTLSPolicy
    bool policy = false;  // a policy: its status is `ancestors`
    std::vector<std::string> supportedFeatures;  // GatewayClass
    std::vector<std::string> notes;  // problems no condition states (a parentRef to nothing)
    bool hasProblem() const;
};

}  // namespace gs::model

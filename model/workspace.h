#pragma once
// The workspace: what Gateway Studio keeps beside the YAML (`<name>.gwstudio.json`) and never
// exports: each Gateway's local address, endpoint bindings to real local processes, echo replica
// settings and faults, canary rollout plans, and (for the editor) node positions. Plain data; reading and writing use nlohmann/json.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "config/runtime_config.h"
#include "rollout_plan.h"

namespace gs::model {

// `ns/svc:port=host:port`: a Service port served by a local process instead of the built-in echo.
struct EndpointBinding {
    std::string ns;
    std::string service;
    std::uint16_t port = 0;
    std::string host;
    std::uint16_t targetPort = 0;
    std::string text() const;  // back to the `ns/svc:port=host:port` form
};

// Parses the binding syntax; nullopt (and `error`) when it is malformed.
std::optional<EndpointBinding> parseBinding(const std::string& text, std::string& error);

struct EchoSettings {
    int replicas = 0;  // 0: as many as the matching Deployment has, else 1
    runtime::config::EchoFaults faults;  // what its pods do wrong on purpose (echo_faults.h)
};

struct Workspace {
    std::map<std::string, std::string> gatewayAddresses;  // "ns/name" → "127.x.y.z"
    std::vector<EndpointBinding> bindings;
    std::map<std::string, EchoSettings> echo;  // "ns/service"
    std::map<std::string, RolloutPlan> rollouts;  // RolloutPlan::key(): "ns/route/N"
    std::map<std::string, std::pair<double, double>> positions;  // graph node key → (x, y)
    std::set<std::string> pinned;  // node keys the user placed by hand: the automatic layout keeps them
    std::set<std::string> collapsed;  // groups drawn as one node: "namespace/NS", "gateway/NS/NAME"
    // The editor's traffic generator profiles: name → settings (method, host, path, rate, ...).
    std::map<std::string, std::map<std::string, std::string>> trafficProfiles;

    const EndpointBinding* bindingFor(const std::string& ns, const std::string& service, std::uint16_t port) const;
    // The plan kept for a weighted rule, else the defaults; aimed at that rule either way.
    RolloutPlan rolloutPlanFor(const RuleRef& rule) const;

    // JSON text of the workspace file, and back. fromJson returns nullopt and sets `error` when
    // the text is not a workspace.
    std::string toJson() const;
    static std::optional<Workspace> fromJson(const std::string& text, std::string& error);

    // "<dir>/<name>.gwstudio.json" for a YAML file "<dir>/<name>.yaml".
    static std::string pathFor(const std::string& yamlPath);
};

}  // namespace gs::model

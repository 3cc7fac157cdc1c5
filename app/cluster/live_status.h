#pragma once
// The real controller's status next to the predicted one: for each object that has a predicted
// status, the status the cluster's controller wrote (as pulled) and every difference that
// matters: a condition's status or reason, a condition or a parent the controller never wrote, a
// listener's attachedRoutes, and an observedGeneration behind the object's generation (the
// controller has not seen the latest spec). Messages are not compared: their wording is each
// implementation's own. Conditions the controller adds beyond the spec's are not differences.

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "controller/translator.h"
#include "objects/object.h"

namespace gs::cluster {

struct StatusDifference {
    std::string where;  // "parents[infra/gw/http] Accepted", "listeners[https] attachedRoutes"
    std::string controller;  // what the controller wrote ("False/NotAllowedByListeners", "—" for nothing)
    std::string predicted;
    std::string note;  // "stale: observedGeneration 3 of generation 4", ...
};

struct LiveStatus {
    std::size_t objectIndex = 0;
    std::string id;  // "HTTPRoute default/canary"
    std::int64_t generation = 0;
    nlohmann::json controller;  // status as written on the cluster (null when none)
    nlohmann::json predicted;  // status Gateway Studio computes
    std::vector<StatusDifference> differences;
};

// The controller's side of one object: its status as written and the object's generation.
struct ControllerStatus {
    nlohmann::json status;
    std::int64_t generation = 0;
};

// One object's comparison.
LiveStatus compareOne(const model::Object& object, const model::ObjectStatus& status, const ControllerStatus& controller);

// "gateway.networking.k8s.io" of "gateway.networking.k8s.io/v1"; "" of "v1".
std::string groupOf(const std::string& apiVersion);

// For objects whose controller status `lookup` gives (nullptr: the object is not on the cluster,
// and is left out), as the editor keeps it from its watches.
std::vector<LiveStatus> compareLiveStatus(const model::ObjectSet& objects, const model::Translation& translation,
                                          const std::function<const ControllerStatus*(const model::Object&)>& lookup);

// For pulled objects, whose trees carry the status and generation the cluster gave them.
std::vector<LiveStatus> compareLiveStatus(const model::ObjectSet& objects, const model::Translation& translation);

// A table for people: one block per object, its differences marked, and a summary line.
std::string describeLiveStatus(const std::vector<LiveStatus>& entries);

// For -o yaml / -o json: a List of {kind, namespace, name, generation, controller, predicted, differences}.
nlohmann::json liveStatusDocument(const std::vector<LiveStatus>& entries);

}  // namespace gs::cluster

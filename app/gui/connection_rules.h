#pragma once
// Which connections the canvas may make, decided by Gateway API rules rather than by the view:
// a route attaches to a listener only when the listener's protocol serves the route's kind and its
// allowedRoutes admit the route's kind and namespace (Gateway API spec, Listener.allowedRoutes;
// GEP-1294 for namespaces), and a route sends to a Service in another namespace only when a
// ReferenceGrant there allows it (GEP-709). Each function returns why not, or nullopt when legal.

#include <optional>
#include <string>

#include "objects/object.h"

namespace gs::gui {

// `listener` empty: the route attaches to the whole Gateway or ListenerSet (no sectionName);
// legal when at least one of its listeners would admit it.
std::optional<std::string> whyNotAttach(const model::ObjectSet& objects, const model::Object& route, const model::Object& parent,
                                        const std::string& listener);

std::optional<std::string> whyNotBackend(const model::ObjectSet& objects, const model::Object& route,
                                         const model::Object& service);

}  // namespace gs::gui

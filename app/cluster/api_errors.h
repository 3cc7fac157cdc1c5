#pragma once
// What went wrong with a call to the API server, in words a person can act on. The server's
// answer is a `Status` object (metav1.Status); its message is kept, since the API server's own
// wording (RBAC's "cannot list resource ... in API group ...", a webhook's reason, a CEL rule's
// message) is what the user searches for.

#include <string>
#include <vector>

#include "cluster/api_client.h"

namespace gs::cluster {

struct StatusCause {
    std::string reason;  // FieldManagerConflict, FieldValueInvalid, ...
    std::string message;
    std::string field;
};

struct ApiStatus {
    int code = 0;
    std::string reason;  // Unauthorized, Forbidden, NotFound, Conflict, Invalid, Expired, ...
    std::string message;
    std::vector<StatusCause> causes;
};

// The Status in an error answer; for an answer without one, the code and the body's start.
ApiStatus parseStatus(const ApiResponse& response);

// One or more lines: what failed (`doing`: "list httproutes.gateway.networking.k8s.io"), where
// (the client's target) and what to do. For a network failure, names the server.
std::string explainFailure(const ApiResponse& response, const ApiClient& client, const std::string& doing);

}  // namespace gs::cluster

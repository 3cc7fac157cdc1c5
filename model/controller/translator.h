#pragma once
// The controller semantics: translate(objects, workspace) → { the status of every object, the
// runtime configuration }. A pure function of its inputs: the same objects, workspace and
// options always give the same result. It acts as the controller of every GatewayClass in the
// objects (or of those with one controllerName), as a conformant Gateway API implementation would
// on the user's cluster (SPEC-NOTES §1–§11; where the API docs and the conformance tests
// disagree, it follows the tests).
//
// Objects with validation errors are left out, as a cluster's API server would have refused them.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "config/runtime_config.h"
#include "controller/status.h"
#include "problem.h"
#include "objects/object.h"
#include "workspace.h"

namespace gs::model {

// What this implementation supports of the extended features that change status.
struct Features {
    bool tlsRouteModeTerminate = true;  // TLS listeners in Terminate mode (TLSRoute forwards plaintext)
    bool tlsRouteModeMixed = true;  // Terminate and Passthrough TLS listeners on one port
};

// The Gateway API features (conformance SupportedFeatures) the local controller and gateway
// implement, sorted by name; written to each GatewayClass's status.supportedFeatures.
const std::vector<std::string>& supportedFeatures();

struct TranslateOptions {
    std::optional<std::string> controllerName;  // act only for GatewayClasses with this controllerName
    std::optional<int> portOffset;  // serve port P at P+N (default: P+8000 when P < 1024)
    std::optional<std::string> address;  // serve every Gateway on this address
    // Where 127.x.y.z other than 127.0.0.1 cannot be bound (macOS configures only 127.0.0.1):
    // every Gateway on 127.0.0.1, a port clashing with an earlier Gateway's (in name order) moved
    // to the next free one. Redirects follow (each Gateway's served ports), and SNI and Host
    // routing stay per Gateway because no two Gateways share a socket. `address` wins.
    bool singleLoopbackAddress = false;
    std::string now = "1970-01-01T00:00:00Z";  // lastTransitionTime of every condition
    Features features;
    // Checks a certificate and key (PEM) from a TLS Secret; returns what is wrong, or nullopt.
    // The default checks the PEM structure; the application plugs in a full parse.
    std::function<Problem(const std::string& certificate, const std::string& key)> checkCertificate;
    // Checks a CA bundle (PEM, a ConfigMap's ca.crt) that verifies client certificates; returns
    // what is wrong, or nullopt. The default checks the PEM structure; the application plugs in
    // a full parse, so a bundle the gateway could not load is InvalidCACertificateRef.
    std::function<Problem(const std::string& pem)> checkCaCertificate;
};

struct Translation {
    std::vector<ObjectStatus> statuses;  // in object order; only objects that have a status
    runtime::config::RuntimeConfig config;

    const ObjectStatus* statusOf(std::size_t objectIndex) const;
    bool hasProblems() const;  // any condition in its bad polarity, or a note
};

Translation translate(const ObjectSet& objects, const Workspace& workspace, const TranslateOptions& options = {});

// The PEM structure check used when no other is given.
Problem checkPemPair(const std::string& certificate, const std::string& key);

}  // namespace gs::model

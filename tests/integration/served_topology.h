#pragma once
// YAML in, real traffic out: loads a topology, translates it, and serves it with the embedded
// gateway on ephemeral loopback ports, for end-to-end tests.

#include <memory>
#include <string>

#include "controller/translator.h"
#include "gateway.h"
#include "topology.h"

namespace gs::test {

// The text of tests/integration/testdata/<file>: the topologies the integration suites serve (each
// file a whole topology `gateway-studio serve` takes, or a fragment the suite appends). Aborts
// with the path when the file cannot be read: it is part of the tree.
std::string testdata(const std::string& file);

class ServedTopology {
public:
    explicit ServedTopology(const std::string& yaml, model::Workspace workspace = {}, int workers = 2,
                            runtime::proxy::WorkerLimits limits = {});
    ~ServedTopology();

    bool ok() const { return error_.empty(); }
    const std::string& error() const { return error_; }

    // Replaces the served objects (hot reload). Returns the error, or "".
    std::string reload(const std::string& yaml);
    // Serves the same objects but one ("ReferenceGrant", "ns/name"), as if it had been deleted.
    std::string reloadWithout(const std::string& kind, const std::string& name);

    // The bound port of a listener ("ns/gateway", "listener"), 0 when not served.
    int port(const std::string& gateway, const std::string& listener) const;
    // The address a Gateway is served on.
    std::string address(const std::string& gateway) const;
    // The port a Gateway's listeners on `specPort` are served on (as redirects say it): the spec
    // port itself here (portOffset 0), another where Gateways share 127.0.0.1 (GWS_LOOPBACK=single).
    int servedPort(const std::string& gateway, int specPort) const;
    // The bound port of the Gateway's listeners on `specPort`, 0 when none is served.
    int boundPort(const std::string& gateway, int specPort);

    runtime::Gateway& gateway() { return *gateway_; }
    const model::Translation& translation() const { return translation_; }
    const model::Topology& topology() const { return *topology_; }
    const runtime::ApplyResult& applied() const { return applied_; }

private:
    std::string load(const std::string& yaml);

    model::Workspace workspace_;
    std::unique_ptr<model::Topology> topology_;
    model::Translation translation_;
    std::unique_ptr<runtime::Gateway> gateway_;
    runtime::ApplyResult applied_;
    std::string error_;
};

}  // namespace gs::test

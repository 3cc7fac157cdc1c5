// The model pipeline on one YAML file: load (yaml-cpp events, documents, kinds, version
// upgrades) → validate (schema, CEL rules, ObjectMeta) → translate (status and RuntimeConfig) →
// the status and export writers, and the data plane's compile step (buildSnapshot: route tables,
// RE2, TLS contexts), which is what `serve` does with every edit it accepts.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "controller/status_output.h"
#include "controller/translator.h"
#include "export/exporter.h"
#include "proxy/snapshot.h"
#include "stats/stats.h"
#include "topology.h"

namespace {

// Every endpoint "is served" at a fixed address: nothing connects to it here.
std::optional<gs::runtime::net::Address> anyEndpoint(const gs::runtime::config::ServiceTarget&,
                                                     const gs::runtime::config::Endpoint&)
{
    gs::runtime::net::Address address;
    gs::runtime::net::Address::parse("127.0.0.1", 9, address);
    return address;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace gs;
    const model::Topology topology =
        model::loadTopology(std::vector<model::Source>{{"fuzz.yaml", std::string(reinterpret_cast<const char*>(data), size)}});
    const model::Translation translation = model::translate(topology.objects, {});
    model::statusYaml(topology.objects, translation);
    if (!topology.diagnostics.hasErrors())
        model::exportYaml(topology.objects);
    runtime::stats::Registry registry(1);
    runtime::proxy::buildSnapshot(std::make_shared<runtime::config::RuntimeConfig>(translation.config), anyEndpoint, registry);
    return 0;
}

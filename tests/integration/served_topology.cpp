#include "served_topology.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "export/exporter.h"
#include "net/socket.h"

namespace gs::test {

std::string testdata(const std::string& file)
{
    const std::string path = std::string(GWS_INTEGRATION_TESTDATA) + "/" + file;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "cannot read %s\n", path.c_str());
        std::abort();
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

ServedTopology::ServedTopology(const std::string& yaml, model::Workspace workspace, int workers,
                               runtime::proxy::WorkerLimits limits)
    : workspace_(std::move(workspace))
{
    runtime::GatewayOptions options;
    options.workers = workers;
    options.limits = limits;
    options.ephemeralPorts = true;
    gateway_ = std::make_unique<runtime::Gateway>(options);
    error_ = load(yaml);
}

ServedTopology::~ServedTopology() { gateway_->stop(std::chrono::milliseconds(500)); }

std::string ServedTopology::load(const std::string& yaml)
{
    auto topology = std::make_unique<model::Topology>(model::loadTopology(std::vector<model::Source>{{"test.yaml", yaml}}));
    if (topology->diagnostics.hasErrors())
        return topology->diagnostics.all()[0].format();
    model::TranslateOptions options;
    options.portOffset = 0;  // Locations as the spec says; the sockets are ephemeral anyway
    // GWS_LOOPBACK=single runs these suites in the fallback of a machine with only 127.0.0.1.
    options.singleLoopbackAddress = !runtime::net::loopbackAliasesBindable();
    translation_ = model::translate(topology->objects, workspace_, options);
    topology_ = std::move(topology);
    applied_ = gateway_->apply(std::make_shared<runtime::config::RuntimeConfig>(translation_.config));
    for (const runtime::BoundListener& l : applied_.listeners)
        if (!l.ok)
            return l.name + ": " + l.error;
    return {};
}

std::string ServedTopology::reload(const std::string& yaml) { return load(yaml); }

std::string ServedTopology::reloadWithout(const std::string& kind, const std::string& name)
{
    model::ObjectSet remaining;
    for (const model::Object& o : topology_->objects.objects())
        if (!(o.id.kind == kind && o.displayName() == name))
            remaining.add(o);
    if (remaining.size() == topology_->objects.size())
        return "no " + kind + " " + name + " to delete";
    return load(model::exportYaml(remaining));
}

int ServedTopology::port(const std::string& gateway, const std::string& listener) const
{
    const std::string name = "gateway/" + gateway + "/listener/" + listener;
    for (const runtime::BoundListener& l : applied_.listeners)
        if (l.name == name)
            return l.ok ? l.port : 0;
    return 0;
}

std::string ServedTopology::address(const std::string& gateway) const
{
    for (const auto& g : translation_.config.gateways)
        if (g.name == "gateway/" + gateway)
            return g.address;
    return {};
}

int ServedTopology::servedPort(const std::string& gateway, int specPort) const
{
    for (const auto& g : translation_.config.gateways)
        if (g.name == "gateway/" + gateway)
            for (const auto& l : g.listeners)
                if (l.port == specPort && l.protocol != runtime::config::Protocol::UDP)
                    return l.servedPort;
    return specPort;
}

int ServedTopology::boundPort(const std::string& gateway, int specPort)
{
    return gateway_->boundPort(address(gateway), std::uint16_t(servedPort(gateway, specPort)));
}

}  // namespace gs::test

#include "workspace.h"

#include <charconv>

#include <nlohmann/json.hpp>

namespace gs::model {

namespace {

bool parsePort(std::string_view text, std::uint16_t& out)
{
    unsigned value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || ptr != text.data() + text.size() || value == 0 || value > 65535)
        return false;
    out = std::uint16_t(value);
    return true;
}

}  // namespace

std::string EndpointBinding::text() const
{
    return ns + "/" + service + ":" + std::to_string(port) + "=" + host + ":" + std::to_string(targetPort);
}

std::optional<EndpointBinding> parseBinding(const std::string& text, std::string& error)
{
    const std::size_t slash = text.find('/');
    const std::size_t eq = text.find('=');
    const std::size_t colon = eq == std::string::npos ? std::string::npos : text.rfind(':', eq);
    const std::size_t lastColon = text.rfind(':');
    EndpointBinding b;
    if (slash == std::string::npos || eq == std::string::npos || colon == std::string::npos || colon < slash ||
        lastColon <= eq) {
        error = "expected NAMESPACE/SERVICE:PORT=HOST:PORT, e.g. default/web:80=127.0.0.1:3000";
        return std::nullopt;
    }
    b.ns = text.substr(0, slash);
    b.service = text.substr(slash + 1, colon - slash - 1);
    b.host = text.substr(eq + 1, lastColon - eq - 1);
    if (b.ns.empty() || b.service.empty() || b.host.empty() ||
        !parsePort(std::string_view(text).substr(colon + 1, eq - colon - 1), b.port) ||
        !parsePort(std::string_view(text).substr(lastColon + 1), b.targetPort)) {
        error = "expected NAMESPACE/SERVICE:PORT=HOST:PORT with ports 1-65535, e.g. default/web:80=127.0.0.1:3000";
        return std::nullopt;
    }
    return b;
}

const EndpointBinding* Workspace::bindingFor(const std::string& ns, const std::string& service, std::uint16_t port) const
{
    for (const EndpointBinding& b : bindings)
        if (b.ns == ns && b.service == service && b.port == port)
            return &b;
    return nullptr;
}

std::string Workspace::toJson() const
{
    nlohmann::ordered_json j;
    j["kind"] = "GatewayStudioWorkspace";
    j["version"] = 1;
    j["gatewayAddresses"] = gatewayAddresses;
    nlohmann::ordered_json bound = nlohmann::ordered_json::array();
    for (const EndpointBinding& b : bindings)
        bound.push_back(b.text());
    j["bindings"] = bound;
    nlohmann::ordered_json echoJson = nlohmann::ordered_json::object();
    for (const auto& [key, e] : echo)
        echoJson[key] = {{"replicas", e.replicas}, {"latencyMs", e.latencyMs}, {"errorRate", e.errorRate}};
    j["echo"] = echoJson;
    nlohmann::ordered_json pos = nlohmann::ordered_json::object();
    for (const auto& [key, xy] : positions)
        pos[key] = {xy.first, xy.second};
    j["positions"] = pos;
    if (!trafficProfiles.empty())
        j["trafficProfiles"] = trafficProfiles;
    return j.dump(2) + "\n";
}

std::optional<Workspace> Workspace::fromJson(const std::string& text, std::string& error)
{
    const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object() || j.value("kind", "") != "GatewayStudioWorkspace") {
        error = "not a Gateway Studio workspace file (a JSON object with kind: GatewayStudioWorkspace)";
        return std::nullopt;
    }
    Workspace w;
    try {
        if (j.contains("gatewayAddresses"))
            w.gatewayAddresses = j["gatewayAddresses"].get<std::map<std::string, std::string>>();
        if (j.contains("bindings"))
            for (const auto& b : j.at("bindings")) {
                auto binding = parseBinding(b.get<std::string>(), error);
                if (!binding)
                    return std::nullopt;
                w.bindings.push_back(*binding);
            }
        if (j.contains("echo"))
            for (const auto& [key, e] : j.at("echo").items())
                w.echo[key] = {e.at("replicas").get<int>(), e.at("latencyMs").get<int>(), e.at("errorRate").get<double>()};
        if (j.contains("positions"))
            for (const auto& [key, xy] : j.at("positions").items())
                w.positions[key] = {xy.at(0).get<double>(), xy.at(1).get<double>()};
        if (j.contains("trafficProfiles"))
            w.trafficProfiles = j["trafficProfiles"].get<std::map<std::string, std::map<std::string, std::string>>>();
    } catch (const nlohmann::json::exception& e) {
        error = std::string("malformed workspace file: ") + e.what();
        return std::nullopt;
    }
    return w;
}

std::string Workspace::pathFor(const std::string& yamlPath)
{
    std::string base = yamlPath;
    for (const char* ext : {".yaml", ".yml"}) {
        const std::string e(ext);
        if (base.size() > e.size() && base.compare(base.size() - e.size(), e.size(), e) == 0) {
            base.resize(base.size() - e.size());
            break;
        }
    }
    return base + ".gwstudio.json";
}

}  // namespace gs::model

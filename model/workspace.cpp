#include "workspace.h"

#include <charconv>
#include <stdexcept>

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

using runtime::config::EchoFaults;
using Shape = runtime::config::LatencyDistribution::Shape;

const char* shapeName(Shape s)
{
    switch (s) {
    case Shape::Fixed: return "fixed";
    case Shape::Uniform: return "uniform";
    case Shape::LongTail: return "longTail";
    default: return "none";
    }
}

nlohmann::ordered_json echoToJson(const EchoSettings& e)
{
    nlohmann::ordered_json j{{"replicas", e.replicas}};
    const EchoFaults& f = e.faults;
    if (f.errorRate > 0)
        j["errorRate"] = f.errorRate, j["errorStatus"] = f.errorStatus;
    if (f.resetRate > 0)
        j["resetRate"] = f.resetRate;
    if (f.stallRate > 0)
        j["stallRate"] = f.stallRate;
    if (f.latency.shape != Shape::None)
        j["latency"] = {{"shape", shapeName(f.latency.shape)}, {"aMs", f.latency.aMs}, {"bMs", f.latency.bMs}};
    return j;
}

double share(const nlohmann::json& j, const char* key)
{
    const double v = j.value(key, 0.0);
    if (!(v >= 0 && v <= 1))
        throw std::invalid_argument(std::string(key) + " must be between 0 and 1");
    return v;
}

// Also reads version 1's "latencyMs" (a fixed delay); "errorRate" alone answers 500, as it did.
EchoSettings echoFromJson(const nlohmann::json& j)
{
    EchoSettings e;
    e.replicas = j.value("replicas", 0);
    EchoFaults& f = e.faults;
    f.errorRate = share(j, "errorRate");
    f.errorStatus = j.value("errorStatus", 500);
    if (f.errorStatus < 400 || f.errorStatus > 599)
        throw std::invalid_argument("errorStatus must be from 400 to 599");
    f.resetRate = share(j, "resetRate");
    f.stallRate = share(j, "stallRate");
    if (const int ms = j.value("latencyMs", 0); ms > 0)
        f.latency = {Shape::Fixed, double(ms), 0};
    if (j.contains("latency")) {
        const auto& l = j.at("latency");
        const std::string shape = l.at("shape").get<std::string>();
        f.latency.shape = shape == "fixed" ? Shape::Fixed
            : shape == "uniform"           ? Shape::Uniform
            : shape == "longTail"          ? Shape::LongTail
                                           : Shape::None;
        if (f.latency.shape == Shape::None && shape != "none")
            throw std::invalid_argument("latency shape '" + shape + "' is not fixed, uniform or longTail");
        f.latency.aMs = l.value("aMs", 0.0);
        f.latency.bMs = l.value("bMs", 0.0);
    }
    return e;
}

nlohmann::ordered_json planToJson(const RolloutPlan& p)
{
    nlohmann::ordered_json j{{"steps", p.steps},           {"stepTimeMs", p.stepTimeMs}, {"minRequests", p.minRequests},
                             {"max5xxRate", p.max5xxRate}, {"maxP99Ms", p.maxP99Ms},     {"threshold", p.threshold}};
    if (p.max5xxIncrease)
        j["max5xxIncrease"] = *p.max5xxIncrease;
    if (p.maxP99IncreaseMs)
        j["maxP99IncreaseMs"] = *p.maxP99IncreaseMs;
    return j;
}

RolloutPlan planFromJson(const nlohmann::json& j)
{
    RolloutPlan p;
    p.steps = j.value("steps", p.steps);
    p.stepTimeMs = j.value("stepTimeMs", p.stepTimeMs);
    p.minRequests = j.value("minRequests", p.minRequests);
    p.max5xxRate = j.value("max5xxRate", p.max5xxRate);
    p.maxP99Ms = j.value("maxP99Ms", p.maxP99Ms);
    p.threshold = j.value("threshold", p.threshold);
    if (j.contains("max5xxIncrease"))
        p.max5xxIncrease = j.at("max5xxIncrease").get<double>();
    if (j.contains("maxP99IncreaseMs"))
        p.maxP99IncreaseMs = j.at("maxP99IncreaseMs").get<std::int64_t>();
    return p;
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
    if (slash == std::string::npos || eq == std::string::npos || colon == std::string::npos || colon < slash || lastColon <= eq) {
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

RolloutPlan Workspace::rolloutPlanFor(const RuleRef& rule) const
{
    const auto it = rollouts.find(rule.key());
    RolloutPlan plan = it == rollouts.end() ? RolloutPlan{} : it->second;
    plan.aimAt(rule);
    return plan;
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
    j["version"] = 2;  // 2: echo faults with shapes (version 1 files are read too)
    j["gatewayAddresses"] = gatewayAddresses;
    nlohmann::ordered_json bound = nlohmann::ordered_json::array();
    for (const EndpointBinding& b : bindings)
        bound.push_back(b.text());
    j["bindings"] = bound;
    nlohmann::ordered_json echoJson = nlohmann::ordered_json::object();
    for (const auto& [key, e] : echo)
        echoJson[key] = echoToJson(e);
    j["echo"] = echoJson;
    nlohmann::ordered_json pos = nlohmann::ordered_json::object();
    for (const auto& [key, xy] : positions)
        pos[key] = {xy.first, xy.second};
    j["positions"] = pos;
    if (!pinned.empty())
        j["pinned"] = pinned;
    if (!collapsed.empty())
        j["collapsed"] = collapsed;
    if (!rollouts.empty()) {
        nlohmann::ordered_json plans = nlohmann::ordered_json::object();
        for (const auto& [key, plan] : rollouts)
            plans[key] = planToJson(plan);
        j["rollouts"] = plans;
    }
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
                w.echo[key] = echoFromJson(e);
        if (j.contains("positions"))
            for (const auto& [key, xy] : j.at("positions").items())
                w.positions[key] = {xy.at(0).get<double>(), xy.at(1).get<double>()};
        if (j.contains("pinned"))
            w.pinned = j["pinned"].get<std::set<std::string>>();
        if (j.contains("collapsed"))
            w.collapsed = j["collapsed"].get<std::set<std::string>>();
        if (j.contains("rollouts"))
            for (const auto& [key, p] : j.at("rollouts").items()) {
                const std::optional<RuleRef> ref = parseRuleRef(key, error);
                if (!ref)
                    return std::nullopt;
                RolloutPlan plan = planFromJson(p);
                plan.aimAt(*ref);
                w.rollouts[plan.key()] = plan;
            }
        if (j.contains("trafficProfiles"))
            w.trafficProfiles = j["trafficProfiles"].get<std::map<std::string, std::map<std::string, std::string>>>();
    } catch (const nlohmann::json::exception& e) {
        error = std::string("malformed workspace file: ") + e.what();
        return std::nullopt;
    } catch (const std::invalid_argument& e) {
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

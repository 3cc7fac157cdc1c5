#include "echo_faults.h"

#include <charconv>
#include <cmath>
#include <sstream>
#include <vector>

#include "gateway_duration.h"
#include "quantities.h"

namespace gs::model {

namespace {

using runtime::config::EchoFaults;
using Shape = runtime::config::LatencyDistribution::Shape;

std::vector<std::string_view> split(std::string_view text, char separator)
{
    std::vector<std::string_view> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= text.size(); ++i)
        if (i == text.size() || text[i] == separator) {
            out.push_back(text.substr(start, i - start));
            start = i + 1;
        }
    return out;
}

std::optional<double> parseMs(std::string_view text)
{
    const auto ms = parseGatewayDuration(text);
    return ms ? std::optional<double>(double(*ms)) : std::nullopt;
}

// "T-p99" or "M-p50/T-p99".
bool parseLongTail(std::string_view text, runtime::config::LatencyDistribution& out)
{
    const std::vector<std::string_view> parts = split(text, '/');
    std::optional<double> p50, p99;
    for (std::string_view part : parts) {
        if (part.size() > 4 && part.substr(part.size() - 4) == "-p50")
            p50 = parseMs(part.substr(0, part.size() - 4));
        else if (part.size() > 4 && part.substr(part.size() - 4) == "-p99")
            p99 = parseMs(part.substr(0, part.size() - 4));
        else
            return false;
    }
    if (!p99 || (parts.size() == 2 && !p50) || (p50 && *p50 > *p99))
        return false;
    out = {Shape::LongTail, p50 ? *p50 : *p99 / 4.0, *p99};
    return true;
}

bool parseLatency(std::string_view text, runtime::config::LatencyDistribution& out)
{
    if (text.find("-p") != std::string_view::npos)
        return parseLongTail(text, out);
    if (const std::size_t dots = text.find(".."); dots != std::string_view::npos) {
        const auto lo = parseMs(text.substr(0, dots)), hi = parseMs(text.substr(dots + 2));
        if (!lo || !hi || *lo > *hi)
            return false;
        out = {Shape::Uniform, *lo, *hi};
        return true;
    }
    const auto ms = parseMs(text);
    if (!ms)
        return false;
    out = {Shape::Fixed, *ms, 0};
    return true;
}

bool parseItem(std::string_view item, EchoFaults& faults, std::string& error)
{
    const std::size_t colon = item.find(':');
    const std::string_view head = item.substr(0, colon), value = colon == std::string_view::npos ? "" : item.substr(colon + 1);
    const std::string quoted = "'" + std::string(item) + "'";
    if (colon == std::string_view::npos || value.empty()) {
        error = quoted + ": expected CODE:SHARE, reset:SHARE, stall:SHARE or latency:DURATION";
        return false;
    }
    if (head == "latency") {
        if (!parseLatency(value, faults.latency)) {
            error = quoted + ": expected latency:200ms, latency:50ms..150ms, latency:200ms-p99 or latency:20ms-p50/400ms-p99";
            return false;
        }
        return true;
    }
    const auto share = parsePercentage(value);
    if (!share) {
        error = quoted + ": the share must be a percentage from 0% to 100%, e.g. 5%";
        return false;
    }
    if (head == "reset") {
        faults.resetRate = *share;
    } else if (head == "stall") {
        faults.stallRate = *share;
    } else {
        int code = 0;
        auto [ptr, ec] = std::from_chars(head.data(), head.data() + head.size(), code);
        if (ec != std::errc() || ptr != head.data() + head.size() || code < 400 || code > 599) {
            error = quoted + ": '" + std::string(head) + "' is not reset, stall, latency or a status code from 400 to 599";
            return false;
        }
        if (faults.errorRate > 0 && faults.errorStatus != code) {
            error = quoted + ": one status code per Service (" + std::to_string(faults.errorStatus) + " is given already)";
            return false;
        }
        faults.errorStatus = code;
        faults.errorRate = *share;
    }
    return true;
}

std::string number(double v)
{
    std::ostringstream s;
    s << v;
    return s.str();
}

std::string ms(double v) { return number(std::round(v)) + "ms"; }
std::string percent(double share) { return number(std::round(share * 1e6) / 1e4) + "%"; }

}  // namespace

std::optional<EchoFaults> parseEchoFaults(std::string_view text, std::string& error)
{
    EchoFaults faults;
    if (text.empty())
        return faults;
    for (std::string_view item : split(text, ','))
        if (!parseItem(item, faults, error))
            return std::nullopt;
    if (faults.errorRate + faults.resetRate + faults.stallRate > 1.0 + 1e-9) {
        error = "'" + std::string(text) + "': the shares of errors, resets and stalls add up to more than 100%";
        return std::nullopt;
    }
    return faults;
}

std::string echoFaultsText(const EchoFaults& faults)
{
    std::vector<std::string> items;
    if (faults.errorRate > 0)
        items.push_back(std::to_string(faults.errorStatus) + ":" + percent(faults.errorRate));
    if (faults.resetRate > 0)
        items.push_back("reset:" + percent(faults.resetRate));
    if (faults.stallRate > 0)
        items.push_back("stall:" + percent(faults.stallRate));
    const auto& l = faults.latency;
    if (l.shape == Shape::Fixed)
        items.push_back("latency:" + ms(l.aMs));
    else if (l.shape == Shape::Uniform)
        items.push_back("latency:" + ms(l.aMs) + ".." + ms(l.bMs));
    else if (l.shape == Shape::LongTail)
        items.push_back("latency:" + ms(l.aMs) + "-p50/" + ms(l.bMs) + "-p99");
    std::string out;
    for (const std::string& item : items)
        out += (out.empty() ? "" : ",") + item;
    return out;
}

std::string echoFaultsSummary(const EchoFaults& faults)
{
    std::vector<std::string> items;
    if (faults.errorRate > 0)
        items.push_back(percent(faults.errorRate) + " " + std::to_string(faults.errorStatus));
    if (faults.resetRate > 0)
        items.push_back(percent(faults.resetRate) + " reset");
    if (faults.stallRate > 0)
        items.push_back(percent(faults.stallRate) + " stall");
    const auto& l = faults.latency;
    const auto msText = [](double v) { return number(std::round(v)) + " ms"; };
    if (l.shape == Shape::Fixed)
        items.push_back("+" + msText(l.aMs));
    else if (l.shape == Shape::Uniform)
        items.push_back("+" + number(std::round(l.aMs)) + "–" + msText(l.bMs));
    else if (l.shape == Shape::LongTail)
        items.push_back("p50 " + msText(l.aMs) + " p99 " + msText(l.bMs));
    std::string out;
    for (const std::string& item : items)
        out += (out.empty() ? "" : " · ") + item;
    return out;
}

std::optional<std::pair<std::string, EchoFaults>> parseFaultOption(std::string_view text, std::string& error)
{
    const std::size_t eq = text.find('='), slash = text.find('/');
    if (eq == std::string_view::npos || slash == std::string_view::npos || slash == 0 || slash + 1 >= eq) {
        error = "expected NAMESPACE/SERVICE=FAULTS, e.g. shop/checkout-v2=503:5%,latency:200ms-p99";
        return std::nullopt;
    }
    auto faults = parseEchoFaults(text.substr(eq + 1), error);
    if (!faults)
        return std::nullopt;
    return std::pair{std::string(text.substr(0, eq)), *faults};
}

}  // namespace gs::model

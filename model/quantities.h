#pragma once
// Small quantities as people type them on a command line or in a form.

#include <charconv>
#include <optional>
#include <string_view>

namespace gs::model {

// "5%" or "0.5%" (0 to 100, with its sign) → 0.05 / 0.005; nullopt otherwise.
inline std::optional<double> parsePercentage(std::string_view text)
{
    if (text.size() < 2 || text.back() != '%')
        return std::nullopt;
    text.remove_suffix(1);
    double value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || ptr != text.data() + text.size() || !(value >= 0 && value <= 100))
        return std::nullopt;
    return value / 100.0;
}

}  // namespace gs::model

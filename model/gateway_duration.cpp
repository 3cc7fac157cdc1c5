#include "gateway_duration.h"

namespace gs::model {

std::optional<std::int64_t> parseGatewayDuration(std::string_view text)
{
    std::int64_t total = 0;
    int parts = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        std::int64_t value = 0;
        int digits = 0;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9' && digits < 6) {
            value = value * 10 + (text[i++] - '0');
            ++digits;
        }
        if (digits == 0 || digits > 5 || i >= text.size())
            return std::nullopt;
        std::int64_t unit = 0;
        if (text.substr(i, 2) == "ms") {
            unit = 1;
            i += 2;
        } else if (text[i] == 'h') {
            unit = 3'600'000;
            ++i;
        } else if (text[i] == 'm') {
            unit = 60'000;
            ++i;
        } else if (text[i] == 's') {
            unit = 1'000;
            ++i;
        } else {
            return std::nullopt;
        }
        total += value * unit;
        if (++parts > 4)
            return std::nullopt;
    }
    if (parts == 0)
        return std::nullopt;
    return total;
}

}  // namespace gs::model

#include "http/path_normalizer.h"

#include <algorithm>
#include <vector>

namespace gs::runtime::http {

namespace {

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool unreserved(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
        c == '~';
}

// Step 1 and 2: decodes unreserved octets, uppercases the rest; nullopt when refused.
std::optional<std::string> decodeUnreserved(std::string_view path)
{
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(path.size());
    for (std::size_t i = 0; i < path.size(); ++i) {
        if (path[i] != '%') {
            out += path[i];
            continue;
        }
        if (i + 2 >= path.size())
            return std::nullopt;
        const int h = hexValue(path[i + 1]), l = hexValue(path[i + 2]);
        if (h < 0 || l < 0)
            return std::nullopt;
        const auto octet = static_cast<unsigned char>(h * 16 + l);
        if (octet == '/' || octet == '\\' || octet == 0)
            return std::nullopt;
        if (unreserved(octet)) {
            out += char(octet);
        } else {
            out += '%';
            out += kHex[h];
            out += kHex[l];
        }
        i += 2;
    }
    return out;
}

// Steps 3 and 4 on a decoded path that starts with '/'. Empty segments (runs of '/') and "."
// are dropped, ".." drops the segment before it; the result ends with '/' when the input's last
// segment was empty, "." or "..".
std::string removeDotSegments(std::string_view path)
{
    std::vector<std::string_view> kept;
    std::string_view last;
    for (std::size_t start = 1;;) {
        const std::size_t end = std::min(path.find('/', start), path.size());
        last = path.substr(start, end - start);
        if (last == "..") {
            if (!kept.empty())
                kept.pop_back();
        } else if (!last.empty() && last != ".") {
            kept.push_back(last);
        }
        if (end == path.size())
            break;
        start = end + 1;
    }
    std::string out;
    for (std::string_view s : kept) {
        out += '/';
        out += s;
    }
    if (out.empty() || last.empty() || last == "." || last == "..")
        out += '/';
    return out;
}

}  // namespace

std::optional<std::string> normalizePath(std::string_view path)
{
    if (path.empty() || path.front() != '/')
        return std::string(path);
    std::optional<std::string> decoded = decodeUnreserved(path);
    if (!decoded)
        return std::nullopt;
    return removeDotSegments(*decoded);
}

std::optional<std::string> normalizeTarget(std::string_view target)
{
    const std::size_t q = target.find('?');
    const std::string_view path = target.substr(0, q);
    std::optional<std::string> normalized = normalizePath(path);
    if (normalized && q != std::string_view::npos)
        *normalized += target.substr(q);
    return normalized;
}

std::string percentDecode(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const int h = i + 2 < text.size() && text[i] == '%' ? hexValue(text[i + 1]) : -1;
        const int l = h >= 0 ? hexValue(text[i + 2]) : -1;
        if (l < 0) {
            out += text[i];
            continue;
        }
        out += char(h * 16 + l);
        i += 2;
    }
    return out;
}

}  // namespace gs::runtime::http

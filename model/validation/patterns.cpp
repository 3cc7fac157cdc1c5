#include "validation/patterns.h"

#include <array>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

#include <re2/re2.h>

namespace gs::model {

namespace {

const RE2& compiled(std::string_view pattern)
{
    static std::mutex mutex;
    static std::unordered_map<std::string, std::unique_ptr<RE2>> cache;
    std::lock_guard lock(mutex);
    auto it = cache.find(std::string(pattern));
    if (it == cache.end()) {
        RE2::Options options;
        options.set_log_errors(false);
        it = cache.emplace(std::string(pattern), std::make_unique<RE2>(re2::StringPiece(pattern.data(), pattern.size()), options))
                 .first;
    }
    return *it->second;
}

constexpr std::array<std::pair<std::string_view, std::string_view>, 14> kDescriptions{{
    {R"(^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$)",
     "an API group: empty, or lowercase DNS labels separated by dots"},
    {R"(^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$)", "a kind name: a letter, then letters, digits or '-'"},
    {R"(^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$)",
     "a lowercase RFC 1123 name: DNS labels of a-z, 0-9 and '-', separated by dots"},
    {R"(^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$)",
     "a lowercase RFC 1123 hostname, with an optional '*.' as the whole first label"},
    {R"(^[a-z0-9]([-a-z0-9]*[a-z0-9])?$)", "a lowercase RFC 1123 label: a-z, 0-9 and '-', not starting or ending with '-'"},
    {R"(^[A-Za-z0-9!#$%&'*+\-.^_\x60|~]+$)", "an HTTP header name (RFC 7230 token characters)"},
    {R"(^([0-9]{1,5}(h|m|s|ms)){1,4}$)", "a duration such as 10s, 500ms or 1h30m (GEP-2257)"},
    {R"(^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/[A-Za-z0-9\/\-._~%!$&'()*+,;=:]+$)",
     "a domain-prefixed path such as example.com/gateway-controller"},
    {R"(^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$|[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/[A-Za-z0-9]+$)",
     "a protocol: HTTP, HTTPS, TLS, TCP, UDP, or a domain-prefixed name such as example.com/proto"},
    {R"(^Hostname|IPAddress|NamedAddress|[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/[A-Za-z0-9\/\-._~%!$&'()*+,;=:]+$)",
     "an address type: IPAddress, Hostname, NamedAddress, or a domain-prefixed type"},
    {R"(^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$)", "a label value: empty, or alphanumerics with '-', '_' and '.' inside"},
    {R"((^\*$)|(^(http(s)?):\/\/(((\*\.)?([a-zA-Z0-9\-]+\.)*[a-zA-Z0-9-]+|\*)(:([0-9]{1,5}))?)$))",
     "an origin such as https://example.com or https://*.example.com:8443, or '*'"},
    {R"(^(System|([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]))$)",
     "System, or a domain-prefixed name"},
    {R"(^(([^:/?#]+):)(//([^/?#]*))([^?#]*)(\?([^#]*))?(#(.*))?)", "an absolute URI such as spiffe://example.com/id"},
}};

}  // namespace

bool matchesPattern(std::string_view pattern, std::string_view value)
{
    const RE2& re = compiled(pattern);
    if (!re.ok())
        return true;  // a pattern RE2 cannot compile cannot be enforced; the tables are checked by a test
    return RE2::PartialMatch(re2::StringPiece(value.data(), value.size()), re);
}

std::string_view describePattern(std::string_view pattern)
{
    for (const auto& [p, description] : kDescriptions)
        if (p == pattern)
            return description;
    return {};
}

std::size_t codePointCount(std::string_view text)
{
    std::size_t n = 0;
    for (char c : text)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80)
            ++n;
    return n;
}

}  // namespace gs::model

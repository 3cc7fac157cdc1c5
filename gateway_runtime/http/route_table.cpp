#include "http/route_table.h"

#include <algorithm>
#include <cctype>

namespace gs::runtime::http {

namespace {

std::string lower(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return out;
}

std::unique_ptr<RE2> compile(const std::string& pattern)
{
    RE2::Options options;
    options.set_log_errors(false);
    auto re = std::make_unique<RE2>(pattern, options);
    return re->ok() ? std::move(re) : nullptr;
}

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

std::string percentDecode(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && hexValue(s[i + 1]) >= 0 && hexValue(s[i + 2]) >= 0) {
            out += char(hexValue(s[i + 1]) * 16 + hexValue(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

}  // namespace

std::string normalizeHost(std::string_view host)
{
    if (!host.empty() && host.front() == '[') {
        const std::size_t close = host.find(']');
        return lower(host.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1));
    }
    const std::size_t colon = host.rfind(':');
    if (colon != std::string_view::npos && host.find(':') == colon)
        host = host.substr(0, colon);
    if (!host.empty() && host.back() == '.')
        host.remove_suffix(1);
    return lower(host);
}

std::vector<std::pair<std::string, std::string>> parseQuery(std::string_view query)
{
    std::vector<std::pair<std::string, std::string>> out;
    while (!query.empty()) {
        const std::size_t amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        if (!pair.empty()) {
            const std::size_t eq = pair.find('=');
            out.emplace_back(percentDecode(pair.substr(0, eq)),
                             eq == std::string_view::npos ? std::string() : percentDecode(pair.substr(eq + 1)));
        }
        if (amp == std::string_view::npos)
            break;
        query.remove_prefix(amp + 1);
    }
    return out;
}

bool CompiledMatch::ValueMatcher::matches(std::string_view actual) const
{
    if (regex)
        return RE2::FullMatch(re2::StringPiece(actual.data(), actual.size()), *regex);
    return actual == value;
}

CompiledMatch::CompiledMatch(const config::HttpMatch& match)
    : pathType_(match.path.type), pathValue_(match.path.value), method_(match.method)
{
    if (pathType_ == config::PathMatch::Type::PathPrefix && pathValue_.size() > 1 && pathValue_.back() == '/')
        pathValue_.pop_back();
    if (pathType_ == config::PathMatch::Type::RegularExpression)
        pathRegex_ = compile(pathValue_);
    for (const config::ValueMatch& h : match.headers)
        headers_.push_back({lower(h.name), h.value,
                            h.type == config::ValueMatch::Type::RegularExpression ? compile(h.value) : nullptr});
    for (const config::ValueMatch& q : match.queryParams)
        queryParams_.push_back({q.name, q.value,
                                q.type == config::ValueMatch::Type::RegularExpression ? compile(q.value) : nullptr});
}

bool CompiledMatch::matches(const RequestView& r) const
{
    switch (pathType_) {
    case config::PathMatch::Type::Exact:
        if (r.path != pathValue_)
            return false;
        break;
    case config::PathMatch::Type::PathPrefix:
        // Segment-wise (SPEC-NOTES §3): /abc matches /abc, /abc/ and /abc/def, not /abcd.
        if (pathValue_ != "/" && !(r.path.substr(0, pathValue_.size()) == pathValue_ &&
                                   (r.path.size() == pathValue_.size() || r.path[pathValue_.size()] == '/')))
            return false;
        break;
    case config::PathMatch::Type::RegularExpression:
        if (!pathRegex_ || !RE2::FullMatch(re2::StringPiece(r.path.data(), r.path.size()), *pathRegex_))
            return false;
        break;
    }
    if (!method_.empty() && r.method != method_)
        return false;
    for (const ValueMatcher& h : headers_) {
        const auto value = r.headers ? r.headers->get(h.name) : std::nullopt;
        if (!value || !h.matches(*value))
            return false;
    }
    if (!queryParams_.empty()) {
        const auto params = parseQuery(r.query);
        for (const ValueMatcher& q : queryParams_) {
            const auto it = std::find_if(params.begin(), params.end(), [&](const auto& p) { return p.first == q.name; });
            if (it == params.end() || !q.matches(it->second))
                return false;
        }
    }
    return true;
}

RouteTable::RouteTable(const std::vector<config::RouteEntry>& entries)
{
    matches_.reserve(entries.size());
    for (std::uint32_t i = 0; i < entries.size(); ++i) {
        matches_.emplace_back(entries[i].match);
        const std::string host = lower(entries[i].hostname);
        if (host.empty())
            any_.push_back(i);
        else if (host.size() > 2 && host.compare(0, 2, "*.") == 0)
            wildcard_[host.substr(2)].push_back(i);
        else
            exact_[host].push_back(i);
    }
}

void RouteTable::candidates(std::string_view host, std::vector<const std::vector<std::uint32_t>*>& out) const
{
    if (auto it = exact_.find(std::string(host)); it != exact_.end())
        out.push_back(&it->second);
    for (std::size_t dot = host.find('.'); dot != std::string_view::npos; dot = host.find('.', dot + 1))
        if (auto it = wildcard_.find(std::string(host.substr(dot + 1))); it != wildcard_.end())
            out.push_back(&it->second);
    if (!any_.empty())
        out.push_back(&any_);
}

int RouteTable::match(const RequestView& request) const
{
    std::vector<const std::vector<std::uint32_t>*> lists;
    lists.reserve(4);
    candidates(request.host, lists);
    if (lists.size() == 1) {
        for (std::uint32_t i : *lists[0])
            if (matches_[i].matches(request))
                return int(i);
        return -1;
    }
    // Merge the candidate lists in entry (precedence) order.
    std::vector<std::size_t> at(lists.size(), 0);
    for (;;) {
        std::size_t best = lists.size();
        std::uint32_t bestIndex = UINT32_MAX;
        for (std::size_t l = 0; l < lists.size(); ++l)
            if (at[l] < lists[l]->size() && (*lists[l])[at[l]] < bestIndex) {
                bestIndex = (*lists[l])[at[l]];
                best = l;
            }
        if (best == lists.size())
            return -1;
        ++at[best];
        if (matches_[bestIndex].matches(request))
            return int(bestIndex);
    }
}

bool RouteTable::hasHost(std::string_view host) const
{
    std::vector<const std::vector<std::uint32_t>*> lists;
    candidates(host, lists);
    return !lists.empty();
}

int selectByHostname(const std::vector<std::string>& hostnames, std::string_view host)
{
    int best = -1;
    std::size_t bestScore = 0;   // exact: 1000 + length; wildcard: its suffix length; empty: 0 (any)
    bool found = false;
    for (std::size_t i = 0; i < hostnames.size(); ++i) {
        const std::string& h = hostnames[i];
        std::size_t score = 0;
        if (h.empty()) {
            score = 0;
        } else if (h.size() > 2 && h.compare(0, 2, "*.") == 0) {
            const std::string_view suffix = std::string_view(h).substr(1);
            if (!(host.size() > suffix.size() && equalsIgnoreCase(host.substr(host.size() - suffix.size()), suffix)))
                continue;
            score = 1 + suffix.size();
        } else {
            if (!equalsIgnoreCase(h, host))
                continue;
            score = 1000 + h.size();
        }
        if (!found || score > bestScore) {
            best = int(i);
            bestScore = score;
            found = true;
        }
    }
    return best;
}

}  // namespace gs::runtime::http

#include "http/route_table.h"

#include <algorithm>
#include <cctype>

#include "http/path_normalizer.h"

namespace gs::runtime::http {

namespace {

std::string lower(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return out;
}

// The compiled pattern, or null with the error added to `errors`.
std::unique_ptr<RE2> compileRegex(const std::string& pattern, const std::string& field, std::vector<PatternError>& errors)
{
    RE2::Options options;
    options.set_log_errors(false);
    auto re = std::make_unique<RE2>(pattern, options);
    if (re->ok())
        return re;
    errors.push_back({{}, field, pattern, re->error()});
    return nullptr;
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

std::string PatternError::text() const
{
    return (entry.empty() ? std::string() : entry + ": ") + field + " ~ \"" + pattern +
        "\" is not a valid RE2 regular expression (" + message + "); the match never matches";
}

bool CompiledMatch::ValueMatcher::matches(std::string_view actual) const
{
    if (invalid)
        return false;
    if (regex)
        return RE2::FullMatch(re2::StringPiece(actual.data(), actual.size()), *regex);
    return actual == value;
}

CompiledMatch CompiledMatch::compile(const config::HttpMatch& match, std::vector<PatternError>& errors)
{
    CompiledMatch m;
    m.pathType_ = match.path.type;
    m.pathValue_ = match.path.value;
    if (m.pathType_ == config::PathMatch::Type::PathPrefix && m.pathValue_.size() > 1 && m.pathValue_.back() == '/')
        m.pathValue_.pop_back();
    if (m.pathType_ == config::PathMatch::Type::RegularExpression)
        m.pathRegex_ = compileRegex(m.pathValue_, "path", errors);
    if (match.method.empty() && match.headers.empty() && match.queryParams.empty())
        return m;
    const auto valueMatcher = [&errors](const config::ValueMatch& v, std::string name, const std::string& field) {
        ValueMatcher out{std::move(name), v.value, nullptr, false};
        if (v.type == config::ValueMatch::Type::RegularExpression) {
            out.regex = compileRegex(v.value, field, errors);
            out.invalid = !out.regex;
        }
        return out;
    };
    auto conditions = std::make_unique<Conditions>();
    conditions->method = match.method;
    for (const config::ValueMatch& h : match.headers)
        conditions->headers.push_back(valueMatcher(h, lower(h.name), "header " + h.name));
    for (const config::ValueMatch& q : match.queryParams)
        conditions->queryParams.push_back(valueMatcher(q, q.name, "query parameter " + q.name));
    m.conditions_ = std::move(conditions);
    return m;
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
        if (pathValue_ != "/" &&
            !(r.path.substr(0, pathValue_.size()) == pathValue_ &&
              (r.path.size() == pathValue_.size() || r.path[pathValue_.size()] == '/')))
            return false;
        break;
    case config::PathMatch::Type::RegularExpression:
        if (!pathRegex_ || !RE2::FullMatch(re2::StringPiece(r.path.data(), r.path.size()), *pathRegex_))
            return false;
        break;
    }
    return !conditions_ || conditionsHold(r);
}

bool CompiledMatch::conditionsHold(const RequestView& r) const
{
    const Conditions& c = *conditions_;
    if (!c.method.empty() && r.method != c.method)
        return false;
    for (const ValueMatcher& h : c.headers) {
        const auto value = r.headers ? r.headers->get(h.name) : std::nullopt;
        if (!value || !h.matches(*value))
            return false;
    }
    if (!c.queryParams.empty()) {
        const auto params = parseQuery(r.query);
        for (const ValueMatcher& q : c.queryParams) {
            const auto it = std::find_if(params.begin(), params.end(), [&](const auto& p) { return p.first == q.name; });
            if (it == params.end() || !q.matches(it->second))
                return false;
        }
    }
    return true;
}

RouteTable RouteTable::build(const std::vector<config::RouteEntry>& entries, std::vector<PatternError>& errors)
{
    RouteTable t;
    t.matches_.reserve(entries.size());
    std::unordered_map<std::string, std::vector<std::uint32_t>> exact, wildcard;
    std::vector<std::uint32_t> any;
    for (std::uint32_t i = 0; i < entries.size(); ++i) {
        const std::size_t before = errors.size();
        t.matches_.push_back(CompiledMatch::compile(entries[i].match, errors));
        for (std::size_t e = before; e < errors.size(); ++e)
            errors[e].entry = entries[i].name;
        const std::string host = lower(entries[i].hostname);
        if (host.empty())
            any.push_back(i);
        else if (host.size() > 2 && host.compare(0, 2, "*.") == 0)
            wildcard[host.substr(2)].push_back(i);
        else
            exact[host].push_back(i);
    }
    // One run per hostname in one array: a hostname costs its key and a span, not a vector.
    t.entryIndices_.reserve(entries.size());
    const auto run = [&t](const std::vector<std::uint32_t>& list) {
        const std::size_t at = t.entryIndices_.size();
        t.entryIndices_.insert(t.entryIndices_.end(), list.begin(), list.end());
        return EntryList(t.entryIndices_.data() + at, list.size());
    };
    for (auto [from, to] : {std::pair{&exact, &t.exact_}, std::pair{&wildcard, &t.wildcard_}}) {
        to->reserve(from->size());
        for (const auto& [host, list] : *from)
            to->emplace(host, run(list));
    }
    t.any_ = run(any);
    return t;
}

void RouteTable::candidates(std::string_view host, Candidates& out) const
{
    if (auto it = exact_.find(host); it != exact_.end())
        out.push(&it->second);
    for (std::size_t dot = host.find('.'); dot != std::string_view::npos; dot = host.find('.', dot + 1))
        if (auto it = wildcard_.find(host.substr(dot + 1)); it != wildcard_.end())
            out.push(&it->second);
    if (!any_.empty())
        out.push(&any_);
}

int RouteTable::match(const RequestView& request) const
{
    Candidates lists;
    candidates(request.host, lists);
    if (lists.size() == 1) {
        for (std::uint32_t i : *lists[0].entries)
            if (matches_[i].matches(request))
                return int(i);
        return -1;
    }
    // Merge the candidate lists in entry (precedence) order: each list is in entry order, so the
    // next entry is the smallest head. Lists beyond the first few are rare (one per parent domain
    // with a wildcard route), so a scan of the heads is cheaper than a heap.
    for (;;) {
        std::size_t best = lists.size();
        std::uint32_t bestIndex = UINT32_MAX;
        for (std::size_t l = 0; l < lists.size(); ++l) {
            const Candidates::List& list = lists[l];
            if (list.next < list.entries->size() && (*list.entries)[list.next] < bestIndex) {
                bestIndex = (*list.entries)[list.next];
                best = l;
            }
        }
        if (best == lists.size())
            return -1;
        ++lists[best].next;
        if (matches_[bestIndex].matches(request))
            return int(bestIndex);
    }
}

bool RouteTable::hasHost(std::string_view host) const
{
    Candidates lists;
    candidates(host, lists);
    return lists.size() > 0;
}

int selectByHostname(const std::vector<std::string>& hostnames, std::string_view host)
{
    int best = -1;
    std::size_t bestScore = 0;  // exact: 1000 + length; wildcard: its suffix length; empty: 0 (any)
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

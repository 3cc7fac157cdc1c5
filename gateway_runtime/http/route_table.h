#pragma once
// The compiled route table of one listener: hostnames indexed (exact by hash, wildcards by
// suffix, then the catch-all), matches compiled (RE2 for regular expressions). The entries come
// sorted by precedence from the configuration; match() returns the first entry, in that order,
// whose hostname and match fit the request. Immutable after build; safe to share across threads.
//
// A regular expression RE2 refuses is an error of the build (PatternError), and the match it is
// in then matches nothing: never something looser (an invalid header pattern is not compared as
// an exact value). The translator drops such rules first (PartiallyInvalid), so an error here
// means a configuration that did not come through it, and is reported, not swallowed.

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <re2/re2.h>

#include "config/runtime_config.h"
#include "http/message.h"

namespace gs::runtime::http {

// What matching needs of a request. `host` is lowercase and without its port.
struct RequestView {
    std::string_view method;
    std::string_view path;
    std::string_view query;
    std::string_view host;
    const Headers* headers = nullptr;
};

// "Example.COM:8080" → "example.com"; "[::1]:80" → "::1".
std::string normalizeHost(std::string_view host);

// A regular expression RE2 refuses, and where it is.
struct PatternError {
    std::string entry;  // the route entry ("httproute/ns/r/rule/0/match/1"); "" for a match alone
    std::string field;  // "path", "header X-Env", "query parameter q"
    std::string pattern;
    std::string message;  // RE2's words
    std::string text() const;
};

class CompiledMatch {
public:
    // Compiles `match`; each pattern RE2 refuses is added to `errors` and makes the match fail.
    static CompiledMatch compile(const config::HttpMatch& match, std::vector<PatternError>& errors);
    bool matches(const RequestView& request) const;

private:
    CompiledMatch() = default;
    struct ValueMatcher {
        std::string name;
        std::string value;
        std::unique_ptr<RE2> regex;
        bool invalid = false;  // a pattern RE2 refused: matches nothing
        bool matches(std::string_view actual) const;
    };
    // What a match tests besides its path. Most matches test the path alone and hold none (a
    // table of 10,000 such routes is 0.7 MB smaller).
    struct Conditions {
        std::vector<ValueMatcher> headers;
        std::vector<ValueMatcher> queryParams;
        std::string method;
    };
    bool conditionsHold(const RequestView& request) const;

    config::PathMatch::Type pathType_ = config::PathMatch::Type::PathPrefix;
    std::string pathValue_;  // PathPrefix: without a trailing '/'
    std::unique_ptr<RE2> pathRegex_;  // null for a RegularExpression RE2 refused: matches nothing
    std::unique_ptr<const Conditions> conditions_;  // null: none
};

// Percent-decoded query parameters, in order.
std::vector<std::pair<std::string, std::string>> parseQuery(std::string_view query);

class RouteTable {
public:
    RouteTable() = default;
    // Compiles the entries (in precedence order); the patterns RE2 refuses are added to `errors`.
    static RouteTable build(const std::vector<config::RouteEntry>& entries, std::vector<PatternError>& errors);

    // Index of the first entry that fits, or -1.
    int match(const RequestView& request) const;
    std::size_t size() const { return matches_.size(); }
    // Whether any entry's hostname covers `host` (a listener with routes for it).
    bool hasHost(std::string_view host) const;

private:
    // The entries of one hostname, in precedence order: a run of entryIndices_.
    using EntryList = std::span<const std::uint32_t>;
    // Looked up by string_view: no copy of the host per request.
    struct HostHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    using HostIndex = std::unordered_map<std::string, EntryList, HostHash, std::equal_to<>>;
    // The entry lists whose hostname covers a host (the exact one, a wildcard per parent domain,
    // the catch-all), each with how far match() has read it. Held on the stack; only a host of
    // more than 14 labels allocates.
    class Candidates {
    public:
        struct List {
            const EntryList* entries = nullptr;
            std::size_t next = 0;
        };
        void push(const EntryList* entries)
        {
            if (size_ < kInline)
                inline_[size_] = {entries, 0};
            else
                overflow_.push_back({entries, 0});
            ++size_;
        }
        std::size_t size() const { return size_; }
        List& operator[](std::size_t i) { return i < kInline ? inline_[i] : overflow_[i - kInline]; }

    private:
        static constexpr std::size_t kInline = 16;
        List inline_[kInline];
        std::vector<List> overflow_;
        std::size_t size_ = 0;
    };
    void candidates(std::string_view host, Candidates& out) const;

    std::vector<CompiledMatch> matches_;
    std::vector<std::uint32_t> entryIndices_;  // every hostname's entries, one run each (a moved table keeps it)
    HostIndex exact_;
    HostIndex wildcard_;  // "*.example.com" under "example.com"
    EntryList any_;
};

// Picks the listener a Host belongs to among listeners sharing a port (SPEC-NOTES §2, listener
// isolation): an exact hostname first, then the longest wildcard, then a listener without one.
// Returns the index in `hostnames`, or -1 when none covers the host.
int selectByHostname(const std::vector<std::string>& hostnames, std::string_view host);

}  // namespace gs::runtime::http

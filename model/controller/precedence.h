#pragma once
// Match precedence (SPEC-NOTES §2, §3, §7), as one comparator per route family. The compiled
// route table is sorted with it, so the data plane takes the first entry whose hostname and
// match fit a request.
//
// HTTPRoute, continuing on ties:
//   1. the most characters in a matching non-wildcard hostname;
//   2. the most characters in a matching hostname;
//   3. an Exact path match, then PathPrefix (longest first, a trailing '/' not counted), then
//      RegularExpression (longest pattern first; the spec leaves its rank to implementations);
//   4. having a method match;
//   5. the most header matches;
//   6. the most query parameter matches;
//   7. the oldest route (creationTimestamp; without one, load order: as `kubectl apply -f`
//      would create the objects);
//   8. alphabetical namespace/name;
//   9. rule order, then match order, within a route.
// GRPCRoute replaces 3–6 with: the most characters in the service, then in the method, then the
// most header matches.

#include <cstdint>
#include <string>

#include "objects/object.h"

namespace gs::model {

// When an object was created, for "oldest first": a creationTimestamp when it has one (then it is
// older than anything not yet created), else its position in the loaded files.
struct CreationOrder {
    bool hasTimestamp = false;
    std::int64_t epochSeconds = 0;
    std::size_t loadOrder = 0;
    static CreationOrder of(const Object& o);
    friend bool operator<(const CreationOrder& a, const CreationOrder& b);
};

struct HttpPrecedence {
    std::size_t exactHostLength = 0;
    std::size_t hostLength = 0;
    int pathRank = 1;  // 0 Exact, 1 PathPrefix, 2 RegularExpression
    std::size_t pathLength = 0;
    bool hasMethod = false;
    std::size_t headers = 0;
    std::size_t queryParams = 0;
    CreationOrder created;
    std::string namespacedName;
    std::size_t rule = 0;
    std::size_t match = 0;
};

struct GrpcPrecedence {
    std::size_t exactHostLength = 0;
    std::size_t hostLength = 0;
    std::size_t serviceLength = 0;
    std::size_t methodLength = 0;
    std::size_t headers = 0;
    CreationOrder created;
    std::string namespacedName;
    std::size_t rule = 0;
    std::size_t match = 0;
};

// True when `a` comes before `b`.
bool precedes(const HttpPrecedence& a, const HttpPrecedence& b);
bool precedes(const GrpcPrecedence& a, const GrpcPrecedence& b);

// The two hostname lengths of precedence steps 1 and 2 for an effective hostname.
std::size_t exactHostLength(const std::string& hostname);
std::size_t prefixLength(const std::string& pathPrefix);

}  // namespace gs::model

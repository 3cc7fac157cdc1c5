#pragma once
// Read helpers over Node trees with Kubernetes semantics: a field that is absent and a field that
// is null are the same thing (the API server prunes nulls), and a missing string reads as "".

#include <cstdint>
#include <string_view>

#include "yaml/node.h"

namespace gs::yaml {

// The value of `key` when `map` is a map holding it with a non-null value; nullptr otherwise.
inline const Node* child(const Node& map, std::string_view key)
{
    const Node* n = map.isMap() ? map.find(key) : nullptr;
    return n && !n->isNull() ? n : nullptr;
}

inline bool has(const Node& map, std::string_view key) { return child(map, key) != nullptr; }

// The text of a scalar field, or `fallback` when it is absent, null or not a scalar.
inline std::string_view childText(const Node& map, std::string_view key, std::string_view fallback = {})
{
    const Node* n = child(map, key);
    return n && n->isScalar() ? std::string_view(n->text()) : fallback;
}

// An integer field, or `fallback`.
inline std::int64_t childInt(const Node& map, std::string_view key, std::int64_t fallback = 0)
{
    std::int64_t v = 0;
    const Node* n = child(map, key);
    return n && n->isScalar() && parseInteger(n->text(), v) ? v : fallback;
}

// The items of a list field; empty when absent or not a list.
inline const std::vector<Node>& childItems(const Node& map, std::string_view key)
{
    static const std::vector<Node> kNone;
    const Node* n = child(map, key);
    return n && n->isSeq() ? n->items() : kNone;
}

}  // namespace gs::yaml

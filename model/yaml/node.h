#pragma once
// A YAML value tree that remembers where every value and key came from.
//
// The loader builds it from a document (aliases expanded, merge keys applied); the writer turns it
// back into YAML. Maps keep their entries in source order, so a document round-trips without
// reordering. Scalars keep their source text and whether they were plain, because the YAML type
// of a scalar depends on both (`80` is an integer, `"80"` a string).
//
// Value type; copying copies the whole subtree. Not thread-safe for concurrent mutation.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gs::yaml {

// 1-based line and column (column in characters). {0, 0} means "no source position", as for a
// value that a default filled in.
struct Mark {
    int line = 0;
    int column = 0;
    bool known() const { return line > 0; }
    friend bool operator==(const Mark&, const Mark&) = default;
};

enum class NodeType : std::uint8_t { Null, Scalar, Map, Seq };

// What a scalar means under the YAML 1.2 core schema (the types JSON and Kubernetes know).
enum class ScalarType : std::uint8_t { Null, Bool, Int, Float, String };

class Node;

struct MapEntry;

class Node {
public:
    Node() = default;
    static Node null(Mark mark = {});
    static Node scalar(std::string text, bool plain, Mark mark = {});
    static Node string(std::string text, Mark mark = {});
    static Node map(Mark mark = {});
    static Node seq(Mark mark = {});

    NodeType type() const { return type_; }
    bool isNull() const { return type_ == NodeType::Null; }
    bool isScalar() const { return type_ == NodeType::Scalar; }
    bool isMap() const { return type_ == NodeType::Map; }
    bool isSeq() const { return type_ == NodeType::Seq; }

    Mark mark() const { return mark_; }
    void setMark(Mark mark) { mark_ = mark; }

    // Scalars: the text as written (after YAML unescaping) and whether it was a plain scalar.
    const std::string& text() const { return text_; }
    bool plain() const { return plain_; }
    ScalarType scalarType() const;  // Null for null nodes; meaningful for scalars only
    bool isString() const { return type_ == NodeType::Scalar && scalarType() == ScalarType::String; }

    // Maps. Keys are strings; entries keep source order.
    const std::vector<MapEntry>& entries() const;
    std::vector<MapEntry>& entries();
    const Node* find(std::string_view key) const;
    Node* find(std::string_view key);
    const MapEntry* findEntry(std::string_view key) const;
    // Inserts at the end, or replaces the value of an existing key (keeping its position).
    Node& set(std::string key, Node value, Mark keyMark = {});
    bool erase(std::string_view key);

    // Sequences.
    const std::vector<Node>& items() const { return items_; }
    std::vector<Node>& items() { return items_; }
    Node& append(Node value);

    std::size_t size() const;  // entries of a map, items of a sequence, 0 otherwise

    // Convenience for scalar fields: the text when this is a scalar, else `fallback`.
    std::string_view str(std::string_view fallback = {}) const;

    // Structural equality of meaning: same types, same keys in any order, same scalar values
    // (an integer written as `0x10` equals `16`). Marks are ignored.
    bool sameContent(const Node& other) const;

    // Number of nodes in this subtree, this one included.
    std::size_t countNodes() const;

private:
    NodeType type_ = NodeType::Null;
    bool plain_ = true;
    Mark mark_;
    std::string text_;
    std::vector<MapEntry> entries_;
    std::vector<Node> items_;
};

struct MapEntry {
    std::string key;
    Mark keyMark;
    Node value;
};

// Defined once MapEntry is complete: clang instantiates Node's destructor (a vector<MapEntry>)
// for a function that returns a Node inside the class body.
inline Node Node::string(std::string text, Mark mark) { return scalar(std::move(text), false, mark); }

// Resolution of a plain scalar under the YAML 1.2 core schema.
ScalarType resolvePlainScalar(std::string_view text);

// True when `text`, written plain, would be read as something other than a string by a YAML 1.2
// or a YAML 1.1 reader (kubectl's YAML library reads `yes`, `on` and `0b101` the 1.1 way).
bool plainTextIsAmbiguous(std::string_view text);

// True when kubectl's YAML library (YAML 1.1 rules) reads this plain scalar as a boolean or a
// number although YAML 1.2 reads it as a string: yes/no/on/off/y/n, 0b1010, 1_000.
bool yaml11ReadsAsNonString(std::string_view text);

// Parses an integer scalar (decimal, 0x, 0o; optional sign). False when it is not one or
// does not fit in 64 bits.
bool parseInteger(std::string_view text, std::int64_t& out);

}  // namespace gs::yaml

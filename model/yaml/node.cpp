#include "yaml/node.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

namespace gs::yaml {

namespace {

const std::vector<MapEntry> kNoEntries;

bool isDigit(char c) { return c >= '0' && c <= '9'; }

bool allOf(std::string_view s, bool (*pred)(char)) { return !s.empty() && std::all_of(s.begin(), s.end(), pred); }

bool isHex(char c) { return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool isOctal(char c) { return c >= '0' && c <= '7'; }

std::string_view stripSign(std::string_view s)
{
    if (!s.empty() && (s[0] == '-' || s[0] == '+'))
        s.remove_prefix(1);
    return s;
}

bool isCoreInt(std::string_view s)
{
    if (s.size() > 2 && s[0] == '0' && s[1] == 'x')
        return allOf(s.substr(2), isHex);
    if (s.size() > 2 && s[0] == '0' && s[1] == 'o')
        return allOf(s.substr(2), isOctal);
    return allOf(stripSign(s), isDigit);
}

// [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
bool isCoreFloat(std::string_view s)
{
    s = stripSign(s);
    std::size_t i = 0;
    std::size_t intDigits = 0;
    while (i < s.size() && isDigit(s[i])) {
        ++i;
        ++intDigits;
    }
    std::size_t fracDigits = 0;
    bool dot = false;
    if (i < s.size() && s[i] == '.') {
        dot = true;
        ++i;
        while (i < s.size() && isDigit(s[i])) {
            ++i;
            ++fracDigits;
        }
    }
    if (intDigits == 0 && fracDigits == 0)
        return false;
    if (intDigits == 0 && !dot)
        return false;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '-' || s[i] == '+'))
            ++i;
        std::size_t expDigits = 0;
        while (i < s.size() && isDigit(s[i])) {
            ++i;
            ++expDigits;
        }
        if (expDigits == 0)
            return false;
    }
    return i == s.size();
}

template <std::size_t N> bool oneOf(std::string_view s, const std::array<std::string_view, N>& words)
{
    return std::find(words.begin(), words.end(), s) != words.end();
}

constexpr std::array<std::string_view, 4> kNullWords{"~", "null", "Null", "NULL"};
constexpr std::array<std::string_view, 6> kBoolWords{"true", "True", "TRUE", "false", "False", "FALSE"};
constexpr std::array<std::string_view, 12> kSpecialFloats{".inf",  ".Inf",  ".INF",  "+.inf", "+.Inf", "+.INF",
                                                          "-.inf", "-.Inf", "-.INF", ".nan",  ".NaN",  ".NAN"};
// YAML 1.1 booleans that a 1.2 reader takes as strings.
constexpr std::array<std::string_view, 18> kYaml11Bools{"y",  "Y",  "yes", "Yes", "YES", "n",   "N",   "no", "No",
                                                        "NO", "on", "On",  "ON",  "off", "Off", "OFF", "<<", "="};

}  // namespace

Node Node::null(Mark mark)
{
    Node n;
    n.type_ = NodeType::Null;
    n.mark_ = mark;
    return n;
}

Node Node::scalar(std::string text, bool plain, Mark mark)
{
    Node n;
    n.type_ = NodeType::Scalar;
    n.text_ = std::move(text);
    n.plain_ = plain;
    n.mark_ = mark;
    return n;
}

Node Node::map(Mark mark)
{
    Node n;
    n.type_ = NodeType::Map;
    n.mark_ = mark;
    return n;
}

Node Node::seq(Mark mark)
{
    Node n;
    n.type_ = NodeType::Seq;
    n.mark_ = mark;
    return n;
}

ScalarType Node::scalarType() const
{
    if (type_ == NodeType::Null)
        return ScalarType::Null;
    if (type_ != NodeType::Scalar)
        return ScalarType::String;
    return plain_ ? resolvePlainScalar(text_) : ScalarType::String;
}

const std::vector<MapEntry>& Node::entries() const { return type_ == NodeType::Map ? entries_ : kNoEntries; }
std::vector<MapEntry>& Node::entries() { return entries_; }

const MapEntry* Node::findEntry(std::string_view key) const
{
    for (const MapEntry& e : entries_)
        if (e.key == key)
            return &e;
    return nullptr;
}

const Node* Node::find(std::string_view key) const
{
    const MapEntry* e = findEntry(key);
    return e ? &e->value : nullptr;
}

Node* Node::find(std::string_view key)
{
    for (MapEntry& e : entries_)
        if (e.key == key)
            return &e.value;
    return nullptr;
}

Node& Node::set(std::string key, Node value, Mark keyMark)
{
    if (type_ != NodeType::Map) {
        *this = map(mark_);
    }
    for (MapEntry& e : entries_) {
        if (e.key == key) {
            e.value = std::move(value);
            return e.value;
        }
    }
    entries_.push_back(MapEntry{std::move(key), keyMark, std::move(value)});
    return entries_.back().value;
}

bool Node::erase(std::string_view key)
{
    auto it = std::find_if(entries_.begin(), entries_.end(), [&](const MapEntry& e) { return e.key == key; });
    if (it == entries_.end())
        return false;
    entries_.erase(it);
    return true;
}

Node& Node::append(Node value)
{
    if (type_ != NodeType::Seq)
        *this = seq(mark_);
    items_.push_back(std::move(value));
    return items_.back();
}

std::size_t Node::size() const
{
    switch (type_) {
    case NodeType::Map: return entries_.size();
    case NodeType::Seq: return items_.size();
    default: return 0;
    }
}

std::string_view Node::str(std::string_view fallback) const
{
    return type_ == NodeType::Scalar ? std::string_view(text_) : fallback;
}

namespace {

bool sameScalar(const Node& a, const Node& b)
{
    const ScalarType ta = a.scalarType();
    if (ta != b.scalarType())
        return false;
    switch (ta) {
    case ScalarType::Null: return true;
    case ScalarType::Bool: return (a.text()[0] == 't' || a.text()[0] == 'T') == (b.text()[0] == 't' || b.text()[0] == 'T');
    case ScalarType::Int: {
        std::int64_t x = 0, y = 0;
        if (parseInteger(a.text(), x) && parseInteger(b.text(), y))
            return x == y;
        return a.text() == b.text();
    }
    case ScalarType::Float: {
        const double x = std::strtod(a.text().c_str(), nullptr);
        const double y = std::strtod(b.text().c_str(), nullptr);
        return x == y || a.text() == b.text();
    }
    case ScalarType::String: return a.text() == b.text();
    }
    return false;
}

}  // namespace

bool Node::sameContent(const Node& other) const
{
    const bool thisScalarish = type_ == NodeType::Null || type_ == NodeType::Scalar;
    const bool otherScalarish = other.type_ == NodeType::Null || other.type_ == NodeType::Scalar;
    if (thisScalarish && otherScalarish)
        return sameScalar(*this, other);
    if (type_ != other.type_)
        return false;
    if (type_ == NodeType::Seq) {
        if (items_.size() != other.items_.size())
            return false;
        for (std::size_t i = 0; i < items_.size(); ++i)
            if (!items_[i].sameContent(other.items_[i]))
                return false;
        return true;
    }
    if (entries_.size() != other.entries_.size())
        return false;
    for (const MapEntry& e : entries_) {
        const Node* o = other.find(e.key);
        if (!o || !e.value.sameContent(*o))
            return false;
    }
    return true;
}

std::size_t Node::countNodes() const
{
    std::size_t n = 1;
    for (const MapEntry& e : entries_)
        n += e.value.countNodes();
    for (const Node& i : items_)
        n += i.countNodes();
    return n;
}

ScalarType resolvePlainScalar(std::string_view text)
{
    if (text.empty() || oneOf(text, kNullWords))
        return ScalarType::Null;
    if (oneOf(text, kBoolWords))
        return ScalarType::Bool;
    const char c = text[0];
    if (!(isDigit(c) || c == '-' || c == '+' || c == '.'))
        return ScalarType::String;
    if (isCoreInt(text))
        return ScalarType::Int;
    if (isCoreFloat(text) || oneOf(text, kSpecialFloats))
        return ScalarType::Float;
    return ScalarType::String;
}

bool plainTextIsAmbiguous(std::string_view text)
{
    if (resolvePlainScalar(text) != ScalarType::String)
        return true;
    if (oneOf(text, kYaml11Bools))
        return true;
    // YAML 1.1 timestamps (2026-11-26, 2026-11-26T10:00:00Z), which kubectl reads as dates.
    if (text.size() >= 8 && isDigit(text[0]) && isDigit(text[1]) && isDigit(text[2]) && isDigit(text[3]) && text[4] == '-')
        return true;
    // YAML 1.1 numbers: 0b1010, 0777, 1_000, 190:20:30, 1.5e3 without sign rules, ...
    // Quote anything that starts like a number and uses only number characters.
    const char c = text[0];
    if (isDigit(c) || ((c == '-' || c == '+' || c == '.') && text.size() > 1)) {
        return std::all_of(text.begin(), text.end(), [](char ch) {
            return isHex(ch) || ch == '_' || ch == ':' || ch == '.' || ch == '-' || ch == '+' || ch == 'x' || ch == 'X' ||
                ch == 'o' || ch == 'O' || ch == 'b' || ch == 'B';
        });
    }
    return false;
}

bool yaml11ReadsAsNonString(std::string_view text)
{
    if (resolvePlainScalar(text) != ScalarType::String)
        return false;
    if (oneOf(text, kYaml11Bools) && text != "<<" && text != "=")
        return true;
    const std::string_view digits = stripSign(text);
    if (digits.size() > 2 && digits[0] == '0' && digits[1] == 'b')
        return std::all_of(digits.begin() + 2, digits.end(), [](char c) { return c == '0' || c == '1' || c == '_'; });
    return !digits.empty() && isDigit(digits[0]) && digits.find('_') != std::string_view::npos &&
        std::all_of(digits.begin(), digits.end(), [](char c) { return isDigit(c) || c == '_'; });
}

bool parseInteger(std::string_view text, std::int64_t& out)
{
    if (!isCoreInt(text))
        return false;
    int base = 10;
    bool negative = false;
    std::string_view digits = text;
    if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'o')) {
        base = digits[1] == 'x' ? 16 : 8;
        digits.remove_prefix(2);
    } else if (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) {
        negative = digits[0] == '-';
        digits.remove_prefix(1);
    }
    std::uint64_t magnitude = 0;
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude, base);
    if (ec != std::errc() || ptr != digits.data() + digits.size())
        return false;
    if (negative) {
        if (magnitude > std::uint64_t(INT64_MAX) + 1)
            return false;
        out = magnitude == std::uint64_t(INT64_MAX) + 1 ? INT64_MIN : -std::int64_t(magnitude);
        return true;
    }
    if (magnitude > std::uint64_t(INT64_MAX))
        return false;
    out = std::int64_t(magnitude);
    return true;
}

}  // namespace gs::yaml

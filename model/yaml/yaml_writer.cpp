#include "yaml/yaml_writer.h"

#include <cstdio>
#include <string_view>

namespace gs::yaml {

namespace {

constexpr std::string_view kIndicators = "-?:,[]{}#&*!|>'\"%@`";

bool isControl(unsigned char c) { return (c < 0x20 && c != '\t') || c == 0x7F; }

bool isPlainSafe(std::string_view s)
{
    if (s.empty() || plainTextIsAmbiguous(s))
        return false;
    if (kIndicators.find(s.front()) != std::string_view::npos)
        return false;
    if (s.front() == ' ' || s.back() == ' ' || s.back() == ':')
        return false;
    if (s.substr(0, 3) == "..." || s.find(": ") != std::string_view::npos || s.find(" #") != std::string_view::npos)
        return false;
    for (char c : s)
        if (c == '\t' || c == '\n' || c == '\r' || isControl(static_cast<unsigned char>(c)))
            return false;
    return true;
}

void appendDoubleQuoted(std::string_view s, std::string& out)
{
    out += '"';
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (ch) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\t': out += "\\t"; break;
        case '\r': out += "\\r"; break;
        default:
            if (isControl(c)) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\x%02X", c);
                out += buf;
            } else {
                out += ch;
            }
        }
    }
    out += '"';
}

// A multi-line string can be a literal block when every line is printable and has no
// trailing whitespace, and the first line does not start with a space (which would need an
// indentation indicator).
bool fitsLiteralBlock(std::string_view s)
{
    if (s.find('\n') == std::string_view::npos || s.front() == ' ' || s.front() == '\n')
        return false;
    char previous = '\n';
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (ch == '\r' || (isControl(c) && ch != '\n'))
            return false;
        if (ch == '\n' && (previous == ' ' || previous == '\t'))
            return false;
        previous = ch;
    }
    return previous != ' ' && previous != '\t';
}

void pad(int indent, std::string& out) { out.append(std::size_t(indent), ' '); }

void appendLiteralBlock(std::string_view s, int indent, std::string& out)
{
    std::size_t trailing = 0;
    while (trailing < s.size() && s[s.size() - 1 - trailing] == '\n')
        ++trailing;
    out += trailing == 0 ? "|-" : trailing == 1 ? "|" : "|+";
    out += '\n';
    std::string_view body = s.substr(0, s.size() - trailing);
    std::size_t start = 0;
    while (start <= body.size()) {
        const std::size_t end = body.find('\n', start);
        const std::string_view line = body.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
        if (!line.empty())
            pad(indent, out);
        out += line;
        out += '\n';
        if (end == std::string_view::npos)
            break;
        start = end + 1;
    }
    for (std::size_t i = 1; i < trailing; ++i)
        out += '\n';
}

// Writes a scalar or null that follows "key:" or "-" (a space is written first); ends the line.
void appendScalarLine(const Node& node, int blockIndent, std::string& out)
{
    out += ' ';
    if (node.isNull()) {
        out += "null\n";
        return;
    }
    const std::string& text = node.text();
    if (node.plain() && node.scalarType() != ScalarType::String && !text.empty()) {
        out += text;  // a number, boolean or null keeps its spelling
    } else if (isPlainSafe(text)) {
        out += text;
    } else if (fitsLiteralBlock(text)) {
        appendLiteralBlock(text, blockIndent, out);
        return;
    } else {
        appendDoubleQuoted(text, out);
    }
    out += '\n';
}

void writeMap(const Node& node, int indent, bool firstInline, std::string& out);
void writeSeq(const Node& node, int indent, bool firstInline, std::string& out);

// Writes the value of a map entry or sequence item whose key or dash is already on the line.
void writeValue(const Node& value, int indent, bool inSequence, std::string& out)
{
    if (value.isNull() || value.isScalar()) {
        appendScalarLine(value, indent + 2, out);
    } else if (value.size() == 0) {
        out += value.isMap() ? " {}\n" : " []\n";
    } else if (inSequence) {
        out += ' ';
        if (value.isMap())
            writeMap(value, indent + 2, true, out);
        else
            writeSeq(value, indent + 2, true, out);
    } else {
        out += '\n';
        if (value.isMap())
            writeMap(value, indent + 2, false, out);
        else
            writeSeq(value, indent + 2, false, out);
    }
}

void writeMap(const Node& node, int indent, bool firstInline, std::string& out)
{
    bool first = true;
    for (const MapEntry& e : node.entries()) {
        if (!(first && firstInline))
            pad(indent, out);
        first = false;
        out += quoteIfNeeded(e.key);
        out += ':';
        writeValue(e.value, indent, false, out);
    }
}

void writeSeq(const Node& node, int indent, bool firstInline, std::string& out)
{
    bool first = true;
    for (const Node& item : node.items()) {
        if (!(first && firstInline))
            pad(indent, out);
        first = false;
        out += '-';
        writeValue(item, indent, true, out);
    }
}

}  // namespace

std::string quoteIfNeeded(std::string_view text)
{
    if (isPlainSafe(text))
        return std::string(text);
    std::string out;
    appendDoubleQuoted(text, out);
    return out;
}

void writeYaml(const Node& root, std::string& out)
{
    if (root.isMap() && root.size() > 0)
        writeMap(root, 0, false, out);
    else if (root.isSeq() && root.size() > 0)
        writeSeq(root, 0, false, out);
    else if (root.isMap() || root.isSeq())
        out += root.isMap() ? "{}\n" : "[]\n";
    else {
        std::string line;
        appendScalarLine(root, 2, line);
        out.append(line, 1, std::string::npos);
    }
}

std::string writeYaml(const Node& root)
{
    std::string out;
    writeYaml(root, out);
    return out;
}

}  // namespace gs::yaml

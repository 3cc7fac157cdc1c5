#include "yaml/yaml_reader.h"

#include <iterator>
#include <sstream>
#include <thread>
#include <unordered_map>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include "yaml/text_lines.h"

namespace gs::yaml {

namespace {

// Thrown by the tree builder to abandon a document; caught in readChunk.
struct AbandonDocument {
    ReadError error;
};

// Node accounting shared by all documents of a stream.
struct Budget {
    const ReadLimits& limits;
    std::size_t written = 0;  // values that appear in the text
    std::size_t aliased = 0;  // values created by alias expansion

    void consumeWritten(Mark mark)
    {
        if (++written + aliased > limits.maxNodes)
            throw AbandonDocument{
                {mark, "too many values: the stream holds more than " + std::to_string(limits.maxNodes) + " values"}};
    }
    void consumeAliased(std::size_t n, Mark mark)
    {
        aliased += n;
        if (aliased > limits.aliasAllowance + limits.aliasRatio * written || written + aliased > limits.maxNodes)
            throw AbandonDocument{
                {mark,
                 "excessive aliasing: the aliases expand to more than " + std::to_string(aliased) + " values (an alias bomb?)"}};
    }
};

bool isCoreTag(const std::string& tag, std::string_view name)
{
    static constexpr std::string_view kPrefix = "tag:yaml.org,2002:";
    return tag.size() == kPrefix.size() + name.size() && tag.compare(0, kPrefix.size(), kPrefix) == 0 &&
        tag.compare(kPrefix.size(), std::string::npos, name) == 0;
}

class TreeBuilder final : public YAML::EventHandler {
public:
    TreeBuilder(const TextLines& lines, std::size_t lineOffset, Budget& budget, std::vector<ReadError>& errors,
                std::vector<ReadError>& warnings)
        : lines_(lines), lineOffset_(lineOffset), budget_(budget), errors_(errors), warnings_(warnings)
    {
    }

    Mark toMark(const YAML::Mark& m) const
    {
        if (m.line < 0)
            return {};
        const std::size_t line0 = lineOffset_ + std::size_t(m.line);
        return {int(line0) + 1, lines_.characterColumn(line0, std::size_t(std::max(0, m.column)))};
    }

    void OnDocumentStart(const YAML::Mark& mark) override
    {
        stack_.clear();
        anchors_.clear();
        root_ = Node::null(toMark(mark));
        start_ = toMark(mark);
        hasRoot_ = false;
    }
    void OnDocumentEnd() override { }

    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override
    {
        budget_.consumeWritten(toMark(mark));
        complete(Node::null(toMark(mark)), anchor);
    }

    void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override
    {
        auto it = anchors_.find(anchor);
        if (it == anchors_.end())
            throw AbandonDocument{{toMark(mark), "alias to an unknown anchor"}};
        budget_.consumeAliased(it->second.count, toMark(mark));
        Node copy = it->second.node;
        copy.setMark(toMark(mark));
        complete(std::move(copy), YAML::NullAnchor);
    }

    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor, const std::string& value) override
    {
        const Mark m = toMark(mark);
        budget_.consumeWritten(m);
        // "?" is the non-specific tag of plain scalars, "!" that of quoted and block scalars.
        bool plain = tag == "?";
        if (isCoreTag(tag, "str"))
            plain = false;
        else if (isCoreTag(tag, "int") || isCoreTag(tag, "float") || isCoreTag(tag, "bool") || isCoreTag(tag, "null"))
            plain = true;
        else if (tag != "?" && tag != "!")
            warnings_.push_back({m, "tag '" + tag + "' is not understood; the value is read as a string"});
        complete(Node::scalar(value, plain, m), anchor);
    }

    void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override
    {
        budget_.consumeWritten(toMark(mark));
        stack_.push_back(Frame(Node::seq(toMark(mark)), anchor));
    }
    void OnSequenceEnd() override { closeCollection(); }

    void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override
    {
        budget_.consumeWritten(toMark(mark));
        stack_.push_back(Frame(Node::map(toMark(mark)), anchor));
    }
    void OnMapEnd() override
    {
        applyMerges(stack_.back());
        closeCollection();
    }

    bool hasRoot() const { return hasRoot_; }
    Node takeRoot() { return std::move(root_); }
    Mark start() const { return start_; }

private:
    struct Frame {
        Frame(Node n, YAML::anchor_t a) : node(std::move(n)), anchor(a) { }
        Node node;
        YAML::anchor_t anchor = YAML::NullAnchor;
        bool haveKey = false;
        bool keyPlain = true;
        std::string key;
        Mark keyMark;
        std::vector<Node> merges;  // values of `<<` keys, applied when the map closes
    };
    struct Anchored {
        Node node;
        std::size_t count = 0;
    };

    void closeCollection()
    {
        Frame frame = std::move(stack_.back());
        stack_.pop_back();
        complete(std::move(frame.node), frame.anchor);
    }

    void complete(Node node, YAML::anchor_t anchor)
    {
        if (anchor != YAML::NullAnchor)
            anchors_[anchor] = Anchored{node, node.countNodes()};
        if (stack_.empty()) {
            root_ = std::move(node);
            hasRoot_ = true;
            return;
        }
        Frame& top = stack_.back();
        if (top.node.isSeq()) {
            top.node.items().push_back(std::move(node));
            return;
        }
        if (!top.haveKey) {
            acceptKey(top, node);
            return;
        }
        acceptValue(top, std::move(node));
    }

    void acceptKey(Frame& top, const Node& key)
    {
        if (key.isMap() || key.isSeq())
            throw AbandonDocument{
                {key.mark(), "a mapping key must be a string, not a " + std::string(key.isMap() ? "mapping" : "sequence")}};
        top.haveKey = true;
        top.key = key.isNull() ? std::string("null") : key.text();
        top.keyPlain = key.plain();
        top.keyMark = key.mark();
    }

    void acceptValue(Frame& top, Node value)
    {
        top.haveKey = false;
        if (value.isNull() && value.text().empty())
            value.setMark(top.keyMark);
        if (top.key == "<<" && top.keyPlain) {
            top.merges.push_back(std::move(value));
            return;
        }
        if (const MapEntry* first = top.node.findEntry(top.key)) {
            errors_.push_back(
                {top.keyMark, "duplicate key '" + top.key + "' (first at line " + std::to_string(first->keyMark.line) + ")"});
            return;
        }
        top.node.entries().push_back(MapEntry{std::move(top.key), top.keyMark, std::move(value)});
    }

    // YAML merge keys (`<<: *base`): keys written in the map win over merged ones, and earlier
    // merge sources win over later ones.
    void applyMerges(Frame& frame)
    {
        for (const Node& source : frame.merges) {
            if (source.isMap()) {
                mergeFrom(frame.node, source);
            } else if (source.isSeq()) {
                for (const Node& item : source.items()) {
                    if (!item.isMap())
                        throw AbandonDocument{{item.mark(), "a merge key ('<<') takes mappings only"}};
                    mergeFrom(frame.node, item);
                }
            } else {
                throw AbandonDocument{{source.mark(), "a merge key ('<<') takes a mapping or a list of mappings"}};
            }
        }
    }

    static void mergeFrom(Node& target, const Node& source)
    {
        for (const MapEntry& e : source.entries())
            if (!target.find(e.key))
                target.entries().push_back(e);
    }

    const TextLines& lines_;
    std::size_t lineOffset_;
    Budget& budget_;
    std::vector<ReadError>& errors_;
    std::vector<ReadError>& warnings_;
    std::vector<Frame> stack_;
    std::unordered_map<YAML::anchor_t, Anchored> anchors_;
    Node root_;
    Mark start_;
    bool hasRoot_ = false;
};

// A slice of the stream that holds at most one document: from one `---` line to the next.
struct Chunk {
    std::size_t firstLine = 0;  // 0-based
    std::size_t endLine = 0;  // exclusive
};

bool startsMarker(std::string_view line, std::string_view marker)
{
    if (line.substr(0, 3) != marker)
        return false;
    return line.size() == 3 || line[3] == ' ' || line[3] == '\t';
}

bool isBlankOrComment(std::string_view line)
{
    for (char c : line) {
        if (c == '#')
            return true;
        if (c != ' ' && c != '\t')
            return false;
    }
    return true;
}

std::vector<Chunk> splitDocuments(const TextLines& lines)
{
    std::vector<Chunk> chunks;
    Chunk current;
    bool hasBody = false;  // the current chunk has a `---` marker or content
    auto cut = [&](std::size_t at) {
        current.endLine = at;
        chunks.push_back(current);
        current = Chunk{at, at};
        hasBody = false;
    };
    for (std::size_t i = 0; i < lines.count(); ++i) {
        const std::string_view line = lines.line(i);
        if (startsMarker(line, "...")) {
            cut(i + 1);
            continue;
        }
        const bool startMarker = startsMarker(line, "---");
        const bool directive = !line.empty() && line[0] == '%';
        if ((startMarker || directive) && hasBody)
            cut(i);
        if (startMarker || (!directive && !isBlankOrComment(line)))
            hasBody = true;
    }
    if (lines.count() > current.firstLine)
        cut(lines.count());
    return chunks;
}

// yaml-cpp reports an unterminated construct at the end of its input: past the last line, or
// on the next document's `---`. Point at the end of this document's last line with content.
Mark clampToChunk(Mark mark, const TextLines& lines, const Chunk& chunk)
{
    if (!mark.known())
        return mark;
    const std::size_t line0 = std::size_t(mark.line) - 1;
    if (line0 < chunk.endLine && line0 < lines.count() && !isBlankOrComment(lines.line(line0)))
        return mark;
    for (std::size_t l = std::min(line0, chunk.endLine); l-- > chunk.firstLine;) {
        const std::string_view text = lines.line(l);
        if (!isBlankOrComment(text))
            return {int(l) + 1, lines.characterColumn(l, text.size())};
    }
    return mark;
}

// A tab in the indentation of the error's line: yaml-cpp's message ("illegal map value") does
// not say so.
bool explainTab(ReadError& error, const TextLines& lines)
{
    if (!error.mark.known())
        return false;
    const std::string_view line = lines.line(std::size_t(error.mark.line) - 1);
    for (std::size_t i = 0; i < line.size() && (line[i] == ' ' || line[i] == '\t'); ++i) {
        if (line[i] == '\t') {
            error = {{error.mark.line, int(i) + 1}, "YAML syntax error: a tab is used for indentation (YAML allows spaces only)"};
            return true;
        }
    }
    return false;
}

// The character at `mark` ("','"), for an error that has no better words.
std::string characterAt(std::string_view text, const TextLines& lines, Mark mark)
{
    if (!mark.known() || std::size_t(mark.line) > lines.count())
        return "text";
    std::size_t at = lines.start(std::size_t(mark.line - 1));
    for (int column = 1; column < mark.column && at < text.size(); ++column)
        do
            ++at;
        while (at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80);
    if (at >= text.size() || text[at] < '!' || text[at] > '~')
        return "text";
    return std::string("'") + text[at] + "'";
}

// yaml-cpp 0.7 loops on some malformed input (a stray ',' at the start of a line after an
// indented map): it returns empty documents at one position forever. Two documents never start
// at the same place, so the second such document is that loop.
bool parserIsStuck(const ReadResult& out, const Document& doc)
{
    return doc.empty && doc.start.known() && !out.documents.empty() && out.documents.back().empty &&
        out.documents.back().start == doc.start;
}

void readChunk(std::string_view text, const TextLines& lines, const Chunk& chunk, Budget& budget, ReadResult& out)
{
    const std::size_t begin = lines.start(chunk.firstLine);
    const std::size_t end = chunk.endLine < lines.count() ? lines.start(chunk.endLine) : text.size();
    std::istringstream in{std::string(text.substr(begin, end - begin))};
    TreeBuilder builder(lines, chunk.firstLine, budget, out.errors, out.warnings);
    try {
        YAML::Parser parser(in);
        while (parser.HandleNextDocument(builder)) {
            Document doc;
            doc.start = builder.start();
            if (builder.hasRoot())
                doc.root = builder.takeRoot();
            doc.empty = doc.root.isNull();
            if (parserIsStuck(out, doc)) {
                out.documents.pop_back();
                out.errors.push_back({doc.start, "YAML syntax error: unexpected " + characterAt(text, lines, doc.start)});
                break;
            }
            out.documents.push_back(std::move(doc));
        }
    } catch (const YAML::DeepRecursion& e) {
        out.errors.push_back(
            {clampToChunk(builder.toMark(e.mark), lines, chunk),
             "nesting is too deep: values nested more than " + std::to_string(e.depth()) + " levels are refused"});
    } catch (const YAML::Exception& e) {
        ReadError error{clampToChunk(builder.toMark(e.mark), lines, chunk), "YAML syntax error: " + e.msg};
        explainTab(error, lines);
        out.errors.push_back(std::move(error));
    } catch (const AbandonDocument& a) {
        out.errors.push_back(a.error);
    } catch (const std::bad_alloc&) {
        out.errors.push_back({{}, "out of memory while reading the document"});
    }
}

constexpr std::size_t kParallelThreshold = 256 * 1024;

// The first chunk of the second half of the stream, by bytes.
std::size_t splitPoint(const std::vector<Chunk>& chunks, const TextLines& lines, std::size_t totalBytes)
{
    for (std::size_t i = 1; i < chunks.size(); ++i)
        if (lines.start(chunks[i].firstLine) >= totalBytes / 2)
            return i;
    return chunks.size() - 1;
}

}  // namespace

bool checkYamlText(std::string_view text, ReadError& error)
{
    std::size_t line = 1, lineStart = 0;
    auto fail = [&](std::size_t at, std::string message) {
        int column = 1;
        for (std::size_t i = lineStart; i < at; ++i)
            if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80)
                ++column;
        error = {{int(line), column}, std::move(message)};
        return false;
    };
    if (text.size() >= 2 && ((text[0] == '\xFF' && text[1] == '\xFE') || (text[0] == '\xFE' && text[1] == '\xFF')))
        return fail(0, "the file is UTF-16 text; save it as UTF-8");
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\n') {
            ++line;
            lineStart = ++i;
            continue;
        }
        if (c < 0x80) {
            if (c == 0)
                return fail(i, "binary data (a NUL byte): this is not a YAML text file");
            if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7F) {
                char buf[64];
                std::snprintf(buf, sizeof buf, "control character U+%04X is not allowed in YAML", c);
                return fail(i, buf);
            }
            ++i;
            continue;
        }
        const int length = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c <= 0xDF ? 2 : 0;
        if (length == 0 || (c >= 0xE0 && c > 0xF4) || i + length > text.size())
            return fail(i, "invalid UTF-8 (binary data?): YAML must be UTF-8 text");
        for (int k = 1; k < length; ++k)
            if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80)
                return fail(i, "invalid UTF-8 (binary data?): YAML must be UTF-8 text");
        i += length;
    }
    return true;
}

ReadResult readYamlStream(std::string_view text, const ReadLimits& limits)
{
    ReadResult out;
    if (text.substr(0, 3) == "\xEF\xBB\xBF")
        text.remove_prefix(3);
    ReadError textError;
    if (!checkYamlText(text, textError)) {
        out.errors.push_back(textError);
        return out;
    }
    const TextLines lines(text);
    const std::vector<Chunk> chunks = splitDocuments(lines);
    // Documents are independent, so a large stream is parsed on two threads, each with half of
    // the documents (by size) and half of the value budget; results are merged in order.
    if (chunks.size() < 2 || text.size() < kParallelThreshold) {
        Budget budget{limits};
        for (const Chunk& chunk : chunks)
            readChunk(text, lines, chunk, budget, out);
        return out;
    }
    const std::size_t split = splitPoint(chunks, lines, text.size());
    ReadLimits half = limits;
    half.maxNodes = limits.maxNodes / 2;
    ReadResult second;
    std::thread worker([&] {
        Budget budget{half};
        for (std::size_t i = split; i < chunks.size(); ++i)
            readChunk(text, lines, chunks[i], budget, second);
    });
    Budget budget{half};
    for (std::size_t i = 0; i < split; ++i)
        readChunk(text, lines, chunks[i], budget, out);
    worker.join();
    std::move(second.documents.begin(), second.documents.end(), std::back_inserter(out.documents));
    std::move(second.errors.begin(), second.errors.end(), std::back_inserter(out.errors));
    std::move(second.warnings.begin(), second.warnings.end(), std::back_inserter(out.warnings));
    return out;
}

}  // namespace gs::yaml

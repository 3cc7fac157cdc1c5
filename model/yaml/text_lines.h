#pragma once
// Line index over a text buffer: where each line starts, and byte → character column conversion
// (YAML marks count bytes; people and editors count characters).

#include <cstddef>
#include <string_view>
#include <vector>

namespace gs::yaml {

class TextLines {
public:
    explicit TextLines(std::string_view text);

    std::size_t count() const { return starts_.size(); }
    std::size_t start(std::size_t line0) const { return starts_[line0]; }
    std::string_view line(std::size_t line0) const;  // without the line break
    // 1-based character column of the byte at `byteColumn0` (0-based) on line `line0` (0-based).
    int characterColumn(std::size_t line0, std::size_t byteColumn0) const;
    // 0-based line of a byte offset.
    std::size_t lineOf(std::size_t offset) const;

private:
    std::string_view text_;
    std::vector<std::size_t> starts_;
};

}  // namespace gs::yaml

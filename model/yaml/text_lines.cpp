#include "yaml/text_lines.h"

#include <algorithm>

namespace gs::yaml {

TextLines::TextLines(std::string_view text) : text_(text)
{
    starts_.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i)
        if (text[i] == '\n')
            starts_.push_back(i + 1);
}

std::string_view TextLines::line(std::size_t line0) const
{
    if (line0 >= starts_.size())
        return {};
    const std::size_t begin = starts_[line0];
    std::size_t end = line0 + 1 < starts_.size() ? starts_[line0 + 1] - 1 : text_.size();
    if (end > begin && text_[end - 1] == '\r')
        --end;
    return text_.substr(begin, end - begin);
}

int TextLines::characterColumn(std::size_t line0, std::size_t byteColumn0) const
{
    const std::string_view l = line(line0);
    const std::size_t n = std::min(byteColumn0, l.size());
    int column = 1;
    for (std::size_t i = 0; i < n; ++i)
        if ((static_cast<unsigned char>(l[i]) & 0xC0) != 0x80)  // count lead bytes only
            ++column;
    if (byteColumn0 > l.size())
        column += int(byteColumn0 - l.size());
    return column;
}

std::size_t TextLines::lineOf(std::size_t offset) const
{
    auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
    return std::size_t(it - starts_.begin()) - 1;
}

}  // namespace gs::yaml

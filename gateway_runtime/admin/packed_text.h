#pragma once
// A text kept deflated (zlib, RFC 1950) and inflated on demand: for large texts read rarely, such as
// the status YAML that /config serves (11 MB for 10,000 routes, 0.2 MB deflated).

#include <cstddef>
#include <string>
#include <string_view>

namespace gs::runtime {

class PackedText {
public:
    PackedText() = default;
    explicit PackedText(std::string_view text);

    // The text as it was given.
    std::string text() const;
    std::size_t size() const { return size_; }
    std::size_t packedSize() const { return packed_.size(); }

private:
    std::string packed_;
    std::size_t size_ = 0;
};

}  // namespace gs::runtime

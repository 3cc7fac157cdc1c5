#include "admin/packed_text.h"

#include <stdexcept>

#include <zlib.h>

namespace gs::runtime {

// Level 1: the status YAML is repetitive enough that the fastest level already gives 1:50, in a
// few tens of milliseconds for 10,000 routes (it is packed on every load, before serving).
PackedText::PackedText(std::string_view text) : size_(text.size())
{
    if (text.empty())
        return;
    uLongf packedSize = compressBound(uLong(text.size()));
    packed_.resize(packedSize);
    if (compress2(reinterpret_cast<Bytef*>(packed_.data()), &packedSize, reinterpret_cast<const Bytef*>(text.data()),
                  uLong(text.size()), 1) != Z_OK)
        throw std::bad_alloc();  // Z_MEM_ERROR is the only failure with a large enough buffer
    packed_.resize(packedSize);
    packed_.shrink_to_fit();
}

std::string PackedText::text() const
{
    std::string out(size_, '\0');
    if (size_ == 0)
        return out;
    uLongf size = uLongf(size_);
    if (uncompress(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(packed_.data()),
                   uLong(packed_.size())) != Z_OK)
        throw std::bad_alloc();  // the data is our own: only memory can fail
    return out;
}

}  // namespace gs::runtime

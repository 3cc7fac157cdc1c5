#pragma once
// A byte buffer for socket I/O: append at the end, consume from the front, read directly from and
// write directly to a socket. Memory is reused; the front is compacted only when space runs out.

#include <cstddef>
#include <memory>
#include <string_view>

namespace gs::runtime::net {

class Buffer {
public:
    Buffer() = default;
    // Moving takes the memory and the bytes; the source is left empty.
    Buffer(Buffer&& other) noexcept
        : data_(std::move(other.data_)), capacity_(other.capacity_), head_(other.head_), tail_(other.tail_)
    {
        other.capacity_ = other.head_ = other.tail_ = 0;
    }
    Buffer& operator=(Buffer&& other) noexcept
    {
        data_ = std::move(other.data_);
        capacity_ = other.capacity_;
        head_ = other.head_;
        tail_ = other.tail_;
        other.capacity_ = other.head_ = other.tail_ = 0;
        return *this;
    }

    std::size_t size() const { return tail_ - head_; }
    bool empty() const { return tail_ == head_; }
    const char* data() const { return data_.get() + head_; }
    std::string_view view() const { return {data(), size()}; }

    void append(std::string_view bytes);
    void consume(std::size_t n);
    void clear() { head_ = tail_ = 0; }
    // Gives the memory back (an idle keep-alive connection holds no buffer); the next use allocates.
    // Blocks of the smallest size go to a small per-thread cache first, so that a keep-alive
    // connection that releases its buffers after every request does not cost a malloc and free
    // per buffer and request; the cache is bounded (kCachedBlocks), so idle memory stays low.
    void release();

    // Reads what the socket has (up to `max` bytes). Returns the bytes read, 0 on end of stream,
    // -1 when nothing is available (EAGAIN) and -2 on an error (errno set). A buffer without room
    // for `max` reads through a per-thread scratch area and keeps only what arrived, so ten
    // thousand connections with a small request each do not each hold `max` bytes.
    long readFrom(int fd, std::size_t max = 64 * 1024);
    // Writes as much as the socket takes. Returns false on an error other than EAGAIN.
    bool writeTo(int fd);

    // Filling the tail directly: room for n more bytes, then how many were written there.
    char* prepare(std::size_t n) { return reserve(n); }
    void commit(std::size_t n) { tail_ += n; }

    static constexpr std::size_t kBlock = 4096;  // the smallest allocation
    static constexpr std::size_t kCachedBlocks = 64;  // per thread

private:
    char* reserve(std::size_t n);  // room for n more bytes at the tail

    std::unique_ptr<char[]> data_;
    std::size_t capacity_ = 0;
    std::size_t head_ = 0;
    std::size_t tail_ = 0;
};

}  // namespace gs::runtime::net

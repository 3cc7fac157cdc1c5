#include "net/buffer.h"
#include "net/socket.h"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

namespace gs::runtime::net {

namespace {

std::vector<std::unique_ptr<char[]>>& blockCache()
{
    thread_local std::vector<std::unique_ptr<char[]>> cache;
    return cache;
}

std::unique_ptr<char[]> newBlock(std::size_t capacity)
{
    auto& cache = blockCache();
    if (capacity != Buffer::kBlock || cache.empty())
        return std::unique_ptr<char[]>(new char[capacity]);
    std::unique_ptr<char[]> block = std::move(cache.back());
    cache.pop_back();
    return block;
}

}  // namespace

void Buffer::release()
{
    if (capacity_ == kBlock && blockCache().size() < kCachedBlocks)
        blockCache().push_back(std::move(data_));
    data_.reset();
    capacity_ = head_ = tail_ = 0;
}

char* Buffer::reserve(std::size_t n)
{
    if (capacity_ - tail_ >= n)
        return data_.get() + tail_;
    const std::size_t used = size();
    if (head_ > 0 && capacity_ - used >= n) {
        std::memmove(data_.get(), data_.get() + head_, used);
    } else {
        const std::size_t capacity = std::max({capacity_ * 2, used + n, kBlock});
        std::unique_ptr<char[]> bigger = newBlock(capacity);
        if (used)
            std::memcpy(bigger.get(), data_.get() + head_, used);
        data_ = std::move(bigger);
        capacity_ = capacity;
    }
    head_ = 0;
    tail_ = used;
    return data_.get() + tail_;
}

void Buffer::append(std::string_view bytes)
{
    if (bytes.empty())
        return;
    std::memcpy(reserve(bytes.size()), bytes.data(), bytes.size());
    tail_ += bytes.size();
}

void Buffer::consume(std::size_t n)
{
    head_ += std::min(n, size());
    if (head_ == tail_)
        head_ = tail_ = 0;
}

long Buffer::readFrom(int fd, std::size_t max)
{
    constexpr std::size_t kScratch = 64 * 1024;
    thread_local std::unique_ptr<char[]> scratch(new char[kScratch]);
    const bool direct = capacity_ - tail_ >= max || capacity_ >= kScratch || max > kScratch;
    char* at = direct ? reserve(max) : scratch.get();
    ssize_t n;
    do {
        n = ::recv(fd, at, max, 0);  // recv, not read: a socket's read goes through the VFS layer first
    } while (n < 0 && errno == EINTR);
    if (n > 0) {
        if (direct)
            tail_ += std::size_t(n);
        else
            append({at, std::size_t(n)});
        return long(n);
    }
    if (n == 0)
        return 0;
    return errno == EAGAIN || errno == EWOULDBLOCK ? -1 : -2;
}

bool Buffer::writeTo(int fd)
{
    while (!empty()) {
        const ssize_t n = sendNoSignal(fd, data(), size());
        if (n > 0) {
            consume(std::size_t(n));
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
    }
    return true;
}

}  // namespace gs::runtime::net

#include "net/transport.h"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "net/send_batch.h"
#include "net/socket.h"

namespace gs::runtime::net {

namespace {

constexpr std::size_t kCipherChunk = 16 * 1024;  // one TLS record

}  // namespace

Transport::Transport(EventLoop& loop, IoHandler& handler, int fd) : loop_(loop), handler_(handler), fd_(fd) { }

Transport::Transport(Transport&& other, IoHandler& handler)
    : loop_(other.loop_), handler_(handler), fd_(other.releaseFd()), secure_(std::move(other.secure_)), in_(std::move(other.in_)),
      out_(std::move(other.out_)), staged_(std::move(other.staged_)), sealFailed_(other.sealFailed_),
      pendingPlain_(std::move(other.pendingPlain_)), error_(std::move(other.error_)), batchError_(other.batchError_)
{
    other.pendingPlain_.clear();
}

Transport::~Transport() { close(); }

SecureLayer::Status Transport::handshake()
{
    if (!secure_)
        return SecureLayer::Status::Done;
    const bool wasEstablished = secure_->established();
    const SecureLayer::Status status = secure_->handshake();
    secure_->takeCipher(out_);
    if (status == SecureLayer::Status::Failed)
        error_ = secure_->error();
    else if (status == SecureLayer::Status::Done && !wasEstablished && !finishHandshake())
        return SecureLayer::Status::Failed;
    return status;
}

// The plaintext sent while the handshake was under way goes out now.
bool Transport::finishHandshake()
{
    if (pendingPlain_.empty())
        return true;
    const std::string plain = std::move(pendingPlain_);
    pendingPlain_.clear();
    return send(plain);
}

Transport::Read Transport::read(std::size_t max)
{
    if (secure_)
        return readSecure(max);
    const long n = in_.readFrom(fd_, max);
    if (n > 0)
        return {Status::Data, false, n};
    if (n == -1)
        return {Status::Again};
    if (n == -2)
        error_ = errnoText(errno);
    return {n == 0 ? Status::Ended : Status::Failed};
}

Transport::Read Transport::readSecure(std::size_t max)
{
    char cipher[kCipherChunk];
    const ssize_t n = ::recv(fd_, cipher, std::min(max, sizeof cipher), 0);
    if (n == 0)
        return {Status::Ended};
    if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
            return {Status::Again};
        error_ = errnoText(errno);
        return {Status::Failed};
    }
    secure_->receiveCipher({cipher, std::size_t(n)});
    Read result{Status::Again, false, long(n)};
    if (!secure_->established()) {
        const SecureLayer::Status status = handshake();
        if (status == SecureLayer::Status::Failed) {
            out_.writeTo(fd_);  // the alert, best effort
            result.status = Status::HandshakeFailed;
            return result;
        }
        if (!flush()) {
            result.status = Status::Failed;
            return result;
        }
        if (status == SecureLayer::Status::Pending)
            return result;
        result.established = true;
    }
    const long plain = secure_->readPlain(in_);
    if (secure_->takeCipher(out_) && !flush()) {  // e.g. TLS 1.3 session tickets
        result.status = Status::Failed;
        return result;
    }
    if (plain > 0)
        result.status = Status::Data;
    else if (plain == 0)
        result.status = Status::Ended;
    else if (plain == -2) {
        error_ = secure_->error();
        result.status = Status::Failed;
    }
    return result;
}

Transport::Status Transport::discardInput()
{
    char scratch[16 * 1024];
    for (;;) {
        const ssize_t n = ::recv(fd_, scratch, sizeof scratch, 0);
        if (n > 0 || (n < 0 && errno == EINTR))
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return Status::Again;
        if (n < 0)
            error_ = errnoText(errno);
        return n == 0 ? Status::Ended : Status::Failed;
    }
}

bool Transport::send(std::string_view plain)
{
    if (!secure_) {
        out_.append(plain);
        return true;
    }
    if (!secure_->established()) {
        pendingPlain_.append(plain);
        return true;
    }
    const bool ok = secure_->writePlain(plain);
    secure_->takeCipher(out_);
    if (!ok)
        error_ = secure_->error();
    return ok;
}

void Transport::stage(std::string_view plain)
{
    if (secure_)
        staged_.append(plain);
    else
        out_.append(plain);
}

bool Transport::sealStaged()
{
    if (sealFailed_)
        return false;
    if (staged_.empty())
        return true;
    sealFailed_ = !send(staged_.view());
    staged_.clear();
    staged_.release();
    return !sealFailed_;
}

bool Transport::flush()
{
    if (fd_ < 0 || !sealStaged())
        return false;
    if (batchError_ != 0) {
        error_ = errnoText(batchError_);
        batchError_ = 0;
        return false;
    }
    if (out_.writeTo(fd_))
        return true;
    error_ = errnoText(errno);
    return false;
}

void Transport::sendAtBatchEnd()
{
    if (batched_ || fd_ < 0)
        return;
    if (SendBatch* batch = loop_.sendBatch())
        batched_ = batch->add(*this);
}

void Transport::batchSent(long result)
{
    batched_ = false;
    if (result > 0)
        out_.consume(std::size_t(result));
    else if (result < 0 && result != -EAGAIN && result != -EINTR)
        batchError_ = int(-result);
}

// The fd is about to be closed or handed over: a queued send must not reach it (or a socket that
// reuses its number).
void Transport::leaveBatch()
{
    if (!batched_)
        return;
    loop_.sendBatch()->remove(*this);
    batched_ = false;
}

void Transport::shutdownSecure()
{
    if (!secure_)
        return;
    secure_->shutdown();
    secure_->takeCipher(out_);
}

void Transport::shutdownWrite()
{
    if (fd_ >= 0)
        ::shutdown(fd_, SHUT_WR);
}

void Transport::watch(bool read, bool write)
{
    if (fd_ < 0)
        return;
    loop_.watch(fd_, &handler_, read, write || !out_.empty());
    watched_ = true;
}

void Transport::unwatch()
{
    leaveBatch();  // the connection is done with its fd: what it queued this iteration goes nowhere, like its deferred flush
    if (fd_ >= 0 && watched_)
        loop_.unwatch(fd_, &handler_);
    watched_ = false;
}

void Transport::resetOnClose()
{
    if (fd_ < 0)
        return;
    const linger abort{1, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &abort, sizeof abort);
}

void Transport::close()
{
    unwatch();
    closeFd(fd_);
}

int Transport::releaseFd()
{
    unwatch();
    const int fd = fd_;
    fd_ = -1;
    return fd;
}

}  // namespace gs::runtime::net

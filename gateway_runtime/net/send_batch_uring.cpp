// SendBatch over io_uring (liburing): one ring per loop, sends prepared with MSG_DONTWAIT so that
// a full socket answers -EAGAIN at once instead of waiting (the transport's flush then watches
// for writability, as after a short send()).

#include <sys/socket.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <liburing.h>

#include "net/send_batch.h"
#include "net/transport.h"

namespace gs::runtime::net {

namespace {

constexpr unsigned kRingEntries = 256;  // sends per submission; more are submitted in rounds

class UringSendBatch final : public SendBatch {
public:
    ~UringSendBatch() override
    {
        if (initialized_)  // a ring never set up has fd 0 in it, which is not ours to close
            io_uring_queue_exit(&ring_);
    }
    // One thread submits, and completions are handled only when it waits for them (Linux 6.1):
    // the ring never interrupts the thread's other system calls. Older kernels refuse the flags.
    bool init()
    {
        for (const unsigned flags : {IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN, IORING_SETUP_COOP_TASKRUN, 0u})
            if (io_uring_queue_init(kRingEntries, &ring_, flags) == 0)
                return initialized_ = true;
        return false;
    }

private:
    void submit(const std::vector<Transport*>& transports) override
    {
        for (std::size_t from = 0; from < transports.size(); from += kRingEntries) {
            const std::size_t to = std::min<std::size_t>(transports.size(), from + kRingEntries);
            if (broken_)
                leaveToFlushes(transports, from, to);
            else
                submitRound(transports, from, to);
        }
    }

    void submitRound(const std::vector<Transport*>& transports, std::size_t from, std::size_t to)
    {
        unsigned prepared = 0;
        for (std::size_t i = from; i < to; ++i) {
            io_uring_sqe* sqe = io_uring_get_sqe(&ring_);
            if (!sqe)
                break;
            Transport* t = transports[i];
            io_uring_prep_send(sqe, t->fd(), t->out().data(), t->out().size(), MSG_NOSIGNAL | MSG_DONTWAIT);
            io_uring_sqe_set_data(sqe, t);
            ++prepared;
        }
        const int submitted = io_uring_submit(&ring_);
        if (submitted < int(prepared)) {
            // The kernel took fewer than asked (or none): what it did not take stays in the ring,
            // so the ring is never entered again; those transports send on their own.
            broken_ = true;
        }
        if (!awaitAnswers(submitted > 0 ? unsigned(submitted) : 0u)) {
            broken_ = true;  // the ring failed, not a send: the unanswered cannot know what left
            for (std::size_t i = from; i < to; ++i)
                if (transports[i]->batched())
                    transports[i]->batchSent(-EIO);
            return;
        }
        leaveToFlushes(transports, from, to);  // those not submitted
    }

    // Every submitted send must be answered before run() returns: the buffers are the
    // transports'. Prepared with MSG_DONTWAIT, each is made during the submission itself.
    bool awaitAnswers(unsigned expected)
    {
        for (unsigned done = 0; done < expected;) {
            io_uring_cqe* cqe = nullptr;
            const int r = io_uring_wait_cqe(&ring_, &cqe);
            if (r == -EINTR || r == -EAGAIN)
                continue;
            if (r < 0)
                return false;
            static_cast<Transport*>(io_uring_cqe_get_data(cqe))->batchSent(cqe->res);
            io_uring_cqe_seen(&ring_, cqe);
            ++done;
        }
        return true;
    }

    // Not sent by the batch: each transport's own flush sends its bytes.
    static void leaveToFlushes(const std::vector<Transport*>& transports, std::size_t from, std::size_t to)
    {
        for (std::size_t i = from; i < to; ++i)
            if (transports[i]->batched())
                transports[i]->batchSent(0);
    }

    io_uring ring_{};
    bool initialized_ = false;
};

bool disabledByEnvironment()
{
    const char* value = std::getenv("GWS_IO_URING");
    return value && std::strcmp(value, "0") == 0;
}

}  // namespace

std::unique_ptr<SendBatch> SendBatch::create(NetImplementation implementation)
{
    if (implementation != NetImplementation::Epoll || disabledByEnvironment())
        return nullptr;
    auto batch = std::make_unique<UringSendBatch>();
    if (!batch->init())
        return nullptr;
    return batch;
}

}  // namespace gs::runtime::net

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
    UringSendBatch() = default;
    ~UringSendBatch() override { io_uring_queue_exit(&ring_); }
    // One thread submits, and completions are handled only when it waits for them (Linux 6.1):
    // the ring never interrupts the thread's other system calls. Older kernels refuse the flags.
    bool init()
    {
        for (const unsigned flags : {IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN, IORING_SETUP_COOP_TASKRUN, 0u})
            if (io_uring_queue_init(kRingEntries, &ring_, flags) == 0)
                return true;
        return false;
    }

private:
    void submit(const std::vector<Transport*>& transports) override
    {
        for (std::size_t from = 0; from < transports.size(); from += kRingEntries)
            submitRound(transports, from, std::min<std::size_t>(transports.size(), from + kRingEntries));
    }

    void submitRound(const std::vector<Transport*>& transports, std::size_t from, std::size_t to)
    {
        for (std::size_t i = from; i < to; ++i) {
            Transport* t = transports[i];
            io_uring_sqe* sqe = io_uring_get_sqe(&ring_);
            io_uring_prep_send(sqe, t->fd(), t->out().data(), t->out().size(), MSG_NOSIGNAL | MSG_DONTWAIT);
            io_uring_sqe_set_data(sqe, t);
        }
        const unsigned expected = unsigned(to - from);
        io_uring_submit(&ring_);
        // Every send must be answered before run() returns: the buffers are the transports'.
        // Prepared with MSG_DONTWAIT, each is made during the submission itself.
        for (unsigned done = 0; done < expected;) {
            io_uring_cqe* cqe = nullptr;
            const int r = io_uring_wait_cqe(&ring_, &cqe);
            if (r == -EINTR || r == -EAGAIN)
                continue;
            if (r < 0) {  // the ring failed, not a send: the unanswered connections cannot know what left
                for (std::size_t i = from; i < to; ++i)
                    if (transports[i]->batched())
                        transports[i]->batchSent(-EIO);
                broken_ = true;
                return;
            }
            static_cast<Transport*>(io_uring_cqe_get_data(cqe))->batchSent(cqe->res);
            io_uring_cqe_seen(&ring_, cqe);
            ++done;
        }
    }

    io_uring ring_{};
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

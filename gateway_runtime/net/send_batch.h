#pragma once
// The sends of one loop iteration, submitted to the kernel together (io_uring, Linux).
//
// Why: on a loaded machine each send() that wakes its receiver (a client, a backend) can hand the
// core to that receiver on the way out of the system call, before the next connection's send is
// made; the receiver then finds one message where a batch was about to come. Submitted as one
// io_uring_enter, all of an iteration's sends are made before anyone else runs, and the system
// calls go from one per connection to one per iteration. BENCHMARKS.md has the measurements.
//
// Contract: a connection class that wants its bytes to leave with the batch calls
// Transport::sendAtBatchEnd() after Transport::stage() (or send()), and still schedules its flush
// as before. The loop runs the batch after the iteration's events, timers and posted tasks, and
// before its deferred tasks. The batch first seals each transport's staged plaintext (under TLS,
// one record: the only work it does beyond the buffers), then sends. A deferred flush then finds
// out() emptied (or what the socket did not take, or the error of the batch's send, or the
// sealing's TLS error) and goes on as it would after send(). No handler is called during run().
//
// If the ring fails (the kernel takes fewer sends than asked, or waiting fails), the batch stops
// for good: what was not sent is left to the transports' flushes, and a transport whose send may
// or may not have left gets EIO (its connection closes: its framing is unknown).
//
// Where io_uring is not there (another system, an old kernel, a seccomp profile that refuses it)
// or GWS_IO_URING=0 is set, or with the portable net implementation, create() returns null and
// every flush sends on its own.

#include <memory>
#include <vector>

#include "net/poller.h"

namespace gs::runtime::net {

class Transport;

class SendBatch {
public:
    static std::unique_ptr<SendBatch> create(NetImplementation implementation);
    virtual ~SendBatch() = default;

    // Transport's side: queue (once per iteration) and let go (the connection stops watching its
    // fd, closes it or hands it over).
    // add() is refused (false) once the ring has failed: the transports then send on their own.
    bool add(Transport& transport);
    void remove(Transport& transport);
    std::size_t queued() const { return queue_.size(); }

    // Seals each queued transport's staged plaintext, then sends what its out() holds, all in one
    // submission when more than one has bytes (a single send is left to the transport's own
    // flush), and waits for every result. The queue is empty afterwards.
    void run();

protected:
    SendBatch() = default;
    // Submits one send per transport (each with bytes in out()) and hands each its result
    // (Transport::batchSent): bytes sent, or -errno.
    virtual void submit(const std::vector<Transport*>& transports) = 0;

    bool broken_ = false;
    std::vector<Transport*> queue_;
    std::vector<Transport*> sending_;  // swapped with queue_: both keep their memory
};

}  // namespace gs::runtime::net

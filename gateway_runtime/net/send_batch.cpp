#include "net/send_batch.h"

#include <algorithm>

#include "net/transport.h"

namespace gs::runtime::net {

bool SendBatch::add(Transport& transport)
{
    if (broken_)
        return false;
    queue_.push_back(&transport);
    return true;
}

void SendBatch::remove(Transport& transport)
{
    const auto at = std::find(queue_.begin(), queue_.end(), &transport);
    if (at != queue_.end())
        queue_.erase(at);
}

void SendBatch::run()
{
    if (queue_.empty())
        return;
    sending_.swap(queue_);
    std::erase_if(sending_, [](Transport* t) {
        // A TLS error in sealing is the flush's to report (it fails the same way).
        const bool hasBytes = t->sealStaged() && t->fd() >= 0 && !t->out().empty();
        if (!hasBytes)
            t->batchSent(0);
        return !hasBytes;
    });
    if (sending_.size() == 1)
        sending_.front()->batchSent(0);  // one send: the transport's own flush makes it just as well
    else if (!sending_.empty())
        submit(sending_);
    sending_.clear();
}

#if !GWS_HAVE_IO_URING
std::unique_ptr<SendBatch> SendBatch::create(NetImplementation) { return nullptr; }
#endif

}  // namespace gs::runtime::net

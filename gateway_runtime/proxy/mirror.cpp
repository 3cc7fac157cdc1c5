#include "proxy/mirror.h"

#include "http/parser.h"
#include "net/transport.h"

namespace gs::runtime::proxy {

namespace {

class MirrorConnection : public net::IoHandler, public http::Parser::Delegate {
public:
    MirrorConnection(net::EventLoop& loop, int fd, std::string request, stats::Counters* counters, int shard)
        : loop_(loop), transport_(loop, *this, fd), parser_(http::Parser::Kind::Response, *this), counters_(counters),
          shard_(shard)
    {
        transport_.send(request);
        transport_.watch(true, true);  // writable once connected
        timer_ = loop_.after(Mirror::kMirrorTimeout, [this] {
            timer_ = 0;
            if (!answered_)  // an answer that came but did not end in time is counted as answered
                count(stats::Timeouts);
            close();
        });
    }

    void onIo(std::uint32_t events) override
    {
        if (closed_)
            return;
        if (events & (net::kError | net::kHangUp)) {
            fail();
            return;
        }
        if (events & net::kWritable) {
            if (!transport_.flush()) {
                fail();
                return;
            }
            wrote_ = true;  // connected: what fails from here on is a reset
        }
        if (events & net::kReadable) {
            const net::Transport::Status status = transport_.read().status;
            if (status == net::Transport::Status::Ended || status == net::Transport::Status::Failed) {
                fail();
                return;
            }
            net::Buffer& in = transport_.in();
            in.consume(parser_.feed(in.data(), in.size()));
            if (parser_.failed() || done_) {
                if (!answered_)
                    count(stats::UpstreamResets);
                close();
                return;
            }
        }
        if (!closed_)
            transport_.watch(true);
    }

    bool onHead() override
    {
        const int status = parser_.response().status;
        if (status >= 200 || status == 101) {
            answered_ = true;
            if (counters_)
                counters_->response(shard_, status);
        }
        return false;
    }
    void onBody(std::string_view) override { }
    void onMessageComplete() override { done_ = done_ || answered_; }  // an interim 1xx is not the end

private:
    void count(stats::Field field)
    {
        if (counters_)
            counters_->add(shard_, field);
    }

    // The connection ended before an answer (a connection that never opened ends here too).
    void fail()
    {
        if (!answered_)
            count(wrote_ ? stats::UpstreamResets : stats::UpstreamConnectFailures);
        close();
    }

    void close()
    {
        if (closed_)
            return;
        closed_ = true;
        if (timer_)
            loop_.cancel(timer_);
        transport_.close();
        loop_.deleteLater(this);
    }

    net::EventLoop& loop_;
    net::Transport transport_;
    http::Parser parser_;
    stats::Counters* counters_;
    int shard_;
    net::EventLoop::TimerId timer_ = 0;
    bool done_ = false;
    bool answered_ = false;
    bool wrote_ = false;
    bool closed_ = false;
};

}  // namespace

void Mirror::send(net::EventLoop& loop, const net::Address& address, std::string request, stats::Counters* counters, int shard)
{
    std::string error;
    const int fd = net::connectTo(address, error);
    if (fd < 0) {
        if (counters)
            counters->add(shard, stats::UpstreamConnectFailures);
        return;
    }
    new MirrorConnection(loop, fd, std::move(request), counters, shard);  // deletes itself when done
}

}  // namespace gs::runtime::proxy

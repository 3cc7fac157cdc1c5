#include "proxy/mirror.h"

#include <sys/epoll.h>

#include "http/parser.h"
#include "net/buffer.h"

namespace gs::runtime::proxy {

namespace {

class MirrorConnection : public net::IoHandler, public http::Parser::Delegate {
public:
    MirrorConnection(net::EventLoop& loop, int fd, std::string request)
        : loop_(loop), fd_(fd), parser_(http::Parser::Kind::Response, *this)
    {
        out_.append(request);
        loop_.watch(fd_, this, true, true);
        timer_ = loop_.after(Mirror::kMirrorTimeout, [this] {
            timer_ = 0;
            close();
        });
    }
    ~MirrorConnection() override { net::closeFd(fd_); }

    void onIo(std::uint32_t events) override
    {
        if (closed_)
            return;
        if (events & (EPOLLERR | EPOLLHUP)) {
            close();
            return;
        }
        if ((events & EPOLLOUT) && !out_.writeTo(fd_)) {
            close();
            return;
        }
        if (events & EPOLLIN) {
            const long n = in_.readFrom(fd_);
            if (n == 0 || n == -2) {
                close();
                return;
            }
            in_.consume(parser_.feed(in_.data(), in_.size()));
            if (parser_.failed() || done_) {
                close();
                return;
            }
        }
        if (!closed_)
            loop_.watch(fd_, this, true, !out_.empty());
    }

    bool onHead() override { return false; }
    void onBody(std::string_view) override {}
    void onMessageComplete() override { done_ = true; }

private:
    void close()
    {
        if (closed_)
            return;
        closed_ = true;
        if (timer_)
            loop_.cancel(timer_);
        loop_.unwatch(fd_, this);
        loop_.deleteLater(this);
    }

    net::EventLoop& loop_;
    int fd_;
    net::Buffer in_, out_;
    http::Parser parser_;
    net::EventLoop::TimerId timer_ = 0;
    bool done_ = false;
    bool closed_ = false;
};

}  // namespace

void Mirror::send(net::EventLoop& loop, const net::Address& address, std::string request)
{
    std::string error;
    const int fd = net::connectTo(address, error);
    if (fd < 0)
        return;
    new MirrorConnection(loop, fd, std::move(request));   // deletes itself when done
}

}  // namespace gs::runtime::proxy

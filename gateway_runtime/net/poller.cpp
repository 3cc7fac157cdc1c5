#include "net/poller.h"
#include "net/socket.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#if GWS_HAVE_EPOLL
#include <sys/eventfd.h>
#endif

namespace gs::runtime::net {

std::unique_ptr<Poller> makePollPoller();
#if GWS_HAVE_EPOLL
std::unique_ptr<Poller> makeEpollPoller();
#endif

namespace {

NetImplementation chooseImplementation()
{
#if GWS_HAVE_EPOLL
    if (const char* chosen = std::getenv("GWS_NET")) {
        if (std::strcmp(chosen, "portable") == 0)
            return NetImplementation::Portable;
        if (std::strcmp(chosen, "epoll") == 0)
            return NetImplementation::Epoll;
        std::fprintf(stderr, "gateway-studio: GWS_NET=%s is neither epoll nor portable; using the default\n", chosen);
    }
    return GWS_NET_DEFAULT_PORTABLE ? NetImplementation::Portable : NetImplementation::Epoll;
#else
    return NetImplementation::Portable;
#endif
}

}  // namespace

NetImplementation netImplementation()
{
    static const NetImplementation chosen = chooseImplementation();
    return chosen;
}

const char* netImplementationName(NetImplementation implementation)
{
    return implementation == NetImplementation::Epoll ? "epoll" : "portable";
}

std::unique_ptr<Poller> makePoller(NetImplementation implementation)
{
#if GWS_HAVE_EPOLL
    if (implementation == NetImplementation::Epoll)
        return makeEpollPoller();
#endif
    return makePollPoller();
}

Wakeup::Wakeup(NetImplementation implementation)
{
#if GWS_HAVE_EPOLL
    if (implementation == NetImplementation::Epoll) {
        readFd_ = writeFd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
        if (readFd_ < 0)
            throw std::runtime_error("cannot create an event loop: out of file descriptors");
        return;
    }
#endif
    int ends[2];
    if (::pipe(ends) != 0)
        throw std::runtime_error("cannot create an event loop: out of file descriptors");
    readFd_ = ends[0];
    writeFd_ = ends[1];
    makeNonBlockingCloseOnExec(readFd_);
    makeNonBlockingCloseOnExec(writeFd_);
}

Wakeup::~Wakeup()
{
    if (writeFd_ != readFd_)
        ::close(writeFd_);
    ::close(readFd_);
}

// An eventfd takes 8 bytes (a counter); a pipe any byte. A full pipe already wakes the loop, so a
// failed write loses nothing.
void Wakeup::signal()
{
    const std::uint64_t one = 1;
    [[maybe_unused]] ssize_t n = ::write(writeFd_, &one, writeFd_ == readFd_ ? sizeof one : 1);
}

void Wakeup::drain()
{
    char buffer[64];
    while (::read(readFd_, buffer, sizeof buffer) > 0 && writeFd_ != readFd_) { }
}

}  // namespace gs::runtime::net

#include "net/socket.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "net/poller.h"

namespace gs::runtime::net {

void makeNonBlockingCloseOnExec(int fd)
{
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    ::fcntl(fd, F_SETFD, FD_CLOEXEC);
}

namespace {

// Where send() has no MSG_NOSIGNAL (macOS), the socket itself is told not to raise SIGPIPE.
void noSigPipe([[maybe_unused]] int fd)
{
#if !defined(MSG_NOSIGNAL) && defined(SO_NOSIGPIPE)
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof one);
#endif
}

}  // namespace

// In one call where socket() takes the flags (Linux, the BSDs), else with fcntl (macOS).
int openNonBlockingSocket(int family, Protocol protocol)
{
    const int type = protocol == Protocol::Tcp ? SOCK_STREAM : SOCK_DGRAM;
#if defined(SOCK_NONBLOCK) && defined(SOCK_CLOEXEC)
    const int fd = ::socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
#else
    const int fd = ::socket(family, type, 0);
    if (fd >= 0)
        makeNonBlockingCloseOnExec(fd);
#endif
    if (fd >= 0)
        noSigPipe(fd);
    return fd;
}

bool Address::parse(const std::string& host, std::uint16_t port, Address& out)
{
    out = Address{};
    std::string h = host;
    if (h.size() > 2 && h.front() == '[' && h.back() == ']')
        h = h.substr(1, h.size() - 2);
    auto* v4 = reinterpret_cast<sockaddr_in*>(&out.storage);
    if (::inet_pton(AF_INET, h.c_str(), &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(port);
        out.length = sizeof(sockaddr_in);
        return true;
    }
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&out.storage);
    if (::inet_pton(AF_INET6, h.c_str(), &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(port);
        out.length = sizeof(sockaddr_in6);
        return true;
    }
    return false;
}

std::string Address::host() const
{
    char buf[INET6_ADDRSTRLEN] = {0};
    if (storage.ss_family == AF_INET)
        ::inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(&storage)->sin_addr, buf, sizeof buf);
    else if (storage.ss_family == AF_INET6)
        ::inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(&storage)->sin6_addr, buf, sizeof buf);
    return buf;
}

std::uint16_t Address::port() const
{
    if (storage.ss_family == AF_INET)
        return ntohs(reinterpret_cast<const sockaddr_in*>(&storage)->sin_port);
    if (storage.ss_family == AF_INET6)
        return ntohs(reinterpret_cast<const sockaddr_in6*>(&storage)->sin6_port);
    return 0;
}

std::string Address::text() const
{
    return storage.ss_family == AF_INET6 ? "[" + host() + "]:" + std::to_string(port()) : host() + ":" + std::to_string(port());
}

std::string errnoText(int error) { return std::strerror(error); }

int listenOn(const Address& address, Protocol protocol, bool reusePort, std::string& error)
{
    int fd = openNonBlockingSocket(address.storage.ss_family, protocol);
    if (fd < 0) {
        error = errnoText(errno);
        return -1;
    }
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (reusePort)
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&address.storage), address.length) != 0 ||
        (protocol == Protocol::Tcp && ::listen(fd, 4096) != 0)) {
        error = errnoText(errno);
        ::close(fd);
        return -1;
    }
    return fd;
}

Address localAddress(int fd)
{
    Address a;
    a.length = sizeof a.storage;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a.storage), &a.length);
    return a;
}

Address peerAddress(int fd)
{
    Address a;
    a.length = sizeof a.storage;
    ::getpeername(fd, reinterpret_cast<sockaddr*>(&a.storage), &a.length);
    return a;
}

int connectTo(const Address& address, std::string& error)
{
    int fd = openNonBlockingSocket(address.storage.ss_family, Protocol::Tcp);
    if (fd < 0) {
        error = errnoText(errno);
        return -1;
    }
    setNoDelay(fd);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&address.storage), address.length) != 0 && errno != EINPROGRESS) {
        error = errnoText(errno);
        ::close(fd);
        return -1;
    }
    return fd;
}

bool workersShareListeningSocket() { return netImplementation() == NetImplementation::Portable; }

int shareListeningSocket(int fd, std::string& error)
{
    const int copy = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (copy < 0)
        error = errnoText(errno);
    return copy;
}

namespace {

bool probeLoopbackAlias()
{
    if (const char* mode = std::getenv("GWS_LOOPBACK"); mode && std::strcmp(mode, "single") == 0)
        return false;
    Address alias;
    Address::parse("127.0.0.2", 0, alias);
    std::string error;
    int fd = listenOn(alias, Protocol::Tcp, false, error);
    const bool bound = fd >= 0;
    closeFd(fd);
    return bound;
}

}  // namespace

bool loopbackAliasesBindable()
{
    static const bool bindable = probeLoopbackAlias();
    return bindable;
}

int acceptConnection(int listenFd)
{
#if GWS_HAVE_EPOLL
    if (netImplementation() == NetImplementation::Epoll)
        return ::accept4(listenFd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
#endif
    const int fd = ::accept(listenFd, nullptr, nullptr);
    if (fd >= 0) {
        makeNonBlockingCloseOnExec(fd);
        noSigPipe(fd);
    }
    return fd;
}

ssize_t sendNoSignal(int fd, const void* data, std::size_t size)
{
#ifdef MSG_NOSIGNAL
    return ::send(fd, data, size, MSG_NOSIGNAL);
#else
    return ::send(fd, data, size, 0);  // SO_NOSIGPIPE is set on every socket made here
#endif
}

int socketError(int fd)
{
    int error = 0;
    socklen_t length = sizeof error;
    ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length);
    return error;
}

void setNoDelay(int fd)
{
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

void closeFd(int& fd)
{
    if (fd >= 0)
        ::close(fd);
    fd = -1;
}

}  // namespace gs::runtime::net

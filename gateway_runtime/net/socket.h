#pragma once
// Non-blocking TCP/UDP sockets on IPv4/IPv6 addresses, with errors as text.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include <netinet/in.h>
#include <sys/types.h>

namespace gs::runtime::net {

struct Address {
    sockaddr_storage storage{};
    socklen_t length = 0;
    static bool parse(const std::string& host, std::uint16_t port, Address& out);
    std::string host() const;
    std::uint16_t port() const;
    std::string text() const;  // "127.0.0.1:8080", "[::1]:8080"

    // Byte-wise identity of the socket address (for maps keyed by address, without formatting).
    std::string_view bytes() const { return {reinterpret_cast<const char*>(&storage), length}; }
    bool operator==(const Address& other) const { return bytes() == other.bytes(); }
};

struct AddressHash {
    std::size_t operator()(const Address& a) const { return std::hash<std::string_view>{}(a.bytes()); }
};

enum class Protocol { Tcp, Udp };

// A socket, non-blocking and close-on-exec (SO_NOSIGPIPE set where send() has no MSG_NOSIGNAL);
// -1 with errno set. Write with sendNoSignal.
int openNonBlockingSocket(int family, Protocol protocol);

// A listening (TCP) or bound (UDP) socket, non-blocking, close-on-exec, SO_REUSEADDR and, when
// `reusePort`, SO_REUSEPORT (one socket per worker thread on the same port). Returns the fd, or
// -1 with `error` set ("address already in use", ...).
int listenOn(const Address& address, Protocol protocol, bool reusePort, std::string& error);

// Whether the workers share one listening socket, each through its own fd (shareListeningSocket),
// instead of one SO_REUSEPORT socket each: where the kernel does not balance SO_REUSEPORT sockets
// (macOS, the BSDs) the last one bound would take every connection. See net/poller.h.
bool workersShareListeningSocket();
// Another fd (close-on-exec) for the same listening socket, -1 with `error` set.
int shareListeningSocket(int fd, std::string& error);

// Whether loopback addresses other than 127.0.0.1 (127.x.y.z, one per Gateway) can be bound here:
// Linux routes all of 127/8 to loopback, macOS configures only 127.0.0.1. Probed once, by
// binding 127.0.0.2 on an ephemeral port; GWS_LOOPBACK=single in the environment says no, to
// try the single-address fallback on a machine that has them (model::TranslateOptions::
// singleLoopbackAddress).
bool loopbackAliasesBindable();

// Accepts one waiting connection, non-blocking and close-on-exec; -1 (errno EAGAIN) when none waits.
int acceptConnection(int listenFd);

// send() that never raises SIGPIPE (MSG_NOSIGNAL, or SO_NOSIGPIPE on the socket where there is none).
ssize_t sendNoSignal(int fd, const void* data, std::size_t size);

// The address a socket is bound to (to learn the port of a socket bound to port 0).
Address localAddress(int fd);
Address peerAddress(int fd);

// Starts a non-blocking connect. Returns the fd, or -1 with `error` set.
int connectTo(const Address& address, std::string& error);

// The pending error of a socket (after a connect completes), 0 when none.
int socketError(int fd);

void setNoDelay(int fd);
void makeNonBlockingCloseOnExec(int fd);
void closeFd(int& fd);
std::string errnoText(int error);

}  // namespace gs::runtime::net

#include "net/listener.h"

#include <sys/socket.h>

namespace gs::runtime::net {

bool Listener::listen(const Address& address, std::string& error)
{
    fd_ = listenOn(address, Protocol::Tcp, false, error);
    if (fd_ < 0)
        return false;
    address_ = localAddress(fd_);
    loop_.watch(fd_, this, true, false);
    return true;
}

void Listener::close()
{
    if (fd_ < 0)
        return;
    loop_.unwatch(fd_, this);
    closeFd(fd_);
}

// A bounded batch per wake-up, so that a flood of connections cannot starve the loop.
void Listener::onIo(std::uint32_t)
{
    for (int i = 0; i < 64 && fd_ >= 0; ++i) {
        const int fd = acceptConnection(fd_);
        if (fd < 0)
            return;
        setNoDelay(fd);
        onAccept_(fd);
    }
}

}  // namespace gs::runtime::net

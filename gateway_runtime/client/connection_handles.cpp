#include "client/connection_handles.h"

#include <openssl/ssl.h>
#include <unistd.h>

namespace gs::runtime::client {

ConnectionHandles::~ConnectionHandles()
{
    if (ssl_)
        SSL_free(ssl_);
    if (ctx_)
        SSL_CTX_free(ctx_);
    if (fd_ >= 0)
        ::close(fd_);
}

std::string ConnectionHandles::alpn() const
{
    const unsigned char* data = nullptr;
    unsigned int length = 0;
    if (ssl_)
        SSL_get0_alpn_selected(ssl_, &data, &length);
    return data ? std::string(reinterpret_cast<const char*>(data), length) : std::string();
}

}  // namespace gs::runtime::client

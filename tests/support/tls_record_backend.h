#pragma once
// An HTTPS/1.1 backend for tests that counts how the request reached it: for each request it
// answers 200 with the body "records=N", N being the TLS application-data records that carried
// the request's head and body (Content-Length bodies only). A proxy that encrypts a request's
// head and body separately shows N=2 for a small POST; one record per request shows N=1.
// Keep-alive, a thread per connection (LoopbackServer), on 127.0.0.1.

#include <string>

#include "loopback_server.h"

namespace gs::test {

class TlsRecordBackend {
public:
    // `certificatePem` and `privateKeyPem`: the certificate the backend presents.
    TlsRecordBackend(const std::string& certificatePem, const std::string& privateKeyPem);
    ~TlsRecordBackend();
    TlsRecordBackend(const TlsRecordBackend&) = delete;
    TlsRecordBackend& operator=(const TlsRecordBackend&) = delete;

    // False when the certificate or key could not be loaded, or the port not bound.
    bool ok() const { return context_ != nullptr && server_.ok(); }
    int port() const { return server_.port(); }
    void stop() { server_.stop(); }

private:
    void serve(int fd);

    void* context_ = nullptr;  // SSL_CTX*, kept out of the header
    LoopbackServer server_;  // last: its threads use the context
};

}  // namespace gs::test

#pragma once
// A blocking HTTP/1.1 client: real sockets, raw bytes out, parsed responses
// in. Several requests may share one connection (keep-alive, pipelining).

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "http/message.h"

namespace gs::runtime::client {

struct HttpResponse {
    int status = 0;
    runtime::http::Headers headers;
    std::string body;
    bool ok = false;  // a complete response arrived
    std::string error;  // why not
};

class HttpClient {
public:
    HttpClient(const std::string& host, int port);
    ~HttpClient();
    bool connected() const { return fd_ >= 0; }
    const std::string& error() const { return error_; }

    bool sendRaw(const std::string& bytes);
    // Reads one response (to a HEAD request when `head`).
    HttpResponse read(bool head = false, std::chrono::milliseconds timeout = std::chrono::seconds(10));
    // Whatever bytes arrive within `timeout` ("" when none, or at the end).
    std::string readSome(std::chrono::milliseconds timeout = std::chrono::seconds(1));
    // True when the server closed the connection (after any data already read).
    bool closedByPeer(std::chrono::milliseconds timeout = std::chrono::seconds(2));

    // A request with Host and the given headers; body with Content-Length when not empty.
    HttpResponse request(const std::string& method, const std::string& target, const std::string& host,
                         const std::vector<runtime::http::Header>& headers = {}, const std::string& body = {});

private:
    int fd_ = -1;
    std::string error_;
    std::string pending_;  // bytes read past the previous response
};

// One request on a fresh connection.
HttpResponse httpGet(int port, const std::string& target, const std::string& host = "example.com",
                     const std::vector<runtime::http::Header>& headers = {}, const std::string& address = "127.0.0.1");

// A minimal JSON reader for echo bodies: top-level string fields and the "headers" object.
struct EchoBody {
    std::map<std::string, std::string> fields;  // path, host, method, namespace, pod, ...
    std::map<std::string, std::vector<std::string>> headers;  // canonical name → values
    bool parsed = false;
    std::string header(const std::string& name) const;  // values joined with ",", case-insensitive
};
EchoBody parseEchoBody(const std::string& json);

}  // namespace gs::runtime::client

namespace gs::runtime::client {

// Parses the bytes of one whole response (read until the server closed the connection).
HttpResponse parseResponse(const std::string& bytes);

}  // namespace gs::runtime::client

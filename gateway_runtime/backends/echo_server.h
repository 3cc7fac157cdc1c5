#pragma once
// A built-in echo backend: one "pod" of a Service, answering like the Gateway API conformance
// echo server (conformance/echo-basic): the request as JSON (path, host, method, proto, headers,
// namespace, service, pod), `/status/NNN`, `/health`, `?delay=`, and `X-Echo-Set-Header`.
// Each request is logged as "Echoing back request made to <path> to client (<peer>)", as the
// mirror tests read it. Faults can be injected on purpose (config::EchoFaults: errors, latency,
// resets, stalls) on the echo answers; /health, /status/ and /retry/ answer as always.
//
// Runs on one EventLoop; requestLog() and setFaults() are thread-safe.

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "backends/fault_draw.h"
#include "backends/request_log.h"
#include "config/runtime_config.h"
#include "http/json_writer.h"
#include "http/simple_server.h"

namespace gs::runtime::backends {

struct EchoIdentity {
    std::string ns;
    std::string service;
    std::string pod;
};

class EchoServer {
public:
    EchoServer(net::EventLoop& loop, EchoIdentity identity);

    void setTls(std::shared_ptr<const tls::ServerContext> tls) { server_.setTls(std::move(tls)); }  // before listen()
    bool listen(const net::Address& address, std::string& error);
    net::Address address() const { return server_.address(); }
    const EchoIdentity& identity() const { return identity_; }
    void setFaults(const config::EchoFaults& faults);
    std::vector<std::string> requestLog() const { return log_.lines(); }  // the most recent log lines
    void close() { server_.close(); }

private:
    void handle(const http::SimpleServer::Request& request, http::SimpleServer::Respond respond);
    std::string echoBody(const http::SimpleServer::Request& request) const;
    std::optional<std::string> retryFailure(std::string_view query, std::int64_t& delayMs);
    FaultDraw nextFault();

    static constexpr std::chrono::seconds kStall{120};

    net::EventLoop& loop_;
    EchoIdentity identity_;
    http::SimpleServer server_;
    mutable std::mutex mutex_;
    config::EchoFaults faults_;
    RequestLog log_{4096};
    std::map<std::string, int> attemptsByUuid_;  // /retry/: attempts seen per uuid, the oldest forgotten
    std::deque<std::string> uuidOrder_;
    std::minstd_rand random_{42};
};

// Go's canonical header name: "x-echo-set-header" → "X-Echo-Set-Header".
std::string canonicalHeaderName(std::string_view name);

// A request's header fields as the echo's JSON shows them: canonical names, each with its values.
using EchoHeaders = std::map<std::string, std::vector<std::string>>;
struct EchoedRequest {
    std::string_view path, host, method, proto;  // proto: "HTTP/1.1", "HTTP/2.0"
    const EchoHeaders& headers;
    std::uint16_t port;  // the echo's own port ("httpPort")
};
// The members the HTTP/1 and HTTP/2 echo answers share, "path" to "pod", as the conformance echo
// writes them; the caller has opened the object, may add "tls", and closes it.
void writeEchoedRequest(http::JsonWriter& json, const EchoedRequest& request, const EchoIdentity& identity);

// The value of `name` in a query string ("a=1&b=2", without the '?'); "" when absent.
std::string_view echoQueryValue(std::string_view query, std::string_view name);
// `s` without leading and trailing spaces and tabs (HTTP's optional whitespace).
std::string_view trimSpaces(std::string_view s);

// A Go duration ("1s", "1.5s", "300ms", "1m30s") in milliseconds; nullopt when malformed.
std::optional<std::int64_t> parseGoDurationMs(std::string_view text);

}  // namespace gs::runtime::backends

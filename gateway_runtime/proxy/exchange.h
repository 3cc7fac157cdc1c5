#pragma once
// One request and its response on a client connection: routing (listener isolation, the route
// table), filters, the weighted choice of a backend, and the proxying itself, with request and
// response bodies streamed both ways under backpressure. Answers the gateway gives itself
// (404, 500 for invalid backends, 503 when a backend refuses, 502 when it breaks, 504 on
// timeouts, redirects, CORS preflights) are written here too. Lives on its worker's thread.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "http/message.h"
#include "net/event_loop.h"
#include "proxy/exchange_client.h"
#include "proxy/snapshot.h"
#include "proxy/upstream.h"

namespace gs::runtime::proxy {

class Exchange : public UpstreamClient {
public:
    Exchange(ExchangeClient& client, std::shared_ptr<const Snapshot> snapshot, http::RequestHead request);
    ~Exchange() override;
    Exchange(const Exchange&) = delete;
    Exchange& operator=(const Exchange&) = delete;

    void start();
    void requestBody(std::string_view data);
    void requestComplete();
    void clientDrained();  // the client took the bytes written so far
    void tunnelData(std::string_view data);  // after a 101: client bytes for the backend

    bool finished() const { return requestDone_ && response_ == Response::Done; }
    bool responseStarted() const { return response_ != Response::NotStarted; }
    const ListenerRuntime* listener() const { return listener_; }
    // Whether the client connection can carry the next request (HTTP/1.1).
    bool keepAlive() const { return keepAlive_; }
    const http::RequestHead& request() const { return request_; }

    // UpstreamClient
    bool upstreamHead(http::ResponseHead& head, bool bodyFollows) override;
    void upstreamBody(std::string_view data) override;
    void upstreamComplete() override;
    void upstreamFailed(UpstreamFailure failure, const std::string& detail) override;
    void upstreamDrained() override;
    void upstreamTrailers(const http::Headers& trailers) override
    {
        countGrpc(trailers);
        client_.sendTrailers(trailers);
    }

private:
    struct Pending;  // filters that act on the response

    bool route();
    bool applyFilters(const std::vector<config::HttpFilter>& filters, const std::vector<std::unique_ptr<TargetRuntime>>* mirrors);
    bool chooseBackend();
    void forward();
    bool switchProtocols(http::ResponseHead head);
    void startTimers();
    void armBackendTimer();
    void armStreamIdleTimer();
    void requestBodyStalled();
    void onStreamIdle();
    bool bodyTooLarge(std::uint64_t length);
    void sendHead();
    void respond(int status, const std::vector<http::Header>& headers = {}, std::string_view body = {},
                 std::string_view contentType = "text/plain");
    void respondError(int status, const std::string& why);
    void finishResponse();
    void countResponse(int status);
    void countGrpc(const http::Headers& fields);
    void mirror();
    bool retryable(int status) const;
    void retry();
    void done();
    std::string scheme() const;

    ExchangeClient& client_;
    net::EventLoop& loop_;
    std::shared_ptr<const Snapshot> snapshot_;
    http::RequestHead request_;  // as received
    http::RequestHead upstreamRequest_;
    std::string host_;  // normalized (lowercase, no port)
    const ListenerRuntime* listener_ = nullptr;
    const RouteRuntime* route_ = nullptr;
    const BackendRuntime* backend_ = nullptr;
    const net::Address* endpoint_ = nullptr;
    UpstreamChannel* upstream_ = nullptr;
    std::vector<const config::HeaderModifier*> responseModifiers_;
    const config::Cors* cors_ = nullptr;
    std::vector<const TargetRuntime*> mirrorTargets_;
    std::string mirrorBody_;  // the request body as sent, held for mirrors and retries
    bool mirrorBodyTooLarge_ = false;
    int retries_ = 0;  // rules[].retry: attempts made again so far
    net::EventLoop::TimerId retryTimer_ = 0;

    std::chrono::steady_clock::time_point started_;
    net::EventLoop::TimerId requestTimer_ = 0;
    net::EventLoop::TimerId backendTimer_ = 0;
    net::EventLoop::TimerId idleTimer_ = 0;
    std::chrono::steady_clock::time_point lastActivity_;  // the backend's answer (or the tunnel) last moved
    std::chrono::steady_clock::time_point lastRequestActivity_;  // the request body last moved
    // Who answers: not decided yet (routing, filters), a backend, or the gateway itself (a
    // redirect, an error, a limit). Once Local, what still arrives of the body is read and dropped.
    enum class Answer { Deciding, Backend, Local };
    // The answer to the client: its head not sent yet (a retry is still possible), sent, switched
    // to a tunnel after a 101 (bytes both ways, never retried), or complete.
    enum class Response { NotStarted, Started, Tunnel, Done };
    Answer answer_ = Answer::Deciding;
    Response response_ = Response::NotStarted;
    bool requestDone_ = false;
    bool headOnly_ = false;  // HEAD request, or a response without body
    bool keepAlive_ = true;
    bool retried_ = false;
    bool upgradeRequested_ = false;
    bool grpc_ = false;  // the request's content-type is application/grpc*
    int status_ = 0;
    std::uint64_t bytesIn_ = 0;
    std::uint64_t bytesOut_ = 0;
};

}  // namespace gs::runtime::proxy

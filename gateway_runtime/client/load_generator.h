#pragma once
// A traffic generator: `concurrency` threads, each with its own connection, send one request
// shape at a total `rate` (requests per second, paced on a shared schedule so bursts do not pile
// up) for `duration` or until stop(). HTTP/1.1 keeps its connection alive; HTTPS sends the SNI
// given (a handshake per request, as a browser opening new tabs would); gRPC goes over h2c, or
// h2 with TLS. Results are counters read while it runs. No Qt; the editor wraps it.

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "http/message.h"
#include "stats/stats.h"

namespace gs::runtime::client {

struct LoadSpec {
    enum class Scheme { Http, Https, Grpc, GrpcTls };
    Scheme scheme = Scheme::Http;
    std::string address = "127.0.0.1";
    std::uint16_t port = 0;
    std::string method = "GET";
    std::string host;  // Host / :authority ("" → address:port)
    std::string path = "/";  // gRPC: "/package.Service/Method"
    std::string sni;  // HTTPS: the server name sent ("" → host)
    std::vector<http::Header> headers;
    double rate = 50;  // requests per second, all threads together
    int concurrency = 2;
    std::chrono::milliseconds duration{0};  // 0: until stop()
};

struct LoadResults {
    std::uint64_t sent = 0;
    std::uint64_t completed = 0;
    std::map<int, std::uint64_t> statuses;  // HTTP status (gRPC: 200 + grpc-status in grpcStatuses)
    std::map<int, std::uint64_t> grpcStatuses;
    std::map<std::string, std::uint64_t> failures;  // "connect refused", "timeout", ...
    double p50Ms = 0;
    double p99Ms = 0;
    double seconds = 0;  // since start
    bool running = false;
};

class LoadGenerator {
public:
    explicit LoadGenerator(LoadSpec spec);
    ~LoadGenerator();
    LoadGenerator(const LoadGenerator&) = delete;
    LoadGenerator& operator=(const LoadGenerator&) = delete;

    void start();
    void stop();  // returns once every thread has finished its request in flight
    LoadResults results() const;
    const LoadSpec& spec() const { return spec_; }

private:
    class Sender;
    void run(int thread);
    void record(int status, int grpcStatus, const std::string& failure, std::chrono::steady_clock::duration latency);

    LoadSpec spec_;
    std::vector<std::thread> threads_;
    std::atomic<bool> stopping_{false};
    std::atomic<int> active_{0};
    std::atomic<std::uint64_t> ticket_{0};
    std::chrono::steady_clock::time_point started_;
    mutable std::mutex mutex_;
    LoadResults results_;
    runtime::stats::Sample latency_;  // its histogram, with the gateway's buckets
};

}  // namespace gs::runtime::client

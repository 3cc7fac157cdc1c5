#include "client/load_generator.h"

#include <algorithm>

#include "client/h2_client.h"
#include "client/http_client.h"
#include "client/tls_client.h"

namespace gs::runtime::client {

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kRequestTimeout = std::chrono::seconds(5);
constexpr auto kStopCheck = std::chrono::milliseconds(50);  // how soon a sleeping thread sees stop()

std::string failureOf(const std::string& error)
{
    if (error.find("refused") != std::string::npos)
        return "connection refused";
    if (error.find("timed out") != std::string::npos || error.find("timeout") != std::string::npos)
        return "timeout";
    if (error.find("reset") != std::string::npos)
        return "connection reset";
    if (error.find("closed") != std::string::npos)
        return "connection closed";
    return error.empty() ? std::string("no response") : error;
}

}  // namespace

// One thread's connection and how it sends the spec's request over it.
class LoadGenerator::Sender {
public:
    explicit Sender(const LoadSpec& spec) : spec_(spec) { }

    // Sends once: the HTTP status (and gRPC status, or -1), or a failure.
    void send(int& status, int& grpcStatus, std::string& failure)
    {
        grpcStatus = -1;
        switch (spec_.scheme) {
        case LoadSpec::Scheme::Http: return sendHttp(status, failure);
        case LoadSpec::Scheme::Https: return sendHttps(status, failure);
        default: return sendGrpc(status, grpcStatus, failure);
        }
    }

private:
    std::string host() const { return spec_.host.empty() ? spec_.address + ":" + std::to_string(spec_.port) : spec_.host; }

    void sendHttp(int& status, std::string& failure)
    {
        if (!http_ || !http_->connected())
            http_ = std::make_unique<HttpClient>(spec_.address, spec_.port);
        if (!http_->connected()) {
            failure = failureOf(http_->error());
            http_.reset();
            return;
        }
        const HttpResponse r = http_->request(spec_.method, spec_.path, host(), spec_.headers);
        if (!r.ok) {
            failure = failureOf(r.error);
            http_.reset();
            return;
        }
        status = r.status;
        const auto connection = r.headers.get("connection");
        if (connection && *connection == "close")
            http_.reset();
    }

    void sendHttps(int& status, std::string& failure)
    {
        TlsClient tls(spec_.address, spec_.port, spec_.sni.empty() ? spec_.host : spec_.sni, {}, {"http/1.1"});
        if (!tls.ok()) {
            failure = tls.rejected() ? "TLS handshake refused" : failureOf(tls.error());
            return;
        }
        const HttpResponse r = tls.request(spec_.method, spec_.path, host(), spec_.headers);
        if (!r.ok)
            failure = failureOf(r.error);
        else
            status = r.status;
    }

    void sendGrpc(int& status, int& grpcStatus, std::string& failure)
    {
        if (!h2_ || !h2_->ok()) {
            const bool tls = spec_.scheme == LoadSpec::Scheme::GrpcTls;
            h2_ = std::make_unique<H2Client>(spec_.address, spec_.port,
                                             tls ? std::optional<std::string>(spec_.sni.empty() ? spec_.host : spec_.sni)
                                                 : std::nullopt);
            if (!h2_->ok()) {
                failure = failureOf(h2_->error());
                h2_.reset();
                return;
            }
        }
        H2Request request;
        request.method = "POST";
        request.path = spec_.path;
        request.authority = host();
        request.headers = spec_.headers;
        request.headers.push_back({"content-type", "application/grpc"});
        request.headers.push_back({"te", "trailers"});
        request.body = grpcFrame("");
        const H2Response r = h2_->request(request, kRequestTimeout);
        if (!r.ok) {
            failure = failureOf(r.error);
            h2_.reset();
            return;
        }
        status = r.status;
        auto code = r.trailers.get("grpc-status");
        if (!code)
            code = r.headers.get("grpc-status");
        grpcStatus = code ? std::atoi(std::string(*code).c_str()) : -1;
    }

    const LoadSpec& spec_;
    std::unique_ptr<HttpClient> http_;
    std::unique_ptr<H2Client> h2_;
};

LoadGenerator::LoadGenerator(LoadSpec spec) : spec_(std::move(spec))
{
    spec_.concurrency = std::clamp(spec_.concurrency, 1, 256);
    spec_.rate = std::clamp(spec_.rate, 0.1, 100000.0);
}

LoadGenerator::~LoadGenerator() { stop(); }

void LoadGenerator::start()
{
    stop();
    stopping_ = false;
    ticket_ = 0;
    started_ = Clock::now();
    {
        std::lock_guard lock(mutex_);
        results_ = {};
        latency_ = {};
    }
    active_ = spec_.concurrency;
    for (int i = 0; i < spec_.concurrency; ++i)
        threads_.emplace_back([this, i] { run(i); });
}

void LoadGenerator::stop()
{
    stopping_ = true;
    for (std::thread& t : threads_)
        t.join();
    threads_.clear();
}

void LoadGenerator::run(int)
{
    Sender sender(spec_);
    const auto interval = std::chrono::duration<double>(1.0 / spec_.rate);
    const auto end = spec_.duration.count() > 0 ? started_ + spec_.duration : Clock::time_point::max();
    while (!stopping_) {
        // Each request has a slot on the shared schedule; a thread that is late sends at once.
        const std::uint64_t k = ticket_++;
        const auto due = started_ + std::chrono::duration_cast<Clock::duration>(interval * double(k));
        while (!stopping_ && Clock::now() < due)
            std::this_thread::sleep_until(std::min(due, Clock::now() + kStopCheck));
        if (stopping_ || due >= end)
            break;
        {
            std::lock_guard lock(mutex_);
            ++results_.sent;
        }
        int status = 0, grpcStatus = -1;
        std::string failure;
        const auto begin = Clock::now();
        sender.send(status, grpcStatus, failure);
        record(status, grpcStatus, failure, Clock::now() - begin);
    }
    --active_;
}

void LoadGenerator::record(int status, int grpcStatus, const std::string& failure, Clock::duration latency)
{
    std::lock_guard lock(mutex_);
    if (!failure.empty()) {
        ++results_.failures[failure];
        return;
    }
    ++results_.completed;
    ++results_.statuses[status];
    if (grpcStatus >= 0)
        ++results_.grpcStatuses[grpcStatus];
    const auto us = std::uint64_t(std::chrono::duration_cast<std::chrono::microseconds>(latency).count());
    const auto bucket = std::lower_bound(stats::kLatencyBoundsUs.begin(), stats::kLatencyBoundsUs.end(), us);
    ++latency_.histogram[std::size_t(bucket - stats::kLatencyBoundsUs.begin())];
}

LoadResults LoadGenerator::results() const
{
    std::lock_guard lock(mutex_);
    LoadResults out = results_;
    out.p50Ms = latency_.percentileMs(50);
    out.p99Ms = latency_.percentileMs(99);
    out.seconds = std::chrono::duration<double>(Clock::now() - started_).count();
    out.running = active_ > 0;
    return out;
}

}  // namespace gs::runtime::client

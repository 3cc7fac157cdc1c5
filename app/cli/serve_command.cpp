// gateway-studio serve FILE... [--address A] [--port-offset N] [--admin HOST:PORT]
//                              [--bind NS/SVC:PORT=HOST:PORT]... [--workers N] [--max-body-bytes N]
//
// Prints one line per listener served ("listener NS/GATEWAY/LISTENER SCHEME://ADDRESS:PORT"),
// then "admin http://HOST:PORT" and "ready". Watches its files (writes in place and the renames
// editors do): a valid change is applied live; an invalid one is reported in the validate format
// while the last good configuration keeps serving. SIGINT and SIGTERM drain requests in flight
// and exit 0.

#include "cli/serve_command.h"

#include <csignal>
#include <fcntl.h>
#include <malloc.h>
#include <fstream>
#include <iostream>
#include <sstream>
#include <memory>
#include <thread>
#include <unistd.h>

#include "admin/admin_server.h"
#include "cli/dev_certificates.h"
#include "cli/file_watch.h"
#include "cli/output.h"
#include "controller/status_output.h"
#include "controller/translator.h"
#include "gateway.h"
#include "net/event_loop.h"
#include "net/poller.h"
#include "net/socket.h"
#include "topology.h"

namespace gs::app {

namespace {

int signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] ssize_t n = ::write(signalPipe[1], &byte, 1);
}

class Server {
public:
    Server(std::vector<std::string> files, model::Workspace workspace, model::TranslateOptions options,
           runtime::GatewayOptions gatewayOptions, bool devCertificates)
        : files_(std::move(files)), workspace_(std::move(workspace)), options_(std::move(options)),
          devCertificates_(devCertificates), workers_(gatewayOptions.workers)
    {
        gateway_ = std::make_unique<runtime::Gateway>(gatewayOptions);
        admin_ = std::make_unique<runtime::AdminServer>(*gateway_);
    }

    // Loads and serves; false when the first load fails (nothing to serve).
    bool start(const std::string& adminHost, std::uint16_t adminPort)
    {
        if (!load(true))
            return false;
        std::string error;
        if (!admin_->start(adminHost, adminPort, error)) {
            std::cerr << "serve: admin endpoint " << adminHost << ":" << adminPort << ": " << error << "\n";
            return false;
        }
        std::cout << "admin http://" << admin_->address().text() << "\n"
                  << "workers " << workers_ << " (" << runtime::net::netImplementationName(runtime::net::netImplementation())
                  << ")\n"
                  << "ready\n"
                  << std::flush;
        return true;
    }

    bool reload() { return load(false); }

    void stop(std::chrono::milliseconds drain)
    {
        admin_->stop();
        gateway_->stop(drain);
    }

private:
    bool load(bool first)
    {
        auto topology = std::make_unique<model::Topology>(model::loadTopology(files_));
        if (devCertificates_ && !topology->unreadable && !topology->diagnostics.hasErrors())
            topology = withDevCertificates(std::move(topology), first);
        printDiagnostics(topology->diagnostics);
        if (topology->unreadable || topology->diagnostics.hasErrors()) {
            std::cerr << "serve: "
                      << (first ? "nothing served" : "the change is not applied; the last good configuration keeps serving")
                      << "\n";
            return false;
        }
        options_.now = "";
        model::Translation translation = model::translate(topology->objects, workspace_, options_);
        runtime::PackedText status(model::statusYaml(topology->objects, translation));
        // The objects are not needed once translated (the status text is kept, deflated, for
        // /config): their memory goes back to the system before the snapshot and its counters are
        // built, and the configuration is copied into the space they left, so that what is served
        // lies packed instead of spread over pages the model had half filled.
        topology.reset();
        auto config = std::make_shared<const runtime::config::RuntimeConfig>(translation.config);
        translation = {};
        ::malloc_trim(0);
        const runtime::ApplyResult result = gateway_->apply(config);
        admin_->setConfigText(std::move(status));
        report(*config, result, first);
        // On a reload, the previous snapshot and configuration are gone now (workers hold the new
        // one): their pages go back too, or each reload would keep the peak of the last one.
        ::malloc_trim(0);
        return true;
    }

    // The same files plus made-up Secrets for the certificates they lack (serve --dev-certs).
    std::unique_ptr<model::Topology> withDevCertificates(std::unique_ptr<model::Topology> topology, bool first)
    {
        std::string error;
        const DevCertificates dev = makeDevCertificates(topology->objects, devCertificateFolder(files_), error);
        if (!error.empty())
            std::cerr << "serve: --dev-certs: " << error << "\n";
        if (dev.secretsYaml.empty())
            return topology;
        std::vector<model::Source> sources;
        for (const std::string& f : files_) {
            std::ifstream in(f, std::ios::binary);
            std::ostringstream text;
            text << in.rdbuf();
            sources.push_back({f, text.str()});
        }
        sources.push_back({DevCertificates::kSource, dev.secretsYaml});
        if (first) {
            for (const std::string& note : dev.notes)
                std::cout << note << "\n";
            std::cout << "dev CA " << dev.caPath << " (trust it to verify the dev certificates)\n";
        }
        return std::make_unique<model::Topology>(model::loadTopology(sources, dev.loadOptions()));
    }

    void report(const runtime::config::RuntimeConfig& config, const runtime::ApplyResult& result, bool first)
    {
        if (first && options_.singleLoopbackAddress)
            std::cout << "loopback: 127.x.y.z addresses cannot be bound here; every Gateway is served on "
                         "127.0.0.1, each on ports of its own\n";
        std::size_t i = 0;
        for (const auto& g : config.gateways)
            for (const auto& l : g.listeners) {
                const runtime::BoundListener& b = result.listeners[i++];
                const std::string name = g.gatewayNamespace + "/" + g.gatewayName + "/" + l.listenerName;
                if (!b.ok)
                    std::cerr << "serve: error: listener " << name << ": cannot serve " << l.address << ":" << l.servedPort
                              << ": " << b.error << "\n";
                else if (first)
                    std::cout << "listener " << name << " " << runtime::config::schemeOf(l.protocol) << "://" << b.address << ":"
                              << b.port
                              << (options_.singleLoopbackAddress ? " (one loopback address: this Gateway's own ports)" : "")
                              << "\n";
                for (const std::string& e : b.routeErrors)
                    std::cerr << "serve: error: listener " << name << ": " << e << "\n";
            }
        if (!first)
            std::cout << "reloaded: " << countOf(i, "listener", "listeners") << "\n";
        std::cout << std::flush;
    }

    std::vector<std::string> files_;
    model::Workspace workspace_;
    model::TranslateOptions options_;
    bool devCertificates_ = false;
    int workers_ = 0;
    std::unique_ptr<runtime::Gateway> gateway_;
    std::unique_ptr<runtime::AdminServer> admin_;
};

// SIGINT and SIGTERM end the loop: the handler writes a byte to a pipe the loop reads.
class SignalStop : public runtime::net::IoHandler {
public:
    explicit SignalStop(runtime::net::EventLoop& loop) : loop_(loop) { loop_.watch(signalPipe[0], this, true, false); }
    ~SignalStop() override { loop_.unwatch(signalPipe[0], this); }
    void onIo(std::uint32_t) override
    {
        char bytes[16];
        while (::read(signalPipe[0], bytes, sizeof bytes) > 0) { }
        loop_.stop();
    }

private:
    runtime::net::EventLoop& loop_;
};

}  // namespace

int runServe(const ParsedArguments& args)
{
    model::TranslateOptions options;
    if (args.has("address"))
        options.address = args.value("address");
    else
        options.singleLoopbackAddress = !runtime::net::loopbackAliasesBindable();
    if (args.has("port-offset")) {
        try {
            options.portOffset = std::stoi(args.value("port-offset"));
        } catch (...) {
            std::cerr << "gateway-studio: --port-offset takes a number\n";
            return kExitUsage;
        }
    }
    if (args.has("controller-name"))
        options.controllerName = args.value("controller-name");
    model::Workspace workspace;
    for (const std::string& text : args.all("bind")) {
        std::string error;
        auto binding = model::parseBinding(text, error);
        if (!binding) {
            std::cerr << "gateway-studio: --bind " << text << ": " << error << "\n";
            return kExitUsage;
        }
        workspace.bindings.push_back(*binding);
    }
    std::string adminHost = "127.0.0.1";
    std::uint16_t adminPort = 9901;
    if (args.has("admin") && !parseHostPort(args.value("admin"), adminHost, adminPort)) {
        std::cerr << "gateway-studio: --admin takes HOST:PORT, e.g. 127.0.0.1:9901 (port 0 picks one)\n";
        return kExitUsage;
    }
    runtime::GatewayOptions gatewayOptions;
    gatewayOptions.workers = int(std::clamp(std::thread::hardware_concurrency(), 1u, 8u));
    if (args.has("workers"))
        gatewayOptions.workers = std::clamp(std::atoi(args.value("workers").c_str()), 1, 64);
    if (args.has("max-body-bytes")) {
        const std::string text = args.value("max-body-bytes");
        if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos || text.size() > 18) {
            std::cerr << "gateway-studio: --max-body-bytes takes a number of bytes, e.g. 1048576\n";
            return kExitUsage;
        }
        gatewayOptions.limits.maxRequestBodyBytes = std::stoull(text);
    }

    // What a load frees must go back to the system. The model is parsed and validated on other
    // threads too, in heaps of their own; glibc gives such a heap's free top back only when a free
    // merges into it, and malloc_trim does not. Without fast bins every free merges at once, so
    // the loading threads' heap shrinks as the model is freed (10,000 routes: 23 MB less RSS).
    // Small blocks are still recycled per thread (tcache), so requests are not slowed.
    ::mallopt(M_MXFAST, 0);

    if (::pipe2(signalPipe, O_CLOEXEC | O_NONBLOCK) != 0)
        return kExitUsage;
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    std::signal(SIGPIPE, SIG_IGN);

    options.checkCertificate = checkCertificateWithOpenSsl;
    options.checkCaCertificate = checkCaCertificateWithOpenSsl;
    Server server(args.positional, std::move(workspace), options, gatewayOptions, args.has("dev-certs"));
    // The main thread's loop: signals, and the files (reloaded 150 ms after they settle). The
    // files are taken before each load, so a change made while they are read reloads again.
    runtime::net::EventLoop loop;
    SignalStop signals(loop);
    FileWatch watch(loop, args.positional, [&] {
        watch.taken();
        server.reload();
    });
    if (!server.start(adminHost, adminPort)) {
        server.stop(std::chrono::milliseconds(0));
        return kExitInvalid;
    }
    loop.run();
    server.stop(std::chrono::seconds(5));
    return kExitOk;
}

}  // namespace gs::app

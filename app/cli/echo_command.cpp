// gateway-studio echo [--listen HOST:PORT] [--pod NAME] [--namespace NS] [--service NAME]
// Serves the conformance echo protocol until SIGINT or SIGTERM; prints "echo http://HOST:PORT".

#include "cli/echo_command.h"

#include <csignal>
#include <pthread.h>
#include <iostream>
#include <thread>
#include <unistd.h>

#include "backends/echo_server.h"
#include "cli/output.h"
#include "net/event_loop.h"

namespace gs::app {

namespace {

// Blocks SIGINT and SIGTERM in every thread and waits for them on a thread of its own, so the
// loop is stopped from ordinary code rather than from a signal handler (stop() takes a lock).
std::thread stopOnSignal(runtime::net::EventLoop& loop)
{
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    return std::thread([&loop, signals] {
        int received = 0;
        sigwait(&signals, &received);
        loop.stop();
    });
}

}  // namespace

int runEcho(const ParsedArguments& args)
{
    const std::string listen = args.has("listen") ? args.value("listen") : std::string("127.0.0.1:0");
    std::string host;
    std::uint16_t port = 0;
    runtime::net::Address address;
    if (!parseHostPort(listen, host, port) || !runtime::net::Address::parse(host, port, address)) {
        std::cerr << "gateway-studio: --listen takes HOST:PORT\n";
        return kExitUsage;
    }
    runtime::net::EventLoop loop;
    runtime::backends::EchoServer echo(loop,
                                       {args.has("namespace") ? args.value("namespace") : "default",
                                        args.has("service") ? args.value("service") : "echo",
                                        args.has("pod") ? args.value("pod") : "echo-0000000000-00000"});
    std::string error;
    if (!echo.listen(address, error)) {
        std::cerr << "gateway-studio: echo: " << listen << ": " << error << "\n";
        return kExitUsage;
    }
    std::cout << "echo http://" << echo.address().text() << "\n" << std::flush;
    std::thread waiter = stopOnSignal(loop);
    loop.run();
    waiter.join();
    return kExitOk;
}

}  // namespace gs::app

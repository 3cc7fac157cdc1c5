// net::Transport on real TCP sockets over loopback: plaintext both ways and the end of stream;
// TLS with a real handshake (plaintext sent before it is done goes out after, the handshake is
// reported once, ALPN is read through the typed layer), close_notify, a failed handshake with
// its alert, ciphertext read before the layer was put in place, and a reset on close.

#include <QTest>

#include <poll.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <thread>

#include "net/event_loop.h"
#include "net/socket.h"
#include "net/transport.h"
#include "tls/certificates.h"
#include "tls/tls_context.h"
#include "tls/tls_session.h"

using namespace gs::runtime;
using Status = net::Transport::Status;

namespace {

struct NoEvents : net::IoHandler {
    void onIo(std::uint32_t) override { }
};

// A connected pair of TCP sockets on 127.0.0.1.
std::pair<int, int> connectedPair()
{
    std::string error;
    net::Address any;
    net::Address::parse("127.0.0.1", 0, any);
    int listener = net::listenOn(any, net::Protocol::Tcp, false, error);
    if (listener < 0)
        qFatal("listen: %s", error.c_str());
    const int client = net::connectTo(net::localAddress(listener), error);
    pollfd p{listener, POLLIN, 0};
    ::poll(&p, 1, 2000);
    const int server = net::acceptConnection(listener);
    net::closeFd(listener);
    if (client < 0 || server < 0)
        qFatal("connect: %s", error.c_str());
    return {client, server};
}

// What each side read, in order.
struct Reads {
    std::vector<net::Transport::Read> reader, writer;
};

// Two transports on the two ends of a loopback connection (no loop runs: the tests poll).
struct Link {
    net::EventLoop loop;
    NoEvents handler;
    std::pair<int, int> fds = connectedPair();
    std::pair<net::Transport, net::Transport> ends{std::piecewise_construct, std::forward_as_tuple(loop, handler, fds.first),
                                                   std::forward_as_tuple(loop, handler, fds.second)};
};

// Flushes both sides and reads both (the writer reads its peer's handshake flights and alerts)
// until `done(reads)` or two seconds.
template <typename Done> Reads pump(net::Transport& writer, net::Transport& reader, Done done)
{
    Reads reads;
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (!done(reads) && std::chrono::steady_clock::now() < until) {
        writer.flush();
        reader.flush();
        pollfd p[2] = {{reader.fd(), POLLIN, 0}, {writer.fd(), POLLIN, 0}};
        ::poll(p, 2, 20);
        if (p[0].revents)
            reads.reader.push_back(reader.read());
        if (p[1].revents)
            reads.writer.push_back(writer.read());
    }
    return reads;
}

int handshakesIn(const std::vector<net::Transport::Read>& reads)
{
    return int(std::count_if(reads.begin(), reads.end(), [](const net::Transport::Read& r) { return r.established; }));
}

bool last(const std::vector<net::Transport::Read>& reads, Status status)
{
    return !reads.empty() && reads.back().status == status;
}

tls::PemPair issue(const std::string& name, const tls::PemPair* ca)
{
    std::string error;
    tls::CertificateRequest r;
    r.commonName = name;
    if (ca)
        r.dnsNames = {name};
    r.authority = ca == nullptr;
    return *tls::issueCertificate(r, ca, error);
}

struct Pki {
    tls::PemPair ca = issue("test ca", nullptr);
    tls::PemPair leaf = issue("echo.example", &ca);
    std::shared_ptr<tls::ServerContext> server;
    std::shared_ptr<tls::ClientContext> client;
    Pki()
    {
        std::string error;
        server = tls::ServerContext::create({{"leaf", leaf.certificate, leaf.privateKey}}, {"h2", "http/1.1"}, error);
        client = tls::ClientContext::create({ca.certificate}, false, error);
        if (!server || !client)
            qFatal("contexts: %s", error.c_str());
    }
    std::unique_ptr<tls::SniRouter> router;  // outlives the sessions it made (their SNI callback)
    std::unique_ptr<tls::Session> serverSession()
    {
        if (!router)
            router = std::make_unique<tls::SniRouter>(std::vector<std::string>{""}, std::vector{server});
        return router->newSession();
    }
};

// Two loopback connections on one loop: the batch's sends go to two sockets.
struct TwoLinks {
    net::EventLoop loop;
    NoEvents handler;
    std::pair<int, int> a = connectedPair(), b = connectedPair();
    net::Transport aClient{loop, handler, a.first}, aServer{loop, handler, a.second};
    net::Transport bClient{loop, handler, b.first}, bServer{loop, handler, b.second};
};

// Reads `reader` until it holds `want` bytes or two seconds pass.
std::string readUpTo(net::Transport& reader, std::size_t want)
{
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (reader.in().size() < want && std::chrono::steady_clock::now() < until) {
        pollfd p{reader.fd(), POLLIN, 0};
        if (::poll(&p, 1, 20) > 0)
            reader.read();
    }
    return std::string(reader.in().view());
}

#define REQUIRE_BATCH(loop)                                                                                                      \
    if (!(loop).sendBatch())                                                                                                     \
        QSKIP("no io_uring send batch here (another system, an old kernel, or io_uring refused): nothing to test");

}  // namespace

class TestTransport : public QObject {
    Q_OBJECT

private slots:
    void plainBytesBothWaysThenTheEnd()
    {
        Link link;
        auto& [client, server] = link.ends;
        QVERIFY(client.established());
        QVERIFY(client.send("hello "));
        QVERIFY(client.send("there"));
        Reads reads = pump(client, server, [&](auto&) { return server.in().size() >= 11; });
        QCOMPARE(server.in().view(), std::string_view("hello there"));
        QCOMPARE(reads.reader.front().status, Status::Data);
        QVERIFY(!reads.reader.front().established);
        QVERIFY(reads.reader.front().wireBytes > 0);
        server.in().clear();
        client.shutdownWrite();
        reads = pump(client, server, [](auto& r) { return last(r.reader, Status::Ended); });
        QVERIFY(last(reads.reader, Status::Ended));
        // Reading goes on after a FIN: the other way is open.
        QVERIFY(server.send("bye"));
        reads = pump(server, client, [&](auto&) { return client.in().size() >= 3; });
        QCOMPARE(client.in().view(), std::string_view("bye"));
    }

    void tlsHandshakeThenPlaintextSentBeforeIt()
    {
        Pki pki;
        Link link;
        auto& [client, server] = link.ends;
        tls::Session* clientTls = client.secure(pki.client->newSession("echo.example", {"h2"}));
        tls::Session* serverTls = server.secure(pki.serverSession());
        QVERIFY(!client.established());
        QVERIFY(client.send("GET / HTTP/1.1\r\n\r\n"));  // waits for the handshake
        QVERIFY(client.out().empty());
        QCOMPARE(client.handshake(), net::SecureLayer::Status::Pending);
        QVERIFY(!client.out().empty());  // the ClientHello
        Reads reads = pump(client, server, [&](auto&) { return server.in().size() >= 18; });
        QCOMPARE(server.in().view(), std::string_view("GET / HTTP/1.1\r\n\r\n"));
        QCOMPARE(handshakesIn(reads.reader), 1);
        QCOMPARE(handshakesIn(reads.writer), 1);
        QCOMPARE(serverTls->alpn(), std::string("h2"));
        QCOMPARE(clientTls->serverName(), std::string("echo.example"));
        // The answer, then close_notify: the client reads the data, then the end.
        QVERIFY(server.send("pong"));
        server.shutdownSecure();
        reads = pump(server, client, [&](auto& r) { return last(r.reader, Status::Ended) || client.peerClosedSecure(); });
        QCOMPARE(client.in().view(), std::string_view("pong"));
        QVERIFY(client.peerClosedSecure());
    }

    void aFailedHandshakeSaysWhyAndSendsItsAlert()
    {
        Pki pki;
        Pki other;  // a client that trusts another CA
        Link link;
        auto& [client, server] = link.ends;
        client.secure(other.client->newSession("echo.example"));
        server.secure(pki.serverSession());
        QCOMPARE(client.handshake(), net::SecureLayer::Status::Pending);
        Reads reads = pump(client, server, [](auto& r) {
            return last(r.writer, Status::HandshakeFailed) && last(r.reader, Status::HandshakeFailed);
        });
        QVERIFY(last(reads.writer, Status::HandshakeFailed));
        QVERIFY2(client.error().find("certificate") != std::string::npos, client.error().c_str());
        // The server heard the client's alert and failed too: nobody hangs.
        QVERIFY(last(reads.reader, Status::HandshakeFailed));
        QVERIFY(!server.error().empty());
    }

    void notTlsAtAllFailsTheHandshake()
    {
        Pki pki;
        Link link;
        auto& [client, server] = link.ends;
        server.secure(pki.serverSession());
        QVERIFY(client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
        Reads reads = pump(client, server, [](auto& r) { return last(r.reader, Status::HandshakeFailed); });
        QVERIFY(last(reads.reader, Status::HandshakeFailed));
        QVERIFY2(server.error().find("http request") != std::string::npos, server.error().c_str());
    }

    void aMalformedHelloIsAnsweredWithAnAlert()
    {
        Pki pki;
        Link link;
        auto& [client, server] = link.ends;
        server.secure(pki.serverSession());
        // A handshake record (22, TLS 1.0) whose ClientHello is five bytes of nonsense.
        QVERIFY(client.send(std::string_view("\x16\x03\x01\x00\x09\x01\x00\x00\x05hello", 14)));
        const Reads reads = pump(client, server, [](auto& r) { return last(r.reader, Status::HandshakeFailed); });
        QVERIFY(last(reads.reader, Status::HandshakeFailed));
        pump(server, client, [&](auto&) { return !client.in().empty(); });
        QVERIFY(!client.in().empty());
        QCOMPARE(std::uint8_t(client.in().view()[0]), std::uint8_t(21));  // TLS record type: alert
    }

    void ciphertextReadBeforeTheLayerIsHandedOver()
    {
        Pki pki;
        Link link;
        auto& [client, server] = link.ends;
        client.secure(pki.client->newSession("echo.example"));
        client.handshake();
        client.flush();
        // The server peeks the ClientHello (as the stream proxy does for its SNI) before choosing.
        pump(client, server, [&](auto&) { return !server.in().empty(); });
        const std::string hello(server.in().view());
        server.in().clear();
        server.secure(pki.serverSession(), hello);
        QCOMPARE(server.handshake(), net::SecureLayer::Status::Pending);  // the ServerHello is queued
        QVERIFY(client.send("after"));
        const Reads reads = pump(client, server, [&](auto&) { return server.in().size() >= 5; });
        QCOMPARE(server.in().view(), std::string_view("after"));
        QCOMPARE(handshakesIn(reads.reader), 1);
    }

    void resetOnCloseSendsRst()
    {
        Link link;
        auto& [client, server] = link.ends;
        server.resetOnClose();
        server.close();
        QVERIFY(!server.open());
        QVERIFY(!server.flush());
        const Reads reads = pump(server, client, [](auto& r) { return !r.reader.empty(); });
        QVERIFY(!reads.reader.empty());
        QCOMPARE(reads.reader.back().status, Status::Failed);
        QVERIFY2(client.error().find("reset") != std::string::npos, client.error().c_str());
    }

    // Two connections' bytes leave in one batch: out() is empty afterwards, without a flush,
    // and each peer gets its own bytes.
    void batchedSendsLeaveTogether()
    {
        TwoLinks l;
        REQUIRE_BATCH(l.loop);
        QVERIFY(l.aClient.send("to a"));
        l.aClient.sendAtBatchEnd();
        l.aClient.sendAtBatchEnd();  // once per iteration, however often asked
        QVERIFY(l.bClient.send("to b"));
        l.bClient.sendAtBatchEnd();
        QCOMPARE(l.loop.sendBatch()->queued(), std::size_t(2));
        l.loop.sendBatch()->run();
        QCOMPARE(l.loop.sendBatch()->queued(), std::size_t(0));
        QVERIFY(!l.aClient.batched() && !l.bClient.batched());
        QVERIFY(l.aClient.out().empty());
        QVERIFY(l.bClient.out().empty());
        QCOMPARE(readUpTo(l.aServer, 4), std::string("to a"));
        QCOMPARE(readUpTo(l.bServer, 4), std::string("to b"));
        QVERIFY(l.aClient.flush());  // nothing left: a flush after the batch is free and succeeds
    }

    // A single send is left to the transport's own flush (one system call either way).
    void aSingleSendIsLeftToTheFlush()
    {
        TwoLinks l;
        REQUIRE_BATCH(l.loop);
        QVERIFY(l.aClient.send("alone"));
        l.aClient.sendAtBatchEnd();
        l.loop.sendBatch()->run();
        QCOMPARE(l.aClient.out().size(), std::size_t(5));
        QVERIFY(!l.aClient.batched());
        QVERIFY(l.aClient.flush());
        QCOMPARE(readUpTo(l.aServer, 5), std::string("alone"));
    }

    // The batch's send failed (the peer reset the connection): the next flush says so.
    void aBatchedSendsErrorIsReportedByTheFlush()
    {
        TwoLinks l;
        REQUIRE_BATCH(l.loop);
        l.aServer.resetOnClose();
        l.aServer.close();
        QVERIFY(l.aClient.send("into a reset"));
        l.aClient.sendAtBatchEnd();
        QVERIFY(l.bClient.send("fine"));
        l.bClient.sendAtBatchEnd();
        l.loop.sendBatch()->run();
        // The first send after the reset fails with ECONNRESET, every later one with EPIPE: the
        // flush reports the batch's, not one of its own.
        QVERIFY(!l.aClient.flush());
        QVERIFY2(l.aClient.error().find("reset") != std::string::npos, l.aClient.error().c_str());
        QVERIFY(l.bClient.flush());
        QCOMPARE(readUpTo(l.bServer, 4), std::string("fine"));
    }

    // A transport closed (or handed over) after queuing leaves the batch: nothing is sent to its
    // fd number, which a new socket may already have.
    void aClosedTransportLeavesTheBatch()
    {
        TwoLinks l;
        REQUIRE_BATCH(l.loop);
        QVERIFY(l.aClient.send("never"));
        l.aClient.sendAtBatchEnd();
        QVERIFY(l.bClient.send("b"));
        l.bClient.sendAtBatchEnd();
        l.aClient.close();
        QCOMPARE(l.loop.sendBatch()->queued(), std::size_t(1));
        net::Transport handedOver(std::move(l.bClient), l.handler);  // an HTTP/1.1 connection becoming HTTP/2
        QCOMPARE(l.loop.sendBatch()->queued(), std::size_t(0));
        l.aServer.send("closing");
        l.aServer.sendAtBatchEnd();
        l.aServer.unwatch();  // a connection closing: stops watching first
        QCOMPARE(l.loop.sendBatch()->queued(), std::size_t(0));
        l.loop.sendBatch()->run();
        QVERIFY(handedOver.flush());
        QCOMPARE(readUpTo(l.bServer, 1), std::string("b"));
    }

    // In a running loop the batch goes after the iteration's events and posted tasks and before
    // its deferred tasks: a deferred flush finds the bytes gone.
    void theLoopSendsTheBatchBeforeItsDeferredTasks()
    {
        TwoLinks l;
        std::size_t leftA = 99, leftB = 99;
        bool batch = false;
        std::thread loopThread([&] { l.loop.run(); });
        l.loop.post([&] {
            batch = l.loop.sendBatch() != nullptr;
            l.aClient.send("x");
            l.aClient.sendAtBatchEnd();
            l.bClient.send("y");
            l.bClient.sendAtBatchEnd();
            l.loop.defer([&] {
                leftA = l.aClient.out().size();
                leftB = l.bClient.out().size();
                l.loop.stop();
            });
        });
        loopThread.join();
        if (!batch)
            QSKIP("no io_uring send batch here: nothing to test");
        QCOMPARE(leftA, std::size_t(0));
        QCOMPARE(leftB, std::size_t(0));
    }

    // GWS_IO_URING=0 turns the batch off: every flush sends on its own.
    void theBatchCanBeTurnedOff()
    {
        ::setenv("GWS_IO_URING", "0", 1);
        net::EventLoop loop;
        const bool made = loop.sendBatch() != nullptr;
        ::unsetenv("GWS_IO_URING");
        QVERIFY(!made);
    }
};

QTEST_GUILESS_MAIN(TestTransport)
#include "tst_transport.moc"

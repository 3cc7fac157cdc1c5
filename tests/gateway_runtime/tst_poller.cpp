// The OS seam (net/poller.h): both pollers, and the wake-up, keep the same contract, so the data
// plane behaves the same on either. Each case runs on `epoll` and `portable`.
#include <QtTest>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <set>
#include <thread>

#include "net/event_loop.h"
#include "net/poller.h"
#include "net/socket.h"

using namespace gs::runtime::net;

namespace {

struct Recorder : IoHandler {
    std::vector<std::uint32_t> seen;
    void onIo(std::uint32_t events) override { seen.push_back(events); }
};

// A connected pair of stream sockets, closed at the end.
struct Pair {
    int a = -1, b = -1;
    Pair()
    {
        int fds[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0) {
            a = fds[0];
            b = fds[1];
        }
    }
    ~Pair()
    {
        closeFd(a);
        closeFd(b);
    }
};

// The events `recorder` receives from one wait (0 ms).
std::vector<std::uint32_t> pollOnce(Poller& poller, Recorder& recorder)
{
    recorder.seen.clear();
    Poller::Event events[16];
    const int n = poller.wait(events, 16, 0);
    for (int i = 0; i < n; ++i)
        if (events[i].handler == &recorder)
            recorder.seen.push_back(events[i].events);
    return recorder.seen;
}

}  // namespace

class TestPoller : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { qInfo("this process's data plane: %s", netImplementationName(netImplementation())); }

    void implementations_data()
    {
        QTest::addColumn<int>("implementation");
        QTest::newRow("epoll") << int(NetImplementation::Epoll);
        QTest::newRow("portable") << int(NetImplementation::Portable);
    }

    void readableOnlyWhenDataWaits_data() { implementations_data(); }
    void readableOnlyWhenDataWaits()
    {
        QFETCH(int, implementation);
        auto poller = makePoller(NetImplementation(implementation));
        Pair pair;
        Recorder r;
        poller->add(pair.a, &r, kReadable);
        QVERIFY(pollOnce(*poller, r).empty());
        QCOMPARE(::write(pair.b, "x", 1), 1);
        // Level-triggered: reported again while the byte is unread.
        for (int round = 0; round < 2; ++round) {
            const auto seen = pollOnce(*poller, r);
            QCOMPARE(seen.size(), std::size_t(1));
            QVERIFY(seen[0] & kReadable);
            QVERIFY(!(seen[0] & kWritable));
        }
    }

    void writableWhenAsked_data() { implementations_data(); }
    void writableWhenAsked()
    {
        QFETCH(int, implementation);
        auto poller = makePoller(NetImplementation(implementation));
        Pair pair;
        Recorder r;
        poller->add(pair.a, &r, kReadable);
        QVERIFY(pollOnce(*poller, r).empty());
        poller->modify(pair.a, &r, kReadable | kWritable);
        const auto seen = pollOnce(*poller, r);
        QCOMPARE(seen.size(), std::size_t(1));
        QVERIFY(seen[0] & kWritable);
    }

    void peerClosingIsReportedWhileReading_data() { implementations_data(); }
    void peerClosingIsReportedWhileReading()
    {
        QFETCH(int, implementation);
        auto poller = makePoller(NetImplementation(implementation));
        Pair pair;
        Recorder r;
        poller->add(pair.a, &r, kReadable);
        ::shutdown(pair.b, SHUT_WR);
        const auto seen = pollOnce(*poller, r);
        QCOMPARE(seen.size(), std::size_t(1));
        QVERIFY(seen[0] & kReadable);  // read() then returns 0; kPeerClosed too where the OS says so
    }

    // With no interest, a hang-up is reported once, not on every wait (a connection that is not
    // reading must not make the loop spin), and again after the interest changes.
    void hangUpWithoutInterestIsReportedOnce_data() { implementations_data(); }
    void hangUpWithoutInterestIsReportedOnce()
    {
        QFETCH(int, implementation);
        auto poller = makePoller(NetImplementation(implementation));
        Pair pair;
        Recorder r;
        poller->add(pair.a, &r, 0);
        closeFd(pair.b);
        const auto first = pollOnce(*poller, r);
        QCOMPARE(first.size(), std::size_t(1));
        QVERIFY(first[0] & kHangUp);
        QVERIFY(pollOnce(*poller, r).empty());
        QVERIFY(pollOnce(*poller, r).empty());
        poller->modify(pair.a, &r, kReadable);
        QCOMPARE(pollOnce(*poller, r).size(), std::size_t(1));
    }

    // ... and a wait on it sleeps for its timeout instead of returning at once (a loop would spin).
    void reportedHangUpDoesNotEndAWait_data() { implementations_data(); }
    void reportedHangUpDoesNotEndAWait()
    {
        QFETCH(int, implementation);
        auto poller = makePoller(NetImplementation(implementation));
        Pair pair;
        Recorder r;
        poller->add(pair.a, &r, 0);
        closeFd(pair.b);
        QCOMPARE(pollOnce(*poller, r).size(), std::size_t(1));
        QElapsedTimer clock;
        clock.start();
        Poller::Event events[4];
        QCOMPARE(poller->wait(events, 4, 200), 0);
        QVERIFY2(clock.elapsed() >= 150, qPrintable(QString("returned after %1 ms").arg(clock.elapsed())));
    }

    void removedFdIsNotReported_data() { implementations_data(); }
    void removedFdIsNotReported()
    {
        QFETCH(int, implementation);
        auto poller = makePoller(NetImplementation(implementation));
        Pair one, two;
        Recorder r1, r2;
        poller->add(one.a, &r1, kReadable);
        poller->add(two.a, &r2, kReadable);
        QCOMPARE(::write(one.b, "x", 1), 1);
        QCOMPARE(::write(two.b, "y", 1), 1);
        poller->remove(one.a);
        Poller::Event events[4];
        const int n = poller->wait(events, 4, 0);
        QCOMPARE(n, 1);
        QCOMPARE(events[0].handler, static_cast<IoHandler*>(&r2));
    }

    // A batch smaller than the ready fds does not always serve the same ones.
    void fullBatchesTakeTurns_data() { implementations_data(); }
    void fullBatchesTakeTurns()
    {
        QFETCH(int, implementation);
        auto poller = makePoller(NetImplementation(implementation));
        std::vector<std::unique_ptr<Pair>> pairs;
        std::vector<std::unique_ptr<Recorder>> recorders;
        for (int i = 0; i < 4; ++i) {
            pairs.push_back(std::make_unique<Pair>());
            recorders.push_back(std::make_unique<Recorder>());
            poller->add(pairs.back()->a, recorders.back().get(), kReadable);
            QCOMPARE(::write(pairs.back()->b, "x", 1), 1);
        }
        std::set<IoHandler*> served;
        for (int round = 0; round < 4; ++round) {
            Poller::Event events[1];
            QCOMPARE(poller->wait(events, 1, 0), 1);
            served.insert(events[0].handler);
        }
        QVERIFY2(served.size() == 4, qPrintable(QString("%1 of 4 ready fds served in 4 batches of one").arg(served.size())));
    }

    void wakeupWakesAWaitingPoller_data() { implementations_data(); }
    void wakeupWakesAWaitingPoller()
    {
        QFETCH(int, implementation);
        const auto kind = NetImplementation(implementation);
        auto poller = makePoller(kind);
        Wakeup wakeup(kind);
        Recorder r;
        poller->add(wakeup.fd(), &r, kReadable);
        QVERIFY(pollOnce(*poller, r).empty());
        wakeup.signal();
        wakeup.signal();
        QCOMPARE(pollOnce(*poller, r).size(), std::size_t(1));
        wakeup.drain();
        QVERIFY(pollOnce(*poller, r).empty());
    }

    // Through the event loop, whichever implementation this process uses: post() from another
    // thread wakes a loop that has nothing else to do.
    void postedTaskWakesTheLoop()
    {
        EventLoop loop;
        std::atomic<bool> ran{false};
        std::thread runner([&] { loop.run(); });
        QElapsedTimer clock;
        clock.start();
        loop.post([&] { ran = true; });
        QTRY_VERIFY_WITH_TIMEOUT(ran.load(), 500);
        loop.stop();
        runner.join();
        QVERIFY(clock.elapsed() < 900);  // not the idle loop's 1 s wait
    }

    // Accepted connections are non-blocking and close-on-exec in both implementations.
    void acceptedConnectionsAreNonBlocking()
    {
        Address any;
        QVERIFY(Address::parse("127.0.0.1", 0, any));
        std::string error;
        int listening = listenOn(any, Protocol::Tcp, false, error);
        QVERIFY2(listening >= 0, error.c_str());
        const Address bound = localAddress(listening);
        int client = connectTo(bound, error);
        QVERIFY(client >= 0);
        int accepted = -1;
        for (int tries = 0; accepted < 0 && tries < 200; ++tries) {
            accepted = acceptConnection(listening);
            if (accepted < 0)
                QTest::qWait(10);
        }
        QVERIFY(accepted >= 0);
        QVERIFY(::fcntl(accepted, F_GETFL) & O_NONBLOCK);
        QVERIFY(::fcntl(accepted, F_GETFD) & FD_CLOEXEC);
        int shared = shareListeningSocket(listening, error);
        QVERIFY(shared >= 0 && shared != listening);
        QVERIFY(::fcntl(shared, F_GETFD) & FD_CLOEXEC);
        QCOMPARE(localAddress(shared).port(), bound.port());
        for (int* fd : {&listening, &client, &accepted, &shared})
            closeFd(*fd);
    }
};

QTEST_GUILESS_MAIN(TestPoller)
#include "tst_poller.moc"

// The event loop's timers (net/event_loop.h) and the byte buffer's reuse of memory (net/buffer.h):
// order, cancellation (also of a timer due in the same batch, and with a stale id), and that
// thousands of set-and-cancelled deadlines leave nothing behind. The loop runs on the test thread
// until a timer stops it; nothing here depends on how long anything takes.

#include <sys/socket.h>
#include <unistd.h>

#include <QTest>

#include <string>
#include <vector>

#include "net/buffer.h"
#include "net/event_loop.h"

using namespace gs::runtime;
using namespace std::chrono_literals;

class TestEventLoop : public QObject {
    Q_OBJECT
private slots:
    void timersDueTogetherRunInTheOrderTheyWereSet()
    {
        net::EventLoop loop;
        std::string ran;
        for (char c : std::string("abcdef"))
            loop.after(0ms, [&ran, c] { ran += c; });
        loop.after(5ms, [&loop] { loop.stop(); });
        loop.run();
        QCOMPARE(ran, std::string("abcdef"));
        QCOMPARE(loop.pendingTimers(), std::size_t(0));
    }

    void laterDelayRunsLater()
    {
        net::EventLoop loop;
        std::string ran;
        loop.after(3ms, [&] {
            ran += "late";
            loop.stop();
        });
        loop.after(0ms, [&] { ran += "early,"; });
        loop.run();
        QCOMPARE(ran, std::string("early,late"));
    }

    void cancelledTimerNeverRuns()
    {
        net::EventLoop loop;
        bool cancelledRan = false;
        const auto id = loop.after(0ms, [&] { cancelledRan = true; });
        loop.cancel(id);
        loop.cancel(id);  // twice: nothing
        QCOMPARE(loop.pendingTimers(), std::size_t(0));
        loop.after(2ms, [&loop] { loop.stop(); });
        loop.run();
        QVERIFY(!cancelledRan);
    }

    // A timer cancelled by another timer of the same batch (both due) does not run.
    void cancelledInsideTheSameBatch()
    {
        net::EventLoop loop;
        bool secondRan = false;
        net::EventLoop::TimerId second = 0;
        loop.after(0ms, [&] { loop.cancel(second); });
        second = loop.after(0ms, [&] { secondRan = true; });
        loop.after(3ms, [&loop] { loop.stop(); });
        loop.run();
        QVERIFY(!secondRan);
    }

    // An id whose timer was cancelled (or ran) names nothing, even once its slot serves another timer.
    void staleIdDoesNotCancelTheNextTimer()
    {
        net::EventLoop loop;
        const auto first = loop.after(0ms, [] {});
        loop.cancel(first);
        bool nextRan = false;
        const auto next = loop.after(0ms, [&] { nextRan = true; });
        QVERIFY(next != first);
        loop.cancel(first);
        QCOMPARE(loop.pendingTimers(), std::size_t(1));
        loop.after(2ms, [&loop] { loop.stop(); });
        loop.run();
        QVERIFY(nextRan);
        loop.cancel(next);  // already ran: nothing
    }

    void timerSetByATimerRuns()
    {
        net::EventLoop loop;
        int depth = 0;
        std::function<void()> again = [&] {
            if (++depth < 5)
                loop.after(0ms, again);
            else
                loop.stop();
        };
        loop.after(0ms, again);
        loop.run();
        QCOMPARE(depth, 5);
    }

    // Every request sets long deadlines and cancels them: none of them may stay pending, and the
    // timers that are still armed among them run.
    void manySetAndCancelledDeadlines()
    {
        net::EventLoop loop;
        int survivorsRan = 0;
        for (int i = 0; i < 100000; ++i) {
            const auto id = loop.after(300s, [] { QFAIL("a cancelled deadline ran"); });
            if (i % 10000 == 0)
                loop.after(0ms, [&] { ++survivorsRan; });
            loop.cancel(id);
        }
        QCOMPARE(loop.pendingTimers(), std::size_t(10));
        loop.after(2ms, [&loop] { loop.stop(); });
        loop.run();
        QCOMPARE(survivorsRan, 10);
        QCOMPARE(loop.pendingTimers(), std::size_t(0));
    }

    // Tasks deferred for a handler run after the batch unless the handler stops watching first.
    void tasksDeferredForAHandlerEndWithItsWatch()
    {
        struct Handler : net::IoHandler {
            void onIo(std::uint32_t) override { }
        };
        int fds[2];
        QCOMPARE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds), 0);
        net::EventLoop loop;
        Handler kept, gone, never;
        loop.watch(fds[0], &kept, true, false);
        loop.watch(fds[1], &gone, true, false);
        std::string ran;
        loop.defer(&kept, [&] { ran += "kept,"; });
        loop.defer(&gone, [&] { ran += "gone,"; });
        loop.defer(&never, [&] { ran += "never,"; });  // not watching: dropped at once
        loop.defer(&kept, [&] {
            loop.unwatch(fds[0], &kept);  // inside its own task: the task finishes
            ran += "self,";
            loop.defer(&kept, [&] { ran += "after unwatch,"; });
        });
        loop.unwatch(fds[1], &gone);
        loop.defer([&] { ran += "plain"; });
        loop.after(2ms, [&loop] { loop.stop(); });
        loop.run();
        QCOMPARE(ran, std::string("kept,self,plain"));
        ::close(fds[0]);
        ::close(fds[1]);
    }

    // A released buffer keeps nothing, and the next use (on a reused block) sees only new bytes.
    void releasedBufferStartsEmpty()
    {
        std::vector<net::Buffer> buffers(3 * net::Buffer::kCachedBlocks);
        for (net::Buffer& b : buffers)
            b.append("first request bytes");
        for (net::Buffer& b : buffers)
            b.release();
        for (net::Buffer& b : buffers) {
            QVERIFY(b.empty());
            b.append("second");
            QCOMPARE(b.view(), std::string_view("second"));
        }
        net::Buffer big;
        big.append(std::string(3 * net::Buffer::kBlock, 'x'));
        big.release();
        big.append("y");
        QCOMPARE(big.view(), std::string_view("y"));
    }

    void readThroughScratchKeepsOnlyWhatArrived()
    {
        int fds[2];
        QCOMPARE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds), 0);
        net::Buffer in;
        in.append("old");
        in.release();
        QCOMPARE(::write(fds[1], "GET / HTTP/1.1\r\n\r\n", 18), ssize_t(18));
        QCOMPARE(in.readFrom(fds[0]), 18L);
        QCOMPARE(in.view(), std::string_view("GET / HTTP/1.1\r\n\r\n"));
        QCOMPARE(in.readFrom(fds[0]), -1L);  // nothing more yet
        ::close(fds[0]);
        ::close(fds[1]);
    }
};

QTEST_APPLESS_MAIN(TestEventLoop)
#include "tst_event_loop.moc"

#include "kube/workqueue.h"
#include "manualclock.h"

#include <QCoroTask>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using locust::kube::Clock;
using locust::kube::ExponentialFailureRateLimiter;
using locust::kube::WorkQueue;
using locust::kube::WorkQueueMetrics;
using locust::testsupport::ManualClock;

namespace {

// Long enough for any wake-up through the event loop, short enough that a broken test fails fast.
constexpr int GuardMs = 5000;

std::unique_ptr<WorkQueue> makeQueue(Clock *clock)
{
    auto limiter = std::make_unique<ExponentialFailureRateLimiter>(5, 1000 * 1000);
    return std::make_unique<WorkQueue>(std::move(limiter), clock);
}

// The result of a get(), waiting at most GuardMs for it: a get() that is never woken makes the test fail
// with a message in place of the key instead of hanging.
std::optional<QString> finish(QCoro::Task<std::optional<QString>> &task)
{
    if (!QTest::qWaitFor([&task] { return task.isReady(); }, GuardMs))
        return u"(get() still waiting after %1 ms)"_s.arg(GuardMs);
    return QCoro::waitFor(task);
}

QStringList takeAll(WorkQueue &queue)
{
    QStringList keys;
    while (const std::optional<QString> key = queue.tryGet())
        keys.append(*key);
    return keys;
}

} // namespace

class WorkQueueTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // ---- queue.go: order, de-duplication, processing

    void handsOutKeysInOrder()
    {
        ManualClock clock;
        const auto queue = makeQueue(&clock);
        queue->add(u"a"_s);
        queue->add(u"b"_s);
        queue->add(u"c"_s);
        QCOMPARE(queue->length(), 3);
        QCOMPARE(takeAll(*queue), (QStringList{u"a"_s, u"b"_s, u"c"_s}));
        QCOMPARE(queue->length(), 0);
    }

    void queuesAKeyOnlyOnce()
    {
        ManualClock clock;
        const auto queue = makeQueue(&clock);
        queue->add(u"a"_s);
        queue->add(u"b"_s);
        queue->add(u"a"_s);
        queue->add(u"a"_s);
        QCOMPARE(queue->length(), 2);
        QCOMPARE(takeAll(*queue), (QStringList{u"a"_s, u"b"_s})); // a keeps its first place
    }

    void keyAddedWhileProcessingWaitsForDone()
    {
        ManualClock clock;
        const auto queue = makeQueue(&clock);
        queue->add(u"a"_s);
        QCOMPARE(queue->tryGet(), u"a"_s);
        QVERIFY(queue->isProcessing(u"a"_s));

        queue->add(u"a"_s);
        queue->add(u"a"_s);
        QCOMPARE(queue->length(), 0);             // never two workers on one key
        QCOMPARE(queue->tryGet(), std::nullopt);

        queue->done(u"a"_s);
        QVERIFY(!queue->isProcessing(u"a"_s));
        QCOMPARE(queue->length(), 1);             // back exactly once
        QCOMPARE(takeAll(*queue), QStringList{u"a"_s});
        queue->done(u"a"_s);
        QCOMPARE(queue->length(), 0);
    }

    void otherKeysFlowWhileOneIsProcessing()
    {
        ManualClock clock;
        const auto queue = makeQueue(&clock);
        queue->add(u"a"_s);
        QCOMPARE(queue->tryGet(), u"a"_s);
        queue->add(u"a"_s);
        queue->add(u"b"_s);
        QCOMPARE(queue->tryGet(), u"b"_s);
        QVERIFY(queue->isProcessing(u"a"_s));
        QVERIFY(queue->isProcessing(u"b"_s));
    }

    void doneWithoutReAddDoesNotRequeue()
    {
        ManualClock clock;
        const auto queue = makeQueue(&clock);
        queue->add(u"a"_s);
        QCOMPARE(queue->tryGet(), u"a"_s);
        queue->done(u"a"_s);
        QCOMPARE(queue->length(), 0);
        QCOMPARE(queue->tryGet(), std::nullopt);
        QVERIFY(!queue->isProcessing(u"a"_s));

        queue->done(u"never-handed-out"_s); // harmless
        QCOMPARE(queue->length(), 0);
    }

    // ---- delaying_queue.go

    void addAfterWaitsForTheDelay()
    {
        ManualClock clock;
        const auto queue = makeQueue(&clock);
        queue->addAfter(u"a"_s, 100);
        QCOMPARE(queue->waitingCount(), 1);
        QCOMPARE(queue->length(), 0);
        clock.advance(99);
        QCOMPARE(queue->length(), 0);
        clock.advance(1);
        QCOMPARE(queue->waitingCount(), 0);
        QCOMPARE(takeAll(*queue), QStringList{u"a"_s});
    }

    void addAfterEarliestTimeWins()
    {
        ManualClock clock;
        const auto queue = makeQueue(&clock);
        queue->addAfter(u"a"_s, 100);
        queue->addAfter(u"a"_s, 50);
        queue->addAfter(u"a"_s, 80);
        QCOMPARE(queue->waitingCount(), 1);
        clock.advance(50);
        QCOMPARE(takeAll(*queue), QStringList{u"a"_s});
        queue->done(u"a"_s);
        clock.advance(100); // the later requests were merged, not kept
        QCOMPARE(queue->length(), 0);
    }

    void addAfterKeepsTheLaterTimeWhenItCameFirst()
    {
        ManualClock clock;
        const auto queue = makeQueue(&clock);
        queue->addAfter(u"a"_s, 100);
        queue->addAfter(u"a"_s, 300);
        clock.advance(100);
        QCOMPARE(takeAll(*queue), QStringList{u"a"_s});
        queue->done(u"a"_s);
        clock.advance(300);
        QCOMPARE(queue->length(), 0);
    }

    void addAfterReleasesInTimeOrder()
    {
        ManualClock clock;
        const auto queue = makeQueue(&clock);
        queue->addAfter(u"late"_s, 30);
        queue->addAfter(u"early"_s, 10);
        queue->addAfter(u"middle"_s, 20);
        queue->add(u"now"_s);
        clock.advance(15);
        QCOMPARE(takeAll(*queue), (QStringList{u"now"_s, u"early"_s}));
        QCOMPARE(queue->waitingCount(), 2);
        clock.advance(100);
        QCOMPARE(takeAll(*queue), (QStringList{u"middle"_s, u"late"_s}));
    }

    void addAfterWithoutDelayAddsAtOnce()
    {
        ManualClock clock;
        const auto queue = makeQueue(&clock);
        queue->addAfter(u"zero"_s, 0);
        queue->addAfter(u"negative"_s, -5);
        QCOMPARE(queue->waitingCount(), 0);
        QCOMPARE(takeAll(*queue), (QStringList{u"zero"_s, u"negative"_s}));
    }

    void delayedKeyStillWaitsForDone()
    {
        ManualClock clock;
        const auto queue = makeQueue(&clock);
        queue->add(u"a"_s);
        QCOMPARE(queue->tryGet(), u"a"_s);
        queue->addAfter(u"a"_s, 10);
        clock.advance(10);
        QCOMPARE(queue->length(), 0);
        queue->done(u"a"_s);
        QCOMPARE(takeAll(*queue), QStringList{u"a"_s});
    }

    void addAfterSurvivesAHugeDelay()
    {
        ManualClock clock;
        const auto queue = makeQueue(&clock);
        clock.advance(1000);
        queue->addAfter(u"a"_s, std::numeric_limits<qint64>::max()); // must not wrap into the past
        clock.advance(0);
        QCOMPARE(queue->length(), 0);
        QCOMPARE(queue->waitingCount(), 1);
    }

    // ---- rate_limiting_queue.go

    void addRateLimitedUsesTheLimiter()
    {
        ManualClock clock;
        const auto queue = makeQueue(&clock);
        queue->addRateLimited(u"a"_s);
        QCOMPARE(queue->numRequeues(u"a"_s), 1);
        clock.advance(4);
        QCOMPARE(queue->length(), 0);
        clock.advance(1);
        QCOMPARE(takeAll(*queue), QStringList{u"a"_s});
        queue->done(u"a"_s);

        queue->addRateLimited(u"a"_s);
        QCOMPARE(queue->numRequeues(u"a"_s), 2);
        clock.advance(9);
        QCOMPARE(queue->length(), 0);
        clock.advance(1);
        QCOMPARE(takeAll(*queue), QStringList{u"a"_s});
        queue->done(u"a"_s);

        queue->forget(u"a"_s);
        QCOMPARE(queue->numRequeues(u"a"_s), 0);
        queue->addRateLimited(u"a"_s);
        clock.advance(5);
        QCOMPARE(takeAll(*queue), QStringList{u"a"_s});
    }

    void defaultLimiterIsUsedWhenNoneIsGiven()
    {
        ManualClock clock;
        WorkQueue queue(nullptr, &clock);
        queue.addRateLimited(u"a"_s);
        clock.advance(4);
        QCOMPARE(queue.length(), 0);
        clock.advance(1);
        QCOMPARE(queue.length(), 1);
    }

    // ---- get()

    void getReturnsAReadyKeyAtOnce()
    {
        ManualClock clock;
        const auto queue = makeQueue(&clock);
        queue->add(u"a"_s);
        auto task = queue->get();
        QVERIFY(task.isReady());
        QCOMPARE(finish(task), u"a"_s);
        QVERIFY(queue->isProcessing(u"a"_s));
    }

    void getWaitsForAnAdd()
    {
        ManualClock clock;
        const auto queue = makeQueue(&clock);
        auto task = queue->get();
        QVERIFY(!task.isReady());
        QTimer::singleShot(10, queue.get(), [&queue] { queue->add(u"a"_s); });
        QCOMPARE(finish(task), u"a"_s);
        QVERIFY(queue->isProcessing(u"a"_s));
        QCOMPARE(queue->length(), 0);
    }

    void getWaitsForADelayedAdd()
    {
        ManualClock clock;
        const auto queue = makeQueue(&clock);
        queue->addAfter(u"a"_s, 1000);
        auto task = queue->get();
        QVERIFY(!task.isReady());
        QTimer::singleShot(0, queue.get(), [&clock] { clock.advance(1000); });
        QCOMPARE(finish(task), u"a"_s);
    }

    void getWaitsForDoneOfTheSameKey()
    {
        ManualClock clock;
        const auto queue = makeQueue(&clock);
        queue->add(u"a"_s);
        QCOMPARE(queue->tryGet(), u"a"_s);
        queue->add(u"a"_s);
        auto task = queue->get();
        QVERIFY(!task.isReady());
        QTimer::singleShot(0, queue.get(), [&queue] { queue->done(u"a"_s); });
        QCOMPARE(finish(task), u"a"_s);
    }

    void waitingGettersShareTheKeys()
    {
        ManualClock clock;
        const auto queue = makeQueue(&clock);
        auto first = queue->get();
        auto second = queue->get();
        QTimer::singleShot(0, queue.get(), [&queue] { queue->add(u"a"_s); });
        QTimer::singleShot(20, queue.get(), [&queue] { queue->add(u"b"_s); });
        const std::optional<QString> firstKey = finish(first);
        const std::optional<QString> secondKey = finish(second);
        QVERIFY(firstKey && secondKey);
        QCOMPARE((QSet<QString>{*firstKey, *secondKey}), (QSet<QString>{u"a"_s, u"b"_s}));
    }

    // ---- shutDown()

    void shutDownWakesAWaitingGetWithNothing()
    {
        ManualClock clock;
        const auto queue = makeQueue(&clock);
        QSignalSpy changed(queue.get(), &WorkQueue::changed);
        auto task = queue->get();
        QVERIFY(!task.isReady());
        QTimer::singleShot(0, queue.get(), [&queue] { queue->shutDown(); });
        QCOMPARE(finish(task), std::nullopt);
        QVERIFY(queue->isShuttingDown());
        QCOMPARE(changed.count(), 1);
    }

    void shutDownIgnoresLaterAdds()
    {
        ManualClock clock;
        const auto queue = makeQueue(&clock);
        queue->addAfter(u"delayed"_s, 10);
        queue->shutDown();
        queue->add(u"a"_s);
        queue->addAfter(u"b"_s, 5);
        queue->addRateLimited(u"c"_s);
        clock.advance(100);
        QCOMPARE(queue->length(), 0);
        QCOMPARE(queue->waitingCount(), 0);
        QCOMPARE(queue->numRequeues(u"c"_s), 0);
        QCOMPARE(queue->tryGet(), std::nullopt);
        auto task = queue->get();
        QVERIFY(task.isReady());
        QCOMPARE(finish(task), std::nullopt);
    }

    void shutDownStopsHandingOutQueuedKeys()
    {
        ManualClock clock;
        const auto queue = makeQueue(&clock);
        queue->add(u"a"_s);
        queue->shutDown();
        QCOMPARE(queue->tryGet(), std::nullopt);
    }

    void destroyingTheQueueEndsAWaitingGet()
    {
        ManualClock clock;
        auto queue = makeQueue(&clock);
        auto task = queue->get();
        QVERIFY(!task.isReady());
        queue.reset();
        QCOMPARE(finish(task), std::nullopt);
    }

    void destroyedQueueGetsNoClockCallbacks()
    {
        ManualClock clock;
        auto queue = makeQueue(&clock);
        queue->addAfter(u"a"_s, 10);
        QCOMPARE(clock.pendingCount(), 1);
        queue.reset();
        clock.advance(100); // would touch freed memory (ASan) if the callback ran
        QCOMPARE(clock.pendingCount(), 0);
    }

    // ---- counters and metrics

    void countsReadyWaitingAndProcessing()
    {
        ManualClock clock;
        const auto queue = makeQueue(&clock);
        queue->add(u"a"_s);
        queue->add(u"b"_s);
        queue->addAfter(u"c"_s, 10);
        queue->addAfter(u"d"_s, 20);
        QCOMPARE(queue->length(), 2);
        QCOMPARE(queue->waitingCount(), 2);
        QCOMPARE(queue->tryGet(), u"a"_s);
        QCOMPARE(queue->length(), 1);
        QVERIFY(queue->isProcessing(u"a"_s));
        QVERIFY(!queue->isProcessing(u"b"_s));
        clock.advance(10);
        QCOMPARE(queue->length(), 2);
        QCOMPARE(queue->waitingCount(), 1);
    }

    void changedIsEmittedWhenAKeyBecomesReady()
    {
        ManualClock clock;
        const auto queue = makeQueue(&clock);
        QSignalSpy changed(queue.get(), &WorkQueue::changed);
        queue->add(u"a"_s);
        queue->add(u"a"_s);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(queue->tryGet(), u"a"_s);
        queue->add(u"a"_s);
        QCOMPARE(changed.count(), 1); // not ready while processing
        queue->done(u"a"_s);
        QCOMPARE(changed.count(), 2);
        queue->addAfter(u"b"_s, 10);
        QCOMPARE(changed.count(), 2);
        clock.advance(10);
        QCOMPARE(changed.count(), 3);
    }

    void reportsMetrics()
    {
        ManualClock clock;
        const auto queue = makeQueue(&clock);
        int adds = 0;
        int retries = 0;
        QList<qsizetype> depths;
        QList<double> latencies;
        QList<double> durations;
        WorkQueueMetrics metrics;
        metrics.added = [&adds] { ++adds; };
        metrics.retried = [&retries] { ++retries; };
        metrics.depthChanged = [&depths](qsizetype depth) { depths.append(depth); };
        metrics.queueLatency = [&latencies](double seconds) { latencies.append(seconds); };
        metrics.workDuration = [&durations](double seconds) { durations.append(seconds); };
        queue->setMetrics(std::move(metrics));

        queue->add(u"a"_s);                  // t=0
        queue->add(u"a"_s);                  // duplicate: not an add
        clock.advance(100);
        queue->add(u"b"_s);                  // t=100
        clock.advance(150);
        QCOMPARE(queue->tryGet(), u"a"_s);   // t=250: waited 250 ms
        clock.advance(50);
        QCOMPARE(queue->tryGet(), u"b"_s);   // t=300: waited 200 ms
        clock.advance(1500);
        queue->done(u"a"_s);                 // t=1800: worked 1550 ms
        queue->addRateLimited(u"b"_s);       // 5 ms: a retry, and an add when it comes due
        queue->addAfter(u"c"_s, 0);          // a retry too (client-go counts every delayed add)
        clock.advance(5);
        queue->done(u"b"_s);                 // t=1805: worked 1505 ms, and queued again

        QCOMPARE(adds, 4);                   // a, b, c, b again
        QCOMPARE(retries, 2);
        QCOMPARE(depths, (QList<qsizetype>{1, 2, 1, 0, 1, 2}));
        QCOMPARE(latencies, (QList<double>{0.25, 0.2}));
        QCOMPARE(durations, (QList<double>{1.55, 1.505}));

        clock.advance(10);
        QCOMPARE(queue->tryGet(), u"c"_s);   // added at t=1800
        QCOMPARE(queue->tryGet(), u"b"_s);   // added at t=1805 while processing
        QCOMPARE(latencies, (QList<double>{0.25, 0.2, 0.015, 0.01}));
    }

    // ---- the clocks

    void manualClockRunsCallbacksInTimeOrder()
    {
        ManualClock clock;
        QObject context;
        QList<qint64> seen;
        clock.callAt(30, &context, [&] { seen.append(clock.nowMs()); });
        clock.callAt(10, &context, [&] {
            seen.append(clock.nowMs());
            clock.callAt(20, &context, [&] { seen.append(clock.nowMs()); }); // scheduled while advancing
        });
        clock.callAt(50, &context, [&] { seen.append(clock.nowMs()); });
        clock.advance(40);
        QCOMPARE(seen, (QList<qint64>{10, 20, 30}));
        QCOMPARE(clock.nowMs(), 40);
    }

    void manualClockRunsPastCallbacksOnTheNextAdvance()
    {
        ManualClock clock;
        QObject context;
        clock.advance(100);
        int runs = 0;
        clock.callAt(50, &context, [&runs] { ++runs; });
        QCOMPARE(runs, 0);
        clock.advance(0);
        QCOMPARE(runs, 1);
        QCOMPARE(clock.nowMs(), 100);
    }

    void manualClockSkipsCallbacksOfDestroyedContexts()
    {
        ManualClock clock;
        int runs = 0;
        {
            QObject context;
            clock.callAt(10, &context, [&runs] { ++runs; });
        }
        clock.advance(10);
        QCOMPARE(runs, 0);
    }

    void systemClockRunsNoEarlierThanAsked()
    {
        Clock *clock = Clock::system();
        QObject context;
        const qint64 start = clock->nowMs();
        qint64 ranAt = -1;
        clock->callAt(start + 30, &context, [&] { ranAt = clock->nowMs(); });
        QCOMPARE(ranAt, -1); // never inside callAt()
        QTRY_VERIFY_WITH_TIMEOUT(ranAt >= 0, GuardMs);
        QVERIFY2(ranAt >= start + 30, qPrintable(u"ran at +%1 ms"_s.arg(ranAt - start)));
    }

    void systemClockRunsOverdueCallbacksFromTheEventLoop()
    {
        Clock *clock = Clock::system();
        QObject context;
        bool ran = false;
        clock->callAt(clock->nowMs() - 1000, &context, [&ran] { ran = true; });
        QVERIFY(!ran);
        QTRY_VERIFY_WITH_TIMEOUT(ran, GuardMs);
    }

    void systemClockSkipsCallbacksOfDestroyedContexts()
    {
        Clock *clock = Clock::system();
        bool ran = false;
        {
            QObject context;
            clock->callAt(clock->nowMs() + 10, &context, [&ran] { ran = true; });
        }
        QTest::qWait(50);
        QVERIFY(!ran);
    }

    void queueOnTheSystemClockReleasesDelayedKeys()
    {
        const auto queue = makeQueue(Clock::system());
        queue->addAfter(u"a"_s, 20);
        QCOMPARE(queue->length(), 0);
        auto task = queue->get();
        QCOMPARE(finish(task), u"a"_s);
    }
};

QTEST_GUILESS_MAIN(WorkQueueTest)
#include "tst_workqueue.moc"

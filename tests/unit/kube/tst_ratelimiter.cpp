#include "kube/ratelimiter.h"
#include "manualclock.h"

#include <QTest>

#include <limits>

using namespace Qt::StringLiterals;
using locust::kube::BucketRateLimiter;
using locust::kube::ExponentialFailureRateLimiter;
using locust::kube::MaxOfRateLimiter;
using locust::kube::RateLimiter;
using locust::testsupport::ManualClock;

namespace {

// Reserves `count` tokens at once, so the following request is the first past them.
void drain(RateLimiter &limiter, int count)
{
    for (int i = 0; i < count; ++i)
        QCOMPARE(limiter.whenMs(u"key-%1"_s.arg(i)), 0);
}

} // namespace

class RateLimiterTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // ---- ExponentialFailureRateLimiter

    void exponentialDoublesFromTheBase()
    {
        ExponentialFailureRateLimiter limiter(5, 1000 * 1000);
        const QList<qint64> expected{5, 10, 20, 40, 80, 160, 320, 640};
        for (qsizetype i = 0; i < expected.size(); ++i) {
            QCOMPARE(limiter.whenMs(u"a"_s), expected[i]);
            QCOMPARE(limiter.numRequeues(u"a"_s), i + 1);
        }
    }

    void exponentialIsCappedAtTheMaximum()
    {
        ExponentialFailureRateLimiter limiter(5, 1000);
        const QList<qint64> expected{5, 10, 20, 40, 80, 160, 320, 640, 1000, 1000};
        for (const qint64 delay : expected)
            QCOMPARE(limiter.whenMs(u"a"_s), delay);
    }

    void exponentialKeysAreIndependent()
    {
        ExponentialFailureRateLimiter limiter(5, 1000 * 1000);
        QCOMPARE(limiter.whenMs(u"a"_s), 5);
        QCOMPARE(limiter.whenMs(u"a"_s), 10);
        QCOMPARE(limiter.whenMs(u"a"_s), 20);
        QCOMPARE(limiter.whenMs(u"b"_s), 5);
        QCOMPARE(limiter.numRequeues(u"a"_s), 3);
        QCOMPARE(limiter.numRequeues(u"b"_s), 1);
        QCOMPARE(limiter.numRequeues(u"never-failed"_s), 0);
    }

    void exponentialForgetStartsOver()
    {
        ExponentialFailureRateLimiter limiter(5, 1000 * 1000);
        limiter.whenMs(u"a"_s);
        limiter.whenMs(u"a"_s);
        limiter.whenMs(u"b"_s);
        limiter.forget(u"a"_s);
        QCOMPARE(limiter.numRequeues(u"a"_s), 0);
        QCOMPARE(limiter.whenMs(u"a"_s), 5);
        QCOMPARE(limiter.numRequeues(u"b"_s), 1); // forgetting one key leaves the others alone
        QCOMPARE(limiter.whenMs(u"b"_s), 10);
    }

    void exponentialNeverOverflows()
    {
        ExponentialFailureRateLimiter limiter(5, 1000 * 1000);
        qint64 previous = 0;
        for (int i = 0; i < 5000; ++i) {
            const qint64 delay = limiter.whenMs(u"a"_s);
            QVERIFY2(delay >= previous && delay <= 1000 * 1000,
                     qPrintable(u"failure %1: %2 ms"_s.arg(i).arg(delay)));
            previous = delay;
        }
        QCOMPARE(previous, 1000 * 1000);
        QCOMPARE(limiter.numRequeues(u"a"_s), 5000);
    }

    void exponentialWithHugeMaximumStaysExact()
    {
        // The cap is the full qint64 range: 2^62 still fits, the next step must not wrap.
        constexpr qint64 Max = std::numeric_limits<qint64>::max();
        ExponentialFailureRateLimiter limiter(1, Max);
        qint64 delay = 0;
        for (int i = 0; i <= 62; ++i)
            delay = limiter.whenMs(u"a"_s);
        QCOMPARE(delay, qint64(1) << 62);
        QCOMPARE(limiter.whenMs(u"a"_s), Max);
        QCOMPARE(limiter.whenMs(u"a"_s), Max);
    }

    // ---- BucketRateLimiter

    void bucketStartsFullThenSpacesRequestsByOneOverQps()
    {
        ManualClock clock;
        BucketRateLimiter limiter(10, 100, &clock);
        drain(limiter, 100);
        QCOMPARE(limiter.whenMs(u"x"_s), 100);
        QCOMPARE(limiter.whenMs(u"x"_s), 200);
        QCOMPARE(limiter.whenMs(u"y"_s), 300); // one bucket for all keys
        QCOMPARE(limiter.numRequeues(u"x"_s), 0);
    }

    void bucketRoundsUpFractionalDelays()
    {
        ManualClock clock;
        BucketRateLimiter limiter(3, 1, &clock);
        QCOMPARE(limiter.whenMs(u"x"_s), 0);
        QCOMPARE(limiter.whenMs(u"x"_s), 334); // 333.3 ms: never let through early
        QCOMPARE(limiter.whenMs(u"x"_s), 667);
    }

    void bucketRefillsWithTheClock()
    {
        ManualClock clock;
        BucketRateLimiter limiter(10, 100, &clock);
        drain(limiter, 100);
        clock.advance(1000);
        drain(limiter, 10); // one second at 10 qps: ten more tokens
        QCOMPARE(limiter.whenMs(u"x"_s), 100);
    }

    void bucketRefillPaysOffDebtFirst()
    {
        ManualClock clock;
        BucketRateLimiter limiter(10, 100, &clock);
        drain(limiter, 100);
        QCOMPARE(limiter.whenMs(u"x"_s), 100);
        QCOMPARE(limiter.whenMs(u"x"_s), 200);
        clock.advance(150);  // 1.5 tokens earned, 2 owed
        QCOMPARE(limiter.whenMs(u"x"_s), 150);
        clock.advance(150);
        QCOMPARE(limiter.whenMs(u"x"_s), 100);
    }

    void bucketSavesNoMoreThanTheBurst()
    {
        ManualClock clock;
        BucketRateLimiter limiter(10, 5, &clock);
        drain(limiter, 5);
        clock.advance(60 * 60 * 1000); // an idle hour is worth 36000 tokens, but only 5 fit
        drain(limiter, 5);
        QCOMPARE(limiter.whenMs(u"x"_s), 100);
    }

    void bucketWithoutRefillAdmitsOnlyTheBurst()
    {
        ManualClock clock;
        BucketRateLimiter limiter(0, 2, &clock);
        drain(limiter, 2);
        clock.advance(1000 * 1000);
        QCOMPARE(limiter.whenMs(u"x"_s), std::numeric_limits<qint64>::max());
    }

    // ---- MaxOfRateLimiter and the controller default

    void maxOfTakesTheLongestAndAsksEveryLimiter()
    {
        ManualClock clock;
        std::vector<std::unique_ptr<RateLimiter>> limiters;
        limiters.push_back(std::make_unique<ExponentialFailureRateLimiter>(5, 1000));
        limiters.push_back(std::make_unique<ExponentialFailureRateLimiter>(30, 1000));
        limiters.push_back(std::make_unique<BucketRateLimiter>(10, 2, &clock));
        MaxOfRateLimiter limiter(std::move(limiters));

        QCOMPARE(limiter.whenMs(u"a"_s), 30);  // second exponential
        QCOMPARE(limiter.whenMs(u"a"_s), 60);
        QCOMPARE(limiter.whenMs(u"a"_s), 120); // bucket says 100, exponential 120
        QCOMPARE(limiter.whenMs(u"b"_s), 200); // bucket: every whenMs() took a token
        QCOMPARE(limiter.numRequeues(u"a"_s), 3);

        limiter.forget(u"a"_s);
        QCOMPARE(limiter.numRequeues(u"a"_s), 0);
        clock.advance(10 * 1000);
        QCOMPARE(limiter.whenMs(u"a"_s), 30);
    }

    void defaultControllerLimiterBucketSlowsTheHundredAndFirstKey()
    {
        ManualClock clock;
        const std::unique_ptr<RateLimiter> limiter = locust::kube::defaultControllerRateLimiter(&clock);
        for (int i = 0; i < 100; ++i)
            QCOMPARE(limiter->whenMs(u"key-%1"_s.arg(i)), 5); // first failure of each key: base delay
        QCOMPARE(limiter->whenMs(u"key-100"_s), 100);          // the bucket is empty
        QCOMPARE(limiter->whenMs(u"key-101"_s), 200);
    }

    void defaultControllerLimiterDoublesPerKeyUpTo1000s()
    {
        ManualClock clock;
        const std::unique_ptr<RateLimiter> limiter = locust::kube::defaultControllerRateLimiter(&clock);
        QCOMPARE(limiter->whenMs(u"a"_s), 5);
        QCOMPARE(limiter->whenMs(u"a"_s), 10);
        QCOMPARE(limiter->whenMs(u"a"_s), 20);
        QCOMPARE(limiter->whenMs(u"a"_s), 40);
        QCOMPARE(limiter->numRequeues(u"a"_s), 4);
        for (int i = 0; i < 200; ++i) {
            clock.advance(1000 * 1000); // keep the bucket full so only the exponential counts
            limiter->whenMs(u"a"_s);
        }
        clock.advance(1000 * 1000);
        QCOMPARE(limiter->whenMs(u"a"_s), 1000 * 1000);
        limiter->forget(u"a"_s);
        QCOMPARE(limiter->whenMs(u"a"_s), 5);
    }
};

QTEST_GUILESS_MAIN(RateLimiterTest)
#include "tst_ratelimiter.moc"

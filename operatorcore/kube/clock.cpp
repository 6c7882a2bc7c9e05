#include "kube/clock.h"

#include <QElapsedTimer>
#include <QTimer>

#include <algorithm>
#include <limits>

namespace locust::kube {

namespace {

// QTimer intervals are int milliseconds; a longer wait is made of hops of at most this length.
constexpr qint64 LongestTimerIntervalMs = std::numeric_limits<int>::max();

// The real clock: a monotonic QElapsedTimer for "now", precise single-shot timers for callAt().
class SystemClock final : public Clock
{
public:
    SystemClock() { m_elapsed.start(); }

    qint64 nowMs() const override { return m_elapsed.elapsed(); }

    // Never runs the callback inside callAt(), even for a time already reached: a caller that schedules
    // from inside its own state changes must not be re-entered (ManualClock behaves the same).
    void callAt(qint64 atMs, QObject *context, std::function<void()> callback) override
    {
        const qint64 now = nowMs();
        // Compared before subtracting so that atMs near the qint64 limits cannot overflow.
        const qint64 delayMs = atMs <= now ? 0 : std::min(atMs - now, LongestTimerIntervalMs);
        // A timer may fire a fraction of a millisecond before QElapsedTimer says atMs has come, and a
        // long wait is split into hops: either way the callback is only run once nowMs() >= atMs.
        auto fire = [this, atMs, context, callback = std::move(callback)]() mutable {
            if (nowMs() < atMs)
                callAt(atMs, context, std::move(callback));
            else
                callback();
        };
        // The context overload drops the call when context dies first; without a context nothing guards it.
        if (context)
            QTimer::singleShot(static_cast<int>(delayMs), Qt::PreciseTimer, context, std::move(fire));
        else
            QTimer::singleShot(static_cast<int>(delayMs), Qt::PreciseTimer, std::move(fire));
    }

private:
    QElapsedTimer m_elapsed;
};

} // namespace

Clock *Clock::system()
{
    static SystemClock clock;
    return &clock;
}

} // namespace locust::kube

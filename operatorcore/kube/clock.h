#pragma once

#include <QObject>

#include <functional>

namespace locust::kube {

// Time as the client's timing logic sees it: a monotonic "now" in milliseconds and a way to run
// something later. Work queues, rate limiters, backoff and leader election take a Clock so that
// unit tests drive time by hand (tests/testsupport/manualclock.h) instead of sleeping.
class Clock
{
public:
    virtual ~Clock() = default;

    // Milliseconds on a monotonic clock; only differences are meaningful.
    virtual qint64 nowMs() const = 0;

    // Runs callback once, on context's thread, when nowMs() reaches atMs (at once if it already has).
    // Nothing runs if context is destroyed first.
    virtual void callAt(qint64 atMs, QObject *context, std::function<void()> callback) = 0;

    // The process-wide real clock (QElapsedTimer and QTimer).
    static Clock *system();
};

} // namespace locust::kube

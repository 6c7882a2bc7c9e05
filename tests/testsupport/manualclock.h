#pragma once

#include "kube/clock.h"

#include <QPointer>

#include <map>
#include <utility>

namespace locust::testsupport {

// A Clock that only moves when a test says so, so timing logic is tested without sleeping.
//  - Time starts at 0 ms and moves only through advance().
//  - callAt() never runs the callback itself, even for a time already reached: such a callback runs on the
//    next advance() call, advance(0) included. (The system clock likewise runs it later from the event
//    loop, never inside callAt().)
//  - advance() runs every callback due by the new time in time order (equal times in the order they were
//    scheduled), with nowMs() set to each callback's own time while it runs (or left as is for one that
//    was already overdue), so code that reads the clock inside a callback sees the time it asked for.
//    Callbacks scheduled by those callbacks run in the same advance() if they are due by then.
//  - A callback whose context object was destroyed is dropped; a null context guards nothing.
class ManualClock final : public kube::Clock
{
public:
    qint64 nowMs() const override { return m_nowMs; }
    void callAt(qint64 atMs, QObject *context, std::function<void()> callback) override;

    // Moves time forward by ms (a negative step counts as 0: the clock is monotonic).
    void advance(qint64 ms);

    // Callbacks scheduled and not yet run or dropped.
    qsizetype pendingCount() const { return static_cast<qsizetype>(m_pending.size()); }

private:
    struct Pending
    {
        bool guarded;
        QPointer<QObject> context;
        std::function<void()> callback;
    };

    qint64 m_nowMs = 0;
    quint64 m_nextSequence = 0;
    std::map<std::pair<qint64, quint64>, Pending> m_pending; // by (time, scheduling order)
};

} // namespace locust::testsupport

#include "manualclock.h"

#include <algorithm>

namespace locust::testsupport {

void ManualClock::callAt(qint64 atMs, QObject *context, std::function<void()> callback)
{
    m_pending.emplace(std::pair(atMs, m_nextSequence++),
                      Pending{context != nullptr, QPointer<QObject>(context), std::move(callback)});
}

void ManualClock::advance(qint64 ms)
{
    const qint64 target = m_nowMs + std::max<qint64>(0, ms);
    while (!m_pending.empty() && m_pending.begin()->first.first <= target) {
        // Taken out before it runs: the callback may schedule more (and so change m_pending).
        auto node = m_pending.extract(m_pending.begin());
        m_nowMs = std::max(m_nowMs, node.key().first);
        const Pending &pending = node.mapped();
        if (pending.guarded && !pending.context)
            continue;
        pending.callback();
    }
    m_nowMs = target;
}

} // namespace locust::testsupport

#include "kube/waker.h"

#include <QTimer>

#include <algorithm>

namespace locust::kube {

struct Waker::State
{
    std::vector<Wait *> waiters;
};

Waker::Waker()
    : m_state(std::make_shared<State>())
{
}

Waker::~Waker()
{
    wakeAll();
}

Waker::Wait Waker::wait(std::chrono::milliseconds timeout)
{
    return Wait(m_state, timeout);
}

void Waker::wakeAll()
{
    // Waiters resumed here may wait again; those go into the fresh list and stay asleep.
    const std::vector<Wait *> waiters = std::exchange(m_state->waiters, {});
    for (Wait *waiter : waiters)
        waiter->resume(true);
}

qsizetype Waker::waiterCount() const
{
    return qsizetype(m_state->waiters.size());
}

Waker::Wait::Wait(std::shared_ptr<State> state, std::chrono::milliseconds timeout)
    : m_state(std::move(state))
    , m_timeout(timeout)
{
}

void Waker::Wait::await_suspend(std::coroutine_handle<> handle)
{
    m_handle = handle;
    m_state->waiters.push_back(this);
    if (m_timeout.count() >= 0) {
        m_timer = new QTimer;
        m_timer->setSingleShot(true);
        m_timer->setTimerType(Qt::PreciseTimer);
        QObject::connect(m_timer, &QTimer::timeout, m_timer, [this] {
            auto &waiters = m_state->waiters;
            waiters.erase(std::remove(waiters.begin(), waiters.end(), this), waiters.end());
            resume(false);
        });
        m_timer->start(m_timeout);
    }
}

void Waker::Wait::resume(bool woken)
{
    m_woken = woken;
    if (m_timer) {
        m_timer->stop();
        m_timer->deleteLater(); // this may run inside the timer's own signal
        m_timer = nullptr;
    }
    m_handle.resume(); // may destroy *this (it lives in the coroutine frame): touch nothing after
}

} // namespace locust::kube

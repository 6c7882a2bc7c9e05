#pragma once

#include <QCoroTask>

#include <chrono>
#include <coroutine>
#include <memory>
#include <vector>

class QTimer;

namespace locust::kube {

// Lets coroutines sleep until they are woken or a timeout passes:
//     const bool woken = co_await m_waker.wait(std::chrono::seconds(2));
// wakeAll() resumes every waiter at once, synchronously, and so does destroying the Waker, so a
// coroutine waiting on an object that goes away always resumes (and can notice that it should
// stop) instead of leaking its frame. (QCoro's signal waits resume through a queued call, which
// never comes once the sender is gone.)
class Waker
{
public:
    Waker();
    ~Waker();
    Waker(const Waker &) = delete;
    Waker &operator=(const Waker &) = delete;

    class Wait;
    // A negative timeout waits until woken.
    Wait wait(std::chrono::milliseconds timeout = std::chrono::milliseconds(-1));
    void wakeAll();
    qsizetype waiterCount() const;

    struct State;

    class Wait
    {
    public:
        Wait(std::shared_ptr<State> state, std::chrono::milliseconds timeout);
        Wait(Wait &&) = default;
        bool await_ready() const noexcept { return false; }
        void await_suspend(std::coroutine_handle<> handle);
        bool await_resume() const noexcept { return m_woken; } // false after the timeout

    private:
        friend class Waker;
        void resume(bool woken);

        std::shared_ptr<State> m_state;
        std::chrono::milliseconds m_timeout;
        std::coroutine_handle<> m_handle;
        QTimer *m_timer = nullptr;
        bool m_woken = false;
    };

private:
    std::shared_ptr<State> m_state;
};

} // namespace locust::kube

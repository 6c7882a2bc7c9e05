#include "kube/workqueue.h"

#include <QTimer>

#include <coroutine>
#include <deque>
#include <limits>
#include <map>
#include <set>
#include <utility>
#include <vector>

namespace locust::kube {

namespace {

// The get() coroutines that wait for a key. Each waiting coroutine shares ownership, so one that is woken
// after the queue was destroyed can find that out here without touching the queue.
struct WaitingGetters
{
    std::vector<std::coroutine_handle<>> handles;
    bool queueDestroyed = false;
};

// co_await-ed by get(): suspends until wakeAll() resumes the coroutine. Not QCoro's qCoro(signal), because
// that resumes through a queued connection whose context is the queue, so a get() waiting while the queue
// is destroyed would never be resumed at all.
class NextWakeUp
{
public:
    explicit NextWakeUp(std::shared_ptr<WaitingGetters> getters)
        : m_getters(std::move(getters))
    {
    }

    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> waiting) { m_getters->handles.push_back(waiting); }
    void await_resume() const noexcept {}

private:
    std::shared_ptr<WaitingGetters> m_getters;
};

// Resumes every waiting get() from the event loop rather than from inside add()/done()/shutDown(), so a
// worker's processing never runs nested in the call that made a key ready. The call has no context
// object on purpose: it must also run after the queue is gone, so that waiters end with std::nullopt.
// (QCoro 0.8 keeps a suspended coroutine alive even if its Task is dropped, so the handles stay valid.)
void wakeAll(WaitingGetters &getters)
{
    if (getters.handles.empty())
        return;
    QTimer::singleShot(0, [handles = std::exchange(getters.handles, {})] {
        for (const std::coroutine_handle<> handle : handles)
            handle.resume();
    });
}

qint64 saturatingAdd(qint64 a, qint64 b)
{
    if (b > 0 && a > std::numeric_limits<qint64>::max() - b)
        return std::numeric_limits<qint64>::max();
    if (b < 0 && a < std::numeric_limits<qint64>::min() - b)
        return std::numeric_limits<qint64>::min();
    return a + b;
}

double secondsBetween(qint64 fromMs, qint64 toMs)
{
    return static_cast<double>(toMs - fromMs) / 1000.0;
}

} // namespace

// The three sets of client-go's queue.go (queue, dirty, processing) plus the waiting list of
// delaying_queue.go.
struct WorkQueue::Private
{
    Private(WorkQueue *queue, std::unique_ptr<RateLimiter> rateLimiter, Clock *clock)
        : q(queue)
        , rateLimiter(std::move(rateLimiter))
        , clock(clock)
    {
    }

    void add(const QString &key);
    std::optional<QString> take();
    void addWhenReady(const QString &key, qint64 readyAtMs);
    void armTimerForEarliestWaiting();
    void releaseReadyWaiting(qint64 firedForMs);
    void pushReady(const QString &key);

    WorkQueue *q;
    std::unique_ptr<RateLimiter> rateLimiter;
    Clock *clock;

    std::deque<QString> ready;   // keys to hand out, in order
    QSet<QString> dirty;         // keys added and not yet handed out (ready, or waiting for done())
    QSet<QString> processing;    // keys between get() and done()
    bool shuttingDown = false;

    // addAfter(): a key waits until its ready time; ties keep the order of the addAfter() calls.
    struct WaitingSlot
    {
        qint64 readyAtMs;
        quint64 sequence;
        auto operator<=>(const WaitingSlot &) const = default;
    };
    QHash<QString, WaitingSlot> waitingSlots;
    std::map<WaitingSlot, QString> waitingByTime;
    quint64 nextSequence = 0;
    // The times the clock has been asked to call back at and has not yet. Clock callbacks cannot be
    // cancelled, so a callback only ever releases what is due and re-arms for what is left; remembering
    // them avoids piling up a callback per addAfter().
    std::set<qint64> armedTimes;

    std::shared_ptr<WaitingGetters> getters = std::make_shared<WaitingGetters>();

    WorkQueueMetrics metrics;
    QHash<QString, qint64> addedAtMs;        // for the queue latency, from the first add to get()
    QHash<QString, qint64> processingSinceMs; // for the work duration, from get() to done()
};

void WorkQueue::Private::add(const QString &key)
{
    if (shuttingDown || dirty.contains(key))
        return;
    dirty.insert(key);
    if (metrics.added)
        metrics.added();
    if (!addedAtMs.contains(key))
        addedAtMs.insert(key, clock->nowMs());
    // A key being processed is queued again by done(): never two workers on one key.
    if (processing.contains(key))
        return;
    pushReady(key);
}

void WorkQueue::Private::pushReady(const QString &key)
{
    ready.push_back(key);
    if (metrics.depthChanged)
        metrics.depthChanged(static_cast<qsizetype>(ready.size()));
    wakeAll(*getters);
    Q_EMIT q->changed();
}

std::optional<QString> WorkQueue::Private::take()
{
    // Unlike client-go, whose Get() drains what is left after ShutDown(), a shut-down queue hands out
    // nothing: workers stop at once, as the header promises.
    if (shuttingDown || ready.empty())
        return std::nullopt;
    QString key = ready.front();
    ready.pop_front();
    if (metrics.depthChanged)
        metrics.depthChanged(static_cast<qsizetype>(ready.size()));
    processing.insert(key);
    dirty.remove(key);

    const qint64 now = clock->nowMs();
    if (const auto addedAt = addedAtMs.constFind(key); addedAt != addedAtMs.cend()) {
        if (metrics.queueLatency)
            metrics.queueLatency(secondsBetween(*addedAt, now));
        addedAtMs.erase(addedAt);
    }
    processingSinceMs.insert(key, now);
    return key;
}

void WorkQueue::Private::addWhenReady(const QString &key, qint64 readyAtMs)
{
    if (const auto existing = waitingSlots.constFind(key); existing != waitingSlots.cend()) {
        // The earliest pending time wins (delaying_queue.go).
        if (existing->readyAtMs <= readyAtMs)
            return;
        waitingByTime.erase(*existing);
        waitingSlots.erase(existing);
    }
    const WaitingSlot slot{readyAtMs, nextSequence++};
    waitingSlots.insert(key, slot);
    waitingByTime.emplace(slot, key);
    armTimerForEarliestWaiting();
}

void WorkQueue::Private::armTimerForEarliestWaiting()
{
    if (waitingByTime.empty())
        return;
    const qint64 earliest = waitingByTime.begin()->first.readyAtMs;
    // A callback at or before the earliest time is already coming and will re-arm for the rest.
    if (!armedTimes.empty() && *armedTimes.begin() <= earliest)
        return;
    armedTimes.insert(earliest);
    // The queue is the context: no callback runs after it is destroyed.
    clock->callAt(earliest, q, [this, earliest] { releaseReadyWaiting(earliest); });
}

void WorkQueue::Private::releaseReadyWaiting(qint64 firedForMs)
{
    armedTimes.erase(firedForMs);
    const qint64 now = clock->nowMs();
    while (!waitingByTime.empty() && waitingByTime.begin()->first.readyAtMs <= now) {
        const QString key = waitingByTime.begin()->second;
        waitingByTime.erase(waitingByTime.begin());
        waitingSlots.remove(key);
        add(key);
    }
    armTimerForEarliestWaiting();
}

// ---------------------------------------------------------------------------------------------------

WorkQueue::WorkQueue(std::unique_ptr<RateLimiter> rateLimiter, Clock *clock, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(
          this, rateLimiter ? std::move(rateLimiter) : defaultControllerRateLimiter(clock), clock))
{
}

WorkQueue::~WorkQueue()
{
    // Waiting get() calls end with std::nullopt; they resume later, from the event loop, and check
    // queueDestroyed before touching the queue.
    d->shuttingDown = true;
    d->getters->queueDestroyed = true;
    wakeAll(*d->getters);
}

void WorkQueue::add(const QString &key)
{
    d->add(key);
}

void WorkQueue::addAfter(const QString &key, qint64 delayMs)
{
    if (d->shuttingDown)
        return;
    // client-go counts every delayed add as a retry (delaying_queue.go AddAfter).
    if (d->metrics.retried)
        d->metrics.retried();
    if (delayMs <= 0) {
        d->add(key);
        return;
    }
    d->addWhenReady(key, saturatingAdd(d->clock->nowMs(), delayMs));
}

void WorkQueue::addRateLimited(const QString &key)
{
    // Checked first so that a queue that is shutting down does not count failures it will never retry.
    if (d->shuttingDown)
        return;
    addAfter(key, d->rateLimiter->whenMs(key));
}

void WorkQueue::forget(const QString &key)
{
    d->rateLimiter->forget(key);
}

int WorkQueue::numRequeues(const QString &key) const
{
    return d->rateLimiter->numRequeues(key);
}

QCoro::Task<std::optional<QString>> WorkQueue::get()
{
    // Held by the coroutine frame so that it outlives the queue if need be.
    const std::shared_ptr<WaitingGetters> getters = d->getters;
    while (true) {
        if (getters->queueDestroyed || d->shuttingDown)
            co_return std::nullopt;
        if (std::optional<QString> key = d->take())
            co_return key;
        co_await NextWakeUp(getters);
    }
}

std::optional<QString> WorkQueue::tryGet()
{
    return d->take();
}

void WorkQueue::done(const QString &key)
{
    if (!d->processing.remove(key))
        return;
    if (const auto since = d->processingSinceMs.constFind(key); since != d->processingSinceMs.cend()) {
        if (d->metrics.workDuration)
            d->metrics.workDuration(secondsBetween(*since, d->clock->nowMs()));
        d->processingSinceMs.erase(since);
    }
    // Added again while it was processed: its turn comes now.
    if (d->dirty.contains(key) && !d->shuttingDown)
        d->pushReady(key);
}

void WorkQueue::shutDown()
{
    if (d->shuttingDown)
        return;
    d->shuttingDown = true;
    // Delayed adds would be ignored when they come due; dropping them now keeps waitingCount() honest.
    d->waitingSlots.clear();
    d->waitingByTime.clear();
    wakeAll(*d->getters);
    Q_EMIT changed();
}

bool WorkQueue::isShuttingDown() const
{
    return d->shuttingDown;
}

qsizetype WorkQueue::length() const
{
    return static_cast<qsizetype>(d->ready.size());
}

qsizetype WorkQueue::waitingCount() const
{
    return d->waitingSlots.size();
}

bool WorkQueue::isProcessing(const QString &key) const
{
    return d->processing.contains(key);
}

void WorkQueue::setMetrics(WorkQueueMetrics metrics)
{
    d->metrics = std::move(metrics);
}

} // namespace locust::kube

#pragma once

#include "kube/clock.h"
#include "kube/ratelimiter.h"

#include <QCoroTask>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace locust::kube {

// Observers for the controller-runtime workqueue_* metrics; every member may be left empty.
struct WorkQueueMetrics
{
    std::function<void(qsizetype depth)> depthChanged;
    std::function<void()> added;                        // workqueue_adds_total
    std::function<void()> retried;                      // workqueue_retries_total
    std::function<void(double seconds)> queueLatency;   // workqueue_queue_duration_seconds
    std::function<void(double seconds)> workDuration;   // workqueue_work_duration_seconds
};

// A rate-limited, de-duplicating work queue with client-go's semantics:
//  - a key is queued at most once; adding a queued key does nothing;
//  - a key being processed (between get() and done()) is never handed out again until done(); if it
//    was added meanwhile, done() queues it again;
//  - addAfter() delays an add (the earliest pending time wins for a key);
//  - addRateLimited() delays by the rate limiter's verdict; forget() resets the key's failures;
//  - shutDown() wakes every waiting get() with std::nullopt; adds after that are ignored.
// Single-threaded: use it from the thread that created it.
class WorkQueue : public QObject
{
    Q_OBJECT

public:
    explicit WorkQueue(std::unique_ptr<RateLimiter> rateLimiter, Clock *clock = Clock::system(),
                       QObject *parent = nullptr);
    ~WorkQueue() override;

    void add(const QString &key);
    void addAfter(const QString &key, qint64 delayMs);
    void addRateLimited(const QString &key);
    void forget(const QString &key);
    int numRequeues(const QString &key) const;

    // The next key, waiting until there is one; std::nullopt once the queue is shut down.
    QCoro::Task<std::optional<QString>> get();
    // The next key if one is ready now.
    std::optional<QString> tryGet();
    void done(const QString &key);

    void shutDown();
    bool isShuttingDown() const;

    qsizetype length() const;        // keys ready to be handed out
    qsizetype waitingCount() const;  // keys delayed by addAfter / addRateLimited
    bool isProcessing(const QString &key) const;

    void setMetrics(WorkQueueMetrics metrics);

Q_SIGNALS:
    // Emitted when a key becomes ready or the queue shuts down.
    void changed();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace locust::kube

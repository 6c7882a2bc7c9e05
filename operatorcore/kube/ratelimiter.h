#pragma once

#include "kube/clock.h"

#include <QHash>
#include <QString>

#include <memory>

namespace locust::kube {

// How long to wait before an item may be retried, as client-go's workqueue rate limiters decide.
class RateLimiter
{
public:
    virtual ~RateLimiter() = default;
    // The delay before `key` may be processed again; counts as one more failure of `key`.
    virtual qint64 whenMs(const QString &key) = 0;
    // The item succeeded: its failures are forgotten.
    virtual void forget(const QString &key) = 0;
    virtual int numRequeues(const QString &key) const = 0;
};

// base * 2^failures, capped at max (client-go ItemExponentialFailureRateLimiter).
class ExponentialFailureRateLimiter final : public RateLimiter
{
public:
    ExponentialFailureRateLimiter(qint64 baseDelayMs, qint64 maxDelayMs);
    qint64 whenMs(const QString &key) override;
    void forget(const QString &key) override;
    int numRequeues(const QString &key) const override;

private:
    qint64 m_baseMs;
    qint64 m_maxMs;
    QHash<QString, int> m_failures;
};

// A token bucket shared by all items: qps tokens per second, at most `burst` saved (client-go
// BucketRateLimiter over golang.org/x/time/rate).
class BucketRateLimiter final : public RateLimiter
{
public:
    BucketRateLimiter(double qps, int burst, Clock *clock = Clock::system());
    qint64 whenMs(const QString &key) override;
    void forget(const QString &) override {}
    int numRequeues(const QString &) const override { return 0; }

private:
    double m_qps;
    int m_burst;
    Clock *m_clock;
    double m_tokens;
    qint64 m_lastMs;
};

// The longest delay of several limiters (client-go MaxOfRateLimiter).
class MaxOfRateLimiter final : public RateLimiter
{
public:
    explicit MaxOfRateLimiter(std::vector<std::unique_ptr<RateLimiter>> limiters);
    qint64 whenMs(const QString &key) override;
    void forget(const QString &key) override;
    int numRequeues(const QString &key) const override;

private:
    std::vector<std::unique_ptr<RateLimiter>> m_limiters;
};

// Per-item exponential backoff 5 ms .. 1000 s combined with an overall 10 qps / burst 100 bucket:
// controller-runtime's default controller rate limiter.
std::unique_ptr<RateLimiter> defaultControllerRateLimiter(Clock *clock = Clock::system());

} // namespace locust::kube

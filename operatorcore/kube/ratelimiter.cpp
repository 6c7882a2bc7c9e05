#include "kube/ratelimiter.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace locust::kube {

namespace {

// What a limiter answers when an item may never run again (x/time/rate's InfDuration). Callers add it
// to "now", so they must saturate (WorkQueue does).
constexpr qint64 NeverMs = std::numeric_limits<qint64>::max();

} // namespace

// ---------------------------------------------------------------------------------------------------
// ExponentialFailureRateLimiter

ExponentialFailureRateLimiter::ExponentialFailureRateLimiter(qint64 baseDelayMs, qint64 maxDelayMs)
    : m_baseMs(std::max<qint64>(0, baseDelayMs))
    , m_maxMs(std::max<qint64>(0, maxDelayMs))
{
}

qint64 ExponentialFailureRateLimiter::whenMs(const QString &key)
{
    int &failures = m_failures[key];
    const int exponent = failures;
    // Saturates instead of wrapping: a key that keeps failing stays at the maximum delay.
    if (failures < std::numeric_limits<int>::max())
        ++failures;

    // base * 2^exponent <= max exactly when base <= max / 2^exponent, so the cap is decided before
    // anything is shifted and thousands of failures cannot overflow (client-go compares in float64).
    if (m_baseMs == 0)
        return 0;
    if (exponent >= 63 || m_baseMs > (m_maxMs >> exponent))
        return m_maxMs;
    return m_baseMs << exponent;
}

void ExponentialFailureRateLimiter::forget(const QString &key)
{
    m_failures.remove(key);
}

int ExponentialFailureRateLimiter::numRequeues(const QString &key) const
{
    return m_failures.value(key);
}

// ---------------------------------------------------------------------------------------------------
// BucketRateLimiter

BucketRateLimiter::BucketRateLimiter(double qps, int burst, Clock *clock)
    : m_qps(qps)
    , m_burst(burst)
    , m_clock(clock)
    , m_tokens(std::max(0, burst)) // x/time/rate: a new bucket is full
    , m_lastMs(clock->nowMs())
{
}

// A reservation of one token as golang.org/x/time/rate's Limiter.Reserve().Delay(): the bucket refills at
// qps up to burst, the token is taken even when it is not there yet (the count goes negative), and the
// delay is the time until the debt is paid off, so each request past the burst waits 1/qps longer.
qint64 BucketRateLimiter::whenMs(const QString &)
{
    if (std::isinf(m_qps) && m_qps > 0)
        return 0;
    // x/time/rate refuses a reservation larger than the burst, which the caller sees as "never".
    if (m_burst < 1)
        return NeverMs;

    const qint64 now = m_clock->nowMs();
    if (m_qps > 0) {
        const qint64 elapsedMs = std::max<qint64>(0, now - m_lastMs);
        m_tokens = std::min<double>(m_burst, m_tokens + static_cast<double>(elapsedMs) * m_qps / 1000.0);
    }
    m_lastMs = now;

    if (!(m_qps > 0)) {
        // No refill: the saved tokens are all there will ever be.
        if (m_tokens < 1)
            return NeverMs;
        m_tokens -= 1;
        return 0;
    }

    m_tokens -= 1;
    if (m_tokens >= 0)
        return 0;
    const double delayMs = -m_tokens * 1000.0 / m_qps;
    // Rounded up so an item is never let through early; the epsilon keeps float noise in an exact
    // result (100.00000000001 ms) from adding a whole millisecond.
    if (delayMs >= static_cast<double>(NeverMs))
        return NeverMs;
    return static_cast<qint64>(std::ceil(delayMs - 1e-6));
}

// ---------------------------------------------------------------------------------------------------
// MaxOfRateLimiter

MaxOfRateLimiter::MaxOfRateLimiter(std::vector<std::unique_ptr<RateLimiter>> limiters)
    : m_limiters(std::move(limiters))
{
    std::erase(m_limiters, nullptr);
}

qint64 MaxOfRateLimiter::whenMs(const QString &key)
{
    // Every limiter is asked, not only until one gives the largest answer: each must count the failure
    // (and the bucket must spend its token), as in client-go.
    qint64 longest = 0;
    for (const auto &limiter : m_limiters)
        longest = std::max(longest, limiter->whenMs(key));
    return longest;
}

void MaxOfRateLimiter::forget(const QString &key)
{
    for (const auto &limiter : m_limiters)
        limiter->forget(key);
}

int MaxOfRateLimiter::numRequeues(const QString &key) const
{
    int most = 0;
    for (const auto &limiter : m_limiters)
        most = std::max(most, limiter->numRequeues(key));
    return most;
}

// ---------------------------------------------------------------------------------------------------

std::unique_ptr<RateLimiter> defaultControllerRateLimiter(Clock *clock)
{
    // controller-runtime's workqueue.DefaultTypedControllerRateLimiter.
    constexpr qint64 BaseDelayMs = 5;
    constexpr qint64 MaxDelayMs = 1000 * 1000;
    constexpr double BucketQps = 10;
    constexpr int BucketBurst = 100;

    std::vector<std::unique_ptr<RateLimiter>> limiters;
    limiters.push_back(std::make_unique<ExponentialFailureRateLimiter>(BaseDelayMs, MaxDelayMs));
    limiters.push_back(std::make_unique<BucketRateLimiter>(BucketQps, BucketBurst, clock));
    return std::make_unique<MaxOfRateLimiter>(std::move(limiters));
}

} // namespace locust::kube

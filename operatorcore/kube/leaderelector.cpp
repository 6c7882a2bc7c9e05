#include "kube/leaderelector.h"

#include <QDateTime>
#include <QPointer>
#include <QRandomGenerator>

using namespace Qt::StringLiterals;

namespace locust::kube {

namespace {

constexpr double jitterFactor = 1.2;

// metav1.MicroTime: RFC 3339 with microseconds.
QString microTimeNow()
{
    return QDateTime::currentDateTimeUtc().toString(u"yyyy-MM-ddTHH:mm:ss.zzz000Z"_s);
}

} // namespace

QString LeaderElectionConfig::validate() const
{
    if (leaseNamespace.isEmpty() || leaseName.isEmpty() || identity.isEmpty())
        return u"leader election needs a lease namespace, a lease name and an identity"_s;
    if (leaseDurationMs <= renewDeadlineMs)
        return u"leaseDuration must be greater than renewDeadline"_s;
    if (renewDeadlineMs <= jitterFactor * retryPeriodMs)
        return u"renewDeadline must be greater than 1.2 * retryPeriod"_s;
    if (retryPeriodMs <= 0)
        return u"retryPeriod must be positive"_s;
    return {};
}

LeaderElector::LeaderElector(KubeClient *client, LeaderElectionConfig config, Clock *clock, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_config(std::move(config))
    , m_clock(clock)
{
}

LeaderElector::~LeaderElector()
{
    m_running = false;
    m_waker.wakeAll(); // the loop ends now, while the object is still whole
}

void LeaderElector::start()
{
    if (m_running)
        return;
    m_running = true;
    ++m_generation;
    run();
}

QCoro::Task<void> LeaderElector::stop()
{
    QPointer<LeaderElector> self(this);
    if (!m_running)
        co_return;
    m_running = false;
    ++m_generation;
    m_waker.wakeAll();
    if (!m_leading)
        co_return;
    m_leading = false;
    Q_EMIT stoppedLeading();
    if (!m_config.releaseOnStop)
        co_return;
    // Release: an empty holder with a 1 s duration lets the next candidate take over immediately.
    const ObjectKey key{m_config.leaseNamespace, m_config.leaseName};
    const ApiResult<QJsonObject> lease = co_await m_client->get(ResourceType::leases(), key);
    if (!self || !lease)
        co_return;
    QJsonObject object = *lease;
    QJsonObject spec = object.value(u"spec").toObject();
    if (spec.value(u"holderIdentity").toString() != m_config.identity)
        co_return; // someone else holds it by now
    spec.insert(u"holderIdentity"_s, QString());
    spec.insert(u"leaseDurationSeconds"_s, 1);
    spec.insert(u"renewTime"_s, microTimeNow());
    object.insert(u"spec"_s, spec);
    (void)co_await m_client->update(ResourceType::leases(), object); // best effort: the lease expires anyway
}

QCoro::Task<void> LeaderElector::sleep(qint64 ms)
{
    co_await m_waker.wait(std::chrono::milliseconds(ms));
}

QJsonObject LeaderElector::leaseSpec(const QString &acquireTime, int transitions) const
{
    return QJsonObject{
        {u"holderIdentity"_s, m_config.identity},
        {u"leaseDurationSeconds"_s, int((m_config.leaseDurationMs + 999) / 1000)},
        {u"acquireTime"_s, acquireTime},
        {u"renewTime"_s, microTimeNow()},
        {u"leaseTransitions"_s, transitions},
    };
}

void LeaderElector::observe(const QJsonObject &spec)
{
    const QString holder = spec.value(u"holderIdentity").toString();
    const QString renewTime = spec.value(u"renewTime").toString();
    if (holder != m_observedHolder || renewTime != m_observedRenewTime) {
        m_observedAtMs = m_clock->nowMs();
        m_observedRenewTime = renewTime;
        if (holder != m_observedHolder) {
            m_observedHolder = holder;
            Q_EMIT leaderChanged(holder);
        }
    }
}

QCoro::Task<bool> LeaderElector::tryAcquireOrRenew()
{
    QPointer<LeaderElector> self(this);
    const ObjectKey key{m_config.leaseNamespace, m_config.leaseName};
    const ApiResult<QJsonObject> existing = co_await m_client->get(ResourceType::leases(), key);
    if (!self)
        co_return false;
    if (!existing) {
        if (!existing.error().isNotFound())
            co_return false;
        const QString now = microTimeNow();
        const QJsonObject lease{
            {u"apiVersion"_s, u"coordination.k8s.io/v1"_s},
            {u"kind"_s, u"Lease"_s},
            {u"metadata"_s, QJsonObject{{u"name"_s, key.name}, {u"namespace"_s, key.namespaceName}}},
            {u"spec"_s, leaseSpec(now, 0)},
        };
        const ApiResult<QJsonObject> created = co_await m_client->create(ResourceType::leases(), lease);
        if (!self || !created)
            co_return false;
        observe(created->value(u"spec").toObject());
        co_return true;
    }

    const QJsonObject spec = existing->value(u"spec").toObject();
    observe(spec);
    const QString holder = spec.value(u"holderIdentity").toString();
    const bool heldByMe = holder == m_config.identity;
    const qint64 durationMs = spec.value(u"leaseDurationSeconds").toInt() * 1000LL;
    if (!holder.isEmpty() && !heldByMe && m_clock->nowMs() < m_observedAtMs + durationMs)
        co_return false; // another live holder

    QJsonObject lease = *existing;
    const int transitions = spec.value(u"leaseTransitions").toInt() + (heldByMe ? 0 : 1);
    const QString acquireTime = heldByMe ? spec.value(u"acquireTime").toString() : microTimeNow();
    lease.insert(u"spec"_s, leaseSpec(acquireTime, transitions));
    const ApiResult<QJsonObject> updated = co_await m_client->update(ResourceType::leases(), lease);
    if (!self || !updated)
        co_return false; // a conflict means another candidate won this round
    observe(updated->value(u"spec").toObject());
    co_return true;
}

QCoro::Task<void> LeaderElector::run()
{
    QPointer<LeaderElector> self(this);
    const quint64 generation = m_generation;
    auto current = [&] { return self && m_running && m_generation == generation; };
    auto jittered = [this] {
        return qint64(m_config.retryPeriodMs * (1.0 + (jitterFactor - 1.0) * QRandomGenerator::global()->generateDouble()));
    };
    while (current()) {
        // Candidate: try until the lease is ours.
        const bool acquired = co_await tryAcquireOrRenew();
        if (!current())
            co_return;
        if (!acquired) {
            co_await sleep(jittered());
            continue;
        }
        m_leading = true;
        Q_EMIT startedLeading();

        // Leader: renew; give up when renewal keeps failing for renewDeadline.
        while (current()) {
            co_await sleep(m_config.retryPeriodMs);
            if (!current())
                co_return;
            const qint64 deadline = m_clock->nowMs() + m_config.renewDeadlineMs;
            bool renewed = false;
            while (current() && !renewed && m_clock->nowMs() < deadline) {
                renewed = co_await tryAcquireOrRenew();
                if (!renewed && !m_observedHolder.isEmpty() && m_observedHolder != m_config.identity)
                    break; // someone else holds the lease: stop leading now, not at the deadline
                if (!renewed && current())
                    co_await sleep(std::min(m_config.retryPeriodMs, std::max<qint64>(0, deadline - m_clock->nowMs())));
            }
            if (!current())
                co_return;
            if (!renewed) {
                m_leading = false;
                Q_EMIT stoppedLeading();
                break; // back to being a candidate
            }
        }
    }
}

} // namespace locust::kube

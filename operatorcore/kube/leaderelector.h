#pragma once

#include "kube/clock.h"
#include "kube/kubeclient.h"
#include "kube/waker.h"

#include <QCoroTask>
#include <QJsonObject>
#include <QObject>

namespace locust::kube {

struct LeaderElectionConfig
{
    QString leaseNamespace;
    QString leaseName;
    QString identity;            // unique per process, e.g. "<hostname>_<uuid>"
    qint64 leaseDurationMs = 15'000; // how long others wait after the last renewal they observed
    qint64 renewDeadlineMs = 10'000; // how long the leader keeps trying to renew before giving up
    qint64 retryPeriodMs = 2'000;    // how often candidates try and leaders renew
    bool releaseOnStop = true;       // hand the lease over at once on a clean shutdown

    // client-go's rule: leaseDuration > renewDeadline > 1.2 * retryPeriod. An empty string if valid.
    QString validate() const;
};

// Leader election on a coordination.k8s.io/v1 Lease, as client-go's leaderelection does. A
// candidate takes the lease when it is free or when its holder has not renewed it for
// leaseDuration, measured on this process's own clock from the moment the current record was first
// observed (so clocks of different machines never need to agree). Writes are optimistic updates;
// of two candidates at most one succeeds. The leader renews every retryPeriod; if it cannot renew
// within renewDeadline it stops leading (stoppedLeading()) before anyone else can take over, and
// becomes a candidate again. stop() releases the lease when this process holds it.
class LeaderElector : public QObject
{
    Q_OBJECT

public:
    LeaderElector(KubeClient *client, LeaderElectionConfig config, Clock *clock = Clock::system(),
                  QObject *parent = nullptr);
    ~LeaderElector() override;

    void start();
    // Stops trying; releases the lease if held (and releaseOnStop). Emits stoppedLeading() if leading.
    QCoro::Task<void> stop();

    bool isLeader() const { return m_leading; }
    QString currentLeader() const { return m_observedHolder; }
    const LeaderElectionConfig &config() const { return m_config; }

Q_SIGNALS:
    void startedLeading();
    void stoppedLeading();
    void leaderChanged(const QString &identity);

private:
    QCoro::Task<void> run();
    QCoro::Task<bool> tryAcquireOrRenew();
    QCoro::Task<void> sleep(qint64 ms);
    QJsonObject leaseSpec(const QString &acquireTime, int transitions) const;
    void observe(const QJsonObject &spec);

    KubeClient *m_client;
    LeaderElectionConfig m_config;
    Clock *m_clock;
    bool m_running = false;
    bool m_leading = false;
    QString m_observedHolder;
    QString m_observedRenewTime;
    qint64 m_observedAtMs = 0;
    quint64 m_generation = 0;
    Waker m_waker; // stop() interrupts sleeps
};

} // namespace locust::kube

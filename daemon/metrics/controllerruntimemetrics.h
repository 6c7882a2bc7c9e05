#pragma once

#include "controller/locusttestcontroller.h"

#include <QList>
#include <QString>

#include <memory>

namespace locust::metrics {

class MetricFamily;
class MetricsRegistry;

// The metrics a controller-runtime (v0.19) manager with one controller exposes, under the same names,
// labels, HELP texts and buckets, so dashboards and alerts written for the reference operator keep
// working:
//  - controller_runtime_reconcile_total{controller,result} (the four results start at 0),
//    controller_runtime_reconcile_errors_total, controller_runtime_terminal_reconcile_errors_total,
//    controller_runtime_reconcile_panics_total (0: a reconcile here cannot panic),
//    controller_runtime_reconcile_time_seconds (histogram, from the first reconcile on),
//    controller_runtime_max_concurrent_reconciles (1), controller_runtime_active_workers;
//  - workqueue_depth, workqueue_adds_total, workqueue_retries_total,
//    workqueue_queue_duration_seconds, workqueue_work_duration_seconds{controller,name};
//  - leader_election_master_status{name} once setLeaderElectionMasterStatus() is called;
//  - the process_* metrics (ProcessMetrics).
// The hooks hold the families they update, so they stay safe to call whatever is destroyed first.
class ControllerRuntimeMetrics
{
public:
    explicit ControllerRuntimeMetrics(MetricsRegistry &registry,
                                      const QString &controllerName = QStringLiteral("locusttest"),
                                      const QString &leaseName = QStringLiteral("locust-k8s-operator.locust.io"));

    // For LocustTestController: reconciled(result, seconds) with result "success", "error",
    // "requeue" or "requeue_after" (another result only counts towards the time histogram), and the
    // work queue's observers.
    controller::ControllerMetrics hooks() const;

    // controller_runtime_active_workers: the daemon sets 1 while a reconcile runs, 0 otherwise.
    void setActiveWorkers(int workers);
    // leader_election_master_status: 1 while this process holds the lease, 0 otherwise.
    void setLeaderElectionMasterStatus(bool leading);

    // controller-runtime's reconcile time buckets, 0.005 s to 60 s.
    static QList<double> reconcileTimeBuckets();
    // client-go's workqueue buckets: 1e-8 s times 10^i, i = 0..9 (Go's float products).
    static QList<double> workQueueBuckets();

private:
    QString m_controller;
    QString m_lease;
    std::shared_ptr<MetricFamily> m_reconcileTotal;
    std::shared_ptr<MetricFamily> m_reconcileErrors;
    std::shared_ptr<MetricFamily> m_reconcileTime;
    std::shared_ptr<MetricFamily> m_activeWorkers;
    std::shared_ptr<MetricFamily> m_queueDepth;
    std::shared_ptr<MetricFamily> m_queueAdds;
    std::shared_ptr<MetricFamily> m_queueRetries;
    std::shared_ptr<MetricFamily> m_queueDuration;
    std::shared_ptr<MetricFamily> m_workDuration;
    std::shared_ptr<MetricFamily> m_leader;
};

} // namespace locust::metrics

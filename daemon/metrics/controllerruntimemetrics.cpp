#include "metrics/controllerruntimemetrics.h"

#include "metrics/metricsregistry.h"
#include "metrics/processmetrics.h"
#include "metrics/prometheustext.h"

using namespace Qt::StringLiterals;

namespace locust::metrics {

namespace {

const QStringList reconcileResults{u"error"_s, u"requeue_after"_s, u"requeue"_s, u"success"_s};

} // namespace

ControllerRuntimeMetrics::ControllerRuntimeMetrics(MetricsRegistry &registry, const QString &controllerName,
                                                   const QString &leaseName)
    : m_controller(controllerName)
    , m_lease(leaseName)
{
    const QStringList controllerLabel{u"controller"_s};
    m_reconcileTotal = registry.counter(u"controller_runtime_reconcile_total"_s,
                                        u"Total number of reconciliations per controller"_s,
                                        {u"controller"_s, u"result"_s});
    m_reconcileErrors = registry.counter(u"controller_runtime_reconcile_errors_total"_s,
                                         u"Total number of reconciliation errors per controller"_s, controllerLabel);
    const auto terminalErrors = registry.counter(u"controller_runtime_terminal_reconcile_errors_total"_s,
                                                 u"Total number of terminal reconciliation errors per controller"_s,
                                                 controllerLabel);
    const auto panics = registry.counter(u"controller_runtime_reconcile_panics_total"_s,
                                         u"Total number of reconciliation panics per controller"_s, controllerLabel);
    m_reconcileTime = registry.histogram(u"controller_runtime_reconcile_time_seconds"_s,
                                         u"Length of time per reconciliation per controller"_s, controllerLabel,
                                         reconcileTimeBuckets());
    const auto maxConcurrent = registry.gauge(u"controller_runtime_max_concurrent_reconciles"_s,
                                              u"Maximum number of concurrent reconciles per controller"_s,
                                              controllerLabel);
    m_activeWorkers = registry.gauge(u"controller_runtime_active_workers"_s,
                                     u"Number of currently used workers per controller"_s, controllerLabel);

    // What controller-runtime's initMetrics() does when the controller starts.
    for (const QString &result : reconcileResults)
        m_reconcileTotal->initialize({m_controller, result});
    m_reconcileErrors->initialize({m_controller});
    terminalErrors->initialize({m_controller});
    panics->initialize({m_controller});
    maxConcurrent->set({m_controller}, 1);
    m_activeWorkers->set({m_controller}, 0);

    // The queue's series exist from its creation, like client-go's (controller-runtime names the
    // queue after the controller).
    const QStringList queueLabels{u"name"_s, u"controller"_s};
    const QStringList queue{m_controller, m_controller};
    m_queueDepth = registry.gauge(u"workqueue_depth"_s, u"Current depth of workqueue"_s, queueLabels);
    m_queueAdds = registry.counter(u"workqueue_adds_total"_s, u"Total number of adds handled by workqueue"_s,
                                   queueLabels);
    m_queueRetries = registry.counter(u"workqueue_retries_total"_s, u"Total number of retries handled by workqueue"_s,
                                      queueLabels);
    m_queueDuration = registry.histogram(u"workqueue_queue_duration_seconds"_s,
                                         u"How long in seconds an item stays in workqueue before being requested"_s,
                                         queueLabels, workQueueBuckets());
    m_workDuration = registry.histogram(u"workqueue_work_duration_seconds"_s,
                                        u"How long in seconds processing an item from workqueue takes."_s,
                                        queueLabels, workQueueBuckets());
    for (const auto &family : {m_queueDepth, m_queueAdds, m_queueRetries, m_queueDuration, m_workDuration})
        family->initialize(queue);

    m_leader = registry.gauge(u"leader_election_master_status"_s,
                              u"Gauge of if the reporting system is master of the relevant lease, 0 indicates "
                              "backup, 1 indicates master. 'name' is the string used to identify the lease. Please "
                              "make sure to group by name."_s,
                              {u"name"_s});

    ProcessMetrics::registerIn(registry);
}

controller::ControllerMetrics ControllerRuntimeMetrics::hooks() const
{
    controller::ControllerMetrics hooks;
    hooks.reconciled = [controllerName = m_controller, total = m_reconcileTotal, errors = m_reconcileErrors,
                        time = m_reconcileTime](const QString &result, double seconds) {
        if (reconcileResults.contains(result))
            total->add({controllerName, result});
        if (result == u"error")
            errors->add({controllerName});
        time->observe({controllerName}, seconds);
    };
    const QStringList queue{m_controller, m_controller};
    hooks.queue.depthChanged = [queue, depth = m_queueDepth](qsizetype value) { depth->set(queue, double(value)); };
    hooks.queue.added = [queue, adds = m_queueAdds] { adds->add(queue); };
    hooks.queue.retried = [queue, retries = m_queueRetries] { retries->add(queue); };
    hooks.queue.queueLatency = [queue, latency = m_queueDuration](double seconds) { latency->observe(queue, seconds); };
    hooks.queue.workDuration = [queue, work = m_workDuration](double seconds) { work->observe(queue, seconds); };
    return hooks;
}

void ControllerRuntimeMetrics::setActiveWorkers(int workers)
{
    m_activeWorkers->set({m_controller}, workers);
}

void ControllerRuntimeMetrics::setLeaderElectionMasterStatus(bool leading)
{
    m_leader->set({m_lease}, leading ? 1 : 0);
}

QList<double> ControllerRuntimeMetrics::reconcileTimeBuckets()
{
    return {0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0,
            1.25,  1.5,  1.75,  2.0,  2.5, 3.0,  3.5, 4.0,  4.5, 5,   6,    7,   8,    9,   10,  15,  20,  25,
            30,    40,   50,    60};
}

QList<double> ControllerRuntimeMetrics::workQueueBuckets()
{
    return prometheustext::exponentialBuckets(10e-9, 10, 10);
}

} // namespace locust::metrics

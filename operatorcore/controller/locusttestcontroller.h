#pragma once

#include "config/operatorconfig.h"
#include "controller/locusttestreconciler.h"
#include "kube/eventrecorder.h"
#include "kube/informer.h"
#include "kube/kubeclient.h"
#include "kube/waker.h"
#include "kube/workqueue.h"

#include <QCoroTask>
#include <QObject>

#include <chrono>
#include <functional>
#include <memory>

namespace locust::controller {

// Observers for controller-runtime's controller_runtime_reconcile_* metrics; may be left empty.
struct ControllerMetrics
{
    // result: "success", "error", "requeue_after" (controller-runtime's label values)
    std::function<void(const QString &result, double seconds)> reconciled;
    // controller_runtime_active_workers: 1 while a reconcile runs, 0 between reconciles.
    std::function<void(int workers)> activeWorkersChanged;
    kube::WorkQueueMetrics queue;
};

// The `locusttest` controller: informers on LocustTests and on the Jobs, Services and Pods the
// operator made (selected by label, so nothing else in the cluster is cached), a rate-limited work
// queue fed by their events (an owned object's event queues its test), and one worker that runs
// the reconciler for each queued test. start() returns once the caches are synced.
class LocustTestController : public QObject
{
    Q_OBJECT
public:
    // watchNamespace empty: all namespaces.
    LocustTestController(kube::KubeClient *client, config::OperatorConfig config, QString watchNamespace = {},
                         ControllerMetrics metrics = {}, QObject *parent = nullptr);
    ~LocustTestController() override;

    // Starts the informers and, once they are synced, the worker. False if they did not sync in time
    // or stop() was called meanwhile.
    QCoro::Task<bool> start(std::chrono::milliseconds syncTimeout);
    // Stops taking work; waits for the reconcile in flight (if any) and the events it recorded.
    QCoro::Task<void> stop();

    LocustTestReconciler *reconciler() const { return m_reconciler; }
    kube::WorkQueue *queue() const { return m_queue; }
    qint64 reconcileCount() const { return m_reconcileCount; }

Q_SIGNALS:
    void reconciled(const QString &key, const locust::controller::ReconcileResult &result);

private:
    void enqueueTest(const QJsonObject &test);
    void enqueueOwner(const QJsonObject &owned);
    void enqueuePodTest(const QJsonObject &pod);
    QCoro::Task<void> runWorker();

    kube::KubeClient *m_client;
    kube::EventRecorder *m_events;
    kube::Informer *m_tests;
    kube::Informer *m_jobs;
    kube::Informer *m_services;
    kube::Informer *m_pods;
    kube::WorkQueue *m_queue;
    LocustTestReconciler *m_reconciler;
    ControllerMetrics m_metrics;
    bool m_stopped = false;
    bool m_workerRunning = false;
    kube::Waker m_workerStopped;
    qint64 m_reconcileCount = 0;
};

} // namespace locust::controller

#pragma once

#include "config/operatorconfig.h"
#include "kube/eventrecorder.h"
#include "kube/informer.h"
#include "kube/kubeclient.h"

#include <QCoroTask>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QString>

#include <chrono>
#include <optional>

namespace locust::controller {

// The caches the reconciler reads: LocustTests, and the Jobs, Services and Pods the operator made
// (informers selected by the managed-by label).
struct ReconcilerCaches
{
    kube::Informer *tests = nullptr;
    kube::Informer *jobs = nullptr;
    kube::Informer *services = nullptr;
    kube::Informer *pods = nullptr;
};

// What one reconcile asks of the work queue.
struct ReconcileResult
{
    std::optional<QString> error;              // retry with the queue's backoff
    std::chrono::milliseconds requeueAfter{0}; // look again after this long (when no error)

    bool operator==(const ReconcileResult &) const = default;
};

// Brings one LocustTest's cluster state and status in line with the test: the finalizer, the
// status, the Service and the two Jobs (created once, from the spec at the time; tests are
// immutable), recovery of owned objects deleted while the test runs, and the phase from the Jobs
// and pods. Reads come from the caches; every write goes to the API server, status only through
// the status subresource with a fresh read on conflict. Nothing the API server returns can crash it.
class LocustTestReconciler : public QObject
{
    Q_OBJECT
public:
    LocustTestReconciler(kube::KubeClient *client, kube::EventRecorder *events, config::OperatorConfig config,
                         ReconcilerCaches caches, QObject *parent = nullptr);

    QCoro::Task<ReconcileResult> reconcile(kube::ObjectKey key);

    // The last state of a Job the operator owned, seen as it was deleted. A master Job the TTL
    // controller removed after it finished then ends the test instead of starting it again.
    void rememberDeletedJob(const QJsonObject &job);

    static kube::ResourceType locustTests();

private:
    // The structured log fields of this reconcile (controller-runtime's keys) plus extra.
    QJsonObject logFields(const kube::ObjectKey &key, const QJsonObject &extra = {}) const;
    QCoro::Task<ReconcileResult> finalize(QJsonObject test);
    QCoro::Task<ReconcileResult> createResources(QJsonObject test);
    QCoro::Task<ReconcileResult> refreshStatus(QJsonObject test);
    QCoro::Task<ReconcileResult> recover(QJsonObject test, QString description, QString name);
    // The object from the cache, else from the API server (a cache can lag behind a create).
    QCoro::Task<kube::ApiResult<std::optional<QJsonObject>>> findOwned(kube::ResourceType type, kube::ObjectKey key);
    // Replaces the status (re-reading the test on conflict); the stored test.
    QCoro::Task<kube::ApiResult<QJsonObject>> writeStatus(kube::ObjectKey key, QJsonObject status);
    void forgetDeletedJobs(const kube::ObjectKey &test);
    void record(const QJsonObject &test, bool warning, const QString &reason, const QString &message);

    kube::KubeClient *m_client;
    kube::EventRecorder *m_events;
    config::OperatorConfig m_config;
    ReconcilerCaches m_caches;
    QHash<QString, QJsonObject> m_deletedJobs; // "namespace/name" -> last known object
    QString m_reconcileId; // of the reconcile in progress, for its log lines
};

} // namespace locust::controller

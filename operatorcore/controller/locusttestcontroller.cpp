#include "controller/locusttestcontroller.h"

#include "api/naming.h"
#include "kube/ratelimiter.h"
#include "support/logfields.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

namespace locust::controller {

Q_DECLARE_LOGGING_CATEGORY(lcReconciler)

namespace {

kube::ObjectKey parseKey(const QString &key)
{
    const qsizetype slash = key.indexOf(u'/');
    return {key.left(slash), key.mid(slash + 1)};
}

kube::ListOptions managedObjects()
{
    kube::ListOptions options;
    options.labelSelector = api::naming::managedObjectsSelector.toString();
    return options;
}

QJsonObject metadataOf(const QJsonObject &object)
{
    return object.value(u"metadata").toObject();
}

} // namespace

LocustTestController::LocustTestController(kube::KubeClient *client, config::OperatorConfig config,
                                           QString watchNamespace, ControllerMetrics metrics, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_events(new kube::EventRecorder(client, u"locusttest-controller"_s, {}, kube::Clock::system(), this))
    , m_tests(new kube::Informer(client, LocustTestReconciler::locustTests(), watchNamespace, {}, this))
    , m_jobs(new kube::Informer(client, kube::ResourceType::jobs(), watchNamespace, managedObjects(), this))
    , m_services(new kube::Informer(client, kube::ResourceType::services(), watchNamespace, managedObjects(), this))
    , m_pods(new kube::Informer(client, kube::ResourceType::pods(), watchNamespace, managedObjects(), this))
    , m_queue(new kube::WorkQueue(kube::defaultControllerRateLimiter(), kube::Clock::system(), this))
    , m_reconciler(new LocustTestReconciler(client, m_events, std::move(config),
                                            ReconcilerCaches{m_tests, m_jobs, m_services, m_pods}, this))
    , m_metrics(std::move(metrics))
{
    m_queue->setMetrics(m_metrics.queue);

    connect(m_tests, &kube::Informer::added, this, &LocustTestController::enqueueTest);
    connect(m_tests, &kube::Informer::updated, this, [this](const QJsonObject &, const QJsonObject &test) { enqueueTest(test); });
    connect(m_tests, &kube::Informer::deleted, this, &LocustTestController::enqueueTest);

    for (kube::Informer *owned : {m_jobs, m_services}) {
        connect(owned, &kube::Informer::added, this, &LocustTestController::enqueueOwner);
        connect(owned, &kube::Informer::updated, this, [this](const QJsonObject &, const QJsonObject &object) { enqueueOwner(object); });
        connect(owned, &kube::Informer::deleted, this, &LocustTestController::enqueueOwner);
    }
    connect(m_jobs, &kube::Informer::deleted, m_reconciler, &LocustTestReconciler::rememberDeletedJob);

    connect(m_pods, &kube::Informer::added, this, &LocustTestController::enqueuePodTest);
    connect(m_pods, &kube::Informer::updated, this, [this](const QJsonObject &, const QJsonObject &pod) { enqueuePodTest(pod); });
    connect(m_pods, &kube::Informer::deleted, this, &LocustTestController::enqueuePodTest);
}

LocustTestController::~LocustTestController()
{
    m_queue->shutDown();
}

void LocustTestController::enqueueTest(const QJsonObject &test)
{
    m_queue->add(kube::Informer::keyOf(test));
}

void LocustTestController::enqueueOwner(const QJsonObject &owned)
{
    const QJsonObject metadata = metadataOf(owned);
    for (const QJsonValue &value : metadata.value(u"ownerReferences").toArray()) {
        const QJsonObject owner = value.toObject();
        if (owner.value(u"controller").toBool() && owner.value(u"kind").toString() == api::naming::kind
            && owner.value(u"apiVersion").toString().startsWith(api::naming::group.toString() + u'/')) {
            m_queue->add(kube::ObjectKey{metadata.value(u"namespace").toString(), owner.value(u"name").toString()}.toString());
            return;
        }
    }
}

void LocustTestController::enqueuePodTest(const QJsonObject &pod)
{
    // The operator labels its pods with their test's name (users cannot override the label: the
    // validator rejects it), so no Job lookup is needed to find the test.
    const QJsonObject metadata = metadataOf(pod);
    const QString test = metadata.value(u"labels").toObject().value(api::naming::testNameLabel).toString();
    if (!test.isEmpty())
        m_queue->add(kube::ObjectKey{metadata.value(u"namespace").toString(), test}.toString());
}

QCoro::Task<bool> LocustTestController::start(std::chrono::milliseconds syncTimeout)
{
    for (kube::Informer *informer : {m_tests, m_jobs, m_services, m_pods})
        informer->start();
    for (kube::Informer *informer : {m_tests, m_jobs, m_services, m_pods}) {
        if (!co_await informer->waitForSynced(syncTimeout)) {
            qCWarning(lcReconciler).noquote() << withLogFields(
                u"The cache did not sync in time"_s,
                {{u"resource"_s, informer->type().resource}, {u"timeoutMs"_s, qint64(syncTimeout.count())}});
            co_return false;
        }
    }
    if (m_stopped)
        co_return false;
    m_workerRunning = true;
    runWorker();
    co_return true;
}

QCoro::Task<void> LocustTestController::stop()
{
    m_stopped = true;
    m_queue->shutDown();
    for (kube::Informer *informer : {m_tests, m_jobs, m_services, m_pods})
        informer->stop();
    if (m_workerRunning)
        co_await m_workerStopped.wait();
    co_await m_events->flush();
}

QCoro::Task<void> LocustTestController::runWorker()
{
    while (const std::optional<QString> key = co_await m_queue->get()) {
        QElapsedTimer timer;
        timer.start();
        if (m_metrics.activeWorkersChanged)
            m_metrics.activeWorkersChanged(1);
        const ReconcileResult result = co_await m_reconciler->reconcile(parseKey(*key));
        if (m_metrics.activeWorkersChanged)
            m_metrics.activeWorkersChanged(0);
        ++m_reconcileCount;
        const double seconds = double(timer.nsecsElapsed()) / 1e9;
        if (result.error) {
            qCWarning(lcReconciler).noquote() << withLogFields(
                u"Reconciler error"_s, {{u"controller"_s, u"locusttest"_s}, {u"key"_s, *key}, {u"error"_s, *result.error}});
            m_queue->addRateLimited(*key);
        } else {
            m_queue->forget(*key);
            if (result.requeueAfter.count() > 0)
                m_queue->addAfter(*key, result.requeueAfter.count());
        }
        m_queue->done(*key);
        if (m_metrics.reconciled) {
            m_metrics.reconciled(result.error ? u"error"_s
                                 : result.requeueAfter.count() > 0 ? u"requeue_after"_s
                                                                   : u"success"_s,
                                 seconds);
        }
        Q_EMIT reconciled(*key, result);
    }
    m_workerRunning = false;
    m_workerStopped.wakeAll();
}

} // namespace locust::controller

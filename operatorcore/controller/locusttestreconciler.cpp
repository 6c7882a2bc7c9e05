#include "controller/locusttestreconciler.h"

#include "api/locusttestdefaults.h"
#include "api/locusttestv2.h"
#include "api/naming.h"
#include "api/objectmetadata.h"
#include "controller/jobstate.h"
#include "controller/podhealth.h"
#include "controller/teststatus.h"
#include "kube/conflictretry.h"
#include "resources/testresources.h"
#include "support/logfields.h"

#include <QDateTime>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace locust::controller {

Q_LOGGING_CATEGORY(lcReconciler, "locust.controller")

namespace {

using kube::ResourceType;

constexpr std::chrono::milliseconds recoveryRequeue{1000};
constexpr std::chrono::milliseconds recoveryFailedRequeue{5000};

QJsonObject metadataOf(const QJsonObject &object)
{
    return object.value(u"metadata").toObject();
}

kube::ObjectKey keyOf(const QJsonObject &object)
{
    const QJsonObject metadata = metadataOf(object);
    return {metadata.value(u"namespace").toString(), metadata.value(u"name").toString()};
}

bool hasFinalizer(const QJsonObject &object)
{
    return metadataOf(object).value(u"finalizers").toArray().contains(api::naming::finalizer.toString());
}

// Whether `object` has a controller owner reference to the LocustTest with this uid.
bool isOwnedBy(const QJsonObject &object, const QString &uid)
{
    const QJsonArray owners = metadataOf(object).value(u"ownerReferences").toArray();
    return std::any_of(owners.begin(), owners.end(), [&uid](const QJsonValue &value) {
        const QJsonObject owner = value.toObject();
        return owner.value(u"uid").toString() == uid && owner.value(u"controller").toBool()
               && owner.value(u"kind").toString() == api::naming::kind;
    });
}

api::LocustTestStatus statusOf(const QJsonObject &test)
{
    FieldErrorList ignored; // a malformed status is replaced by the next write, never a crash
    return api::LocustTestV2::statusFromJson(test.value(u"status").toObject(), u"status"_s, &ignored);
}

struct OwnedObject
{
    ResourceType type;
    QString description; // as events and logs name it: "Master Service", "Master Job", "Worker Job"
    QString name;
};

QList<OwnedObject> ownedObjects(const QString &testName)
{
    const QString master = api::naming::generatedNodeName(testName, api::naming::Role::Master);
    const QString worker = api::naming::generatedNodeName(testName, api::naming::Role::Worker);
    return {{ResourceType::services(), u"Master Service"_s, master},
            {ResourceType::jobs(), u"Master Job"_s, master},
            {ResourceType::jobs(), u"Worker Job"_s, worker}};
}

} // namespace

LocustTestReconciler::LocustTestReconciler(kube::KubeClient *client, kube::EventRecorder *events,
                                           config::OperatorConfig config, ReconcilerCaches caches, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_events(events)
    , m_config(std::move(config))
    , m_caches(caches)
{
}

kube::ResourceType LocustTestReconciler::locustTests()
{
    return {api::naming::group.toString(), u"v2"_s, u"locusttests"_s, api::naming::kind.toString(), true};
}

void LocustTestReconciler::rememberDeletedJob(const QJsonObject &job)
{
    const JobState state = jobState(job);
    if (state != JobState::Succeeded && state != JobState::Failed)
        return;
    m_deletedJobs.insert(kube::Informer::keyOf(job), job);
}

void LocustTestReconciler::forgetDeletedJobs(const kube::ObjectKey &test)
{
    for (const OwnedObject &object : ownedObjects(test.name))
        m_deletedJobs.remove(kube::ObjectKey{test.namespaceName, object.name}.toString());
}

QJsonObject LocustTestReconciler::logFields(const kube::ObjectKey &key, const QJsonObject &extra) const
{
    // controller-runtime's keys for a reconcile's log lines, so log queries written for the
    // reference operator keep working.
    QJsonObject fields{
        {u"controller"_s, u"locusttest"_s},
        {u"controllerGroup"_s, api::naming::group.toString()},
        {u"controllerKind"_s, api::naming::kind.toString()},
        {u"LocustTest"_s, QJsonObject{{u"name"_s, key.name}, {u"namespace"_s, key.namespaceName}}},
        {u"namespace"_s, key.namespaceName},
        {u"name"_s, key.name},
        {u"reconcileID"_s, m_reconcileId},
    };
    for (auto it = extra.begin(); it != extra.end(); ++it)
        fields.insert(it.key(), it.value());
    return fields;
}

QCoro::Task<ReconcileResult> LocustTestReconciler::reconcile(kube::ObjectKey key)
{
    // One reconcile at a time (the controller has one worker), so the ID can live in a member.
    m_reconcileId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const std::optional<QJsonObject> cached = m_caches.tests->get(key);
    if (!cached) {
        qCDebug(lcReconciler).noquote() << withLogFields(u"LocustTest not found, likely deleted"_s, logFields(key));
        forgetDeletedJobs(key);
        co_return ReconcileResult{};
    }
    QJsonObject test = *cached;
    if (metadataOf(test).contains(u"deletionTimestamp"))
        co_return co_await finalize(test);

    if (!hasFinalizer(test)) {
        const auto updated = co_await kube::updateWithRetry(m_client, locustTests(), key, [](QJsonObject &object) {
            if (hasFinalizer(object))
                return kube::Mutation::Unchanged;
            QJsonObject metadata = metadataOf(object);
            QJsonArray finalizers = metadata.value(u"finalizers").toArray();
            finalizers.append(api::naming::finalizer.toString());
            metadata.insert(u"finalizers"_s, finalizers);
            object.insert(u"metadata"_s, metadata);
            return kube::Mutation::Write;
        });
        if (!updated) {
            if (updated.error().isNotFound())
                co_return ReconcileResult{};
            co_return ReconcileResult{u"failed to add finalizer: %1"_s.arg(updated.error().toString()), {}};
        }
        test = *updated;
    }

    api::LocustTestStatus status = statusOf(test);
    if (status.phase.value_or(QString()).isEmpty()) {
        const int replicas = test.value(u"spec").toObject().value(u"worker").toObject().value(u"replicas").toInt();
        status = teststatus::initial(replicas, api::objectmetadata::generation(metadataOf(test)),
                                     QDateTime::currentDateTimeUtc());
        const auto written = co_await writeStatus(key, api::LocustTestV2::statusToJson(status));
        if (!written)
            co_return ReconcileResult{u"failed to initialize status: %1"_s.arg(written.error().toString()), {}};
        test = *written;
    }

    if (status.phase == phase::pending)
        co_return co_await createResources(test);
    co_return co_await refreshStatus(test);
}

QCoro::Task<ReconcileResult> LocustTestReconciler::finalize(QJsonObject test)
{
    if (!hasFinalizer(test))
        co_return ReconcileResult{};
    const kube::ObjectKey key = keyOf(test);
    qCInfo(lcReconciler).noquote() << withLogFields(u"LocustTest deleted, cleaning up resources via owner references"_s,
                                                   logFields(key));
    forgetDeletedJobs(key);
    record(test, false, u"Deleting"_s, u"LocustTest and owned resources being cleaned up"_s);
    const auto updated = co_await kube::updateWithRetry(m_client, locustTests(), key, [](QJsonObject &object) {
        QJsonObject metadata = metadataOf(object);
        QJsonArray finalizers = metadata.value(u"finalizers").toArray();
        const qsizetype before = finalizers.size();
        for (qsizetype i = finalizers.size() - 1; i >= 0; --i) {
            if (finalizers.at(i).toString() == api::naming::finalizer)
                finalizers.removeAt(i);
        }
        if (finalizers.size() == before)
            return kube::Mutation::Unchanged;
        metadata.insert(u"finalizers"_s, finalizers);
        object.insert(u"metadata"_s, metadata);
        return kube::Mutation::Write;
    });
    if (!updated && !updated.error().isNotFound())
        co_return ReconcileResult{u"failed to remove finalizer: %1"_s.arg(updated.error().toString()), {}};
    co_return ReconcileResult{};
}

QCoro::Task<ReconcileResult> LocustTestReconciler::createResources(QJsonObject test)
{
    const QJsonObject metadata = metadataOf(test);
    const kube::ObjectKey key = keyOf(test);
    const qint64 generation = api::objectmetadata::generation(metadata);
    const QString uid = api::objectmetadata::uid(metadata);
    // The API server stored the object with its schema defaults; applying them again only guards
    // against objects that bypassed them. Decoding problems cannot stop the build: the codec keeps
    // what it understood, and the validating webhook reports the rest at write time.
    const api::LocustTestV2 decoded = api::LocustTestDefaults::applied(api::LocustTestV2::fromJson(test).value);
    const resources::TestResources built = resources::TestResources::build(decoded, m_config);
    const QList<OwnedObject> owned = ownedObjects(key.name);
    const QList<QJsonObject> objects = built.inCreationOrder();

    for (qsizetype i = 0; i < owned.size(); ++i) {
        const OwnedObject &object = owned.at(i);
        const QString kind = object.type.kind;
        std::optional<QString> failure;
        std::optional<QJsonObject> existing = (object.type == ResourceType::jobs() ? m_caches.jobs : m_caches.services)
                                                  ->get({key.namespaceName, object.name});
        if (!existing) {
            const auto created = co_await m_client->create(object.type, objects.at(i));
            if (created) {
                qCInfo(lcReconciler).noquote() << withLogFields(u"Created resource"_s,
                                                               logFields(key, {{u"kind"_s, kind}, {u"resource"_s, object.name}}));
                record(test, false, u"Created"_s, u"Created %1 %2"_s.arg(kind, object.name));
                continue;
            }
            if (!created.error().isAlreadyExists()) {
                failure = u"Failed to create %1 %2: %3"_s.arg(kind, object.name, created.error().toString());
            } else {
                const auto live = co_await m_client->get(object.type, {key.namespaceName, object.name});
                if (!live)
                    co_return ReconcileResult{u"failed to get %1 %2: %3"_s.arg(kind, object.name, live.error().toString()), {}};
                existing = *live;
            }
        }
        if (!failure && existing && !isOwnedBy(*existing, uid))
            failure = u"%1 %2 already exists and does not belong to this LocustTest; delete or rename it"_s.arg(kind, object.name);
        if (failure) {
            // Visible, not silent (the reference retried forever without a trace): an event, and
            // Ready=False with the API server's answer. The queue retries with backoff.
            qCWarning(lcReconciler).noquote() << withLogFields(u"Failed to create resource"_s,
                                                              logFields(key, {{u"error"_s, *failure}}));
            record(test, true, u"CreateFailed"_s, *failure);
            const api::LocustTestStatus current = statusOf(test);
            const api::LocustTestStatus failed =
                teststatus::creationFailed(current, generation, QDateTime::currentDateTimeUtc(), *failure);
            if (failed != current)
                (void)co_await writeStatus(key, api::LocustTestV2::statusToJson(failed));
            co_return ReconcileResult{*failure, {}};
        }
    }

    qCDebug(lcReconciler).noquote() << withLogFields(u"All resources created"_s, logFields(key));
    const api::LocustTestStatus running =
        teststatus::resourcesCreated(statusOf(test), generation, QDateTime::currentDateTimeUtc());
    const auto written = co_await writeStatus(key, api::LocustTestV2::statusToJson(running));
    if (!written)
        co_return ReconcileResult{u"failed to update status after resource creation: %1"_s.arg(written.error().toString()), {}};
    co_return ReconcileResult{};
}

QCoro::Task<ReconcileResult> LocustTestReconciler::refreshStatus(QJsonObject test)
{
    const QJsonObject metadata = metadataOf(test);
    const kube::ObjectKey key = keyOf(test);
    const api::LocustTestStatus status = statusOf(test);
    const bool terminal = isTerminalPhase(status.phase);

    QList<QJsonObject> found;
    for (const OwnedObject &object : ownedObjects(key.name)) {
        const auto result = co_await findOwned(object.type, {key.namespaceName, object.name});
        if (!result)
            co_return ReconcileResult{u"failed to get %1: %2"_s.arg(object.description, result.error().toString()), {}};
        if (*result) {
            found.append(**result);
            continue;
        }
        // A finished Job deleted by its TTL ends the test; it is not a deletion to recover from.
        const auto deleted = m_deletedJobs.constFind(kube::ObjectKey{key.namespaceName, object.name}.toString());
        if (object.type == ResourceType::jobs() && deleted != m_deletedJobs.constEnd()) {
            found.append(*deleted);
            continue;
        }
        if (terminal) {
            found.append(QJsonObject{}); // cleaned up after the end (Job TTL): nothing to do
            continue;
        }
        co_return co_await recover(test, object.description, object.name);
    }
    if (terminal)
        co_return ReconcileResult{};

    const QString name = key.name;
    const QList<QJsonObject> pods = m_caches.pods->list([&key, &name](const QJsonObject &pod) {
        const QJsonObject podMetadata = metadataOf(pod);
        return podMetadata.value(u"namespace").toString() == key.namespaceName
               && podMetadata.value(u"labels").toObject().value(api::naming::testNameLabel).toString() == name;
    });
    const QJsonObject testFiles = test.value(u"spec").toObject().value(u"testFiles").toObject();
    ExpectedConfigMaps configMaps;
    if (testFiles.contains(u"configMapRef"))
        configMaps.testFiles = testFiles.value(u"configMapRef").toString();
    if (testFiles.contains(u"libConfigMapRef"))
        configMaps.library = testFiles.value(u"libConfigMapRef").toString();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const PodHealth health = assessPodHealth(pods, configMaps, now);

    const teststatus::Refresh refresh = teststatus::refreshed(
        status, api::objectmetadata::generation(metadata), found.at(1), found.at(2), health, now);
    if (refresh.status.phase != status.phase) {
        qCInfo(lcReconciler).noquote() << withLogFields(
            u"Phase transition"_s,
            logFields(key, {{u"from"_s, status.phase.value_or(QString())}, {u"to"_s, refresh.status.phase.value_or(QString())}}));
    }
    for (const TestEvent &event : refresh.events)
        record(test, event.warning, event.reason, event.message);
    if (!health.healthy)
        qCWarning(lcReconciler).noquote() << withLogFields(
            u"Pod health check failed"_s,
            logFields(key, {{u"reason"_s, health.reason}, {u"failedPods"_s, qint64(health.failedPods.size())}}));
    if (refresh.status != status) {
        const auto written = co_await writeStatus(key, api::LocustTestV2::statusToJson(refresh.status));
        if (!written)
            co_return ReconcileResult{u"failed to update status from Jobs: %1"_s.arg(written.error().toString()), {}};
    }
    co_return ReconcileResult{std::nullopt, refresh.recheckAfter};
}

QCoro::Task<ReconcileResult> LocustTestReconciler::recover(QJsonObject test, QString description, QString name)
{
    const QJsonObject metadata = metadataOf(test);
    const kube::ObjectKey key = keyOf(test);
    qCWarning(lcReconciler).noquote() << withLogFields(
        u"Owned resource externally deleted, transitioning to Pending for recovery"_s,
        logFields(key, {{u"kind"_s, description}, {u"resource"_s, name}}));
    record(test, true, u"ResourceDeleted"_s,
           u"%1 %2 was deleted externally, will attempt recreation"_s.arg(description, name));
    const api::LocustTestStatus pending = teststatus::recovering(
        statusOf(test), api::objectmetadata::generation(metadata), QDateTime::currentDateTimeUtc());
    const auto written = co_await writeStatus(key, api::LocustTestV2::statusToJson(pending));
    if (!written) {
        qCWarning(lcReconciler).noquote() << withLogFields(u"Failed to reset the status for recovery"_s,
                                                          logFields(key, {{u"error"_s, written.error().toString()}}));
        co_return ReconcileResult{std::nullopt, recoveryFailedRequeue};
    }
    co_return ReconcileResult{std::nullopt, recoveryRequeue};
}

QCoro::Task<kube::ApiResult<std::optional<QJsonObject>>> LocustTestReconciler::findOwned(kube::ResourceType type,
                                                                                         kube::ObjectKey key)
{
    kube::Informer *cache = type == ResourceType::jobs() ? m_caches.jobs : m_caches.services;
    if (const std::optional<QJsonObject> cached = cache->get(key))
        co_return std::optional<QJsonObject>(*cached);
    // Missing from the cache: confirm with the API server before treating it as deleted (a
    // cache may lag, and an API error is not a deletion).
    const auto live = co_await m_client->get(type, key);
    if (live)
        co_return std::optional<QJsonObject>(*live);
    if (live.error().isNotFound())
        co_return std::optional<QJsonObject>();
    co_return live.error();
}

QCoro::Task<kube::ApiResult<QJsonObject>> LocustTestReconciler::writeStatus(kube::ObjectKey key, QJsonObject status)
{
    co_return co_await kube::updateWithRetry(
        m_client, locustTests(), key,
        [status](QJsonObject &object) {
            if (object.value(u"status").toObject() == status)
                return kube::Mutation::Unchanged;
            object.insert(u"status"_s, status);
            return kube::Mutation::Write;
        },
        true);
}

void LocustTestReconciler::record(const QJsonObject &test, bool warning, const QString &reason, const QString &message)
{
    QJsonObject involved = test;
    involved.insert(u"apiVersion"_s, api::naming::apiVersionV2.toString());
    involved.insert(u"kind"_s, api::naming::kind.toString());
    m_events->record(involved, warning ? kube::EventRecorder::Type::Warning : kube::EventRecorder::Type::Normal, reason,
                     message);
}

} // namespace locust::controller

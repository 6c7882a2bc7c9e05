// The LocustTest controller in-process against the real control plane (with the CRD installed):
// the objects it creates, phases driven by the Job controller, recovery, garbage collection.
// The controller watches only this test's namespace, so other tests may run alongside.

#include "awaittask.h"
#include "config/operatorconfig.h"
#include "controller/locusttestcontroller.h"
#include "kubetestcluster.h"
#include "resources/testresources.h"
#include "api/locusttestdefaults.h"

#include <QJsonArray>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace locust;
using namespace locust::kube;
using testsupport::await;

namespace {

QJsonObject locustTest(const QString &namespaceName, const QString &name, int workers = 2)
{
    return QJsonObject{
        {u"apiVersion"_s, u"locust.io/v2"_s},
        {u"kind"_s, u"LocustTest"_s},
        {u"metadata"_s, QJsonObject{{u"name"_s, name}, {u"namespace"_s, namespaceName}}},
        {u"spec"_s, QJsonObject{{u"image"_s, u"locustio/locust:2.12.0"_s},
                                {u"master"_s, QJsonObject{{u"command"_s, u"--locustfile /lotest/src/demo.py"_s}}},
                                {u"worker"_s, QJsonObject{{u"command"_s, u"--locustfile /lotest/src/demo.py"_s},
                                                         {u"replicas"_s, workers}}}}},
    };
}

// The paths of `expected` that `actual` lacks or has with another value (the API server adds
// defaults, so the stored object is a superset of what the operator sent).
QStringList missingFrom(const QJsonValue &expected, const QJsonValue &actual, const QString &path = {})
{
    if (expected.isObject() && actual.isObject()) {
        QStringList missing;
        const QJsonObject e = expected.toObject();
        const QJsonObject a = actual.toObject();
        for (auto it = e.begin(); it != e.end(); ++it)
            missing += missingFrom(it.value(), a.value(it.key()), path + u'.' + it.key());
        return missing;
    }
    if (expected.isArray() && actual.isArray() && expected.toArray().size() == actual.toArray().size()) {
        QStringList missing;
        for (qsizetype i = 0; i < expected.toArray().size(); ++i)
            missing += missingFrom(expected.toArray().at(i), actual.toArray().at(i), path + u"[%1]"_s.arg(i));
        return missing;
    }
    return expected == actual ? QStringList{} : QStringList{path};
}

} // namespace

class ReconcilerTest : public QObject
{
    Q_OBJECT

private:
    testsupport::KubeTestCluster m_cluster = testsupport::KubeTestCluster::connect();
    std::unique_ptr<KubeClient> m_client;
    std::unique_ptr<controller::LocustTestController> m_controller;
    QString m_namespace;

    std::optional<QJsonObject> get(const ResourceType &type, const QString &name)
    {
        const auto result = await(m_client->get(type, {m_namespace, name}));
        return result ? std::optional<QJsonObject>(*result) : std::nullopt;
    }

    QString phaseOf(const QString &name)
    {
        const auto test = get(controller::LocustTestReconciler::locustTests(), name);
        return test ? (*test)[u"status"_s][u"phase"_s].toString() : QString();
    }

    QStringList eventReasons(const QString &name)
    {
        ListOptions options;
        options.fieldSelector = u"involvedObject.name="_s + name;
        const auto list = await(m_client->list(ResourceType::events(), m_namespace, options));
        QStringList reasons;
        if (list) {
            for (const QJsonObject &event : list->items)
                reasons << event[u"reason"_s].toString();
        }
        return reasons;
    }

    QString uidOf(const ResourceType &type, const QString &name)
    {
        const auto object = get(type, name);
        return object ? (*object)[u"metadata"_s][u"uid"_s].toString() : QString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_client = m_cluster.adminClient();
        m_namespace = m_cluster.createNamespace(*m_client, u"reconciler"_s);
        m_controller = std::make_unique<controller::LocustTestController>(m_client.get(), config::OperatorConfig{},
                                                                          m_namespace);
        QVERIFY(await(m_controller->start(std::chrono::seconds(30))));
    }

    void cleanupTestCase()
    {
        if (m_controller)
            await(m_controller->stop());
        m_cluster.deleteNamespace(*m_client, m_namespace);
    }

    void createsExactlyTheBuildersObjects()
    {
        QVERIFY(await(m_client->create(controller::LocustTestReconciler::locustTests(), locustTest(m_namespace, u"exact"_s))));
        QTRY_COMPARE_WITH_TIMEOUT(phaseOf(u"exact"_s), u"Running"_s, 20000);
        const auto stored = get(controller::LocustTestReconciler::locustTests(), u"exact"_s);
        QVERIFY(stored);
        QVERIFY((*stored)[u"metadata"_s][u"finalizers"_s].toArray().contains(u"locust.io/cleanup"_s));

        const api::LocustTestV2 test = api::LocustTestDefaults::applied(api::LocustTestV2::fromJson(*stored).value);
        resources::TestResources expected = resources::TestResources::build(test, config::OperatorConfig{});
        // Kubernetes 1.20 predates native sidecars (1.28) and drops the exporter init container's
        // restartPolicy on write; everything else must be stored as built.
        QJsonObject masterJob = expected.masterJob;
        QJsonObject spec = masterJob[u"spec"_s][u"template"_s][u"spec"_s].toObject();
        QJsonArray initContainers = spec[u"initContainers"_s].toArray();
        QJsonObject exporter = initContainers.at(0).toObject();
        QCOMPARE(exporter.take(u"restartPolicy"_s).toString(), u"Always"_s);
        initContainers.replace(0, exporter);
        spec.insert(u"initContainers"_s, initContainers);
        QJsonObject podTemplate = masterJob[u"spec"_s][u"template"_s].toObject();
        podTemplate.insert(u"spec"_s, spec);
        QJsonObject jobSpec = masterJob[u"spec"_s].toObject();
        jobSpec.insert(u"template"_s, podTemplate);
        masterJob.insert(u"spec"_s, jobSpec);
        expected.masterJob = masterJob;
        const auto service = get(ResourceType::services(), u"exact-master"_s);
        const auto master = get(ResourceType::jobs(), u"exact-master"_s);
        const auto worker = get(ResourceType::jobs(), u"exact-worker"_s);
        QVERIFY(service && master && worker);
        QCOMPARE(missingFrom(expected.service, *service), QStringList());
        QCOMPARE(missingFrom(expected.masterJob, *master).join(u", "_s), QString());
        QCOMPARE(missingFrom(expected.workerJob, *worker), QStringList());

        QTRY_VERIFY_WITH_TIMEOUT(eventReasons(u"exact"_s).count(u"Created"_s) == 3, 10000);
    }

    // No scheduler runs here, so pods stay Pending but count as active: the master "runs". Marking
    // the master pod Succeeded lets the Job controller complete the Job, which ends the test.
    void phasesFollowTheJobs()
    {
        QVERIFY(await(m_client->create(controller::LocustTestReconciler::locustTests(), locustTest(m_namespace, u"phases"_s))));
        QTRY_VERIFY_WITH_TIMEOUT(eventReasons(u"phases"_s).contains(u"TestStarted"_s), 30000);
        QCOMPARE(phaseOf(u"phases"_s), u"Running"_s);

        ListOptions options;
        options.labelSelector = u"performance-test-pod-name=phases-master"_s;
        const auto masterPods = [this, &options] {
            const auto list = await(m_client->list(ResourceType::pods(), m_namespace, options));
            return list ? list->items : QList<QJsonObject>();
        };
        QTRY_COMPARE_WITH_TIMEOUT(masterPods().size(), 1, 20000);
        QJsonObject pod = masterPods().first();
        pod.insert(u"status"_s, QJsonObject{{u"phase"_s, u"Succeeded"_s}});
        const auto updated = await(m_client->updateStatus(ResourceType::pods(), pod));
        QVERIFY2(updated, qPrintable(updated.errorMessage()));

        QTRY_COMPARE_WITH_TIMEOUT(phaseOf(u"phases"_s), u"Succeeded"_s, 30000);
        const auto test = get(controller::LocustTestReconciler::locustTests(), u"phases"_s);
        QVERIFY(!(*test)[u"status"_s][u"completionTime"_s].toString().isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(eventReasons(u"phases"_s).contains(u"TestCompleted"_s), 10000);
        QVERIFY(!eventReasons(u"phases"_s).contains(u"TestFailed"_s));
    }

    void deletedJobIsRecreated()
    {
        QVERIFY(await(m_client->create(controller::LocustTestReconciler::locustTests(), locustTest(m_namespace, u"recover"_s))));
        QTRY_COMPARE_WITH_TIMEOUT(phaseOf(u"recover"_s), u"Running"_s, 20000);
        const QString before = uidOf(ResourceType::jobs(), u"recover-worker"_s);
        QVERIFY(!before.isEmpty());
        DeleteOptions options;
        options.propagationPolicy = u"Background"_s;
        QVERIFY(await(m_client->remove(ResourceType::jobs(), {m_namespace, u"recover-worker"_s}, options)));
        QTRY_VERIFY_WITH_TIMEOUT(eventReasons(u"recover"_s).contains(u"ResourceDeleted"_s), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(!uidOf(ResourceType::jobs(), u"recover-worker"_s).isEmpty()
                                     && uidOf(ResourceType::jobs(), u"recover-worker"_s) != before,
                                 20000);
        QTRY_COMPARE_WITH_TIMEOUT(phaseOf(u"recover"_s), u"Running"_s, 20000);
    }

    void deletionRemovesTheFinalizerAndGarbageCollects()
    {
        QVERIFY(await(m_client->create(controller::LocustTestReconciler::locustTests(), locustTest(m_namespace, u"gc"_s))));
        QTRY_COMPARE_WITH_TIMEOUT(phaseOf(u"gc"_s), u"Running"_s, 20000);
        QVERIFY(await(m_client->remove(controller::LocustTestReconciler::locustTests(), {m_namespace, u"gc"_s})));
        QTRY_VERIFY_WITH_TIMEOUT(!get(controller::LocustTestReconciler::locustTests(), u"gc"_s), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(!get(ResourceType::jobs(), u"gc-master"_s) && !get(ResourceType::jobs(), u"gc-worker"_s)
                                     && !get(ResourceType::services(), u"gc-master"_s),
                                 60000);
    }

    // A 60-character name passes the CRD (no webhook here) but gives invalid Job names: the
    // failure shows as an event and as Ready=False, not as a silent retry.
    void creationFailureIsVisible()
    {
        const QString name = QString(60, u'x');
        QVERIFY(await(m_client->create(controller::LocustTestReconciler::locustTests(), locustTest(m_namespace, name))));
        QTRY_VERIFY_WITH_TIMEOUT(eventReasons(name).contains(u"CreateFailed"_s), 20000);
        const auto test = get(controller::LocustTestReconciler::locustTests(), name);
        QVERIFY(test);
        QCOMPARE((*test)[u"status"_s][u"phase"_s].toString(), u"Pending"_s);
        bool found = false;
        for (const QJsonValue &condition : (*test)[u"status"_s][u"conditions"_s].toArray()) {
            if (condition[u"type"_s] == u"Ready"_s) {
                found = true;
                QCOMPARE(condition[u"reason"_s].toString(), u"ResourceCreationFailed"_s);
                QVERIFY2(condition[u"message"_s].toString().contains(u"Failed to create"_s),
                         qPrintable(condition[u"message"_s].toString()));
            }
        }
        QVERIFY(found);
    }
};

QTEST_GUILESS_MAIN(ReconcilerTest)
#include "tst_reconciler.moc"

#include "config/operatorconfigloader.h"
#include "jsontestsupport.h"
#include "locusttestfixtures.h"
#include "resources/containerresources.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace locust;
namespace containerresources = resources::containerresources;
using Role = api::naming::Role;
using testsupport::storedSpec;

namespace {

config::OperatorConfig configFrom(const QList<std::pair<QString, QString>> &variables)
{
    QProcessEnvironment environment;
    for (const auto &[name, value] : variables)
        environment.insert(name, value);
    const auto load = config::OperatorConfigLoader::load(environment);
    if (!load.ok())
        qWarning() << load.errors;
    return load.config;
}

const QJsonObject defaults{
    {u"requests"_s, QJsonObject{{u"cpu"_s, u"250m"_s}, {u"memory"_s, u"128Mi"_s}, {u"ephemeral-storage"_s, u"30M"_s}}},
    {u"limits"_s, QJsonObject{{u"cpu"_s, u"1"_s}, {u"memory"_s, u"1Gi"_s}, {u"ephemeral-storage"_s, u"50M"_s}}},
};

} // namespace

class ContainerResourcesTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void unifiedDefaults()
    {
        const auto spec = storedSpec("spec: {image: i}");
        LOCUST_COMPARE_JSON(containerresources::locust(spec, config::OperatorConfig{}, Role::Master), defaults);
        LOCUST_COMPARE_JSON(containerresources::locust(spec, config::OperatorConfig{}, Role::Worker), defaults);
    }

    // Level 1: the CR's block replaces everything, no merging, quantities canonical.
    void crResourcesReplaceEverything()
    {
        const auto spec = storedSpec("spec: {image: i, master: {command: m, resources: {requests: {cpu: 1500m}, "
                                     "limits: {memory: 2048Mi, nvidia.com/gpu: 1}}}}");
        LOCUST_COMPARE_JSON(containerresources::locust(spec, config::OperatorConfig{}, Role::Master),
                            (QJsonObject{{u"requests"_s, QJsonObject{{u"cpu"_s, u"1500m"_s}}},
                                         {u"limits"_s, QJsonObject{{u"memory"_s, u"2Gi"_s}, {u"nvidia.com/gpu"_s, u"1"_s}}}}));
        // The worker is not affected by the master's block.
        LOCUST_COMPARE_JSON(containerresources::locust(spec, config::OperatorConfig{}, Role::Worker), defaults);
    }

    void crRequestsOnlyIsComplete()
    {
        const auto spec = storedSpec("spec: {image: i, worker: {command: w, replicas: 1, resources: {limits: {cpu: 2}}}}");
        LOCUST_COMPARE_JSON(containerresources::locust(spec, config::OperatorConfig{}, Role::Worker),
                            (QJsonObject{{u"limits"_s, QJsonObject{{u"cpu"_s, u"2"_s}}}}));
    }

    // A block with only claims does not count as set (the reference's rule); the claims are dropped.
    void claimsOnlyFallsBackToTheOperator()
    {
        const auto spec = storedSpec("spec: {image: i, master: {command: m, resources: {claims: [{name: gpu}]}}}");
        LOCUST_COMPARE_JSON(containerresources::locust(spec, config::OperatorConfig{}, Role::Master), defaults);
    }

    void claimsKeptWithRequests()
    {
        const auto spec = storedSpec("spec: {image: i, master: {command: m, resources: {requests: {cpu: 1}, "
                                     "claims: [{name: gpu}]}}}");
        LOCUST_COMPARE_JSON(containerresources::locust(spec, config::OperatorConfig{}, Role::Master),
                            (QJsonObject{{u"requests"_s, QJsonObject{{u"cpu"_s, u"1"_s}}},
                                         {u"claims"_s, QJsonArray{QJsonObject{{u"name"_s, u"gpu"_s}}}}}));
    }

    // Levels 2 and 3: role-specific values field by field over the unified ones.
    void roleOverridesFieldByField()
    {
        const config::OperatorConfig config = configFrom({{u"MASTER_POD_CPU_LIMIT"_s, u"2"_s},
                                                          {u"WORKER_POD_MEM_REQUEST"_s, u"256Mi"_s},
                                                          {u"POD_EPHEMERAL_LIMIT"_s, u"100M"_s}});
        const auto spec = storedSpec("spec: {image: i}");
        QJsonObject master = defaults;
        QJsonObject masterLimits = master[u"limits"_s].toObject();
        masterLimits[u"cpu"_s] = u"2"_s;
        masterLimits[u"ephemeral-storage"_s] = u"100M"_s;
        master[u"limits"_s] = masterLimits;
        LOCUST_COMPARE_JSON(containerresources::locust(spec, config, Role::Master), master);

        QJsonObject worker = defaults;
        QJsonObject workerRequests = worker[u"requests"_s].toObject();
        workerRequests[u"memory"_s] = u"256Mi"_s;
        worker[u"requests"_s] = workerRequests;
        QJsonObject workerLimits = worker[u"limits"_s].toObject();
        workerLimits[u"ephemeral-storage"_s] = u"100M"_s;
        worker[u"limits"_s] = workerLimits;
        LOCUST_COMPARE_JSON(containerresources::locust(spec, config, Role::Worker), worker);
    }

    // C2 gap: an explicitly empty value means no limit, at either level.
    void emptyValueMeansNoLimit()
    {
        const config::OperatorConfig config = configFrom({{u"POD_CPU_LIMIT"_s, QString()},
                                                          {u"WORKER_POD_MEM_LIMIT"_s, QString()}});
        const auto spec = storedSpec("spec: {image: i}");
        const QJsonObject master = containerresources::locust(spec, config, Role::Master);
        QVERIFY(!master.value(u"limits").toObject().contains(u"cpu"_s));
        QCOMPARE(master.value(u"limits").toObject().value(u"memory").toString(), u"1Gi"_s);
        const QJsonObject worker = containerresources::locust(spec, config, Role::Worker);
        QCOMPARE(worker.value(u"limits").toObject(), (QJsonObject{{u"ephemeral-storage"_s, u"50M"_s}}));
    }

    void everythingConfiguredAwayGivesNoResources()
    {
        QList<std::pair<QString, QString>> variables;
        for (const QString &name : {u"POD_CPU_REQUEST"_s, u"POD_MEM_REQUEST"_s, u"POD_EPHEMERAL_REQUEST"_s,
                                    u"POD_CPU_LIMIT"_s, u"POD_MEM_LIMIT"_s, u"POD_EPHEMERAL_LIMIT"_s})
            variables << std::pair{name, QString()};
        const auto spec = storedSpec("spec: {image: i}");
        QVERIFY(containerresources::locust(spec, configFrom(variables), Role::Master).isEmpty());
    }

    void canonicalizedKeepsUnparsableValues()
    {
        const QJsonObject resources{{u"limits"_s, QJsonObject{{u"cpu"_s, u"bogus"_s}, {u"memory"_s, 1073741824}}}};
        LOCUST_COMPARE_JSON(containerresources::canonicalized(resources),
                            (QJsonObject{{u"limits"_s, QJsonObject{{u"cpu"_s, u"bogus"_s}, {u"memory"_s, u"1073741824"_s}}}}));
    }
};

QTEST_GUILESS_MAIN(ContainerResourcesTest)
#include "tst_containerresources.moc"

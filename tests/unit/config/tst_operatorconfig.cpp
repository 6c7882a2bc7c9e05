#include "config/operatorconfig.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using locust::config::ContainerResources;
using locust::config::OperatorConfig;
using locust::config::Quantity;
using locust::config::ResourceOverrides;

namespace {

Quantity quantity(const QString &text)
{
    const locust::Result<Quantity> parsed = Quantity::parse(text);
    if (!parsed)
        qWarning("unexpected parse error: %s", qPrintable(parsed.errorMessage()));
    return parsed ? *parsed : Quantity();
}

// Resources as compact JSON text, so that a failing comparison shows every field.
QString json(const ContainerResources &resources)
{
    return QString::fromUtf8(QJsonDocument(resources.toJson()).toJson(QJsonDocument::Compact));
}

} // namespace

class OperatorConfigTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaultPodResources()
    {
        const ContainerResources resources = OperatorConfig::defaultPodResources();
        QCOMPARE(resources.requests.keys(), (QStringList{u"cpu"_s, u"ephemeral-storage"_s, u"memory"_s}));
        QCOMPARE(resources.limits.keys(), (QStringList{u"cpu"_s, u"ephemeral-storage"_s, u"memory"_s}));
        QCOMPARE(resources.requests.value(u"cpu"_s).toString(), u"250m"_s);
        QCOMPARE(resources.requests.value(u"memory"_s).toString(), u"128Mi"_s);
        QCOMPARE(resources.requests.value(u"ephemeral-storage"_s).toString(), u"30M"_s);
        QCOMPARE(resources.limits.value(u"cpu"_s).toString(), u"1"_s);
        QCOMPARE(resources.limits.value(u"memory"_s).toString(), u"1Gi"_s);
        QCOMPARE(resources.limits.value(u"ephemeral-storage"_s).toString(), u"50M"_s);
        // Values, not only strings: 1000m and 1024Mi as written in the spec.
        QVERIFY(resources.limits.value(u"cpu"_s) == quantity(u"1000m"_s));
        QVERIFY(resources.limits.value(u"memory"_s) == quantity(u"1024Mi"_s));
        QVERIFY(!resources.isEmpty());
    }

    void defaultConfigUsesDefaultResources()
    {
        const OperatorConfig config;
        QVERIFY(config.podResources == OperatorConfig::defaultPodResources());
        QVERIFY(config.metricsExporterResources == OperatorConfig::defaultPodResources());
        QVERIFY(config.masterPodResources() == OperatorConfig::defaultPodResources());
        QVERIFY(config.workerPodResources() == OperatorConfig::defaultPodResources());
    }

    void toJsonShape()
    {
        QCOMPARE(json(OperatorConfig::defaultPodResources()),
                 u"{\"limits\":{\"cpu\":\"1\",\"ephemeral-storage\":\"50M\",\"memory\":\"1Gi\"},"
                 "\"requests\":{\"cpu\":\"250m\",\"ephemeral-storage\":\"30M\",\"memory\":\"128Mi\"}}"_s);

        ContainerResources onlyLimits;
        onlyLimits.limits.insert(u"cpu"_s, quantity(u"2000m"_s));
        QCOMPARE(json(onlyLimits), u"{\"limits\":{\"cpu\":\"2\"}}"_s);
        QVERIFY(!onlyLimits.toJson().contains(u"requests"_s));

        ContainerResources onlyRequests;
        onlyRequests.requests.insert(u"memory"_s, quantity(u"1.5Gi"_s));
        QCOMPARE(json(onlyRequests), u"{\"requests\":{\"memory\":\"1536Mi\"}}"_s);
        QVERIFY(!onlyRequests.toJson().contains(u"limits"_s));

        const ContainerResources empty;
        QVERIFY(empty.isEmpty());
        QVERIFY(empty.toJson().isEmpty());
        QCOMPARE(json(empty), u"{}"_s);
    }

    void toJsonValuesAreStrings()
    {
        const QJsonObject object = OperatorConfig::defaultPodResources().toJson();
        const QJsonValue cpu = object.value(u"requests"_s).toObject().value(u"cpu"_s);
        QVERIFY(cpu.isString());
        QCOMPARE(cpu.toString(), u"250m"_s);
    }

    void applyOverridesReplacesRemovesAndInherits()
    {
        const ContainerResources unified = OperatorConfig::defaultPodResources();
        ResourceOverrides overrides;
        overrides.requests.insert(u"cpu"_s, quantity(u"500m"_s));  // replace
        overrides.limits.insert(u"cpu"_s, std::nullopt);           // remove: no CPU limit
        overrides.limits.insert(u"memory"_s, quantity(u"2Gi"_s));  // replace

        const ContainerResources resolved = locust::config::applyOverrides(unified, overrides);
        QCOMPARE(json(resolved),
                 u"{\"limits\":{\"ephemeral-storage\":\"50M\",\"memory\":\"2Gi\"},"
                 "\"requests\":{\"cpu\":\"500m\",\"ephemeral-storage\":\"30M\",\"memory\":\"128Mi\"}}"_s);
        // The input is not modified.
        QVERIFY(unified == OperatorConfig::defaultPodResources());
    }

    void applyNoOverridesIsIdentity()
    {
        const ContainerResources unified = OperatorConfig::defaultPodResources();
        QVERIFY(locust::config::applyOverrides(unified, ResourceOverrides()) == unified);
    }

    void applyOverridesAddsMissingField()
    {
        // A role can set a value the unified set does not have (POD_CPU_LIMIT="" with
        // MASTER_POD_CPU_LIMIT=2).
        ContainerResources unified;
        unified.requests.insert(u"cpu"_s, quantity(u"250m"_s));
        ResourceOverrides overrides;
        overrides.limits.insert(u"cpu"_s, quantity(u"2"_s));
        QCOMPARE(json(locust::config::applyOverrides(unified, overrides)),
                 u"{\"limits\":{\"cpu\":\"2\"},\"requests\":{\"cpu\":\"250m\"}}"_s);
    }

    void removingAMissingFieldIsHarmless()
    {
        ContainerResources unified;
        unified.requests.insert(u"cpu"_s, quantity(u"250m"_s));
        ResourceOverrides overrides;
        overrides.limits.insert(u"memory"_s, std::nullopt);
        QCOMPARE(json(locust::config::applyOverrides(unified, overrides)),
                 u"{\"requests\":{\"cpu\":\"250m\"}}"_s);
    }

    void removingEverythingGivesEmptyResources()
    {
        ResourceOverrides overrides;
        for (const QString &name : {u"cpu"_s, u"memory"_s, u"ephemeral-storage"_s}) {
            overrides.requests.insert(name, std::nullopt);
            overrides.limits.insert(name, std::nullopt);
        }
        const ContainerResources resolved =
            locust::config::applyOverrides(OperatorConfig::defaultPodResources(), overrides);
        QVERIFY(resolved.isEmpty());
        QVERIFY(resolved.toJson().isEmpty());
    }

    void masterAndWorkerResolveIndependently()
    {
        OperatorConfig config;
        config.podResources.requests.insert(u"cpu"_s, quantity(u"100m"_s));
        config.masterResourceOverrides.requests.insert(u"cpu"_s, quantity(u"1"_s));
        config.masterResourceOverrides.limits.insert(u"memory"_s, std::nullopt);
        config.workerResourceOverrides.limits.insert(u"cpu"_s, quantity(u"4"_s));

        QCOMPARE(json(config.masterPodResources()),
                 u"{\"limits\":{\"cpu\":\"1\",\"ephemeral-storage\":\"50M\"},"
                 "\"requests\":{\"cpu\":\"1\",\"ephemeral-storage\":\"30M\",\"memory\":\"128Mi\"}}"_s);
        QCOMPARE(json(config.workerPodResources()),
                 u"{\"limits\":{\"cpu\":\"4\",\"ephemeral-storage\":\"50M\",\"memory\":\"1Gi\"},"
                 "\"requests\":{\"cpu\":\"100m\",\"ephemeral-storage\":\"30M\",\"memory\":\"128Mi\"}}"_s);
        // Neither role touches the unified values.
        QCOMPARE(config.podResources.requests.value(u"cpu"_s).toString(), u"100m"_s);
        QCOMPARE(config.podResources.limits.value(u"memory"_s).toString(), u"1Gi"_s);
    }

    void equalityComparesValues()
    {
        OperatorConfig a;
        OperatorConfig b;
        QVERIFY(a == b);
        // The same value written differently is the same configuration.
        b.podResources.limits.insert(u"cpu"_s, quantity(u"1"_s));
        QVERIFY(a == b);
        b.podResources.limits.insert(u"cpu"_s, quantity(u"2"_s));
        QVERIFY(!(a == b));
        OperatorConfig c;
        c.masterResourceOverrides.limits.insert(u"cpu"_s, std::nullopt);
        QVERIFY(!(a == c));
    }
};

QTEST_GUILESS_MAIN(OperatorConfigTest)
#include "tst_operatorconfig.moc"

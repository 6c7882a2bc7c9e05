#include "jsontestsupport.h"
#include "locusttestfixtures.h"
#include "resources/jobbuilder.h"
#include "serialization/yamlreader.h"

#include <QJsonArray>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace locust;
using resources::JobBuilder;
using Role = api::naming::Role;
using testsupport::storedTest;

namespace {

const QByteArray minimal = "spec: {image: locustio/locust, master: {command: m}, worker: {command: w, replicas: 5}}";

QJsonObject podSpec(const QJsonObject &job)
{
    return job[u"spec"_s][u"template"_s][u"spec"_s].toObject();
}

QJsonObject locustContainer(const QJsonObject &job)
{
    return podSpec(job)[u"containers"_s].toArray().at(0).toObject();
}


// A spec decoded as written, without the CRD defaults storedSpec() applies, so that the builders'
// own fallbacks for unset fields run (the reconciler may see such a spec, e.g. from an older API server).
api::LocustTestSpecV2 undefaultedSpec(const QByteArray &yaml)
{
    const auto documents = serialization::YamlReader::readAll(yaml);
    if (!documents || documents->size() != 1)
        qFatal("test spec YAML does not parse: %s", yaml.constData());
    FieldErrorList errors;
    const api::LocustTestSpecV2 spec =
        api::LocustTestV2::specFromJson(documents->first().value.toObject(), u"spec"_s, &errors);
    if (!errors.isEmpty())
        qFatal("test spec does not decode: %s", qPrintable(errors.first().toString()));
    return spec;
}

} // namespace

class JobBuilderTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void jobShape()
    {
        const api::LocustTestV2 test = storedTest(minimal);
        const QJsonObject master = JobBuilder::build(test, config::OperatorConfig{}, Role::Master);
        const QJsonObject worker = JobBuilder::build(test, config::OperatorConfig{}, Role::Worker);
        QCOMPARE(master[u"spec"_s][u"parallelism"_s].toInt(), 1);
        QCOMPARE(worker[u"spec"_s][u"parallelism"_s].toInt(), 5);
        for (const QJsonObject &job : {master, worker}) {
            QCOMPARE(job[u"apiVersion"_s].toString(), u"batch/v1"_s);
            QCOMPARE(job[u"spec"_s][u"backoffLimit"_s].toInt(-1), 0);
            QVERIFY(!job[u"spec"_s].toObject().contains(u"completions"_s));
            QVERIFY(!job[u"spec"_s].toObject().contains(u"ttlSecondsAfterFinished"_s));
            QCOMPARE(podSpec(job)[u"restartPolicy"_s].toString(), u"Never"_s);
            QCOMPARE(podSpec(job)[u"containers"_s].toArray().size(), 1);
        }
        QCOMPARE(locustContainer(master)[u"name"_s].toString(), u"demo-master"_s);
        QCOMPARE(locustContainer(worker)[u"name"_s].toString(), u"demo-worker"_s);
        QCOMPARE(locustContainer(master)[u"imagePullPolicy"_s].toString(), u"IfNotPresent"_s);
        QVERIFY(!locustContainer(master).contains(u"command"_s)); // the image's entrypoint runs
    }

    void ttlFromConfigOnBothJobs()
    {
        config::OperatorConfig config;
        config.jobTtlSecondsAfterFinished = 0; // 0 is a value, not "unset"
        const api::LocustTestV2 test = storedTest(minimal);
        for (const Role role : {Role::Master, Role::Worker})
            QCOMPARE(JobBuilder::build(test, config, role)[u"spec"_s][u"ttlSecondsAfterFinished"_s].toInt(-1), 0);
    }

    void exporterSidecarOnlyOnMasterWithoutOtel()
    {
        const api::LocustTestV2 plain = storedTest(minimal);
        const QJsonArray init = podSpec(JobBuilder::build(plain, config::OperatorConfig{}, Role::Master))[u"initContainers"_s].toArray();
        QCOMPARE(init.size(), 1);
        QCOMPARE(init.at(0)[u"name"_s].toString(), u"locust-metrics-exporter"_s);
        QCOMPARE(init.at(0)[u"restartPolicy"_s].toString(), u"Always"_s); // native sidecar
        QVERIFY(!podSpec(JobBuilder::build(plain, config::OperatorConfig{}, Role::Worker)).contains(u"initContainers"_s));

        const api::LocustTestV2 otel = storedTest("spec: {image: i, master: {command: m}, worker: {command: w, replicas: 1}, "
                                                  "observability: {openTelemetry: {enabled: true, endpoint: e}}}");
        QVERIFY(!podSpec(JobBuilder::build(otel, config::OperatorConfig{}, Role::Master)).contains(u"initContainers"_s));
    }

    void exporterFollowsTheConfiguration()
    {
        config::OperatorConfig config;
        config.metricsExporterImage = u"example/exporter:1"_s;
        config.metricsExporterPort = 9000;
        config.metricsExporterImagePullPolicy = u"IfNotPresent"_s;
        config.metricsExporterResources = {};
        const QJsonObject exporter =
            podSpec(JobBuilder::build(storedTest(minimal), config, Role::Master))[u"initContainers"_s].toArray().at(0).toObject();
        QCOMPARE(exporter[u"image"_s].toString(), u"example/exporter:1"_s);
        QCOMPARE(exporter[u"imagePullPolicy"_s].toString(), u"IfNotPresent"_s);
        QCOMPARE(exporter[u"ports"_s].toArray().at(0)[u"containerPort"_s].toInt(), 9000);
        QCOMPARE(exporter[u"env"_s].toArray().at(1)[u"value"_s].toString(), u":9000"_s);
        QVERIFY(!exporter.contains(u"resources"_s)); // every exporter value configured away
    }

    void pullSettings()
    {
        const api::LocustTestV2 test = storedTest("spec: {image: img, imagePullPolicy: Never, imagePullSecrets: "
                                                  "[{name: a}, {name: b}], master: {command: m}, worker: {command: w, replicas: 1}}");
        for (const Role role : {Role::Master, Role::Worker}) {
            const QJsonObject job = JobBuilder::build(test, config::OperatorConfig{}, role);
            QCOMPARE(locustContainer(job)[u"imagePullPolicy"_s].toString(), u"Never"_s);
            LOCUST_COMPARE_JSON(podSpec(job)[u"imagePullSecrets"_s],
                                (QJsonArray{QJsonObject{{u"name"_s, u"a"_s}}, QJsonObject{{u"name"_s, u"b"_s}}}));
        }
    }

    void schedulingGatedByInjectionSwitches()
    {
        const api::LocustTestV2 test = storedTest(
            "spec:\n  image: i\n  master: {command: m}\n  worker: {command: w, replicas: 1}\n  scheduling:\n"
            "    affinity: {podAntiAffinity: {}}\n    tolerations: [{operator: Exists}]\n    nodeSelector: {pool: load}\n");
        config::OperatorConfig on;
        const QJsonObject injected = podSpec(JobBuilder::build(test, on, Role::Worker));
        LOCUST_COMPARE_JSON(injected[u"affinity"_s], (QJsonObject{{u"podAntiAffinity"_s, QJsonObject()}}));
        LOCUST_COMPARE_JSON(injected[u"tolerations"_s], (QJsonArray{QJsonObject{{u"operator"_s, u"Exists"_s}}}));
        LOCUST_COMPARE_JSON(injected[u"nodeSelector"_s], (QJsonObject{{u"pool"_s, u"load"_s}}));

        config::OperatorConfig off;
        off.affinityInjection = false;
        off.tolerationsInjection = false;
        const QJsonObject ignored = podSpec(JobBuilder::build(test, off, Role::Master));
        QVERIFY(!ignored.contains(u"affinity"_s));
        QVERIFY(!ignored.contains(u"tolerations"_s));
        QVERIFY(ignored.contains(u"nodeSelector"_s)); // never gated
    }

    void emptyNodeSelectorIsNotSet()
    {
        const api::LocustTestV2 test = storedTest("spec: {image: i, scheduling: {nodeSelector: {}}}");
        QVERIFY(!podSpec(JobBuilder::build(test, config::OperatorConfig{}, Role::Master)).contains(u"nodeSelector"_s));
    }

    void runtimeClassPrecedence_data()
    {
        QTest::addColumn<QByteArray>("scheduling");
        QTest::addColumn<QString>("operatorDefault");
        QTest::addColumn<QString>("expected"); // empty: not set
        QTest::newRow("absent, no default") << QByteArray("{}") << QString() << QString();
        QTest::newRow("absent, default") << QByteArray("{}") << u"gvisor"_s << u"gvisor"_s;
        QTest::newRow("empty opts out") << QByteArray("{runtimeClassName: ''}") << u"gvisor"_s << QString();
        QTest::newRow("own value") << QByteArray("{runtimeClassName: kata}") << u"gvisor"_s << u"kata"_s;
    }
    void runtimeClassPrecedence()
    {
        QFETCH(QByteArray, scheduling);
        QFETCH(QString, operatorDefault);
        QFETCH(QString, expected);
        config::OperatorConfig config;
        config.defaultRuntimeClassName = operatorDefault;
        const QJsonObject pod = podSpec(JobBuilder::build(storedTest("spec: {image: i, scheduling: " + scheduling + "}"),
                                                          config, Role::Worker));
        QCOMPARE(pod.contains(u"runtimeClassName"_s), !expected.isEmpty());
        QCOMPARE(pod[u"runtimeClassName"_s].toString(), expected);
    }

    void securityContexts()
    {
        const api::LocustTestV2 defaults = storedTest(minimal);
        const QJsonObject plain = JobBuilder::build(defaults, config::OperatorConfig{}, Role::Master);
        LOCUST_COMPARE_JSON(podSpec(plain)[u"securityContext"_s],
                            (QJsonObject{{u"seccompProfile"_s, QJsonObject{{u"type"_s, u"RuntimeDefault"_s}}}}));
        QVERIFY(!locustContainer(plain).contains(u"securityContext"_s));

        const api::LocustTestV2 custom = storedTest(
            "spec: {image: i, master: {command: m}, worker: {command: w, replicas: 1}, security: "
            "{podSecurityContext: {fsGroup: 2000}, containerSecurityContext: {readOnlyRootFilesystem: true}}}");
        const QJsonObject job = JobBuilder::build(custom, config::OperatorConfig{}, Role::Master);
        // The pod context replaces the default completely; the container context is the Locust container's only.
        LOCUST_COMPARE_JSON(podSpec(job)[u"securityContext"_s], (QJsonObject{{u"fsGroup"_s, 2000}}));
        LOCUST_COMPARE_JSON(locustContainer(job)[u"securityContext"_s], (QJsonObject{{u"readOnlyRootFilesystem"_s, true}}));
        const QJsonObject exporter = podSpec(job)[u"initContainers"_s].toArray().at(0).toObject();
        QCOMPARE(exporter[u"securityContext"_s][u"readOnlyRootFilesystem"_s].toBool(), true);
        QCOMPARE(exporter[u"securityContext"_s][u"allowPrivilegeEscalation"_s].toBool(true), false);
    }

    void containerPorts()
    {
        const api::LocustTestV2 test = storedTest(minimal);
        LOCUST_COMPARE_JSON(locustContainer(JobBuilder::build(test, config::OperatorConfig{}, Role::Master))[u"ports"_s],
                            (QJsonArray{QJsonObject{{u"containerPort"_s, 5557}}, QJsonObject{{u"containerPort"_s, 5558}},
                                        QJsonObject{{u"containerPort"_s, 8089}}}));
        LOCUST_COMPARE_JSON(locustContainer(JobBuilder::build(test, config::OperatorConfig{}, Role::Worker))[u"ports"_s],
                            (QJsonArray{QJsonObject{{u"containerPort"_s, 8080}}}));
    }

    void templateMetadata()
    {
        const api::LocustTestV2 test = storedTest(minimal);
        const QJsonObject worker = JobBuilder::build(test, config::OperatorConfig{}, Role::Worker);
        const QJsonObject metadata = worker[u"spec"_s][u"template"_s][u"metadata"_s].toObject();
        QCOMPARE(metadata[u"labels"_s][u"performance-test-pod-name"_s].toString(), u"demo-worker"_s);
        QVERIFY(!metadata.contains(u"annotations"_s)); // empty annotations are omitted
        // The Job itself carries only the labels the operator selects its objects by.
        QCOMPARE(worker[u"metadata"_s][u"labels"_s].toObject(),
                 (QJsonObject{{u"managed-by"_s, u"locust-k8s-operator"_s}, {u"performance-test-name"_s, u"demo"_s}}));
        QVERIFY(!worker[u"metadata"_s].toObject().contains(u"annotations"_s));
    }

    // Without the CRD defaults: no imagePullPolicy means IfNotPresent, no replicas one worker pod.
    void unsetFieldsFallBackToTheDefaults()
    {
        api::LocustTestV2 test;
        test.metadata = QJsonObject{{u"name"_s, u"demo"_s}};
        test.spec = undefaultedSpec("{image: i, master: {command: m}, worker: {command: w}}");
        QVERIFY(!test.spec->imagePullPolicy.has_value());
        const QJsonObject master = JobBuilder::build(test, config::OperatorConfig{}, Role::Master);
        const QJsonObject worker = JobBuilder::build(test, config::OperatorConfig{}, Role::Worker);
        QCOMPARE(locustContainer(master)[u"imagePullPolicy"_s].toString(), u"IfNotPresent"_s);
        QCOMPARE(locustContainer(worker)[u"imagePullPolicy"_s].toString(), u"IfNotPresent"_s);
        QCOMPARE(master[u"spec"_s][u"parallelism"_s].toInt(), 1);
        QCOMPARE(worker[u"spec"_s][u"parallelism"_s].toInt(), 1);
        QVERIFY(locustContainer(master)[u"args"_s].toArray().contains(u"--expect-workers=0"_s));

        // An explicit empty imagePullPolicy means the same.
        test.spec->imagePullPolicy = QString();
        QCOMPARE(locustContainer(JobBuilder::build(test, config::OperatorConfig{}, Role::Worker))[u"imagePullPolicy"_s].toString(),
                 u"IfNotPresent"_s);
    }

    // A spec the webhook would reject still builds without crashing (the reconciler may see one).
    void toleratesASparseSpec()
    {
        api::LocustTestV2 test;
        test.metadata = QJsonObject{{u"name"_s, u"x"_s}};
        const QJsonObject job = JobBuilder::build(test, config::OperatorConfig{}, Role::Worker);
        QCOMPARE(job[u"spec"_s][u"parallelism"_s].toInt(), 1);
        QCOMPARE(locustContainer(job)[u"image"_s].toString(), QString());
    }
};

QTEST_GUILESS_MAIN(JobBuilderTest)
#include "tst_jobbuilder.moc"

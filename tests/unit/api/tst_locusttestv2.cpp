#include "apitestsupport.h"
#include "jsontestsupport.h"
#include "api/locusttestv2.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;
using namespace locust;
using namespace locust::api;
using namespace locust::testsupport;

namespace {

QJsonObject minimalJson()
{
    return parse(R"({"apiVersion": "locust.io/v2", "kind": "LocustTest",
                     "metadata": {"name": "demo", "namespace": "load"},
                     "spec": {"image": "locustio/locust:2.43.1",
                              "master": {"command": "locust -f /lotest/src/main.py"},
                              "worker": {"command": "locust -f /lotest/src/main.py", "replicas": 2}}})");
}

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

} // namespace

class LocustTestV2Test : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // ---- round trip ------------------------------------------------------------------------

    void maximalObjectRoundTrips()
    {
        const QJsonObject json = readFixture(u"locusttest-v2-maximal.json"_s);
        const Decoded<LocustTestV2> decoded = LocustTestV2::fromJson(json);
        QCOMPARE(lines(decoded.errors), QStringList());
        LOCUST_COMPARE_JSON(decoded.value.toJson(), json);
        QCOMPARE(decoded.value.toJson(), json);
    }

    void maximalObjectDecodesEveryField()
    {
        const Decoded<LocustTestV2> decoded = LocustTestV2::fromJson(readFixture(u"locusttest-v2-maximal.json"_s));
        QVERIFY(decoded.errors.isEmpty());
        const LocustTestV2 &test = decoded.value;
        QCOMPARE(test.name(), u"team-a.load-test"_s);
        QCOMPARE(test.namespaceName(), u"load"_s);
        QVERIFY(test.spec.has_value());
        const LocustTestSpecV2 &spec = *test.spec;
        QCOMPARE(spec.image, std::optional<QString>(u"locustio/locust:2.43.1"_s));
        QCOMPARE(spec.imagePullPolicy, std::optional<QString>(u"Always"_s));
        QCOMPARE(spec.imagePullSecrets->size(), 2);
        QCOMPARE(spec.imagePullSecrets->at(1).toObject().value(u"name").toString(), u"registry-b"_s);

        QCOMPARE(spec.master->command, std::optional<QString>(u"locust -f /mnt/src/locustfile.py --host https://target.example.com"_s));
        QCOMPARE(spec.master->autostart, std::optional<bool>(false));
        QCOMPARE(spec.master->autoquit, std::optional<AutoquitConfig>(AutoquitConfig{true, 0}));
        QCOMPARE(spec.master->extraArgs, std::optional<QStringList>(QStringList{u"--loglevel"_s, u"DEBUG"_s, u"--csv=/tmp/results"_s}));
        QCOMPARE(spec.master->labels->value(u"cost-center"_s), u"cc-17"_s);
        QCOMPARE(spec.master->annotations->value(u"prometheus.io/scrape"_s), u"false"_s);
        QCOMPARE(spec.master->resources->value(u"limits").toObject().value(u"example.com/widget").toInt(), 2);

        QCOMPARE(spec.worker->replicas, std::optional<qint32>(10));
        QCOMPARE(spec.worker->labels, std::optional<StringMap>(StringMap{{u"tier"_s, u"worker"_s}}));

        QCOMPARE(spec.testFiles, std::optional<TestFilesConfig>(TestFilesConfig{u"team-a-tests"_s, u"team-a-lib"_s,
                                                                                 u"/mnt/src"_s, u"/mnt/lib"_s}));
        QCOMPARE(spec.scheduling->runtimeClassName, std::optional<QString>(QString(u""_s)));
        QVERIFY(spec.scheduling->runtimeClassName.has_value());
        QCOMPARE(spec.scheduling->tolerations->size(), 2);
        QCOMPARE(spec.scheduling->tolerations->at(0).toObject().value(u"tolerationSeconds").toInt(), 300);
        QCOMPARE(spec.scheduling->nodeSelector->value(u"kubernetes.io/os"_s), u"linux"_s);

        QCOMPARE(spec.env->configMapRefs->size(), 2);
        QCOMPARE(spec.env->configMapRefs->at(0), (EnvSourceRef{u"app-config"_s, u"APP_"_s}));
        QCOMPARE(spec.env->configMapRefs->at(1), (EnvSourceRef{u"more-config"_s, std::nullopt}));
        QCOMPARE(spec.env->secretRefs->at(0), (EnvSourceRef{u"app-secrets"_s, u"SECRET_"_s}));
        QCOMPARE(spec.env->variables->size(), 4);
        QCOMPARE(spec.env->secretMounts->at(0), (SecretMount{u"tls-certs"_s, u"/etc/tls"_s, false}));
        QCOMPARE(spec.env->secretMounts->at(1), (SecretMount{u"api.credentials"_s, u"/etc/api"_s, true}));

        QCOMPARE(spec.volumes->size(), 3);
        QCOMPARE(spec.volumeMounts->size(), 3);
        const TargetedVolumeMount &first = spec.volumeMounts->at(0);
        QCOMPARE(first.target, std::optional<QString>(u"master"_s));
        QCOMPARE(first.name(), u"results"_s);
        QCOMPARE(first.mountPath(), u"/results"_s);
        QVERIFY(!first.mount.contains(u"target"));
        const TargetedVolumeMount &second = spec.volumeMounts->at(1);
        QCOMPARE(compact(second.mount),
                 compact(parse(R"({"name": "shared-data", "mountPath": "/data", "readOnly": true, "subPath": "team-a",
                                   "mountPropagation": "None", "recursiveReadOnly": "Disabled"})")));
        QCOMPARE(spec.volumeMounts->at(2).mount.value(u"subPathExpr").toString(), u"$(POD_NAME)"_s);

        QCOMPARE(spec.security->podSecurityContext->value(u"runAsUser").toInt(), 1000);
        QCOMPARE(spec.security->containerSecurityContext->value(u"readOnlyRootFilesystem").toBool(), true);
        const OpenTelemetryConfig &otel = *spec.observability->openTelemetry;
        QCOMPARE(otel.enabled, std::optional<bool>(true));
        QCOMPARE(otel.endpoint, std::optional<QString>(u"http://otel-collector.monitoring:4317"_s));
        QCOMPARE(otel.protocol, std::optional<QString>(u"http/protobuf"_s));
        QCOMPARE(otel.insecure, std::optional<bool>(true));
        QCOMPARE(otel.extraEnvVars->size(), 2);
        QVERIFY(spec.openTelemetryEnabled());

        QVERIFY(test.status.has_value());
        const LocustTestStatus &status = *test.status;
        QCOMPARE(status.phase, std::optional<QString>(u"Running"_s));
        QCOMPARE(status.observedGeneration, std::optional<qint64>(3));
        QCOMPARE(status.expectedWorkers, std::optional<qint32>(10));
        QCOMPARE(status.connectedWorkers, std::optional<qint32>(0)); // explicit 0 is kept, not absent
        QCOMPARE(status.startTime, std::optional<QString>(u"2026-08-01T10:00:05Z"_s));
        QCOMPARE(status.completionTime, std::optional<QString>(u"2026-08-01T11:00:05Z"_s));
        QCOMPARE(status.conditions->size(), 3);
        QCOMPARE(status.conditions->at(1).message, u"7/10 workers connected"_s);
        QCOMPARE(status.conditions->at(0).observedGeneration, std::optional<qint64>(3));
        QCOMPARE(status.conditions->at(2).observedGeneration, std::optional<qint64>());
        QCOMPARE(status.conditions->at(2).type, u"SpecDrifted"_s);
    }

    void roundTripOfPartialObjects_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("no spec, no status") << QByteArray(R"({"apiVersion":"locust.io/v2","kind":"LocustTest",
            "metadata":{"name":"a"}})");
        QTest::newRow("empty spec") << QByteArray(R"({"apiVersion":"locust.io/v2","kind":"LocustTest",
            "metadata":{"name":"a"},"spec":{}})");
        QTest::newRow("empty strings and lists") << QByteArray(R"({"apiVersion":"locust.io/v2","kind":"LocustTest",
            "metadata":{"name":"a"},"spec":{"image":"","imagePullPolicy":"","imagePullSecrets":[],
            "master":{"command":"","labels":{},"annotations":{},"extraArgs":[]},
            "worker":{"command":"","replicas":0,"extraArgs":[]},
            "testFiles":{"configMapRef":"","libConfigMapRef":"","srcMountPath":"","libMountPath":""},
            "scheduling":{"tolerations":[],"nodeSelector":{},"runtimeClassName":""},
            "env":{"configMapRefs":[],"secretRefs":[],"variables":[],"secretMounts":[]},
            "volumes":[],"volumeMounts":[],"security":{},"observability":{}}})");
        QTest::newRow("empty nested objects") << QByteArray(R"({"apiVersion":"locust.io/v2","kind":"LocustTest",
            "metadata":{"name":"a"},"spec":{"master":{"autoquit":{},"resources":{}},"worker":{"resources":{}},
            "testFiles":{},"scheduling":{"affinity":{}},"env":{},
            "security":{"podSecurityContext":{},"containerSecurityContext":{}},
            "observability":{"openTelemetry":{"extraEnvVars":{}}}}})");
        QTest::newRow("explicit false and zero") << QByteArray(R"({"apiVersion":"locust.io/v2","kind":"LocustTest",
            "metadata":{"name":"a"},"spec":{"master":{"autostart":false,"autoquit":{"enabled":false,"timeout":0}},
            "env":{"secretMounts":[{"name":"s","mountPath":"/s","readOnly":false}]},
            "observability":{"openTelemetry":{"enabled":false,"insecure":false}}}})");
        QTest::newRow("empty status") << QByteArray(R"({"apiVersion":"locust.io/v2","kind":"LocustTest",
            "metadata":{"name":"a"},"status":{}})");
        QTest::newRow("status zero values") << QByteArray(R"({"apiVersion":"locust.io/v2","kind":"LocustTest",
            "metadata":{"name":"a"},"status":{"phase":"","observedGeneration":0,"expectedWorkers":0,
            "connectedWorkers":0,"conditions":[]}})");
    }

    void roundTripOfPartialObjects()
    {
        QFETCH(QByteArray, json);
        const QJsonObject object = parse(json);
        const Decoded<LocustTestV2> decoded = LocustTestV2::fromJson(object);
        QCOMPARE(lines(decoded.errors), QStringList());
        LOCUST_COMPARE_JSON(decoded.value.toJson(), object);
    }

    // ---- absent, empty and null ------------------------------------------------------------

    void absentIsNotEmpty()
    {
        const Decoded<LocustTestV2> empty = LocustTestV2::fromJson(parse(R"({"apiVersion":"locust.io/v2",
            "kind":"LocustTest","metadata":{"name":"a"},
            "spec":{"image":"","master":{},"scheduling":{"runtimeClassName":""},"worker":{"extraArgs":[]}}})"));
        QVERIFY(empty.errors.isEmpty());
        const LocustTestSpecV2 &spec = *empty.value.spec;
        QVERIFY(spec.image.has_value());
        QCOMPARE(*spec.image, QString());
        QVERIFY(spec.master.has_value());
        QCOMPARE(*spec.master, MasterSpec{});
        QVERIFY(spec.scheduling->runtimeClassName.has_value());
        QVERIFY(!spec.scheduling->affinity.has_value());
        QVERIFY(spec.worker->extraArgs.has_value());
        QVERIFY(spec.worker->extraArgs->isEmpty());
        QVERIFY(!spec.worker->command.has_value());
        QVERIFY(!spec.imagePullPolicy.has_value());
        QVERIFY(!spec.testFiles.has_value());
        QVERIFY(!empty.value.status.has_value());

        const Decoded<LocustTestV2> absent = LocustTestV2::fromJson(parse(R"({"apiVersion":"locust.io/v2",
            "kind":"LocustTest","metadata":{"name":"a"}})"));
        QVERIFY(absent.errors.isEmpty());
        QVERIFY(!absent.value.spec.has_value());
        QVERIFY(!absent.value.toJson().contains(u"spec"));
        QVERIFY(!absent.value.toJson().contains(u"status"));
    }

    void nullIsAbsent()
    {
        const Decoded<LocustTestV2> decoded = LocustTestV2::fromJson(parse(R"({"apiVersion":"locust.io/v2",
            "kind":"LocustTest","metadata":{"name":"a"},
            "spec":{"image":null,"imagePullPolicy":null,"master":null,"worker":{"replicas":null,"command":"x"},
                    "scheduling":{"runtimeClassName":null,"affinity":null,"tolerations":null},
                    "env":{"secretMounts":null,"variables":null},"volumes":null,"volumeMounts":null,
                    "observability":{"openTelemetry":null}},
            "status":null})"));
        QCOMPARE(lines(decoded.errors), QStringList());
        const LocustTestSpecV2 &spec = *decoded.value.spec;
        QVERIFY(!spec.image.has_value());
        QVERIFY(!spec.imagePullPolicy.has_value());
        QVERIFY(!spec.master.has_value());
        QVERIFY(!spec.worker->replicas.has_value());
        QVERIFY(!spec.scheduling->runtimeClassName.has_value());
        QVERIFY(!spec.scheduling->affinity.has_value());
        QVERIFY(!spec.scheduling->tolerations.has_value());
        QVERIFY(!spec.env->secretMounts.has_value());
        QVERIFY(!spec.env->variables.has_value());
        QVERIFY(!spec.volumes.has_value());
        QVERIFY(!spec.volumeMounts.has_value());
        QVERIFY(!spec.observability->openTelemetry.has_value());
        QVERIFY(!decoded.value.status.has_value());
        LOCUST_COMPARE_JSON(decoded.value.toJson(), parse(R"({"apiVersion":"locust.io/v2","kind":"LocustTest",
            "metadata":{"name":"a"},"spec":{"worker":{"command":"x"},"scheduling":{},"env":{},
            "observability":{}}})"));
    }

    // ---- wrong JSON types ------------------------------------------------------------------

    void typeErrors_data()
    {
        QTest::addColumn<QByteArray>("patch");
        QTest::addColumn<QStringList>("expected");
        auto row = [](const char *name, const char *patch, const QString &path, const QString &expected,
                      const QString &actual) {
            QTest::newRow(name) << QByteArray(patch)
                                << QStringList{path + u": Invalid value: \""_s + actual + u"\": "_s + path
                                               + u" in body must be of type "_s + expected + u": \""_s + actual
                                               + u"\""_s};
        };
        row("image integer", R"({"spec":{"image":5}})", u"spec.image"_s, u"string"_s, u"integer"_s);
        row("image object", R"({"spec":{"image":{}}})", u"spec.image"_s, u"string"_s, u"object"_s);
        row("replicas string", R"({"spec":{"worker":{"replicas":"2"}}})", u"spec.worker.replicas"_s, u"integer"_s,
            u"string"_s);
        row("replicas fraction", R"({"spec":{"worker":{"replicas":2.5}}})", u"spec.worker.replicas"_s, u"integer"_s,
            u"number"_s);
        row("replicas boolean", R"({"spec":{"worker":{"replicas":true}}})", u"spec.worker.replicas"_s, u"integer"_s,
            u"boolean"_s);
        row("imagePullPolicy array", R"({"spec":{"imagePullPolicy":["Always"]}})", u"spec.imagePullPolicy"_s,
            u"string"_s, u"array"_s);
        row("autostart string", R"({"spec":{"master":{"autostart":"yes"}}})", u"spec.master.autostart"_s,
            u"boolean"_s, u"string"_s);
        row("master labels array", R"({"spec":{"master":{"labels":["a"]}}})", u"spec.master.labels"_s, u"object"_s,
            u"array"_s);
        row("master label value integer", R"({"spec":{"master":{"labels":{"a":1}}}})", u"spec.master.labels.a"_s,
            u"string"_s, u"integer"_s);
        row("worker annotation value boolean", R"({"spec":{"worker":{"annotations":{"a":true}}}})",
            u"spec.worker.annotations.a"_s, u"string"_s, u"boolean"_s);
        row("extraArgs string", R"({"spec":{"master":{"extraArgs":"--x"}}})", u"spec.master.extraArgs"_s,
            u"array"_s, u"string"_s);
        row("extraArgs item integer", R"({"spec":{"worker":{"extraArgs":["--a",1]}}})",
            u"spec.worker.extraArgs[1]"_s, u"string"_s, u"integer"_s);
        row("autoquit boolean", R"({"spec":{"master":{"autoquit":true}}})", u"spec.master.autoquit"_s, u"object"_s,
            u"boolean"_s);
        row("autoquit timeout string", R"({"spec":{"master":{"autoquit":{"timeout":"60"}}}})",
            u"spec.master.autoquit.timeout"_s, u"integer"_s, u"string"_s);
        row("autoquit enabled integer", R"({"spec":{"master":{"autoquit":{"enabled":1}}}})",
            u"spec.master.autoquit.enabled"_s, u"boolean"_s, u"integer"_s);
        row("master resources string", R"({"spec":{"master":{"resources":"1"}}})", u"spec.master.resources"_s,
            u"object"_s, u"string"_s);
        row("worker resources array", R"({"spec":{"worker":{"resources":[]}}})", u"spec.worker.resources"_s,
            u"object"_s, u"array"_s);
        row("master string", R"({"spec":{"master":"locust"}})", u"spec.master"_s, u"object"_s, u"string"_s);
        row("testFiles srcMountPath integer", R"({"spec":{"testFiles":{"srcMountPath":1}}})",
            u"spec.testFiles.srcMountPath"_s, u"string"_s, u"integer"_s);
        row("affinity array", R"({"spec":{"scheduling":{"affinity":[]}}})", u"spec.scheduling.affinity"_s,
            u"object"_s, u"array"_s);
        row("tolerations object", R"({"spec":{"scheduling":{"tolerations":{}}}})", u"spec.scheduling.tolerations"_s,
            u"array"_s, u"object"_s);
        row("toleration item integer", R"({"spec":{"scheduling":{"tolerations":[1]}}})",
            u"spec.scheduling.tolerations[0]"_s, u"object"_s, u"integer"_s);
        row("nodeSelector value number", R"({"spec":{"scheduling":{"nodeSelector":{"disk":1.5}}}})",
            u"spec.scheduling.nodeSelector.disk"_s, u"string"_s, u"number"_s);
        row("runtimeClassName boolean", R"({"spec":{"scheduling":{"runtimeClassName":false}}})",
            u"spec.scheduling.runtimeClassName"_s, u"string"_s, u"boolean"_s);
        row("env variables item string", R"({"spec":{"env":{"variables":["A=1"]}}})", u"spec.env.variables[0]"_s,
            u"object"_s, u"string"_s);
        row("configMapRefs item string", R"({"spec":{"env":{"configMapRefs":["cm"]}}})",
            u"spec.env.configMapRefs[0]"_s, u"object"_s, u"string"_s);
        row("secretRefs prefix integer", R"({"spec":{"env":{"secretRefs":[{"name":"s","prefix":1}]}}})",
            u"spec.env.secretRefs[0].prefix"_s, u"string"_s, u"integer"_s);
        row("secretMount readOnly string",
            R"({"spec":{"env":{"secretMounts":[{"name":"s","mountPath":"/s","readOnly":"true"}]}}})",
            u"spec.env.secretMounts[0].readOnly"_s, u"boolean"_s, u"string"_s);
        row("volumes object", R"({"spec":{"volumes":{"name":"x"}}})", u"spec.volumes"_s, u"array"_s, u"object"_s);
        row("volume item array", R"({"spec":{"volumes":[[]]}})", u"spec.volumes[0]"_s, u"object"_s, u"array"_s);
        row("volumeMount mountPath integer", R"({"spec":{"volumeMounts":[{"name":"x","mountPath":5}]}})",
            u"spec.volumeMounts[0].mountPath"_s, u"string"_s, u"integer"_s);
        row("volumeMount readOnly string",
            R"({"spec":{"volumeMounts":[{"name":"x","mountPath":"/x","readOnly":"no"}]}})",
            u"spec.volumeMounts[0].readOnly"_s, u"boolean"_s, u"string"_s);
        row("volumeMount target integer", R"({"spec":{"volumeMounts":[{"name":"x","mountPath":"/x","target":1}]}})",
            u"spec.volumeMounts[0].target"_s, u"string"_s, u"integer"_s);
        row("volumeMount subPath boolean",
            R"({"spec":{"volumeMounts":[{"name":"x","mountPath":"/x","subPath":true}]}})",
            u"spec.volumeMounts[0].subPath"_s, u"string"_s, u"boolean"_s);
        row("imagePullSecrets item string", R"({"spec":{"imagePullSecrets":["regcred"]}})",
            u"spec.imagePullSecrets[0]"_s, u"object"_s, u"string"_s);
        row("podSecurityContext string", R"({"spec":{"security":{"podSecurityContext":"restricted"}}})",
            u"spec.security.podSecurityContext"_s, u"object"_s, u"string"_s);
        row("otel enabled string", R"({"spec":{"observability":{"openTelemetry":{"enabled":"true"}}}})",
            u"spec.observability.openTelemetry.enabled"_s, u"boolean"_s, u"string"_s);
        row("otel extraEnvVars value boolean",
            R"({"spec":{"observability":{"openTelemetry":{"extraEnvVars":{"A":true}}}}})",
            u"spec.observability.openTelemetry.extraEnvVars.A"_s, u"string"_s, u"boolean"_s);
        row("spec string", R"({"spec":"x"})", u"spec"_s, u"object"_s, u"string"_s);
        row("status array", R"({"status":[]})", u"status"_s, u"object"_s, u"array"_s);
        row("status expectedWorkers string", R"({"status":{"expectedWorkers":"3"}})", u"status.expectedWorkers"_s,
            u"integer"_s, u"string"_s);
        row("status observedGeneration fraction", R"({"status":{"observedGeneration":1.5}})",
            u"status.observedGeneration"_s, u"integer"_s, u"number"_s);
        row("status conditions object", R"({"status":{"conditions":{}}})", u"status.conditions"_s, u"array"_s,
            u"object"_s);
        row("condition message integer",
            R"({"status":{"conditions":[{"type":"Ready","status":"True","reason":"R","message":1,"lastTransitionTime":"2026-01-01T00:00:00Z"}]}})",
            u"status.conditions[0].message"_s, u"string"_s, u"integer"_s);
        row("metadata name integer", R"({"metadata":{"name":5}})", u"metadata.name"_s, u"string"_s, u"integer"_s);
        row("metadata label value integer", R"({"metadata":{"labels":{"a":1}}})", u"metadata.labels.a"_s,
            u"string"_s, u"integer"_s);
        row("metadata string", R"({"metadata":"x"})", u"metadata"_s, u"object"_s, u"string"_s);
    }

    void typeErrors()
    {
        QFETCH(QByteArray, patch);
        QFETCH(QStringList, expected);
        const Decoded<LocustTestV2> decoded = LocustTestV2::fromJson(merged(minimalJson(), parse(patch)));
        QCOMPARE(lines(decoded.errors), expected);
        QCOMPARE(decoded.errors.first().type(), FieldError::Type::Invalid);
    }

    void everyErrorIsReported()
    {
        const Decoded<LocustTestV2> decoded = LocustTestV2::fromJson(merged(minimalJson(), parse(R"({
            "spec":{"image":1,"worker":{"replicas":"x","bogus":1},"master":{"autostart":"no"},"foo":true},
            "status":{"phase":2}})")));
        QCOMPARE(sorted(lines(decoded.errors)),
                 sorted({u"spec.image: Invalid value: \"integer\": spec.image in body must be of type string: \"integer\""_s,
                         u"spec.worker.replicas: Invalid value: \"string\": spec.worker.replicas in body must be of type integer: \"string\""_s,
                         u"unknown field \"spec.worker.bogus\""_s,
                         u"spec.master.autostart: Invalid value: \"string\": spec.master.autostart in body must be of type boolean: \"string\""_s,
                         u"unknown field \"spec.foo\""_s,
                         u"status.phase: Invalid value: \"integer\": status.phase in body must be of type string: \"integer\""_s}));
        // What could be read is still there.
        QCOMPARE(decoded.value.spec->master->command, std::optional<QString>(u"locust -f /lotest/src/main.py"_s));
        QVERIFY(!decoded.value.spec->worker->replicas.has_value());
    }

    // ---- integer ranges ----------------------------------------------------------------------

    void integerRanges_data()
    {
        QTest::addColumn<QByteArray>("patch");
        QTest::addColumn<QString>("field"); // empty: no error expected
        QTest::newRow("replicas int32 max") << QByteArray(R"({"spec":{"worker":{"replicas":2147483647}}})") << QString();
        QTest::newRow("replicas int32 min") << QByteArray(R"({"spec":{"worker":{"replicas":-2147483648}}})") << QString();
        QTest::newRow("replicas above int32") << QByteArray(R"({"spec":{"worker":{"replicas":2147483648}}})")
                                              << u"spec.worker.replicas"_s;
        QTest::newRow("replicas below int32") << QByteArray(R"({"spec":{"worker":{"replicas":-2147483649}}})")
                                              << u"spec.worker.replicas"_s;
        QTest::newRow("timeout above int32") << QByteArray(R"({"spec":{"master":{"autoquit":{"timeout":4294967296}}}})")
                                             << u"spec.master.autoquit.timeout"_s;
        QTest::newRow("expectedWorkers above int32") << QByteArray(R"({"status":{"expectedWorkers":3000000000}})")
                                                     << u"status.expectedWorkers"_s;
        QTest::newRow("connectedWorkers above int32") << QByteArray(R"({"status":{"connectedWorkers":3000000000}})")
                                                      << u"status.connectedWorkers"_s;
        QTest::newRow("observedGeneration int64") << QByteArray(R"({"status":{"observedGeneration":3000000000}})")
                                                  << QString();
        QTest::newRow("observedGeneration above int64")
            << QByteArray(R"({"status":{"observedGeneration":1e19}})") << u"status.observedGeneration"_s;
    }

    void integerRanges()
    {
        QFETCH(QByteArray, patch);
        QFETCH(QString, field);
        const Decoded<LocustTestV2> decoded = LocustTestV2::fromJson(merged(minimalJson(), parse(patch)));
        if (field.isEmpty()) {
            QCOMPARE(lines(decoded.errors), QStringList());
            return;
        }
        QCOMPARE(decoded.errors.size(), 1);
        QCOMPARE(decoded.errors.first().field(), field);
        QCOMPARE(decoded.errors.first().type(), FieldError::Type::Invalid);
        QVERIFY2(decoded.errors.first().toString().startsWith(field + u": Invalid value: "_s),
                 qPrintable(decoded.errors.first().toString()));
    }

    void integerValuesAreExact()
    {
        const Decoded<LocustTestV2> decoded = LocustTestV2::fromJson(merged(minimalJson(), parse(R"({
            "spec":{"worker":{"replicas":2147483647}},"status":{"observedGeneration":9007199254740992}})")));
        QVERIFY(decoded.errors.isEmpty());
        QCOMPARE(decoded.value.spec->worker->replicas, std::optional<qint32>(std::numeric_limits<qint32>::max()));
        QCOMPARE(decoded.value.status->observedGeneration, std::optional<qint64>(Q_INT64_C(9007199254740992)));
    }

    // ---- unknown fields --------------------------------------------------------------------

    void unknownFields_data()
    {
        QTest::addColumn<QByteArray>("patch");
        QTest::addColumn<QString>("expected");
        QTest::newRow("top level") << QByteArray(R"({"foo":1})") << u"unknown field \"foo\""_s;
        QTest::newRow("spec") << QByteArray(R"({"spec":{"foo":1}})") << u"unknown field \"spec.foo\""_s;
        QTest::newRow("master") << QByteArray(R"({"spec":{"master":{"replicas":1}}})")
                                << u"unknown field \"spec.master.replicas\""_s;
        QTest::newRow("worker") << QByteArray(R"({"spec":{"worker":{"autostart":true}}})")
                                << u"unknown field \"spec.worker.autostart\""_s;
        QTest::newRow("autoquit") << QByteArray(R"({"spec":{"master":{"autoquit":{"after":5}}}})")
                                  << u"unknown field \"spec.master.autoquit.after\""_s;
        QTest::newRow("testFiles") << QByteArray(R"({"spec":{"testFiles":{"configMap":"x"}}})")
                                   << u"unknown field \"spec.testFiles.configMap\""_s;
        QTest::newRow("scheduling") << QByteArray(R"({"spec":{"scheduling":{"priorityClassName":"x"}}})")
                                    << u"unknown field \"spec.scheduling.priorityClassName\""_s;
        QTest::newRow("env") << QByteArray(R"({"spec":{"env":{"vars":[]}}})") << u"unknown field \"spec.env.vars\""_s;
        QTest::newRow("configMapRefs item")
            << QByteArray(R"({"spec":{"env":{"configMapRefs":[{"name":"a","optional":true}]}}})")
            << u"unknown field \"spec.env.configMapRefs[0].optional\""_s;
        QTest::newRow("secretRefs item") << QByteArray(R"({"spec":{"env":{"secretRefs":[{"name":"a"},{"name":"b","x":1}]}}})")
                                         << u"unknown field \"spec.env.secretRefs[1].x\""_s;
        QTest::newRow("secretMounts item")
            << QByteArray(R"({"spec":{"env":{"secretMounts":[{"name":"a","mountPath":"/a","items":[]}]}}})")
            << u"unknown field \"spec.env.secretMounts[0].items\""_s;
        QTest::newRow("volumeMounts item")
            << QByteArray(R"({"spec":{"volumeMounts":[{"name":"a","mountPath":"/a","targets":"both"}]}})")
            << u"unknown field \"spec.volumeMounts[0].targets\""_s;
        QTest::newRow("security") << QByteArray(R"({"spec":{"security":{"privileged":true}}})")
                                  << u"unknown field \"spec.security.privileged\""_s;
        QTest::newRow("observability") << QByteArray(R"({"spec":{"observability":{"prometheus":{}}}})")
                                       << u"unknown field \"spec.observability.prometheus\""_s;
        QTest::newRow("openTelemetry") << QByteArray(R"({"spec":{"observability":{"openTelemetry":{"headers":{}}}}})")
                                       << u"unknown field \"spec.observability.openTelemetry.headers\""_s;
        QTest::newRow("status") << QByteArray(R"({"status":{"message":"x"}})") << u"unknown field \"status.message\""_s;
        QTest::newRow("status condition")
            << QByteArray(R"({"status":{"conditions":[{"type":"Ready","status":"True","reason":"R","message":"m","lastTransitionTime":"t","severity":"x"}]}})")
            << u"unknown field \"status.conditions[0].severity\""_s;
    }

    void unknownFields()
    {
        QFETCH(QByteArray, patch);
        QFETCH(QString, expected);
        const Decoded<LocustTestV2> decoded = LocustTestV2::fromJson(merged(minimalJson(), parse(patch)));
        QCOMPARE(lines(decoded.errors), QStringList{expected});
        QCOMPARE(decoded.errors.first().type(), FieldError::Type::UnknownField);
    }

    // Metadata is ObjectMeta, kept verbatim: fields the operator does not read are not unknown.
    void metadataIsVerbatim()
    {
        const QJsonObject json = merged(minimalJson(), parse(R"({"metadata":{"resourceVersion":"7",
            "finalizers":["locust.io/cleanup"],"managedFields":[{"manager":"kubectl"}],
            "ownerReferences":[],"creationTimestamp":"2026-01-01T00:00:00Z"}})"));
        const Decoded<LocustTestV2> decoded = LocustTestV2::fromJson(json);
        QCOMPARE(lines(decoded.errors), QStringList());
        LOCUST_COMPARE_JSON(decoded.value.metadata, json.value(u"metadata").toObject());
        LOCUST_COMPARE_JSON(decoded.value.toJson(), json);
    }

    // ---- embedded core types are verbatim ----------------------------------------------------

    void coreTypesAreVerbatim()
    {
        const QJsonObject json = merged(minimalJson(), parse(R"({"spec":{
            "imagePullSecrets":[{"name":"a","extra":1},{}],
            "master":{"resources":{"requests":{"cpu":"1"},"bogus":true,"limits":{"memory":5}}},
            "scheduling":{"affinity":{"nodeAffinity":{"anything":[1,2,3]},"futureAffinity":{}},
                          "tolerations":[{"key":"k","foo":"bar"},{}]},
            "env":{"variables":[{"name":"A","weird":1},{"value":"no name"}]},
            "volumes":[{"name":"x","unknownSource":{"a":1}},{"emptyDir":{},"hostPath":{"path":"/"}}],
            "security":{"podSecurityContext":{"nonsense":1},"containerSecurityContext":{"privileged":"maybe"}}}})"));
        const Decoded<LocustTestV2> decoded = LocustTestV2::fromJson(json);
        QCOMPARE(lines(decoded.errors), QStringList());
        LOCUST_COMPARE_JSON(decoded.value.toJson(), json);
        QCOMPARE(decoded.value.spec->master->resources->value(u"bogus").toBool(), true);
        QCOMPARE(decoded.value.spec->scheduling->tolerations->at(0).toObject().value(u"foo").toString(), u"bar"_s);
    }

    // ---- identity ------------------------------------------------------------------------------

    void identity_data()
    {
        QTest::addColumn<QByteArray>("patch");
        QTest::addColumn<QString>("expected");
        QTest::newRow("v1 apiVersion") << QByteArray(R"({"apiVersion":"locust.io/v1"})")
                                       << u"apiVersion: Unsupported value: \"locust.io/v1\": supported values: \"locust.io/v2\""_s;
        QTest::newRow("other group") << QByteArray(R"({"apiVersion":"batch/v1"})")
                                     << u"apiVersion: Unsupported value: \"batch/v1\": supported values: \"locust.io/v2\""_s;
        QTest::newRow("other kind") << QByteArray(R"({"kind":"Job"})")
                                    << u"kind: Unsupported value: \"Job\": supported values: \"LocustTest\""_s;
        QTest::newRow("kind case") << QByteArray(R"({"kind":"locusttest"})")
                                   << u"kind: Unsupported value: \"locusttest\": supported values: \"LocustTest\""_s;
    }

    void identity()
    {
        QFETCH(QByteArray, patch);
        QFETCH(QString, expected);
        const Decoded<LocustTestV2> decoded = LocustTestV2::fromJson(merged(minimalJson(), parse(patch)));
        QCOMPARE(lines(decoded.errors), QStringList{expected});
        QCOMPARE(decoded.errors.first().type(), FieldError::Type::NotSupported);
    }

    void missingIdentity()
    {
        QJsonObject json = minimalJson();
        json.remove(u"apiVersion"_s);
        json.remove(u"kind"_s);
        const Decoded<LocustTestV2> decoded = LocustTestV2::fromJson(json);
        QCOMPARE(decoded.errors.size(), 2);
        QCOMPARE(decoded.errors.at(0).field(), u"apiVersion"_s);
        QCOMPARE(decoded.errors.at(1).field(), u"kind"_s);
        // toJson always writes the identity.
        QCOMPARE(decoded.value.toJson().value(u"apiVersion").toString(), u"locust.io/v2"_s);
        QCOMPARE(decoded.value.toJson().value(u"kind").toString(), u"LocustTest"_s);
    }

    // ---- the parts on their own --------------------------------------------------------------

    void statusCodec()
    {
        const QJsonObject json = parse(R"({"phase":"Succeeded","observedGeneration":2,"expectedWorkers":5,
            "connectedWorkers":0,"startTime":"2026-08-01T10:00:05Z","completionTime":"2026-08-01T10:30:00Z",
            "conditions":[{"type":"TestCompleted","status":"True","reason":"TestSucceeded",
                           "message":"Test completed successfully","lastTransitionTime":"2026-08-01T10:30:00Z",
                           "observedGeneration":2}]})");
        FieldErrorList errors;
        const LocustTestStatus status = LocustTestV2::statusFromJson(json, u"status"_s, &errors);
        QVERIFY(errors.isEmpty());
        QCOMPARE(status.phase, std::optional<QString>(u"Succeeded"_s));
        QCOMPARE(status.connectedWorkers, std::optional<qint32>(0));
        QCOMPARE(status.conditions->first(),
                 (Condition{u"TestCompleted"_s, u"True"_s, u"TestSucceeded"_s, u"Test completed successfully"_s,
                            u"2026-08-01T10:30:00Z"_s, 2}));
        LOCUST_COMPARE_JSON(LocustTestV2::statusToJson(status), json);
        QVERIFY(!status.isEmpty());
        QVERIFY(LocustTestStatus{}.isEmpty());
        LOCUST_COMPARE_JSON(LocustTestV2::statusToJson(LocustTestStatus{}), QJsonObject());

        FieldErrorList pathErrors;
        (void)LocustTestV2::statusFromJson(parse(R"({"phase":1})"), u"x.status"_s, &pathErrors);
        QCOMPARE(lines(pathErrors),
                 QStringList{u"x.status.phase: Invalid value: \"integer\": x.status.phase in body must be of type string: \"integer\""_s});
    }

    void specCodec()
    {
        const QJsonObject json = readFixture(u"locusttest-v2-maximal.json"_s).value(u"spec").toObject();
        FieldErrorList errors;
        const LocustTestSpecV2 spec = LocustTestV2::specFromJson(json, u"spec"_s, &errors);
        QVERIFY(errors.isEmpty());
        LOCUST_COMPARE_JSON(LocustTestV2::specToJson(spec), json);
        LOCUST_COMPARE_JSON(LocustTestV2::specToJson(LocustTestSpecV2{}), QJsonObject());
    }

    void defaultConstructedObject()
    {
        const LocustTestV2 test;
        LOCUST_COMPARE_JSON(test.toJson(), parse(R"({"apiVersion":"locust.io/v2","kind":"LocustTest","metadata":{}})"));
        QCOMPARE(test.name(), QString());
    }

    void openTelemetryEnabled_data()
    {
        QTest::addColumn<QByteArray>("spec");
        QTest::addColumn<bool>("enabled");
        QTest::newRow("no observability") << QByteArray("{}") << false;
        QTest::newRow("no openTelemetry") << QByteArray(R"({"observability":{}})") << false;
        QTest::newRow("enabled absent") << QByteArray(R"({"observability":{"openTelemetry":{"endpoint":"otel:4317"}}})") << false;
        QTest::newRow("disabled") << QByteArray(R"({"observability":{"openTelemetry":{"enabled":false}}})") << false;
        QTest::newRow("enabled") << QByteArray(R"({"observability":{"openTelemetry":{"enabled":true}}})") << true;
    }

    void openTelemetryEnabled()
    {
        QFETCH(QByteArray, spec);
        QFETCH(bool, enabled);
        FieldErrorList errors;
        QCOMPARE(LocustTestV2::specFromJson(parse(spec), u"spec"_s, &errors).openTelemetryEnabled(), enabled);
        QVERIFY(errors.isEmpty());
    }
};

QTEST_GUILESS_MAIN(LocustTestV2Test)
#include "tst_locusttestv2.moc"

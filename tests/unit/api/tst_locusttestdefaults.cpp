#include "apitestsupport.h"
#include "api/locusttestdefaults.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace locust;
using namespace locust::api;
using namespace locust::testsupport;

namespace {

LocustTestSpecV2 spec(const QByteArray &json)
{
    FieldErrorList errors;
    const LocustTestSpecV2 result = LocustTestV2::specFromJson(parse(json), u"spec"_s, &errors);
    if (!errors.isEmpty())
        qFatal("test spec does not decode: %s", qPrintable(errors.first().toString()));
    return result;
}

// The defaulted spec, as JSON.
QString defaulted(const QByteArray &json)
{
    return compact(LocustTestV2::specToJson(LocustTestDefaults::applied(spec(json))));
}

} // namespace

class LocustTestDefaultsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void constants()
    {
        QCOMPARE(LocustTestDefaults::autostart, true);
        QCOMPARE(LocustTestDefaults::autoquitEnabled, true);
        QCOMPARE(LocustTestDefaults::autoquitTimeout, 60);
        QCOMPARE(LocustTestDefaults::v1WorkerReplicas, 1);
    }

    // spec/api.md §2.12, row by row: input spec -> the spec as the API server stores it.
    void v2Defaults_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("expected");

        QTest::newRow("empty spec: only imagePullPolicy") << QByteArray("{}")
                                                           << QByteArray(R"({"imagePullPolicy":"IfNotPresent"})");
        QTest::newRow("imagePullPolicy kept") << QByteArray(R"({"imagePullPolicy":"Never"})")
                                              << QByteArray(R"({"imagePullPolicy":"Never"})");
        QTest::newRow("imagePullPolicy empty string kept") << QByteArray(R"({"imagePullPolicy":""})")
                                                           << QByteArray(R"({"imagePullPolicy":""})");
        QTest::newRow("master: autostart, no autoquit object")
            << QByteArray(R"({"master":{"command":"c"}})")
            << QByteArray(R"({"imagePullPolicy":"IfNotPresent","master":{"command":"c","autostart":true}})");
        QTest::newRow("autostart false kept") << QByteArray(R"({"master":{"autostart":false}})")
                                              << QByteArray(R"({"imagePullPolicy":"IfNotPresent","master":{"autostart":false}})");
        QTest::newRow("empty autoquit filled")
            << QByteArray(R"({"master":{"autoquit":{}}})")
            << QByteArray(R"({"imagePullPolicy":"IfNotPresent","master":{"autostart":true,"autoquit":{"enabled":true,"timeout":60}}})");
        QTest::newRow("autoquit timeout 0 kept")
            << QByteArray(R"({"master":{"autoquit":{"timeout":0}}})")
            << QByteArray(R"({"imagePullPolicy":"IfNotPresent","master":{"autostart":true,"autoquit":{"enabled":true,"timeout":0}}})");
        QTest::newRow("autoquit disabled kept")
            << QByteArray(R"({"master":{"autoquit":{"enabled":false}}})")
            << QByteArray(R"({"imagePullPolicy":"IfNotPresent","master":{"autostart":true,"autoquit":{"enabled":false,"timeout":60}}})");
        QTest::newRow("worker: nothing, replicas has no default")
            << QByteArray(R"({"worker":{"command":"c"}})")
            << QByteArray(R"({"imagePullPolicy":"IfNotPresent","worker":{"command":"c"}})");
        QTest::newRow("testFiles: both paths")
            << QByteArray(R"({"testFiles":{}})")
            << QByteArray(R"({"imagePullPolicy":"IfNotPresent","testFiles":{"srcMountPath":"/lotest/src","libMountPath":"/opt/locust/lib"}})");
        QTest::newRow("testFiles: explicit paths kept, empty string kept")
            << QByteArray(R"({"testFiles":{"configMapRef":"t","srcMountPath":"","libMountPath":"/l"}})")
            << QByteArray(R"({"imagePullPolicy":"IfNotPresent","testFiles":{"configMapRef":"t","srcMountPath":"","libMountPath":"/l"}})");
        QTest::newRow("scheduling: nothing, runtimeClassName empty kept")
            << QByteArray(R"({"scheduling":{"runtimeClassName":""}})")
            << QByteArray(R"({"imagePullPolicy":"IfNotPresent","scheduling":{"runtimeClassName":""}})");
        QTest::newRow("secretMounts readOnly")
            << QByteArray(R"({"env":{"secretMounts":[{"name":"a","mountPath":"/a"},{"name":"b","mountPath":"/b","readOnly":false}]}})")
            << QByteArray(R"({"imagePullPolicy":"IfNotPresent","env":{"secretMounts":[{"name":"a","mountPath":"/a","readOnly":true},{"name":"b","mountPath":"/b","readOnly":false}]}})");
        QTest::newRow("env without secretMounts") << QByteArray(R"({"env":{}})")
                                                  << QByteArray(R"({"imagePullPolicy":"IfNotPresent","env":{}})");
        QTest::newRow("volumeMounts target")
            << QByteArray(R"({"volumeMounts":[{"name":"a","mountPath":"/a"},{"name":"b","mountPath":"/b","target":"worker"},{"name":"c","mountPath":"/c","target":""}]})")
            << QByteArray(R"({"imagePullPolicy":"IfNotPresent","volumeMounts":[{"name":"a","mountPath":"/a","target":"both"},{"name":"b","mountPath":"/b","target":"worker"},{"name":"c","mountPath":"/c","target":""}]})");
        QTest::newRow("observability without openTelemetry") << QByteArray(R"({"observability":{}})")
                                                             << QByteArray(R"({"imagePullPolicy":"IfNotPresent","observability":{}})");
        QTest::newRow("openTelemetry filled")
            << QByteArray(R"({"observability":{"openTelemetry":{}}})")
            << QByteArray(R"({"imagePullPolicy":"IfNotPresent","observability":{"openTelemetry":{"enabled":false,"protocol":"grpc","insecure":false}}})");
        QTest::newRow("openTelemetry explicit kept")
            << QByteArray(R"({"observability":{"openTelemetry":{"enabled":true,"protocol":"http/protobuf","insecure":true,"endpoint":"e"}}})")
            << QByteArray(R"({"imagePullPolicy":"IfNotPresent","observability":{"openTelemetry":{"enabled":true,"protocol":"http/protobuf","insecure":true,"endpoint":"e"}}})");
        QTest::newRow("openTelemetry protocol empty kept")
            << QByteArray(R"({"observability":{"openTelemetry":{"protocol":""}}})")
            << QByteArray(R"({"imagePullPolicy":"IfNotPresent","observability":{"openTelemetry":{"enabled":false,"protocol":"","insecure":false}}})");
        QTest::newRow("imagePullSecrets name")
            << QByteArray(R"({"imagePullSecrets":[{},{"name":"r"}]})")
            << QByteArray(R"({"imagePullPolicy":"IfNotPresent","imagePullSecrets":[{"name":""},{"name":"r"}]})");
        // The core types are kept as verbatim JSON, so an explicit null reaches the defaulting: it
        // counts as unset, as in the API server.
        QTest::newRow("imagePullSecrets name null")
            << QByteArray(R"({"imagePullSecrets":[{"name":null}]})")
            << QByteArray(R"({"imagePullPolicy":"IfNotPresent","imagePullSecrets":[{"name":""}]})");
        QTest::newRow("env variable refs null")
            << QByteArray(R"({"env":{"variables":[
                 {"name":"B","valueFrom":{"configMapKeyRef":{"key":"k","name":null}}},
                 {"name":"E","valueFrom":{"fileKeyRef":{"key":"k","path":"p","volumeName":"v","optional":null}}}]}})")
            << QByteArray(R"({"imagePullPolicy":"IfNotPresent","env":{"variables":[
                 {"name":"B","valueFrom":{"configMapKeyRef":{"key":"k","name":""}}},
                 {"name":"E","valueFrom":{"fileKeyRef":{"key":"k","path":"p","volumeName":"v","optional":false}}}]}})");
        QTest::newRow("env variable refs")
            << QByteArray(R"({"env":{"variables":[{"name":"A","value":"1"},
                 {"name":"B","valueFrom":{"configMapKeyRef":{"key":"k"}}},
                 {"name":"C","valueFrom":{"secretKeyRef":{"key":"k"}}},
                 {"name":"D","valueFrom":{"secretKeyRef":{"key":"k","name":"s"}}},
                 {"name":"E","valueFrom":{"fileKeyRef":{"key":"k","path":"p","volumeName":"v"}}},
                 {"name":"F","valueFrom":{"fileKeyRef":{"key":"k","path":"p","volumeName":"v","optional":true}}},
                 {"name":"G","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}]}})")
            << QByteArray(R"({"imagePullPolicy":"IfNotPresent","env":{"variables":[{"name":"A","value":"1"},
                 {"name":"B","valueFrom":{"configMapKeyRef":{"key":"k","name":""}}},
                 {"name":"C","valueFrom":{"secretKeyRef":{"key":"k","name":""}}},
                 {"name":"D","valueFrom":{"secretKeyRef":{"key":"k","name":"s"}}},
                 {"name":"E","valueFrom":{"fileKeyRef":{"key":"k","path":"p","volumeName":"v","optional":false}}},
                 {"name":"F","valueFrom":{"fileKeyRef":{"key":"k","path":"p","volumeName":"v","optional":true}}},
                 {"name":"G","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}]}})");
        QTest::newRow("nothing else is defaulted")
            << QByteArray(R"({"image":"i","master":{"command":"c","autostart":true},"worker":{"command":"c","replicas":3},
                 "scheduling":{},"security":{},"volumes":[{"name":"v"}]})")
            << QByteArray(R"({"image":"i","imagePullPolicy":"IfNotPresent","master":{"command":"c","autostart":true},
                 "worker":{"command":"c","replicas":3},"scheduling":{},"security":{},"volumes":[{"name":"v"}]})");
    }

    void v2Defaults()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, expected);
        QCOMPARE(defaulted(input), compact(parse(expected)));
    }

    void defaultingIsIdempotent()
    {
        const LocustTestSpecV2 once = LocustTestDefaults::applied(spec(R"({"master":{"autoquit":{}},"testFiles":{},
            "env":{"secretMounts":[{"name":"a","mountPath":"/a"}]},"observability":{"openTelemetry":{}}})"));
        QCOMPARE(LocustTestDefaults::applied(once), once);
    }

    void wholeObject()
    {
        LocustTestV2 test;
        test.metadata = parse(R"({"name":"demo"})");
        test.spec = spec(R"({"image":"i","master":{"command":"c"}})");
        test.status = LocustTestStatus{};
        test.status->phase = u"Pending"_s;
        const LocustTestV2 result = LocustTestDefaults::applied(test);
        QCOMPARE(compact(result.metadata), compact(test.metadata));
        QCOMPARE(result.status, test.status);
        QCOMPARE(result.spec->imagePullPolicy, std::optional<QString>(u"IfNotPresent"_s));
        QCOMPARE(result.spec->master->autostart, std::optional<bool>(true));
        QVERIFY(!result.spec->master->autoquit.has_value());

        // No spec: nothing is created.
        LocustTestV2 withoutSpec;
        withoutSpec.metadata = test.metadata;
        QVERIFY(!LocustTestDefaults::applied(withoutSpec).spec.has_value());
    }

    void v1Defaults()
    {
        LocustTestV1 test;
        test.metadata = parse(R"({"name":"demo"})");
        test.spec = LocustTestSpecV1{};
        test.spec->image = u"i"_s;
        const LocustTestV1 result = LocustTestDefaults::applied(test);
        QCOMPARE(result.spec->workerReplicas, std::optional<qint32>(1));
        // v1 imagePullPolicy has no default (the docs claim IfNotPresent; the schema has none).
        QVERIFY(!result.spec->imagePullPolicy.has_value());
        QCOMPARE(compact(LocustTestV1::specToJson(*result.spec)), compact(parse(R"({"image":"i","workerReplicas":1})")));

        LocustTestV1 explicitReplicas = test;
        explicitReplicas.spec->workerReplicas = 7;
        QCOMPARE(LocustTestDefaults::applied(explicitReplicas).spec->workerReplicas, std::optional<qint32>(7));
        LocustTestV1 zeroReplicas = test;
        zeroReplicas.spec->workerReplicas = 0; // invalid, but explicit: not replaced
        QCOMPARE(LocustTestDefaults::applied(zeroReplicas).spec->workerReplicas, std::optional<qint32>(0));

        LocustTestV1 withoutSpec;
        QVERIFY(!LocustTestDefaults::applied(withoutSpec).spec.has_value());
    }
};

QTEST_GUILESS_MAIN(LocustTestDefaultsTest)
#include "tst_locusttestdefaults.moc"

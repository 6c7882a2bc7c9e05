#include "apitestsupport.h"
#include "api/locusttestconverter.h"
#include "api/locusttestdefaults.h"
#include "api/locusttestvalidator.h"
#include "support/kubernetesnames.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace locust;
using namespace locust::api;
using namespace locust::testsupport;
namespace names = locust::kubernetesnames;

// Test data notes: JSON in raw strings never contains two consecutive slashes (URLs are written
// "http:\/\/..."), because moc's raw-string handling trips over them.

namespace {

QJsonObject baseJson()
{
    return parse(R"({"apiVersion":"locust.io/v2","kind":"LocustTest",
        "metadata":{"name":"my-test","namespace":"load"},
        "spec":{"image":"locustio/locust:2.43.1",
                "master":{"command":"locust -f /lotest/src/locustfile.py"},
                "worker":{"command":"locust -f /lotest/src/locustfile.py","replicas":2}}})");
}

// The base object with a patch merged in, decoded and defaulted the way the API server presents it.
LocustTestV2 object(const QJsonObject &patch)
{
    const Decoded<LocustTestV2> decoded = LocustTestV2::fromJson(merged(baseJson(), patch));
    if (!decoded.errors.isEmpty())
        qFatal("test object does not decode: %s", qPrintable(decoded.errors.first().toString()));
    return LocustTestDefaults::applied(decoded.value);
}

QJsonObject withName(const QString &name, const QJsonObject &patch = {})
{
    return merged(patch, QJsonObject{{u"metadata"_s, QJsonObject{{u"name"_s, name}}}});
}

// No name, only generateName (the API server completes it with 5 random characters).
QJsonObject withGenerateName(const QString &generateName)
{
    return QJsonObject{{u"metadata"_s, QJsonObject{{u"name"_s, QJsonValue::Null}, {u"generateName"_s, generateName}}}};
}

ValidationResult validate(const QJsonObject &patch, ValidationOptions options = {})
{
    return LocustTestValidator(options).validate(object(patch));
}

ValidationResult validate(const QByteArray &patch, ValidationOptions options = {})
{
    return validate(parse(patch), options);
}

QJsonObject v1BaseJson()
{
    return parse(R"({"apiVersion":"locust.io/v1","kind":"LocustTest",
        "metadata":{"name":"my-test","namespace":"load"},
        "spec":{"image":"locustio/locust:2.43.1","masterCommandSeed":"locust -f /lotest/src/locustfile.py",
                "workerCommandSeed":"locust -f /lotest/src/locustfile.py","workerReplicas":2}})");
}

ValidationResult validateV1(const QJsonObject &patch, ValidationOptions options = {})
{
    const Decoded<LocustTestV1> decoded = LocustTestV1::fromJson(merged(v1BaseJson(), patch));
    if (!decoded.errors.isEmpty())
        qFatal("test v1 object does not decode: %s", qPrintable(decoded.errors.first().toString()));
    return LocustTestValidator(options).validate(LocustTestDefaults::applied(decoded.value));
}

QStringList details(const FieldErrorList &errors)
{
    QStringList result;
    for (const FieldError &error : errors)
        result << error.detail();
    return result;
}

QStringList fields(const FieldErrorList &errors)
{
    QStringList result;
    for (const FieldError &error : errors)
        result << error.field();
    return result;
}

QStringList messages(const FieldWarningList &warnings)
{
    QStringList result;
    for (const FieldWarning &warning : warnings)
        result << warning.toString();
    return result;
}

QString quoted(const QString &text)
{
    return u"\""_s + text + u"\""_s;
}

// Reference (W1..W6) messages, exactly as the reference webhook words them.
QString w1(const QString &name)
{
    return u"name "_s + quoted(name)
        + u" is too long: generated Job names would exceed 63 characters (max CR name length is 56)"_s;
}
QString w2(const QString &path, const QString &reserved)
{
    return u"secretMount path "_s + quoted(path) + u" conflicts with reserved path "_s + quoted(reserved)
        + u"; operator uses this path for test files"_s;
}
QString w3a(const QString &name)
{
    return u"volume name "_s + quoted(name) + u" uses reserved prefix \"secret-\""_s;
}
QString w3b(const QString &name)
{
    return u"volume name "_s + quoted(name) + u" is reserved by the operator"_s;
}
QString w3c(const QString &name)
{
    return u"volume name "_s + quoted(name) + u" conflicts with operator-generated name"_s;
}
QString w4(const QString &path, const QString &reserved)
{
    return u"volumeMount path "_s + quoted(path) + u" conflicts with reserved path "_s + quoted(reserved);
}
QString w5(const QString &name)
{
    return u"volumeMount "_s + quoted(name) + u" references undefined volume"_s;
}
QString w1GenerateName(const QString &generateName)
{
    return u"generateName "_s + quoted(generateName)
        + u" is too long: the generated name gets 5 more characters and generated Job names would exceed 63 "
          "characters (max CR name length is 56)"_s;
}
const QString w6 = u"observability.openTelemetry.endpoint is required when OpenTelemetry is enabled"_s;

QJsonObject secretMountPatch(const QString &mountPath, const QJsonObject &testFiles = {})
{
    QJsonObject spec{{u"env"_s, QJsonObject{{u"secretMounts"_s, QJsonArray{QJsonObject{{u"name"_s, u"creds"_s},
                                                                                    {u"mountPath"_s, mountPath}}}}}}};
    if (!testFiles.isEmpty())
        spec.insert(u"testFiles"_s, testFiles);
    return QJsonObject{{u"spec"_s, spec}};
}

QJsonObject volumeMountPatch(const QString &mountPath, const QJsonObject &testFiles = {})
{
    QJsonObject spec{{u"volumes"_s, QJsonArray{QJsonObject{{u"name"_s, u"data"_s}, {u"emptyDir"_s, QJsonObject()}}}},
                     {u"volumeMounts"_s, QJsonArray{QJsonObject{{u"name"_s, u"data"_s}, {u"mountPath"_s, mountPath}}}}};
    if (!testFiles.isEmpty())
        spec.insert(u"testFiles"_s, testFiles);
    return QJsonObject{{u"spec"_s, spec}};
}

QJsonObject volumePatch(const QString &volumeName)
{
    return QJsonObject{{u"spec"_s, QJsonObject{{u"volumes"_s, QJsonArray{QJsonObject{{u"name"_s, volumeName},
                                                                                 {u"emptyDir"_s, QJsonObject()}}}},
                                               {u"volumeMounts"_s, QJsonArray{QJsonObject{{u"name"_s, volumeName},
                                                                                      {u"mountPath"_s, u"/data"_s}}}}}}};
}

} // namespace

#define VERIFY_NO_ERRORS(result)                                                                             \
    QVERIFY2((result).errors.isEmpty(), qPrintable(lines((result).errors).join(u'\n')))

class LocustTestValidatorTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // ---- valid objects -------------------------------------------------------------------------

    void baseObjectIsValid()
    {
        const ValidationResult result = validate(QJsonObject());
        VERIFY_NO_ERRORS(result);
        QCOMPARE(messages(result.warnings), QStringList());
        QVERIFY(result.ok());
    }

    void maximalObjectIsValid()
    {
        const Decoded<LocustTestV2> decoded = LocustTestV2::fromJson(readFixture(u"locusttest-v2-maximal.json"_s));
        QVERIFY(decoded.errors.isEmpty());
        const LocustTestV2 test = LocustTestDefaults::applied(decoded.value);
        const ValidationResult result = LocustTestValidator().validate(test);
        VERIFY_NO_ERRORS(result);
        QCOMPARE(messages(result.warnings), QStringList());

        // The same object, on an operator that ignores affinity and tolerations.
        const ValidationResult noInjection = LocustTestValidator(ValidationOptions{false, false}).validate(test);
        VERIFY_NO_ERRORS(noInjection);
        QCOMPARE(fields(noInjection.warnings),
                 (QStringList{u"spec.scheduling.affinity"_s, u"spec.scheduling.tolerations"_s}));
    }

    void defaultOptions()
    {
        const ValidationOptions options;
        QCOMPARE(options.affinityInjection, true);
        QCOMPARE(options.tolerationsInjection, true);
    }

    // ---- schema rules ----------------------------------------------------------------------------

    void schema_data()
    {
        QTest::addColumn<QByteArray>("patch");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("no spec") << QByteArray(R"({"spec":null})") << QStringList{u"spec: Required value"_s};
        QTest::newRow("no image") << QByteArray(R"({"spec":{"image":null}})") << QStringList{u"spec.image: Required value"_s};
        QTest::newRow("empty image") << QByteArray(R"({"spec":{"image":""}})") << QStringList{u"spec.image: Required value"_s};
        QTest::newRow("imagePullPolicy")
            << QByteArray(R"({"spec":{"imagePullPolicy":"Sometimes"}})")
            << QStringList{u"spec.imagePullPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"IfNotPresent\", \"Never\""_s};
        QTest::newRow("imagePullPolicy case")
            << QByteArray(R"({"spec":{"imagePullPolicy":"always"}})")
            << QStringList{u"spec.imagePullPolicy: Unsupported value: \"always\": supported values: \"Always\", \"IfNotPresent\", \"Never\""_s};
        QTest::newRow("imagePullPolicy Always") << QByteArray(R"({"spec":{"imagePullPolicy":"Always"}})") << QStringList();
        QTest::newRow("imagePullPolicy Never") << QByteArray(R"({"spec":{"imagePullPolicy":"Never"}})") << QStringList();
        QTest::newRow("no master") << QByteArray(R"({"spec":{"master":null}})") << QStringList{u"spec.master: Required value"_s};
        QTest::newRow("no worker") << QByteArray(R"({"spec":{"worker":null}})") << QStringList{u"spec.worker: Required value"_s};
        QTest::newRow("no master command") << QByteArray(R"({"spec":{"master":{"command":null}}})")
                                           << QStringList{u"spec.master.command: Required value"_s};
        QTest::newRow("empty master command") << QByteArray(R"({"spec":{"master":{"command":""}}})") << QStringList();
        QTest::newRow("no worker command") << QByteArray(R"({"spec":{"worker":{"command":null}}})")
                                           << QStringList{u"spec.worker.command: Required value"_s};
        QTest::newRow("empty worker command") << QByteArray(R"({"spec":{"worker":{"command":""}}})") << QStringList();
        QTest::newRow("no replicas") << QByteArray(R"({"spec":{"worker":{"replicas":null}}})")
                                     << QStringList{u"spec.worker.replicas: Required value"_s};
        QTest::newRow("replicas 0")
            << QByteArray(R"({"spec":{"worker":{"replicas":0}}})")
            << QStringList{u"spec.worker.replicas: Invalid value: 0: spec.worker.replicas in body should be greater than or equal to 1"_s};
        QTest::newRow("replicas -1")
            << QByteArray(R"({"spec":{"worker":{"replicas":-1}}})")
            << QStringList{u"spec.worker.replicas: Invalid value: -1: spec.worker.replicas in body should be greater than or equal to 1"_s};
        QTest::newRow("replicas 1") << QByteArray(R"({"spec":{"worker":{"replicas":1}}})") << QStringList();
        QTest::newRow("replicas 500") << QByteArray(R"({"spec":{"worker":{"replicas":500}}})") << QStringList();
        QTest::newRow("replicas 501")
            << QByteArray(R"({"spec":{"worker":{"replicas":501}}})")
            << QStringList{u"spec.worker.replicas: Invalid value: 501: spec.worker.replicas in body should be less than or equal to 500"_s};
        QTest::newRow("autoquit timeout -1")
            << QByteArray(R"({"spec":{"master":{"autoquit":{"timeout":-1}}}})")
            << QStringList{u"spec.master.autoquit.timeout: Invalid value: -1: spec.master.autoquit.timeout in body should be greater than or equal to 0"_s};
        QTest::newRow("autoquit timeout 0") << QByteArray(R"({"spec":{"master":{"autoquit":{"timeout":0}}}})") << QStringList();
        QTest::newRow("runtimeClassName pattern")
            << QByteArray(R"({"spec":{"scheduling":{"runtimeClassName":"gVisor_Sandbox"}}})")
            << QStringList{u"spec.scheduling.runtimeClassName: Invalid value: \"gVisor_Sandbox\": spec.scheduling.runtimeClassName in body should match '^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$'"_s};
        QTest::newRow("runtimeClassName trailing dot")
            << QByteArray(R"({"spec":{"scheduling":{"runtimeClassName":"kata."}}})")
            << QStringList{u"spec.scheduling.runtimeClassName: Invalid value: \"kata.\": spec.scheduling.runtimeClassName in body should match '^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$'"_s};
        QTest::newRow("runtimeClassName empty") << QByteArray(R"({"spec":{"scheduling":{"runtimeClassName":""}}})") << QStringList();
        QTest::newRow("runtimeClassName subdomain") << QByteArray(R"({"spec":{"scheduling":{"runtimeClassName":"kata.containers-1"}}})")
                                                    << QStringList();
        QTest::newRow("volumeMount target")
            << QByteArray(R"({"spec":{"volumes":[{"name":"data"}],"volumeMounts":[{"name":"data","mountPath":"/data","target":"all"}]}})")
            << QStringList{u"spec.volumeMounts[0].target: Unsupported value: \"all\": supported values: \"master\", \"worker\", \"both\""_s};
        QTest::newRow("volumeMount target worker")
            << QByteArray(R"({"spec":{"volumes":[{"name":"data"}],"volumeMounts":[{"name":"data","mountPath":"/data","target":"worker"}]}})")
            << QStringList();
        QTest::newRow("otel protocol")
            << QByteArray(R"({"spec":{"observability":{"openTelemetry":{"enabled":true,"endpoint":"http:\/\/otel:4317","protocol":"http"}}}})")
            << QStringList{u"spec.observability.openTelemetry.protocol: Unsupported value: \"http\": supported values: \"grpc\", \"http/protobuf\""_s};
        QTest::newRow("otel protocol http/protobuf")
            << QByteArray(R"({"spec":{"observability":{"openTelemetry":{"enabled":true,"endpoint":"http:\/\/otel:4318","protocol":"http/protobuf"}}}})")
            << QStringList();
        QTest::newRow("configMapRef name") << QByteArray(R"({"spec":{"env":{"configMapRefs":[{"prefix":"APP_"}]}}})")
                                           << QStringList{u"spec.env.configMapRefs[0].name: Required value"_s};
        QTest::newRow("secretRef name") << QByteArray(R"({"spec":{"env":{"secretRefs":[{"name":"s"},{"name":""}]}}})")
                                        << QStringList{u"spec.env.secretRefs[1].name: Required value"_s};
        QTest::newRow("secretMount name") << QByteArray(R"({"spec":{"env":{"secretMounts":[{"mountPath":"/etc/creds"}]}}})")
                                          << QStringList{u"spec.env.secretMounts[0].name: Required value"_s};
        QTest::newRow("volume name")
            << QByteArray(R"({"spec":{"volumes":[{"emptyDir":{}}]}})") << QStringList{u"spec.volumes[0].name: Required value"_s};
        QTest::newRow("pull secret unknown field")
            << QByteArray(R"({"spec":{"imagePullSecrets":[{"name":"regcred","nmae":"x"}]}})")
            << QStringList{u"unknown field \"spec.imagePullSecrets[0].nmae\""_s};
        QTest::newRow("env variable name")
            << QByteArray(R"({"spec":{"env":{"variables":[{"name":"A","value":"1"},{"value":"2"}]}}})")
            << QStringList{u"spec.env.variables[1].name: Required value"_s};
    }

    void schema()
    {
        QFETCH(QByteArray, patch);
        QFETCH(QStringList, expected);
        QCOMPARE(lines(validate(patch).errors), expected);
    }

    // A missing mount path or mount name is reported first; the reference rules may follow.
    void requiredMountFields_data()
    {
        QTest::addColumn<QByteArray>("patch");
        QTest::addColumn<QString>("first");
        QTest::newRow("secretMount mountPath") << QByteArray(R"({"spec":{"env":{"secretMounts":[{"name":"creds"}]}}})")
                                               << u"spec.env.secretMounts[0].mountPath: Required value"_s;
        QTest::newRow("volumeMount name") << QByteArray(R"({"spec":{"volumes":[{"name":"data"}],"volumeMounts":[{"mountPath":"/data"}]}})")
                                          << u"spec.volumeMounts[0].name: Required value"_s;
        QTest::newRow("volumeMount mountPath") << QByteArray(R"({"spec":{"volumes":[{"name":"data"}],"volumeMounts":[{"name":"data"}]}})")
                                               << u"spec.volumeMounts[0].mountPath: Required value"_s;
    }

    void requiredMountFields()
    {
        QFETCH(QByteArray, patch);
        QFETCH(QString, first);
        const ValidationResult result = validate(patch);
        QVERIFY(!result.errors.isEmpty());
        QCOMPARE(result.errors.first().toString(), first);
    }

    void runtimeClassNameTooLong()
    {
        const QString name = QString(254, u'a');
        const ValidationResult result =
            validate(QJsonObject{{u"spec"_s, QJsonObject{{u"scheduling"_s, QJsonObject{{u"runtimeClassName"_s, name}}}}}});
        QCOMPARE(result.errors.size(), 1);
        QCOMPARE(result.errors.first().type(), FieldError::Type::TooLong);
        QCOMPARE(result.errors.first().field(), u"spec.scheduling.runtimeClassName"_s);
        QVERIFY(validate(QJsonObject{{u"spec"_s, QJsonObject{{u"scheduling"_s,
                                                              QJsonObject{{u"runtimeClassName"_s, QString(253, u'a')}}}}}})
                    .ok());
    }

    void metadataName()
    {
        // Required, unless generateName is used.
        const ValidationResult noName = validate(QByteArray(R"({"metadata":{"name":null}})"));
        QCOMPARE(noName.errors.size(), 1);
        QCOMPARE(noName.errors.first().field(), u"metadata.name"_s);
        QCOMPARE(noName.errors.first().type(), FieldError::Type::Required);

        const ValidationResult generated = validate(QByteArray(R"({"metadata":{"name":null,"generateName":"load-"}})"));
        VERIFY_NO_ERRORS(generated);

        // A DNS-1123 subdomain: dots are fine, upper case is not.
        VERIFY_NO_ERRORS(validate(withName(u"team-a.load-test"_s)));
        const ValidationResult upper = validate(withName(u"My_Test"_s));
        QVERIFY(!upper.errors.isEmpty());
        QCOMPARE(upper.errors.first().toString(),
                 invalidLines(u"metadata.name"_s, u"My_Test"_s, names::dns1123Subdomain(u"My_Test"_s)).first());
        for (const FieldError &error : upper.errors)
            QCOMPARE(error.field(), u"metadata.name"_s);
    }

    void allErrorsAreReportedInOrder()
    {
        // Schema problems first, then the reference rules, then our gap rules.
        const ValidationResult result = validate(withName(u"1abc"_s, parse(R"({"spec":{"image":"",
            "imagePullPolicy":"Sometimes","worker":{"replicas":0},
            "volumeMounts":[{"name":"missing","mountPath":"/data"}]}})")));
        QCOMPARE(fields(result.errors),
                 (QStringList{u"spec.image"_s, u"spec.imagePullPolicy"_s, u"spec.worker.replicas"_s,
                              u"spec.volumeMounts[0].name"_s, u"metadata.name"_s}));
        QCOMPARE(result.errors.at(3).detail(), w5(u"missing"_s));
        QVERIFY(!result.ok());
    }

    void schemaBeforeReferenceRules()
    {
        const QString name = QString(57, u'a');
        const ValidationResult result = validate(withName(name, parse(R"({"spec":{"image":null}})")));
        QCOMPARE(lines(result.errors),
                 (QStringList{u"spec.image: Required value"_s,
                              u"metadata.name: Invalid value: \""_s + name + u"\": "_s + w1(name)}));
    }

    // ---- core types inside the spec --------------------------------------------------------------

    void coreTypes_data()
    {
        QTest::addColumn<QByteArray>("patch");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("master label key")
            << QByteArray(R"({"spec":{"master":{"labels":{"bad key":"x"}}}})")
            << invalidLines(u"spec.master.labels"_s, u"bad key"_s, names::qualifiedName(u"bad key"_s));
        QTest::newRow("worker label value")
            << QByteArray(R"({"spec":{"worker":{"labels":{"tier":"bad value!"}}}})")
            << invalidLines(u"spec.worker.labels"_s, u"bad value!"_s, names::labelValue(u"bad value!"_s));
        QTest::newRow("annotation key")
            << QByteArray(R"({"spec":{"worker":{"annotations":{"a/b/c":"x"}}}})")
            << invalidLines(u"spec.worker.annotations"_s, u"a/b/c"_s, names::qualifiedName(u"a/b/c"_s));
        QTest::newRow("annotation value is free text")
            << QByteArray(R"({"spec":{"master":{"annotations":{"example.com/Note":"any text! {}"}}}})") << QStringList();
        QTest::newRow("nodeSelector value")
            << QByteArray(R"({"spec":{"scheduling":{"nodeSelector":{"disk":"fast ssd"}}}})")
            << invalidLines(u"spec.scheduling.nodeSelector"_s, u"fast ssd"_s, names::labelValue(u"fast ssd"_s));
        QTest::newRow("request above limit")
            << QByteArray(R"({"spec":{"master":{"resources":{"requests":{"cpu":"2"},"limits":{"cpu":"1000m"}}}}})")
            << QStringList{u"spec.master.resources.requests[cpu]: Invalid value: \"2\": must be less than or equal to cpu limit of 1"_s};
        QTest::newRow("negative quantity")
            << QByteArray(R"({"spec":{"worker":{"resources":{"requests":{"memory":"-1Gi"}}}}})")
            << QStringList{u"spec.worker.resources.requests[memory]: Invalid value: \"-1Gi\": must be greater than or equal to 0"_s};
        QTest::newRow("resource name")
            << QByteArray(R"({"spec":{"worker":{"resources":{"limits":{"gpu":"1"}}}}})")
            << QStringList{u"spec.worker.resources.limits[gpu]: Invalid value: \"gpu\": must be a standard resource type or fully qualified"_s};
        QTest::newRow("claim name")
            << QByteArray(R"({"spec":{"master":{"resources":{"requests":{"cpu":"1"},"claims":[{}]}}}})")
            << QStringList{u"spec.master.resources.claims[0].name: Required value"_s};
        QTest::newRow("toleration empty key")
            << QByteArray(R"({"spec":{"scheduling":{"tolerations":[{"operator":"Equal","value":"x"}]}}})")
            << QStringList{u"spec.scheduling.tolerations[0].operator: Invalid value: \"Equal\": operator must be Exists when `key` is empty, which means \"match all values and all keys\""_s};
        QTest::newRow("toleration operator")
            << QByteArray(R"({"spec":{"scheduling":{"tolerations":[{"key":"k","operator":"In"}]}}})")
            << QStringList{u"spec.scheduling.tolerations[0].operator: Unsupported value: \"In\": supported values: \"Equal\", \"Exists\""_s};
        QTest::newRow("toleration effect")
            << QByteArray(R"({"spec":{"scheduling":{"tolerations":[{"key":"k","operator":"Exists","effect":"NoRun"}]}}})")
            << QStringList{u"spec.scheduling.tolerations[0].effect: Unsupported value: \"NoRun\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\""_s};
        QTest::newRow("tolerationSeconds without NoExecute")
            << QByteArray(R"({"spec":{"scheduling":{"tolerations":[{"key":"k","operator":"Exists","effect":"NoSchedule","tolerationSeconds":60}]}}})")
            << QStringList{u"spec.scheduling.tolerations[0].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set"_s};
        QTest::newRow("volume name label")
            << QByteArray(R"({"spec":{"volumes":[{"name":"Data"}],"volumeMounts":[{"name":"Data","mountPath":"/data"}]}})")
            << invalidLines(u"spec.volumes[0].name"_s, u"Data"_s, names::dns1123Label(u"Data"_s));
        QTest::newRow("env name with =")
            << QByteArray(R"({"spec":{"env":{"variables":[{"name":"A=B","value":"1"}]}}})")
            << QStringList{u"spec.env.variables[0].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='"_s};
        QTest::newRow("envFrom prefix with =")
            << QByteArray(R"({"spec":{"env":{"configMapRefs":[{"name":"cm","prefix":"APP="}]}}})")
            << QStringList{u"spec.env.configMapRefs[0].prefix: Invalid value: \"APP=\": a valid environment variable name must consist only of printable ASCII characters other than '='"_s};
        QTest::newRow("testFiles configMapRef name")
            << QByteArray(R"({"spec":{"testFiles":{"configMapRef":"Bad_Name"}}})")
            << invalidLines(u"spec.testFiles.configMapRef"_s, u"Bad_Name"_s, names::dns1123Subdomain(u"Bad_Name"_s));
        QTest::newRow("testFiles libConfigMapRef name")
            << QByteArray(R"({"spec":{"testFiles":{"libConfigMapRef":"lib_"}}})")
            << invalidLines(u"spec.testFiles.libConfigMapRef"_s, u"lib_"_s, names::dns1123Subdomain(u"lib_"_s));
        QTest::newRow("env configMapRef name")
            << QByteArray(R"({"spec":{"env":{"configMapRefs":[{"name":"Bad_Name"}]}}})")
            << invalidLines(u"spec.env.configMapRefs[0].name"_s, u"Bad_Name"_s, names::dns1123Subdomain(u"Bad_Name"_s));
        QTest::newRow("env secretRef name")
            << QByteArray(R"({"spec":{"env":{"secretRefs":[{"name":"s-"}]}}})")
            << invalidLines(u"spec.env.secretRefs[0].name"_s, u"s-"_s, names::dns1123Subdomain(u"s-"_s));
        QTest::newRow("env secretMount name")
            << QByteArray(R"({"spec":{"env":{"secretMounts":[{"name":"-creds","mountPath":"/etc/creds"}]}}})")
            << invalidLines(u"spec.env.secretMounts[0].name"_s, u"-creds"_s, names::dns1123Subdomain(u"-creds"_s));
        QTest::newRow("mountPropagation")
            << QByteArray(R"({"spec":{"volumes":[{"name":"data"}],"volumeMounts":[{"name":"data","mountPath":"/data","mountPropagation":"Sideways"}]}})")
            << QStringList{u"spec.volumeMounts[0].mountPropagation: Unsupported value: \"Sideways\": supported values: \"None\", \"HostToContainer\", \"Bidirectional\""_s};
        QTest::newRow("mountPropagation valid")
            << QByteArray(R"({"spec":{"volumes":[{"name":"data"}],"volumeMounts":[{"name":"data","mountPath":"/data","mountPropagation":"HostToContainer"}]}})")
            << QStringList();
        QTest::newRow("recursiveReadOnly")
            << QByteArray(R"({"spec":{"volumes":[{"name":"data"}],"volumeMounts":[{"name":"data","mountPath":"/data","recursiveReadOnly":"Always"}]}})")
            << QStringList{u"spec.volumeMounts[0].recursiveReadOnly: Unsupported value: \"Always\": supported values: \"Disabled\", \"IfPossible\", \"Enabled\""_s};
        QTest::newRow("subPath absolute")
            << QByteArray(R"({"spec":{"volumes":[{"name":"data"}],"volumeMounts":[{"name":"data","mountPath":"/data","subPath":"/abs"}]}})")
            << QStringList{u"spec.volumeMounts[0].subPath: Invalid value: \"/abs\": must be a relative path"_s};
        QTest::newRow("subPath with ..")
            << QByteArray(R"({"spec":{"volumes":[{"name":"data"}],"volumeMounts":[{"name":"data","mountPath":"/data","subPath":"a/../b"}]}})")
            << QStringList{u"spec.volumeMounts[0].subPath: Invalid value: \"a/../b\": must not contain '..'"_s};
        QTest::newRow("subPath with ..name is fine")
            << QByteArray(R"({"spec":{"volumes":[{"name":"data"}],"volumeMounts":[{"name":"data","mountPath":"/data","subPath":"a/..b"}]}})")
            << QStringList();
        QTest::newRow("subPath and subPathExpr")
            << QByteArray(R"({"spec":{"volumes":[{"name":"data"}],"volumeMounts":[{"name":"data","mountPath":"/data","subPath":"a","subPathExpr":"$(POD)/x"}]}})")
            << QStringList{u"spec.volumeMounts[0].subPathExpr: Invalid value: \"$(POD)/x\": subPathExpr and subPath are mutually exclusive"_s};
    }

    void coreTypes()
    {
        QFETCH(QByteArray, patch);
        QFETCH(QStringList, expected);
        QCOMPARE(lines(validate(patch).errors), expected);
    }

    void coreTypeDetails_data()
    {
        QTest::addColumn<QByteArray>("patch");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("detail");
        QTest::newRow("toleration Exists with value")
            << QByteArray(R"({"spec":{"scheduling":{"tolerations":[{"key":"k","operator":"Exists","value":"v"}]}}})")
            << u"spec.scheduling.tolerations[0].operator"_s << u"value must be empty when `operator` is 'Exists'"_s;
        QTest::newRow("env value and valueFrom")
            << QByteArray(R"({"spec":{"env":{"variables":[{"name":"A","value":"1","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}]}}})")
            << u"spec.env.variables[0].valueFrom"_s << u"may not be specified when `value` is not empty"_s;
        QTest::newRow("volume with two sources")
            << QByteArray(R"({"spec":{"volumes":[{"name":"data","emptyDir":{},"configMap":{"name":"c"}}],"volumeMounts":[{"name":"data","mountPath":"/data"}]}})")
            << u"spec.volumes[0]."_s << u"may not specify more than 1 volume type"_s;
        QTest::newRow("valueFrom without source")
            << QByteArray(R"({"spec":{"env":{"variables":[{"name":"A","valueFrom":{}}]}}})")
            << u"spec.env.variables[0].valueFrom"_s << u"must specify one of"_s;
        QTest::newRow("valueFrom with two sources")
            << QByteArray(R"({"spec":{"env":{"variables":[{"name":"A","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"},"secretKeyRef":{"name":"s","key":"k"}}}]}}})")
            << u"spec.env.variables[0].valueFrom"_s << u"may not have more than one field specified at a time"_s;
        QTest::newRow("unparsable quantity")
            << QByteArray(R"({"spec":{"master":{"resources":{"limits":{"cpu":"1000x"}}}}})")
            << u"spec.master.resources.limits[cpu]"_s << QString();
        QTest::newRow("non-printable env name")
            << QByteArray(R"({"spec":{"env":{"variables":[{"name":"A\tB","value":"1"}]}}})")
            << u"spec.env.variables[0].name"_s
            << u"a valid environment variable name must consist only of printable ASCII characters other than '='"_s;
    }

    void coreTypeDetails()
    {
        QFETCH(QByteArray, patch);
        QFETCH(QString, field);
        QFETCH(QString, detail);
        const ValidationResult result = validate(patch);
        QCOMPARE(result.errors.size(), 1);
        if (field.endsWith(u'.'))
            QVERIFY2(result.errors.first().field().startsWith(field), qPrintable(result.errors.first().toString()));
        else
            QCOMPARE(result.errors.first().field(), field);
        QVERIFY2(result.errors.first().detail().startsWith(detail), qPrintable(result.errors.first().toString()));
    }

    // ---- the reference's admission rules W1..W6 (spec/api.md §6.2) -----------------------------------

    void referenceRules_data()
    {
        QTest::addColumn<QJsonObject>("patch");
        QTest::addColumn<QString>("field");  // empty: the object is valid
        QTest::addColumn<QString>("detail"); // the reference's exact text

        // W1: name length.
        const QString name56 = QString(56, u'a');
        const QString name57 = QString(57, u'a');
        QTest::newRow("W1 56 characters") << withName(name56) << QString() << QString();
        QTest::newRow("W1 57 characters") << withName(name57) << u"metadata.name"_s << w1(name57);
        const QString dotted57 = u"team-a.load-test."_s + QString(40, u'x');
        QTest::newRow("W1 dotted 57 characters") << withName(dotted57) << u"metadata.name"_s << w1(dotted57);
        const QString name63 = QString(63, u'b');
        QTest::newRow("W1 63 characters") << withName(name63) << u"metadata.name"_s << w1(name63);
        // With only generateName, 5 generated characters are added: 51 + 5 fits, 52 + 5 does not.
        QTest::newRow("W1 generateName 51 characters") << withGenerateName(QString(51, u'a')) << QString() << QString();
        const QString generateName52 = QString(52, u'a');
        QTest::newRow("W1 generateName 52 characters") << withGenerateName(generateName52) << u"metadata.generateName"_s
                                                       << w1GenerateName(generateName52);

        // W2: secretMount paths against the reserved paths (default: no test files, both reserved).
        const QString sm = u"spec.env.secretMounts[0].mountPath"_s;
        const QString src = u"/lotest/src"_s;
        const QString lib = u"/opt/locust/lib"_s;
        QTest::newRow("W2 src") << secretMountPatch(src) << sm << w2(src, src);
        QTest::newRow("W2 src trailing slash") << secretMountPatch(u"/lotest/src/"_s) << sm << w2(u"/lotest/src/"_s, src);
        QTest::newRow("W2 inside src") << secretMountPatch(u"/lotest/src/secrets"_s) << sm
                                       << w2(u"/lotest/src/secrets"_s, src);
        QTest::newRow("W2 parent of src") << secretMountPatch(u"/lotest"_s) << sm << w2(u"/lotest"_s, src);
        QTest::newRow("W2 root") << secretMountPatch(u"/"_s) << sm << w2(u"/"_s, src);
        QTest::newRow("W2 lib") << secretMountPatch(lib) << sm << w2(lib, lib);
        QTest::newRow("W2 parent of lib") << secretMountPatch(u"/opt"_s) << sm << w2(u"/opt"_s, lib);
        QTest::newRow("W2 lib trailing slash") << secretMountPatch(u"/opt/locust/lib/"_s) << sm
                                               << w2(u"/opt/locust/lib/"_s, lib);
        QTest::newRow("W2 sibling src2") << secretMountPatch(u"/lotest/src2"_s) << QString() << QString();
        QTest::newRow("W2 relative") << secretMountPatch(u"lotest/src"_s) << QString() << QString();
        QTest::newRow("W2 unrelated") << secretMountPatch(u"/etc/creds"_s) << QString() << QString();
        const QJsonObject onlyTests{{u"configMapRef"_s, u"tests"_s}};
        const QJsonObject onlyLib{{u"libConfigMapRef"_s, u"lib"_s}};
        QTest::newRow("W2 only configMapRef: lib free") << secretMountPatch(lib, onlyTests) << QString() << QString();
        QTest::newRow("W2 only configMapRef: src reserved") << secretMountPatch(src, onlyTests) << sm << w2(src, src);
        QTest::newRow("W2 only libConfigMapRef: src free") << secretMountPatch(src, onlyLib) << QString() << QString();
        QTest::newRow("W2 only libConfigMapRef: lib reserved") << secretMountPatch(u"/opt/locust/lib/x"_s, onlyLib) << sm
                                                               << w2(u"/opt/locust/lib/x"_s, lib);
        const QJsonObject customTests{{u"configMapRef"_s, u"tests"_s}, {u"srcMountPath"_s, u"/mnt/tests"_s}};
        QTest::newRow("W2 custom src reserved") << secretMountPatch(u"/mnt/tests/x"_s, customTests) << sm
                                                << w2(u"/mnt/tests/x"_s, u"/mnt/tests"_s);
        QTest::newRow("W2 custom src: default free") << secretMountPatch(src, customTests) << QString() << QString();
        const QJsonObject customNeither{{u"srcMountPath"_s, u"/a/src"_s}, {u"libMountPath"_s, u"/b/lib"_s}};
        QTest::newRow("W2 neither, custom paths: src") << secretMountPatch(u"/a"_s, customNeither) << sm
                                                       << w2(u"/a"_s, u"/a/src"_s);
        QTest::newRow("W2 neither, custom paths: lib") << secretMountPatch(u"/b/lib/"_s, customNeither) << sm
                                                       << w2(u"/b/lib/"_s, u"/b/lib"_s);
        QTest::newRow("W2 neither, custom paths: default free") << secretMountPatch(src, customNeither) << QString() << QString();
        const QJsonObject both{{u"configMapRef"_s, u"tests"_s}, {u"libConfigMapRef"_s, u"lib"_s},
                               {u"srcMountPath"_s, u"/mnt/src"_s}, {u"libMountPath"_s, u"/mnt/lib"_s}};
        QTest::newRow("W2 both: root conflicts with src first") << secretMountPatch(u"/mnt"_s, both) << sm
                                                                 << w2(u"/mnt"_s, u"/mnt/src"_s);
        QTest::newRow("W2 both: lib") << secretMountPatch(u"/mnt/lib"_s, both) << sm << w2(u"/mnt/lib"_s, u"/mnt/lib"_s);
        const QJsonObject emptyPaths{{u"configMapRef"_s, u"tests"_s}, {u"srcMountPath"_s, QString()}};
        QTest::newRow("W2 empty srcMountPath means default") << secretMountPatch(src, emptyPaths) << sm << w2(src, src);

        // W3: volume names.
        const QString vn = u"spec.volumes[0].name"_s;
        QTest::newRow("W3a secret- prefix") << volumePatch(u"secret-data"_s) << vn << w3a(u"secret-data"_s);
        QTest::newRow("W3a secrets is fine") << volumePatch(u"secrets"_s) << QString() << QString();
        QTest::newRow("W3b locust-lib") << volumePatch(u"locust-lib"_s) << vn << w3b(u"locust-lib"_s);
        QTest::newRow("W3b lib is fine (C4)") << volumePatch(u"lib"_s) << QString() << QString();
        QTest::newRow("W3c master") << volumePatch(u"my-test-master"_s) << vn << w3c(u"my-test-master"_s);
        QTest::newRow("W3c worker") << volumePatch(u"my-test-worker"_s) << vn << w3c(u"my-test-worker"_s);
        QTest::newRow("W3c other suffix") << volumePatch(u"my-test-master-2"_s) << QString() << QString();
        QTest::newRow("W3c dotted CR, sanitized master") << withName(u"my-test.v2"_s, volumePatch(u"my-test-v2-master"_s))
                                                         << vn << w3c(u"my-test-v2-master"_s);
        QTest::newRow("W3c dotted CR, sanitized worker") << withName(u"my-test.v2"_s, volumePatch(u"my-test-v2-worker"_s))
                                                         << vn << w3c(u"my-test-v2-worker"_s);
        QTest::newRow("W3a before W3c") << withName(u"secret-x"_s, volumePatch(u"secret-x-master"_s)) << vn
                                        << w3a(u"secret-x-master"_s);

        // W4: volumeMount paths.
        const QString vm = u"spec.volumeMounts[0].mountPath"_s;
        QTest::newRow("W4 src") << volumeMountPatch(src) << vm << w4(src, src);
        QTest::newRow("W4 trailing slash") << volumeMountPatch(u"/lotest/src/"_s) << vm << w4(u"/lotest/src/"_s, src);
        QTest::newRow("W4 inside lib") << volumeMountPatch(u"/opt/locust/lib/extra"_s) << vm
                                       << w4(u"/opt/locust/lib/extra"_s, lib);
        QTest::newRow("W4 parent") << volumeMountPatch(u"/opt/locust"_s) << vm << w4(u"/opt/locust"_s, lib);
        QTest::newRow("W4 root") << volumeMountPatch(u"/"_s) << vm << w4(u"/"_s, src);
        QTest::newRow("W4 sibling") << volumeMountPatch(u"/lotest/src2"_s) << QString() << QString();
        QTest::newRow("W4 relative") << volumeMountPatch(u"opt/locust/lib"_s) << QString() << QString();
        QTest::newRow("W4 only configMapRef: lib free") << volumeMountPatch(lib, onlyTests) << QString() << QString();
        QTest::newRow("W4 only libConfigMapRef: src free") << volumeMountPatch(src, onlyLib) << QString() << QString();
        QTest::newRow("W4 only libConfigMapRef: lib") << volumeMountPatch(lib, onlyLib) << vm << w4(lib, lib);
        QTest::newRow("W4 custom src") << volumeMountPatch(u"/mnt/tests"_s, customTests) << vm
                                       << w4(u"/mnt/tests"_s, u"/mnt/tests"_s);

        // W5: mounts reference defined volumes.
        QTest::newRow("W5 undefined volume")
            << parse(R"({"spec":{"volumeMounts":[{"name":"missing","mountPath":"/data"}]}})")
            << u"spec.volumeMounts[0].name"_s << w5(u"missing"_s);
        QTest::newRow("W5 name differs by case")
            << parse(R"({"spec":{"volumes":[{"name":"data"}],"volumeMounts":[{"name":"data","mountPath":"/data"},{"name":"Data","mountPath":"/other"}]}})")
            << u"spec.volumeMounts[1].name"_s << w5(u"Data"_s);

        // W6: OpenTelemetry endpoint.
        QTest::newRow("W6 no endpoint") << parse(R"({"spec":{"observability":{"openTelemetry":{"enabled":true}}}})")
                                        << u"spec.observability.openTelemetry.endpoint"_s << w6;
        QTest::newRow("W6 empty endpoint")
            << parse(R"({"spec":{"observability":{"openTelemetry":{"enabled":true,"endpoint":""}}}})")
            << u"spec.observability.openTelemetry.endpoint"_s << w6;
        QTest::newRow("W6 disabled") << parse(R"({"spec":{"observability":{"openTelemetry":{"enabled":false}}}})")
                                     << QString() << QString();
        QTest::newRow("W6 defaulted to disabled") << parse(R"({"spec":{"observability":{"openTelemetry":{}}}})")
                                                  << QString() << QString();
        QTest::newRow("W6 endpoint set")
            << parse(R"({"spec":{"observability":{"openTelemetry":{"enabled":true,"endpoint":"http:\/\/otel-collector:4317"}}}})")
            << QString() << QString();
    }

    void referenceRules()
    {
        QFETCH(QJsonObject, patch);
        QFETCH(QString, field);
        QFETCH(QString, detail);
        const ValidationResult result = validate(patch);
        if (field.isEmpty()) {
            VERIFY_NO_ERRORS(result);
            return;
        }
        QVERIFY2(!result.errors.isEmpty(), "no error");
        QCOMPARE(result.errors.first().detail(), detail);
        QCOMPARE(result.errors.first().field(), field);
        QCOMPARE(lines(result.errors).size(), 1);
        if (result.errors.first().type() == FieldError::Type::Invalid) {
            // "<field>: Invalid value: <value>: <reference text>"
            QVERIFY2(result.errors.first().toString().startsWith(field + u": Invalid value: "_s),
                     qPrintable(result.errors.first().toString()));
        }
        QVERIFY2(result.errors.first().toString().endsWith(u": "_s + detail), qPrintable(result.errors.first().toString()));
    }

    void w6IsARequiredValue()
    {
        const ValidationResult result = validate(QByteArray(R"({"spec":{"observability":{"openTelemetry":{"enabled":true}}}})"));
        QCOMPARE(lines(result.errors),
                 QStringList{u"spec.observability.openTelemetry.endpoint: Required value: "_s + w6});
    }

    void w1ExactLine()
    {
        const QString name = QString(57, u'a');
        QCOMPARE(lines(validate(withName(name)).errors),
                 QStringList{u"metadata.name: Invalid value: \""_s + name + u"\": "_s + w1(name)});
    }

    // Names that differ from the reserved ones only by dots are not W3c conflicts (the reference's
    // upstream test asserts this). Such a name is still no valid pod volume name, which the core
    // checks report.
    void dottedVolumeNameIsNoW3Conflict()
    {
        const ValidationResult result = validate(withName(u"my-test.v2"_s, volumePatch(u"my-test.v2-master"_s)));
        QVERIFY(!details(result.errors).contains(w3c(u"my-test.v2-master"_s)));
        QCOMPARE(lines(result.errors),
                 invalidLines(u"spec.volumes[0].name"_s, u"my-test.v2-master"_s,
                              names::dns1123Label(u"my-test.v2-master"_s)));
    }

    void w3OrderPerVolume()
    {
        const ValidationResult result = validate(parse(R"({"spec":{
            "volumes":[{"name":"my-test-worker"},{"name":"secret-a"},{"name":"locust-lib"},{"name":"ok"},{"name":"my-test-master"}],
            "volumeMounts":[{"name":"my-test-worker","mountPath":"/a"},{"name":"secret-a","mountPath":"/b"},
                            {"name":"locust-lib","mountPath":"/c"},{"name":"ok","mountPath":"/d"},{"name":"my-test-master","mountPath":"/e"}]}})"));
        QCOMPARE(details(result.errors),
                 (QStringList{w3c(u"my-test-worker"_s), w3a(u"secret-a"_s), w3b(u"locust-lib"_s), w3c(u"my-test-master"_s)}));
        QCOMPARE(fields(result.errors),
                 (QStringList{u"spec.volumes[0].name"_s, u"spec.volumes[1].name"_s, u"spec.volumes[2].name"_s,
                              u"spec.volumes[4].name"_s}));
    }

    void referenceRulesInOrder()
    {
        // One object breaking every rule: the errors come in the reference's order W1..W6.
        const QString name = QString(57, u'a');
        const ValidationResult result = validate(withName(name, parse(R"({"spec":{
            "env":{"secretMounts":[{"name":"creds","mountPath":"/lotest/src"}]},
            "volumes":[{"name":"secret-v"}],
            "volumeMounts":[{"name":"missing","mountPath":"/data"},{"name":"secret-v","mountPath":"/opt/locust/lib"}],
            "observability":{"openTelemetry":{"enabled":true}}}})")));
        QCOMPARE(details(result.errors),
                 (QStringList{w1(name), w2(u"/lotest/src"_s, u"/lotest/src"_s), w3a(u"secret-v"_s),
                              w4(u"/opt/locust/lib"_s, u"/opt/locust/lib"_s), w5(u"missing"_s), w6}));
        QCOMPARE(fields(result.errors),
                 (QStringList{u"metadata.name"_s, u"spec.env.secretMounts[0].mountPath"_s, u"spec.volumes[0].name"_s,
                              u"spec.volumeMounts[1].mountPath"_s, u"spec.volumeMounts[0].name"_s,
                              u"spec.observability.openTelemetry.endpoint"_s}));
    }

    void everyMountIsChecked()
    {
        // All mounts are reported, each against the first reserved path it conflicts with.
        const ValidationResult result = validate(parse(R"({"spec":{
            "env":{"secretMounts":[{"name":"a","mountPath":"/etc/a"},{"name":"b","mountPath":"/opt"},{"name":"c","mountPath":"/lotest/src/c"}]}}})"));
        QCOMPARE(details(result.errors),
                 (QStringList{w2(u"/opt"_s, u"/opt/locust/lib"_s), w2(u"/lotest/src/c"_s, u"/lotest/src"_s)}));
        QCOMPARE(fields(result.errors),
                 (QStringList{u"spec.env.secretMounts[1].mountPath"_s, u"spec.env.secretMounts[2].mountPath"_s}));
    }

    // ---- our gap rules (errors) ---------------------------------------------------------------------

    void generatedServiceName_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("valid");
        QTest::newRow("letters") << u"abc"_s << true;
        QTest::newRow("leading digit") << u"1abc"_s << false;
        QTest::newRow("all digits") << u"123"_s << false;
        QTest::newRow("dotted, leading digit") << u"9.test"_s << false;
        QTest::newRow("dotted") << u"a.9test"_s << true;
        QTest::newRow("56 characters") << QString(56, u'z') << true;
    }

    void generatedServiceName()
    {
        QFETCH(QString, name);
        QFETCH(bool, valid);
        const ValidationResult result = validate(withName(name));
        if (valid) {
            VERIFY_NO_ERRORS(result);
            return;
        }
        QCOMPARE(result.errors.size(), 1);
        const FieldError &error = result.errors.first();
        QCOMPARE(error.field(), u"metadata.name"_s);
        QCOMPARE(error.type(), FieldError::Type::Invalid);
        QCOMPARE(error.value(), QJsonValue(name));
        const QString service = name.replace(u'.', u'-') + u"-master"_s;
        QVERIFY2(error.detail().contains(quoted(service)), qPrintable(error.toString()));
    }

    // With only generateName, the Service name is checked with 5 stand-in characters appended.
    void generatedServiceNameWithGenerateName()
    {
        const ValidationResult result = validate(withGenerateName(u"1abc-"_s));
        QCOMPARE(result.errors.size(), 1);
        const FieldError &error = result.errors.first();
        QCOMPARE(error.field(), u"metadata.generateName"_s);
        QCOMPARE(error.type(), FieldError::Type::Invalid);
        QCOMPARE(error.value(), QJsonValue(u"1abc-"_s));
        QCOMPARE(error.detail(), u"the generated Service name \"1abc-abcde-master\" is not valid: "_s
                                     + names::dns1035Label(u"1abc-abcde-master"_s).join(u"; "_s));
        VERIFY_NO_ERRORS(validate(withGenerateName(u"abc-"_s)));
    }

    void openTelemetryExtraEnvVarNames()
    {
        // Keys are environment variable names: "=" is an error, a non-portable name a warning.
        const ValidationResult result = validate(QByteArray(R"({"spec":{"observability":{"openTelemetry":{
            "enabled":true,"endpoint":"http:\/\/otel:4317","extraEnvVars":{"A=B":"1","1X":"y"}}}}})"));
        QCOMPARE(lines(result.errors),
                 QStringList{u"spec.observability.openTelemetry.extraEnvVars: Invalid value: \"A=B\": a valid environment "
                             "variable name must consist only of printable ASCII characters other than '='"_s});
        QCOMPARE(fields(result.warnings), QStringList{u"spec.observability.openTelemetry.extraEnvVars"_s});
        QVERIFY2(result.warnings.first().message.startsWith(u"\"1X\" is rejected by API servers older than"_s),
                 qPrintable(result.warnings.first().toString()));
    }

    void duplicateVolumeNames()
    {
        const ValidationResult result = validate(parse(R"({"spec":{
            "volumes":[{"name":"data","emptyDir":{}},{"name":"other"},{"name":"data","emptyDir":{}}],
            "volumeMounts":[{"name":"data","mountPath":"/data"},{"name":"other","mountPath":"/other"}]}})"));
        QCOMPARE(result.errors.size(), 1);
        QCOMPARE(result.errors.first().type(), FieldError::Type::Duplicate);
        QCOMPARE(result.errors.first().field(), u"spec.volumes[2].name"_s);
        QCOMPARE(result.errors.first().value(), QJsonValue(u"data"_s));
    }

    void secretVolumeNameLength()
    {
        // secret-<name> must be a DNS-1123 label: at most 63 characters, so Secret names of 56.
        auto patch = [](const QString &secret) {
            return QJsonObject{{u"spec"_s, QJsonObject{{u"env"_s, QJsonObject{{u"secretMounts"_s,
                QJsonArray{QJsonObject{{u"name"_s, secret}, {u"mountPath"_s, u"/etc/s"_s}}}}}}}}};
        };
        VERIFY_NO_ERRORS(validate(patch(QString(56, u's'))));
        VERIFY_NO_ERRORS(validate(patch(u"api.credentials"_s))); // dots become dashes in the volume name
        const ValidationResult tooLong = validate(patch(QString(57, u's')));
        QCOMPARE(fields(tooLong.errors), QStringList{u"spec.env.secretMounts[0].name"_s});
        QCOMPARE(tooLong.errors.first().type(), FieldError::Type::Invalid);
        QVERIFY2(tooLong.errors.first().detail().contains(quoted(u"secret-"_s + QString(57, u's'))),
                 qPrintable(tooLong.errors.first().toString()));
    }

    void sameSecretMountedTwice()
    {
        const ValidationResult result = validate(parse(R"({"spec":{"env":{"secretMounts":[
            {"name":"creds","mountPath":"/etc/a"},{"name":"other","mountPath":"/etc/b"},{"name":"creds","mountPath":"/etc/c"}]}}})"));
        QCOMPARE(result.errors.size(), 1);
        QCOMPARE(result.errors.first().type(), FieldError::Type::Duplicate);
        QCOMPARE(result.errors.first().field(), u"spec.env.secretMounts[2].name"_s);
        QCOMPARE(result.errors.first().value(), QJsonValue(u"creds"_s));
    }

    void samePathTwiceInOneContainer_data()
    {
        QTest::addColumn<QByteArray>("spec");
        QTest::addColumn<QStringList>("fields"); // the fields reported
        const QByteArray volumes = R"("volumes":[{"name":"a"},{"name":"b"}])";
        auto row = [&](const char *name, const QByteArray &rest, const QStringList &expected) {
            QTest::newRow(name) << (QByteArray("{") + volumes + "," + rest + "}") << expected;
        };
        row("secretMount and volumeMount",
            R"("env":{"secretMounts":[{"name":"s","mountPath":"/etc/data"}]},"volumeMounts":[{"name":"a","mountPath":"/etc/data/","target":"worker"},{"name":"b","mountPath":"/b"}])",
            {u"spec.volumeMounts[0].mountPath"_s});
        row("two secretMounts",
            R"("env":{"secretMounts":[{"name":"s","mountPath":"/etc/s"},{"name":"t","mountPath":"/etc/s"}]},"volumeMounts":[{"name":"a","mountPath":"/a"},{"name":"b","mountPath":"/b"}])",
            {u"spec.env.secretMounts[1].mountPath"_s});
        row("master and both",
            R"("volumeMounts":[{"name":"a","mountPath":"/data","target":"master"},{"name":"b","mountPath":"/data"}])",
            {u"spec.volumeMounts[1].mountPath"_s});
        row("worker and worker",
            R"("volumeMounts":[{"name":"a","mountPath":"/data","target":"worker"},{"name":"b","mountPath":"/data","target":"worker"}])",
            {u"spec.volumeMounts[1].mountPath"_s});
        row("both and both, reported once",
            R"("volumeMounts":[{"name":"a","mountPath":"/data","target":"both"},{"name":"b","mountPath":"/data","target":"both"}])",
            {u"spec.volumeMounts[1].mountPath"_s});
        row("master and worker do not collide",
            R"("volumeMounts":[{"name":"a","mountPath":"/data","target":"master"},{"name":"b","mountPath":"/data","target":"worker"}])",
            {});
        row("different paths",
            R"("volumeMounts":[{"name":"a","mountPath":"/data"},{"name":"b","mountPath":"/data2"}])", {});
        row("nested paths are not the same path",
            R"("volumeMounts":[{"name":"a","mountPath":"/data"},{"name":"b","mountPath":"/data/sub"}])", {});
    }

    void samePathTwiceInOneContainer()
    {
        QFETCH(QByteArray, spec);
        QFETCH(QStringList, fields);
        const ValidationResult result = validate(QJsonObject{{u"spec"_s, parse(spec)}});
        QCOMPARE(::fields(result.errors), fields);
    }

    void testFilesAndLibraryInsideEachOther_data()
    {
        QTest::addColumn<QByteArray>("testFiles");
        QTest::addColumn<bool>("error");
        QTest::newRow("defaults") << QByteArray(R"({"configMapRef":"t","libConfigMapRef":"l"})") << false;
        QTest::newRow("lib inside src") << QByteArray(R"({"configMapRef":"t","libConfigMapRef":"l","srcMountPath":"/x","libMountPath":"/x/lib"})")
                                        << true;
        QTest::newRow("src inside lib") << QByteArray(R"({"configMapRef":"t","libConfigMapRef":"l","srcMountPath":"/opt/locust/lib/src"})")
                                        << true;
        QTest::newRow("same path") << QByteArray(R"({"configMapRef":"t","libConfigMapRef":"l","srcMountPath":"/x/","libMountPath":"/x"})")
                                   << true;
        QTest::newRow("siblings") << QByteArray(R"({"configMapRef":"t","libConfigMapRef":"l","srcMountPath":"/x","libMountPath":"/x2"})")
                                  << false;
        QTest::newRow("only test files used") << QByteArray(R"({"configMapRef":"t","srcMountPath":"/x","libMountPath":"/x/lib"})")
                                              << false;
        QTest::newRow("only library used") << QByteArray(R"({"libConfigMapRef":"l","srcMountPath":"/x","libMountPath":"/x/lib"})")
                                           << false;
    }

    void testFilesAndLibraryInsideEachOther()
    {
        QFETCH(QByteArray, testFiles);
        QFETCH(bool, error);
        const ValidationResult result = validate(QJsonObject{{u"spec"_s, QJsonObject{{u"testFiles"_s, parse(testFiles)}}}});
        if (!error) {
            VERIFY_NO_ERRORS(result);
            return;
        }
        QCOMPARE(result.errors.size(), 1);
        QVERIFY2(result.errors.first().field().startsWith(u"spec.testFiles."_s), qPrintable(result.errors.first().toString()));
    }

    void operatorLabels_data()
    {
        QTest::addColumn<QString>("crName");
        QTest::addColumn<QString>("role");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("error");
        QTest::newRow("test name overridden") << u"my-test"_s << u"master"_s << u"performance-test-name"_s << u"other"_s << true;
        QTest::newRow("test name same") << u"my-test"_s << u"worker"_s << u"performance-test-name"_s << u"my-test"_s << false;
        QTest::newRow("test name raw, not sanitized") << u"my.test"_s << u"master"_s << u"performance-test-name"_s << u"my.test"_s << false;
        QTest::newRow("test name sanitized is wrong") << u"my.test"_s << u"master"_s << u"performance-test-name"_s << u"my-test"_s << true;
        QTest::newRow("pod name master same") << u"my-test"_s << u"master"_s << u"performance-test-pod-name"_s << u"my-test-master"_s << false;
        QTest::newRow("pod name worker same") << u"my-test"_s << u"worker"_s << u"performance-test-pod-name"_s << u"my-test-worker"_s << false;
        QTest::newRow("pod name of the other role") << u"my-test"_s << u"worker"_s << u"performance-test-pod-name"_s << u"my-test-master"_s << true;
        QTest::newRow("pod name sanitized") << u"my.test"_s << u"master"_s << u"performance-test-pod-name"_s << u"my-test-master"_s << false;
        QTest::newRow("pod name raw is wrong") << u"my.test"_s << u"master"_s << u"performance-test-pod-name"_s << u"my.test-master"_s << true;
        QTest::newRow("managed-by overridden") << u"my-test"_s << u"worker"_s << u"managed-by"_s << u"helm"_s << true;
        QTest::newRow("managed-by same") << u"my-test"_s << u"master"_s << u"managed-by"_s << u"locust-k8s-operator"_s << false;
        QTest::newRow("other label") << u"my-test"_s << u"master"_s << u"team"_s << u"a"_s << false;
    }

    void operatorLabels()
    {
        QFETCH(QString, crName);
        QFETCH(QString, role);
        QFETCH(QString, key);
        QFETCH(QString, value);
        QFETCH(bool, error);
        const QJsonObject patch = withName(crName, QJsonObject{{u"spec"_s, QJsonObject{{role, QJsonObject{{u"labels"_s,
                                                                                            QJsonObject{{key, value}}}}}}}});
        const ValidationResult result = validate(patch);
        QCOMPARE(messages(result.warnings), QStringList());
        if (!error) {
            VERIFY_NO_ERRORS(result);
            return;
        }
        QCOMPARE(result.errors.size(), 1);
        QCOMPARE(result.errors.first().type(), FieldError::Type::Invalid);
        QVERIFY2(result.errors.first().field().startsWith(u"spec."_s + role + u".labels"_s),
                 qPrintable(result.errors.first().toString()));
        QVERIFY2(result.errors.first().toString().contains(key), qPrintable(result.errors.first().toString()));
    }

    // ---- warnings ------------------------------------------------------------------------------------

    void warnings_data()
    {
        QTest::addColumn<QByteArray>("patch");
        QTest::addColumn<bool>("affinityInjection");
        QTest::addColumn<bool>("tolerationsInjection");
        QTest::addColumn<QStringList>("fields");
        QTest::addColumn<QString>("mentions"); // text every warning must contain

        QTest::newRow("extraArgs exact flag") << QByteArray(R"({"spec":{"master":{"extraArgs":["--autostart"]}}})") << true << true
                                              << QStringList{u"spec.master.extraArgs[0]"_s} << u"--autostart"_s;
        QTest::newRow("extraArgs flag=value") << QByteArray(R"({"spec":{"master":{"extraArgs":["--loglevel","DEBUG","--master-port=1"]}}})")
                                              << true << true << QStringList{u"spec.master.extraArgs[2]"_s} << u"--master-port"_s;
        QTest::newRow("worker master-host") << QByteArray(R"({"spec":{"worker":{"extraArgs":["--master-host=elsewhere"]}}})")
                                            << true << true << QStringList{u"spec.worker.extraArgs[0]"_s} << u"--master-host"_s;
        QTest::newRow("no false positives") << QByteArray(R"({"spec":{"master":{"extraArgs":["--master-port-x","--masterx","--master-bind-port=5558","--otelx"]}}})")
                                            << true << true << QStringList() << QString();
        QTest::newRow("several flags") << QByteArray(R"({"spec":{"worker":{"extraArgs":["--otel","--worker","--only-summary"]}}})")
                                       << true << true
                                       << QStringList{u"spec.worker.extraArgs[0]"_s, u"spec.worker.extraArgs[1]"_s, u"spec.worker.extraArgs[2]"_s}
                                       << u"--"_s;
        QTest::newRow("app label overridden") << QByteArray(R"({"spec":{"master":{"labels":{"app":"locust-master"}}}})") << true << true
                                              << QStringList{u"spec.master.labels"_s} << u"app"_s;
        QTest::newRow("app label same as name") << QByteArray(R"({"spec":{"worker":{"labels":{"app":"my-test"}}}})") << true << true
                                                << QStringList() << QString();
        QTest::newRow("affinity ignored")
            << QByteArray(R"({"spec":{"scheduling":{"affinity":{"nodeAffinity":{}}}}})") << false << true
            << QStringList{u"spec.scheduling.affinity"_s} << QString();
        QTest::newRow("affinity injected") << QByteArray(R"({"spec":{"scheduling":{"affinity":{"nodeAffinity":{}}}}})") << true << false
                                           << QStringList() << QString();
        QTest::newRow("tolerations ignored")
            << QByteArray(R"({"spec":{"scheduling":{"tolerations":[{"key":"k","operator":"Exists"}]}}})") << true << false
            << QStringList{u"spec.scheduling.tolerations"_s} << QString();
        QTest::newRow("tolerations injected")
            << QByteArray(R"({"spec":{"scheduling":{"tolerations":[{"key":"k","operator":"Exists"}]}}})") << false << true
            << QStringList() << QString();
        QTest::newRow("otel endpoint while disabled")
            << QByteArray(R"({"spec":{"observability":{"openTelemetry":{"endpoint":"http:\/\/otel:4317"}}}})") << true << true
            << QStringList{u"spec.observability.openTelemetry"_s} << QString();
        QTest::newRow("otel insecure while disabled")
            << QByteArray(R"({"spec":{"observability":{"openTelemetry":{"enabled":false,"insecure":true}}}})") << true << true
            << QStringList{u"spec.observability.openTelemetry"_s} << QString();
        QTest::newRow("otel protocol while disabled")
            << QByteArray(R"({"spec":{"observability":{"openTelemetry":{"protocol":"http/protobuf"}}}})") << true << true
            << QStringList{u"spec.observability.openTelemetry"_s} << QString();
        QTest::newRow("otel extraEnvVars while disabled")
            << QByteArray(R"({"spec":{"observability":{"openTelemetry":{"extraEnvVars":{"OTEL_SERVICE_NAME":"x"}}}}})") << true << true
            << QStringList{u"spec.observability.openTelemetry"_s} << QString();
        QTest::newRow("otel disabled, nothing set")
            << QByteArray(R"({"spec":{"observability":{"openTelemetry":{"enabled":false,"protocol":"grpc","insecure":false}}}})")
            << true << true << QStringList() << QString();
        QTest::newRow("otel endpoint without scheme")
            << QByteArray(R"({"spec":{"observability":{"openTelemetry":{"enabled":true,"endpoint":"otel-collector:4317"}}}})")
            << true << true << QStringList{u"spec.observability.openTelemetry.endpoint"_s} << u"otel-collector:4317"_s;
        QTest::newRow("otel endpoint other scheme")
            << QByteArray(R"({"spec":{"observability":{"openTelemetry":{"enabled":true,"endpoint":"grpc:\/\/otel:4317"}}}})")
            << true << true << QStringList{u"spec.observability.openTelemetry.endpoint"_s} << QString();
        QTest::newRow("otel endpoint without host")
            << QByteArray(R"({"spec":{"observability":{"openTelemetry":{"enabled":true,"endpoint":"http:\/\/:4317"}}}})")
            << true << true << QStringList{u"spec.observability.openTelemetry.endpoint"_s} << u":4317"_s;
        QTest::newRow("otel extraEnvVars overrides an operator variable")
            << QByteArray(R"({"spec":{"observability":{"openTelemetry":{"enabled":true,"endpoint":"http:\/\/otel:4317",
                "extraEnvVars":{"OTEL_EXPORTER_OTLP_ENDPOINT":"http:\/\/d:4317","OTEL_SERVICE_NAME":"svc"}}}}})")
            << true << true << QStringList{u"spec.observability.openTelemetry.extraEnvVars"_s}
            << u"\"OTEL_EXPORTER_OTLP_ENDPOINT\""_s;
        QTest::newRow("otel endpoint http")
            << QByteArray(R"({"spec":{"observability":{"openTelemetry":{"enabled":true,"endpoint":"http:\/\/otel-collector.monitoring:4317"}}}})")
            << true << true << QStringList() << QString();
        QTest::newRow("otel endpoint https")
            << QByteArray(R"({"spec":{"observability":{"openTelemetry":{"enabled":true,"endpoint":"https:\/\/otel.example.com:4318\/v1"}}}})")
            << true << true << QStringList() << QString();
        QTest::newRow("unmounted volume")
            << QByteArray(R"({"spec":{"volumes":[{"name":"used"},{"name":"unused"}],"volumeMounts":[{"name":"used","mountPath":"/u","target":"master"}]}})")
            << true << true << QStringList{u"spec.volumes[1]"_s} << u"unused"_s;
        QTest::newRow("empty pull secret name")
            << QByteArray(R"({"spec":{"imagePullSecrets":[{"name":"regcred"},{"name":""}]}})") << true << true
            << QStringList{u"spec.imagePullSecrets[1].name"_s} << QString();
        QTest::newRow("defaulted pull secret name")
            << QByteArray(R"({"spec":{"imagePullSecrets":[{}]}})") << true << true
            << QStringList{u"spec.imagePullSecrets[0].name"_s} << QString();
        QTest::newRow("kafka variable")
            << QByteArray(R"({"spec":{"env":{"variables":[{"name":"A","value":"1"},{"name":"KAFKA_BOOTSTRAP_SERVERS","value":"k:9092"}]}}})")
            << true << true << QStringList{u"spec.env.variables[1].name"_s} << u"KAFKA_BOOTSTRAP_SERVERS"_s;
        QTest::newRow("kafka password")
            << QByteArray(R"({"spec":{"env":{"variables":[{"name":"KAFKA_PASSWORD","valueFrom":{"secretKeyRef":{"name":"k","key":"p"}}}]}}})")
            << true << true << QStringList{u"spec.env.variables[0].name"_s} << u"KAFKA_PASSWORD"_s;
        QTest::newRow("otel variable while on")
            << QByteArray(R"({"spec":{"observability":{"openTelemetry":{"enabled":true,"endpoint":"http:\/\/otel:4317"}},
                "env":{"variables":[{"name":"OTEL_EXPORTER_OTLP_ENDPOINT","value":"http:\/\/other:4317"}]}}})")
            << true << true << QStringList{u"spec.env.variables[0].name"_s} << u"OTEL_EXPORTER_OTLP_ENDPOINT"_s;
        QTest::newRow("otel variable while off")
            << QByteArray(R"({"spec":{"env":{"variables":[{"name":"OTEL_EXPORTER_OTLP_ENDPOINT","value":"x"}]}}})")
            << true << true << QStringList() << QString();
        QTest::newRow("duplicate variable")
            << QByteArray(R"({"spec":{"env":{"variables":[{"name":"TARGET","value":"1"},{"name":"OTHER","value":"1"},{"name":"TARGET","value":"2"}]}}})")
            << true << true << QStringList{u"spec.env.variables[2].name"_s} << u"TARGET"_s;
        QTest::newRow("non-portable variable name")
            << QByteArray(R"({"spec":{"env":{"variables":[{"name":"1VAR","value":"1"}]}}})")
            << true << true << QStringList{u"spec.env.variables[0].name"_s} << u"1VAR"_s;
        QTest::newRow("only claims")
            << QByteArray(R"({"spec":{"master":{"resources":{"claims":[{"name":"gpu"}]}}}})")
            << true << true << QStringList{u"spec.master.resources"_s} << QString();
        QTest::newRow("claims with requests")
            << QByteArray(R"({"spec":{"worker":{"resources":{"requests":{"cpu":"1"},"claims":[{"name":"gpu"}]}}}})")
            << true << true << QStringList() << QString();
        QTest::newRow("claims with limits")
            << QByteArray(R"({"spec":{"master":{"resources":{"limits":{"cpu":"1"},"claims":[{"name":"gpu"}]}}}})")
            << true << true << QStringList() << QString();
    }

    void warnings()
    {
        QFETCH(QByteArray, patch);
        QFETCH(bool, affinityInjection);
        QFETCH(bool, tolerationsInjection);
        QFETCH(QStringList, fields);
        QFETCH(QString, mentions);
        const ValidationResult result = validate(patch, ValidationOptions{affinityInjection, tolerationsInjection});
        VERIFY_NO_ERRORS(result);
        QVERIFY(result.ok());
        QCOMPARE(::fields(result.warnings), fields);
        for (const FieldWarning &warning : result.warnings) {
            QVERIFY(!warning.message.isEmpty());
            QVERIFY2(warning.message.contains(mentions), qPrintable(warning.toString()));
        }
    }

    void duplicateVariableNamesAreQuotedLiterally()
    {
        // A variable name is user text: it must appear in the message as written.
        const ValidationResult result = validate(QByteArray(R"({"spec":{"env":{"variables":[
            {"name":"RATE_%1","value":"1"},{"name":"RATE_%1","value":"2"}]}}})"));
        VERIFY_NO_ERRORS(result);
        // Two "not portable" warnings (one per variable) and one "duplicate" warning on the second.
        QCOMPARE(result.warnings.size(), 3);
        QStringList duplicate;
        for (const FieldWarning &warning : result.warnings) {
            QVERIFY2(warning.field.startsWith(u"spec.env.variables["_s), qPrintable(warning.toString()));
            QVERIFY2(warning.message.contains(u"\"RATE_%1\""_s), qPrintable(warning.toString()));
            if (warning.message.contains(u"spec.env.variables[0]"_s))
                duplicate << warning.field;
        }
        QCOMPARE(duplicate, QStringList{u"spec.env.variables[1].name"_s});
    }

    // ---- v1 (spec/api.md §6.1, §6.4) ------------------------------------------------------------------

    void v1_data()
    {
        QTest::addColumn<QByteArray>("patch");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("valid") << QByteArray("{}") << QStringList();
        QTest::newRow("maximal") << QByteArray(R"({"spec":{"imagePullPolicy":"Always","imagePullSecrets":["regcred"],
            "configMap":"tests","libConfigMap":"lib","labels":{"master":{"app":"my-test"},"worker":{"tier":"w"}},
            "annotations":{"master":{"prometheus.io/scrape":"true"}},
            "affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"node-pool":"load"}}},
            "tolerations":[{"key":"dedicated","operator":"Equal","value":"locust","effect":"NoSchedule"},
                           {"key":"spot","operator":"Exists","effect":"NoExecute"}]}})")
                                 << QStringList();
        QTest::newRow("empty seeds") << QByteArray(R"({"spec":{"masterCommandSeed":"","workerCommandSeed":""}})") << QStringList();
        QTest::newRow("no spec") << QByteArray(R"({"spec":null})") << QStringList{u"spec: Required value"_s};
        QTest::newRow("no masterCommandSeed") << QByteArray(R"({"spec":{"masterCommandSeed":null}})")
                                              << QStringList{u"spec.masterCommandSeed: Required value"_s};
        QTest::newRow("no workerCommandSeed") << QByteArray(R"({"spec":{"workerCommandSeed":null}})")
                                              << QStringList{u"spec.workerCommandSeed: Required value"_s};
        QTest::newRow("no image") << QByteArray(R"({"spec":{"image":null}})") << QStringList{u"spec.image: Required value"_s};
        QTest::newRow("workerReplicas defaulted") << QByteArray(R"({"spec":{"workerReplicas":null}})") << QStringList();
        QTest::newRow("workerReplicas 500") << QByteArray(R"({"spec":{"workerReplicas":500}})") << QStringList();
        QTest::newRow("workerReplicas 0")
            << QByteArray(R"({"spec":{"workerReplicas":0}})")
            << QStringList{u"spec.workerReplicas: Invalid value: 0: spec.workerReplicas in body should be greater than or equal to 1"_s};
        QTest::newRow("workerReplicas 501")
            << QByteArray(R"({"spec":{"workerReplicas":501}})")
            << QStringList{u"spec.workerReplicas: Invalid value: 501: spec.workerReplicas in body should be less than or equal to 500"_s};
        QTest::newRow("imagePullPolicy")
            << QByteArray(R"({"spec":{"imagePullPolicy":"Sometimes"}})")
            << QStringList{u"spec.imagePullPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"IfNotPresent\", \"Never\""_s};
        QTest::newRow("toleration without key")
            << QByteArray(R"({"spec":{"tolerations":[{"operator":"Exists","effect":"NoSchedule"}]}})")
            << QStringList{u"spec.tolerations[0].key: Required value"_s};
        QTest::newRow("toleration without operator")
            << QByteArray(R"({"spec":{"tolerations":[{"key":"k","effect":"NoSchedule"}]}})")
            << QStringList{u"spec.tolerations[0].operator: Required value"_s};
        QTest::newRow("toleration without effect")
            << QByteArray(R"({"spec":{"tolerations":[{"key":"k","operator":"Exists"}]}})")
            << QStringList{u"spec.tolerations[0].effect: Required value"_s};
        QTest::newRow("toleration operator enum")
            << QByteArray(R"({"spec":{"tolerations":[{"key":"k","operator":"In","value":"v","effect":"NoSchedule"}]}})")
            << QStringList{u"spec.tolerations[0].operator: Unsupported value: \"In\": supported values: \"Exists\", \"Equal\""_s};
        QTest::newRow("toleration effect enum")
            << QByteArray(R"({"spec":{"tolerations":[{"key":"k","operator":"Exists","effect":"NoRun"}]}})")
            << QStringList{u"spec.tolerations[0].effect: Unsupported value: \"NoRun\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\""_s};
        // The v1 enums reject "", which the conversion to v2 drops: only the v1 schema can report it.
        QTest::newRow("imagePullPolicy empty")
            << QByteArray(R"({"spec":{"imagePullPolicy":""}})")
            << QStringList{u"spec.imagePullPolicy: Unsupported value: \"\": supported values: \"Always\", \"IfNotPresent\", \"Never\""_s};
        QTest::newRow("toleration effect empty")
            << QByteArray(R"({"spec":{"tolerations":[{"key":"k","operator":"Exists","effect":""}]}})")
            << QStringList{u"spec.tolerations[0].effect: Unsupported value: \"\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\""_s};
        // The v1 schema errors come first, in the schema's order.
        QTest::newRow("no masterCommandSeed, imagePullPolicy")
            << QByteArray(R"({"spec":{"masterCommandSeed":null,"imagePullPolicy":"Sometimes"}})")
            << QStringList{u"spec.masterCommandSeed: Required value"_s,
                           u"spec.imagePullPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"IfNotPresent\", \"Never\""_s};
        QTest::newRow("no workerCommandSeed, imagePullPolicy")
            << QByteArray(R"({"spec":{"workerCommandSeed":null,"imagePullPolicy":"Sometimes"}})")
            << QStringList{u"spec.workerCommandSeed: Required value"_s,
                           u"spec.imagePullPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"IfNotPresent\", \"Never\""_s};
        QTest::newRow("master label key")
            << QByteArray(R"({"spec":{"labels":{"master":{"bad key":"x"}}}})")
            << invalidLines(u"spec.labels.master"_s, u"bad key"_s, names::qualifiedName(u"bad key"_s));
        QTest::newRow("worker annotation key")
            << QByteArray(R"({"spec":{"annotations":{"worker":{"a/b/c":"x"}}}})")
            << invalidLines(u"spec.annotations.worker"_s, u"a/b/c"_s, names::qualifiedName(u"a/b/c"_s));
        QTest::newRow("configMap name")
            << QByteArray(R"({"spec":{"configMap":"Bad_Name"}})")
            << invalidLines(u"spec.configMap"_s, u"Bad_Name"_s, names::dns1123Subdomain(u"Bad_Name"_s));
        QTest::newRow("libConfigMap name")
            << QByteArray(R"({"spec":{"libConfigMap":"lib_"}})")
            << invalidLines(u"spec.libConfigMap"_s, u"lib_"_s, names::dns1123Subdomain(u"lib_"_s));
    }

    void v1()
    {
        QFETCH(QByteArray, patch);
        QFETCH(QStringList, expected);
        const QStringList actual = lines(validateV1(parse(patch)).errors);
        QCOMPARE(actual, expected);
        QStringList unique = actual;
        unique.removeDuplicates();
        QCOMPARE(unique.size(), actual.size());
    }

    void v1NameTooLong()
    {
        const QString name = QString(57, u'a');
        const ValidationResult result = validateV1(withName(name));
        QCOMPARE(lines(result.errors), QStringList{u"metadata.name: Invalid value: \""_s + name + u"\": "_s + w1(name)});
        QCOMPARE(result.errors.first().detail(), w1(name));
        VERIFY_NO_ERRORS(validateV1(withName(QString(56, u'a'))));
    }

    void v1TolerationCoreRules()
    {
        // The v2 (core) toleration rules apply to the converted object, reported at the v1 path.
        const ValidationResult result =
            validateV1(parse(R"({"spec":{"tolerations":[{"key":"k","operator":"Exists","effect":"NoSchedule"},{"key":"k","operator":"Exists","value":"v","effect":"NoSchedule"}]}})"));
        QCOMPARE(fields(result.errors), QStringList{u"spec.tolerations[1].operator"_s});
        QCOMPARE(result.errors.first().detail(), u"value must be empty when `operator` is 'Exists'"_s);
    }

    void v1OperatorLabel()
    {
        const ValidationResult result =
            validateV1(parse(R"({"spec":{"labels":{"master":{"performance-test-name":"other"}}}})"));
        QCOMPARE(result.errors.size(), 1);
        QVERIFY2(result.errors.first().field().startsWith(u"spec.labels.master"_s), qPrintable(result.errors.first().toString()));
    }

    void v1Warnings()
    {
        const ValidationResult pullSecret = validateV1(parse(R"({"spec":{"imagePullSecrets":["regcred",""]}})"));
        VERIFY_NO_ERRORS(pullSecret);
        QCOMPARE(fields(pullSecret.warnings), QStringList{u"spec.imagePullSecrets[1]"_s});

        const ValidationResult ignored = validateV1(parse(R"({"spec":{
            "affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"node-pool":"load"}}},
            "tolerations":[{"key":"k","operator":"Exists","effect":"NoSchedule"}]}})"),
                                                    ValidationOptions{false, false});
        VERIFY_NO_ERRORS(ignored);
        QCOMPARE(fields(ignored.warnings), (QStringList{u"spec.affinity"_s, u"spec.tolerations"_s}));

        const ValidationResult app = validateV1(parse(R"({"spec":{"labels":{"worker":{"app":"locust-worker"}}}})"));
        VERIFY_NO_ERRORS(app);
        QCOMPARE(fields(app.warnings), QStringList{u"spec.labels.worker"_s});
    }

    // A v1 object read from a v2 one carries the v2-only fields; they are validated too.
    void v1WithPreservedV2Data()
    {
        const Decoded<LocustTestV2> decoded = LocustTestV2::fromJson(readFixture(u"locusttest-v2-maximal.json"_s));
        QVERIFY(decoded.errors.isEmpty());
        const LocustTestV1 asV1 = LocustTestConverter::toV1(LocustTestDefaults::applied(decoded.value));
        const ValidationResult result = LocustTestValidator().validate(asV1);
        VERIFY_NO_ERRORS(result);
        QCOMPARE(messages(result.warnings), QStringList());

        // The same object with a v2-only field that breaks a rule.
        QJsonObject json = readFixture(u"locusttest-v2-maximal.json"_s);
        json = merged(json, parse(R"({"spec":{"volumeMounts":[{"name":"results","mountPath":"/mnt/src/results"}]}})"));
        const LocustTestV1 bad = LocustTestConverter::toV1(LocustTestDefaults::applied(LocustTestV2::fromJson(json).value));
        const ValidationResult badResult = LocustTestValidator().validate(bad);
        QCOMPARE(details(badResult.errors), QStringList{w4(u"/mnt/src/results"_s, u"/mnt/src"_s)});
    }

    // With only generateName the operator's label values are not known yet, so any user value for
    // them would differ: still an error.
    void operatorLabelsProtectedWithGenerateName()
    {
        LocustTestV2 test = LocustTestV2::fromJson(parse(R"j({"apiVersion":"locust.io/v2","kind":"LocustTest",
            "metadata":{"generateName":"run-"},"spec":{"image":"i","master":{"command":"m",
            "labels":{"performance-test-name":"mine","app":"other"}},"worker":{"command":"w","replicas":1}}})j")).value;
        const ValidationResult result = LocustTestValidator().validate(LocustTestDefaults::applied(test));
        QCOMPARE(fields(result.errors), QStringList{u"spec.master.labels"_s});
        QVERIFY(result.errors.first().detail().startsWith(u"label \"performance-test-name\" is managed by the operator"_s));
        QCOMPARE(fields(result.warnings), QStringList{u"spec.master.labels"_s}); // app
    }
};

QTEST_GUILESS_MAIN(LocustTestValidatorTest)
#include "tst_locusttestvalidator.moc"

#include "apitestsupport.h"
#include "jsontestsupport.h"
#include "api/locusttestconverter.h"
#include "api/naming.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace locust;
using namespace locust::api;
using namespace locust::testsupport;

namespace {

LocustTestV2 v2(const QJsonObject &json)
{
    const Decoded<LocustTestV2> decoded = LocustTestV2::fromJson(json);
    if (!decoded.errors.isEmpty())
        qFatal("test v2 object does not decode: %s", qPrintable(decoded.errors.first().toString()));
    return decoded.value;
}

LocustTestV1 v1(const QJsonObject &json)
{
    const Decoded<LocustTestV1> decoded = LocustTestV1::fromJson(json);
    if (!decoded.errors.isEmpty())
        qFatal("test v1 object does not decode: %s", qPrintable(decoded.errors.first().toString()));
    return decoded.value;
}

LocustTestSpecV2 specV2(const QByteArray &json)
{
    FieldErrorList errors;
    const LocustTestSpecV2 spec = LocustTestV2::specFromJson(parse(json), u"spec"_s, &errors);
    if (!errors.isEmpty())
        qFatal("test v2 spec does not decode: %s", qPrintable(errors.first().toString()));
    return spec;
}

LocustTestSpecV1 specV1(const QByteArray &json)
{
    FieldErrorList errors;
    const LocustTestSpecV1 spec = LocustTestV1::specFromJson(parse(json), u"spec"_s, &errors);
    if (!errors.isEmpty())
        qFatal("test v1 spec does not decode: %s", qPrintable(errors.first().toString()));
    return spec;
}

QJsonObject v1Envelope(const QByteArray &spec)
{
    return QJsonObject{{u"apiVersion"_s, u"locust.io/v1"_s},
                       {u"kind"_s, u"LocustTest"_s},
                       {u"metadata"_s, parse(R"({"name":"test-locust","namespace":"default"})")},
                       {u"spec"_s, parse(spec)}};
}

const QString annotationKey = u"conversion.locust.io/v2-data"_s;

QString annotationOf(const QJsonObject &metadata)
{
    return metadata.value(u"annotations").toObject().value(annotationKey).toString();
}

bool hasAnnotation(const QJsonObject &metadata)
{
    return metadata.value(u"annotations").toObject().contains(annotationKey);
}

// The maximal v2 object, through v1 (as JSON, the way a client of the v1 endpoint sees it).
QJsonObject maximalAsV1Json()
{
    return LocustTestConverter::toV1(v2(readFixture(u"locusttest-v2-maximal.json"_s))).toJson();
}

QJsonObject withoutPath(QJsonObject object, const QStringList &path)
{
    if (path.size() == 1) {
        object.remove(path.first());
        return object;
    }
    object.insert(path.first(), withoutPath(object.value(path.first()).toObject(), path.mid(1)));
    return object;
}

} // namespace

class LocustTestConverterTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // ---- v1 -> v2 (spec/api.md §5.1, §5.4) ---------------------------------------------------

    void upstreamFullV1ToV2()
    {
        const QJsonObject v1Json = v1Envelope(R"({
            "image":"locustio/locust:2.43.1","imagePullPolicy":"IfNotPresent",
            "imagePullSecrets":["my-registry-secret"],
            "masterCommandSeed":"locust -f /lotest/src/locustfile.py",
            "workerCommandSeed":"locust -f /lotest/src/locustfile.py","workerReplicas":10,
            "configMap":"locust-tests","libConfigMap":"locust-lib",
            "labels":{"master":{"app":"locust-master"},"worker":{"app":"locust-worker"}},
            "annotations":{"master":{"prometheus.io/scrape":"true"}},
            "tolerations":[{"key":"dedicated","operator":"Equal","value":"locust","effect":"NoSchedule"}]})");
        const LocustTestV2 converted = LocustTestConverter::toV2(v1(v1Json));
        LOCUST_COMPARE_JSON(converted.toJson(), parse(R"({"apiVersion":"locust.io/v2","kind":"LocustTest",
            "metadata":{"name":"test-locust","namespace":"default"},
            "spec":{"image":"locustio/locust:2.43.1","imagePullPolicy":"IfNotPresent",
                    "imagePullSecrets":[{"name":"my-registry-secret"}],
                    "master":{"command":"locust -f /lotest/src/locustfile.py","autostart":true,
                              "autoquit":{"enabled":true,"timeout":60},"labels":{"app":"locust-master"},
                              "annotations":{"prometheus.io/scrape":"true"}},
                    "worker":{"command":"locust -f /lotest/src/locustfile.py","replicas":10,
                              "labels":{"app":"locust-worker"}},
                    "testFiles":{"configMapRef":"locust-tests","libConfigMapRef":"locust-lib"},
                    "scheduling":{"tolerations":[{"key":"dedicated","operator":"Equal","value":"locust",
                                                  "effect":"NoSchedule"}]}}})"));
        QCOMPARE(converted.name(), u"test-locust"_s);
        QCOMPARE(converted.namespaceName(), u"default"_s);
        QVERIFY(!converted.status.has_value() || converted.status->isEmpty());
    }

    void upstreamMinimalV1ToV2()
    {
        const LocustTestV2 converted = LocustTestConverter::toV2(
            v1(v1Envelope(R"({"image":"locustio/locust","masterCommandSeed":"locust","workerCommandSeed":"locust",
                              "workerReplicas":1})")));
        QVERIFY(!converted.spec->testFiles.has_value());
        QVERIFY(!converted.spec->scheduling.has_value());
        QVERIFY(!converted.spec->env.has_value());
        QVERIFY(!converted.spec->observability.has_value());
        LOCUST_COMPARE_JSON(LocustTestV2::specToJson(*converted.spec),
                     parse(R"({"image":"locustio/locust","master":{"command":"locust","autostart":true,
                              "autoquit":{"enabled":true,"timeout":60}},"worker":{"command":"locust","replicas":1}})"));
    }

    void specToV2_data()
    {
        QTest::addColumn<QByteArray>("v1");
        QTest::addColumn<QByteArray>("expected");
        const QByteArray base = R"("masterCommandSeed":"m","workerCommandSeed":"w","workerReplicas":2,"image":"i")";
        const QByteArray baseV2 = R"("image":"i","master":{"command":"m","autostart":true,
            "autoquit":{"enabled":true,"timeout":60}},"worker":{"command":"w","replicas":2})";
        auto row = [&](const char *name, const QByteArray &v1Extra, const QByteArray &v2Extra) {
            QTest::newRow(name) << (QByteArray("{") + base + v1Extra + "}")
                                << (QByteArray("{") + baseV2 + v2Extra + "}");
        };
        row("imagePullPolicy copied", R"(,"imagePullPolicy":"Never")", R"(,"imagePullPolicy":"Never")");
        row("empty imagePullPolicy left unset", R"(,"imagePullPolicy":"")", "");
        row("imagePullSecrets to objects, order kept", R"(,"imagePullSecrets":["b","a"])",
            R"(,"imagePullSecrets":[{"name":"b"},{"name":"a"}])");
        row("empty imagePullSecrets absent", R"(,"imagePullSecrets":[])", "");
        row("only configMap", R"(,"configMap":"tests")", R"(,"testFiles":{"configMapRef":"tests"})");
        row("only libConfigMap", R"(,"libConfigMap":"lib")", R"(,"testFiles":{"libConfigMapRef":"lib"})");
        row("empty configMaps: no testFiles", R"(,"configMap":"","libConfigMap":"")", "");
        row("empty affinity gives empty scheduling", R"(,"affinity":{})", R"(,"scheduling":{})");
        row("affinity without required map", R"(,"affinity":{"nodeAffinity":{}})", R"(,"scheduling":{})");
        row("affinity with empty map",
            R"(,"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{}}})",
            R"(,"scheduling":{})");
        row("affinity sorted by key",
            R"(,"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"zone":"a","disk":"ssd","node-pool":"load"}}})",
            R"(,"scheduling":{"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":
                {"nodeSelectorTerms":[{"matchExpressions":[
                    {"key":"disk","operator":"In","values":["ssd"]},
                    {"key":"node-pool","operator":"In","values":["load"]},
                    {"key":"zone","operator":"In","values":["a"]}]}]}}}})");
        row("empty tolerations: no scheduling", R"(,"tolerations":[])", "");
        row("tolerations element-wise, order kept",
            R"(,"tolerations":[{"key":"b","operator":"Exists","effect":"NoExecute"},{"key":"a","operator":"Equal","value":"x","effect":"NoSchedule"}])",
            R"(,"scheduling":{"tolerations":[{"key":"b","operator":"Exists","effect":"NoExecute"},{"key":"a","operator":"Equal","value":"x","effect":"NoSchedule"}]})");
        row("empty toleration value and effect left unset",
            R"(,"tolerations":[{"key":"k","operator":"Exists","value":"","effect":""}])",
            R"(,"scheduling":{"tolerations":[{"key":"k","operator":"Exists"}]})");
        row("empty pod maps absent", R"(,"labels":{"master":{"a":"1"},"worker":{}},"annotations":{"master":{},"worker":{"b":"2"}})",
            R"(,"master":{"command":"m","autostart":true,"autoquit":{"enabled":true,"timeout":60},"labels":{"a":"1"}},
               "worker":{"command":"w","replicas":2,"annotations":{"b":"2"}})");
        row("only master labels", R"(,"labels":{"master":{"a":"1"}})",
            R"(,"master":{"command":"m","autostart":true,"autoquit":{"enabled":true,"timeout":60},"labels":{"a":"1"}})");
        row("only worker annotations", R"(,"annotations":{"worker":{"a":"1"}})",
            R"(,"worker":{"command":"w","replicas":2,"annotations":{"a":"1"}})");
        row("empty labels object", R"(,"labels":{})", "");
    }

    void specToV2()
    {
        QFETCH(QByteArray, v1);
        QFETCH(QByteArray, expected);
        LOCUST_COMPARE_JSON(LocustTestV2::specToJson(LocustTestConverter::specToV2(specV1(v1))), parse(expected));
    }

    // ---- v2 -> v1 (spec/api.md §5.2, §5.4) ---------------------------------------------------

    void upstreamEmptyOptionalV2ToV1()
    {
        const LocustTestSpecV1 spec = LocustTestConverter::specToV1(
            specV2(R"({"image":"i","master":{"command":"m"},"worker":{"command":"w","replicas":3}})"));
        QVERIFY(!spec.labels.has_value());
        QVERIFY(!spec.annotations.has_value());
        QVERIFY(!spec.affinity.has_value());
        QVERIFY(spec.tolerations.value_or(QList<TolerationV1>()).isEmpty());
        QVERIFY(spec.imagePullSecrets.value_or(QStringList()).isEmpty());
        QVERIFY(spec.configMap.value_or(QString()).isEmpty());
        QVERIFY(spec.libConfigMap.value_or(QString()).isEmpty());
        LOCUST_COMPARE_JSON(LocustTestV1::specToJson(spec),
                     parse(R"({"image":"i","masterCommandSeed":"m","workerCommandSeed":"w","workerReplicas":3})"));
    }

    void specToV1_data()
    {
        QTest::addColumn<QByteArray>("v2");
        QTest::addColumn<QByteArray>("expected");
        const QByteArray v1Base = R"("image":"i","masterCommandSeed":"m","workerCommandSeed":"w","workerReplicas":2)";
        auto row = [&](const char *name, const QByteArray &v2, const QByteArray &v1Extra) {
            QTest::newRow(name) << v2 << (QByteArray("{") + v1Base + v1Extra + "}");
        };
        const QByteArray base = R"("image":"i","master":{"command":"m"},"worker":{"command":"w","replicas":2})";
        auto with = [&](const QByteArray &extra) { return QByteArray("{") + base + extra + "}"; };

        QTest::newRow("required fields always written")
            << QByteArray("{}")
            << QByteArray(R"({"image":"","masterCommandSeed":"","workerCommandSeed":"","workerReplicas":0})");
        QTest::newRow("no replicas written as 0")
            << QByteArray(R"({"image":"i","master":{"command":"m"},"worker":{"command":"w"}})")
            << QByteArray(R"({"image":"i","masterCommandSeed":"m","workerCommandSeed":"w","workerReplicas":0})");
        row("v2-only fields lost", with(R"(,"testFiles":{"srcMountPath":"/s","libMountPath":"/l"},
            "env":{"variables":[{"name":"A","value":"1"}]},"volumes":[{"name":"v"}],"security":{},
            "observability":{"openTelemetry":{"enabled":true}},"scheduling":{"nodeSelector":{"a":"b"},"runtimeClassName":"r"})"),
            "");
        row("imagePullPolicy copied", with(R"(,"imagePullPolicy":"Always")"), R"(,"imagePullPolicy":"Always")");
        row("empty imagePullPolicy omitted", with(R"(,"imagePullPolicy":"")"), "");
        row("imagePullSecrets names", with(R"(,"imagePullSecrets":[{"name":"b"},{"name":"a"}])"),
            R"(,"imagePullSecrets":["b","a"])");
        row("empty imagePullSecrets omitted", with(R"(,"imagePullSecrets":[])"), "");
        row("labels: only non-empty maps",
            R"({"image":"i","master":{"command":"m","labels":{}},"worker":{"command":"w","replicas":2,"labels":{"a":"b"}}})",
            R"(,"labels":{"worker":{"a":"b"}})");
        row("labels: both empty omitted",
            R"({"image":"i","master":{"command":"m","labels":{}},"worker":{"command":"w","replicas":2,"labels":{}}})", "");
        row("annotations",
            R"({"image":"i","master":{"command":"m","annotations":{"x":"1"}},"worker":{"command":"w","replicas":2,"annotations":{"y":"2"}}})",
            R"(,"annotations":{"master":{"x":"1"},"worker":{"y":"2"}})");
        row("testFiles refs", with(R"(,"testFiles":{"configMapRef":"t","libConfigMapRef":"l","srcMountPath":"/s"})"),
            R"(,"configMap":"t","libConfigMap":"l")");
        row("tolerationSeconds dropped, enums not checked",
            with(R"(,"scheduling":{"tolerations":[{"key":"k","operator":"Equal","value":"v","effect":"NoExecute","tolerationSeconds":30},{"key":"only-key"},{"operator":"Exists"}]})"),
            R"(,"tolerations":[{"key":"k","operator":"Equal","value":"v","effect":"NoExecute"},{"key":"only-key","operator":"","effect":""},{"key":"","operator":"Exists","effect":""}])");
        row("empty tolerations omitted", with(R"(,"scheduling":{"tolerations":[]})"), "");
    }

    void specToV1()
    {
        QFETCH(QByteArray, v2);
        QFETCH(QByteArray, expected);
        LOCUST_COMPARE_JSON(LocustTestV1::specToJson(LocustTestConverter::specToV1(specV2(v2))), parse(expected));
    }

    void affinityToV1_data()
    {
        QTest::addColumn<QByteArray>("affinity");
        QTest::addColumn<QByteArray>("expected"); // the v1 map, or empty for no affinity
        QTest::newRow("single In") << QByteArray(R"({"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":
            {"nodeSelectorTerms":[{"matchExpressions":[{"key":"a","operator":"In","values":["x"]}]}]}}})")
                                   << QByteArray(R"({"a":"x"})");
        QTest::newRow("first value only") << QByteArray(R"({"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":
            {"nodeSelectorTerms":[{"matchExpressions":[{"key":"a","operator":"In","values":["x","y"]}]}]}}})")
                                          << QByteArray(R"({"a":"x"})");
        QTest::newRow("terms flattened, later keys win")
            << QByteArray(R"({"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[
                {"matchExpressions":[{"key":"a","operator":"In","values":["1"]},{"key":"b","operator":"In","values":["2"]}]},
                {"matchExpressions":[{"key":"a","operator":"In","values":["3"]}]}]}}})")
            << QByteArray(R"({"a":"3","b":"2"})");
        QTest::newRow("later key in the same term wins")
            << QByteArray(R"({"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[
                {"matchExpressions":[{"key":"a","operator":"In","values":["1"]},{"key":"a","operator":"In","values":["2"]}]}]}}})")
            << QByteArray(R"({"a":"2"})");
        QTest::newRow("other operators, matchFields, preferred and pod affinity dropped")
            << QByteArray(R"({"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[
                {"matchExpressions":[{"key":"n","operator":"NotIn","values":["1"]},{"key":"e","operator":"Exists"},
                                     {"key":"d","operator":"DoesNotExist"},{"key":"g","operator":"Gt","values":["1"]},
                                     {"key":"l","operator":"Lt","values":["9"]},{"key":"keep","operator":"In","values":["y"]},
                                     {"key":"empty","operator":"In","values":[]}],
                 "matchFields":[{"key":"metadata.name","operator":"In","values":["node-1"]}]}]},
                "preferredDuringSchedulingIgnoredDuringExecution":[{"weight":1,"preference":{"matchExpressions":[{"key":"p","operator":"In","values":["1"]}]}}]},
                "podAffinity":{},"podAntiAffinity":{}})")
            << QByteArray(R"({"keep":"y"})");
        QTest::newRow("nothing representable") << QByteArray(R"({"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":
            {"nodeSelectorTerms":[{"matchExpressions":[{"key":"a","operator":"NotIn","values":["x"]}]}]}}})")
                                               << QByteArray();
        QTest::newRow("zero terms") << QByteArray(R"({"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[]}}})")
                                    << QByteArray();
        QTest::newRow("no required") << QByteArray(R"({"nodeAffinity":{}})") << QByteArray();
        QTest::newRow("no nodeAffinity") << QByteArray(R"({"podAntiAffinity":{}})") << QByteArray();
        QTest::newRow("empty") << QByteArray("{}") << QByteArray();
    }

    void affinityToV1()
    {
        QFETCH(QByteArray, affinity);
        QFETCH(QByteArray, expected);
        LocustTestSpecV2 spec;
        spec.scheduling = SchedulingConfig{};
        spec.scheduling->affinity = parse(affinity);
        const LocustTestSpecV1 converted = LocustTestConverter::specToV1(spec);
        if (expected.isEmpty()) {
            QVERIFY(!converted.affinity.has_value()); // never an empty map
            QVERIFY(!LocustTestV1::specToJson(converted).contains(u"affinity"));
            return;
        }
        QVERIFY(converted.affinity.has_value());
        LOCUST_COMPARE_JSON(LocustTestV1::specToJson(converted).value(u"affinity").toObject(),
                     (QJsonObject{{u"nodeAffinity"_s, QJsonObject{{u"requiredDuringSchedulingIgnoredDuringExecution"_s,
                                                                   parse(expected)}}}}));
    }

    void metadataIsCopied()
    {
        const QJsonObject metadata = parse(R"({"name":"a.b","namespace":"ns","uid":"u-1","resourceVersion":"9",
            "generation":4,"labels":{"x":"y"},"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{}"},
            "finalizers":["locust.io/cleanup"]})");
        LocustTestV1 test;
        test.metadata = metadata;
        test.spec = specV1(R"({"image":"i","masterCommandSeed":"m","workerCommandSeed":"w","workerReplicas":1})");
        const LocustTestV2 converted = LocustTestConverter::toV2(test);
        LOCUST_COMPARE_JSON(converted.metadata, metadata);
        LOCUST_COMPARE_JSON(LocustTestConverter::toV1(converted).metadata, metadata);
    }

    // ---- v1 -> v2 -> v1 is exact ---------------------------------------------------------------

    void v1RoundTrip_data()
    {
        QTest::addColumn<QJsonObject>("v1");
        QJsonObject maximal = readFixture(u"locusttest-v1-maximal.json"_s);
        maximal.remove(u"status"_s);
        QTest::newRow("maximal") << maximal;
        QTest::newRow("minimal") << v1Envelope(R"({"image":"i","masterCommandSeed":"m","workerCommandSeed":"w","workerReplicas":1})");
        QTest::newRow("only worker labels") << v1Envelope(R"({"image":"i","masterCommandSeed":"m","workerCommandSeed":"w",
            "workerReplicas":3,"labels":{"worker":{"a":"b"}}})");
        QTest::newRow("only libConfigMap") << v1Envelope(R"({"image":"i","masterCommandSeed":"m","workerCommandSeed":"w",
            "workerReplicas":3,"libConfigMap":"lib"})");
        QTest::newRow("only tolerations") << v1Envelope(R"({"image":"i","masterCommandSeed":"m","workerCommandSeed":"w",
            "workerReplicas":3,"tolerations":[{"key":"k","operator":"Exists","effect":"NoSchedule"}]})");
        QTest::newRow("only affinity") << v1Envelope(R"({"image":"i","masterCommandSeed":"m","workerCommandSeed":"w",
            "workerReplicas":3,"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"b":"2","a":"1"}}}})");
        QTest::newRow("empty seeds") << v1Envelope(R"({"image":"i","masterCommandSeed":"","workerCommandSeed":"","workerReplicas":500})");
    }

    void v1RoundTrip()
    {
        QFETCH(QJsonObject, v1);
        const LocustTestV2 hub = LocustTestConverter::toV2(::v1(v1));
        QVERIFY(!hasAnnotation(hub.metadata));
        // Through JSON, as the API server stores and serves it.
        const LocustTestV1 back = LocustTestConverter::toV1(::v2(hub.toJson()));
        QVERIFY2(!hasAnnotation(back.metadata), qPrintable(annotationOf(back.metadata)));
        LOCUST_COMPARE_JSON(back.toJson(), v1);
    }

    // ---- v2 -> v1 -> v2 is exact (our improvement over the reference) ---------------------------

    void maximalV2IsLosslessThroughV1()
    {
        const QJsonObject original = readFixture(u"locusttest-v2-maximal.json"_s);
        const LocustTestV1 asV1 = LocustTestConverter::toV1(v2(original));

        // The v1 view carries the v1 fields...
        const QJsonObject v1Json = asV1.toJson();
        QCOMPARE(v1Json.value(u"apiVersion").toString(), u"locust.io/v1"_s);
        LOCUST_COMPARE_JSON(withoutPath(v1Json, {u"metadata"_s, u"annotations"_s, annotationKey}),
                     parse(R"({"apiVersion":"locust.io/v1","kind":"LocustTest",
            "metadata":{"name":"team-a.load-test","namespace":"load","uid":"7c4d2a9e-0b1f-4f5e-9a8b-3c2d1e0f9a8b",
                        "generation":3,"resourceVersion":"48211","creationTimestamp":"2026-08-01T10:00:00Z",
                        "labels":{"team":"a"},"annotations":{"owner":"perf-team"}},
            "spec":{"image":"locustio/locust:2.43.1","imagePullPolicy":"Always",
                    "imagePullSecrets":["registry-a","registry-b"],
                    "masterCommandSeed":"locust -f /mnt/src/locustfile.py --host https:\/\/target.example.com",
                    "workerCommandSeed":"locust -f /mnt/src/locustfile.py","workerReplicas":10,
                    "configMap":"team-a-tests","libConfigMap":"team-a-lib",
                    "labels":{"master":{"tier":"master","cost-center":"cc-17"},"worker":{"tier":"worker"}},
                    "annotations":{"master":{"prometheus.io/scrape":"false","example.com/note":"master pod"},
                                   "worker":{"example.com/note":"worker pod"}},
                    "affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"node-pool":"load"}}},
                    "tolerations":[{"key":"dedicated","operator":"Equal","value":"locust","effect":"NoExecute"},
                                   {"key":"spot","operator":"Exists","effect":"NoSchedule"}]},
            "status":{}})"));

        // ...and the rest as compact JSON in the annotation.
        const QString data = annotationOf(asV1.metadata);
        QVERIFY(!data.isEmpty());
        QVERIFY2(!data.contains(u'\n'), qPrintable(data));
        QVERIFY2(!data.contains(u"\": "_s), qPrintable(data)); // compact, no pretty printing
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(data.toUtf8(), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QVERIFY(document.isObject());

        // Back to v2: identical, annotation gone, status restored.
        const LocustTestV2 back = LocustTestConverter::toV2(asV1);
        LOCUST_COMPARE_JSON(back.toJson(), original);
        // And through the JSON a v1 client would read and write back unchanged.
        const LocustTestV2 viaJson = LocustTestConverter::toV2(v1(v1Json));
        LOCUST_COMPARE_JSON(viaJson.toJson(), original);
    }

    // Lossless also for the odd corners: explicit empties, absent required fields, affinity v1 can
    // only approximate, partial tolerations.
    void v2EdgeCasesAreLossless_data()
    {
        QTest::addColumn<QByteArray>("object");
        auto row = [](const char *name, const QByteArray &body) {
            QTest::newRow(name) << (QByteArray(R"({"apiVersion":"locust.io/v2","kind":"LocustTest","metadata":{"name":"edge","namespace":"n"},)")
                                    + body + "}");
        };
        row("empty maps and lists", R"("spec":{"image":"i","imagePullSecrets":[],
            "master":{"command":"m","labels":{},"annotations":{},"extraArgs":[]},
            "worker":{"command":"w","replicas":1,"labels":{},"annotations":{}},"scheduling":{"tolerations":[],"nodeSelector":{}}})");
        row("explicit empty strings", R"("spec":{"image":"","imagePullPolicy":"",
            "master":{"command":""},"worker":{"command":"","replicas":1},
            "testFiles":{"configMapRef":"","libConfigMapRef":""},"scheduling":{"runtimeClassName":""}})");
        row("no master and no worker", R"("spec":{"image":"i"})");
        row("empty spec", R"("spec":{})");
        row("no replicas", R"("spec":{"image":"i","master":{"command":"m"},"worker":{"command":"w"}})");
        row("replicas 0", R"("spec":{"image":"i","master":{"command":"m"},"worker":{"command":"w","replicas":0}})");
        row("pull secret without name", R"("spec":{"image":"i","imagePullSecrets":[{},{"name":"b"}]})");
        row("autostart and autoquit absent", R"("spec":{"image":"i","master":{"command":"m"},"worker":{"command":"w","replicas":2}})");
        row("autoquit disabled", R"("spec":{"master":{"command":"m","autostart":false,"autoquit":{"enabled":false}}})");
        row("empty scheduling", R"("spec":{"image":"i","scheduling":{}})");
        row("empty affinity", R"("spec":{"image":"i","scheduling":{"affinity":{}}})");
        row("affinity with OR terms", R"("spec":{"image":"i","scheduling":{"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":
            {"nodeSelectorTerms":[{"matchExpressions":[{"key":"a","operator":"In","values":["x"]}]},
                                  {"matchExpressions":[{"key":"b","operator":"In","values":["y"]}]}]}}}}})");
        row("affinity unsorted", R"("spec":{"image":"i","scheduling":{"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":
            {"nodeSelectorTerms":[{"matchExpressions":[{"key":"z","operator":"In","values":["1"]},{"key":"a","operator":"In","values":["2"]}]}]}}}}})");
        row("affinity with several values", R"("spec":{"image":"i","scheduling":{"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":
            {"nodeSelectorTerms":[{"matchExpressions":[{"key":"a","operator":"In","values":["1","2"]}]}]}}}}})");
        row("partial tolerations", R"("spec":{"image":"i","scheduling":{"tolerations":[{"key":"k"},{"operator":"Exists"},
            {"key":"k","operator":"Equal","value":"","effect":"NoSchedule"},{"effect":"NoExecute","tolerationSeconds":0}]}})");
        row("only mount paths", R"("spec":{"image":"i","testFiles":{"srcMountPath":"/s","libMountPath":"/l"}})");
        row("only status", R"("status":{"phase":"Pending"})");
        row("status without spec changes", R"("spec":{"image":"i","master":{"command":"m","autostart":true,
            "autoquit":{"enabled":true,"timeout":60}},"worker":{"command":"w","replicas":1}},"status":{"expectedWorkers":1,"connectedWorkers":0})");
    }

    void v2EdgeCasesAreLossless()
    {
        QFETCH(QByteArray, object);
        const QJsonObject original = parse(object);
        const QJsonObject asV1 = LocustTestConverter::toV1(v2(original)).toJson();
        const LocustTestV2 back = LocustTestConverter::toV2(v1(asV1));
        LOCUST_COMPARE_JSON(back.toJson(), original);
    }

    void representableV2GetsNoAnnotation()
    {
        const QJsonObject original = parse(R"({"apiVersion":"locust.io/v2","kind":"LocustTest",
            "metadata":{"name":"demo","namespace":"load","annotations":{"owner":"me"}},
            "spec":{"image":"i","imagePullPolicy":"IfNotPresent","imagePullSecrets":[{"name":"r"}],
                    "master":{"command":"m","autostart":true,"autoquit":{"enabled":true,"timeout":60},
                              "labels":{"a":"1"},"annotations":{"b":"2"}},
                    "worker":{"command":"w","replicas":4,"labels":{"c":"3"},"annotations":{"d":"4"}},
                    "testFiles":{"configMapRef":"t","libConfigMapRef":"l"},
                    "scheduling":{"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":
                        {"nodeSelectorTerms":[{"matchExpressions":[{"key":"k","operator":"In","values":["v"]}]}]}}},
                        "tolerations":[{"key":"t","operator":"Equal","value":"x","effect":"NoSchedule"}]}},
            "status":{}})");
        const LocustTestV1 asV1 = LocustTestConverter::toV1(v2(original));
        QVERIFY2(!hasAnnotation(asV1.metadata), qPrintable(annotationOf(asV1.metadata)));
        LOCUST_COMPARE_JSON(asV1.metadata, original.value(u"metadata").toObject());
        // Nothing was lost, so it still comes back identical.
        LOCUST_COMPARE_JSON(LocustTestConverter::toV2(asV1).toJson(), withoutPath(original, {u"status"_s}));
    }

    void statusOnlyIsPreserved()
    {
        const QJsonObject original = parse(R"({"apiVersion":"locust.io/v2","kind":"LocustTest",
            "metadata":{"name":"demo"},
            "spec":{"image":"i","master":{"command":"m","autostart":true,"autoquit":{"enabled":true,"timeout":60}},
                    "worker":{"command":"w","replicas":4}},
            "status":{"phase":"Succeeded","expectedWorkers":4,"connectedWorkers":0,
                      "conditions":[{"type":"Ready","status":"True","reason":"ResourcesCreated",
                                     "message":"All resources created","lastTransitionTime":"2026-01-01T00:00:00Z"}]}})");
        const LocustTestV1 asV1 = LocustTestConverter::toV1(v2(original));
        QVERIFY(hasAnnotation(asV1.metadata));
        QVERIFY(asV1.status.value_or(QJsonObject()).isEmpty()); // v1 has no status fields
        // The spec converts back unchanged, so only the status is kept in the annotation.
        const QJsonObject data = QJsonDocument::fromJson(annotationOf(asV1.metadata).toUtf8()).object();
        QCOMPARE(data.keys(), QStringList{u"status"_s});
        LOCUST_COMPARE_JSON(LocustTestConverter::toV2(asV1).toJson(), original);
    }

    void staleAnnotationIsReplaced()
    {
        QJsonObject original = parse(R"({"apiVersion":"locust.io/v2","kind":"LocustTest",
            "metadata":{"name":"demo"},
            "spec":{"image":"i","master":{"command":"m","autostart":true,"autoquit":{"enabled":true,"timeout":60}},
                    "worker":{"command":"w","replicas":4}}})");
        QJsonObject metadata = original.value(u"metadata").toObject();
        metadata.insert(u"annotations"_s, QJsonObject{{annotationKey, u"{\"spec\":{\"image\":\"old\"}}"_s}});
        original.insert(u"metadata"_s, metadata);
        const LocustTestV1 asV1 = LocustTestConverter::toV1(v2(original));
        QVERIFY2(!hasAnnotation(asV1.metadata), qPrintable(annotationOf(asV1.metadata)));
        QCOMPARE(LocustTestConverter::toV2(asV1).spec->image, std::optional<QString>(u"i"_s));
    }

    // An edit made through v1 wins; the v2-only fields stored in the annotation survive.
    void v1EditsWin_data()
    {
        QTest::addColumn<QByteArray>("v1Patch");
        QTest::addColumn<QByteArray>("v2Patch");
        QTest::addColumn<QString>("ignored"); // a v2 path (dot separated) not compared; checked separately
        QTest::newRow("workerReplicas") << QByteArray(R"({"spec":{"workerReplicas":20}})")
                                        << QByteArray(R"({"spec":{"worker":{"replicas":20}}})") << QString();
        QTest::newRow("image") << QByteArray(R"({"spec":{"image":"locustio/locust:2.44.0"}})")
                               << QByteArray(R"({"spec":{"image":"locustio/locust:2.44.0"}})") << QString();
        QTest::newRow("imagePullPolicy") << QByteArray(R"({"spec":{"imagePullPolicy":"Never"}})")
                                         << QByteArray(R"({"spec":{"imagePullPolicy":"Never"}})") << QString();
        QTest::newRow("imagePullSecrets") << QByteArray(R"({"spec":{"imagePullSecrets":["registry-c"]}})")
                                          << QByteArray(R"({"spec":{"imagePullSecrets":[{"name":"registry-c"}]}})")
                                          << QString();
        QTest::newRow("masterCommandSeed") << QByteArray(R"({"spec":{"masterCommandSeed":"locust -f new.py"}})")
                                           << QByteArray(R"({"spec":{"master":{"command":"locust -f new.py"}}})")
                                           << QString();
        QTest::newRow("workerCommandSeed") << QByteArray(R"({"spec":{"workerCommandSeed":"locust -f new.py"}})")
                                           << QByteArray(R"({"spec":{"worker":{"command":"locust -f new.py"}}})")
                                           << QString();
        QTest::newRow("master label changed") << QByteArray(R"({"spec":{"labels":{"master":{"tier":"primary"}}}})")
                                              << QByteArray(R"({"spec":{"master":{"labels":{"tier":"primary"}}}})")
                                              << QString();
        QTest::newRow("worker labels removed") << QByteArray(R"({"spec":{"labels":{"worker":null}}})")
                                               << QByteArray(R"({"spec":{"worker":{"labels":null}}})") << QString();
        QTest::newRow("imagePullPolicy emptied") << QByteArray(R"({"spec":{"imagePullPolicy":""}})")
                                                 << QByteArray(R"({"spec":{"imagePullPolicy":null}})") << QString();
        QTest::newRow("master annotation changed")
            << QByteArray(R"({"spec":{"annotations":{"master":{"example.com/note":"edited"}}}})")
            << QByteArray(R"({"spec":{"master":{"annotations":{"example.com/note":"edited"}}}})") << QString();
        QTest::newRow("tolerations removed") << QByteArray(R"({"spec":{"tolerations":null}})")
                                             << QByteArray(R"({"spec":{"scheduling":{"tolerations":null}}})") << QString();
        QTest::newRow("worker annotation added")
            << QByteArray(R"({"spec":{"annotations":{"worker":{"example.com/note":"worker pod","x":"y"}}}})")
            << QByteArray(R"({"spec":{"worker":{"annotations":{"example.com/note":"worker pod","x":"y"}}}})") << QString();
        QTest::newRow("configMap") << QByteArray(R"({"spec":{"configMap":"other-tests"}})")
                                   << QByteArray(R"({"spec":{"testFiles":{"configMapRef":"other-tests"}}})") << QString();
        QTest::newRow("libConfigMap removed") << QByteArray(R"({"spec":{"libConfigMap":null}})")
                                              << QByteArray(R"({"spec":{"testFiles":{"libConfigMapRef":null}}})")
                                              << QString();
        QTest::newRow("affinity map")
            << QByteArray(R"({"spec":{"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"node-pool":"spare"}}}}})")
            << QByteArray("{}") << u"spec.scheduling.affinity"_s;
        QTest::newRow("tolerations")
            << QByteArray(R"({"spec":{"tolerations":[{"key":"dedicated","operator":"Equal","value":"locust2","effect":"NoExecute"}]}})")
            << QByteArray("{}") << u"spec.scheduling.tolerations"_s;
    }

    void v1EditsWin()
    {
        QFETCH(QByteArray, v1Patch);
        QFETCH(QByteArray, v2Patch);
        QFETCH(QString, ignored);
        const QJsonObject original = readFixture(u"locusttest-v2-maximal.json"_s);
        const QJsonObject edited = merged(maximalAsV1Json(), parse(v1Patch));
        QVERIFY(hasAnnotation(edited.value(u"metadata").toObject()));
        const LocustTestV2 back = LocustTestConverter::toV2(v1(edited));
        QVERIFY(!hasAnnotation(back.metadata));
        QJsonObject actual = back.toJson();
        QJsonObject expected = merged(original, parse(v2Patch));
        if (!ignored.isEmpty()) {
            actual = withoutPath(actual, ignored.split(u'.'));
            expected = withoutPath(expected, ignored.split(u'.'));
        }
        LOCUST_COMPARE_JSON(actual, expected);
    }

    void editedAffinityTakesEffect()
    {
        const QJsonObject edited = merged(maximalAsV1Json(), parse(R"({"spec":{"affinity":{"nodeAffinity":
            {"requiredDuringSchedulingIgnoredDuringExecution":{"node-pool":"spare","zone":"b"}}}}})"));
        const LocustTestV2 back = LocustTestConverter::toV2(v1(edited));
        const QJsonObject required = back.spec->scheduling->affinity->value(u"nodeAffinity")
                                         .toObject()
                                         .value(u"requiredDuringSchedulingIgnoredDuringExecution")
                                         .toObject();
        // Only the In expressions v1 shows change: node-pool's value is replaced, zone is added to every
        // term, and what v1 cannot show (NotIn, Exists, matchFields, the second term) stays.
        LOCUST_COMPARE_JSON(required, parse(R"({"nodeSelectorTerms":[
            {"matchExpressions":[{"key":"node-pool","operator":"In","values":["spare"]},
                                 {"key":"zone","operator":"NotIn","values":["eu-west-1c"]},
                                 {"key":"zone","operator":"In","values":["b"]}]},
            {"matchExpressions":[{"key":"gpu","operator":"Exists"},{"key":"zone","operator":"In","values":["b"]}],
             "matchFields":[{"key":"metadata.name","operator":"In","values":["node-7"]}]}]})"));
        // The rest of the affinity, which v1 cannot show at all, survives the edit.
        const LocustTestV2 original = LocustTestV2::fromJson(readFixture(u"locusttest-v2-maximal.json"_s)).value;
        const QJsonObject before = *original.spec->scheduling->affinity;
        const QJsonObject after = *back.spec->scheduling->affinity;
        QVERIFY(after.contains(u"podAntiAffinity"_s) == before.contains(u"podAntiAffinity"_s));
        LOCUST_COMPARE_JSON(after.value(u"podAffinity"), before.value(u"podAffinity"));
        LOCUST_COMPARE_JSON(after.value(u"podAntiAffinity"), before.value(u"podAntiAffinity"));
        LOCUST_COMPARE_JSON(after.value(u"nodeAffinity")[u"preferredDuringSchedulingIgnoredDuringExecution"],
                            before.value(u"nodeAffinity")[u"preferredDuringSchedulingIgnoredDuringExecution"]);
        // Converting to v1 again shows the edit.
        QCOMPARE(LocustTestConverter::toV1(back).spec->affinity->nodeAffinity->requiredDuringSchedulingIgnoredDuringExecution,
                 std::optional<StringMap>(StringMap{{u"node-pool"_s, u"spare"_s}, {u"zone"_s, u"b"_s}}));

        // Removing the affinity in v1 removes the node constraint.
        QJsonObject removed = maximalAsV1Json();
        removed = withoutPath(removed, {u"spec"_s, u"affinity"_s});
        const LocustTestV2 withoutAffinity = LocustTestConverter::toV2(v1(removed));
        QVERIFY(!LocustTestConverter::toV1(withoutAffinity).spec->affinity.has_value());
    }

    void editedTolerationsTakeEffect()
    {
        const QJsonObject edited = merged(maximalAsV1Json(), parse(R"({"spec":{"tolerations":[
            {"key":"dedicated","operator":"Equal","value":"locust2","effect":"NoExecute"}]}})"));
        const LocustTestV2 back = LocustTestConverter::toV2(v1(edited));
        QCOMPARE(back.spec->scheduling->tolerations->size(), 1);
        const QJsonObject toleration = back.spec->scheduling->tolerations->first().toObject();
        QCOMPARE(toleration.value(u"key").toString(), u"dedicated"_s);
        QCOMPARE(toleration.value(u"value").toString(), u"locust2"_s);
        QCOMPARE(toleration.value(u"effect").toString(), u"NoExecute"_s);
        // Everything else of the scheduling group survives.
        QCOMPARE(back.spec->scheduling->nodeSelector, std::optional<StringMap>(StringMap{{u"kubernetes.io/os"_s, u"linux"_s}}));
        QCOMPARE(back.spec->scheduling->runtimeClassName, std::optional<QString>(QString()));

        // Removing all tolerations in v1 removes them.
        const QJsonObject cleared = withoutPath(maximalAsV1Json(), {u"spec"_s, u"tolerations"_s});
        const LocustTestV2 withoutTolerations = LocustTestConverter::toV2(v1(cleared));
        QVERIFY(withoutTolerations.spec->scheduling->tolerations.value_or(QJsonArray()).isEmpty());
    }

    // Adding a toleration through v1 keeps what v1 cannot show of the ones that were already there.
    void editedTolerationsKeepTolerationSeconds()
    {
        QJsonObject v2json = readFixture(u"locusttest-v2-maximal.json"_s);
        const LocustTestV2 original = LocustTestV2::fromJson(v2json).value;
        const QJsonArray storedTolerations = *original.spec->scheduling->tolerations;
        QJsonObject asV1 = LocustTestConverter::toV1(original).toJson();
        QJsonObject spec = asV1[u"spec"_s].toObject();
        QJsonArray tolerations = spec[u"tolerations"_s].toArray();
        tolerations.append(QJsonObject{{u"key"_s, u"added"_s}, {u"operator"_s, u"Exists"_s}, {u"effect"_s, u"NoSchedule"_s}});
        spec[u"tolerations"_s] = tolerations;
        asV1[u"spec"_s] = spec;
        const LocustTestV2 back = LocustTestConverter::toV2(v1(asV1));
        const QJsonArray result = *back.spec->scheduling->tolerations;
        QCOMPARE(result.size(), storedTolerations.size() + 1);
        for (qsizetype i = 0; i < storedTolerations.size(); ++i)
            LOCUST_COMPARE_JSON(result.at(i), storedTolerations.at(i)); // tolerationSeconds included
        QVERIFY(storedTolerations.first().toObject().contains(u"tolerationSeconds"_s)); // the fixture has one
        LOCUST_COMPARE_JSON(result.last(), (QJsonObject{{u"key"_s, u"added"_s}, {u"operator"_s, u"Exists"_s},
                                                        {u"effect"_s, u"NoSchedule"_s}}));
    }

    // Adding an affinity entry through v1 to a test whose v2 affinity v1 cannot show at all.
    void addedAffinityEntryKeepsPodAntiAffinity()
    {
        LocustTestV2 test = LocustTestV2::fromJson(readFixture(u"locusttest-v2-maximal.json"_s)).value;
        test.spec->scheduling->affinity = parse(R"({"podAntiAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":
            [{"topologyKey":"kubernetes.io/hostname","labelSelector":{"matchLabels":{"app":"x"}}}]}})");
        QJsonObject asV1 = LocustTestConverter::toV1(test).toJson();
        QVERIFY(!asV1[u"spec"_s].toObject().contains(u"affinity"_s));
        asV1 = merged(asV1, parse(R"({"spec":{"affinity":{"nodeAffinity":
            {"requiredDuringSchedulingIgnoredDuringExecution":{"zone":"a"}}}}})"));
        const QJsonObject affinity = *LocustTestConverter::toV2(v1(asV1)).spec->scheduling->affinity;
        LOCUST_COMPARE_JSON(affinity, parse(R"({"podAntiAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":
            [{"topologyKey":"kubernetes.io/hostname","labelSelector":{"matchLabels":{"app":"x"}}}]},
            "nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":
            [{"matchExpressions":[{"key":"zone","operator":"In","values":["a"]}]}]}}})"));
    }

    void malformedAnnotationIsIgnored_data()
    {
        QTest::addColumn<QString>("annotation");
        QTest::newRow("not JSON") << u"not json {"_s;
        QTest::newRow("empty") << QString();
        QTest::newRow("array") << u"[1,2]"_s;
        QTest::newRow("wrong types") << u"{\"spec\":{\"worker\":{\"replicas\":\"ten\"}}}"_s;
        QTest::newRow("unknown field") << u"{\"spec\":{\"bogus\":1}}"_s;
        QTest::newRow("spec not an object") << u"{\"spec\":5,\"status\":[]}"_s;
    }

    void malformedAnnotationIsIgnored()
    {
        QFETCH(QString, annotation);
        const QJsonObject plain = v1Envelope(R"({"image":"i","masterCommandSeed":"m","workerCommandSeed":"w",
            "workerReplicas":3,"configMap":"t"})");
        QJsonObject withAnnotation = plain;
        QJsonObject metadata = plain.value(u"metadata").toObject();
        metadata.insert(u"annotations"_s, QJsonObject{{annotationKey, annotation}, {u"owner"_s, u"me"_s}});
        withAnnotation.insert(u"metadata"_s, metadata);

        const LocustTestV2 expected = LocustTestConverter::toV2(v1(plain));
        const LocustTestV2 actual = LocustTestConverter::toV2(v1(withAnnotation));
        LOCUST_COMPARE_JSON(LocustTestV2::specToJson(*actual.spec), LocustTestV2::specToJson(*expected.spec));
        QVERIFY(!actual.status.has_value() || actual.status->isEmpty());
        QVERIFY(!hasAnnotation(actual.metadata));
        QCOMPARE(actual.metadata.value(u"annotations").toObject().value(u"owner").toString(), u"me"_s);
    }

    void annotationAloneIsRemoved()
    {
        // The annotations map holding only the conversion data disappears with it.
        QJsonObject json = v1Envelope(R"({"image":"i","masterCommandSeed":"m","workerCommandSeed":"w","workerReplicas":3})");
        QJsonObject metadata = json.value(u"metadata").toObject();
        metadata.insert(u"annotations"_s, QJsonObject{{annotationKey, u"garbage"_s}});
        json.insert(u"metadata"_s, metadata);
        const LocustTestV2 converted = LocustTestConverter::toV2(v1(json));
        LOCUST_COMPARE_JSON(converted.metadata, parse(R"({"name":"test-locust","namespace":"default"})"));
    }

    void objectsWithoutSpec()
    {
        LocustTestV1 noSpec;
        noSpec.metadata = parse(R"({"name":"a"})");
        QVERIFY(!LocustTestConverter::toV2(noSpec).spec.has_value());
        LocustTestV2 noSpecV2;
        noSpecV2.metadata = parse(R"({"name":"a"})");
        const LocustTestV1 asV1 = LocustTestConverter::toV1(noSpecV2);
        QVERIFY(!asV1.spec.has_value());
        QVERIFY(!hasAnnotation(asV1.metadata));
    }

    // ---- field paths ---------------------------------------------------------------------------

    void v1FieldPath_data()
    {
        QTest::addColumn<QString>("v2");
        QTest::addColumn<QString>("v1");
        QTest::newRow("master command") << u"spec.master.command"_s << u"spec.masterCommandSeed"_s;
        QTest::newRow("worker command") << u"spec.worker.command"_s << u"spec.workerCommandSeed"_s;
        QTest::newRow("replicas") << u"spec.worker.replicas"_s << u"spec.workerReplicas"_s;
        QTest::newRow("master labels") << u"spec.master.labels"_s << u"spec.labels.master"_s;
        QTest::newRow("worker labels") << u"spec.worker.labels"_s << u"spec.labels.worker"_s;
        QTest::newRow("master label entry") << u"spec.master.labels.app"_s << u"spec.labels.master.app"_s;
        QTest::newRow("master annotations") << u"spec.master.annotations"_s << u"spec.annotations.master"_s;
        QTest::newRow("worker annotations") << u"spec.worker.annotations"_s << u"spec.annotations.worker"_s;
        QTest::newRow("configMapRef") << u"spec.testFiles.configMapRef"_s << u"spec.configMap"_s;
        QTest::newRow("libConfigMapRef") << u"spec.testFiles.libConfigMapRef"_s << u"spec.libConfigMap"_s;
        QTest::newRow("toleration key") << u"spec.scheduling.tolerations[0].key"_s << u"spec.tolerations[0].key"_s;
        QTest::newRow("tolerations") << u"spec.scheduling.tolerations"_s << u"spec.tolerations"_s;
        QTest::newRow("affinity") << u"spec.scheduling.affinity"_s << u"spec.affinity"_s;
        QTest::newRow("pull secret name") << u"spec.imagePullSecrets[1].name"_s << u"spec.imagePullSecrets[1]"_s;
        QTest::newRow("pull secrets") << u"spec.imagePullSecrets"_s << u"spec.imagePullSecrets"_s;
        QTest::newRow("image") << u"spec.image"_s << u"spec.image"_s;
        QTest::newRow("imagePullPolicy") << u"spec.imagePullPolicy"_s << u"spec.imagePullPolicy"_s;
        QTest::newRow("metadata.name") << u"metadata.name"_s << u"metadata.name"_s;
        QTest::newRow("spec") << u"spec"_s << u"spec"_s;
        QTest::newRow("master") << u"spec.master"_s << u"spec.master"_s;
        QTest::newRow("similar prefix") << u"spec.master.commandX"_s << u"spec.master.commandX"_s;
    }

    void v1FieldPath()
    {
        QFETCH(QString, v2);
        QFETCH(QString, v1);
        QCOMPARE(LocustTestConverter::v1FieldPath(v2), v1);
    }
};

QTEST_GUILESS_MAIN(LocustTestConverterTest)
#include "tst_locusttestconverter.moc"

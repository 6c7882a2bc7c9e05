#include "apitestsupport.h"
#include "api/locusttestv1.h"

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

QJsonObject minimalJson()
{
    return parse(R"({"apiVersion": "locust.io/v1", "kind": "LocustTest",
                     "metadata": {"name": "demo", "namespace": "load"},
                     "spec": {"image": "locustio/locust:2.43.1", "masterCommandSeed": "locust",
                              "workerCommandSeed": "locust", "workerReplicas": 1}})");
}

} // namespace

class LocustTestV1Test : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void maximalObjectRoundTrips()
    {
        const QJsonObject json = readFixture(u"locusttest-v1-maximal.json"_s);
        const Decoded<LocustTestV1> decoded = LocustTestV1::fromJson(json);
        QCOMPARE(lines(decoded.errors), QStringList());
        QCOMPARE(compact(decoded.value.toJson()), compact(json));
    }

    void maximalObjectDecodesEveryField()
    {
        const Decoded<LocustTestV1> decoded = LocustTestV1::fromJson(readFixture(u"locusttest-v1-maximal.json"_s));
        QVERIFY(decoded.errors.isEmpty());
        const LocustTestV1 &test = decoded.value;
        QCOMPARE(test.name(), u"test-locust"_s);
        const LocustTestSpecV1 &spec = *test.spec;
        QCOMPARE(spec.masterCommandSeed, std::optional<QString>(u"locust -f /lotest/src/locustfile.py"_s));
        QCOMPARE(spec.workerCommandSeed, std::optional<QString>(u"locust -f /lotest/src/locustfile.py"_s));
        QCOMPARE(spec.workerReplicas, std::optional<qint32>(10));
        QCOMPARE(spec.image, std::optional<QString>(u"locustio/locust:2.43.1"_s));
        QCOMPARE(spec.imagePullPolicy, std::optional<QString>(u"IfNotPresent"_s));
        QCOMPARE(spec.imagePullSecrets,
                 std::optional<QStringList>(QStringList{u"my-registry-secret"_s, u"second-secret"_s}));
        QCOMPARE(spec.configMap, std::optional<QString>(u"locust-tests"_s));
        QCOMPARE(spec.libConfigMap, std::optional<QString>(u"locust-lib"_s));
        QCOMPARE(spec.labels->master, std::optional<StringMap>(StringMap{{u"app"_s, u"locust-master"_s}}));
        QCOMPARE(spec.labels->worker, std::optional<StringMap>(StringMap{{u"app"_s, u"locust-worker"_s}}));
        QCOMPARE(spec.annotations->master,
                 std::optional<StringMap>(StringMap{{u"prometheus.io/scrape"_s, u"true"_s}}));
        QCOMPARE(spec.affinity->nodeAffinity->requiredDuringSchedulingIgnoredDuringExecution,
                 std::optional<StringMap>(StringMap{{u"node-pool"_s, u"load"_s}, {u"disk"_s, u"ssd"_s}}));
        QCOMPARE(spec.tolerations->size(), 2);
        QCOMPARE(spec.tolerations->at(0),
                 (TolerationV1{u"dedicated"_s, u"Equal"_s, u"locust"_s, u"NoSchedule"_s}));
        QCOMPARE(spec.tolerations->at(1), (TolerationV1{u"spot"_s, u"Exists"_s, std::nullopt, u"PreferNoSchedule"_s}));
        QVERIFY(test.status.has_value());
        QVERIFY(test.status->isEmpty());
    }

    void roundTripOfPartialObjects_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("no spec") << QByteArray(R"({"apiVersion":"locust.io/v1","kind":"LocustTest","metadata":{"name":"a"}})");
        QTest::newRow("empty spec") << QByteArray(R"({"apiVersion":"locust.io/v1","kind":"LocustTest","metadata":{"name":"a"},"spec":{}})");
        QTest::newRow("empty values") << QByteArray(R"({"apiVersion":"locust.io/v1","kind":"LocustTest",
            "metadata":{"name":"a"},"spec":{"masterCommandSeed":"","workerCommandSeed":"","workerReplicas":0,
            "image":"","imagePullPolicy":"","imagePullSecrets":[],"configMap":"","libConfigMap":"",
            "labels":{},"annotations":{"master":{}},"affinity":{"nodeAffinity":{}},"tolerations":[{}]}})");
        QTest::newRow("empty affinity map") << QByteArray(R"({"apiVersion":"locust.io/v1","kind":"LocustTest",
            "metadata":{"name":"a"},"spec":{"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{}}}}})");
    }

    void roundTripOfPartialObjects()
    {
        QFETCH(QByteArray, json);
        const QJsonObject object = parse(json);
        const Decoded<LocustTestV1> decoded = LocustTestV1::fromJson(object);
        QCOMPARE(lines(decoded.errors), QStringList());
        QCOMPARE(compact(decoded.value.toJson()), compact(object));
    }

    void nullIsAbsent()
    {
        const Decoded<LocustTestV1> decoded = LocustTestV1::fromJson(parse(R"({"apiVersion":"locust.io/v1",
            "kind":"LocustTest","metadata":{"name":"a"},"spec":{"image":"i","workerReplicas":null,
            "imagePullPolicy":null,"labels":{"master":null},"affinity":null,"tolerations":null},"status":null})"));
        QCOMPARE(lines(decoded.errors), QStringList());
        QVERIFY(!decoded.value.spec->workerReplicas.has_value());
        QVERIFY(!decoded.value.spec->imagePullPolicy.has_value());
        QVERIFY(decoded.value.spec->labels.has_value());
        QVERIFY(!decoded.value.spec->labels->master.has_value());
        QVERIFY(!decoded.value.spec->affinity.has_value());
        QVERIFY(!decoded.value.spec->tolerations.has_value());
        QVERIFY(!decoded.value.status.has_value());
        QCOMPARE(compact(decoded.value.toJson()),
                 compact(parse(R"({"apiVersion":"locust.io/v1","kind":"LocustTest","metadata":{"name":"a"},
                                   "spec":{"image":"i","labels":{}}})")));
    }

    void typeErrors_data()
    {
        QTest::addColumn<QByteArray>("patch");
        QTest::addColumn<QString>("expected");
        auto row = [](const char *name, const char *patch, const QString &path, const QString &expected,
                      const QString &actual) {
            QTest::newRow(name) << QByteArray(patch)
                                << QString(path + u": Invalid value: \""_s + actual + u"\": "_s + path
                                           + u" in body must be of type "_s + expected + u": \""_s + actual + u"\""_s);
        };
        row("masterCommandSeed integer", R"({"spec":{"masterCommandSeed":1}})", u"spec.masterCommandSeed"_s,
            u"string"_s, u"integer"_s);
        row("workerReplicas string", R"({"spec":{"workerReplicas":"3"}})", u"spec.workerReplicas"_s, u"integer"_s,
            u"string"_s);
        row("workerReplicas fraction", R"({"spec":{"workerReplicas":1.5}})", u"spec.workerReplicas"_s, u"integer"_s,
            u"number"_s);
        row("imagePullSecrets objects", R"({"spec":{"imagePullSecrets":[{"name":"regcred"}]}})",
            u"spec.imagePullSecrets[0]"_s, u"string"_s, u"object"_s);
        row("imagePullSecrets string", R"({"spec":{"imagePullSecrets":"regcred"}})", u"spec.imagePullSecrets"_s,
            u"array"_s, u"string"_s);
        row("labels array", R"({"spec":{"labels":[]}})", u"spec.labels"_s, u"object"_s, u"array"_s);
        row("labels.master value integer", R"({"spec":{"labels":{"master":{"a":1}}}})", u"spec.labels.master.a"_s,
            u"string"_s, u"integer"_s);
        row("annotations.worker string", R"({"spec":{"annotations":{"worker":"x"}}})", u"spec.annotations.worker"_s,
            u"object"_s, u"string"_s);
        row("affinity map value integer",
            R"({"spec":{"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"a":1}}}}})",
            u"spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.a"_s, u"string"_s,
            u"integer"_s);
        row("affinity v2 shape",
            R"({"spec":{"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[]}}}}})",
            u"spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms"_s,
            u"string"_s, u"array"_s);
        row("tolerations object", R"({"spec":{"tolerations":{}}})", u"spec.tolerations"_s, u"array"_s, u"object"_s);
        row("toleration effect integer", R"({"spec":{"tolerations":[{"key":"k","operator":"Exists","effect":1}]}})",
            u"spec.tolerations[0].effect"_s, u"string"_s, u"integer"_s);
        row("status string", R"({"status":"x"})", u"status"_s, u"object"_s, u"string"_s);
    }

    void typeErrors()
    {
        QFETCH(QByteArray, patch);
        QFETCH(QString, expected);
        const Decoded<LocustTestV1> decoded = LocustTestV1::fromJson(merged(minimalJson(), parse(patch)));
        QCOMPARE(lines(decoded.errors), QStringList{expected});
    }

    void unknownFields_data()
    {
        QTest::addColumn<QByteArray>("patch");
        QTest::addColumn<QString>("expected");
        QTest::newRow("top level") << QByteArray(R"({"foo":1})") << u"unknown field \"foo\""_s;
        QTest::newRow("spec v2 field") << QByteArray(R"({"spec":{"master":{"command":"x"}}})")
                                       << u"unknown field \"spec.master\""_s;
        QTest::newRow("labels") << QByteArray(R"({"spec":{"labels":{"both":{}}}})") << u"unknown field \"spec.labels.both\""_s;
        QTest::newRow("annotations") << QByteArray(R"({"spec":{"annotations":{"all":{}}}})")
                                     << u"unknown field \"spec.annotations.all\""_s;
        QTest::newRow("affinity") << QByteArray(R"({"spec":{"affinity":{"podAffinity":{}}}})")
                                  << u"unknown field \"spec.affinity.podAffinity\""_s;
        QTest::newRow("nodeAffinity")
            << QByteArray(R"({"spec":{"affinity":{"nodeAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":{}}}}})")
            << u"unknown field \"spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution\""_s;
        QTest::newRow("toleration") << QByteArray(R"({"spec":{"tolerations":[{"key":"k","operator":"Exists","effect":"NoExecute","tolerationSeconds":5}]}})")
                                    << u"unknown field \"spec.tolerations[0].tolerationSeconds\""_s;
        QTest::newRow("status") << QByteArray(R"({"status":{"phase":"Running"}})") << u"unknown field \"status.phase\""_s;
    }

    void unknownFields()
    {
        QFETCH(QByteArray, patch);
        QFETCH(QString, expected);
        const Decoded<LocustTestV1> decoded = LocustTestV1::fromJson(merged(minimalJson(), parse(patch)));
        QCOMPARE(lines(decoded.errors), QStringList{expected});
        QCOMPARE(decoded.errors.first().type(), FieldError::Type::UnknownField);
    }

    void integerRange()
    {
        const Decoded<LocustTestV1> decoded =
            LocustTestV1::fromJson(merged(minimalJson(), parse(R"({"spec":{"workerReplicas":2147483648}})")));
        QCOMPARE(decoded.errors.size(), 1);
        QCOMPARE(decoded.errors.first().field(), u"spec.workerReplicas"_s);
        QCOMPARE(decoded.errors.first().type(), FieldError::Type::Invalid);
        QVERIFY(!decoded.value.spec->workerReplicas.has_value());
    }

    void identity_data()
    {
        QTest::addColumn<QByteArray>("patch");
        QTest::addColumn<QString>("expected");
        QTest::newRow("v2 apiVersion") << QByteArray(R"({"apiVersion":"locust.io/v2"})")
                                       << u"apiVersion: Unsupported value: \"locust.io/v2\": supported values: \"locust.io/v1\""_s;
        QTest::newRow("other kind") << QByteArray(R"({"kind":"LocustTestList"})")
                                    << u"kind: Unsupported value: \"LocustTestList\": supported values: \"LocustTest\""_s;
    }

    void identity()
    {
        QFETCH(QByteArray, patch);
        QFETCH(QString, expected);
        const Decoded<LocustTestV1> decoded = LocustTestV1::fromJson(merged(minimalJson(), parse(patch)));
        QCOMPARE(lines(decoded.errors), QStringList{expected});
    }

    void specCodec()
    {
        const QJsonObject json = readFixture(u"locusttest-v1-maximal.json"_s).value(u"spec").toObject();
        FieldErrorList errors;
        const LocustTestSpecV1 spec = LocustTestV1::specFromJson(json, u"spec"_s, &errors);
        QVERIFY(errors.isEmpty());
        QCOMPARE(compact(LocustTestV1::specToJson(spec)), compact(json));
        QCOMPARE(compact(LocustTestV1::specToJson(LocustTestSpecV1{})), u"{}"_s);
    }

    // The JSON keys are a frozen wire contract (upstream pins them in a test).
    void wireKeys()
    {
        LocustTestSpecV1 spec;
        spec.masterCommandSeed = u"m"_s;
        spec.workerCommandSeed = u"w"_s;
        spec.workerReplicas = 3;
        spec.image = u"i"_s;
        spec.imagePullPolicy = u"Never"_s;
        spec.imagePullSecrets = QStringList{u"s"_s};
        spec.configMap = u"c"_s;
        spec.libConfigMap = u"l"_s;
        spec.labels = PodMapsV1{StringMap{{u"a"_s, u"1"_s}}, StringMap{{u"b"_s, u"2"_s}}};
        spec.annotations = PodMapsV1{StringMap{{u"c"_s, u"3"_s}}, std::nullopt};
        spec.affinity = AffinityV1{NodeAffinityV1{StringMap{{u"k"_s, u"v"_s}}}};
        spec.tolerations = QList<TolerationV1>{TolerationV1{u"k"_s, u"Equal"_s, u"v"_s, u"NoSchedule"_s}};
        QCOMPARE(compact(LocustTestV1::specToJson(spec)),
                 compact(parse(R"({"masterCommandSeed":"m","workerCommandSeed":"w","workerReplicas":3,"image":"i",
                     "imagePullPolicy":"Never","imagePullSecrets":["s"],"configMap":"c","libConfigMap":"l",
                     "labels":{"master":{"a":"1"},"worker":{"b":"2"}},"annotations":{"master":{"c":"3"}},
                     "affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"k":"v"}}},
                     "tolerations":[{"key":"k","operator":"Equal","value":"v","effect":"NoSchedule"}]})")));
    }
};

QTEST_GUILESS_MAIN(LocustTestV1Test)
#include "tst_locusttestv1.moc"

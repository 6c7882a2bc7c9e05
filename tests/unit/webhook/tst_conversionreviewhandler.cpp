#include "apitestsupport.h"
#include "jsontestsupport.h"
#include "webhook/conversionreviewhandler.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace locust;
using namespace locust::testsupport;
using webhook::ConversionReviewHandler;

namespace {

const QString uid = u"0e1f2a3b-4c5d-6e7f-8091-a2b3c4d5e6f7"_s;
const QString annotationKey = u"conversion.locust.io/v2-data"_s;

QJsonObject v1Object(const QString &name = u"legacy"_s)
{
    QJsonObject object = parse(R"({"apiVersion":"locust.io/v1","kind":"LocustTest",
        "metadata":{"namespace":"load","uid":"u-1","resourceVersion":"17","labels":{"team":"qa"}},
        "spec":{"image":"locustio/locust:2.43.1","masterCommandSeed":"--locustfile a.py",
                "workerCommandSeed":"--locustfile a.py","workerReplicas":3,"configMap":"scripts",
                "imagePullSecrets":["regcred"],
                "tolerations":[{"key":"dedicated","operator":"Equal","value":"load","effect":"NoSchedule"}]}})");
    QJsonObject metadata = object.value(u"metadata").toObject();
    metadata.insert(u"name"_s, name);
    object.insert(u"metadata"_s, metadata);
    return object;
}

// v1Object() as v2, by the reference's field mapping.
QJsonObject v1ObjectAsV2(const QString &name = u"legacy"_s)
{
    QJsonObject object = parse(R"({"apiVersion":"locust.io/v2","kind":"LocustTest",
        "metadata":{"namespace":"load","uid":"u-1","resourceVersion":"17","labels":{"team":"qa"}},
        "spec":{"image":"locustio/locust:2.43.1","imagePullSecrets":[{"name":"regcred"}],
                "master":{"command":"--locustfile a.py","autostart":true,"autoquit":{"enabled":true,"timeout":60}},
                "worker":{"command":"--locustfile a.py","replicas":3},
                "testFiles":{"configMapRef":"scripts"},
                "scheduling":{"tolerations":[{"key":"dedicated","operator":"Equal","value":"load","effect":"NoSchedule"}]}}})");
    QJsonObject metadata = object.value(u"metadata").toObject();
    metadata.insert(u"name"_s, name);
    object.insert(u"metadata"_s, metadata);
    return object;
}

QJsonObject maximalV2()
{
    QJsonObject object = readFixture(u"locusttest-v2-maximal.json"_s);
    return object;
}

QJsonObject review(const QJsonValue &desiredAPIVersion, const QJsonValue &objects)
{
    QJsonObject request{{u"uid"_s, uid}};
    if (!desiredAPIVersion.isUndefined())
        request.insert(u"desiredAPIVersion"_s, desiredAPIVersion);
    if (!objects.isUndefined())
        request.insert(u"objects"_s, objects);
    return QJsonObject{{u"apiVersion"_s, u"apiextensions.k8s.io/v1"_s}, {u"kind"_s, u"ConversionReview"_s},
                       {u"request"_s, request}};
}

QJsonObject success(const QJsonArray &objects)
{
    return QJsonObject{{u"apiVersion"_s, u"apiextensions.k8s.io/v1"_s}, {u"kind"_s, u"ConversionReview"_s},
                       {u"response"_s, QJsonObject{{u"uid"_s, uid}, {u"convertedObjects"_s, objects},
                                                   {u"result"_s, QJsonObject{{u"status"_s, u"Success"_s}}}}}};
}

QJsonObject failure(const QString &message)
{
    return QJsonObject{{u"apiVersion"_s, u"apiextensions.k8s.io/v1"_s}, {u"kind"_s, u"ConversionReview"_s},
                       {u"response"_s, QJsonObject{{u"uid"_s, uid}, {u"convertedObjects"_s, QJsonArray()},
                                                   {u"result"_s, QJsonObject{{u"status"_s, u"Failure"_s},
                                                                             {u"message"_s, message}}}}}};
}

QJsonObject handled(const QJsonObject &review)
{
    const Result<QJsonObject> result = ConversionReviewHandler().handle(review);
    if (!result) {
        QTest::qFail(qPrintable(u"unexpected bad request: "_s + result.errorMessage()), __FILE__, __LINE__);
        return {};
    }
    return *result;
}

QJsonArray convertedObjects(const QJsonObject &review)
{
    const QJsonObject response = review.value(u"response").toObject();
    if (response.value(u"result").toObject().value(u"status") != QJsonValue(u"Success"_s)) {
        QTest::qFail(qPrintable(u"conversion failed: "_s + response.value(u"result").toObject().value(u"message").toString()),
                     __FILE__, __LINE__);
        return {};
    }
    return response.value(u"convertedObjects").toArray();
}

} // namespace

class TestConversionReviewHandler : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void v1ToV2()
    {
        LOCUST_COMPARE_JSON(handled(review(u"locust.io/v2"_s, QJsonArray{v1Object()})), success(QJsonArray{v1ObjectAsV2()}));
    }

    // What v1 can express goes to its fields; the rest travels in the annotation (and is not
    // checked here field by field: the round trip below shows it is all there).
    void v2ToV1()
    {
        const QJsonArray objects = convertedObjects(handled(review(u"locust.io/v1"_s, QJsonArray{maximalV2()})));
        QCOMPARE(objects.size(), 1);
        const QJsonObject v1 = objects.at(0).toObject();
        QCOMPARE(v1.value(u"apiVersion"_s).toString(), u"locust.io/v1"_s);
        QCOMPARE(v1.value(u"kind"_s).toString(), u"LocustTest"_s);
        const QJsonObject spec = v1.value(u"spec"_s).toObject();
        QCOMPARE(spec.value(u"masterCommandSeed"_s).toString(),
                 u"locust -f /mnt/src/locustfile.py --host https://target.example.com"_s);
        QCOMPARE(spec.value(u"workerReplicas"_s).toInt(), 10);
        QCOMPARE(spec.value(u"imagePullSecrets"_s).toArray(), (QJsonArray{u"registry-a"_s, u"registry-b"_s}));
        // Metadata is kept; only the preservation annotation is added.
        QJsonObject metadata = v1.value(u"metadata"_s).toObject();
        QJsonObject annotations = metadata.value(u"annotations"_s).toObject();
        QVERIFY(!annotations.value(annotationKey).toString().isEmpty());
        annotations.remove(annotationKey);
        metadata.insert(u"annotations"_s, annotations);
        LOCUST_COMPARE_JSON(metadata, maximalV2().value(u"metadata"_s).toObject());
        QVERIFY(!v1.contains(u"status"_s) || v1.value(u"status"_s).toObject().isEmpty());
    }

    // v2 -> v1 -> v2 through two reviews gives back the original, status included.
    void v2ThroughV1IsLossless()
    {
        const QJsonArray asV1 = convertedObjects(handled(review(u"locust.io/v1"_s, QJsonArray{maximalV2()})));
        const QJsonArray back = convertedObjects(handled(review(u"locust.io/v2"_s, asV1)));
        QCOMPARE(back.size(), 1);
        LOCUST_COMPARE_JSON(back.at(0).toObject(), maximalV2());
    }

    // Objects already in the desired version come back unchanged, even ones this code could not
    // decode: they need no conversion.
    void objectsInTheDesiredVersionAreUnchanged()
    {
        QJsonObject odd = maximalV2();
        odd.insert(u"spec"_s, QJsonObject{{u"futureField"_s, QJsonArray{1, 2}}, {u"image"_s, 7}});
        LOCUST_COMPARE_JSON(handled(review(u"locust.io/v2"_s, QJsonArray{maximalV2(), odd})),
                            success(QJsonArray{maximalV2(), odd}));
        LOCUST_COMPARE_JSON(handled(review(u"locust.io/v1"_s, QJsonArray{v1Object()})), success(QJsonArray{v1Object()}));
    }

    void orderIsKept()
    {
        const QJsonArray objects{v1Object(u"a"_s), v1ObjectAsV2(u"b"_s), v1Object(u"c"_s)};
        LOCUST_COMPARE_JSON(handled(review(u"locust.io/v2"_s, objects)),
                            success(QJsonArray{v1ObjectAsV2(u"a"_s), v1ObjectAsV2(u"b"_s), v1ObjectAsV2(u"c"_s)}));
    }

    void noObjects()
    {
        LOCUST_COMPARE_JSON(handled(review(u"locust.io/v1"_s, QJsonArray())), success(QJsonArray()));
        LOCUST_COMPARE_JSON(handled(review(u"locust.io/v1"_s, QJsonValue::Undefined)), success(QJsonArray()));
    }

    void failures_data()
    {
        QTest::addColumn<QJsonValue>("desired");
        QTest::addColumn<QJsonValue>("objects");
        QTest::addColumn<QString>("message");
        const QJsonArray one{v1Object()};
        QTest::newRow("unknown version") << QJsonValue(u"locust.io/v3"_s) << QJsonValue(one)
                                         << u"request.desiredAPIVersion: Unsupported value: \"locust.io/v3\": supported values: "
                                            "\"locust.io/v1\", \"locust.io/v2\""_s;
        QTest::newRow("version without group") << QJsonValue(u"v2"_s) << QJsonValue(one)
                                               << u"request.desiredAPIVersion: Unsupported value: \"v2\": supported values: "
                                                  "\"locust.io/v1\", \"locust.io/v2\""_s;
        QTest::newRow("no version") << QJsonValue(QJsonValue::Undefined) << QJsonValue(one)
                                    << u"request.desiredAPIVersion: Unsupported value: \"\": supported values: "
                                       "\"locust.io/v1\", \"locust.io/v2\""_s;
        QTest::newRow("version number") << QJsonValue(2) << QJsonValue(one)
                                        << u"request.desiredAPIVersion: Unsupported value: 2: supported values: "
                                           "\"locust.io/v1\", \"locust.io/v2\""_s;
        QTest::newRow("objects not a list") << QJsonValue(u"locust.io/v2"_s) << QJsonValue(QJsonObject())
                                            << u"request.objects: Invalid value: {}: must be a list"_s;
        QTest::newRow("entry not an object") << QJsonValue(u"locust.io/v2"_s) << QJsonValue(QJsonArray{v1Object(), 5})
                                             << u"cannot convert request.objects[1] to locust.io/v2: not an object"_s;
        QTest::newRow("not a LocustTest")
            << QJsonValue(u"locust.io/v2"_s)
            << QJsonValue(QJsonArray{parse(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm","namespace":"load"}})")})
            << u"cannot convert request.objects[0] (load/cm) to locust.io/v2: apiVersion: Unsupported value: \"v1\": "
               "supported values: \"locust.io/v1\", \"locust.io/v2\""_s;
        QTest::newRow("wrong kind")
            << QJsonValue(u"locust.io/v1"_s) << QJsonValue(QJsonArray{merged(v1ObjectAsV2(), parse(R"({"kind":"Job"})"))})
            << u"cannot convert request.objects[0] (load/legacy) to locust.io/v1: kind: Unsupported value: \"Job\": "
               "supported values: \"LocustTest\""_s;
        QTest::newRow("undecodable v1")
            << QJsonValue(u"locust.io/v2"_s)
            << QJsonValue(QJsonArray{v1Object(u"a"_s), merged(v1Object(u"b"_s), parse(R"({"spec":{"workerReplicas":"three","labels":[]}})"))})
            << u"cannot convert request.objects[1] (load/b) to locust.io/v2: spec.workerReplicas: Invalid value: "
               "\"string\": spec.workerReplicas in body must be of type integer: \"string\"; spec.labels: Invalid value: \"array\": "
               "spec.labels in body must be of type object: \"array\""_s;
        QTest::newRow("undecodable v2")
            << QJsonValue(u"locust.io/v1"_s)
            << QJsonValue(QJsonArray{merged(v1ObjectAsV2(), parse(R"({"metadata":{"name":null},"spec":{"master":{"autostart":"yes"}}})"))})
            << u"cannot convert request.objects[0] to locust.io/v1: spec.master.autostart: Invalid value: \"string\": "
               "spec.master.autostart in body must be of type boolean: \"string\""_s;
    }

    void failures()
    {
        QFETCH(QJsonValue, desired);
        QFETCH(QJsonValue, objects);
        QFETCH(QString, message);
        LOCUST_COMPARE_JSON(handled(review(desired, objects)), failure(message));
    }

    void badRequests_data()
    {
        QTest::addColumn<QJsonObject>("review");
        QTest::addColumn<QString>("error");
        const QJsonObject good = review(u"locust.io/v2"_s, QJsonArray{v1Object()});
        QTest::newRow("empty") << QJsonObject()
                               << u"apiVersion: Unsupported value: \"\": supported values: \"apiextensions.k8s.io/v1\""_s;
        QTest::newRow("v1beta1") << merged(good, parse(R"({"apiVersion":"apiextensions.k8s.io/v1beta1"})"))
                                 << u"apiVersion: Unsupported value: \"apiextensions.k8s.io/v1beta1\": supported values: "
                                    "\"apiextensions.k8s.io/v1\""_s;
        QTest::newRow("admission review") << merged(good, parse(R"({"kind":"AdmissionReview"})"))
                                          << u"kind: Unsupported value: \"AdmissionReview\": supported values: \"ConversionReview\""_s;
        QTest::newRow("no request") << merged(good, parse(R"({"request":null})")) << u"request: Required value"_s;
        QTest::newRow("request string") << merged(good, parse(R"({"request":"x"})"))
                                        << u"request: Invalid value: \"x\": must be an object"_s;
        QTest::newRow("no uid") << merged(good, parse(R"({"request":{"uid":null}})")) << u"request.uid: Required value"_s;
        QTest::newRow("uid list") << merged(good, parse(R"({"request":{"uid":[]}})"))
                                  << u"request.uid: Invalid value: []: must be a string"_s;
    }

    void badRequests()
    {
        QFETCH(QJsonObject, review);
        QFETCH(QString, error);
        const Result<QJsonObject> result = ConversionReviewHandler().handle(review);
        QVERIFY(!result.ok());
        QCOMPARE(result.errorMessage(), error);
    }

    // Odd values anywhere never crash the handler, and long lists are converted in order.
    void neverCrashes()
    {
        const QList<QJsonValue> values{QJsonValue::Null, true, 0, -1.5, 1e300, u""_s, u"x"_s, QJsonArray{},
                                       QJsonArray{QJsonValue::Null, 1}, QJsonObject{}, QJsonObject{{u"a"_s, QJsonArray{}}}};
        const QStringList fields{u"metadata"_s, u"spec"_s, u"status"_s, u"apiVersion"_s, u"kind"_s};
        for (const QString &desired : {u"locust.io/v1"_s, u"locust.io/v2"_s}) {
            for (const QJsonObject &base : {v1Object(), maximalV2()}) {
                for (const QString &field : fields) {
                    for (const QJsonValue &value : values) {
                        QJsonObject object = base;
                        object.insert(field, value);
                        const Result<QJsonObject> result = ConversionReviewHandler().handle(review(desired, QJsonArray{object}));
                        QVERIFY(result.ok());
                        const QString status = result->value(u"response"_s).toObject().value(u"result"_s).toObject()
                                                   .value(u"status"_s).toString();
                        QVERIFY(status == u"Success" || status == u"Failure");
                    }
                }
            }
        }

        QJsonArray many;
        for (int i = 0; i < 5000; ++i)
            many.append(v1Object(u"t%1"_s.arg(i)));
        const QJsonArray converted = convertedObjects(handled(review(u"locust.io/v2"_s, many)));
        QCOMPARE(converted.size(), 5000);
        QCOMPARE(converted.at(4999).toObject().value(u"metadata"_s).toObject().value(u"name"_s).toString(), u"t4999"_s);
        LOCUST_COMPARE_JSON(converted.at(17).toObject(), v1ObjectAsV2(u"t17"_s));
    }
};

QTEST_GUILESS_MAIN(TestConversionReviewHandler)
#include "tst_conversionreviewhandler.moc"

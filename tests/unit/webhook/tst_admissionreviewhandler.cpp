#include "apitestsupport.h"
#include "jsontestsupport.h"
#include "config/operatorconfig.h"
#include "webhook/admissionreviewhandler.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace locust;
using namespace locust::testsupport;
using webhook::AdmissionReviewHandler;

// Test data notes: JSON in raw strings never contains two consecutive slashes, because moc's
// raw-string handling trips over them.

namespace {

QJsonObject validObject()
{
    return parse(R"({"apiVersion":"locust.io/v2","kind":"LocustTest",
        "metadata":{"name":"demo","namespace":"load"},
        "spec":{"image":"locustio/locust:2.43.1",
                "master":{"command":"--locustfile /lotest/src/main.py"},
                "worker":{"command":"--locustfile /lotest/src/main.py","replicas":2}}})");
}

QJsonObject validV1Object()
{
    return parse(R"({"apiVersion":"locust.io/v1","kind":"LocustTest",
        "metadata":{"name":"legacy","namespace":"load"},
        "spec":{"image":"locustio/locust:2.43.1","masterCommandSeed":"--locustfile a.py",
                "workerCommandSeed":"--locustfile a.py","workerReplicas":2}})");
}

QJsonObject withPatch(const QByteArray &patch)
{
    return merged(validObject(), parse(patch));
}

QJsonObject review(const QString &operation, const QJsonValue &object, const QJsonValue &oldObject = QJsonValue::Undefined)
{
    QJsonObject request{
        {u"uid"_s, u"705ab4f5-6393-11e8-b7cc-42010a800002"_s},
        {u"kind"_s, QJsonObject{{u"group"_s, u"locust.io"_s}, {u"version"_s, u"v2"_s}, {u"kind"_s, u"LocustTest"_s}}},
        {u"resource"_s, QJsonObject{{u"group"_s, u"locust.io"_s}, {u"version"_s, u"v2"_s}, {u"resource"_s, u"locusttests"_s}}},
        {u"namespace"_s, u"load"_s},
        {u"operation"_s, operation},
        {u"userInfo"_s, QJsonObject{{u"username"_s, u"admin"_s}}},
    };
    if (!object.isUndefined())
        request.insert(u"object"_s, object);
    if (!oldObject.isUndefined())
        request.insert(u"oldObject"_s, oldObject);
    return QJsonObject{{u"apiVersion"_s, u"admission.k8s.io/v1"_s}, {u"kind"_s, u"AdmissionReview"_s}, {u"request"_s, request}};
}

QJsonObject expectedReview(const QJsonObject &response)
{
    return QJsonObject{{u"apiVersion"_s, u"admission.k8s.io/v1"_s}, {u"kind"_s, u"AdmissionReview"_s}, {u"response"_s, response}};
}

QJsonObject allowedResponse(const QStringList &warnings = {})
{
    QJsonObject response = parse(R"({"uid":"705ab4f5-6393-11e8-b7cc-42010a800002","allowed":true,"status":{"code":200}})");
    if (!warnings.isEmpty())
        response.insert(u"warnings"_s, QJsonArray::fromStringList(warnings));
    return expectedReview(response);
}

QJsonObject deniedResponse(const QString &message, const QStringList &warnings = {})
{
    QJsonObject response = parse(R"({"uid":"705ab4f5-6393-11e8-b7cc-42010a800002","allowed":false,
        "status":{"code":403,"reason":"Forbidden"}})");
    QJsonObject status = response.value(u"status").toObject();
    status.insert(u"message"_s, message);
    response.insert(u"status"_s, status);
    if (!warnings.isEmpty())
        response.insert(u"warnings"_s, QJsonArray::fromStringList(warnings));
    return expectedReview(response);
}

QJsonObject handled(const QJsonObject &review, const AdmissionReviewHandler &handler = AdmissionReviewHandler())
{
    const Result<QJsonObject> result = handler.handle(review);
    if (!result) {
        QTest::qFail(qPrintable(u"unexpected bad request: "_s + result.errorMessage()), __FILE__, __LINE__);
        return {};
    }
    return *result;
}

} // namespace

class TestAdmissionReviewHandler : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void validCreateIsAllowed()
    {
        LOCUST_COMPARE_JSON(handled(review(u"CREATE"_s, validObject())), allowedResponse());
    }

    void responseEchoesTheUid()
    {
        QJsonObject input = review(u"CREATE"_s, validObject());
        QJsonObject request = input.value(u"request").toObject();
        request.insert(u"uid"_s, u"another-uid"_s);
        input.insert(u"request"_s, request);
        QCOMPARE(handled(input).value(u"response").toObject().value(u"uid").toString(), u"another-uid"_s);
    }

    // Every error of the object, one per line, in the validator's order (schema first, then the
    // reference's rules), as a 403 Forbidden denial.
    void invalidCreateIsDeniedWithEveryError()
    {
        const QJsonObject object = withPatch(R"({"metadata":{"name":"a-name-that-is-far-too-long-for-the-generated-job-names-x"},
            "spec":{"worker":{"replicas":0},"volumeMounts":[{"name":"missing","mountPath":"/data"}]}})");
        LOCUST_COMPARE_JSON(
            handled(review(u"CREATE"_s, object)),
            deniedResponse(
                u"spec.worker.replicas: Invalid value: 0: spec.worker.replicas in body should be greater than or equal to 1\n"
                "metadata.name: Invalid value: \"a-name-that-is-far-too-long-for-the-generated-job-names-x\": name "
                "\"a-name-that-is-far-too-long-for-the-generated-job-names-x\" is too long: generated Job names would "
                "exceed 63 characters (max CR name length is 56)\n"
                "spec.volumeMounts[0].name: Invalid value: \"missing\": volumeMount \"missing\" references undefined volume"_s));
    }

    void warningsOfAnAllowedObject()
    {
        const QJsonObject object = withPatch(R"({"spec":{"master":{"extraArgs":["--autostart"]},
            "volumes":[{"name":"unused","emptyDir":{}}]}})");
        const QJsonObject response = handled(review(u"CREATE"_s, object));
        LOCUST_COMPARE_JSON(response, allowedResponse({
            u"spec.master.extraArgs[0]: \"--autostart\" repeats the operator-managed flag --autostart; Locust uses the "
              "last occurrence, so this value overrides the operator's"_s,
            u"spec.volumes[0]: volume \"unused\" is not mounted by any volumeMount, so no pod gets it"_s}));
    }

    void warningsOfADeniedObject()
    {
        const QJsonObject object = withPatch(R"({"spec":{"worker":{"replicas":501,"extraArgs":["--worker"]}}})");
        const QJsonObject response = handled(review(u"CREATE"_s, object));
        LOCUST_COMPARE_JSON(response, deniedResponse(
            u"spec.worker.replicas: Invalid value: 501: spec.worker.replicas in body should be less than or equal to 500"_s,
            {u"spec.worker.extraArgs[0]: \"--worker\" repeats the operator-managed flag --worker; Locust uses the last "
              "occurrence, so this value overrides the operator's"_s}));
    }

    // The options come from the operator configuration: affinity is only a warning when the
    // operator would ignore it.
    void validationOptionsFromTheConfiguration()
    {
        const QJsonObject object = withPatch(R"({"spec":{"scheduling":{"affinity":{"nodeAffinity":{}}}}})");
        config::OperatorConfig injecting;
        LOCUST_COMPARE_JSON(handled(review(u"CREATE"_s, object), AdmissionReviewHandler(injecting)), allowedResponse());
        config::OperatorConfig ignoring;
        ignoring.affinityInjection = false;
        const QJsonArray warnings = handled(review(u"CREATE"_s, object), AdmissionReviewHandler(ignoring))
                                        .value(u"response"_s).toObject().value(u"warnings"_s).toArray();
        QCOMPARE(warnings.size(), 1);
        QVERIFY2(warnings.at(0).toString().startsWith(u"spec.scheduling.affinity: "_s), qPrintable(warnings.at(0).toString()));
    }

    // The API server defaults before admission; the handler defaults too, so the object is judged
    // as it will be stored: an imagePullSecrets entry without a name is one named "" (a warning).
    void defaultsAreAppliedBeforeValidating()
    {
        const QJsonObject object = withPatch(R"({"spec":{"imagePullSecrets":[{}],"master":{"autoquit":{"timeout":5}},
            "observability":{"openTelemetry":{}}}})");
        LOCUST_COMPARE_JSON(handled(review(u"CREATE"_s, object)),
                            allowedResponse({u"spec.imagePullSecrets[0].name: an empty name refers to no Secret, so it "
                                             "pulls nothing"_s}));
    }

    void updateValidatesTheNewObjectOnly()
    {
        const QJsonObject invalid = withPatch(R"({"spec":{"worker":{"replicas":0}}})");
        LOCUST_COMPARE_JSON(handled(review(u"UPDATE"_s, validObject(), invalid)), allowedResponse());
        LOCUST_COMPARE_JSON(handled(review(u"UPDATE"_s, invalid, validObject())),
                            deniedResponse(u"spec.worker.replicas: Invalid value: 0: spec.worker.replicas in body "
                                           "should be greater than or equal to 1"_s));
    }

    // An object on its way out can always lose its finalizer, even when it is invalid.
    void updateOfAnObjectBeingDeletedIsAllowed()
    {
        const QJsonObject deleting = withPatch(R"({"metadata":{"deletionTimestamp":"2026-08-01T10:00:00Z","finalizers":[]},
            "spec":{"worker":{"replicas":0}}})");
        LOCUST_COMPARE_JSON(handled(review(u"UPDATE"_s, deleting, deleting)), allowedResponse());
        // Only an UPDATE: a CREATE never carries a deletionTimestamp that matters.
        QCOMPARE(handled(review(u"CREATE"_s, deleting)).value(u"response"_s).toObject().value(u"allowed"_s), QJsonValue(false));
    }

    void deleteIsAlwaysAllowed_data()
    {
        QTest::addColumn<QJsonObject>("review");
        QTest::newRow("valid old object") << review(u"DELETE"_s, QJsonValue::Null, validObject());
        QTest::newRow("invalid old object") << review(u"DELETE"_s, QJsonValue::Null, withPatch(R"({"spec":{"worker":{"replicas":0}}})"));
        QTest::newRow("no objects") << review(u"DELETE"_s, QJsonValue::Undefined);
        QTest::newRow("garbage object") << review(u"DELETE"_s, u"garbage"_s, 17);
    }

    void deleteIsAlwaysAllowed()
    {
        QFETCH(QJsonObject, review);
        LOCUST_COMPARE_JSON(handled(review), allowedResponse());
    }

    void otherOperationsAreAllowed()
    {
        LOCUST_COMPARE_JSON(handled(review(u"CONNECT"_s, QJsonObject{{u"kind"_s, u"PodExecOptions"_s}})), allowedResponse());
        LOCUST_COMPARE_JSON(handled(review(u"SOMETHING_NEW"_s, QJsonValue::Undefined)), allowedResponse());
    }

    void v1ObjectsAreValidatedAsV1()
    {
        LOCUST_COMPARE_JSON(handled(review(u"CREATE"_s, validV1Object())), allowedResponse());
        QJsonObject object = merged(validV1Object(), parse(R"({"spec":{"workerReplicas":501}})"));
        LOCUST_COMPARE_JSON(handled(review(u"CREATE"_s, object)),
                            deniedResponse(u"spec.workerReplicas: Invalid value: 501: spec.workerReplicas in body "
                                           "should be less than or equal to 500"_s));
        // v1 defaults too: workerReplicas is required and defaulted to 1.
        object = merged(validV1Object(), parse(R"({"spec":{"workerReplicas":null}})"));
        LOCUST_COMPARE_JSON(handled(review(u"UPDATE"_s, object)), allowedResponse());
    }

    // A well-formed review whose object is not a well-typed LocustTest: denied, saying why.
    void malformedObjectsAreDenied_data()
    {
        QTest::addColumn<QJsonValue>("object");
        QTest::addColumn<QString>("message");
        QTest::newRow("no object") << QJsonValue(QJsonValue::Undefined) << u"request.object: Required value"_s;
        QTest::newRow("null object") << QJsonValue(QJsonValue::Null) << u"request.object: Required value"_s;
        QTest::newRow("string") << QJsonValue(u"spec"_s) << u"request.object: Invalid value: \"spec\": must be an object"_s;
        QTest::newRow("array") << QJsonValue(QJsonArray{1, 2}) << u"request.object: Invalid value: [1,2]: must be an object"_s;
        QTest::newRow("a ConfigMap") << QJsonValue(parse(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"}})"))
                                     << u"apiVersion: Unsupported value: \"v1\": supported values: \"locust.io/v1\", \"locust.io/v2\""_s;
        QTest::newRow("no apiVersion") << QJsonValue(QJsonObject{{u"kind"_s, u"LocustTest"_s}})
                                       << u"apiVersion: Unsupported value: \"\": supported values: \"locust.io/v1\", \"locust.io/v2\""_s;
        QTest::newRow("wrong kind") << QJsonValue(merged(validObject(), parse(R"({"kind":"Job"})")))
                                    << u"kind: Unsupported value: \"Job\": supported values: \"LocustTest\""_s;
        QTest::newRow("replicas as text")
            << QJsonValue(withPatch(R"({"spec":{"worker":{"replicas":"three"}}})"))
            << u"spec.worker.replicas: Invalid value: \"string\": spec.worker.replicas in body must be of type integer: \"string\"\n"
               "spec.worker.replicas: Required value"_s;
        QTest::newRow("spec as list") << QJsonValue(merged(validObject(), QJsonObject{{u"spec"_s, QJsonArray{}}}))
                                      << u"spec: Invalid value: \"array\": spec in body must be of type object: \"array\"\n"
                                         "spec: Required value"_s;
    }

    void malformedObjectsAreDenied()
    {
        QFETCH(QJsonValue, object);
        QFETCH(QString, message);
        LOCUST_COMPARE_JSON(handled(review(u"CREATE"_s, object)), deniedResponse(message));
    }

    // Only a review with nothing to answer is a bad request (the HTTP layer's 400).
    void badRequests_data()
    {
        QTest::addColumn<QJsonObject>("review");
        QTest::addColumn<QString>("error");
        const QJsonObject good = review(u"CREATE"_s, validObject());
        QTest::newRow("empty") << QJsonObject() << u"apiVersion: Unsupported value: \"\": supported values: \"admission.k8s.io/v1\""_s;
        QTest::newRow("v1beta1") << merged(good, parse(R"({"apiVersion":"admission.k8s.io/v1beta1"})"))
                                 << u"apiVersion: Unsupported value: \"admission.k8s.io/v1beta1\": supported values: \"admission.k8s.io/v1\""_s;
        QTest::newRow("apiVersion number") << merged(good, parse(R"({"apiVersion":1})"))
                                           << u"apiVersion: Unsupported value: 1: supported values: \"admission.k8s.io/v1\""_s;
        QTest::newRow("conversion review") << merged(good, parse(R"({"kind":"ConversionReview"})"))
                                           << u"kind: Unsupported value: \"ConversionReview\": supported values: \"AdmissionReview\""_s;
        QTest::newRow("no request") << merged(good, parse(R"({"request":null})")) << u"request: Required value"_s;
        QTest::newRow("request list") << merged(good, parse(R"({"request":[]})"))
                                      << u"request: Invalid value: []: must be an object"_s;
        QTest::newRow("no uid") << merged(good, parse(R"({"request":{"uid":null}})")) << u"request.uid: Required value"_s;
        QTest::newRow("empty uid") << merged(good, parse(R"({"request":{"uid":""}})")) << u"request.uid: Required value"_s;
        QTest::newRow("uid number") << merged(good, parse(R"({"request":{"uid":42}})"))
                                    << u"request.uid: Invalid value: 42: must be a string"_s;
        QTest::newRow("no operation") << merged(good, parse(R"({"request":{"operation":null}})"))
                                      << u"request.operation: Required value"_s;
        QTest::newRow("operation object") << merged(good, parse(R"({"request":{"operation":{}}})"))
                                          << u"request.operation: Invalid value: {}: must be a string"_s;
    }

    void badRequests()
    {
        QFETCH(QJsonObject, review);
        QFETCH(QString, error);
        const Result<QJsonObject> result = AdmissionReviewHandler().handle(review);
        QVERIFY(!result.ok());
        QCOMPARE(result.errorMessage(), error);
    }

    // Nothing the API server (or anybody reaching the port) sends crashes the handler or takes
    // long: odd types anywhere, and objects with very long lists.
    void neverCrashes()
    {
        const AdmissionReviewHandler handler;
        const QList<QJsonValue> values{QJsonValue::Null, true, 0, -1.5, 1e300, u""_s, u"x"_s, QJsonArray{},
                                       QJsonArray{QJsonValue::Null, 1}, QJsonObject{}, QJsonObject{{u"a"_s, QJsonArray{}}}};
        const QStringList paths{u"request"_s, u"request.object"_s, u"request.object.metadata"_s,
                                u"request.object.metadata.name"_s, u"request.object.metadata.deletionTimestamp"_s,
                                u"request.object.spec"_s, u"request.object.spec.master"_s, u"request.object.spec.worker.replicas"_s,
                                u"request.object.spec.volumes"_s, u"request.object.spec.env"_s, u"request.object.status"_s};
        for (const QString &operation : {u"CREATE"_s, u"UPDATE"_s}) {
            for (const QString &path : paths) {
                for (const QJsonValue &value : values) {
                    QJsonObject patch;
                    const QStringList keys = path.split(u'.');
                    QJsonValue nested = value;
                    for (qsizetype i = keys.size() - 1; i >= 0; --i)
                        nested = QJsonObject{{keys.at(i), nested}};
                    const QJsonObject input = merged(review(operation, validObject()), nested.toObject());
                    const Result<QJsonObject> result = handler.handle(input);
                    if (result)
                        QVERIFY(result->value(u"response"_s).toObject().value(u"allowed"_s).isBool());
                }
            }
        }

        // Long lists: 20000 volumes and mounts, all referenced, are answered (how fast is
        // bench/webhookbenchmark's figure, not a timed test).
        QJsonArray volumes;
        QJsonArray mounts;
        for (int i = 0; i < 20000; ++i) {
            volumes.append(QJsonObject{{u"name"_s, u"v%1"_s.arg(i)}, {u"emptyDir"_s, QJsonObject{}}});
            mounts.append(QJsonObject{{u"name"_s, u"v%1"_s.arg(i)}, {u"mountPath"_s, u"/m/%1"_s.arg(i)}});
        }
        QJsonObject big = validObject();
        QJsonObject spec = big.value(u"spec").toObject();
        spec.insert(u"volumes"_s, volumes);
        spec.insert(u"volumeMounts"_s, mounts);
        big.insert(u"spec"_s, spec);
        const QJsonObject response = handled(review(u"CREATE"_s, big)).value(u"response"_s).toObject();
        QCOMPARE(response.value(u"allowed"_s), QJsonValue(true));
    }
};

QTEST_GUILESS_MAIN(TestAdmissionReviewHandler)
#include "tst_admissionreviewhandler.moc"

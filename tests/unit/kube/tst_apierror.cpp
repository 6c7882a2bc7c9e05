#include "kube/apierror.h"
#include "kube/resourcetype.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace locust::kube;

class ApiErrorTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decodesStatusReasons_data()
    {
        QTest::addColumn<int>("http");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("predicate");
        QTest::newRow("not found") << 404
                                   << QByteArray("{\"kind\":\"Status\",\"status\":\"Failure\",\"message\":\"configmaps \\\"x\\\" not found\",\"reason\":\"NotFound\",\"code\":404}")
                                   << u"notFound"_s;
        QTest::newRow("already exists")
            << 409 << QByteArray("{\"kind\":\"Status\",\"message\":\"exists\",\"reason\":\"AlreadyExists\",\"code\":409}") << u"alreadyExists"_s;
        QTest::newRow("conflict")
            << 409 << QByteArray("{\"kind\":\"Status\",\"message\":\"the object has been modified\",\"reason\":\"Conflict\",\"code\":409}")
            << u"conflict"_s;
        QTest::newRow("expired") << 410 << QByteArray("{\"kind\":\"Status\",\"message\":\"too old\",\"reason\":\"Expired\",\"code\":410}")
                                 << u"gone"_s;
        QTest::newRow("gone without reason") << 410 << QByteArray("{\"kind\":\"Status\",\"message\":\"gone\",\"code\":410}") << u"gone"_s;
        QTest::newRow("forbidden") << 403 << QByteArray("{\"kind\":\"Status\",\"message\":\"no\",\"reason\":\"Forbidden\",\"code\":403}")
                                   << u"forbidden"_s;
        QTest::newRow("unauthorized") << 401 << QByteArray("{\"kind\":\"Status\",\"message\":\"Unauthorized\",\"reason\":\"Unauthorized\",\"code\":401}")
                                      << u"unauthorized"_s;
        QTest::newRow("plain 404 body") << 404 << QByteArray("404 page not found") << u"notFound"_s;
        QTest::newRow("plain 503") << 503 << QByteArray() << u"serverError"_s;
        QTest::newRow("plain 429") << 429 << QByteArray("slow down") << u"tooManyRequests"_s;
        QTest::newRow("plain 422") << 422 << QByteArray("x") << u"invalid"_s;
    }
    void decodesStatusReasons()
    {
        QFETCH(int, http);
        QFETCH(QByteArray, body);
        QFETCH(QString, predicate);
        const ApiError error = ApiError::fromResponse(http, body);
        QCOMPARE(error.kind(), ApiError::Kind::Response);
        QCOMPARE(error.httpStatus(), http);
        const QMap<QString, bool> checks{
            {u"notFound"_s, error.isNotFound()},         {u"alreadyExists"_s, error.isAlreadyExists()},
            {u"conflict"_s, error.isConflict()},         {u"gone"_s, error.isGone()},
            {u"forbidden"_s, error.isForbidden()},       {u"unauthorized"_s, error.isUnauthorized()},
            {u"serverError"_s, error.isServerError()},   {u"tooManyRequests"_s, error.isTooManyRequests()},
            {u"invalid"_s, error.isInvalid()},
        };
        for (auto it = checks.constBegin(); it != checks.constEnd(); ++it)
            QCOMPARE(it.value(), it.key() == predicate);
    }

    void alreadyExistsIsNotAConflict()
    {
        const ApiError error = ApiError::fromResponse(409, "{\"kind\":\"Status\",\"reason\":\"AlreadyExists\",\"code\":409}");
        QVERIFY(error.isAlreadyExists());
        QVERIFY(!error.isConflict());
    }

    void invalidCarriesCauses()
    {
        const ApiError error = ApiError::fromResponse(
            422, "{\"kind\":\"Status\",\"reason\":\"Invalid\",\"code\":422,\"message\":\"Job.batch \\\"x\\\" is invalid\",\n"
                     "                     \"details\":{\"causes\":[{\"reason\":\"FieldValueInvalid\",\"message\":\"Invalid value: -1\",\"field\":\"spec.parallelism\"}]}}");
        QVERIFY(error.isInvalid());
        QCOMPARE(error.causes().size(), 1);
        QCOMPARE(error.causes().first().field, u"spec.parallelism"_s);
        QCOMPARE(error.toString(), u"Invalid (422): Job.batch \"x\" is invalid; spec.parallelism: Invalid value: -1"_s);
    }

    void nonStatusBodyIsQuotedShortly()
    {
        const ApiError error = ApiError::fromResponse(502, QByteArray(2000, 'x'));
        QCOMPARE(error.message().size(), 512);
        QCOMPARE(error.reason(), u"InternalError"_s);
    }

    void watchErrorStatus()
    {
        const ApiError error = ApiError::fromStatus(
            QJsonObject{{u"kind"_s, u"Status"_s}, {u"code"_s, 410}, {u"reason"_s, u"Expired"_s}, {u"message"_s, u"too old"_s}});
        QVERIFY(error.isGone());
        QCOMPARE(error.toString(), u"Expired (410): too old"_s);
    }

    void transportAndCredentials()
    {
        const ApiError transport = ApiError::transport(u"connection refused"_s);
        QVERIFY(transport.isTransport());
        QVERIFY(!transport.isNotFound());
        QCOMPARE(transport.httpStatus(), 0);
        QCOMPARE(transport.toString(), u"Transport: connection refused"_s);
        QCOMPARE(ApiError::credentials(u"no token"_s).kind(), ApiError::Kind::Credentials);
        // Result<T, ApiError>::errorMessage() uses toString().
        const ApiResult<int> result = transport;
        QCOMPARE(result.errorMessage(), u"Transport: connection refused"_s);
    }

    void resourcePaths()
    {
        QCOMPARE(ResourceType::pods().collectionPath(u"ns"_s), u"/api/v1/namespaces/ns/pods"_s);
        QCOMPARE(ResourceType::pods().collectionPath(), u"/api/v1/pods"_s);
        QCOMPARE(ResourceType::jobs().objectPath({u"ns"_s, u"j"_s}), u"/apis/batch/v1/namespaces/ns/jobs/j"_s);
        QCOMPARE(ResourceType::namespaces().objectPath({QString(), u"ns"_s}), u"/api/v1/namespaces/ns"_s);
        QCOMPARE(ResourceType::namespaces().collectionPath(u"ignored"_s), u"/api/v1/namespaces"_s);
        const ResourceType tests{u"locust.io"_s, u"v2"_s, u"locusttests"_s, u"LocustTest"_s, true};
        QCOMPARE(tests.objectPath({u"load"_s, u"demo"_s}, u"status"_s),
                 u"/apis/locust.io/v2/namespaces/load/locusttests/demo/status"_s);
        QCOMPARE(tests.apiVersion(), u"locust.io/v2"_s);
        // A name cannot change the path.
        QCOMPARE(ResourceType::configMaps().objectPath({u"ns"_s, u"../secrets/x"_s}),
                 u"/api/v1/namespaces/ns/configmaps/..%2Fsecrets%2Fx"_s);
    }
};

QTEST_GUILESS_MAIN(ApiErrorTest)
#include "tst_apierror.moc"

// The HTTP side of the webhook endpoints: what reaches the review handlers and what a malformed
// request gets (400 with the reason, never a crash).

#include "manager/webhookendpoints.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace locust;
using namespace locust::httpserver;
using locust::manager::WebhookEndpoints;

namespace {

HttpRequest post(const QByteArray &body, const QByteArray &contentType = "application/json")
{
    HttpRequest request;
    request.method = "POST";
    request.body = body;
    if (!contentType.isEmpty())
        request.headers.set("Content-Type", contentType);
    return request;
}

QJsonObject admissionReview(const QJsonObject &object)
{
    return QJsonObject{
        {u"apiVersion"_s, u"admission.k8s.io/v1"_s},
        {u"kind"_s, u"AdmissionReview"_s},
        {u"request"_s, QJsonObject{{u"uid"_s, u"42"_s}, {u"operation"_s, u"CREATE"_s}, {u"object"_s, object}}},
    };
}

QJsonObject locustTest(const QString &name)
{
    return QJsonDocument::fromJson(QStringLiteral(R"({"apiVersion":"locust.io/v2","kind":"LocustTest",
        "metadata":{"name":"%1","namespace":"load"},
        "spec":{"image":"locustio/locust:2.12.0","master":{"command":"--locustfile a.py"},
                "worker":{"command":"--locustfile a.py","replicas":1}}})").arg(name).toUtf8()).object();
}

QJsonObject bodyOf(const HttpResponse &response)
{
    return QJsonDocument::fromJson(response.body).object();
}

} // namespace

class WebhookEndpointsTest : public QObject
{
    Q_OBJECT

private:
    WebhookEndpoints m_endpoints{webhook::AdmissionReviewHandler()};

private Q_SLOTS:
    void validAndInvalidTests()
    {
        const HttpResponse allowed = m_endpoints.validate(post(QJsonDocument(admissionReview(locustTest(u"demo"_s))).toJson()));
        QCOMPARE(allowed.status, 200);
        QCOMPARE(allowed.headers.value("Content-Type"), QByteArray("application/json"));
        QCOMPARE(bodyOf(allowed)[u"response"_s][u"uid"_s].toString(), u"42"_s);
        QCOMPARE(bodyOf(allowed)[u"response"_s][u"allowed"_s].toBool(), true);

        const HttpResponse denied = m_endpoints.validate(post(QJsonDocument(admissionReview(locustTest(QString(60, u'x')))).toJson()));
        QCOMPARE(denied.status, 200); // a denial is an answer, not an HTTP error
        QCOMPARE(bodyOf(denied)[u"response"_s][u"allowed"_s].toBool(), false);
        QVERIFY(bodyOf(denied)[u"response"_s][u"status"_s][u"message"_s].toString().contains(u"is too long"_s));
    }

    void conversion()
    {
        const QJsonObject review{
            {u"apiVersion"_s, u"apiextensions.k8s.io/v1"_s},
            {u"kind"_s, u"ConversionReview"_s},
            {u"request"_s, QJsonObject{{u"uid"_s, u"7"_s}, {u"desiredAPIVersion"_s, u"locust.io/v1"_s},
                                       {u"objects"_s, QJsonArray{locustTest(u"demo"_s)}}}},
        };
        const HttpResponse converted = m_endpoints.convert(post(QJsonDocument(review).toJson()));
        QCOMPARE(converted.status, 200);
        const QJsonObject response = bodyOf(converted)[u"response"_s].toObject();
        QCOMPARE(response[u"result"_s][u"status"_s].toString(), u"Success"_s);
        QCOMPARE(response[u"convertedObjects"_s][0][u"apiVersion"_s].toString(), u"locust.io/v1"_s);
        QCOMPARE(response[u"convertedObjects"_s][0][u"spec"_s][u"workerReplicas"_s].toInt(), 1);
    }

    void malformedRequests_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QString>("reason");
        QTest::newRow("not JSON") << QByteArray("{\"apiVersion\":") << QByteArray("application/json")
                                  << u"the request body is not JSON"_s;
        QTest::newRow("empty") << QByteArray() << QByteArray("application/json") << u"the request body is not JSON"_s;
        QTest::newRow("array") << QByteArray("[]") << QByteArray("application/json")
                               << u"the request body is not a JSON object"_s;
        QTest::newRow("form") << QByteArray("a=b") << QByteArray("application/x-www-form-urlencoded")
                              << u"unsupported content type"_s;
        QTest::newRow("not a review") << QByteArray(R"({"kind":"Pod"})") << QByteArray() << u"apiVersion"_s;
    }

    void malformedRequests()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, contentType);
        QFETCH(QString, reason);
        for (const HttpResponse &response : {m_endpoints.validate(post(body, contentType)),
                                             m_endpoints.convert(post(body, contentType))}) {
            QCOMPARE(response.status, 400);
            QVERIFY2(QString::fromUtf8(response.body).contains(reason), response.body.constData());
        }
    }
};

QTEST_GUILESS_MAIN(WebhookEndpointsTest)
#include "tst_webhookendpoints.moc"

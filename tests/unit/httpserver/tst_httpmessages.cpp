#include "httpserver/httpheaders.h"
#include "httpserver/httprequest.h"
#include "httpserver/httpresponse.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using locust::httpserver::HttpHeaders;
using locust::httpserver::HttpRequest;
using locust::httpserver::HttpResponse;

class HttpMessagesTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void headerNamesAreCaseInsensitive()
    {
        HttpHeaders headers;
        headers.append("Content-Type", "application/json");
        headers.append("X-Multi", "a");
        headers.append("x-multi", "b, c");
        QVERIFY(headers.contains("content-type"));
        QVERIFY(headers.contains("CONTENT-TYPE"));
        QVERIFY(!headers.contains("content"));
        QCOMPARE(headers.value("CoNtEnT-tYpE"), "application/json");
        QCOMPARE(headers.value("missing", "fallback"), "fallback");
        QCOMPARE(headers.values("X-MULTI"), (QList<QByteArray>{"a", "b, c"}));
        QCOMPARE(headers.combinedValue("x-multi"), "a, b, c");
        QCOMPARE(headers.count("x-multi"), 2);
        QCOMPARE(headers.size(), 3);
    }

    void setReplacesEveryFieldOfTheName()
    {
        HttpHeaders headers;
        headers.append("X-A", "1");
        headers.append("X-B", "2");
        headers.append("x-a", "3");
        headers.set("X-a", "4");
        QCOMPARE(headers.fields(), (QList<HttpHeaders::Field>{{"X-B", "2"}, {"X-a", "4"}}));
        headers.remove("x-B");
        QCOMPARE(headers.fields(), (QList<HttpHeaders::Field>{{"X-a", "4"}}));
        headers.remove("absent");
        QCOMPARE(headers.size(), 1);
    }

    void tokensAreTrimmedAndLowerCased()
    {
        HttpHeaders headers;
        headers.append("Connection", " Keep-Alive ,, Upgrade");
        headers.append("connection", "CLOSE");
        QCOMPARE(headers.tokens("connection"), (QList<QByteArray>{"keep-alive", "upgrade", "close"}));
        QCOMPARE(headers.tokens("absent"), QList<QByteArray>{});
    }

    void requestMediaTypeDropsParameters()
    {
        HttpRequest request;
        QCOMPARE(request.mediaType(), QByteArray());
        request.headers.set("Content-Type", " Application/JSON ; charset=utf-8");
        QCOMPARE(request.mediaType(), "application/json");
    }

    void jsonResponse()
    {
        const HttpResponse response = HttpResponse::json(QJsonObject{{u"allowed"_s, true}, {u"list"_s, QJsonArray{1, 2}}});
        QCOMPARE(response.status, 200);
        QCOMPARE(response.headers.value("content-type"), "application/json");
        QCOMPARE(response.body, R"({"allowed":true,"list":[1,2]})");
        QCOMPARE(HttpResponse::json(QJsonDocument(QJsonArray{u"x"_s}), 201).body, R"(["x"])");
        QCOMPARE(HttpResponse::json(QJsonDocument(QJsonArray{}), 201).status, 201);
    }

    void textAndErrorResponses()
    {
        const HttpResponse text = HttpResponse::text(u"ok ✓"_s, 202);
        QCOMPARE(text.status, 202);
        QCOMPARE(text.headers.value("content-type"), "text/plain; charset=utf-8");
        QCOMPARE(text.body, "ok \xe2\x9c\x93");

        QCOMPARE(HttpResponse::error(503).body, "Service Unavailable\n");
        QCOMPARE(HttpResponse::error(503).status, 503);
        QCOMPARE(HttpResponse::error(400, u"bad thing"_s).body, "bad thing\n");
    }

    void standardReasons()
    {
        QCOMPARE(HttpResponse::standardReason(200), "OK");
        QCOMPARE(HttpResponse::standardReason(405), "Method Not Allowed");
        QCOMPARE(HttpResponse::standardReason(413), "Content Too Large");
        QCOMPARE(HttpResponse::standardReason(431), "Request Header Fields Too Large");
        QCOMPARE(HttpResponse::standardReason(505), "HTTP Version Not Supported");
        QCOMPARE(HttpResponse::standardReason(299), "Unknown");
    }
};

QTEST_GUILESS_MAIN(HttpMessagesTest)
#include "tst_httpmessages.moc"

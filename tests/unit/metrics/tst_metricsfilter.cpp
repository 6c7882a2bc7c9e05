// The --metrics-secure filter (MetricsAuthorizer, routeMetrics) against a fake API server of our own:
// every answer the API server can give, what is sent to it, the cache, waiting and timeouts. The
// real API server's answers are in tests/integration/metrics/tst_metricsauthorizer.

#include "awaittask.h"
#include "httpserver/httpserver.h"
#include "kube/kubeclient.h"
#include "manualclock.h"
#include "metrics/metricsauthorizer.h"
#include "metrics/metricsregistry.h"
#include "metrics/metricsroute.h"
#include "rawhttpclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace locust;
using namespace locust::httpserver;
using locust::httpserver::testing::RawHttpClient;
using locust::httpserver::testing::RawResponse;
using locust::metrics::MetricsAuthorizer;
using Decision = locust::metrics::MetricsAuthorizer::Decision;

namespace {

HttpResponse status(int code, const QString &reason, const QString &message)
{
    return HttpResponse::json(QJsonObject{{u"kind"_s, u"Status"_s},
                                          {u"apiVersion"_s, u"v1"_s},
                                          {u"status"_s, u"Failure"_s},
                                          {u"reason"_s, reason},
                                          {u"message"_s, message},
                                          {u"code"_s, code}},
                              code);
}

QJsonObject user(const QString &name)
{
    return QJsonObject{{u"username"_s, name},
                       {u"uid"_s, u"uid-"_s + name},
                       {u"groups"_s, QJsonArray{u"system:authenticated"_s, u"team-"_s + name}},
                       {u"extra"_s, QJsonObject{{u"scopes"_s, QJsonArray{u"metrics"_s}}}}};
}

QByteArray get(const QByteArray &authorization, const QByteArray &method = "GET")
{
    return method + " /metrics HTTP/1.1\r\nHost: t\r\n"
        + (authorization.isNull() ? QByteArray() : "Authorization: " + authorization + "\r\n") + "\r\n";
}

} // namespace

class MetricsFilterTest : public QObject
{
    Q_OBJECT

private:
    // The fake API server: tokens "alice", "bob", "carol" (denied), "dave" (whose access review
    // fails) are valid; "garbage" is not; "broken" and "forbidden" make the token review fail;
    // "slow" is held until the test answers (m_heldReviews).
    std::unique_ptr<HttpServer> m_api;
    QList<QJsonObject> m_tokenReviews;
    QList<QJsonObject> m_accessReviews;
    QList<Responder> m_heldReviews;

    testsupport::ManualClock m_clock;
    std::unique_ptr<kube::KubeClient> m_client;
    std::unique_ptr<MetricsAuthorizer> m_authorizer;
    metrics::MetricsRegistry m_registry;
    std::unique_ptr<HttpServer> m_metricsServer;

    void startApi()
    {
        m_api = std::make_unique<HttpServer>();
        m_api->routeAsync("POST", u"/apis/authentication.k8s.io/v1/tokenreviews"_s,
                          [this](const HttpRequest &request, Responder respond) {
                              const QJsonObject review = QJsonDocument::fromJson(request.body).object();
                              m_tokenReviews.append(review);
                              const QString token = review.value(u"spec").toObject().value(u"token").toString();
                              if (token == u"slow") {
                                  m_heldReviews.append(respond);
                                  return;
                              }
                              if (token == u"broken") {
                                  respond(status(500, u"InternalError"_s, u"etcd is down"_s));
                                  return;
                              }
                              if (token == u"forbidden") {
                                  respond(status(403, u"Forbidden"_s,
                                                 u"tokenreviews.authentication.k8s.io is forbidden"_s));
                                  return;
                              }
                              QJsonObject result = review;
                              const bool valid = QStringList{u"alice"_s, u"bob"_s, u"carol"_s, u"dave"_s}.contains(token);
                              QJsonObject reviewStatus{{u"authenticated"_s, valid}};
                              if (valid)
                                  reviewStatus.insert(u"user"_s, user(token));
                              else
                                  reviewStatus.insert(u"error"_s, u"invalid bearer token"_s);
                              result.insert(u"status"_s, reviewStatus);
                              respond(HttpResponse::json(result, 201));
                          });
        m_api->route("POST", u"/apis/authorization.k8s.io/v1/subjectaccessreviews"_s, [this](const HttpRequest &request) {
            const QJsonObject review = QJsonDocument::fromJson(request.body).object();
            m_accessReviews.append(review);
            const QString name = review.value(u"spec").toObject().value(u"user").toString();
            if (name == u"dave")
                return status(500, u"InternalError"_s, u"authorizer unavailable"_s);
            QJsonObject result = review;
            result.insert(u"status"_s, name == u"carol" ? QJsonObject{{u"allowed"_s, false},
                                                                      {u"reason"_s, u"no RBAC policy matched"_s}}
                                                        : QJsonObject{{u"allowed"_s, true}});
            return HttpResponse::json(result, 201);
        });
        QVERIFY(m_api->listen(QHostAddress::LocalHost, 0).ok());
    }

    void startAuthorizer(MetricsAuthorizer::Options options = {})
    {
        kube::ClientConfig config;
        config.server = QUrl(u"http://127.0.0.1:%1"_s.arg(m_api->serverPort()));
        config.qps = 0;
        m_client = std::make_unique<kube::KubeClient>(config);
        m_authorizer = std::make_unique<MetricsAuthorizer>(m_client.get(), options, &m_clock);
        m_metricsServer = std::make_unique<HttpServer>();
        metrics::routeMetrics(*m_metricsServer, m_registry, m_authorizer.get());
        QVERIFY(m_metricsServer->listen(QHostAddress::LocalHost, 0).ok());
    }

    Decision check(const QByteArray &token, const QString &verb = u"get"_s, const QString &path = u"/metrics"_s)
    {
        return testsupport::await(m_authorizer->check("Bearer " + token, verb, path));
    }

    qsizetype apiCalls() const { return m_tokenReviews.size() + m_accessReviews.size(); }

private Q_SLOTS:
    void initTestCase()
    {
        m_registry.gauge(u"up"_s, u"Up."_s)->set({}, 1);
    }

    void init()
    {
        m_tokenReviews.clear();
        m_accessReviews.clear();
        m_heldReviews.clear();
        startApi();
        startAuthorizer();
    }

    // Nothing may be in flight when the client goes: answer what is held, then wait for the reviews.
    void cleanup()
    {
        for (const Responder &respond : std::as_const(m_heldReviews))
            respond(status(500, u"InternalError"_s, u"test over"_s));
        if (m_authorizer)
            testsupport::await(m_authorizer->flush());
        m_metricsServer.reset();
        m_authorizer.reset();
        m_client.reset();
        m_api.reset();
    }

    // Over HTTP, as Prometheus sees it.
    void answersEachCaller_data()
    {
        QTest::addColumn<QByteArray>("authorization");
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("statusLine");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("apiCalls");
        QTest::newRow("allowed") << QByteArray("Bearer alice") << QByteArray("GET") << QByteArray("HTTP/1.1 200 OK")
                                 << QByteArray("# HELP up Up.\n# TYPE up gauge\nup 1\n") << 2;
        QTest::newRow("allowed HEAD") << QByteArray("Bearer alice") << QByteArray("HEAD")
                                      << QByteArray("HTTP/1.1 200 OK") << QByteArray() << 2;
        QTest::newRow("scheme in any case, spaces around") << QByteArray("  bEARER bob  ") << QByteArray("GET")
                                                           << QByteArray("HTTP/1.1 200 OK")
                                                           << QByteArray("# HELP up Up.\n# TYPE up gauge\nup 1\n") << 2;
        QTest::newRow("no header") << QByteArray() << QByteArray("GET") << QByteArray("HTTP/1.1 401 Unauthorized")
                                   << QByteArray("Unauthorized\n") << 0;
        QTest::newRow("empty header") << QByteArray("") << QByteArray("GET")
                                      << QByteArray("HTTP/1.1 401 Unauthorized") << QByteArray("Unauthorized\n") << 0;
        QTest::newRow("basic auth") << QByteArray("Basic YWxpY2U6eA==") << QByteArray("GET")
                                    << QByteArray("HTTP/1.1 401 Unauthorized") << QByteArray("Unauthorized\n") << 0;
        QTest::newRow("no token") << QByteArray("Bearer") << QByteArray("GET")
                                  << QByteArray("HTTP/1.1 401 Unauthorized") << QByteArray("Unauthorized\n") << 0;
        QTest::newRow("rejected token") << QByteArray("Bearer garbage") << QByteArray("GET")
                                        << QByteArray("HTTP/1.1 401 Unauthorized") << QByteArray("Unauthorized\n") << 1;
        QTest::newRow("denied") << QByteArray("Bearer carol") << QByteArray("GET")
                                << QByteArray("HTTP/1.1 403 Forbidden")
                                << QByteArray("Authorization denied for user carol: no RBAC policy matched\n") << 2;
        QTest::newRow("token review fails")
            << QByteArray("Bearer broken") << QByteArray("GET") << QByteArray("HTTP/1.1 500 Internal Server Error")
            << QByteArray("Authentication failed: cannot review the token: InternalError (500): etcd is down\n") << 1;
        QTest::newRow("operator may not review tokens")
            << QByteArray("Bearer forbidden") << QByteArray("GET") << QByteArray("HTTP/1.1 500 Internal Server Error")
            << QByteArray("Authentication failed: cannot review the token: Forbidden (403): "
                          "tokenreviews.authentication.k8s.io is forbidden (the operator's ServiceAccount needs "
                          "create on tokenreviews.authentication.k8s.io and "
                          "subjectaccessreviews.authorization.k8s.io)\n")
            << 1;
        QTest::newRow("access review fails")
            << QByteArray("Bearer dave") << QByteArray("GET") << QByteArray("HTTP/1.1 500 Internal Server Error")
            << QByteArray("Authorization for user dave failed: cannot review its access: InternalError (500): "
                          "authorizer unavailable\n")
            << 2;
    }

    void answersEachCaller()
    {
        QFETCH(QByteArray, authorization);
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, statusLine);
        QFETCH(QByteArray, body);
        QFETCH(int, apiCalls);
        QSignalSpy failures(m_authorizer.get(), &MetricsAuthorizer::reviewFailed);
        RawHttpClient client;
        QVERIFY(client.connectTo(m_metricsServer->serverPort()));
        client.send(get(authorization, method));
        const std::optional<RawResponse> response = client.readResponse(5000, method == "HEAD");
        QVERIFY(response);
        QCOMPARE(response->statusLine, statusLine);
        QCOMPARE(response->body, body);
        if (response->status == 200)
            QCOMPARE(response->headers.value("content-type"), "text/plain; version=0.0.4; charset=utf-8");
        QCOMPARE(this->apiCalls(), apiCalls);
        QCOMPARE(failures.size(), response->status == 500 ? 1 : 0);
        if (response->status == 500)
            QCOMPARE(failures.at(0).at(0).toString().toUtf8() + '\n', body);
        QVERIFY(client.isConnected()); // refusals keep the connection
    }

    // The reviews carry the token, then the user exactly as the token review returned it, and the
    // request's verb and path as non-resource attributes.
    void sendsTheReviewsKubernetesExpects_data()
    {
        QTest::addColumn<QString>("verb");
        QTest::addColumn<QString>("path");
        QTest::newRow("get /metrics") << u"get"_s << u"/metrics"_s;
        QTest::newRow("another path") << u"get"_s << u"/debug/metrics"_s;
        QTest::newRow("another verb") << u"post"_s << u"/metrics"_s;
    }

    void sendsTheReviewsKubernetesExpects()
    {
        QFETCH(QString, verb);
        QFETCH(QString, path);
        const Decision decision = check("alice", verb, path);
        QCOMPARE(decision, (Decision{200, {}, u"alice"_s}));
        QCOMPARE(m_tokenReviews,
                 (QList<QJsonObject>{QJsonObject{{u"apiVersion"_s, u"authentication.k8s.io/v1"_s},
                                                 {u"kind"_s, u"TokenReview"_s},
                                                 {u"spec"_s, QJsonObject{{u"token"_s, u"alice"_s}}}}}));
        QJsonObject spec = user(u"alice"_s);
        spec.insert(u"user"_s, spec.take(u"username"_s));
        spec.insert(u"nonResourceAttributes"_s, QJsonObject{{u"path"_s, path}, {u"verb"_s, verb}});
        QCOMPARE(m_accessReviews, (QList<QJsonObject>{QJsonObject{{u"apiVersion"_s, u"authorization.k8s.io/v1"_s},
                                                                  {u"kind"_s, u"SubjectAccessReview"_s},
                                                                  {u"spec"_s, spec}}}));
    }

    void verbOfAMethod_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("verb");
        QTest::newRow("GET") << QByteArray("GET") << u"get"_s;
        QTest::newRow("HEAD") << QByteArray("HEAD") << u"get"_s;
        QTest::newRow("POST") << QByteArray("POST") << u"post"_s;
    }

    void verbOfAMethod()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, verb);
        QCOMPARE(MetricsAuthorizer::verbOf(method), verb);
    }

    // Decisions are kept for the TTL per token, verb and path; failures are not kept.
    void cachesDecisions_data()
    {
        QTest::addColumn<QByteArray>("token");
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("callsPerReview");
        QTest::addColumn<bool>("cached");
        QTest::newRow("allowed") << QByteArray("alice") << 200 << 2 << true;
        QTest::newRow("denied") << QByteArray("carol") << 403 << 2 << true;
        QTest::newRow("rejected token") << QByteArray("garbage") << 401 << 1 << true;
        QTest::newRow("failed review") << QByteArray("broken") << 500 << 1 << false;
    }

    void cachesDecisions()
    {
        QFETCH(QByteArray, token);
        QFETCH(int, status);
        QFETCH(int, callsPerReview);
        QFETCH(bool, cached);
        QCOMPARE(check(token).status, status);
        QCOMPARE(apiCalls(), callsPerReview);
        const qint64 requests = m_client->requestCount();
        m_clock.advance(9'999);
        QCOMPARE(check(token).status, status);
        QCOMPARE(apiCalls(), cached ? callsPerReview : 2 * callsPerReview);
        QCOMPARE(m_client->requestCount(), cached ? requests : requests + callsPerReview);
        QCOMPARE(m_authorizer->cacheSize(), cached ? 1 : 0);

        const qsizetype before = apiCalls();
        m_clock.advance(1); // 10 s after the first review: expired
        QCOMPARE(check(token).status, status);
        QCOMPARE(apiCalls(), before + callsPerReview);
        // Another verb or path is another question.
        (void)check(token, u"get"_s, u"/other"_s);
        (void)check(token, u"list"_s, u"/metrics"_s);
        QCOMPARE(apiCalls(), before + 3 * callsPerReview);
    }

    void aZeroTtlCachesNothing()
    {
        MetricsAuthorizer::Options options;
        options.cacheTtlMs = 0;
        cleanup();
        startApi();
        startAuthorizer(options);
        QCOMPARE(check("alice").status, 200);
        QCOMPARE(check("alice").status, 200);
        QCOMPARE(apiCalls(), 4);
        QCOMPARE(m_authorizer->cacheSize(), 0);
    }

    // Full of live entries, the cache drops the one closest to expiry.
    void theCacheIsBounded()
    {
        MetricsAuthorizer::Options options;
        options.maxCacheEntries = 2;
        cleanup();
        startApi();
        startAuthorizer(options);
        QCOMPARE(check("alice").status, 200);
        m_clock.advance(100);
        QCOMPARE(check("bob").status, 200);
        m_clock.advance(100);
        QCOMPARE(check("carol").status, 403); // alice's entry goes
        QCOMPARE(m_authorizer->cacheSize(), 2);
        QCOMPARE(apiCalls(), 6);
        QCOMPARE(check("bob").status, 200);
        QCOMPARE(check("carol").status, 403);
        QCOMPARE(apiCalls(), 6);
        QCOMPARE(check("alice").status, 200);
        QCOMPARE(apiCalls(), 8);
        QCOMPARE(m_authorizer->cacheSize(), 2);
        // Expired entries are dropped first, whatever their order.
        m_clock.advance(20'000);
        QCOMPARE(check("garbage").status, 401);
        QCOMPARE(m_authorizer->cacheSize(), 1);
    }

    // Callers with one token while its review is in flight share that review.
    void concurrentCallersShareOneReview()
    {
        // Shared with the callbacks, which outlive this function if a check fails.
        const auto decisions = std::make_shared<QList<Decision>>();
        for (int i = 0; i < 3; ++i)
            m_authorizer->authorize("Bearer slow", u"get"_s, u"/metrics"_s,
                                    [decisions](const Decision &decision) { decisions->append(decision); });
        QTRY_COMPARE(m_heldReviews.size(), 1);
        QTest::qWait(50);
        QCOMPARE(m_tokenReviews.size(), 1);
        QCOMPARE(m_authorizer->reviewsInFlight(), 1);
        QVERIFY(decisions->isEmpty());
        QJsonObject review = m_tokenReviews.front();
        review.insert(u"status"_s, QJsonObject{{u"authenticated"_s, true}, {u"user"_s, user(u"alice"_s)}});
        m_heldReviews.takeFirst()(HttpResponse::json(review, 201));
        QTRY_COMPARE(decisions->size(), 3);
        for (const Decision &decision : std::as_const(*decisions))
            QCOMPARE(decision, (Decision{200, {}, u"alice"_s}));
        QCOMPARE(m_accessReviews.size(), 1);
        QCOMPARE(m_authorizer->reviewsInFlight(), 0);
    }

    // The API server does not answer: each caller gets 500 at its own deadline. The review goes on,
    // and later callers join it instead of sending another.
    void aSlowApiServerGets500AtTheDeadline()
    {
        QSignalSpy failures(m_authorizer.get(), &MetricsAuthorizer::reviewFailed);
        const auto first = std::make_shared<QList<Decision>>();
        m_authorizer->authorize("Bearer slow", u"get"_s, u"/metrics"_s,
                                [first](const Decision &decision) { first->append(decision); });
        QTRY_COMPARE(m_heldReviews.size(), 1);
        m_clock.advance(5'000);
        const auto second = std::make_shared<QList<Decision>>();
        m_authorizer->authorize("Bearer slow", u"get"_s, u"/metrics"_s,
                                [second](const Decision &decision) { second->append(decision); });
        m_clock.advance(4'999);
        QVERIFY(first->isEmpty());
        m_clock.advance(1);
        const Decision timedOut{500,
                                u"Authentication failed: the API server did not answer the token and access reviews "
                                "within 10000 ms"_s,
                                {}};
        QCOMPARE(*first, QList<Decision>{timedOut});
        QVERIFY(second->isEmpty());
        m_clock.advance(5'000);
        QCOMPARE(*second, QList<Decision>{timedOut});
        QCOMPARE(failures.size(), 2);
        QCOMPARE(m_tokenReviews.size(), 1);

        // The answer that comes late still fills the cache.
        QJsonObject review = m_tokenReviews.front();
        review.insert(u"status"_s, QJsonObject{{u"authenticated"_s, true}, {u"user"_s, user(u"bob"_s)}});
        m_heldReviews.takeFirst()(HttpResponse::json(review, 201));
        testsupport::await(m_authorizer->flush());
        QCOMPARE(first->size(), 1);
        QCOMPARE(check("slow"), (Decision{200, {}, u"bob"_s}));
        QCOMPARE(m_tokenReviews.size(), 1);
    }

    // Over HTTP: the scraper gets the 500 at the deadline, not the server's 503 much later.
    void aSlowApiServerOverHttp()
    {
        RawHttpClient client;
        QVERIFY(client.connectTo(m_metricsServer->serverPort()));
        client.send(get("Bearer slow"));
        QTRY_COMPARE(m_heldReviews.size(), 1);
        m_clock.advance(10'000);
        const std::optional<RawResponse> response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->status, 500);
        QCOMPARE(response->body, "Authentication failed: the API server did not answer the token and access reviews "
                                 "within 10000 ms\n");
    }

    // The scraper leaves while its review is in flight: the answer goes nowhere, and is cached.
    void aCallerThatLeavesDuringTheReview()
    {
        {
            RawHttpClient client;
            QVERIFY(client.connectTo(m_metricsServer->serverPort()));
            client.send(get("Bearer slow"));
            QTRY_COMPARE(m_heldReviews.size(), 1);
            client.socket()->abort();
        }
        QTRY_COMPARE(m_metricsServer->connectionCount(), 0);
        QJsonObject review = m_tokenReviews.front();
        review.insert(u"status"_s, QJsonObject{{u"authenticated"_s, true}, {u"user"_s, user(u"alice"_s)}});
        m_heldReviews.takeFirst()(HttpResponse::json(review, 201));
        testsupport::await(m_authorizer->flush());
        QCOMPARE(m_authorizer->cacheSize(), 1);
    }

    // Destroyed with a review in flight: its callers get 503 at once; the review's coroutine ends
    // harmlessly when its answer comes (the client is still there).
    void destroyedWithAReviewInFlight()
    {
        const auto decisions = std::make_shared<QList<Decision>>();
        m_authorizer->authorize("Bearer slow", u"get"_s, u"/metrics"_s,
                                [decisions](const Decision &decision) { decisions->append(decision); });
        QTRY_COMPARE(m_heldReviews.size(), 1);
        m_authorizer.reset();
        QCOMPARE(*decisions, QList<Decision>{(Decision{503, u"the metrics authorizer has stopped"_s, {}})});

        // The route now answers 503 at once.
        RawHttpClient client;
        QVERIFY(client.connectTo(m_metricsServer->serverPort()));
        client.send(get("Bearer alice"));
        const std::optional<RawResponse> response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->status, 503);
        QCOMPARE(response->body, "the metrics authorizer has stopped\n");

        const qint64 sent = m_client->requestCount();
        QJsonObject review = m_tokenReviews.front();
        review.insert(u"status"_s, QJsonObject{{u"authenticated"_s, true}, {u"user"_s, user(u"alice"_s)}});
        // The client reports the Warning while it reads the answer, in the same resumption that ends
        // the review's coroutine: once it is seen, nothing is in flight any more.
        HttpResponse answer = HttpResponse::json(review, 201);
        answer.headers.set("Warning", "299 - \"answered\"");
        QSignalSpy warnings(m_client.get(), &kube::KubeClient::warningReceived);
        m_heldReviews.takeFirst()(answer);
        QTRY_COMPARE(warnings.size(), 1);
        QCOMPARE(m_client->requestCount(), sent); // no access review after the authorizer went
        QCOMPARE(decisions->size(), 1);
    }

    void flushWaitsForTheReviewsInFlight()
    {
        m_authorizer->authorize("Bearer slow", u"get"_s, u"/metrics"_s, [](const Decision &) {});
        QTRY_COMPARE(m_heldReviews.size(), 1);
        const auto flushed = std::make_shared<bool>(false);
        auto flush = [](MetricsAuthorizer *authorizer, std::shared_ptr<bool> done) -> QCoro::Task<void> {
            co_await authorizer->flush();
            *done = true;
        };
        auto task = flush(m_authorizer.get(), flushed);
        QTest::qWait(100);
        QVERIFY(!*flushed);
        m_heldReviews.takeFirst()(status(500, u"InternalError"_s, u"no"_s));
        QTRY_VERIFY(*flushed);
        QCOMPARE(m_authorizer->reviewsInFlight(), 0);
    }

    void bearerTokens_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QByteArray>("token");
        QTest::newRow("plain") << QByteArray("Bearer abc") << QByteArray("abc");
        QTest::newRow("lower case") << QByteArray("bearer abc") << QByteArray("abc");
        QTest::newRow("trailing part ignored") << QByteArray("Bearer abc def") << QByteArray("abc");
        QTest::newRow("surrounding spaces") << QByteArray(" Bearer abc ") << QByteArray("abc");
        QTest::newRow("two spaces: empty token") << QByteArray("Bearer  abc") << QByteArray();
        QTest::newRow("no token") << QByteArray("Bearer") << QByteArray();
        QTest::newRow("other scheme") << QByteArray("Token abc") << QByteArray();
        QTest::newRow("empty") << QByteArray() << QByteArray();
    }

    void bearerTokens()
    {
        QFETCH(QByteArray, header);
        QFETCH(QByteArray, token);
        const std::optional<QByteArray> parsed = MetricsAuthorizer::bearerToken(header);
        QCOMPARE(parsed.value_or(QByteArray()), token);
        QCOMPARE(parsed.has_value(), !token.isEmpty());
    }
};

QTEST_GUILESS_MAIN(MetricsFilterTest)
#include "tst_metricsfilter.moc"

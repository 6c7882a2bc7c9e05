// The --metrics-secure filter against the real kube-apiserver (RBAC on): tokens issued by the
// kube-controller-manager for ServiceAccounts, TokenReview, SubjectAccessReview answered by RBAC from
// a ClusterRole's nonResourceURLs, and the cache sparing the API server.

#include "awaittask.h"
#include "httpserver/httpserver.h"
#include "kubetestcluster.h"
#include "metrics/metricsauthorizer.h"
#include "metrics/metricsregistry.h"
#include "metrics/metricsroute.h"

#include <QCoroNetworkReply>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace locust;
using namespace locust::kube;
using locust::metrics::MetricsAuthorizer;
using testsupport::await;
using Decision = MetricsAuthorizer::Decision;

namespace {

const ResourceType clusterRoles{u"rbac.authorization.k8s.io"_s, u"v1"_s, u"clusterroles"_s, u"ClusterRole"_s, false};
const ResourceType clusterRoleBindings{u"rbac.authorization.k8s.io"_s, u"v1"_s, u"clusterrolebindings"_s,
                                      u"ClusterRoleBinding"_s, false};

struct Fetched
{
    int status = 0;
    QByteArray body;
};

QCoro::Task<Fetched> fetch(QNetworkAccessManager &network, QUrl url, QByteArray authorization)
{
    QNetworkRequest request(url);
    if (!authorization.isEmpty())
        request.setRawHeader("Authorization", authorization);
    request.setTransferTimeout(30'000);
    QNetworkReply *reply = network.get(request);
    co_await reply;
    reply->deleteLater();
    co_return Fetched{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll()};
}

} // namespace

class MetricsAuthorizerTest : public QObject
{
    Q_OBJECT

private:
    testsupport::KubeTestCluster m_cluster = testsupport::KubeTestCluster::connect();
    std::unique_ptr<KubeClient> m_admin;
    QString m_namespace;
    QByteArray m_scraperToken;  // gets the metrics ClusterRole (grantScraper())
    QByteArray m_strangerToken; // never gets any RBAC
    QString m_clusterRole;      // unique names; created by grantScraper(), deleted at the end
    QString m_clusterRoleBinding;
    bool m_granted = false;

    QString serviceAccountUser(const QString &name) const
    {
        return u"system:serviceaccount:%1:%2"_s.arg(m_namespace, name);
    }

    // A ServiceAccount and the token the kube-controller-manager's token controller issues for it
    // (a Secret of type kubernetes.io/service-account-token, listed in the ServiceAccount in 1.20).
    QByteArray createServiceAccountToken(const QString &name)
    {
        const auto created = await(m_admin->create(
            ResourceType::serviceAccounts(),
            QJsonObject{{u"apiVersion"_s, u"v1"_s},
                        {u"kind"_s, u"ServiceAccount"_s},
                        {u"metadata"_s, QJsonObject{{u"name"_s, name}, {u"namespace"_s, m_namespace}}}}));
        if (!created)
            qFatal("cannot create the ServiceAccount %s: %s", qPrintable(name), qPrintable(created.errorMessage()));
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < 60'000) {
            const auto account = await(m_admin->get(ResourceType::serviceAccounts(), ObjectKey{m_namespace, name}));
            const QString secretName =
                account ? account->value(u"secrets").toArray().at(0).toObject().value(u"name").toString() : QString();
            if (!secretName.isEmpty()) {
                const auto secret = await(m_admin->get(ResourceType::secrets(), ObjectKey{m_namespace, secretName}));
                const QByteArray token = secret ? QByteArray::fromBase64(
                                                      secret->value(u"data").toObject().value(u"token").toString().toLatin1())
                                                : QByteArray();
                if (!token.isEmpty())
                    return token;
            }
            QTest::qWait(200);
        }
        qFatal("the token of ServiceAccount %s did not appear within 60 s", qPrintable(name));
        return {};
    }

    // Lets the scraper `get` /metrics through a ClusterRole and ClusterRoleBinding, and waits until
    // RBAC says so (its informers take a moment).
    void grantScraper()
    {
        if (m_granted)
            return;
        m_clusterRole = testsupport::uniqueName(u"metrics-reader"_s);
        m_clusterRoleBinding = testsupport::uniqueName(u"metrics-reader"_s);
        const auto role = await(m_admin->create(
            clusterRoles,
            QJsonObject{{u"apiVersion"_s, u"rbac.authorization.k8s.io/v1"_s},
                        {u"kind"_s, u"ClusterRole"_s},
                        {u"metadata"_s, QJsonObject{{u"name"_s, m_clusterRole}}},
                        {u"rules"_s, QJsonArray{QJsonObject{{u"nonResourceURLs"_s, QJsonArray{u"/metrics"_s}},
                                                            {u"verbs"_s, QJsonArray{u"get"_s}}}}}}));
        QVERIFY2(role, qPrintable(role.errorMessage()));
        const auto binding = await(m_admin->create(
            clusterRoleBindings,
            QJsonObject{{u"apiVersion"_s, u"rbac.authorization.k8s.io/v1"_s},
                        {u"kind"_s, u"ClusterRoleBinding"_s},
                        {u"metadata"_s, QJsonObject{{u"name"_s, m_clusterRoleBinding}}},
                        {u"roleRef"_s, QJsonObject{{u"apiGroup"_s, u"rbac.authorization.k8s.io"_s},
                                                   {u"kind"_s, u"ClusterRole"_s},
                                                   {u"name"_s, m_clusterRole}}},
                        {u"subjects"_s, QJsonArray{QJsonObject{{u"kind"_s, u"ServiceAccount"_s},
                                                               {u"name"_s, u"scraper"_s},
                                                               {u"namespace"_s, m_namespace}}}}}));
        QVERIFY2(binding, qPrintable(binding.errorMessage()));
        MetricsAuthorizer::Options uncached;
        uncached.cacheTtlMs = 0;
        MetricsAuthorizer authorizer(m_admin.get(), uncached);
        Decision decision;
        QElapsedTimer clock;
        clock.start();
        do {
            decision = await(authorizer.check("Bearer " + m_scraperToken, u"get"_s, u"/metrics"_s));
            if (!decision.allowed())
                QTest::qWait(200);
        } while (!decision.allowed() && clock.elapsed() < 30'000);
        QVERIFY2(decision.allowed(), qPrintable(decision.message));
        m_granted = true;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_admin = m_cluster.adminClient();
        m_namespace = m_cluster.createNamespace(*m_admin, u"metrics-authz"_s);
        m_scraperToken = createServiceAccountToken(u"scraper"_s);
        m_strangerToken = createServiceAccountToken(u"stranger"_s);
    }

    void cleanupTestCase()
    {
        if (!m_clusterRoleBinding.isEmpty())
            (void)await(m_admin->remove(clusterRoleBindings, ObjectKey{QString(), m_clusterRoleBinding}));
        if (!m_clusterRole.isEmpty())
            (void)await(m_admin->remove(clusterRoles, ObjectKey{QString(), m_clusterRole}));
        m_cluster.deleteNamespace(*m_admin, m_namespace);
    }

    void refusesCallersWithoutAValidToken_data()
    {
        QTest::addColumn<QByteArray>("authorization");
        QTest::addColumn<int>("apiCalls");
        QTest::newRow("no header") << QByteArray() << 0;
        QTest::newRow("basic auth") << QByteArray("Basic c2NyYXBlcjp4") << 0;
        QTest::newRow("garbage token") << QByteArray("Bearer not-a-token") << 1;
        QTest::newRow("JWT-shaped garbage") << QByteArray("Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl") << 1;
    }

    void refusesCallersWithoutAValidToken()
    {
        QFETCH(QByteArray, authorization);
        QFETCH(int, apiCalls);
        MetricsAuthorizer authorizer(m_admin.get());
        const qint64 before = m_admin->requestCount();
        QCOMPARE(await(authorizer.check(authorization, u"get"_s, u"/metrics"_s)), (Decision{401, u"Unauthorized"_s, {}}));
        QCOMPARE(m_admin->requestCount() - before, apiCalls);
    }

    // An authenticated ServiceAccount without RBAC for /metrics: 403 with the user's name.
    void deniesAServiceAccountWithoutRbac()
    {
        MetricsAuthorizer authorizer(m_admin.get());
        const qint64 before = m_admin->requestCount();
        const Decision decision = await(authorizer.check("Bearer " + m_strangerToken, u"get"_s, u"/metrics"_s));
        const QString user = serviceAccountUser(u"stranger"_s);
        QCOMPARE(decision, (Decision{403, u"Authorization denied for user "_s + user, user}));
        QCOMPARE(m_admin->requestCount() - before, 2);
    }

    // The ClusterRole's rule allows `get` on /metrics and nothing else.
    void allowsAServiceAccountWithTheMetricsClusterRole_data()
    {
        QTest::addColumn<QString>("verb");
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("status");
        QTest::newRow("get /metrics") << u"get"_s << u"/metrics"_s << 200;
        QTest::newRow("another path") << u"get"_s << u"/debug/pprof"_s << 403;
        QTest::newRow("another verb") << u"post"_s << u"/metrics"_s << 403;
    }

    void allowsAServiceAccountWithTheMetricsClusterRole()
    {
        QFETCH(QString, verb);
        QFETCH(QString, path);
        QFETCH(int, status);
        grantScraper();
        MetricsAuthorizer authorizer(m_admin.get());
        const QString user = serviceAccountUser(u"scraper"_s);
        const Decision decision = await(authorizer.check("Bearer " + m_scraperToken, verb, path));
        const Decision expected = status == 200 ? Decision{200, {}, user}
                                                : Decision{403, u"Authorization denied for user "_s + user, user};
        QCOMPARE(decision, expected);
        // The stranger is still refused.
        QCOMPARE(await(authorizer.check("Bearer " + m_strangerToken, u"get"_s, u"/metrics"_s)).status, 403);
    }

    // Within the TTL a decision costs no API call, per token.
    void cacheHitsDoNotCallTheApi()
    {
        grantScraper();
        MetricsAuthorizer authorizer(m_admin.get());
        const qint64 start = m_admin->requestCount();
        QVERIFY(await(authorizer.check("Bearer " + m_scraperToken, u"get"_s, u"/metrics"_s)).allowed());
        QCOMPARE(await(authorizer.check("Bearer " + m_strangerToken, u"get"_s, u"/metrics"_s)).status, 403);
        QCOMPARE(await(authorizer.check(QByteArray("Bearer garbage"), u"get"_s, u"/metrics"_s)).status, 401);
        QCOMPARE(m_admin->requestCount() - start, 5);
        for (int i = 0; i < 3; ++i) {
            QVERIFY(await(authorizer.check("Bearer " + m_scraperToken, u"get"_s, u"/metrics"_s)).allowed());
            QCOMPARE(await(authorizer.check("Bearer " + m_strangerToken, u"get"_s, u"/metrics"_s)).status, 403);
            QCOMPARE(await(authorizer.check(QByteArray("Bearer garbage"), u"get"_s, u"/metrics"_s)).status, 401);
        }
        QCOMPARE(m_admin->requestCount() - start, 5);
        QCOMPARE(authorizer.cacheSize(), 3);
    }

    // After the TTL the next check asks the API server again.
    void decisionsExpire()
    {
        grantScraper();
        MetricsAuthorizer::Options shortLived;
        shortLived.cacheTtlMs = 300;
        MetricsAuthorizer authorizer(m_admin.get(), shortLived);
        const qint64 start = m_admin->requestCount();
        QVERIFY(await(authorizer.check("Bearer " + m_scraperToken, u"get"_s, u"/metrics"_s)).allowed());
        QVERIFY(await(authorizer.check("Bearer " + m_scraperToken, u"get"_s, u"/metrics"_s)).allowed());
        QCOMPARE(m_admin->requestCount() - start, 2);
        QTest::qWait(400);
        QVERIFY(await(authorizer.check("Bearer " + m_scraperToken, u"get"_s, u"/metrics"_s)).allowed());
        QCOMPARE(m_admin->requestCount() - start, 4);
    }

    // An operator whose own ServiceAccount may not create TokenReviews: 500 saying what is missing.
    void theOperatorWithoutReviewRightsGets500()
    {
        ClientConfig config = m_cluster.adminConfig();
        config.clientCertificate = QSslCertificate();
        config.clientKey = QSslKey();
        config.bearerToken = QString::fromLatin1(m_strangerToken);
        KubeClient weak(config);
        MetricsAuthorizer authorizer(&weak);
        const Decision decision = await(authorizer.check("Bearer " + m_scraperToken, u"get"_s, u"/metrics"_s));
        QCOMPARE(decision.status, 500);
        QVERIFY2(decision.message.startsWith(u"Authentication failed: cannot review the token: Forbidden (403): "_s),
                 qPrintable(decision.message));
        QVERIFY2(decision.message.contains(serviceAccountUser(u"stranger"_s)), qPrintable(decision.message));
        QVERIFY2(decision.message.endsWith(
                     u"(the operator's ServiceAccount needs create on tokenreviews.authentication.k8s.io and "
                     "subjectaccessreviews.authorization.k8s.io)"_s),
                 qPrintable(decision.message));
        QCOMPARE(authorizer.cacheSize(), 0); // failures are not remembered
    }

    // The whole filter over HTTP, as Prometheus meets it.
    void servesMetricsOnlyToAllowedScrapers_data()
    {
        QTest::addColumn<QByteArray>("tokenOf");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("scraper") << QByteArray("scraper") << 200 << QByteArray("# HELP up Up.\n# TYPE up gauge\nup 1\n");
        QTest::newRow("stranger") << QByteArray("stranger") << 403 << QByteArray("Authorization denied for user %1\n");
        QTest::newRow("garbage") << QByteArray("garbage") << 401 << QByteArray("Unauthorized\n");
        QTest::newRow("nobody") << QByteArray() << 401 << QByteArray("Unauthorized\n");
    }

    void servesMetricsOnlyToAllowedScrapers()
    {
        QFETCH(QByteArray, tokenOf);
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        grantScraper();
        metrics::MetricsRegistry registry;
        registry.gauge(u"up"_s, u"Up."_s)->set({}, 1);
        MetricsAuthorizer authorizer(m_admin.get());
        httpserver::HttpServer server;
        metrics::routeMetrics(server, registry, &authorizer);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0).ok());

        const QByteArray token = tokenOf == "scraper" ? m_scraperToken
                               : tokenOf == "stranger" ? m_strangerToken
                                                       : tokenOf;
        QNetworkAccessManager network;
        const Fetched fetched = await(fetch(network, QUrl(u"http://127.0.0.1:%1/metrics"_s.arg(server.serverPort())),
                                            token.isEmpty() ? QByteArray() : "Bearer " + token));
        QCOMPARE(fetched.status, status);
        QCOMPARE(fetched.body, QByteArray(body).replace("%1", serviceAccountUser(u"stranger"_s).toUtf8()));
        await(authorizer.flush());
    }
};

QTEST_GUILESS_MAIN(MetricsAuthorizerTest)
#include "tst_metricsauthorizer.moc"

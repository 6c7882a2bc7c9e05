#pragma once

#include "httpserver/httpserver.h"
#include "kube/clock.h"
#include "kube/kubeclient.h"
#include "kube/waker.h"
#include "metrics/metricsauthorizeroptions.h"

#include <QByteArray>
#include <QCoroTask>
#include <QHash>
#include <QObject>
#include <QString>

#include <functional>
#include <optional>

namespace locust::metrics {

// What --metrics-secure=true does in controller-runtime (filters.WithAuthenticationAndAuthorization):
// a caller of the metrics endpoint must present "Authorization: Bearer <token>"; the token is checked
// with a TokenReview (authentication.k8s.io/v1), and the user it belongs to must be allowed the
// request's verb (GET and HEAD: "get") on the request's path ("/metrics") by a SubjectAccessReview
// (authorization.k8s.io/v1), which RBAC answers from nonResourceURLs rules. The operator's
// ServiceAccount therefore needs create on tokenreviews and subjectaccessreviews.
//
//  - no, malformed or rejected token: 401 "Unauthorized";
//  - not allowed: 403 "Authorization denied for user <name>[: <reason>]";
//  - the API server failed or did not answer within reviewTimeoutMs: 500 saying what failed, and
//    reviewFailed() for the log.
//
// Decisions (allowed, 401, 403; not failures) are cached per token, verb and path for cacheTtlMs, in
// a bounded cache that keeps only a hash of the token, so a scrape every few seconds does not cost
// two API calls each. Callers with the same token that arrive while its review is in flight wait for
// that review instead of starting another.
//
// Reviews are requests of the KubeClient: await flush() before destroying the client (a request in
// flight then would never resume its coroutine, whose frame would leak). Single-threaded.
class MetricsAuthorizer : public QObject
{
    Q_OBJECT

public:
    using Options = MetricsAuthorizerOptions;

    struct Decision
    {
        int status = 500;  // 200 allowed; 401, 403, 500, 503 refused
        QString message;   // the refusal's response body
        QString user;      // the authenticated user's name, when known

        bool allowed() const { return status == 200; }
        bool operator==(const Decision &) const = default;
    };

    explicit MetricsAuthorizer(kube::KubeClient *client, Options options = {}, kube::Clock *clock = kube::Clock::system(),
                               QObject *parent = nullptr);
    // Callers still waiting get 503 "the metrics authorizer has stopped".
    ~MetricsAuthorizer() override;

    // Decides whether a request with this Authorization header value may do verb on path. done is
    // called exactly once, on this thread: possibly before this returns (no token, a cached decision),
    // at the latest after reviewTimeoutMs.
    void authorize(const QByteArray &authorization, const QString &verb, const QString &path,
                   std::function<void(const Decision &)> done);
    // The same, awaitable.
    QCoro::Task<Decision> check(QByteArray authorization, QString verb, QString path);

    // handler, served only to callers this authorizer allows; others get the refusal as a plain-text
    // response with its status. For HttpServer::routeAsync.
    httpserver::HttpServer::AsyncHandler protect(httpserver::HttpServer::Handler handler);

    // Resumes once no review is in flight.
    QCoro::Task<void> flush();
    int reviewsInFlight() const { return m_inFlight; }
    qsizetype cacheSize() const { return m_cache.size(); }

    // The token of "Bearer <token>" (the scheme in any case, surrounding spaces ignored, as
    // Kubernetes reads it); nothing when there is none.
    static std::optional<QByteArray> bearerToken(const QByteArray &authorization);
    // The verb an HTTP method asks for: lower case, HEAD as "get" (as the API server maps it).
    static QString verbOf(const QByteArray &method);

Q_SIGNALS:
    // A review failed (the caller got 500): for the daemon's log.
    void reviewFailed(const QString &message);

private:
    struct Waiter
    {
        quint64 id = 0;
        std::function<void(const Decision &)> done;
    };
    struct CacheEntry
    {
        Decision decision;
        qint64 expiresAtMs = 0;
    };

    QCoro::Task<void> review(QByteArray key, QByteArray token, QString verb, QString path);
    void giveUp(const QByteArray &key, quint64 waiterId);
    std::optional<Decision> cached(const QByteArray &key);
    void remember(const QByteArray &key, const Decision &decision);

    kube::KubeClient *m_client;
    Options m_options;
    kube::Clock *m_clock;
    QHash<QByteArray, CacheEntry> m_cache;     // by cache key (token hash, verb, path)
    QHash<QByteArray, QList<Waiter>> m_waiting; // by cache key: a review is in flight for each key here
    quint64 m_nextWaiterId = 0;
    int m_inFlight = 0;
    kube::Waker m_idle;
    bool m_stopping = false;
};

} // namespace locust::metrics

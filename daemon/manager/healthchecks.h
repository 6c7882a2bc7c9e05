#pragma once

#include "httpserver/httprequest.h"
#include "httpserver/httpresponse.h"

#include <QList>
#include <QString>

#include <functional>
#include <optional>

namespace locust::httpserver {
class HttpServer;
}

namespace locust::manager {

// The liveness and readiness endpoints of the probe listener, as controller-runtime serves them:
//   /healthz, /readyz            200 "ok" when every check passes, else 500 listing each check
//   /healthz/<name>, /readyz/<name>  one check
//   ?verbose                     the list even when everything passes
// A check returns nothing when it passes, or why it fails. Checks must answer at once (they
// report state kept up to date elsewhere, e.g. the last webhook TLS probe).
class HealthChecks
{
public:
    using Check = std::function<std::optional<QString>()>;

    // "ping" (always passing) is in both sets from the start.
    HealthChecks();

    void addLivenessCheck(const QString &name, Check check);
    void addReadinessCheck(const QString &name, Check check);

    httpserver::HttpResponse liveness(const httpserver::HttpRequest &request) const;
    httpserver::HttpResponse readiness(const httpserver::HttpRequest &request) const;

    // GET routes for both endpoints, each check's sub-path included, on server. Call it after the
    // last addReadinessCheck(); this object must outlive server.
    void registerRoutes(httpserver::HttpServer &server) const;

private:
    struct NamedCheck
    {
        QString name;
        Check check;
    };
    static httpserver::HttpResponse respond(const QString &endpoint, const QList<NamedCheck> &checks,
                                            const httpserver::HttpRequest &request);

    QList<NamedCheck> m_liveness;
    QList<NamedCheck> m_readiness;
};

} // namespace locust::manager

#include "manager/healthchecks.h"

#include "httpserver/httpserver.h"

using namespace Qt::StringLiterals;
using namespace locust::httpserver;

namespace locust::manager {

namespace {

bool isVerbose(const QByteArray &query)
{
    for (const QByteArray &item : query.split('&')) {
        if (item == "verbose" || item.startsWith("verbose="))
            return true;
    }
    return false;
}

} // namespace

HealthChecks::HealthChecks()
{
    const Check ping = [] { return std::optional<QString>(); };
    m_liveness.append({u"ping"_s, ping});
    m_readiness.append({u"ping"_s, ping});
}

void HealthChecks::addLivenessCheck(const QString &name, Check check)
{
    m_liveness.append({name, std::move(check)});
}

void HealthChecks::addReadinessCheck(const QString &name, Check check)
{
    m_readiness.append({name, std::move(check)});
}

HttpResponse HealthChecks::liveness(const HttpRequest &request) const
{
    return respond(u"healthz"_s, m_liveness, request);
}

HttpResponse HealthChecks::readiness(const HttpRequest &request) const
{
    return respond(u"readyz"_s, m_readiness, request);
}

HttpResponse HealthChecks::respond(const QString &endpoint, const QList<NamedCheck> &checks,
                                   const HttpRequest &request)
{
    const QString prefix = u'/' + endpoint;
    QString only; // one check's sub-path, or all of them
    if (request.path.size() > prefix.size())
        only = request.path.mid(prefix.size() + 1);

    QString report;
    bool healthy = true;
    bool found = only.isEmpty();
    for (const NamedCheck &named : checks) {
        if (!only.isEmpty() && named.name != only)
            continue;
        found = true;
        const std::optional<QString> failure = named.check();
        if (failure) {
            healthy = false;
            report += u"[-]%1 failed: %2\n"_s.arg(named.name, *failure);
        } else {
            report += u"[+]%1 ok\n"_s.arg(named.name);
        }
    }
    if (!found)
        return HttpResponse::error(404, u"no %1 check named \"%2\""_s.arg(endpoint, only));
    if (!healthy)
        return HttpResponse::text(report + endpoint + u" check failed\n"_s, 500);
    if (isVerbose(request.query))
        return HttpResponse::text(report + endpoint + u" check passed\n"_s);
    return HttpResponse::text(u"ok"_s);
}

void HealthChecks::registerRoutes(HttpServer &server) const
{
    const auto live = [this](const HttpRequest &request) { return liveness(request); };
    const auto ready = [this](const HttpRequest &request) { return readiness(request); };
    server.route("GET", u"/healthz"_s, live);
    server.route("GET", u"/readyz"_s, ready);
    for (const NamedCheck &named : m_liveness)
        server.route("GET", u"/healthz/"_s + named.name, live);
    for (const NamedCheck &named : m_readiness)
        server.route("GET", u"/readyz/"_s + named.name, ready);
}

} // namespace locust::manager

#include "metrics/metricsauthorizer.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QPointer>

#include <memory>

using namespace Qt::StringLiterals;

namespace locust::metrics {

namespace {

const kube::ResourceType tokenReviews{u"authentication.k8s.io"_s, u"v1"_s, u"tokenreviews"_s, u"TokenReview"_s, false};
const kube::ResourceType subjectAccessReviews{u"authorization.k8s.io"_s, u"v1"_s, u"subjectaccessreviews"_s,
                                              u"SubjectAccessReview"_s, false};

// The body controller-runtime's filter sends for a token it does not accept.
MetricsAuthorizer::Decision unauthorized()
{
    return {401, u"Unauthorized"_s, {}};
}

MetricsAuthorizer::Decision stopped()
{
    return {503, u"the metrics authorizer has stopped"_s, {}};
}

// What an operator reading the 500 needs to know when the operator itself may not ask.
QString permissionHint(const kube::ApiError &error)
{
    return error.isForbidden()
        ? u" (the operator's ServiceAccount needs create on tokenreviews.authentication.k8s.io and "
          "subjectaccessreviews.authorization.k8s.io)"_s
        : QString();
}

QByteArray cacheKey(const QByteArray &token, const QString &verb, const QString &path)
{
    // Only a hash of the token is kept in memory.
    return QCryptographicHash::hash(token, QCryptographicHash::Sha256) + '\0' + verb.toUtf8() + '\0' + path.toUtf8();
}

QJsonObject subjectAccessReview(const QJsonObject &user, const QString &verb, const QString &path)
{
    QJsonObject spec{{u"user"_s, user.value(u"username").toString()},
                     {u"nonResourceAttributes"_s, QJsonObject{{u"path"_s, path}, {u"verb"_s, verb}}}};
    if (const QString uid = user.value(u"uid").toString(); !uid.isEmpty())
        spec.insert(u"uid"_s, uid);
    if (const QJsonArray groups = user.value(u"groups").toArray(); !groups.isEmpty())
        spec.insert(u"groups"_s, groups);
    if (const QJsonObject extra = user.value(u"extra").toObject(); !extra.isEmpty())
        spec.insert(u"extra"_s, extra);
    return QJsonObject{{u"apiVersion"_s, subjectAccessReviews.apiVersion()},
                       {u"kind"_s, subjectAccessReviews.kind},
                       {u"spec"_s, spec}};
}

} // namespace

MetricsAuthorizer::MetricsAuthorizer(kube::KubeClient *client, Options options, kube::Clock *clock, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_options(options)
    , m_clock(clock)
{
}

MetricsAuthorizer::~MetricsAuthorizer()
{
    m_stopping = true;
    // Reviews still in flight end without touching this object (they check it is still there); flush()
    // waiters are let go now, while the object is whole, rather than by the Waker's destructor.
    m_inFlight = 0;
    m_idle.wakeAll();
    const QHash<QByteArray, QList<Waiter>> waiting = std::exchange(m_waiting, {});
    for (const QList<Waiter> &waiters : waiting) {
        for (const Waiter &waiter : waiters)
            waiter.done(stopped());
    }
}

std::optional<QByteArray> MetricsAuthorizer::bearerToken(const QByteArray &authorization)
{
    // k8s.io/apiserver's bearertoken authenticator: "<scheme> <token>[ <ignored>]".
    const QList<QByteArray> parts = authorization.trimmed().split(' ');
    if (parts.size() < 2 || parts.at(0).toLower() != "bearer" || parts.at(1).isEmpty())
        return std::nullopt;
    return parts.at(1);
}

QString MetricsAuthorizer::verbOf(const QByteArray &method)
{
    return method == "HEAD" ? u"get"_s : QString::fromLatin1(method).toLower();
}

void MetricsAuthorizer::authorize(const QByteArray &authorization, const QString &verb, const QString &path,
                                  std::function<void(const Decision &)> done)
{
    if (m_stopping) {
        done(stopped());
        return;
    }
    const std::optional<QByteArray> token = bearerToken(authorization);
    if (!token) {
        done(unauthorized());
        return;
    }
    const QByteArray key = cacheKey(*token, verb, path);
    if (const std::optional<Decision> decision = cached(key)) {
        done(*decision);
        return;
    }

    const quint64 id = ++m_nextWaiterId;
    const bool reviewing = m_waiting.contains(key);
    m_waiting[key].append(Waiter{id, std::move(done)});
    // Each caller gets its own deadline, also one that joins a review started long ago.
    m_clock->callAt(m_clock->nowMs() + m_options.reviewTimeoutMs, this, [this, key, id] { giveUp(key, id); });
    if (!reviewing)
        review(key, *token, verb, path);
}

QCoro::Task<MetricsAuthorizer::Decision> MetricsAuthorizer::check(QByteArray authorization, QString verb, QString path)
{
    struct Outcome
    {
        std::optional<Decision> decision;
        kube::Waker decided;
    };
    const auto outcome = std::make_shared<Outcome>();
    authorize(authorization, verb, path, [outcome](const Decision &decision) {
        outcome->decision = decision;
        outcome->decided.wakeAll();
    });
    while (!outcome->decision)
        co_await outcome->decided.wait();
    co_return *outcome->decision;
}

httpserver::HttpServer::AsyncHandler MetricsAuthorizer::protect(httpserver::HttpServer::Handler handler)
{
    return [self = QPointer<MetricsAuthorizer>(this), handler = std::move(handler)](
               const httpserver::HttpRequest &request, httpserver::Responder respond) {
        if (!self) {
            respond(httpserver::HttpResponse::error(503, stopped().message));
            return;
        }
        self->authorize(request.headers.value("authorization"), verbOf(request.method), request.path,
                        [handler, request, respond](const Decision &decision) {
                            if (!respond.isWaiting())
                                return; // the client has gone (or got its 503): nothing to build
                            respond(decision.allowed() ? handler(request)
                                                       : httpserver::HttpResponse::error(decision.status,
                                                                                         decision.message));
                        });
    };
}

QCoro::Task<void> MetricsAuthorizer::flush()
{
    QPointer<MetricsAuthorizer> self(this);
    while (self && m_inFlight > 0)
        co_await m_idle.wait();
}

QCoro::Task<void> MetricsAuthorizer::review(QByteArray key, QByteArray token, QString verb, QString path)
{
    QPointer<MetricsAuthorizer> self(this);
    kube::KubeClient *client = m_client;
    ++m_inFlight;
    Decision decision;

    const QJsonObject tokenReview{{u"apiVersion"_s, tokenReviews.apiVersion()},
                                  {u"kind"_s, tokenReviews.kind},
                                  {u"spec"_s, QJsonObject{{u"token"_s, QString::fromUtf8(token)}}}};
    const kube::ApiResult<QJsonObject> authenticated = co_await client->create(tokenReviews, tokenReview);
    if (!self)
        co_return; // destroyed meanwhile; its callers have had their 503
    const QJsonObject tokenStatus = authenticated ? authenticated->value(u"status").toObject() : QJsonObject();
    const QJsonObject user = tokenStatus.value(u"user").toObject();
    const QString userName = user.value(u"username").toString();
    if (!authenticated) {
        decision = {500,
                    u"Authentication failed: cannot review the token: "_s + authenticated.error().toString()
                        + permissionHint(authenticated.error()),
                    {}};
    } else if (!tokenStatus.value(u"authenticated").toBool()) {
        decision = unauthorized();
    } else {
        const kube::ApiResult<QJsonObject> authorized =
            co_await client->create(subjectAccessReviews, subjectAccessReview(user, verb, path));
        if (!self)
            co_return;
        const QJsonObject accessStatus = authorized ? authorized->value(u"status").toObject() : QJsonObject();
        if (!authorized) {
            decision = {500,
                        u"Authorization for user %1 failed: cannot review its access: %2%3"_s.arg(
                            userName, authorized.error().toString(), permissionHint(authorized.error())),
                        userName};
        } else if (accessStatus.value(u"allowed").toBool() && !accessStatus.value(u"denied").toBool()) {
            decision = {200, {}, userName};
        } else {
            QString reason = accessStatus.value(u"reason").toString();
            if (reason.isEmpty())
                reason = accessStatus.value(u"evaluationError").toString();
            decision = {403,
                        u"Authorization denied for user "_s + userName + (reason.isEmpty() ? QString() : u": "_s + reason),
                        userName};
        }
    }

    if (decision.status != 500)
        remember(key, decision);
    const QList<Waiter> waiters = m_waiting.take(key);
    // What follows may destroy this authorizer (a flush() waiter, a slot, a callback): the state is
    // settled first, and nothing touches it after.
    if (--m_inFlight == 0)
        m_idle.wakeAll();
    if (decision.status == 500 && self)
        Q_EMIT reviewFailed(decision.message);
    for (const Waiter &waiter : waiters)
        waiter.done(decision);
}

void MetricsAuthorizer::giveUp(const QByteArray &key, quint64 waiterId)
{
    const auto waiting = m_waiting.find(key);
    if (waiting == m_waiting.end())
        return;
    for (qsizetype i = 0; i < waiting->size(); ++i) {
        if (waiting->at(i).id != waiterId)
            continue;
        // The key stays while the review is in flight, so later callers join it instead of adding
        // another request to a slow API server.
        const Waiter waiter = waiting->takeAt(i);
        const Decision decision{500,
                                u"Authentication failed: the API server did not answer the token and access "
                                "reviews within %1 ms"_s.arg(m_options.reviewTimeoutMs),
                                {}};
        Q_EMIT reviewFailed(decision.message);
        waiter.done(decision);
        return;
    }
}

std::optional<MetricsAuthorizer::Decision> MetricsAuthorizer::cached(const QByteArray &key)
{
    const auto entry = m_cache.find(key);
    if (entry == m_cache.end())
        return std::nullopt;
    if (entry->expiresAtMs <= m_clock->nowMs()) {
        m_cache.erase(entry);
        return std::nullopt;
    }
    return entry->decision;
}

void MetricsAuthorizer::remember(const QByteArray &key, const Decision &decision)
{
    if (m_options.cacheTtlMs <= 0 || m_options.maxCacheEntries <= 0)
        return;
    const qint64 now = m_clock->nowMs();
    if (m_cache.size() >= m_options.maxCacheEntries && !m_cache.contains(key)) {
        m_cache.removeIf([now](const auto &entry) { return entry.value().expiresAtMs <= now; });
        if (m_cache.size() >= m_options.maxCacheEntries) {
            // Full of live entries (many distinct tokens): the one closest to expiry goes.
            auto oldest = m_cache.begin();
            for (auto it = m_cache.begin(); it != m_cache.end(); ++it) {
                if (it->expiresAtMs < oldest->expiresAtMs)
                    oldest = it;
            }
            m_cache.erase(oldest);
        }
    }
    m_cache.insert(key, CacheEntry{decision, now + m_options.cacheTtlMs});
}

} // namespace locust::metrics

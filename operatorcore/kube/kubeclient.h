#pragma once

#include "kube/apierror.h"
#include "kube/clientconfig.h"
#include "kube/clock.h"
#include "kube/resourcetype.h"

#include <QCoroTask>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QUrlQuery>

#include <memory>
#include <optional>

class QNetworkAccessManager;
class QNetworkRequest;

namespace locust::kube {

struct Credentials;
class CredentialProvider;
class WatchStream;
class RateLimiter;

struct ListOptions
{
    QString labelSelector;
    QString fieldSelector;
    int limit = 0;            // page size; 0 = no paging
    QString continueToken;
    QString resourceVersion;  // "" = most recent (a consistent read), "0" = any (the watch cache)
    int timeoutSeconds = 0;   // watch only
    bool allowWatchBookmarks = false;
};

struct WriteOptions
{
    bool dryRun = false;      // dryRun=All: validated and admitted, not stored
    QString fieldManager;
    bool force = false;       // server-side apply: take over conflicting fields
};

struct DeleteOptions
{
    QString propagationPolicy; // Background, Foreground or Orphan; "" = the server's default
    std::optional<qint64> gracePeriodSeconds;
    QString preconditionUid;
    QString preconditionResourceVersion;
    bool dryRun = false;
};

enum class PatchType {
    Merge,    // application/merge-patch+json
    Json,     // application/json-patch+json
    Strategic // application/strategic-merge-patch+json (built-in types only)
};

// One page of a list.
struct ObjectList
{
    QList<QJsonObject> items;
    QString resourceVersion;
    QString continueToken; // empty on the last page
};

// A thin Kubernetes REST client over QNetworkAccessManager. Requests are coroutines returning an
// ApiResult: the object, or a typed ApiError. Objects are JSON. It authenticates with a
// CredentialProvider (retrying once with fresh credentials after a 401 when they can be
// refreshed), throttles itself (a qps/burst token bucket), never follows redirects, bounds every
// request's duration, and reports the API server's Warning headers through warningReceived().
// Watches run on their own connections (see WatchStream), so they never starve requests.
class KubeClient : public QObject
{
    Q_OBJECT

public:
    explicit KubeClient(ClientConfig config, Clock *clock = Clock::system(), QObject *parent = nullptr);
    ~KubeClient() override;

    const ClientConfig &config() const { return m_config; }
    CredentialProvider *credentials() const { return m_credentials.get(); }

    QCoro::Task<ApiResult<QJsonObject>> get(const ResourceType &type, const ObjectKey &key,
                                            const QString &subresource = {});
    // One page.
    QCoro::Task<ApiResult<ObjectList>> list(const ResourceType &type, const QString &namespaceName,
                                            const ListOptions &options = {});
    // Every page, following `continue` (options.limit is the page size; 500 when 0).
    QCoro::Task<ApiResult<ObjectList>> listAll(const ResourceType &type, const QString &namespaceName,
                                               ListOptions options = {});
    // The namespace comes from the object's metadata, else the configuration's namespace.
    QCoro::Task<ApiResult<QJsonObject>> create(const ResourceType &type, const QJsonObject &object,
                                               const WriteOptions &options = {});
    // PUT: the object must carry its metadata.resourceVersion (optimistic concurrency).
    QCoro::Task<ApiResult<QJsonObject>> update(const ResourceType &type, const QJsonObject &object,
                                               const WriteOptions &options = {});
    QCoro::Task<ApiResult<QJsonObject>> updateStatus(const ResourceType &type, const QJsonObject &object,
                                                     const WriteOptions &options = {});
    QCoro::Task<ApiResult<QJsonObject>> patch(const ResourceType &type, const ObjectKey &key, PatchType patchType,
                                              const QByteArray &patch, const WriteOptions &options = {},
                                              const QString &subresource = {});
    // Server-side apply of the fields in `object` (apiVersion, kind, metadata.name required).
    QCoro::Task<ApiResult<QJsonObject>> apply(const ResourceType &type, const QJsonObject &object,
                                              const WriteOptions &options, const QString &subresource = {});
    // The deleted object, or the Status the server returns for it.
    QCoro::Task<ApiResult<QJsonObject>> remove(const ResourceType &type, const ObjectKey &key,
                                               const DeleteOptions &options = {});

    // Any request; the JSON body of a 2xx answer.
    QCoro::Task<ApiResult<QJsonObject>> request(const QByteArray &method, const QString &path,
                                                const QUrlQuery &query = {}, const QByteArray &body = {},
                                                const QByteArray &contentType = {});

    // Starts a watch (?watch=1). The stream belongs to `parent`; see WatchStream for its signals.
    WatchStream *watch(const ResourceType &type, const QString &namespaceName, const ListOptions &options,
                       QObject *parent);

    // Requests sent so far (for benchmarks and tests that count API calls).
    qint64 requestCount() const { return m_requestCount; }

    static constexpr int requestTimeoutMs = 60'000;

Q_SIGNALS:
    void warningReceived(const QString &warning);

private:
    friend class WatchStream;

    struct Response
    {
        int httpStatus = 0;
        QByteArray body;
    };
    // Throttles, authenticates and sends; retries once after a 401 when credentials can be refreshed.
    QCoro::Task<ApiResult<Response>> send(QByteArray method, QString path, QUrlQuery query, QByteArray body,
                                          QByteArray contentType);
    QCoro::Task<void> throttle();
    QNetworkRequest makeRequest(const QString &path, const QUrlQuery &query, const Credentials &credentials,
                                const QByteArray &accept, const QByteArray &contentType) const;
    QString describeTransportError(int networkError, const QString &errorString, const QStringList &sslErrors) const;
    static QUrlQuery listQuery(const ListOptions &options);
    static ApiResult<QJsonObject> toObject(const ApiResult<Response> &response);
    QString namespaceOf(const QJsonObject &object) const;

    ClientConfig m_config;
    Clock *m_clock;
    std::unique_ptr<CredentialProvider> m_credentials;
    std::unique_ptr<RateLimiter> m_throttle;
    QNetworkAccessManager *m_network;
    qint64 m_requestCount = 0;
};

} // namespace locust::kube

#include "kube/kubeclient.h"

#include "kube/credentialprovider.h"
#include "kube/ratelimiter.h"
#include "kube/watchstream.h"

#include <QCoroNetworkReply>
#include <QCoroTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSslConfiguration>

using namespace Qt::StringLiterals;

namespace locust::kube {

namespace {

// The text of each Warning header ("299 - \"text\""), as kubectl prints it.
QStringList warningTexts(const QByteArray &header)
{
    static const QRegularExpression warning(uR"re(\d{3} \S+ "((?:[^"\\]|\\.)*)")re"_s);
    QStringList texts;
    auto matches = warning.globalMatch(QString::fromUtf8(header));
    while (matches.hasNext()) {
        QString text = matches.next().captured(1);
        text.replace(u"\\\""_s, u"\""_s).replace(u"\\\\"_s, u"\\"_s);
        texts << text;
    }
    return texts;
}

QByteArray patchContentType(PatchType type)
{
    switch (type) {
    case PatchType::Merge:
        return "application/merge-patch+json";
    case PatchType::Json:
        return "application/json-patch+json";
    case PatchType::Strategic:
        return "application/strategic-merge-patch+json";
    }
    return {};
}

void addWriteOptions(QUrlQuery &query, const WriteOptions &options)
{
    if (options.dryRun)
        query.addQueryItem(u"dryRun"_s, u"All"_s);
    if (!options.fieldManager.isEmpty())
        query.addQueryItem(u"fieldManager"_s, options.fieldManager);
}

QByteArray toJson(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

KubeClient::KubeClient(ClientConfig config, Clock *clock, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_clock(clock)
    , m_credentials(std::make_unique<CredentialProvider>(m_config, clock))
    , m_network(new QNetworkAccessManager(this))
{
    if (m_config.qps > 0)
        m_throttle = std::make_unique<BucketRateLimiter>(m_config.qps, std::max(1, m_config.burst), clock);
    if (m_config.proxy.isValid() && !m_config.proxy.isEmpty()) {
        const auto type = m_config.proxy.scheme().startsWith(u"socks") ? QNetworkProxy::Socks5Proxy
                                                                       : QNetworkProxy::HttpProxy;
        m_network->setProxy(QNetworkProxy(type, m_config.proxy.host(), quint16(m_config.proxy.port(8080)),
                                          m_config.proxy.userName(), m_config.proxy.password()));
    } else {
        m_network->setProxy(QNetworkProxy::NoProxy);
    }
}

KubeClient::~KubeClient() = default;

QCoro::Task<void> KubeClient::throttle()
{
    if (!m_throttle)
        co_return;
    const qint64 delayMs = m_throttle->whenMs(QString());
    if (delayMs > 0)
        co_await QCoro::sleepFor(std::chrono::milliseconds(delayMs));
}

QNetworkRequest KubeClient::makeRequest(const QString &path, const QUrlQuery &query, const Credentials &credentials,
                                        const QByteArray &accept, const QByteArray &contentType) const
{
    QUrl url = m_config.server;
    QString basePath = url.path();
    if (basePath.endsWith(u'/'))
        basePath.chop(1);
    url.setPath(basePath + path);
    url.setQuery(query);

    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setRawHeader("Accept", accept);
    request.setRawHeader("User-Agent", m_config.userAgent.toUtf8());
    if (!contentType.isEmpty())
        request.setRawHeader("Content-Type", contentType);
    if (!credentials.bearerToken.isEmpty()) {
        request.setRawHeader("Authorization", "Bearer " + credentials.bearerToken.toUtf8());
    } else if (!credentials.username.isEmpty()) {
        request.setRawHeader("Authorization",
                             "Basic " + (credentials.username + u':' + credentials.password).toUtf8().toBase64());
    }
    if (!m_config.impersonateUser.isEmpty())
        request.setRawHeader("Impersonate-User", m_config.impersonateUser.toUtf8());
    for (const QString &group : m_config.impersonateGroups)
        request.setRawHeader("Impersonate-Group", group.toUtf8());

    if (url.scheme() == u"https") {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.setProtocol(QSsl::TlsV1_2OrLater);
        if (m_config.insecureSkipTlsVerify)
            ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
        else if (!m_config.caCertificates.isEmpty())
            ssl.setCaCertificates(m_config.caCertificates); // only the kubeconfig's CAs are trusted
        if (!credentials.clientCertificate.isNull()) {
            ssl.setLocalCertificate(credentials.clientCertificate);
            ssl.setPrivateKey(credentials.clientKey);
        }
        request.setSslConfiguration(ssl);
        if (!m_config.tlsServerName.isEmpty())
            request.setPeerVerifyName(m_config.tlsServerName);
    }
    return request;
}

QString KubeClient::describeTransportError(int networkError, const QString &errorString,
                                           const QStringList &sslErrors) const
{
    const QString server = m_config.server.toString();
    const QString where = m_config.contextName.isEmpty() ? QString()
                                                         : u" (context \"%1\" in %2)"_s.arg(m_config.contextName,
                                                                                           m_config.source);
    if (!sslErrors.isEmpty() || networkError == QNetworkReply::SslHandshakeFailedError) {
        QString text = u"TLS connection to %1 failed: %2"_s.arg(
            server, sslErrors.isEmpty() ? errorString : sslErrors.join(u"; "_s));
        if (!m_config.caCertificates.isEmpty())
            text += u". The server's certificate is not trusted by the certificate-authority configured"_s + where;
        return text;
    }
    if (networkError == QNetworkReply::OperationCanceledError || networkError == QNetworkReply::TimeoutError)
        return u"request to %1 timed out or was cancelled"_s.arg(server);
    return u"cannot reach %1%2: %3"_s.arg(server, where, errorString);
}

QCoro::Task<ApiResult<KubeClient::Response>> KubeClient::send(QByteArray method, QString path, QUrlQuery query,
                                                              QByteArray body, QByteArray contentType)
{
    for (int attempt = 0;; ++attempt) {
        co_await throttle();
        const Result<Credentials> credentials = co_await m_credentials->current();
        if (!credentials)
            co_return ApiError::credentials(credentials.errorMessage());

        QNetworkRequest request = makeRequest(path, query, *credentials, "application/json", contentType);
        request.setTransferTimeout(requestTimeoutMs);
        QNetworkReply *reply = method == "GET" ? m_network->get(request)
                                               : m_network->sendCustomRequest(request, method, body);
        ++m_requestCount;
        QStringList sslErrors;
        connect(reply, &QNetworkReply::sslErrors, reply, [&sslErrors](const QList<QSslError> &errors) {
            for (const QSslError &error : errors)
                sslErrors << error.errorString();
        });
        co_await reply;
        reply->deleteLater();

        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        for (const QString &warning : warningTexts(reply->rawHeader("Warning")))
            Q_EMIT warningReceived(warning);
        if (status == 0)
            co_return ApiError::transport(describeTransportError(reply->error(), reply->errorString(), sslErrors));
        const QByteArray responseBody = reply->readAll();
        if (status == 401 && attempt == 0 && m_credentials->invalidate())
            continue; // the token may have rotated or expired: once more with fresh credentials
        if (status >= 200 && status < 300)
            co_return Response{status, responseBody};
        co_return ApiError::fromResponse(status, responseBody);
    }
}

ApiResult<QJsonObject> KubeClient::toObject(const ApiResult<Response> &response)
{
    if (!response)
        return response.error();
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(response->body, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return ApiError::decode(u"the server's answer is not a JSON object: "_s + error.errorString());
    return document.object();
}

QString KubeClient::namespaceOf(const QJsonObject &object) const
{
    const QString ns = object.value(u"metadata").toObject().value(u"namespace").toString();
    return ns.isEmpty() ? m_config.namespaceName : ns;
}

QUrlQuery KubeClient::listQuery(const ListOptions &options)
{
    QUrlQuery query;
    if (!options.labelSelector.isEmpty())
        query.addQueryItem(u"labelSelector"_s, options.labelSelector);
    if (!options.fieldSelector.isEmpty())
        query.addQueryItem(u"fieldSelector"_s, options.fieldSelector);
    if (options.limit > 0)
        query.addQueryItem(u"limit"_s, QString::number(options.limit));
    if (!options.continueToken.isEmpty())
        query.addQueryItem(u"continue"_s, options.continueToken);
    if (!options.resourceVersion.isEmpty())
        query.addQueryItem(u"resourceVersion"_s, options.resourceVersion);
    if (options.timeoutSeconds > 0)
        query.addQueryItem(u"timeoutSeconds"_s, QString::number(options.timeoutSeconds));
    if (options.allowWatchBookmarks)
        query.addQueryItem(u"allowWatchBookmarks"_s, u"true"_s);
    return query;
}

QCoro::Task<ApiResult<QJsonObject>> KubeClient::request(const QByteArray &method, const QString &path,
                                                        const QUrlQuery &query, const QByteArray &body,
                                                        const QByteArray &contentType)
{
    co_return toObject(co_await send(method, path, query, body, contentType));
}

QCoro::Task<ApiResult<QJsonObject>> KubeClient::get(const ResourceType &type, const ObjectKey &key,
                                                    const QString &subresource)
{
    co_return toObject(co_await send("GET", type.objectPath(key, subresource), {}, {}, {}));
}

QCoro::Task<ApiResult<ObjectList>> KubeClient::list(const ResourceType &type, const QString &namespaceName,
                                                    const ListOptions &options)
{
    const ApiResult<QJsonObject> answer =
        toObject(co_await send("GET", type.collectionPath(namespaceName), listQuery(options), {}, {}));
    if (!answer)
        co_return answer.error();
    ObjectList list;
    const QJsonObject metadata = answer->value(u"metadata").toObject();
    list.resourceVersion = metadata.value(u"resourceVersion").toString();
    list.continueToken = metadata.value(u"continue").toString();
    for (const QJsonValue &item : answer->value(u"items").toArray()) {
        QJsonObject object = item.toObject();
        // List items omit apiVersion and kind; fill them in so an item reads like a fetched object.
        if (!object.contains(u"apiVersion"))
            object.insert(u"apiVersion"_s, type.apiVersion());
        if (!object.contains(u"kind"))
            object.insert(u"kind"_s, type.kind);
        list.items << object;
    }
    co_return list;
}

QCoro::Task<ApiResult<ObjectList>> KubeClient::listAll(const ResourceType &type, const QString &namespaceName,
                                                       ListOptions options)
{
    if (options.limit <= 0)
        options.limit = 500;
    ObjectList all;
    for (;;) {
        const ApiResult<ObjectList> page = co_await list(type, namespaceName, options);
        if (!page)
            co_return page.error(); // a 410 here means the continue token expired; the caller relists
        all.items << page->items;
        all.resourceVersion = page->resourceVersion;
        if (page->continueToken.isEmpty())
            break;
        options.continueToken = page->continueToken;
    }
    co_return all;
}

QCoro::Task<ApiResult<QJsonObject>> KubeClient::create(const ResourceType &type, const QJsonObject &object,
                                                       const WriteOptions &options)
{
    QUrlQuery query;
    addWriteOptions(query, options);
    co_return toObject(
        co_await send("POST", type.collectionPath(namespaceOf(object)), query, toJson(object), "application/json"));
}

QCoro::Task<ApiResult<QJsonObject>> KubeClient::update(const ResourceType &type, const QJsonObject &object,
                                                       const WriteOptions &options)
{
    QUrlQuery query;
    addWriteOptions(query, options);
    const ObjectKey key{namespaceOf(object), object.value(u"metadata").toObject().value(u"name").toString()};
    co_return toObject(co_await send("PUT", type.objectPath(key), query, toJson(object), "application/json"));
}

QCoro::Task<ApiResult<QJsonObject>> KubeClient::updateStatus(const ResourceType &type, const QJsonObject &object,
                                                             const WriteOptions &options)
{
    QUrlQuery query;
    addWriteOptions(query, options);
    const ObjectKey key{namespaceOf(object), object.value(u"metadata").toObject().value(u"name").toString()};
    co_return toObject(
        co_await send("PUT", type.objectPath(key, u"status"_s), query, toJson(object), "application/json"));
}

QCoro::Task<ApiResult<QJsonObject>> KubeClient::patch(const ResourceType &type, const ObjectKey &key,
                                                      PatchType patchType, const QByteArray &patch,
                                                      const WriteOptions &options, const QString &subresource)
{
    QUrlQuery query;
    addWriteOptions(query, options);
    co_return toObject(
        co_await send("PATCH", type.objectPath(key, subresource), query, patch, patchContentType(patchType)));
}

QCoro::Task<ApiResult<QJsonObject>> KubeClient::apply(const ResourceType &type, const QJsonObject &object,
                                                      const WriteOptions &options, const QString &subresource)
{
    QUrlQuery query;
    addWriteOptions(query, options);
    if (options.force)
        query.addQueryItem(u"force"_s, u"true"_s);
    const ObjectKey key{namespaceOf(object), object.value(u"metadata").toObject().value(u"name").toString()};
    // JSON is YAML, which is what apply-patch+yaml declares.
    co_return toObject(co_await send("PATCH", type.objectPath(key, subresource), query, toJson(object),
                                     "application/apply-patch+yaml"));
}

QCoro::Task<ApiResult<QJsonObject>> KubeClient::remove(const ResourceType &type, const ObjectKey &key,
                                                       const DeleteOptions &options)
{
    QJsonObject body{{u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"DeleteOptions"_s}};
    if (!options.propagationPolicy.isEmpty())
        body.insert(u"propagationPolicy"_s, options.propagationPolicy);
    if (options.gracePeriodSeconds)
        body.insert(u"gracePeriodSeconds"_s, *options.gracePeriodSeconds);
    QJsonObject preconditions;
    if (!options.preconditionUid.isEmpty())
        preconditions.insert(u"uid"_s, options.preconditionUid);
    if (!options.preconditionResourceVersion.isEmpty())
        preconditions.insert(u"resourceVersion"_s, options.preconditionResourceVersion);
    if (!preconditions.isEmpty())
        body.insert(u"preconditions"_s, preconditions);
    if (options.dryRun)
        body.insert(u"dryRun"_s, QJsonArray{u"All"_s});
    co_return toObject(co_await send("DELETE", type.objectPath(key), {}, toJson(body), "application/json"));
}

WatchStream *KubeClient::watch(const ResourceType &type, const QString &namespaceName, const ListOptions &options,
                               QObject *parent)
{
    QUrlQuery query = listQuery(options);
    query.addQueryItem(u"watch"_s, u"1"_s);
    // No data for longer than the server's own timeout plus a margin means a dead connection.
    const int inactivityMs = (options.timeoutSeconds > 0 ? options.timeoutSeconds : 600) * 1000 + 60'000;
    auto *stream = new WatchStream(this, type.collectionPath(namespaceName), query, inactivityMs, parent);
    stream->start();
    return stream;
}

} // namespace locust::kube

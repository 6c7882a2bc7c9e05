#include "kube/watchstream.h"

#include "kube/credentialprovider.h"
#include "kube/kubeclient.h"

#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>

using namespace Qt::StringLiterals;

namespace locust::kube {

WatchStream::WatchStream(KubeClient *client, QString path, QUrlQuery query, int inactivityTimeoutMs,
                         QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_path(std::move(path))
    , m_query(std::move(query))
    , m_inactivityTimeoutMs(inactivityTimeoutMs)
    , m_network(new QNetworkAccessManager(this))
{
    m_network->setProxy(client->m_network->proxy());
}

WatchStream::~WatchStream()
{
    stop();
}

void WatchStream::stop()
{
    m_stopped = true;
    m_running = false;
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
        m_reply = nullptr;
    }
}

void WatchStream::finish(const std::optional<ApiError> &error)
{
    if (!m_running)
        return;
    m_running = false;
    Q_EMIT finished(error);
}

QCoro::Task<void> WatchStream::start()
{
    QPointer<WatchStream> self(this);
    if (!m_client)
        co_return;
    co_await m_client->throttle();
    if (!self || m_stopped || !m_client)
        co_return;
    const Result<Credentials> credentials = co_await m_client->m_credentials->current();
    if (!self || m_stopped || !m_client)
        co_return;
    if (!credentials) {
        finish(ApiError::credentials(credentials.errorMessage()));
        co_return;
    }
    QNetworkRequest request = m_client->makeRequest(m_path, m_query, *credentials, "application/json", {});
    request.setTransferTimeout(m_inactivityTimeoutMs); // an inactivity limit, not a total duration
    m_reply = m_network->get(request);
    ++m_client->m_requestCount;
    connect(m_reply, &QNetworkReply::readyRead, this, &WatchStream::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &WatchStream::onFinished);
}

void WatchStream::onReadyRead()
{
    if (!m_reply || m_stopped)
        return;
    // An error answer (410 Gone, 403, ...) is read whole in onFinished().
    if (m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200)
        return;
    const Result<QList<WatchEvent>> events = m_decoder.feed(m_reply->readAll());
    if (!events) {
        QPointer<QNetworkReply> reply = m_reply;
        m_reply = nullptr;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
        finish(ApiError::decode(events.errorMessage()));
        return;
    }
    QPointer<WatchStream> self(this);
    for (const WatchEvent &event : *events) {
        Q_EMIT eventReceived(event);
        if (!self || m_stopped)
            return; // a handler stopped or deleted the stream
    }
}

void WatchStream::onFinished()
{
    if (!m_reply || m_stopped)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 0) {
        finish(ApiError::transport(u"watch of %1 ended: %2"_s.arg(m_path, reply->errorString())));
        return;
    }
    if (status != 200) {
        if (status == 401 && m_client)
            m_client->credentials()->invalidate(); // the next watch gets fresh credentials
        finish(ApiError::fromResponse(status, reply->readAll()));
        return;
    }
    const Result<QList<WatchEvent>> events = m_decoder.feed(reply->readAll() + '\n');
    if (!events) {
        finish(ApiError::decode(events.errorMessage()));
        return;
    }
    QPointer<WatchStream> self(this);
    for (const WatchEvent &event : *events) {
        Q_EMIT eventReceived(event);
        if (!self || m_stopped)
            return;
    }
    if (reply->error() != QNetworkReply::NoError && reply->error() != QNetworkReply::RemoteHostClosedError) {
        finish(ApiError::transport(u"watch of %1 ended: %2"_s.arg(m_path, reply->errorString())));
        return;
    }
    finish(std::nullopt);
}

} // namespace locust::kube

#pragma once

#include "kube/apierror.h"
#include "kube/watchevent.h"
#include "kube/watcheventdecoder.h"

#include <QCoroTask>
#include <QObject>
#include <QPointer>
#include <QUrlQuery>

#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace locust::kube {

class KubeClient;

// One watch request (?watch=1) and its stream of events, made by KubeClient::watch(). It has its
// own connection (its own QNetworkAccessManager), because a watch holds a connection for minutes
// and Qt allows only six HTTP/1.1 connections per host and manager.
//
// Signals: eventReceived() for each decoded event, in order; then exactly one finished(): with no error when
// the server ended the watch normally (its timeoutSeconds elapsed), or with the error that ended it
// (an HTTP error such as 410 Gone when the watch could not start, a transport error, a malformed
// event, or no data for longer than the inactivity limit). stop() ends the watch silently.
class WatchStream : public QObject
{
    Q_OBJECT

public:
    ~WatchStream() override;

    void stop();
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void eventReceived(const locust::kube::WatchEvent &event);
    void finished(const std::optional<locust::kube::ApiError> &error);

private:
    friend class KubeClient;
    WatchStream(KubeClient *client, QString path, QUrlQuery query, int inactivityTimeoutMs, QObject *parent);

    QCoro::Task<void> start();
    void onReadyRead();
    void onFinished();
    void finish(const std::optional<ApiError> &error);

    QPointer<KubeClient> m_client;
    QString m_path;
    QUrlQuery m_query;
    int m_inactivityTimeoutMs;
    QNetworkAccessManager *m_network;
    QNetworkReply *m_reply = nullptr;
    WatchEventDecoder m_decoder;
    bool m_running = true;
    bool m_stopped = false;
};

} // namespace locust::kube

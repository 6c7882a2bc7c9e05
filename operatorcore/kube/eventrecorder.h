#pragma once

#include "kube/clock.h"
#include "kube/kubeclient.h"
#include "kube/waker.h"

#include <QCoroTask>
#include <QHash>
#include <QJsonObject>
#include <QObject>

namespace locust::kube {

// Records core/v1 Events about objects, as client-go's event recorder does:
//  - repeats of the same event (same object, type, reason and message) update one Event's count and
//    lastTimestamp instead of creating a new Event each time;
//  - a spam filter per object (a token bucket: 25 events, then one per 5 minutes) drops floods;
//  - recording never blocks or fails the caller: errors are counted and reported via failed().
class EventRecorder : public QObject
{
    Q_OBJECT

public:
    enum class Type { Normal, Warning };

    EventRecorder(KubeClient *client, QString component, QString host = {}, Clock *clock = Clock::system(),
                  QObject *parent = nullptr);
    ~EventRecorder() override;

    // Fire and forget; flush() waits for these.
    void record(const QJsonObject &involvedObject, Type type, const QString &reason, const QString &message);
    // Resumes once every fire-and-forget record() has been stored or has failed. Owners await this
    // before they destroy the client: a request still in flight then would never resume its
    // coroutine, whose frame would leak.
    QCoro::Task<void> flush();
    int pendingCount() const { return m_pending; }
    // The same, awaitable: the Event as stored, or why it was not (a dropped event is a Decode-kind
    // ApiError saying so).
    QCoro::Task<ApiResult<QJsonObject>> recordAndWait(QJsonObject involvedObject, Type type, QString reason,
                                                      QString message);

    int droppedCount() const { return m_dropped; }

    static constexpr int spamBurst = 25;
    static constexpr qint64 spamRefillMs = 5 * 60 * 1000;
    static constexpr int cacheSize = 4096;

Q_SIGNALS:
    void failed(const locust::kube::ApiError &error);

private:
    struct Recorded
    {
        QString eventName;
        QString eventNamespace;
        int count = 0;
        QString firstTimestamp;
        qint64 lastUsedMs = 0;
    };
    struct Bucket
    {
        double tokens = spamBurst;
        qint64 lastMs = 0;
    };

    QCoro::Task<void> recordDetached(QJsonObject involvedObject, Type type, QString reason, QString message);
    bool allow(const QString &objectKey);
    void trimCache();

    KubeClient *m_client;
    QString m_component;
    QString m_host;
    Clock *m_clock;
    QHash<QString, Recorded> m_recorded; // aggregation key -> the Event that carries it
    QHash<QString, Bucket> m_buckets;    // involved object -> spam filter
    int m_dropped = 0;
    int m_pending = 0; // fire-and-forget records not yet finished
    Waker m_flushed;
};

} // namespace locust::kube

#pragma once

#include "kube/apierror.h"
#include "kube/clock.h"
#include "kube/kubeclient.h"
#include "kube/resourcetype.h"
#include "kube/waker.h"
#include "kube/watchevent.h"

#include <QCoroTask>
#include <QJsonObject>
#include <QList>
#include <QObject>

namespace locust::kube {

// Keeps a view of one resource type current: lists it (paginated, a consistent read), then
// watches from the list's resourceVersion with bookmarks, and keeps watching, as client-go's
// reflector does:
//  - a watch the server ends normally (its timeout) resumes from the last resourceVersion seen
//    (events and bookmarks advance it);
//  - 410 Gone (the resourceVersion was compacted away), at the start of a watch or as an ERROR
//    event, leads to a fresh list;
//  - any other failure (connection drop, API server restart, 5xx) is reported and retried after a
//    backoff (800 ms doubling to 30 s, with jitter; it starts over once a watch has run for 2 min);
//    the retry resumes the watch, and relists only if the server says the version is gone.
// replaced() delivers every list; eventReceived() delivers ADDED, MODIFIED and DELETED events.
class Reflector : public QObject
{
    Q_OBJECT

public:
    struct Backoff
    {
        qint64 initialMs = 800;
        qint64 maxMs = 30'000;
        double factor = 2.0;
        double jitter = 1.0;       // delay * (1 + jitter * random[0, 1))
        qint64 resetAfterMs = 120'000;
    };

    Reflector(KubeClient *client, ResourceType type, QString namespaceName, ListOptions selectors,
              QObject *parent = nullptr);
    ~Reflector() override;

    void start();
    void stop();
    bool isRunning() const { return m_running; }

    void setBackoff(const Backoff &backoff) { m_backoff = backoff; }
    void setPageSize(int pageSize) { m_pageSize = pageSize; }
    // Watch timeouts are drawn from [min, 2 * min) seconds (client-go: 5 to 10 minutes).
    void setMinWatchTimeoutSeconds(int seconds) { m_minWatchTimeoutSeconds = seconds; }

    QString lastResourceVersion() const { return m_resourceVersion; }
    bool hasSynced() const { return m_listed; }
    int listCount() const { return m_listCount; }
    int watchCount() const { return m_watchCount; }

Q_SIGNALS:
    void replaced(const QList<QJsonObject> &objects, const QString &resourceVersion);
    void eventReceived(const locust::kube::WatchEvent &event);
    void failed(const locust::kube::ApiError &error);

private:
    QCoro::Task<void> run();
    QCoro::Task<bool> relist(quint64 generation);
    QCoro::Task<std::optional<ApiError>> watchOnce();
    QCoro::Task<void> sleepWithBackoff();

    KubeClient *m_client;
    ResourceType m_type;
    QString m_namespace;
    ListOptions m_selectors;
    Backoff m_backoff;
    int m_pageSize = 500;
    int m_minWatchTimeoutSeconds = 300;

    bool m_running = false;
    bool m_listed = false;
    bool m_needsList = true;
    int m_failures = 0;
    int m_listCount = 0;
    int m_watchCount = 0;
    QString m_resourceVersion;
    class WatchStream *m_stream = nullptr;
    quint64 m_generation = 0; // run() instances; a restarted reflector's old loop must end
    Waker m_waker;            // wakes the loop when a watch ends, when stop() is called, or after a backoff
};

} // namespace locust::kube

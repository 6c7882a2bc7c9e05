#pragma once

#include "kube/kubeclient.h"
#include "kube/reflector.h"
#include "kube/resourcetype.h"
#include "kube/waker.h"

#include <QCoroTask>
#include <QHash>
#include <QJsonObject>
#include <QObject>

#include <chrono>
#include <functional>
#include <optional>

namespace locust::kube {

// A local cache of one resource type (optionally one namespace and a label/field selection), kept
// current by a Reflector, with change notifications. Reads come from the cache; writes go to the
// API. After a relist (at start, or after the watch's resourceVersion expired) the cache is
// compared with the new list, so handlers see added/updated/deleted for exactly what changed
// while the watch was not looking.
class Informer : public QObject
{
    Q_OBJECT

public:
    Informer(KubeClient *client, ResourceType type, QString namespaceName = {}, ListOptions selectors = {},
             QObject *parent = nullptr);
    ~Informer() override;

    void start();
    void stop();
    bool hasSynced() const { return m_synced; }
    // True once synced; false if the timeout passed first or stop() was called.
    QCoro::Task<bool> waitForSynced(std::chrono::milliseconds timeout);

    std::optional<QJsonObject> get(const ObjectKey &key) const;
    QList<QJsonObject> list(const QString &namespaceName = {}) const;
    QList<QJsonObject> list(const std::function<bool(const QJsonObject &)> &filter) const;
    qsizetype size() const { return m_store.size(); }

    Reflector *reflector() const { return m_reflector; }
    const ResourceType &type() const { return m_type; }

    static QString keyOf(const QJsonObject &object); // "namespace/name"

Q_SIGNALS:
    void added(const QJsonObject &object);
    void updated(const QJsonObject &oldObject, const QJsonObject &newObject);
    void deleted(const QJsonObject &lastKnownObject);
    void synced();

private:
    void onReplaced(const QList<QJsonObject> &objects);
    void onEvent(const WatchEvent &event);

    ResourceType m_type;
    Reflector *m_reflector;
    QHash<QString, QJsonObject> m_store;
    bool m_synced = false;
    Waker m_syncWaiters;
};

} // namespace locust::kube

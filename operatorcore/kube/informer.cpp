#include "kube/informer.h"

#include <QPointer>
#include <QSet>

using namespace Qt::StringLiterals;

namespace locust::kube {

namespace {

QString resourceVersionOf(const QJsonObject &object)
{
    return object.value(u"metadata").toObject().value(u"resourceVersion").toString();
}

} // namespace

Informer::Informer(KubeClient *client, ResourceType type, QString namespaceName, ListOptions selectors,
                   QObject *parent)
    : QObject(parent)
    , m_type(type)
    , m_reflector(new Reflector(client, std::move(type), std::move(namespaceName), std::move(selectors), this))
{
    connect(m_reflector, &Reflector::replaced, this,
            [this](const QList<QJsonObject> &objects, const QString &) { onReplaced(objects); });
    connect(m_reflector, &Reflector::eventReceived, this, &Informer::onEvent);
}

Informer::~Informer()
{
    m_reflector->stop();
    m_syncWaiters.wakeAll(); // waitForSynced() callers return false now, while the object is whole
}

void Informer::start()
{
    m_reflector->start();
}

void Informer::stop()
{
    m_reflector->stop();
    m_syncWaiters.wakeAll(); // waitForSynced() answers false at once instead of at its timeout
}

QCoro::Task<bool> Informer::waitForSynced(std::chrono::milliseconds timeout)
{
    if (m_synced)
        co_return true;
    QPointer<Informer> self(this);
    const bool woken = co_await m_syncWaiters.wait(timeout);
    co_return woken && self && m_synced;
}

QString Informer::keyOf(const QJsonObject &object)
{
    const QJsonObject metadata = object.value(u"metadata").toObject();
    const QString ns = metadata.value(u"namespace").toString();
    const QString name = metadata.value(u"name").toString();
    return ns.isEmpty() ? name : ns + u'/' + name;
}

std::optional<QJsonObject> Informer::get(const ObjectKey &key) const
{
    const auto it = m_store.constFind(key.toString());
    if (it == m_store.constEnd())
        return std::nullopt;
    return *it;
}

QList<QJsonObject> Informer::list(const QString &namespaceName) const
{
    if (namespaceName.isEmpty())
        return m_store.values();
    return list([&namespaceName](const QJsonObject &object) {
        return object.value(u"metadata").toObject().value(u"namespace").toString() == namespaceName;
    });
}

QList<QJsonObject> Informer::list(const std::function<bool(const QJsonObject &)> &filter) const
{
    QList<QJsonObject> result;
    for (const QJsonObject &object : m_store) {
        if (filter(object))
            result << object;
    }
    return result;
}

void Informer::onReplaced(const QList<QJsonObject> &objects)
{
    QHash<QString, QJsonObject> fresh;
    fresh.reserve(objects.size());
    for (const QJsonObject &object : objects)
        fresh.insert(keyOf(object), object);
    const QHash<QString, QJsonObject> previous = std::exchange(m_store, fresh);

    for (auto it = fresh.constBegin(); it != fresh.constEnd(); ++it) {
        const auto old = previous.constFind(it.key());
        if (old == previous.constEnd())
            Q_EMIT added(*it);
        else if (resourceVersionOf(*old) != resourceVersionOf(*it))
            Q_EMIT updated(*old, *it);
    }
    for (auto it = previous.constBegin(); it != previous.constEnd(); ++it) {
        if (!fresh.contains(it.key()))
            Q_EMIT deleted(*it);
    }
    if (!m_synced) {
        m_synced = true;
        Q_EMIT synced();
        m_syncWaiters.wakeAll();
    }
}

void Informer::onEvent(const WatchEvent &event)
{
    const QString key = keyOf(event.object);
    const auto existing = m_store.constFind(key);
    switch (event.type) {
    case WatchEvent::Type::Added:
    case WatchEvent::Type::Modified:
        if (existing == m_store.constEnd()) {
            m_store.insert(key, event.object);
            Q_EMIT added(event.object);
        } else {
            const QJsonObject old = *existing;
            m_store.insert(key, event.object);
            Q_EMIT updated(old, event.object);
        }
        return;
    case WatchEvent::Type::Deleted:
        if (existing != m_store.constEnd()) {
            const QJsonObject last = *existing;
            m_store.remove(key);
            Q_EMIT deleted(last);
        }
        return;
    case WatchEvent::Type::Bookmark:
    case WatchEvent::Type::Error:
        return;
    }
}

} // namespace locust::kube

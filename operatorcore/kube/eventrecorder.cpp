#include "kube/eventrecorder.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QPointer>
#include <QRandomGenerator>

using namespace Qt::StringLiterals;

namespace locust::kube {

namespace {

QString now()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
}

QJsonObject objectReference(const QJsonObject &object)
{
    const QJsonObject metadata = object.value(u"metadata").toObject();
    QJsonObject reference{
        {u"apiVersion"_s, object.value(u"apiVersion").toString()},
        {u"kind"_s, object.value(u"kind").toString()},
        {u"name"_s, metadata.value(u"name").toString()},
        {u"namespace"_s, metadata.value(u"namespace").toString()},
    };
    if (metadata.contains(u"uid"))
        reference.insert(u"uid"_s, metadata.value(u"uid").toString());
    if (metadata.contains(u"resourceVersion"))
        reference.insert(u"resourceVersion"_s, metadata.value(u"resourceVersion").toString());
    return reference;
}

} // namespace

EventRecorder::EventRecorder(KubeClient *client, QString component, QString host, Clock *clock, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_component(std::move(component))
    , m_host(std::move(host))
    , m_clock(clock)
{
}

EventRecorder::~EventRecorder() = default;

void EventRecorder::record(const QJsonObject &involvedObject, Type type, const QString &reason,
                           const QString &message)
{
    recordDetached(involvedObject, type, reason, message);
}

QCoro::Task<void> EventRecorder::recordDetached(QJsonObject involvedObject, Type type, QString reason, QString message)
{
    QPointer<EventRecorder> self(this);
    ++m_pending;
    (void)co_await recordAndWait(std::move(involvedObject), type, std::move(reason), std::move(message));
    if (!self)
        co_return;
    if (--m_pending == 0)
        m_flushed.wakeAll();
}

QCoro::Task<void> EventRecorder::flush()
{
    while (m_pending > 0)
        co_await m_flushed.wait();
}

bool EventRecorder::allow(const QString &objectKey)
{
    const qint64 nowMs = m_clock->nowMs();
    auto it = m_buckets.find(objectKey);
    if (it == m_buckets.end())
        it = m_buckets.insert(objectKey, Bucket{double(spamBurst), nowMs});
    it->tokens = std::min(double(spamBurst), it->tokens + double(nowMs - it->lastMs) / spamRefillMs);
    it->lastMs = nowMs;
    if (it->tokens < 1.0)
        return false;
    it->tokens -= 1.0;
    return true;
}

void EventRecorder::trimCache()
{
    if (m_recorded.size() <= cacheSize)
        return;
    // Drop the least recently used half; repeats of those start a new Event, which is harmless.
    QList<qint64> ages;
    for (const Recorded &recorded : std::as_const(m_recorded))
        ages << recorded.lastUsedMs;
    std::nth_element(ages.begin(), ages.begin() + ages.size() / 2, ages.end());
    const qint64 cutoff = ages.at(ages.size() / 2);
    m_recorded.removeIf([cutoff](const auto &entry) { return entry.value().lastUsedMs < cutoff; });
}

QCoro::Task<ApiResult<QJsonObject>> EventRecorder::recordAndWait(QJsonObject involvedObject, Type type, QString reason,
                                                                 QString message)
{
    QPointer<EventRecorder> self(this);
    const QJsonObject reference = objectReference(involvedObject);
    const QString objectKey = reference.value(u"namespace").toString() + u'/' + reference.value(u"kind").toString()
        + u'/' + reference.value(u"name").toString() + u'/' + reference.value(u"uid").toString();
    if (!allow(objectKey)) {
        ++m_dropped;
        co_return ApiError::decode(u"event dropped by the spam filter for "_s + objectKey);
    }
    const QString typeName = type == Type::Warning ? u"Warning"_s : u"Normal"_s;
    const QString key = objectKey + u'\n' + typeName + u'\n' + reason + u'\n' + message;
    const QString timestamp = now();

    if (auto it = m_recorded.find(key); it != m_recorded.end()) {
        const QString name = it->eventName;
        const QString ns = it->eventNamespace;
        const int count = it->count + 1;
        it->lastUsedMs = m_clock->nowMs();
        const QJsonObject patch{{u"count"_s, count}, {u"lastTimestamp"_s, timestamp}};
        const ApiResult<QJsonObject> patched =
            co_await m_client->patch(ResourceType::events(), ObjectKey{ns, name}, PatchType::Merge,
                                     QJsonDocument(patch).toJson(QJsonDocument::Compact));
        if (!self)
            co_return patched;
        if (patched) {
            if (auto again = m_recorded.find(key); again != m_recorded.end())
                again->count = count;
            co_return patched;
        }
        if (!patched.error().isNotFound()) {
            Q_EMIT failed(patched.error());
            co_return patched;
        }
        m_recorded.remove(key); // the Event expired (events have a TTL): start a new one
    }

    const QString ns = reference.value(u"namespace").toString().isEmpty() ? u"default"_s
                                                                          : reference.value(u"namespace").toString();
    const QString name = reference.value(u"name").toString() + u'.'
        + QString::number(QRandomGenerator::global()->generate64(), 16).rightJustified(16, u'0');
    QJsonObject source{{u"component"_s, m_component}};
    if (!m_host.isEmpty())
        source.insert(u"host"_s, m_host);
    const QJsonObject event{
        {u"apiVersion"_s, u"v1"_s},
        {u"kind"_s, u"Event"_s},
        {u"metadata"_s, QJsonObject{{u"name"_s, name}, {u"namespace"_s, ns}}},
        {u"involvedObject"_s, reference},
        {u"reason"_s, reason},
        {u"message"_s, message},
        {u"type"_s, typeName},
        {u"source"_s, source},
        {u"reportingComponent"_s, m_component},
        {u"reportingInstance"_s, m_host},
        {u"firstTimestamp"_s, timestamp},
        {u"lastTimestamp"_s, timestamp},
        {u"count"_s, 1},
    };
    const ApiResult<QJsonObject> created = co_await m_client->create(ResourceType::events(), event);
    if (!self)
        co_return created;
    if (!created) {
        Q_EMIT failed(created.error());
        co_return created;
    }
    m_recorded.insert(key, Recorded{name, ns, 1, timestamp, m_clock->nowMs()});
    trimCache();
    co_return created;
}

} // namespace locust::kube

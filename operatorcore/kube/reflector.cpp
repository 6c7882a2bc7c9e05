#include "kube/reflector.h"

#include "kube/watchstream.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QRandomGenerator>

#include <cmath>

using namespace Qt::StringLiterals;

namespace locust::kube {

Reflector::Reflector(KubeClient *client, ResourceType type, QString namespaceName, ListOptions selectors,
                     QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_type(std::move(type))
    , m_namespace(std::move(namespaceName))
    , m_selectors(std::move(selectors))
{
}

Reflector::~Reflector()
{
    stop();
}

void Reflector::start()
{
    if (m_running)
        return;
    m_running = true;
    ++m_generation;
    run();
}

void Reflector::stop()
{
    if (!m_running)
        return;
    m_running = false;
    if (m_stream) {
        m_stream->stop();
        m_stream->deleteLater();
        m_stream = nullptr;
    }
    m_waker.wakeAll();
}

QCoro::Task<bool> Reflector::relist(quint64 generation)
{
    QPointer<Reflector> self(this);
    ListOptions options = m_selectors;
    options.limit = m_pageSize;
    options.resourceVersion.clear(); // consistent read: the list must be newer than anything seen
    const ApiResult<ObjectList> list = co_await m_client->listAll(m_type, m_namespace, options);
    if (!self || !m_running || m_generation != generation)
        co_return false; // stopped (and perhaps restarted) meanwhile: this answer is stale
    ++m_listCount;
    if (!list) {
        Q_EMIT failed(list.error());
        co_return false;
    }
    m_resourceVersion = list->resourceVersion;
    m_needsList = false;
    m_listed = true;
    Q_EMIT replaced(list->items, list->resourceVersion);
    co_return true;
}

QCoro::Task<std::optional<ApiError>> Reflector::watchOnce()
{
    QPointer<Reflector> self(this);
    ListOptions options = m_selectors;
    options.resourceVersion = m_resourceVersion;
    options.allowWatchBookmarks = true;
    options.timeoutSeconds = m_minWatchTimeoutSeconds
        + int(QRandomGenerator::global()->bounded(std::max(1, m_minWatchTimeoutSeconds)));

    std::optional<ApiError> ended;
    bool done = false;
    m_stream = m_client->watch(m_type, m_namespace, options, this);
    ++m_watchCount;
    WatchStream *stream = m_stream;
    connect(stream, &WatchStream::eventReceived, this, [this, &ended](const WatchEvent &event) {
        switch (event.type) {
        case WatchEvent::Type::Bookmark:
            m_resourceVersion = event.resourceVersion();
            return;
        case WatchEvent::Type::Error:
            // The server ends the stream after an ERROR event; remember why.
            ended = ApiError::fromStatus(event.object);
            return;
        default:
            if (!event.resourceVersion().isEmpty())
                m_resourceVersion = event.resourceVersion();
            Q_EMIT eventReceived(event);
        }
    });
    connect(stream, &WatchStream::finished, this, [this, &ended, &done](const std::optional<ApiError> &error) {
        if (error && !ended)
            ended = error;
        done = true;
        m_waker.wakeAll();
    });
    while (!done) {
        co_await m_waker.wait();
        if (!self || !m_running)
            co_return std::nullopt; // stop() woke us; `ended` and `done` may be gone with the frame
    }
    if (m_stream == stream) {
        m_stream = nullptr;
        stream->deleteLater();
    }
    co_return ended;
}

QCoro::Task<void> Reflector::sleepWithBackoff()
{
    const double base = std::min(double(m_backoff.maxMs), m_backoff.initialMs * std::pow(m_backoff.factor, m_failures));
    const double delay = base * (1.0 + m_backoff.jitter * QRandomGenerator::global()->generateDouble());
    ++m_failures;
    // stop() cuts the sleep short.
    co_await m_waker.wait(std::chrono::milliseconds(qint64(std::min(delay, 2.0 * m_backoff.maxMs))));
}

QCoro::Task<void> Reflector::run()
{
    QPointer<Reflector> self(this);
    const quint64 generation = m_generation;
    auto current = [&] { return self && m_running && m_generation == generation; };
    while (current()) {
        if (m_needsList) {
            const bool listed = co_await relist(generation);
            if (!current())
                co_return;
            if (!listed) {
                co_await sleepWithBackoff();
                continue;
            }
        }
        QElapsedTimer watched;
        watched.start();
        const std::optional<ApiError> error = co_await watchOnce();
        if (!current())
            co_return;
        if (watched.elapsed() >= m_backoff.resetAfterMs)
            m_failures = 0; // the connection was healthy for a while
        if (!error) {
            m_failures = 0;
            continue; // the server's timeout: resume from the last resourceVersion
        }
        if (error->isGone()) {
            m_needsList = true; // compacted away: only a fresh list can resynchronise
            continue;
        }
        Q_EMIT failed(*error);
        if (!current())
            co_return;
        co_await sleepWithBackoff();
    }
}

} // namespace locust::kube

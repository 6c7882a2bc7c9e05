#include "httpserver/certificatereloader.h"

#include <QDir>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace locust::httpserver {

CertificateReloader::CertificateReloader(const QString &directory, const QString &certificateFileName,
                                         const QString &keyFileName, QObject *parent)
    : QObject(parent)
    , m_directory(directory)
    , m_certificatePath(QDir(directory).filePath(certificateFileName))
    , m_keyPath(QDir(directory).filePath(keyFileName))
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(std::chrono::milliseconds(DefaultDebounceMs));
    connect(&m_debounce, &QTimer::timeout, this, &CertificateReloader::reload);
    connect(&m_poll, &QTimer::timeout, this, [this] {
        renewWatches();
        reload();
    });
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this, &CertificateReloader::onChanged);
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, &CertificateReloader::onChanged);
}

CertificateReloader::~CertificateReloader() = default;

Result<QSslConfiguration> CertificateReloader::start()
{
    Result<CertificatePair> pair = CertificatePair::fromFiles(m_certificatePath, m_keyPath);
    if (!pair)
        return pair.error();
    m_current = std::move(pair).value();
    m_configuration = m_current->serverConfiguration();
    m_lastError.clear();
    renewWatches();
    if (m_pollIntervalMs > 0)
        m_poll.start(std::chrono::milliseconds(m_pollIntervalMs));
    return m_configuration;
}

void CertificateReloader::setPollIntervalMs(qint64 ms)
{
    m_pollIntervalMs = ms;
    if (!m_poll.isActive())
        return;
    if (ms > 0)
        m_poll.start(std::chrono::milliseconds(ms));
    else
        m_poll.stop();
}

void CertificateReloader::stop()
{
    m_poll.stop();
    m_debounce.stop();
    const QStringList watched = m_watcher.files() + m_watcher.directories();
    if (!watched.isEmpty())
        m_watcher.removePaths(watched);
}

void CertificateReloader::onChanged()
{
    renewWatches();
    m_debounce.start();
}

// inotify watches what a path resolved to when the watch was added. After the kubelet's swap the
// files' watches still point at the old timestamped directory's files (and vanish with them), so
// they are dropped and added again on the paths, which now resolve to the new files. Paths that do
// not exist at the moment are picked up by a later event or the poll.
void CertificateReloader::renewWatches()
{
    const QStringList files = m_watcher.files();
    if (!files.isEmpty())
        m_watcher.removePaths(files);
    if (!m_watcher.directories().contains(m_directory) && QFileInfo(m_directory).isDir())
        m_watcher.addPath(m_directory);
    for (const QString &path : {m_certificatePath, m_keyPath}) {
        if (QFileInfo::exists(path))
            m_watcher.addPath(path);
    }
}

void CertificateReloader::reload()
{
    Result<CertificatePair> pair = CertificatePair::fromFiles(m_certificatePath, m_keyPath);
    if (!pair) {
        const QString message = u"cannot reload the certificate: %1; still serving the previous certificate"_s.arg(
            pair.errorMessage());
        if (message != m_lastError) {
            m_lastError = message;
            Q_EMIT reloadFailed(message);
        }
        return;
    }
    m_lastError.clear();
    if (m_current && *m_current == pair.value())
        return;
    m_current = std::move(pair).value();
    m_configuration = m_current->serverConfiguration();
    Q_EMIT reloaded(m_configuration);
}

} // namespace locust::httpserver

#include "httpserver/certificatefilewaiter.h"

#include "support/goduration.h"

#include <QFileInfo>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace locust::httpserver {

CertificateFileWaiter::CertificateFileWaiter(const QString &certificatePath, const QString &keyPath,
                                             qint64 timeoutMs, QObject *parent)
    : QObject(parent)
    , m_certificatePath(certificatePath)
    , m_keyPath(keyPath)
    , m_timeoutMs(std::max<qint64>(0, timeoutMs))
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &CertificateFileWaiter::check);
}

CertificateFileWaiter::~CertificateFileWaiter() = default;

void CertificateFileWaiter::start()
{
    m_running = true;
    m_announced = false;
    m_lastProgressMs = -1;
    m_elapsed.start();
    m_timer.start(0);
}

void CertificateFileWaiter::cancel()
{
    m_running = false;
    m_timer.stop();
}

void CertificateFileWaiter::check()
{
    if (!m_running)
        return;
    if (!m_announced) {
        m_announced = true;
        Q_EMIT waiting(m_certificatePath, m_keyPath, m_timeoutMs);
    }
    // QFileInfo::exists follows symlinks: a dangling tls.crt -> ..data/tls.crt is "not there yet".
    if (QFileInfo::exists(m_certificatePath) && QFileInfo::exists(m_keyPath)) {
        m_running = false;
        Q_EMIT ready();
        return;
    }
    const qint64 elapsed = m_elapsed.elapsed();
    if (m_timeoutMs > 0 && elapsed >= m_timeoutMs) {
        m_running = false;
        Q_EMIT failed(timeoutMessage(m_certificatePath, m_keyPath, m_timeoutMs));
        return;
    }
    if (m_lastProgressMs < 0 || elapsed - m_lastProgressMs >= m_progressIntervalMs) {
        m_lastProgressMs = elapsed;
        Q_EMIT stillWaiting(elapsed, m_timeoutMs);
        if (!m_running)
            return; // a receiver cancelled
    }
    // The last check falls on the deadline itself rather than up to a poll interval after it.
    qint64 next = m_pollIntervalMs;
    if (m_timeoutMs > 0)
        next = std::min(next, m_timeoutMs - elapsed);
    m_timer.start(std::chrono::milliseconds(std::max<qint64>(next, 1)));
}

QString CertificateFileWaiter::timeoutMessage(const QString &certificatePath, const QString &keyPath,
                                              qint64 timeoutMs)
{
    return u"webhook cert files (%1, %2) not present after %3 — is cert-manager installed and is the "
           "Certificate resource Ready? Check `kubectl describe certificate -A` and "
           "`kubectl -n cert-manager logs deploy/cert-manager`"_s
        .arg(certificatePath, keyPath, formatGoDuration(std::chrono::milliseconds(timeoutMs)));
}

} // namespace locust::httpserver

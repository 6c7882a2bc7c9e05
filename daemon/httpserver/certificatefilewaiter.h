#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace locust::httpserver {

// The bounded wait for the webhook certificate before the webhook server starts (the reference
// operator's waitForWebhookCerts): the Secret volume is optional, so the pod may start before
// cert-manager has issued the certificate. Checks at once, then every second, until both files
// exist; gives up after timeoutMs (0: waits forever).
//
// For the daemon's log (signals, not log lines, so the daemon's logger formats them):
//   waiting()      once, first:           "Waiting for webhook certificate files" cert=… key=… timeout=…
//   stillWaiting() when the files are missing, at once and then at most every 10 s:
//                                         "Webhook certificate files not ready, polling" elapsed=… timeout=…
//   ready() or failed(message) once, at the end.
class CertificateFileWaiter : public QObject
{
    Q_OBJECT

public:
    static constexpr qint64 DefaultPollIntervalMs = 1'000;
    static constexpr qint64 DefaultProgressIntervalMs = 10'000;

    CertificateFileWaiter(const QString &certificatePath, const QString &keyPath, qint64 timeoutMs,
                          QObject *parent = nullptr);
    ~CertificateFileWaiter() override;

    void setPollIntervalMs(qint64 ms) { m_pollIntervalMs = ms; }
    void setProgressIntervalMs(qint64 ms) { m_progressIntervalMs = ms; }

    // Starts checking; all signals come later, from the event loop.
    void start();
    void cancel();
    bool isWaiting() const { return m_running; }

    // The failure text for these paths and timeout (the reference operator's wording).
    static QString timeoutMessage(const QString &certificatePath, const QString &keyPath, qint64 timeoutMs);

Q_SIGNALS:
    void waiting(const QString &certificatePath, const QString &keyPath, qint64 timeoutMs);
    void stillWaiting(qint64 elapsedMs, qint64 timeoutMs);
    void ready();
    void failed(const QString &message);

private:
    void check();

    QString m_certificatePath;
    QString m_keyPath;
    qint64 m_timeoutMs;
    qint64 m_pollIntervalMs = DefaultPollIntervalMs;
    qint64 m_progressIntervalMs = DefaultProgressIntervalMs;
    QTimer m_timer;
    QElapsedTimer m_elapsed;
    qint64 m_lastProgressMs = -1;
    bool m_running = false;
    bool m_announced = false;
};

} // namespace locust::httpserver

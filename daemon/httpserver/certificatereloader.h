#pragma once

#include "httpserver/certificatepair.h"
#include "support/result.h"

#include <QFileSystemWatcher>
#include <QObject>
#include <QSslConfiguration>
#include <QTimer>

#include <optional>

namespace locust::httpserver {

// Serves the certificate in <directory>/<certificateFileName> + <keyFileName> and reloads it when the
// files change, as controller-runtime's certwatcher does. Built for a mounted Kubernetes Secret,
// whose files are symlinks (tls.crt -> ..data/tls.crt, ..data -> ..<timestamp>) that the kubelet
// replaces atomically: a new timestamped directory, a ..data_tmp symlink renamed over ..data, the old
// directory removed. The directory and both files are watched; watches are renewed after every event
// (inotify follows the symlinks to files that are then deleted), and a slow poll catches anything the
// watches miss.
//
// Events are debounced, so a pair written in two steps is read once complete. A pair that cannot be
// loaded (missing file, garbage, key of another certificate) leaves the last good configuration in
// place and is reported through reloadFailed(), once per distinct problem. reloaded() is emitted only
// when the certificate or key actually changed.
class CertificateReloader : public QObject
{
    Q_OBJECT

public:
    static constexpr qint64 DefaultDebounceMs = 200;
    static constexpr qint64 DefaultPollIntervalMs = 10'000;

    explicit CertificateReloader(const QString &directory, const QString &certificateFileName = QStringLiteral("tls.crt"),
                                 const QString &keyFileName = QStringLiteral("tls.key"), QObject *parent = nullptr);
    ~CertificateReloader() override;

    void setDebounceMs(qint64 ms) { m_debounce.setInterval(std::chrono::milliseconds(ms)); }
    // 0 turns the poll off. Takes effect at once when already started.
    void setPollIntervalMs(qint64 ms);

    // Loads the pair and starts watching. On error nothing is watched (the daemon exits).
    Result<QSslConfiguration> start();
    void stop();

    // The last good configuration (null before a successful start()).
    QSslConfiguration configuration() const { return m_configuration; }
    QString certificatePath() const { return m_certificatePath; }
    QString keyPath() const { return m_keyPath; }

Q_SIGNALS:
    void reloaded(const QSslConfiguration &configuration);
    // "cannot reload the certificate: <why>; still serving the previous certificate"
    void reloadFailed(const QString &message);

private:
    void onChanged();
    void renewWatches();
    void reload();

    QString m_directory;
    QString m_certificatePath;
    QString m_keyPath;
    QFileSystemWatcher m_watcher;
    QTimer m_debounce;
    QTimer m_poll;
    qint64 m_pollIntervalMs = DefaultPollIntervalMs;
    std::optional<CertificatePair> m_current;
    QSslConfiguration m_configuration;
    QString m_lastError;
};

} // namespace locust::httpserver

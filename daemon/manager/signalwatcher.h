#pragma once

#include <QObject>

class QSocketNotifier;

namespace locust::manager {

// Turns SIGTERM and SIGINT into a Qt signal on the event loop (the self-pipe pattern: the handler
// only writes the signal number to a socket, which is async-signal-safe; a QSocketNotifier reads it).
// One watcher per process; the previous handlers are restored on destruction.
class SignalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

    bool isActive() const { return m_notifier != nullptr; }
    // Why the watcher could not be installed (empty when active).
    QString error() const { return m_error; }

Q_SIGNALS:
    // count: 1 for the first termination signal, 2 for the second, ...
    void terminationRequested(int signalNumber, int count);

private:
    void onReadable();

    QSocketNotifier *m_notifier = nullptr;
    QString m_error;
    int m_count = 0;
};

} // namespace locust::manager

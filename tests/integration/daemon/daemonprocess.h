#pragma once

#include <QJsonObject>
#include <QList>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>

#include <functional>
#include <memory>

namespace locust::testsupport {

// The real locust-operator executable as a child process for the daemon's integration tests: its
// JSON log lines are collected as they come, so a test can wait for one ("successfully acquired
// lease"), and it is stopped the way the kubelet stops a container (SIGTERM).
class DaemonProcess
{
public:
    DaemonProcess(QStringList arguments, QProcessEnvironment environment);
    ~DaemonProcess(); // kills the process if it still runs

    bool start();
    qint64 pid() const { return m_process->processId(); }
    bool isRunning() const { return m_process->state() != QProcess::NotRunning; }

    // The log so far, one object per line (lines that are not JSON become {"msg": line, "raw": true}).
    QList<QJsonObject> logLines();
    // Waits until a log line whose msg equals message (and that matches, if given) appears.
    bool waitForLog(const QString &message, int timeoutMs,
                    const std::function<bool(const QJsonObject &)> &matches = {});
    QByteArray standardError() const { return m_standardError; }

    // Sends SIGTERM and waits for the exit: the exit code, or -1 if it crashed or did not exit.
    int terminate(int timeoutMs = 40'000);
    int waitForExit(int timeoutMs);

    // A TCP port that was free a moment ago (the daemon binds it shortly after).
    static quint16 freePort();
    // The locust-operator executable under test.
    static QString program();

private:
    void readOutput();

    QStringList m_arguments;
    std::unique_ptr<QProcess> m_process;
    QByteArray m_standardError;
    QList<QJsonObject> m_lines;
    qsizetype m_parsedUpTo = 0;
};

} // namespace locust::testsupport

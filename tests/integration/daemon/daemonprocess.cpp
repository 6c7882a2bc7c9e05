#include "daemonprocess.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QTcpServer>
#include <QTest>

#include <csignal>

using namespace Qt::StringLiterals;

namespace locust::testsupport {

DaemonProcess::DaemonProcess(QStringList arguments, QProcessEnvironment environment)
    : m_arguments(std::move(arguments))
    , m_process(std::make_unique<QProcess>())
{
    m_process->setProcessEnvironment(environment);
    m_process->setProgram(program());
    m_process->setArguments(m_arguments);
    m_process->setProcessChannelMode(QProcess::ForwardedOutputChannel); // stdout stays visible
    QObject::connect(m_process.get(), &QProcess::readyReadStandardError, m_process.get(), [this] { readOutput(); });
}

DaemonProcess::~DaemonProcess()
{
    if (isRunning()) {
        m_process->kill();
        m_process->waitForFinished(5000);
    }
}

QString DaemonProcess::program()
{
    return QStringLiteral(LOCUST_OPERATOR_PROGRAM);
}

bool DaemonProcess::start()
{
    m_process->start();
    return m_process->waitForStarted(10'000);
}

void DaemonProcess::readOutput()
{
    m_standardError += m_process->readAllStandardError();
    qsizetype end;
    while ((end = m_standardError.indexOf('\n', m_parsedUpTo)) >= 0) {
        const QByteArray line = m_standardError.mid(m_parsedUpTo, end - m_parsedUpTo);
        m_parsedUpTo = end + 1;
        const QJsonDocument document = QJsonDocument::fromJson(line);
        m_lines << (document.isObject() ? document.object()
                                        : QJsonObject{{u"msg"_s, QString::fromUtf8(line)}, {u"raw"_s, true}});
    }
}

QList<QJsonObject> DaemonProcess::logLines()
{
    readOutput();
    return m_lines;
}

bool DaemonProcess::waitForLog(const QString &message, int timeoutMs,
                               const std::function<bool(const QJsonObject &)> &matches)
{
    QDeadlineTimer deadline(timeoutMs);
    qsizetype checked = 0;
    for (;;) {
        readOutput();
        for (; checked < m_lines.size(); ++checked) {
            const QJsonObject &line = m_lines.at(checked);
            if (line.value(u"msg").toString() == message && (!matches || matches(line)))
                return true;
        }
        if (deadline.hasExpired() || !isRunning())
            return false;
        QTest::qWait(50);
    }
}

int DaemonProcess::waitForExit(int timeoutMs)
{
    if (isRunning() && !m_process->waitForFinished(timeoutMs))
        return -1;
    readOutput();
    return m_process->exitStatus() == QProcess::NormalExit ? m_process->exitCode() : -1;
}

int DaemonProcess::terminate(int timeoutMs)
{
    if (isRunning())
        ::kill(pid_t(m_process->processId()), SIGTERM);
    return waitForExit(timeoutMs);
}

quint16 DaemonProcess::freePort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    return server.serverPort();
}

} // namespace locust::testsupport

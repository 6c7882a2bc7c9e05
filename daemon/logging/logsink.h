#pragma once

#include "logging/logformatter.h"
#include "logging/loggingoptions.h"
#include "logging/lognote.h"

#include <QDateTime>
#include <QList>
#include <QMutex>
#include <QString>
#include <QtGlobal>

#include <cstdio>
#include <functional>

class QIODevice;

namespace locust::logging {

// The daemon's log: receives every Qt log message (qCDebug/qCInfo/qCWarning/qCCritical/qFatal through
// qInstallMessageHandler), splits off structured fields (splitLogFields), drops what is below the
// configured level, adds a stack trace from --zap-stacktrace-level up, and writes one formatted line per
// record (LogFormatter) to standard error, a FILE or a QIODevice. Records may come from any thread;
// lines are written whole, under a mutex.
//
// It also sets QLoggingCategory's filter rules, so that a disabled debug line is not even formatted:
// debug for every category only when debug is on (--zap-log-level=debug or N, or --zap-devel), and
// Qt's own "qt.*" categories never below warning. QT_LOGGING_RULES still overrides them, for debugging.
//
// At most one sink is installed at a time; install() and the destructor nest (the destructor restores
// the previous handler, sink and default filter rules), so sinks must be destroyed in reverse order and
// only when no other thread logs any more.
class LogSink
{
public:
    explicit LogSink(const LoggingOptions &options, std::FILE *stream = stderr);
    // The device (a QFile, which is flushed after every line, or a QBuffer) must be open for writing and
    // outlive the sink.
    LogSink(const LoggingOptions &options, QIODevice *device);
    ~LogSink();

    LogSink(const LogSink &) = delete;
    LogSink &operator=(const LogSink &) = delete;

    // Becomes Qt's message handler and sets the category filter rules.
    void install();

    // Writes a record if its level is enabled; fills in the time (when unset) and the stack trace.
    void log(LogRecord record);
    // The options parser's notes, in order, under the given logger name.
    void logNotes(const QList<LogNote> &notes, const QString &category = QStringLiteral("locust.setup"));

    bool isEnabled(LoggingOptions::Level level) const { return isEnabled(level, m_options); }
    const LoggingOptions &options() const { return m_options; }

    // Replaces the clock (tests); QDateTime::currentDateTime() (local time, as zap) by default.
    void setClock(std::function<QDateTime()> clock) { m_clock = std::move(clock); }

    // Whether a record of this level is written: at or above the level, and debug lines also when a
    // verbosity is set (--zap-log-level=N).
    static bool isEnabled(LoggingOptions::Level level, const LoggingOptions &options);
    // QtDebugMsg, QtInfoMsg, QtWarningMsg, QtCriticalMsg, QtFatalMsg: Debug, Info, Warning, Error, Panic.
    static LoggingOptions::Level levelForMessageType(QtMsgType type);
    // The QLoggingCategory filter rules for these options.
    static QString filterRules(const LoggingOptions &options);
    // The current thread's call stack, one frame a line, without the `skipFrames` innermost frames
    // (the logging machinery itself).
    static QString captureStackTrace(int skipFrames);

private:
    static void handleMessage(QtMsgType type, const QMessageLogContext &context, const QString &text);
    void write(const QByteArray &line);

    LoggingOptions m_options;
    std::FILE *m_stream = nullptr;
    QIODevice *m_device = nullptr;
    std::function<QDateTime()> m_clock;
    QMutex m_writeMutex;
    bool m_installed = false;
    QtMessageHandler m_previousHandler = nullptr;
    LogSink *m_previousSink = nullptr;
};

} // namespace locust::logging

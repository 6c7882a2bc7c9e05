#include "logging/logsink.h"

#include "support/logfields.h"

#include <QFileDevice>
#include <QIODevice>
#include <QLoggingCategory>
#include <QStringList>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cxxabi.h>
#include <execinfo.h>

using namespace Qt::StringLiterals;

namespace locust::logging {

namespace {

using Level = LoggingOptions::Level;

std::atomic<LogSink *> currentSink{nullptr};

// Set while this thread is inside the handler, so that a message logged by the writing itself (a
// QIODevice warning, say) goes straight to stderr instead of recursing into the mutex.
thread_local bool handlingMessage = false;

void writeToStandardError(const QByteArray &bytes)
{
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    std::fflush(stderr);
}

// "module(mangled+0x1a) [0x7f...]" from backtrace_symbols() with the C++ name demangled.
QString describeFrame(const char *symbol)
{
    QByteArray text(symbol);
    const qsizetype open = text.indexOf('(');
    const qsizetype plus = open < 0 ? -1 : text.indexOf('+', open);
    if (open >= 0 && plus > open + 1) {
        const QByteArray mangled = text.mid(open + 1, plus - open - 1);
        int status = 0;
        char *demangled = abi::__cxa_demangle(mangled.constData(), nullptr, nullptr, &status);
        if (status == 0 && demangled)
            text = text.left(open + 1) + demangled + text.mid(plus);
        std::free(demangled);
    }
    return QString::fromUtf8(text);
}

// Frames of Qt's logging machinery: everything up to the last of them is how the message reached us,
// not where it came from.
bool isQtLoggingFrame(const QString &frame)
{
    return frame.contains(u"QMessageLogger::") || frame.contains(u"QDebug::~QDebug")
        || frame.contains(u"qt_message_output") || frame.contains(u"qt_message_fatal");
}

} // namespace

LogSink::LogSink(const LoggingOptions &options, std::FILE *stream)
    : m_options(options)
    , m_stream(stream)
{
}

LogSink::LogSink(const LoggingOptions &options, QIODevice *device)
    : m_options(options)
    , m_device(device)
{
}

LogSink::~LogSink()
{
    if (!m_installed)
        return;
    qInstallMessageHandler(m_previousHandler);
    currentSink.store(m_previousSink);
    QLoggingCategory::setFilterRules(m_previousSink ? filterRules(m_previousSink->m_options) : QString());
}

void LogSink::install()
{
    if (m_installed)
        return;
    m_previousSink = currentSink.exchange(this);
    m_previousHandler = qInstallMessageHandler(&LogSink::handleMessage);
    m_installed = true;
    QLoggingCategory::setFilterRules(filterRules(m_options));
}

Level LogSink::levelForMessageType(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return Level::Debug;
    case QtInfoMsg:
        return Level::Info;
    case QtWarningMsg:
        return Level::Warning;
    case QtCriticalMsg:
        return Level::Error;
    case QtFatalMsg:
        return Level::Panic;
    }
    return Level::Error;
}

bool LogSink::isEnabled(Level level, const LoggingOptions &options)
{
    if (level == Level::Debug && options.verbosity >= 1)
        return true;
    return level >= options.level;
}

QString LogSink::filterRules(const LoggingOptions &options)
{
    auto onOff = [](bool on) { return on ? u"true"_s : u"false"_s; };
    QStringList rules = {
        u"*.debug="_s + onOff(isEnabled(Level::Debug, options)),
        u"*.info="_s + onOff(isEnabled(Level::Info, options)),
        u"*.warning="_s + onOff(isEnabled(Level::Warning, options)),
        u"*.critical="_s + onOff(isEnabled(Level::Error, options)),
        // Qt's own categories are chatty below warning and say nothing about the operator.
        u"qt.*.debug=false"_s,
        u"qt.*.info=false"_s,
    };
    return rules.join(u'\n');
}

Q_NEVER_INLINE QString LogSink::captureStackTrace(int skipFrames)
{
    constexpr int maximumFrames = 64;
    void *addresses[maximumFrames];
    const int count = backtrace(addresses, maximumFrames);
    char **symbols = backtrace_symbols(addresses, count);
    if (!symbols)
        return QString();
    QStringList frames;
    for (int i = 1 + std::max(skipFrames, 0); i < count; ++i) // 1: this function
        frames += describeFrame(symbols[i]);
    std::free(symbols);

    qsizetype firstCallerFrame = 0;
    for (qsizetype i = 0; i < frames.size(); ++i) {
        if (isQtLoggingFrame(frames.at(i)))
            firstCallerFrame = i + 1;
    }
    return frames.mid(firstCallerFrame).join(u'\n');
}

Q_NEVER_INLINE void LogSink::log(LogRecord record)
{
    if (!isEnabled(record.level))
        return;
    if (!record.time.isValid())
        record.time = m_clock ? m_clock() : QDateTime::currentDateTime();
    if (record.stacktrace.isEmpty() && record.level >= m_options.stacktraceLevel)
        record.stacktrace = captureStackTrace(1);
    write(LogFormatter::format(record, m_options));
}

void LogSink::logNotes(const QList<LogNote> &notes, const QString &category)
{
    for (const LogNote &note : notes)
        log(LogRecord{note.level, category, note.message, note.fields, {}, {}});
}

void LogSink::write(const QByteArray &line)
{
    QMutexLocker locker(&m_writeMutex);
    if (m_device) {
        m_device->write(line);
        // A file buffers; a line still in the buffer is lost if the process then dies.
        if (auto *file = qobject_cast<QFileDevice *>(m_device))
            file->flush();
        return;
    }
    std::FILE *stream = m_stream ? m_stream : stderr;
    std::fwrite(line.constData(), 1, size_t(line.size()), stream);
    std::fflush(stream);
}

void LogSink::handleMessage(QtMsgType type, const QMessageLogContext &context, const QString &text)
{
    LogSink *sink = currentSink.load();
    if (!sink || handlingMessage) {
        writeToStandardError(text.toUtf8() + '\n');
        return;
    }
    handlingMessage = true;
    const LogMessageParts parts = splitLogFields(text);
    const QString category = context.category ? QString::fromUtf8(context.category) : u"default"_s;
    sink->log(LogRecord{levelForMessageType(type), category, parts.message, parts.fields, {}, {}});
    handlingMessage = false;
}

} // namespace locust::logging

#pragma once

#include "logging/loggingoptions.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace locust::logging {

// One line of the daemon's log before it is written.
struct LogRecord
{
    LoggingOptions::Level level = LoggingOptions::Level::Info;
    QString category; // the Qt logging category, written as zap's logger name ("locust.controller")
    QString message;
    QJsonObject fields;
    QDateTime time; // an invalid time is written as the Unix epoch
    QString stacktrace; // empty: none
};

// Writes records the way controller-runtime's zap logger does, so existing log pipelines and queries
// keep working:
//
//   json: {"level":"info","ts":...,"logger":"locust.controller","msg":"...",<fields>,"stacktrace":"..."}
//         with zap's production keys in this order; fields named level, ts, logger, msg or stacktrace
//         are written as field.<name> (never dropped).
//   text: zap's console encoder without colours: time TAB LEVEL TAB logger TAB message [TAB fields as
//         compact JSON], the stack trace on the following lines.
//
// Every record is one line ending in "\n" (plus the stack trace lines in text), whatever the message
// contains: JSON escapes control characters, text escapes line breaks as \n and \r.
class LogFormatter
{
public:
    static QByteArray format(const LogRecord &record, const LoggingOptions &options);

    // "debug", "info", "warn", "error", "panic": zap's level names.
    static QString levelName(LoggingOptions::Level level);
    // The time as --zap-time-encoding writes it; numbers (epoch, millis, nano) as their JSON text.
    static QString formatTime(const QDateTime &time, LoggingOptions::TimeEncoding encoding);
};

} // namespace locust::logging

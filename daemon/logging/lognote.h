#pragma once

#include "logging/loggingoptions.h"

#include <QJsonObject>
#include <QString>

namespace locust::logging {

// A line decided before logging is set up (while the flags are read), written by LogSink::logNotes()
// once it is: the flags decide the format, level and destination, so they cannot be logged as they
// are read.
struct LogNote
{
    LoggingOptions::Level level = LoggingOptions::Level::Info;
    QString message;
    QJsonObject fields;

    bool operator==(const LogNote &) const = default;
};

} // namespace locust::logging

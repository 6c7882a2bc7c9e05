#include "logging/logformatter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QTimeZone>

#include <cstdlib>

using namespace Qt::StringLiterals;

namespace locust::logging {

namespace {

using Level = LoggingOptions::Level;
using TimeEncoding = LoggingOptions::TimeEncoding;

bool isNumericEncoding(TimeEncoding encoding)
{
    return encoding == TimeEncoding::Epoch || encoding == TimeEncoding::Millis || encoding == TimeEncoding::Nano;
}

// A JSON value as compact text, through QJsonDocument so escaping is exactly JSON's.
QByteArray jsonText(const QJsonValue &value)
{
    const QByteArray array = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2); // without the array's brackets
}

QString twoDigits(int value)
{
    return u"%1"_s.arg(value, 2, 10, QChar(u'0'));
}

// Go's "Z07:00" (colon) and "Z0700" layouts: "Z" for UTC, else the offset.
QString zoneSuffix(int offsetSeconds, bool withColon)
{
    if (offsetSeconds == 0)
        return u"Z"_s;
    const QChar sign = offsetSeconds < 0 ? u'-' : u'+';
    const int minutes = std::abs(offsetSeconds) / 60;
    return sign + twoDigits(minutes / 60) + (withColon ? u":"_s : QString()) + twoDigits(minutes % 60);
}

QString dateAndTime(const QDateTime &time)
{
    const QDate date = time.date();
    const QTime clock = time.time();
    return u"%1-%2-%3T%4:%5:%6"_s.arg(date.year(), 4, 10, QChar(u'0'))
        .arg(twoDigits(date.month()), twoDigits(date.day()), twoDigits(clock.hour()), twoDigits(clock.minute()),
             twoDigits(clock.second()));
}

QString escapeLineBreaks(QString text)
{
    text.replace(u'\n', u"\\n"_s);
    text.replace(u'\r', u"\\r"_s);
    return text;
}

// Zap's production keys, which fields must not overwrite.
bool isReservedKey(const QString &key)
{
    return key == u"level" || key == u"ts" || key == u"logger" || key == u"msg" || key == u"stacktrace";
}

QByteArray formatJson(const LogRecord &record, const LoggingOptions &options)
{
    const QString timeText = LogFormatter::formatTime(record.time, options.timeEncoding);
    QByteArray line;
    line += "{\"level\":" + jsonText(LogFormatter::levelName(record.level));
    line += ",\"ts\":" + (isNumericEncoding(options.timeEncoding) ? timeText.toUtf8() : jsonText(timeText));
    line += ",\"logger\":" + jsonText(record.category);
    line += ",\"msg\":" + jsonText(record.message);
    for (auto field = record.fields.begin(); field != record.fields.end(); ++field) {
        QString key = field.key();
        if (isReservedKey(key)) {
            key = u"field."_s + key;
            while (record.fields.contains(key)) // "field.level" may be a field of its own
                key = u"field."_s + key;
        }
        line += ',' + jsonText(key) + ':' + jsonText(field.value());
    }
    if (!record.stacktrace.isEmpty())
        line += ",\"stacktrace\":" + jsonText(record.stacktrace);
    line += "}\n";
    return line;
}

QByteArray formatText(const LogRecord &record, const LoggingOptions &options)
{
    QString line = LogFormatter::formatTime(record.time, options.timeEncoding);
    line += u'\t' + LogFormatter::levelName(record.level).toUpper();
    if (!record.category.isEmpty())
        line += u'\t' + escapeLineBreaks(record.category);
    line += u'\t' + escapeLineBreaks(record.message);
    if (!record.fields.isEmpty())
        line += u'\t' + QString::fromUtf8(QJsonDocument(record.fields).toJson(QJsonDocument::Compact));
    line += u'\n';
    QString stacktrace = record.stacktrace;
    while (stacktrace.endsWith(u'\n'))
        stacktrace.chop(1);
    if (!stacktrace.isEmpty())
        line += stacktrace + u'\n';
    return line.toUtf8();
}

} // namespace

QString LogFormatter::levelName(Level level)
{
    switch (level) {
    case Level::Debug:
        return u"debug"_s;
    case Level::Info:
        return u"info"_s;
    case Level::Warning:
        return u"warn"_s;
    case Level::Error:
        return u"error"_s;
    case Level::Panic:
        return u"panic"_s;
    }
    return u"info"_s;
}

QString LogFormatter::formatTime(const QDateTime &time, TimeEncoding encoding)
{
    const QDateTime valid = time.isValid() ? time : QDateTime::fromMSecsSinceEpoch(0, QTimeZone::utc());
    const qint64 milliseconds = valid.toMSecsSinceEpoch();
    switch (encoding) {
    case TimeEncoding::Epoch:
        // zap: float64 seconds, printed by strconv's shortest 'f' format ("1732443330.123").
        return QString::number(double(milliseconds) / 1000.0, 'f', QLocale::FloatingPointShortest);
    case TimeEncoding::Millis:
        return QString::number(double(milliseconds), 'f', QLocale::FloatingPointShortest);
    case TimeEncoding::Nano:
        // Written out rather than multiplied, which would overflow 64 bits after the year 2262.
        return milliseconds == 0 ? u"0"_s : QString::number(milliseconds) + u"000000"_s;
    case TimeEncoding::Iso8601: // zap's layout "2006-01-02T15:04:05.000Z0700"
        return dateAndTime(valid) + u'.' + u"%1"_s.arg(valid.time().msec(), 3, 10, QChar(u'0'))
            + zoneSuffix(valid.offsetFromUtc(), false);
    case TimeEncoding::Rfc3339: // "2006-01-02T15:04:05Z07:00"
        return dateAndTime(valid) + zoneSuffix(valid.offsetFromUtc(), true);
    case TimeEncoding::Rfc3339Nano: { // "2006-01-02T15:04:05.999999999Z07:00": trailing zeros dropped
        QString fraction = u"%1"_s.arg(valid.time().msec(), 3, 10, QChar(u'0'));
        while (fraction.endsWith(u'0'))
            fraction.chop(1);
        return dateAndTime(valid) + (fraction.isEmpty() ? QString() : u'.' + fraction)
            + zoneSuffix(valid.offsetFromUtc(), true);
    }
    }
    return QString();
}

QByteArray LogFormatter::format(const LogRecord &record, const LoggingOptions &options)
{
    return options.format == LoggingOptions::Format::Json ? formatJson(record, options) : formatText(record, options);
}

} // namespace locust::logging

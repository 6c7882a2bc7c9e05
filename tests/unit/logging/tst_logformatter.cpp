#include "logging/logformatter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using locust::logging::LogFormatter;
using locust::logging::LoggingOptions;
using locust::logging::LogRecord;
using Level = LoggingOptions::Level;
using TimeEncoding = LoggingOptions::TimeEncoding;

namespace {

// 2026-11-24T10:15:30.123Z, 1795515330123 ms after the epoch.
QDateTime fixedTime(int msec = 123, int offsetSeconds = 0)
{
    const QDateTime utc(QDate(2026, 11, 24), QTime(10, 15, 30, msec), QTimeZone::utc());
    return offsetSeconds == 0 ? utc : utc.toTimeZone(QTimeZone(offsetSeconds));
}

LoggingOptions jsonOptions(TimeEncoding encoding = TimeEncoding::Iso8601)
{
    LoggingOptions options;
    options.format = LoggingOptions::Format::Json;
    options.timeEncoding = encoding;
    return options;
}

LoggingOptions textOptions(TimeEncoding encoding = TimeEncoding::Iso8601)
{
    LoggingOptions options = jsonOptions(encoding);
    options.format = LoggingOptions::Format::Text;
    return options;
}

LogRecord record(const QString &message, const QJsonObject &fields = {}, Level level = Level::Info)
{
    return LogRecord{level, u"locust.controller"_s, message, fields, fixedTime(), QString()};
}

QJsonObject parseLine(const QByteArray &line)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(line, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return QJsonObject{{u"unparsable"_s, QString::fromUtf8(line)}};
    return document.object();
}

} // namespace

class LogFormatterTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void jsonLine()
    {
        const QByteArray line = LogFormatter::format(
            record(u"Created resource"_s, {{u"namespace"_s, u"load"_s}, {u"LocustTest"_s, u"load/demo"_s}}),
            jsonOptions());
        QCOMPARE(line, QByteArray("{\"level\":\"info\",\"ts\":\"2026-11-24T10:15:30.123Z\",\"logger\":\"locust.controller\","
                                  "\"msg\":\"Created resource\",\"LocustTest\":\"load/demo\",\"namespace\":\"load\"}\n"));
    }

    void jsonLineWithTypedFields()
    {
        const QByteArray line = LogFormatter::format(
            record(u"Status"_s, {{u"count"_s, 3}, {u"ok"_s, true}, {u"none"_s, QJsonValue()},
                                 {u"object"_s, QJsonObject{{u"kind"_s, u"Job"_s}}}, {u"list"_s, QJsonArray{1, u"a"_s}}}),
            jsonOptions());
        QCOMPARE(line, QByteArray("{\"level\":\"info\",\"ts\":\"2026-11-24T10:15:30.123Z\",\"logger\":\"locust.controller\","
                                  "\"msg\":\"Status\",\"count\":3,\"list\":[1,\"a\"],\"none\":null,"
                                  "\"object\":{\"kind\":\"Job\"},\"ok\":true}\n"));
    }

    void textLine()
    {
        const QByteArray line = LogFormatter::format(
            record(u"Created resource"_s, {{u"namespace"_s, u"load"_s}, {u"LocustTest"_s, u"load/demo"_s}}),
            textOptions());
        QCOMPARE(line, QByteArray("2026-11-24T10:15:30.123Z\tINFO\tlocust.controller\tCreated resource\t"
                                  "{\"LocustTest\":\"load/demo\",\"namespace\":\"load\"}\n"));
    }

    void textLineWithoutFields()
    {
        QCOMPARE(LogFormatter::format(record(u"Starting"_s), textOptions()),
                 QByteArray("2026-11-24T10:15:30.123Z\tINFO\tlocust.controller\tStarting\n"));
    }

    void textLineWithoutCategory()
    {
        LogRecord withoutCategory = record(u"Starting"_s);
        withoutCategory.category.clear();
        QCOMPARE(LogFormatter::format(withoutCategory, textOptions()),
                 QByteArray("2026-11-24T10:15:30.123Z\tINFO\tStarting\n"));
        QCOMPARE(parseLine(LogFormatter::format(withoutCategory, jsonOptions())).value(u"logger"_s), QJsonValue(u""_s));
    }

    void levels_data()
    {
        QTest::addColumn<Level>("level");
        QTest::addColumn<QString>("jsonName");
        QTest::addColumn<QString>("textName");
        QTest::newRow("debug") << Level::Debug << u"debug"_s << u"DEBUG"_s;
        QTest::newRow("info") << Level::Info << u"info"_s << u"INFO"_s;
        QTest::newRow("warning") << Level::Warning << u"warn"_s << u"WARN"_s;
        QTest::newRow("error") << Level::Error << u"error"_s << u"ERROR"_s;
        QTest::newRow("panic") << Level::Panic << u"panic"_s << u"PANIC"_s;
    }

    void levels()
    {
        QFETCH(Level, level);
        QFETCH(QString, jsonName);
        QFETCH(QString, textName);
        QCOMPARE(LogFormatter::levelName(level), jsonName);
        const QByteArray json = LogFormatter::format(record(u"m"_s, {}, level), jsonOptions());
        QVERIFY2(json.startsWith("{\"level\":\"" + jsonName.toUtf8() + "\",\"ts\":"), json.constData());
        const QByteArray text = LogFormatter::format(record(u"m"_s, {}, level), textOptions());
        QCOMPARE(text, "2026-11-24T10:15:30.123Z\t" + textName.toUtf8() + "\tlocust.controller\tm\n");
    }

    void timeEncodings_data()
    {
        QTest::addColumn<QDateTime>("time");
        QTest::addColumn<TimeEncoding>("encoding");
        QTest::addColumn<QString>("text");    // as the text format writes it
        QTest::addColumn<QByteArray>("json"); // the ts value in JSON
        QTest::newRow("iso8601 UTC") << fixedTime() << TimeEncoding::Iso8601 << u"2026-11-24T10:15:30.123Z"_s
                                     << QByteArray("\"2026-11-24T10:15:30.123Z\"");
        QTest::newRow("iso8601 east") << fixedTime(123, 2 * 3600) << TimeEncoding::Iso8601
                                      << u"2026-11-24T12:15:30.123+0200"_s
                                      << QByteArray("\"2026-11-24T12:15:30.123+0200\"");
        QTest::newRow("iso8601 west half hour") << fixedTime(123, -(5 * 3600 + 1800)) << TimeEncoding::Iso8601
                                                << u"2026-11-24T04:45:30.123-0530"_s
                                                << QByteArray("\"2026-11-24T04:45:30.123-0530\"");
        QTest::newRow("iso8601 whole second") << fixedTime(0) << TimeEncoding::Iso8601
                                              << u"2026-11-24T10:15:30.000Z"_s
                                              << QByteArray("\"2026-11-24T10:15:30.000Z\"");
        QTest::newRow("rfc3339 UTC") << fixedTime() << TimeEncoding::Rfc3339 << u"2026-11-24T10:15:30Z"_s
                                     << QByteArray("\"2026-11-24T10:15:30Z\"");
        QTest::newRow("rfc3339 east") << fixedTime(123, 2 * 3600) << TimeEncoding::Rfc3339
                                      << u"2026-11-24T12:15:30+02:00"_s << QByteArray("\"2026-11-24T12:15:30+02:00\"");
        QTest::newRow("rfc3339 west half hour") << fixedTime(123, -(5 * 3600 + 1800)) << TimeEncoding::Rfc3339
                                                << u"2026-11-24T04:45:30-05:30"_s
                                                << QByteArray("\"2026-11-24T04:45:30-05:30\"");
        QTest::newRow("rfc3339nano") << fixedTime() << TimeEncoding::Rfc3339Nano << u"2026-11-24T10:15:30.123Z"_s
                                     << QByteArray("\"2026-11-24T10:15:30.123Z\"");
        QTest::newRow("rfc3339nano trailing zero dropped") << fixedTime(120) << TimeEncoding::Rfc3339Nano
                                                           << u"2026-11-24T10:15:30.12Z"_s
                                                           << QByteArray("\"2026-11-24T10:15:30.12Z\"");
        QTest::newRow("rfc3339nano whole second") << fixedTime(0) << TimeEncoding::Rfc3339Nano
                                                  << u"2026-11-24T10:15:30Z"_s << QByteArray("\"2026-11-24T10:15:30Z\"");
        QTest::newRow("rfc3339nano east") << fixedTime(5, 3600) << TimeEncoding::Rfc3339Nano
                                          << u"2026-11-24T11:15:30.005+01:00"_s
                                          << QByteArray("\"2026-11-24T11:15:30.005+01:00\"");
        QTest::newRow("epoch") << fixedTime() << TimeEncoding::Epoch << u"1795515330.123"_s
                               << QByteArray("1795515330.123");
        QTest::newRow("epoch whole second") << fixedTime(0) << TimeEncoding::Epoch << u"1795515330"_s
                                            << QByteArray("1795515330");
        QTest::newRow("epoch ignores the zone") << fixedTime(123, 2 * 3600) << TimeEncoding::Epoch
                                                << u"1795515330.123"_s << QByteArray("1795515330.123");
        QTest::newRow("millis") << fixedTime() << TimeEncoding::Millis << u"1795515330123"_s
                                << QByteArray("1795515330123");
        QTest::newRow("nano") << fixedTime() << TimeEncoding::Nano << u"1795515330123000000"_s
                              << QByteArray("1795515330123000000");
        // A round instant, which a shortest "g" format would write as 1e+09: zap writes plain decimals.
        const QDateTime round = QDateTime::fromMSecsSinceEpoch(1'000'000'000'000, QTimeZone::utc());
        QTest::newRow("epoch round") << round << TimeEncoding::Epoch << u"1000000000"_s << QByteArray("1000000000");
        QTest::newRow("millis round") << round << TimeEncoding::Millis << u"1000000000000"_s
                                      << QByteArray("1000000000000");
        QTest::newRow("nano round") << round << TimeEncoding::Nano << u"1000000000000000000"_s
                                    << QByteArray("1000000000000000000");
        const QDateTime farFuture(QDate(9999, 12, 31), QTime(23, 59, 59, 999), QTimeZone::utc());
        QTest::newRow("nano beyond 64 bits") << farFuture << TimeEncoding::Nano << u"253402300799999000000"_s
                                             << QByteArray("253402300799999000000");
        QTest::newRow("iso8601 year 9999") << farFuture << TimeEncoding::Iso8601 << u"9999-12-31T23:59:59.999Z"_s
                                           << QByteArray("\"9999-12-31T23:59:59.999Z\"");
        QTest::newRow("nano zero") << QDateTime::fromMSecsSinceEpoch(0, QTimeZone::utc()) << TimeEncoding::Nano << u"0"_s
                                   << QByteArray("0");
        const QDateTime beforeEpoch = QDateTime::fromMSecsSinceEpoch(-500, QTimeZone::utc());
        QTest::newRow("epoch before 1970") << beforeEpoch << TimeEncoding::Epoch << u"-0.5"_s << QByteArray("-0.5");
        QTest::newRow("nano before 1970") << beforeEpoch << TimeEncoding::Nano << u"-500000000"_s
                                          << QByteArray("-500000000");
        QTest::newRow("iso8601 before 1970") << beforeEpoch << TimeEncoding::Iso8601 << u"1969-12-31T23:59:59.500Z"_s
                                             << QByteArray("\"1969-12-31T23:59:59.500Z\"");
        QTest::newRow("invalid time is the epoch") << QDateTime() << TimeEncoding::Iso8601
                                                   << u"1970-01-01T00:00:00.000Z"_s
                                                   << QByteArray("\"1970-01-01T00:00:00.000Z\"");
        QTest::newRow("invalid time, epoch") << QDateTime() << TimeEncoding::Epoch << u"0"_s << QByteArray("0");
    }

    void timeEncodings()
    {
        QFETCH(QDateTime, time);
        QFETCH(TimeEncoding, encoding);
        QFETCH(QString, text);
        QFETCH(QByteArray, json);
        QCOMPARE(LogFormatter::formatTime(time, encoding), text);

        LogRecord timed = record(u"m"_s);
        timed.time = time;
        QCOMPARE(LogFormatter::format(timed, jsonOptions(encoding)),
                 "{\"level\":\"info\",\"ts\":" + json + ",\"logger\":\"locust.controller\",\"msg\":\"m\"}\n");
        QCOMPARE(LogFormatter::format(timed, textOptions(encoding)),
                 text.toUtf8() + "\tINFO\tlocust.controller\tm\n");
    }

    void reservedKeysAreRenamed()
    {
        const QJsonObject fields{{u"level"_s, u"x"_s},      {u"ts"_s, 1},
                                 {u"logger"_s, u"l"_s},     {u"msg"_s, u"m"_s},
                                 {u"stacktrace"_s, u"s"_s}, {u"field.level"_s, u"y"_s},
                                 {u"other"_s, true}};
        LogRecord collided = record(u"hello"_s, fields);
        collided.stacktrace = u"frame"_s;
        const QByteArray line = LogFormatter::format(collided, jsonOptions());
        QCOMPARE(line, QByteArray("{\"level\":\"info\",\"ts\":\"2026-11-24T10:15:30.123Z\",\"logger\":\"locust.controller\","
                                  "\"msg\":\"hello\",\"field.level\":\"y\",\"field.field.level\":\"x\","
                                  "\"field.logger\":\"l\",\"field.msg\":\"m\",\"other\":true,\"field.stacktrace\":\"s\","
                                  "\"field.ts\":1,\"stacktrace\":\"frame\"}\n"));
        // Nothing lost: four header keys, the stack trace and every field.
        QCOMPARE(parseLine(line).size(), 4 + 1 + fields.size());
    }

    void reservedKeysStayInTextFields()
    {
        const QByteArray line = LogFormatter::format(record(u"hello"_s, {{u"level"_s, u"x"_s}}), textOptions());
        QCOMPARE(line, QByteArray("2026-11-24T10:15:30.123Z\tINFO\tlocust.controller\thello\t{\"level\":\"x\"}\n"));
    }

    void messagesStayOnOneLine_data()
    {
        QTest::addColumn<QString>("message");
        QTest::addColumn<QByteArray>("textMessage");
        QTest::newRow("newline") << u"first\nsecond"_s << QByteArray("first\\nsecond");
        QTest::newRow("crlf") << u"first\r\nsecond\n"_s << QByteArray("first\\r\\nsecond\\n");
        QTest::newRow("only newlines") << u"\n\n"_s << QByteArray("\\n\\n");
        QTest::newRow("tab and control kept in text") << u"a\tb\u0001c"_s << QByteArray("a\tb\x01" "c");
        QTest::newRow("unicode") << u"\u00e9t\u00e9 \U0001f600 \u2028"_s
                                 << QByteArray("\xc3\xa9t\xc3\xa9 \xf0\x9f\x98\x80 \xe2\x80\xa8");
        QTest::newRow("quotes and backslashes") << u"say \"hi\" \\o/"_s << QByteArray("say \"hi\" \\o/");
        QTest::newRow("field separator") << u"a\u001fb"_s << QByteArray("a\x1f" "b");
    }

    void messagesStayOnOneLine()
    {
        QFETCH(QString, message);
        QFETCH(QByteArray, textMessage);
        const QByteArray json = LogFormatter::format(record(message, {{u"note"_s, u"x\ny"_s}}), jsonOptions());
        QCOMPARE(json.count('\n'), 1);
        QVERIFY(json.endsWith('\n'));
        const QJsonObject parsed = parseLine(json);
        QCOMPARE(parsed.value(u"msg"_s).toString(), message);
        QCOMPARE(parsed.value(u"note"_s).toString(), u"x\ny"_s);

        const QByteArray text = LogFormatter::format(record(message, {{u"note"_s, u"x\ny"_s}}), textOptions());
        QCOMPARE(text.count('\n'), 1);
        QCOMPARE(text, "2026-11-24T10:15:30.123Z\tINFO\tlocust.controller\t" + textMessage + "\t{\"note\":\"x\\ny\"}\n");
    }

    void loneSurrogateDoesNotBreakTheLine()
    {
        const QByteArray json = LogFormatter::format(record(QString(QChar(0xd800)) + u"x"_s), jsonOptions());
        QCOMPARE(json.count('\n'), 1);
        QVERIFY(!parseLine(json).contains(u"unparsable"_s));
    }

    void stacktrace()
    {
        LogRecord failed = record(u"Reconcile failed"_s, {{u"name"_s, u"demo"_s}}, Level::Error);
        failed.stacktrace = u"frame one\nframe two\n"_s;
        QCOMPARE(LogFormatter::format(failed, jsonOptions()),
                 QByteArray("{\"level\":\"error\",\"ts\":\"2026-11-24T10:15:30.123Z\",\"logger\":\"locust.controller\","
                            "\"msg\":\"Reconcile failed\",\"name\":\"demo\","
                            "\"stacktrace\":\"frame one\\nframe two\\n\"}\n"));
        QCOMPARE(LogFormatter::format(failed, textOptions()),
                 QByteArray("2026-11-24T10:15:30.123Z\tERROR\tlocust.controller\tReconcile failed\t{\"name\":\"demo\"}\n"
                            "frame one\nframe two\n"));
    }
};

QTEST_GUILESS_MAIN(LogFormatterTest)
#include "tst_logformatter.moc"

#include "logging/logsink.h"
#include "options/daemonoptionsparser.h"
#include "support/logfields.h"

#include <QBuffer>
#include <QFile>
#include <QTemporaryFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QTest>
#include <QThread>
#include <QTimeZone>

#include <memory>

using namespace Qt::StringLiterals;
using locust::withLogFields;
using locust::logging::LoggingOptions;
using locust::logging::LogNote;
using locust::logging::LogRecord;
using locust::logging::LogSink;
using Level = LoggingOptions::Level;

Q_LOGGING_CATEGORY(lcSinkTest, "locust.sinktest")
Q_LOGGING_CATEGORY(lcQtInternal, "qt.sinktest.internal")

namespace {

QDateTime fixedTime()
{
    return QDateTime(QDate(2026, 11, 24), QTime(10, 15, 30, 123), QTimeZone::utc());
}

LoggingOptions options(Level level = Level::Info, int verbosity = 0)
{
    LoggingOptions result;
    result.level = level;
    result.verbosity = verbosity;
    result.stacktraceLevel = Level::Panic;
    return result;
}

// A sink writing into a buffer, with a fixed clock, installed for the lifetime of the object.
struct CapturedLog
{
    explicit CapturedLog(const LoggingOptions &loggingOptions)
    {
        buffer.open(QIODevice::WriteOnly);
        sink = std::make_unique<LogSink>(loggingOptions, &buffer);
        sink->setClock(fixedTime);
        sink->install();
    }

    QList<QByteArray> lines() const
    {
        QList<QByteArray> result = buffer.data().split('\n');
        if (!result.isEmpty() && result.last().isEmpty())
            result.removeLast();
        return result;
    }

    QList<QJsonObject> records() const
    {
        QList<QJsonObject> result;
        for (const QByteArray &line : lines())
            result += QJsonDocument::fromJson(line).object();
        return result;
    }

    QBuffer buffer;
    std::unique_ptr<LogSink> sink;
};

QStringList messagesSeenByTestHandler;

void recordingHandler(QtMsgType, const QMessageLogContext &, const QString &text)
{
    messagesSeenByTestHandler += text;
}

int evaluations = 0;

QString countedEvaluation()
{
    ++evaluations;
    return u"evaluated"_s;
}

} // namespace

class LogSinkTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void levelForMessageType()
    {
        QCOMPARE(LogSink::levelForMessageType(QtDebugMsg), Level::Debug);
        QCOMPARE(LogSink::levelForMessageType(QtInfoMsg), Level::Info);
        QCOMPARE(LogSink::levelForMessageType(QtWarningMsg), Level::Warning);
        QCOMPARE(LogSink::levelForMessageType(QtCriticalMsg), Level::Error);
        QCOMPARE(LogSink::levelForMessageType(QtFatalMsg), Level::Panic);
    }

    void isEnabled_data()
    {
        QTest::addColumn<Level>("configured");
        QTest::addColumn<int>("verbosity");
        QTest::addColumn<Level>("record");
        QTest::addColumn<bool>("enabled");
        QTest::newRow("info drops debug") << Level::Info << 0 << Level::Debug << false;
        QTest::newRow("info keeps info") << Level::Info << 0 << Level::Info << true;
        QTest::newRow("info keeps error") << Level::Info << 0 << Level::Error << true;
        QTest::newRow("debug keeps debug") << Level::Debug << 0 << Level::Debug << true;
        QTest::newRow("verbosity keeps debug") << Level::Info << 1 << Level::Debug << true;
        QTest::newRow("verbosity 3 keeps debug") << Level::Debug << 3 << Level::Debug << true;
        QTest::newRow("warn drops info") << Level::Warning << 0 << Level::Info << false;
        QTest::newRow("warn keeps warn") << Level::Warning << 0 << Level::Warning << true;
        QTest::newRow("error drops warn") << Level::Error << 0 << Level::Warning << false;
        QTest::newRow("panic drops error") << Level::Panic << 0 << Level::Error << false;
        QTest::newRow("panic keeps panic") << Level::Panic << 0 << Level::Panic << true;
        QTest::newRow("verbosity does not lift info") << Level::Error << 2 << Level::Info << false;
    }

    void isEnabled()
    {
        QFETCH(Level, configured);
        QFETCH(int, verbosity);
        QFETCH(Level, record);
        QFETCH(bool, enabled);
        QCOMPARE(LogSink::isEnabled(record, options(configured, verbosity)), enabled);
    }

    void filterRules_data()
    {
        QTest::addColumn<Level>("configured");
        QTest::addColumn<int>("verbosity");
        QTest::addColumn<QString>("rules");
        const QString qtRules = u"\nqt.*.debug=false\nqt.*.info=false"_s;
        QTest::newRow("info") << Level::Info << 0
                              << u"*.debug=false\n*.info=true\n*.warning=true\n*.critical=true"_s + qtRules;
        QTest::newRow("debug") << Level::Debug << 0
                               << u"*.debug=true\n*.info=true\n*.warning=true\n*.critical=true"_s + qtRules;
        QTest::newRow("verbosity") << Level::Info << 2
                                   << u"*.debug=true\n*.info=true\n*.warning=true\n*.critical=true"_s + qtRules;
        QTest::newRow("error") << Level::Error << 0
                               << u"*.debug=false\n*.info=false\n*.warning=false\n*.critical=true"_s + qtRules;
        QTest::newRow("panic") << Level::Panic << 0
                               << u"*.debug=false\n*.info=false\n*.warning=false\n*.critical=false"_s + qtRules;
    }

    void filterRules()
    {
        QFETCH(Level, configured);
        QFETCH(int, verbosity);
        QFETCH(QString, rules);
        QCOMPARE(LogSink::filterRules(options(configured, verbosity)), rules);
    }

    void categoriesFollowTheLevel_data()
    {
        QTest::addColumn<Level>("configured");
        QTest::addColumn<int>("verbosity");
        QTest::addColumn<bool>("debug");
        QTest::addColumn<bool>("info");
        QTest::addColumn<bool>("warning");
        QTest::newRow("info") << Level::Info << 0 << false << true << true;
        QTest::newRow("debug") << Level::Debug << 0 << true << true << true;
        QTest::newRow("verbosity") << Level::Info << 1 << true << true << true;
        QTest::newRow("warn") << Level::Warning << 0 << false << false << true;
        QTest::newRow("error") << Level::Error << 0 << false << false << false;
    }

    void categoriesFollowTheLevel()
    {
        QFETCH(Level, configured);
        QFETCH(int, verbosity);
        QFETCH(bool, debug);
        QFETCH(bool, info);
        QFETCH(bool, warning);
        {
            CapturedLog log(options(configured, verbosity));
            QCOMPARE(lcSinkTest().isDebugEnabled(), debug);
            QCOMPARE(lcSinkTest().isInfoEnabled(), info);
            QCOMPARE(lcSinkTest().isWarningEnabled(), warning);
            QVERIFY(lcSinkTest().isCriticalEnabled());
            // Qt's own categories stay quiet below warning, even with debug on.
            QVERIFY(!lcQtInternal().isDebugEnabled());
            QVERIFY(!lcQtInternal().isInfoEnabled());
            QCOMPARE(lcQtInternal().isWarningEnabled(), warning);
        }
        // Qt's defaults are back once the sink is gone.
        QVERIFY(lcSinkTest().isDebugEnabled());
        QVERIFY(lcSinkTest().isInfoEnabled());
        QVERIFY(!lcQtInternal().isDebugEnabled());
    }

    void disabledDebugLinesAreNotFormatted()
    {
        evaluations = 0;
        {
            CapturedLog log(options(Level::Info));
            qCDebug(lcSinkTest) << countedEvaluation();
            QCOMPARE(evaluations, 0);
            QVERIFY(log.lines().isEmpty());
        }
        {
            CapturedLog log(options(Level::Debug));
            qCDebug(lcSinkTest) << countedEvaluation();
            QCOMPARE(evaluations, 1);
            QCOMPARE(log.lines().size(), 1);
        }
    }

    void writesQtMessagesAsRecords_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<QString>("level");
        QTest::newRow("debug") << int(QtDebugMsg) << u"debug"_s;
        QTest::newRow("info") << int(QtInfoMsg) << u"info"_s;
        QTest::newRow("warning") << int(QtWarningMsg) << u"warn"_s;
        QTest::newRow("critical") << int(QtCriticalMsg) << u"error"_s;
    }

    void writesQtMessagesAsRecords()
    {
        QFETCH(int, type);
        QFETCH(QString, level);
        CapturedLog log(options(Level::Debug));
        const QString message = withLogFields(u"Created resource", {{u"LocustTest"_s, u"load/demo"_s}});
        switch (QtMsgType(type)) {
        case QtDebugMsg:
            qCDebug(lcSinkTest).noquote() << message;
            break;
        case QtInfoMsg:
            qCInfo(lcSinkTest).noquote() << message;
            break;
        case QtWarningMsg:
            qCWarning(lcSinkTest).noquote() << message;
            break;
        default:
            qCCritical(lcSinkTest).noquote() << message;
            break;
        }
        QCOMPARE(log.lines(), QList<QByteArray>{"{\"level\":\"" + level.toUtf8()
                                                + "\",\"ts\":\"2026-11-24T10:15:30.123Z\",\"logger\":\"locust.sinktest\","
                                                  "\"msg\":\"Created resource\",\"LocustTest\":\"load/demo\"}"});
    }

    void plainMessagesAndDefaultCategory()
    {
        CapturedLog log(options(Level::Info));
        qInfo("plain %d", 42);
        qCInfo(lcSinkTest) << "quoted" << 7;
        const QList<QJsonObject> records = log.records();
        QCOMPARE(records.size(), 2);
        QCOMPARE(records[0].value(u"logger"_s).toString(), u"default"_s);
        QCOMPARE(records[0].value(u"msg"_s).toString(), u"plain 42"_s);
        QCOMPARE(records[1].value(u"msg"_s).toString(), u"quoted 7"_s);
        QCOMPARE(records[1].size(), 4); // no fields
    }

    void dropsRecordsBelowTheLevel()
    {
        CapturedLog log(options(Level::Warning));
        qCInfo(lcSinkTest) << "dropped";
        // Written directly, bypassing the category filter, the sink's own check still applies.
        log.sink->log(LogRecord{Level::Info, u"locust.sinktest"_s, u"dropped too"_s, {}, {}, {}});
        log.sink->log(LogRecord{Level::Debug, u"locust.sinktest"_s, u"dropped as well"_s, {}, {}, {}});
        qCWarning(lcSinkTest) << "kept";
        const QList<QJsonObject> records = log.records();
        QCOMPARE(records.size(), 1);
        QCOMPARE(records[0].value(u"msg"_s).toString(), u"kept"_s);
    }

    void verbosityEnablesDebugLines()
    {
        CapturedLog log(options(Level::Info, 2));
        qCDebug(lcSinkTest) << "debug line";
        const QList<QJsonObject> records = log.records();
        QCOMPARE(records.size(), 1);
        QCOMPARE(records[0].value(u"level"_s).toString(), u"debug"_s);
    }

    void stackTraceFromTheConfiguredLevel()
    {
        LoggingOptions withTraces = options(Level::Info);
        withTraces.stacktraceLevel = Level::Warning;
        CapturedLog log(withTraces);
        qCInfo(lcSinkTest) << "no trace";
        qCWarning(lcSinkTest) << "with trace";
        qCCritical(lcSinkTest) << "with trace too";
        const QList<QJsonObject> records = log.records();
        QCOMPARE(records.size(), 3);
        QVERIFY(!records[0].contains(u"stacktrace"_s));
        for (int i = 1; i < 3; ++i) {
            const QString trace = records[i].value(u"stacktrace"_s).toString();
            QVERIFY2(!trace.isEmpty(), qPrintable(QString::fromUtf8(log.buffer.data())));
            // The trace starts at the caller: Qt's logging frames are cut off, the test's own are kept.
            QVERIFY2(!trace.contains(u"QMessageLogger"_s), qPrintable(trace));
            QVERIFY2(!trace.contains(u"qt_message_output"_s), qPrintable(trace));
            QVERIFY2(trace.section(u'\n', 0, 0).contains(u"tst_logsink"_s), qPrintable(trace));
        }
    }

    void stackTraceInTextFormat()
    {
        LoggingOptions text = options(Level::Info);
        text.format = LoggingOptions::Format::Text;
        text.stacktraceLevel = Level::Error;
        CapturedLog log(text);
        qCCritical(lcSinkTest) << "failed";
        const QList<QByteArray> lines = log.lines();
        QVERIFY2(lines.size() > 1, log.buffer.data().constData());
        QCOMPARE(lines[0], QByteArray("2026-11-24T10:15:30.123Z\tERROR\tlocust.sinktest\tfailed"));
        QVERIFY(lines[1].contains("tst_logsink"));
    }

    void logsTheParsersNotes()
    {
        const auto outcome = locust::options::DaemonOptionsParser::parse({u"--enable-http2"_s},
                                                                         {{u"ENABLE_WEBHOOKS"_s, u"maybe"_s}});
        CapturedLog log(options(Level::Info));
        log.sink->logNotes(outcome.notes);
        QCOMPARE(log.lines(),
                 (QList<QByteArray>{
                     "{\"level\":\"warn\",\"ts\":\"2026-11-24T10:15:30.123Z\",\"logger\":\"locust.setup\",\"msg\":"
                     "\"ENABLE_WEBHOOKS env var is deprecated, use --enable-webhooks=true|false\","
                     "\"removalRelease\":\"v2.3.0\"}",
                     "{\"level\":\"warn\",\"ts\":\"2026-11-24T10:15:30.123Z\",\"logger\":\"locust.setup\",\"msg\":"
                     "\"ignoring ENABLE_WEBHOOKS: not a valid boolean\",\"value\":\"maybe\"}",
                     "{\"level\":\"warn\",\"ts\":\"2026-11-24T10:15:30.123Z\",\"logger\":\"locust.setup\",\"msg\":"
                     "\"--enable-http2 has no effect: the webhook and metrics listeners serve HTTP/1.1 only\"}",
                 }));
    }

    void notesFollowTheLevel()
    {
        CapturedLog log(options(Level::Error));
        log.sink->logNotes({LogNote{Level::Warning, u"dropped"_s, {}}, LogNote{Level::Error, u"kept"_s, {}}},
                           u"locust.custom"_s);
        const QList<QJsonObject> records = log.records();
        QCOMPARE(records.size(), 1);
        QCOMPARE(records[0].value(u"msg"_s).toString(), u"kept"_s);
        QCOMPARE(records[0].value(u"logger"_s).toString(), u"locust.custom"_s);
    }

    void restoresThePreviousHandler()
    {
        messagesSeenByTestHandler.clear();
        const QtMessageHandler testHandler = qInstallMessageHandler(recordingHandler);
        {
            CapturedLog log(options(Level::Info));
            qCInfo(lcSinkTest) << "to the sink";
            QCOMPARE(log.lines().size(), 1);
        }
        qCInfo(lcSinkTest) << "to the previous handler";
        qInstallMessageHandler(testHandler);
        QCOMPARE(messagesSeenByTestHandler, QStringList{u"to the previous handler"_s});
    }

    void nestedSinks()
    {
        CapturedLog outer(options(Level::Info));
        {
            CapturedLog inner(options(Level::Debug));
            qCDebug(lcSinkTest) << "inner";
            QCOMPARE(inner.lines().size(), 1);
        }
        // The outer sink is back, with its own filter rules.
        QVERIFY(!lcSinkTest().isDebugEnabled());
        qCDebug(lcSinkTest) << "dropped";
        qCInfo(lcSinkTest) << "outer";
        QCOMPARE(outer.records().size(), 1);
        QCOMPARE(outer.records()[0].value(u"msg"_s).toString(), u"outer"_s);
    }

    void linesFromManyThreadsStayWhole()
    {
        CapturedLog log(options(Level::Info));
        constexpr int threadCount = 4;
        constexpr int linesPerThread = 250;
        QList<QThread *> threads;
        for (int t = 0; t < threadCount; ++t) {
            threads += QThread::create([t] {
                for (int i = 0; i < linesPerThread; ++i)
                    qCInfo(lcSinkTest).noquote() << withLogFields(u"line", {{u"thread"_s, t}, {u"i"_s, i}});
            });
        }
        for (QThread *thread : threads)
            thread->start();
        for (QThread *thread : threads) {
            QVERIFY(thread->wait(60'000));
            delete thread;
        }
        const QList<QByteArray> lines = log.lines();
        QCOMPARE(lines.size(), threadCount * linesPerThread);
        QList<int> perThread(threadCount, 0);
        for (const QByteArray &line : lines) {
            QJsonParseError error;
            const QJsonObject record = QJsonDocument::fromJson(line, &error).object();
            QVERIFY2(error.error == QJsonParseError::NoError, line.constData());
            const int thread = record.value(u"thread"_s).toInt(-1);
            QVERIFY(thread >= 0 && thread < threadCount);
            QCOMPARE(record.value(u"i"_s).toInt(), perThread[thread]); // in order within a thread
            ++perThread[thread];
        }
    }

    void writesToAFile()
    {
        std::FILE *file = std::tmpfile();
        QVERIFY(file);
        {
            LogSink sink(options(Level::Info), file);
            sink.setClock(fixedTime);
            sink.install();
            qCInfo(lcSinkTest) << "to a file";
        }
        std::rewind(file);
        char buffer[512] = {};
        const size_t read = std::fread(buffer, 1, sizeof buffer - 1, file);
        std::fclose(file);
        QCOMPARE(QByteArray(buffer, qsizetype(read)),
                 QByteArray("{\"level\":\"info\",\"ts\":\"2026-11-24T10:15:30.123Z\",\"logger\":\"locust.sinktest\","
                            "\"msg\":\"to a file\"}\n"));
    }

    void flushesFilesAfterEveryLine()
    {
        QTemporaryFile file;
        QVERIFY(file.open());
        LogSink sink(options(Level::Info), &file);
        sink.setClock(fixedTime);
        sink.log(LogRecord{Level::Info, u"locust.sinktest"_s, u"on disk"_s, {}, {}, {}});
        QFile reader(file.fileName());
        QVERIFY(reader.open(QIODevice::ReadOnly));
        QCOMPARE(reader.readAll(),
                 QByteArray("{\"level\":\"info\",\"ts\":\"2026-11-24T10:15:30.123Z\",\"logger\":\"locust.sinktest\","
                            "\"msg\":\"on disk\"}\n"));
    }

    void usesTheCurrentTimeByDefault()
    {
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        LoggingOptions millis = options(Level::Info);
        millis.timeEncoding = LoggingOptions::TimeEncoding::Millis;
        LogSink sink(millis, &buffer);
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        sink.log(LogRecord{Level::Info, u"locust.sinktest"_s, u"now"_s, {}, {}, {}});
        const qint64 after = QDateTime::currentMSecsSinceEpoch();
        const qint64 ts = QJsonDocument::fromJson(buffer.data()).object().value(u"ts"_s).toInteger();
        QVERIFY2(ts >= before && ts <= after, buffer.data().constData());
    }

    // Writing to a device that is not open makes QIODevice warn from inside the sink; that warning
    // must go to stderr rather than deadlock on the sink's own lock or recurse.
    void warningsWhileWritingDoNotRecurse()
    {
        QBuffer closed;
        LogSink sink(options(Level::Info), &closed);
        sink.install();
        qCInfo(lcSinkTest) << "into a closed device";
        QVERIFY(closed.data().isEmpty());
    }

    void uninstalledSinkChangesNothing()
    {
        messagesSeenByTestHandler.clear();
        const QtMessageHandler testHandler = qInstallMessageHandler(recordingHandler);
        {
            QBuffer buffer;
            buffer.open(QIODevice::WriteOnly);
            LogSink sink(options(Level::Debug), &buffer);
            qCInfo(lcSinkTest) << "not the sink's";
            QVERIFY(buffer.data().isEmpty());
        }
        qInstallMessageHandler(testHandler);
        QCOMPARE(messagesSeenByTestHandler, QStringList{u"not the sink's"_s});
    }
};

QTEST_GUILESS_MAIN(LogSinkTest)
#include "tst_logsink.moc"

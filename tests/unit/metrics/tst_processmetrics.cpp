// The process_* metrics read from a /proc of the test's own making: parsing, arithmetic, and what
// happens when files are missing or garbled (the metric is left out, nothing fails).

#include "metrics/metricsregistry.h"
#include "metrics/processmetrics.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

#include <limits>

using namespace Qt::StringLiterals;
using namespace locust::metrics;

namespace {

// A /proc/<pid>/stat line: the command name holds spaces and parentheses on purpose.
const QByteArray statLine =
    "4242 (locust (op) x) S 1 4242 4242 0 -1 4194560 2000 0 0 0 1234 566 0 0 20 0 3 0 98765 2147483648 5000 "
    "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";
const QByteArray limitsText =
    "Limit                     Soft Limit           Hard Limit           Units     \n"
    "Max cpu time              unlimited            unlimited            seconds   \n"
    "Max open files            1024                 1048576              files     \n"
    "Max address space         unlimited            unlimited            bytes     \n";
const QByteArray procStatText = "cpu  1 2 3 4\nintr 5\nbtime 1700000000\nprocesses 9\n";

void write(const QString &path, const QByteArray &text)
{
    QFile file(path);
    QVERIFY2(file.open(QIODevice::WriteOnly), qPrintable(path));
    file.write(text);
}

double ticks()
{
    return double(::sysconf(_SC_CLK_TCK));
}

} // namespace

class ProcessMetricsTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_directory;
    QDir m_proc;

    void makeProc()
    {
        m_directory = std::make_unique<QTemporaryDir>();
        QVERIFY(m_directory->isValid());
        m_proc = QDir(m_directory->path());
        QVERIFY(m_proc.mkpath(u"self/fd"_s));
        write(m_proc.filePath(u"self/stat"_s), statLine);
        write(m_proc.filePath(u"self/limits"_s), limitsText);
        write(m_proc.filePath(u"stat"_s), procStatText);
        for (const QString &fd : {u"0"_s, u"1"_s, u"2"_s, u"7"_s})
            write(m_proc.filePath(u"self/fd/"_s + fd), {});
    }

private Q_SLOTS:
    void init() { makeProc(); }

    void parsesStat()
    {
        const auto stat = ProcessMetrics::parseStat(statLine);
        QVERIFY(stat);
        QCOMPARE(stat->userTicks, 1234.0);
        QCOMPARE(stat->systemTicks, 566.0);
        QCOMPARE(stat->startTicks, 98765.0);
        QCOMPARE(stat->virtualMemoryBytes, 2147483648.0);
        QCOMPARE(stat->residentPages, 5000.0);
    }

    void rejectsGarbledStat_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("no command") << QByteArray("4242 S 1 2 3");
        QTest::newRow("cut short") << statLine.left(statLine.indexOf(" 98765"));
        QTest::newRow("not a number") << QByteArray(statLine).replace(" 1234 ", " x1234 ");
    }

    void rejectsGarbledStat()
    {
        QFETCH(QByteArray, text);
        QVERIFY(!ProcessMetrics::parseStat(text));
    }

    void parsesLimitsAndBootTime()
    {
        QCOMPARE(ProcessMetrics::parseSoftLimit(limitsText, "Max open files"), 1024.0);
        QCOMPARE(ProcessMetrics::parseSoftLimit(limitsText, "Max address space"),
                 double(std::numeric_limits<quint64>::max()));
        QVERIFY(!ProcessMetrics::parseSoftLimit(limitsText, "Max open"));
        QVERIFY(!ProcessMetrics::parseSoftLimit("garbage", "Max open files"));
        QCOMPARE(ProcessMetrics::parseBootTime(procStatText), 1700000000.0);
        QVERIFY(!ProcessMetrics::parseBootTime("cpu 1 2\n"));
    }

    void readsEveryMetric()
    {
        MetricsRegistry registry;
        ProcessMetrics::registerIn(registry, m_proc.path());
        const double pageSize = double(::sysconf(_SC_PAGESIZE));
        QCOMPARE(registry.family(u"process_cpu_seconds_total"_s)->value(), (1234.0 + 566.0) / ticks());
        QCOMPARE(registry.family(u"process_virtual_memory_bytes"_s)->value(), 2147483648.0);
        QCOMPARE(registry.family(u"process_resident_memory_bytes"_s)->value(), 5000 * pageSize);
        QCOMPARE(registry.family(u"process_start_time_seconds"_s)->value(), 1700000000.0 + 98765.0 / ticks());
        QCOMPARE(registry.family(u"process_open_fds"_s)->value(), 4.0);
        QCOMPARE(registry.family(u"process_max_fds"_s)->value(), 1024.0);
        QCOMPARE(registry.family(u"process_virtual_memory_max_bytes"_s)->value(), 18446744073709551616.0);

        QByteArray expected =
            "# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.\n"
            "# TYPE process_cpu_seconds_total counter\n"
            "process_cpu_seconds_total %cpu\n"
            "# HELP process_max_fds Maximum number of open file descriptors.\n"
            "# TYPE process_max_fds gauge\n"
            "process_max_fds 1024\n"
            "# HELP process_open_fds Number of open file descriptors.\n"
            "# TYPE process_open_fds gauge\n"
            "process_open_fds 4\n"
            "# HELP process_resident_memory_bytes Resident memory size in bytes.\n"
            "# TYPE process_resident_memory_bytes gauge\n"
            "process_resident_memory_bytes %rss\n"
            "# HELP process_start_time_seconds Start time of the process since unix epoch in seconds.\n"
            "# TYPE process_start_time_seconds gauge\n"
            "process_start_time_seconds %start\n"
            "# HELP process_virtual_memory_bytes Virtual memory size in bytes.\n"
            "# TYPE process_virtual_memory_bytes gauge\n"
            "process_virtual_memory_bytes 2.147483648e+09\n"
            "# HELP process_virtual_memory_max_bytes Maximum amount of virtual memory available in bytes.\n"
            "# TYPE process_virtual_memory_max_bytes gauge\n"
            "process_virtual_memory_max_bytes 1.8446744073709552e+19\n";
        // Values that depend on the machine's clock ticks and page size, with the usual 100 Hz and 4 KiB.
        if (ticks() == 100 && pageSize == 4096) {
            expected.replace("%cpu", "18").replace("%rss", "2.048e+07").replace("%start", "1.70000098765e+09");
            QCOMPARE(registry.exposition(), expected);
        }
    }

    // The live values change between scrapes: files are read at scrape time.
    void readsAtScrapeTime()
    {
        MetricsRegistry registry;
        ProcessMetrics::registerIn(registry, m_proc.path());
        QCOMPARE(registry.family(u"process_open_fds"_s)->value(), 4.0);
        write(m_proc.filePath(u"self/fd/9"_s), {});
        QCOMPARE(registry.family(u"process_open_fds"_s)->value(), 5.0);
    }

    void leavesOutWhatCannotBeRead_data()
    {
        QTest::addColumn<QString>("removed");
        QTest::addColumn<QByteArray>("garbage");
        QTest::addColumn<QStringList>("missing");
        const QStringList fromStat{u"process_cpu_seconds_total"_s, u"process_resident_memory_bytes"_s,
                                   u"process_start_time_seconds"_s, u"process_virtual_memory_bytes"_s};
        QTest::newRow("no stat") << u"self/stat"_s << QByteArray() << fromStat;
        QTest::newRow("garbled stat") << u"self/stat"_s << QByteArray("4242 (x) S 1") << fromStat;
        QTest::newRow("no limits") << u"self/limits"_s << QByteArray()
                                   << QStringList{u"process_max_fds"_s, u"process_virtual_memory_max_bytes"_s};
        QTest::newRow("no boot time") << u"stat"_s << QByteArray("cpu 1\n")
                                      << QStringList{u"process_start_time_seconds"_s};
        QTest::newRow("no fd directory") << u"self/fd"_s << QByteArray() << QStringList{u"process_open_fds"_s};
    }

    void leavesOutWhatCannotBeRead()
    {
        QFETCH(QString, removed);
        QFETCH(QByteArray, garbage);
        QFETCH(QStringList, missing);
        const QString path = m_proc.filePath(removed);
        if (QFileInfo(path).isDir())
            QVERIFY(QDir(path).removeRecursively());
        else
            QVERIFY(QFile::remove(path));
        if (!garbage.isEmpty())
            write(path, garbage);

        MetricsRegistry registry;
        ProcessMetrics::registerIn(registry, m_proc.path());
        const QByteArray exposition = registry.exposition();
        for (const QString &name : registry.names()) {
            const bool present = exposition.contains("\n" + name.toUtf8() + ' ');
            QVERIFY2(present != missing.contains(name), qPrintable(name));
        }
        QCOMPARE(registry.names().size(), 7);
    }

    void nothingReadableAtAll()
    {
        MetricsRegistry registry;
        ProcessMetrics::registerIn(registry, m_proc.filePath(u"does-not-exist"_s));
        QCOMPARE(registry.exposition(), QByteArray());
    }
};

QTEST_GUILESS_MAIN(ProcessMetricsTest)
#include "tst_processmetrics.moc"

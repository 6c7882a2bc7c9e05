#include "metrics/processmetrics.h"

#include "metrics/metricsregistry.h"

#include <QByteArrayList>
#include <QFile>

#include <dirent.h>
#include <unistd.h>

#include <limits>

using namespace Qt::StringLiterals;

namespace locust::metrics {

namespace {

std::optional<QByteArray> readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    // procfs files report size 0: read to the end.
    return file.readAll();
}

std::optional<double> toNumber(QByteArrayView text)
{
    bool ok = false;
    const qulonglong value = text.toULongLong(&ok);
    return ok ? std::optional<double>(double(value)) : std::nullopt;
}

std::optional<ProcessMetrics::Stat> readStat(const QString &procRoot)
{
    const std::optional<QByteArray> text = readFile(procRoot + u"/self/stat"_s);
    return text ? ProcessMetrics::parseStat(*text) : std::nullopt;
}

std::optional<double> readSoftLimit(const QString &procRoot, QByteArrayView name)
{
    const std::optional<QByteArray> text = readFile(procRoot + u"/self/limits"_s);
    return text ? ProcessMetrics::parseSoftLimit(*text, name) : std::nullopt;
}

std::optional<double> countOpenFiles(const QString &procRoot)
{
    DIR *directory = ::opendir(QFile::encodeName(procRoot + u"/self/fd"_s).constData());
    if (!directory)
        return std::nullopt;
    // The directory's own descriptor is counted too, as client_golang's is.
    double count = 0;
    while (const dirent *entry = ::readdir(directory)) {
        const QByteArrayView name(entry->d_name);
        if (name != "." && name != "..")
            ++count;
    }
    ::closedir(directory);
    return count;
}

double ticksPerSecond()
{
    const long ticks = ::sysconf(_SC_CLK_TCK);
    return ticks > 0 ? double(ticks) : 100.0;
}

double pageSize()
{
    const long size = ::sysconf(_SC_PAGESIZE);
    return size > 0 ? double(size) : 4096.0;
}

} // namespace

std::optional<ProcessMetrics::Stat> ProcessMetrics::parseStat(QByteArrayView text)
{
    const qsizetype commandEnd = text.lastIndexOf(')');
    if (commandEnd < 0)
        return std::nullopt;
    // Field 3 (state) is the first after the command; utime is field 14, stime 15, starttime 22,
    // vsize 23, rss 24 (proc(5)).
    const QByteArrayList fields = text.sliced(commandEnd + 1).trimmed().toByteArray().split(' ');
    constexpr qsizetype First = 3;
    auto field = [&](int number) -> std::optional<double> {
        const qsizetype index = number - First;
        return index < fields.size() ? toNumber(fields.at(index)) : std::nullopt;
    };
    const auto user = field(14), system = field(15), start = field(22), virtualMemory = field(23), resident = field(24);
    if (!user || !system || !start || !virtualMemory || !resident)
        return std::nullopt;
    return Stat{*user, *system, *start, *virtualMemory, *resident};
}

std::optional<double> ProcessMetrics::parseBootTime(QByteArrayView text)
{
    for (const QByteArray &line : text.toByteArray().split('\n')) {
        if (line.startsWith("btime "))
            return toNumber(line.mid(6).trimmed());
    }
    return std::nullopt;
}

std::optional<double> ProcessMetrics::parseSoftLimit(QByteArrayView text, QByteArrayView name)
{
    for (const QByteArray &line : text.toByteArray().split('\n')) {
        if (!line.startsWith(name) || line.size() == name.size() || line.at(name.size()) != ' ')
            continue;
        const QByteArray soft = line.mid(name.size()).simplified().split(' ').value(0);
        if (soft == "unlimited")
            return double(std::numeric_limits<quint64>::max());
        return toNumber(soft);
    }
    return std::nullopt;
}

void ProcessMetrics::registerIn(MetricsRegistry &registry, const QString &procRoot)
{
    registry.readAtScrape(MetricType::Counter, u"process_cpu_seconds_total"_s,
                          u"Total user and system CPU time spent in seconds."_s, [procRoot]() -> std::optional<double> {
                              const auto stat = readStat(procRoot);
                              if (!stat)
                                  return std::nullopt;
                              return (stat->userTicks + stat->systemTicks) / ticksPerSecond();
                          });
    registry.readAtScrape(MetricType::Gauge, u"process_open_fds"_s, u"Number of open file descriptors."_s,
                          [procRoot] { return countOpenFiles(procRoot); });
    registry.readAtScrape(MetricType::Gauge, u"process_max_fds"_s, u"Maximum number of open file descriptors."_s,
                          [procRoot] { return readSoftLimit(procRoot, "Max open files"); });
    registry.readAtScrape(MetricType::Gauge, u"process_virtual_memory_bytes"_s, u"Virtual memory size in bytes."_s,
                          [procRoot]() -> std::optional<double> {
                              const auto stat = readStat(procRoot);
                              return stat ? std::optional<double>(stat->virtualMemoryBytes) : std::nullopt;
                          });
    registry.readAtScrape(MetricType::Gauge, u"process_virtual_memory_max_bytes"_s,
                          u"Maximum amount of virtual memory available in bytes."_s,
                          [procRoot] { return readSoftLimit(procRoot, "Max address space"); });
    registry.readAtScrape(MetricType::Gauge, u"process_resident_memory_bytes"_s, u"Resident memory size in bytes."_s,
                          [procRoot]() -> std::optional<double> {
                              const auto stat = readStat(procRoot);
                              return stat ? std::optional<double>(stat->residentPages * pageSize()) : std::nullopt;
                          });
    registry.readAtScrape(MetricType::Gauge, u"process_start_time_seconds"_s,
                          u"Start time of the process since unix epoch in seconds."_s,
                          [procRoot]() -> std::optional<double> {
                              const auto stat = readStat(procRoot);
                              const auto procStat = readFile(procRoot + u"/stat"_s);
                              const auto bootTime = procStat ? parseBootTime(*procStat) : std::nullopt;
                              if (!stat || !bootTime)
                                  return std::nullopt;
                              return *bootTime + stat->startTicks / ticksPerSecond();
                          });
}

} // namespace locust::metrics

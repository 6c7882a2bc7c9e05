#pragma once

#include <QByteArrayView>
#include <QString>

#include <optional>

namespace locust::metrics {

class MetricsRegistry;

// client_golang's process collector on Linux: the process_* metrics every controller-runtime manager
// exposes, read from /proc when scraped. A file that cannot be read or parsed leaves its metrics out
// of that scrape; nothing fails.
class ProcessMetrics
{
public:
    // Registers process_cpu_seconds_total, process_open_fds, process_max_fds,
    // process_virtual_memory_bytes, process_virtual_memory_max_bytes, process_resident_memory_bytes
    // and process_start_time_seconds, read from procRoot/self/{stat,limits,fd} and procRoot/stat.
    // (Tests pass a directory of their own.)
    static void registerIn(MetricsRegistry &registry, const QString &procRoot = QStringLiteral("/proc"));

    // The fields of /proc/<pid>/stat the metrics need.
    struct Stat
    {
        double userTicks = 0;
        double systemTicks = 0;
        double startTicks = 0; // after boot
        double virtualMemoryBytes = 0;
        double residentPages = 0;
    };
    // The command name in parentheses may hold spaces and parentheses, so the fields are counted from
    // the last ')'.
    static std::optional<Stat> parseStat(QByteArrayView text);
    // /proc/stat's "btime": the boot time in seconds since the epoch.
    static std::optional<double> parseBootTime(QByteArrayView text);
    // The soft limit of the /proc/<pid>/limits row called name ("Max open files"); "unlimited" is
    // 2^64-1, as procfs reports it to client_golang.
    static std::optional<double> parseSoftLimit(QByteArrayView text, QByteArrayView name);
};

} // namespace locust::metrics

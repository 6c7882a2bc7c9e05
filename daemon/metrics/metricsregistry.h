#pragma once

#include "metrics/metricfamily.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <map>
#include <memory>

namespace locust::metrics {

// The daemon's metric families, exposed together in the Prometheus text format (GET /metrics).
// Single-threaded, like the daemon's event loop.
//
// Families are handed out as shared pointers, so a hook that holds one stays valid whatever is
// destroyed first. Registering a name again with the same definition returns the family that is
// already there (a read-at-scrape family keeps its first reader), so two controllers can share
// the controller-runtime families. A registration that cannot be exposed (an invalid metric or label name, "le" on a
// histogram, a name taken by a different definition) is a programming error: it is logged, and the
// caller gets a working family that is not exposed, rather than a crash.
class MetricsRegistry
{
public:
    // The exposition's Content-Type.
    static constexpr char contentType[] = "text/plain; version=0.0.4; charset=utf-8";

    std::shared_ptr<MetricFamily> counter(const QString &name, const QString &help, const QStringList &labelNames = {});
    std::shared_ptr<MetricFamily> gauge(const QString &name, const QString &help, const QStringList &labelNames = {});
    std::shared_ptr<MetricFamily> histogram(const QString &name, const QString &help, const QStringList &labelNames,
                                            const QList<double> &upperBounds);
    // Counters and gauges read when scraped (type Histogram is taken as Gauge). A reader that gives no
    // value leaves the family out of that scrape.
    std::shared_ptr<MetricFamily> readAtScrape(MetricType type, const QString &name, const QString &help,
                                               MetricFamily::Reader reader);

    // The family registered under name, or null.
    std::shared_ptr<MetricFamily> family(const QString &name) const;
    QStringList names() const;

    // Every family's exposition, by name.
    QByteArray exposition() const;

private:
    std::shared_ptr<MetricFamily> add(std::shared_ptr<MetricFamily> family);

    std::map<QString, std::shared_ptr<MetricFamily>> m_families;
};

} // namespace locust::metrics

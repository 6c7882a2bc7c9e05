#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <map>
#include <optional>

namespace locust::metrics {

enum class MetricType { Counter, Gauge, Histogram };

// One metric family: a name, a HELP text, a type, label names, and a value (or, for a histogram,
// bucket counts, sum and count) for each label set seen so far. Or, for a read-at-scrape family, a
// function that gives its one unlabelled value when scraped (process metrics).
//
// Label values are passed in the order of labelNames(). A call with the wrong number of values, or
// one that does not fit the type (set() on a counter, a negative counter increment, observe() on a
// gauge), changes nothing: metrics must never take the daemon down. Single-threaded, like the
// daemon's event loop.
class MetricFamily
{
public:
    using Reader = std::function<std::optional<double>()>;

    // Histogram upper bounds are sorted; NaN, infinite and repeated bounds are dropped (+Inf is
    // always the last bucket).
    MetricFamily(MetricType type, QString name, QString help, QStringList labelNames,
                 QList<double> upperBounds = {});
    // A counter or gauge without labels read when scraped; a reader returning no value leaves the
    // family out of that scrape.
    MetricFamily(MetricType type, QString name, QString help, Reader reader);

    MetricType type() const { return m_type; }
    const QString &name() const { return m_name; }
    const QString &help() const { return m_help; }
    const QStringList &labelNames() const { return m_labelNames; }
    const QList<double> &upperBounds() const { return m_upperBounds; }
    bool isRead() const { return bool(m_reader); }

    // Counters (delta >= 0) and gauges.
    void add(const QStringList &labelValues, double delta = 1.0);
    // Gauges.
    void set(const QStringList &labelValues, double value);
    // Histograms: counted in the first bucket whose bound is >= value, and in sum and count.
    void observe(const QStringList &labelValues, double value);
    // Makes the series exist at zero without changing it if it does (controller-runtime's Add(0)),
    // so that it is exposed before anything happened.
    void initialize(const QStringList &labelValues);

    // A counter's or gauge's current value; nothing for an unknown series.
    std::optional<double> value(const QStringList &labelValues = {}) const;
    struct HistogramValue
    {
        QList<quint64> cumulativeCounts; // one per upper bound, then +Inf (== count)
        double sum = 0;
        quint64 count = 0;
    };
    std::optional<HistogramValue> histogram(const QStringList &labelValues = {}) const;

    // "# HELP", "# TYPE" and a line per sample, series sorted by label values, labels by name (as
    // client_golang writes them). Empty when the family has no series (an unused vector is not
    // exposed) or its reader gives no value.
    QByteArray exposition() const;

private:
    struct Series
    {
        double value = 0;            // counter, gauge; a histogram's sum
        QList<quint64> bucketCounts; // histogram: per bucket, not cumulative; the last is +Inf
        quint64 count = 0;           // histogram
    };

    // The series for labelValues (created when create is true), or null when they do not fit.
    Series *series(const QStringList &labelValues, bool create);
    const Series *find(const QStringList &labelValues) const;
    // labelValues reordered to the label names' sorted order, the key of m_series.
    std::optional<QStringList> key(const QStringList &labelValues) const;
    QByteArray labelText(const QStringList &sortedValues, const QByteArray &extra = {}) const;

    MetricType m_type;
    QString m_name;
    QString m_help;
    QStringList m_labelNames;
    QList<int> m_sortedLabelOrder; // indexes into m_labelNames, by name
    QList<double> m_upperBounds;
    Reader m_reader;
    std::map<QStringList, Series> m_series;
};

} // namespace locust::metrics

#include "metrics/metricfamily.h"

#include "metrics/prometheustext.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace locust::metrics {

namespace {

QByteArray typeName(MetricType type)
{
    switch (type) {
    case MetricType::Counter:
        return "counter";
    case MetricType::Gauge:
        return "gauge";
    case MetricType::Histogram:
        return "histogram";
    }
    return "untyped";
}

QList<double> cleanBounds(QList<double> bounds)
{
    bounds.removeIf([](double bound) { return !std::isfinite(bound); });
    std::sort(bounds.begin(), bounds.end());
    bounds.erase(std::unique(bounds.begin(), bounds.end()), bounds.end());
    return bounds;
}

} // namespace

MetricFamily::MetricFamily(MetricType type, QString name, QString help, QStringList labelNames,
                           QList<double> upperBounds)
    : m_type(type)
    , m_name(std::move(name))
    , m_help(std::move(help))
    , m_labelNames(std::move(labelNames))
    , m_upperBounds(type == MetricType::Histogram ? cleanBounds(std::move(upperBounds)) : QList<double>())
{
    m_sortedLabelOrder.resize(m_labelNames.size());
    std::iota(m_sortedLabelOrder.begin(), m_sortedLabelOrder.end(), 0);
    std::sort(m_sortedLabelOrder.begin(), m_sortedLabelOrder.end(),
              [this](int a, int b) { return m_labelNames.at(a) < m_labelNames.at(b); });
}

MetricFamily::MetricFamily(MetricType type, QString name, QString help, Reader reader)
    : m_type(type == MetricType::Histogram ? MetricType::Gauge : type)
    , m_name(std::move(name))
    , m_help(std::move(help))
    , m_reader(std::move(reader))
{
}

std::optional<QStringList> MetricFamily::key(const QStringList &labelValues) const
{
    if (m_reader || labelValues.size() != m_labelNames.size())
        return std::nullopt;
    QStringList sorted;
    sorted.reserve(labelValues.size());
    for (int index : m_sortedLabelOrder)
        sorted.append(labelValues.at(index));
    return sorted;
}

MetricFamily::Series *MetricFamily::series(const QStringList &labelValues, bool create)
{
    const std::optional<QStringList> sorted = key(labelValues);
    if (!sorted)
        return nullptr;
    auto it = m_series.find(*sorted);
    if (it == m_series.end()) {
        if (!create)
            return nullptr;
        Series fresh;
        if (m_type == MetricType::Histogram)
            fresh.bucketCounts = QList<quint64>(m_upperBounds.size() + 1, 0);
        it = m_series.emplace(*sorted, fresh).first;
    }
    return &it->second;
}

const MetricFamily::Series *MetricFamily::find(const QStringList &labelValues) const
{
    const std::optional<QStringList> sorted = key(labelValues);
    if (!sorted)
        return nullptr;
    const auto it = m_series.find(*sorted);
    return it == m_series.end() ? nullptr : &it->second;
}

void MetricFamily::add(const QStringList &labelValues, double delta)
{
    if (m_type == MetricType::Histogram || (m_type == MetricType::Counter && !(delta >= 0)))
        return;
    if (Series *target = series(labelValues, true))
        target->value += delta;
}

void MetricFamily::set(const QStringList &labelValues, double value)
{
    if (m_type != MetricType::Gauge)
        return;
    if (Series *target = series(labelValues, true))
        target->value = value;
}

void MetricFamily::observe(const QStringList &labelValues, double value)
{
    if (m_type != MetricType::Histogram)
        return;
    Series *target = series(labelValues, true);
    if (!target)
        return;
    // The first bound >= value, like client_golang's sort.SearchFloat64s; a NaN is >= no bound, so it
    // is counted only in +Inf.
    const auto bucket = std::partition_point(m_upperBounds.cbegin(), m_upperBounds.cend(),
                                             [value](double bound) { return !(bound >= value); });
    ++target->bucketCounts[bucket - m_upperBounds.cbegin()];
    target->value += value;
    ++target->count;
}

void MetricFamily::initialize(const QStringList &labelValues)
{
    (void)series(labelValues, true);
}

std::optional<double> MetricFamily::value(const QStringList &labelValues) const
{
    if (m_reader)
        return labelValues.isEmpty() ? m_reader() : std::nullopt;
    if (m_type == MetricType::Histogram)
        return std::nullopt;
    const Series *found = find(labelValues);
    return found ? std::optional<double>(found->value) : std::nullopt;
}

std::optional<MetricFamily::HistogramValue> MetricFamily::histogram(const QStringList &labelValues) const
{
    if (m_type != MetricType::Histogram)
        return std::nullopt;
    const Series *found = find(labelValues);
    if (!found)
        return std::nullopt;
    HistogramValue histogram;
    quint64 cumulative = 0;
    for (quint64 count : found->bucketCounts) {
        cumulative += count;
        histogram.cumulativeCounts.append(cumulative);
    }
    histogram.sum = found->value;
    histogram.count = found->count;
    return histogram;
}

QByteArray MetricFamily::labelText(const QStringList &sortedValues, const QByteArray &extra) const
{
    QByteArray text;
    for (qsizetype i = 0; i < sortedValues.size(); ++i) {
        if (!text.isEmpty())
            text += ',';
        text += m_labelNames.at(m_sortedLabelOrder.at(i)).toUtf8() + "=\""
            + prometheustext::escapeLabelValue(sortedValues.at(i)) + '"';
    }
    if (!extra.isEmpty()) {
        if (!text.isEmpty())
            text += ',';
        text += extra;
    }
    return text.isEmpty() ? QByteArray() : '{' + text + '}';
}

QByteArray MetricFamily::exposition() const
{
    std::optional<double> readValue;
    if (m_reader) {
        readValue = m_reader();
        if (!readValue)
            return {};
    } else if (m_series.empty()) {
        return {};
    }

    const QByteArray name = m_name.toUtf8();
    QByteArray out = "# HELP " + name + ' ' + prometheustext::escapeHelp(m_help) + '\n';
    out += "# TYPE " + name + ' ' + typeName(m_type) + '\n';
    if (readValue) {
        out += name + ' ' + prometheustext::formatValue(*readValue) + '\n';
        return out;
    }
    for (const auto &[labels, series] : m_series) {
        if (m_type != MetricType::Histogram) {
            out += name + labelText(labels) + ' ' + prometheustext::formatValue(series.value) + '\n';
            continue;
        }
        quint64 cumulative = 0;
        for (qsizetype i = 0; i < series.bucketCounts.size(); ++i) {
            cumulative += series.bucketCounts.at(i);
            const double bound = i < m_upperBounds.size() ? m_upperBounds.at(i) : qInf();
            out += name + "_bucket" + labelText(labels, "le=\"" + prometheustext::formatValue(bound) + '"') + ' '
                + prometheustext::formatValue(double(cumulative)) + '\n';
        }
        out += name + "_sum" + labelText(labels) + ' ' + prometheustext::formatValue(series.value) + '\n';
        out += name + "_count" + labelText(labels) + ' ' + prometheustext::formatValue(double(series.count)) + '\n';
    }
    return out;
}

} // namespace locust::metrics

#include "metrics/metricsregistry.h"

#include "metrics/prometheustext.h"

#include <QLoggingCategory>

using namespace Qt::StringLiterals;

namespace locust::metrics {

namespace {

Q_LOGGING_CATEGORY(lcMetrics, "locust.metrics")

// Why family cannot be exposed, or an empty string.
QString problem(const MetricFamily &family)
{
    if (!prometheustext::isValidMetricName(family.name()))
        return u"invalid metric name"_s;
    for (const QString &label : family.labelNames()) {
        if (!prometheustext::isValidLabelName(label))
            return u"invalid label name \"%1\""_s.arg(label);
        if (family.type() == MetricType::Histogram && label == u"le")
            return u"the label \"le\" is reserved for histogram buckets"_s;
    }
    QStringList labelNames = family.labelNames();
    if (labelNames.removeDuplicates() > 0)
        return u"repeated label name"_s;
    return {};
}

// A family registered again with the same definition is the one already there (for a read-at-scrape
// family: its first reader stays).
bool sameDefinition(const MetricFamily &a, const MetricFamily &b)
{
    return a.isRead() == b.isRead() && a.type() == b.type() && a.help() == b.help()
        && a.labelNames() == b.labelNames() && a.upperBounds() == b.upperBounds();
}

} // namespace

std::shared_ptr<MetricFamily> MetricsRegistry::add(std::shared_ptr<MetricFamily> family)
{
    if (const QString why = problem(*family); !why.isEmpty()) {
        qCWarning(lcMetrics).noquote() << "metric" << family->name() << "is not exposed:" << why;
        return family;
    }
    const auto existing = m_families.find(family->name());
    if (existing == m_families.end()) {
        m_families.emplace(family->name(), family);
        return family;
    }
    if (sameDefinition(*existing->second, *family))
        return existing->second;
    qCWarning(lcMetrics).noquote() << "metric" << family->name()
                                   << "is not exposed: the name is registered with another definition";
    return family;
}

std::shared_ptr<MetricFamily> MetricsRegistry::counter(const QString &name, const QString &help,
                                                       const QStringList &labelNames)
{
    return add(std::make_shared<MetricFamily>(MetricType::Counter, name, help, labelNames));
}

std::shared_ptr<MetricFamily> MetricsRegistry::gauge(const QString &name, const QString &help,
                                                     const QStringList &labelNames)
{
    return add(std::make_shared<MetricFamily>(MetricType::Gauge, name, help, labelNames));
}

std::shared_ptr<MetricFamily> MetricsRegistry::histogram(const QString &name, const QString &help,
                                                         const QStringList &labelNames,
                                                         const QList<double> &upperBounds)
{
    return add(std::make_shared<MetricFamily>(MetricType::Histogram, name, help, labelNames, upperBounds));
}

std::shared_ptr<MetricFamily> MetricsRegistry::readAtScrape(MetricType type, const QString &name, const QString &help,
                                                            MetricFamily::Reader reader)
{
    return add(std::make_shared<MetricFamily>(type, name, help, std::move(reader)));
}

std::shared_ptr<MetricFamily> MetricsRegistry::family(const QString &name) const
{
    const auto it = m_families.find(name);
    return it == m_families.end() ? nullptr : it->second;
}

QStringList MetricsRegistry::names() const
{
    QStringList names;
    for (const auto &[name, family] : m_families)
        names.append(name);
    return names;
}

QByteArray MetricsRegistry::exposition() const
{
    QByteArray out;
    for (const auto &[name, family] : m_families)
        out += family->exposition();
    return out;
}

} // namespace locust::metrics

#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

// Pieces of the Prometheus text exposition format 0.0.4, written the way client_golang's expfmt writes
// them, so that our /metrics reads like controller-runtime's byte for byte.
namespace locust::metrics::prometheustext {

// A sample value or an `le` bound: "NaN", "+Inf", "-Inf", otherwise Go's
// strconv.FormatFloat(v, 'g', -1, 64): the shortest digits that read back as v, in exponent form
// (at least two exponent digits) when the decimal exponent is below -4 or at least 6:
// "0", "1", "0.005", "123456", "1e+06", "1e-08", "1.2392448e+08".
QByteArray formatValue(double value);

// A label value between double quotes: backslash, double quote and line feed escaped.
QByteArray escapeLabelValue(const QString &value);

// A HELP text: backslash and line feed escaped (quotes are not).
QByteArray escapeHelp(const QString &help);

// Metric names [a-zA-Z_:][a-zA-Z0-9_:]*; label names [a-zA-Z_][a-zA-Z0-9_]*, not starting with "__"
// (reserved for Prometheus itself).
bool isValidMetricName(const QString &name);
bool isValidLabelName(const QString &name);

// client_golang's prometheus.ExponentialBuckets: start, start*factor, ... (count bounds), each the
// previous one multiplied, so the bounds carry the same rounding as Go's ("9.999999999999999e-06").
QList<double> exponentialBuckets(double start, double factor, int count);

} // namespace locust::metrics::prometheustext

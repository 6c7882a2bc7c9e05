#include "metrics/prometheustext.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string_view>

namespace locust::metrics::prometheustext {

namespace {

bool isAsciiLetter(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z');
}

bool isAsciiDigit(QChar c)
{
    return c >= u'0' && c <= u'9';
}

} // namespace

QByteArray formatValue(double value)
{
    if (std::isnan(value))
        return "NaN";
    if (std::isinf(value))
        return value > 0 ? "+Inf" : "-Inf";

    // The shortest round-trip digits, from the scientific form "-d.ddde-XX"; then laid out as Go's
    // %g does for the shortest precision.
    char buffer[64];
    const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
    if (error != std::errc())
        return "NaN"; // cannot happen with 64 bytes; a visible value rather than a crash
    const std::string_view text(buffer, static_cast<size_t>(end - buffer));
    const size_t exponentAt = text.find('e');
    const bool negative = text.front() == '-';
    std::string digits;
    for (char c : text.substr(negative ? 1 : 0, exponentAt - (negative ? 1 : 0))) {
        if (c != '.')
            digits += c;
    }
    const int exponent = std::atoi(std::string(text.substr(exponentAt + 1)).c_str());
    if (digits == "0")
        return "0"; // -0 too, as expfmt writes it (-0 == 0)

    QByteArray out;
    if (negative)
        out += '-';
    const int digitCount = static_cast<int>(digits.size());
    if (exponent < -4 || exponent >= 6) {
        out += digits[0];
        if (digitCount > 1) {
            out += '.';
            out += QByteArray(digits.data() + 1, digitCount - 1);
        }
        out += 'e';
        out += exponent < 0 ? '-' : '+';
        const int magnitude = std::abs(exponent);
        if (magnitude < 10)
            out += '0';
        out += QByteArray::number(magnitude);
        return out;
    }
    // Fixed notation: the decimal point sits after `point` digits (point <= 0: "0.000ddd").
    const int point = exponent + 1;
    if (point <= 0) {
        out += "0.";
        out += QByteArray(-point, '0');
        out += QByteArray(digits.data(), digitCount);
        return out;
    }
    for (int i = 0; i < point; ++i)
        out += i < digitCount ? digits[static_cast<size_t>(i)] : '0';
    if (digitCount > point) {
        out += '.';
        out += QByteArray(digits.data() + point, digitCount - point);
    }
    return out;
}

QByteArray escapeLabelValue(const QString &value)
{
    QByteArray out;
    const QByteArray utf8 = value.toUtf8();
    out.reserve(utf8.size());
    for (char c : utf8) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

QByteArray escapeHelp(const QString &help)
{
    QByteArray out;
    const QByteArray utf8 = help.toUtf8();
    out.reserve(utf8.size());
    for (char c : utf8) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

bool isValidMetricName(const QString &name)
{
    if (name.isEmpty() || isAsciiDigit(name.front()))
        return false;
    for (QChar c : name) {
        if (!isAsciiLetter(c) && !isAsciiDigit(c) && c != u'_' && c != u':')
            return false;
    }
    return true;
}

bool isValidLabelName(const QString &name)
{
    if (name.isEmpty() || isAsciiDigit(name.front()) || name.startsWith(u"__"))
        return false;
    for (QChar c : name) {
        if (!isAsciiLetter(c) && !isAsciiDigit(c) && c != u'_')
            return false;
    }
    return true;
}

QList<double> exponentialBuckets(double start, double factor, int count)
{
    QList<double> bounds;
    double bound = start;
    for (int i = 0; i < count; ++i) {
        bounds.append(bound);
        bound *= factor;
    }
    return bounds;
}

} // namespace locust::metrics::prometheustext

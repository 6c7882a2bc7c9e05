#include "config/quantity.h"

#include "support/goquote.h"

#include <QLocale>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

using namespace Qt::StringLiterals;

namespace locust::config {

namespace {

// Exponents beyond this are refused: no real resource needs them, and "1e999999999" would otherwise
// make toString() allocate a string of a billion zeros.
constexpr qint64 maxDecimalExponent = 1000;
// Kubernetes keeps values down to 1n (10^-9) and rounds anything finer up to it.
constexpr qint64 nanoExponent = -9;
// Kubernetes caps BinarySI values at the largest int64 (and only those).
constexpr char maxBinaryValue[] = "9223372036854775807";
// Only six binary suffixes exist (Ki..Ei), so canonical BinarySI divides by 1024 at most six times.
constexpr int maxBase1024Divisions = 6;

const QString suffixHelp =
    u"valid suffixes: n u m k M G T P E Ki Mi Gi Ti Pi Ei, or an exponent such as e3"_s;

bool isAsciiDigit(QChar c)
{
    return c >= u'0' && c <= u'9';
}

// What a suffix means: value = number * base^exponent.
struct SuffixMeaning
{
    int base = 10;
    qint64 exponent = 0;
    Quantity::Format format = Quantity::Format::DecimalSI;
};

std::optional<SuffixMeaning> siSuffix(QStringView suffix)
{
    struct Entry
    {
        QStringView text;
        int base;
        int exponent;
    };
    static constexpr Entry table[] = {
        {u"", 10, 0},   {u"n", 10, -9}, {u"u", 10, -6}, {u"m", 10, -3}, {u"k", 10, 3},
        {u"M", 10, 6},  {u"G", 10, 9},  {u"T", 10, 12}, {u"P", 10, 15}, {u"E", 10, 18},
        {u"Ki", 2, 10}, {u"Mi", 2, 20}, {u"Gi", 2, 30}, {u"Ti", 2, 40}, {u"Pi", 2, 50}, {u"Ei", 2, 60},
    };
    for (const Entry &entry : table) {
        if (entry.text == suffix) {
            const auto format = entry.base == 2 ? Quantity::Format::BinarySI : Quantity::Format::DecimalSI;
            return SuffixMeaning{entry.base, entry.exponent, format};
        }
    }
    return std::nullopt;
}

// The suffix after the number; on failure the Error holds only the reason.
Result<SuffixMeaning> interpretSuffix(QStringView suffix)
{
    if (const std::optional<SuffixMeaning> si = siSuffix(suffix))
        return *si;
    if (suffix.startsWith(u'.'))
        return Error{u"it has more than one decimal point"_s};
    if (!suffix.startsWith(u'e') && !suffix.startsWith(u'E'))
        return Error{u"unknown suffix %1 (%2)"_s.arg(goQuote(suffix.toString()), suffixHelp)};

    // An exponent: e<int> or E<int>, where <int> is an optional sign and decimal digits. (A lone "E"
    // is exa and was handled above.)
    QStringView digits = suffix.sliced(1);
    bool negative = false;
    if (digits.startsWith(u'+') || digits.startsWith(u'-')) {
        negative = digits.startsWith(u'-');
        digits = digits.sliced(1);
    }
    if (digits.isEmpty())
        return Error{u"the exponent %1 has no digits (write it like e3 or e-3)"_s.arg(
            goQuote(suffix.toString()))};
    qint64 magnitude = 0;
    for (const QChar c : digits) {
        if (!isAsciiDigit(c)) {
            if (c == u'.')
                return Error{u"the exponent must be a whole number"_s};
            return Error{u"unknown suffix %1 (%2)"_s.arg(goQuote(suffix.toString()), suffixHelp)};
        }
        // Saturate instead of overflowing; anything past the limit is refused below anyway.
        if (magnitude <= maxDecimalExponent)
            magnitude = magnitude * 10 + (c.unicode() - u'0');
    }
    if (magnitude > maxDecimalExponent)
        return Error{u"the exponent is out of range (at most %1 in magnitude)"_s.arg(maxDecimalExponent)};
    return SuffixMeaning{10, negative ? -magnitude : magnitude, Quantity::Format::DecimalExponent};
}

// Digit strings below are magnitudes: '0'..'9', most significant first.

// Removes leading zeros and moves trailing zeros into the exponent, so that equal values have equal
// representations. Zero becomes ("", 0).
void normalize(QByteArray &digits, qint64 &exponent)
{
    qsizetype first = 0;
    while (first < digits.size() && digits[first] == '0')
        ++first;
    digits.remove(0, first);
    qsizetype trailing = 0;
    while (trailing < digits.size() && digits[digits.size() - 1 - trailing] == '0')
        ++trailing;
    digits.chop(trailing);
    exponent = digits.isEmpty() ? 0 : exponent + trailing;
}

QByteArray multiplied(const QByteArray &digits, quint32 factor)
{
    QByteArray result(digits.size(), '0');
    quint64 carry = 0;
    for (qsizetype i = digits.size() - 1; i >= 0; --i) {
        const quint64 product = quint64(digits[i] - '0') * factor + carry;
        result[i] = char('0' + product % 10);
        carry = product / 10;
    }
    QByteArray head;
    while (carry > 0) {
        head.prepend(char('0' + carry % 10));
        carry /= 10;
    }
    return head + result;
}

// The quotient if digits is a multiple of divisor.
std::optional<QByteArray> dividedExactly(const QByteArray &digits, quint32 divisor)
{
    QByteArray quotient;
    quint64 remainder = 0;
    for (const char digit : digits) {
        remainder = remainder * 10 + quint64(digit - '0');
        const quint64 q = remainder / divisor;
        if (!quotient.isEmpty() || q != 0)
            quotient.append(char('0' + q));
        remainder %= divisor;
    }
    if (remainder != 0)
        return std::nullopt;
    return quotient;
}

QByteArray incremented(QByteArray digits)
{
    for (qsizetype i = digits.size() - 1; i >= 0; --i) {
        if (digits[i] != '9') {
            ++digits[i];
            return digits;
        }
        digits[i] = '0';
    }
    return '1' + digits;
}

// Rounds a normalized non-zero magnitude away from zero to a multiple of 10^-9, as Kubernetes does
// ("if you want some resources, you should get some resources").
void roundUpToNano(QByteArray &digits, qint64 &exponent)
{
    if (digits.isEmpty() || exponent >= nanoExponent)
        return;
    const qint64 dropped = nanoExponent - exponent;
    exponent = nanoExponent;
    if (dropped >= digits.size()) {
        digits = "1";
        return;
    }
    // The dropped digits are never all zero: a normalized value ends in a non-zero digit.
    digits.chop(dropped);
    digits = incremented(digits);
    normalize(digits, exponent);
}

// Compares two normalized magnitudes digits * 10^exponent.
int compareMagnitudes(const QByteArray &a, qint64 aExponent, const QByteArray &b, qint64 bExponent)
{
    if (a.isEmpty() || b.isEmpty())
        return int(!a.isEmpty()) - int(!b.isEmpty());
    // The position of the most significant digit decides, unless it is the same.
    const qint64 aOrder = a.size() + aExponent;
    const qint64 bOrder = b.size() + bExponent;
    if (aOrder != bOrder)
        return aOrder < bOrder ? -1 : 1;
    const qsizetype common = std::min(a.size(), b.size());
    for (qsizetype i = 0; i < common; ++i) {
        if (a[i] != b[i])
            return a[i] < b[i] ? -1 : 1;
    }
    // Same leading digits: the longer one has more non-zero digits after them.
    if (a.size() == b.size())
        return 0;
    return a.size() < b.size() ? -1 : 1;
}

QByteArray decimalSuffix(qint64 exponent)
{
    switch (exponent) {
    case -9: return "n";
    case -6: return "u";
    case -3: return "m";
    case 3: return "k";
    case 6: return "M";
    case 9: return "G";
    case 12: return "T";
    case 15: return "P";
    case 18: return "E";
    default: return "";
    }
}

QString jsonTypeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null: return u"null"_s;
    case QJsonValue::Bool: return u"a boolean"_s;
    case QJsonValue::Array: return u"an array"_s;
    case QJsonValue::Object: return u"an object"_s;
    default: return u"undefined"_s;
    }
}

} // namespace

Quantity::Quantity() = default;

Result<Quantity> Quantity::parse(const QString &text)
{
    const auto invalid = [&text](const QString &reason) {
        return Error{goQuote(text) + u" is not a valid Kubernetes quantity: "_s + reason};
    };
    if (text.isEmpty())
        return invalid(u"it is empty"_s);
    for (const QChar c : text) {
        if (c.isSpace())
            return invalid(u"it contains whitespace"_s);
    }

    qsizetype pos = 0;
    bool negative = false;
    if (text[0] == u'+' || text[0] == u'-') {
        negative = text[0] == u'-';
        ++pos;
    }
    const qsizetype integerStart = pos;
    while (pos < text.size() && isAsciiDigit(text[pos]))
        ++pos;
    const QStringView integerDigits = QStringView(text).sliced(integerStart, pos - integerStart);
    QStringView fractionDigits;
    if (pos < text.size() && text[pos] == u'.') {
        const qsizetype fractionStart = ++pos;
        while (pos < text.size() && isAsciiDigit(text[pos]))
            ++pos;
        fractionDigits = QStringView(text).sliced(fractionStart, pos - fractionStart);
    }
    if (integerDigits.isEmpty() && fractionDigits.isEmpty())
        return invalid(u"the number is missing"_s);

    const Result<SuffixMeaning> suffix = interpretSuffix(QStringView(text).sliced(pos));
    if (!suffix)
        return invalid(suffix.errorMessage());

    QByteArray digits = integerDigits.toLatin1() + fractionDigits.toLatin1();
    qint64 exponent = -fractionDigits.size();
    if (suffix->base == 10) {
        exponent += suffix->exponent;
    } else {
        for (qint64 i = 0; i < suffix->exponent / 10; ++i)
            digits = multiplied(digits, 1024);
    }
    normalize(digits, exponent);
    roundUpToNano(digits, exponent);
    // The exponent is bounded by the suffix check and the length of the text (a QString), so it fits.
    if (exponent > std::numeric_limits<qint32>::max())
        return invalid(u"it is too large"_s);

    Format format = suffix->format;
    if (format == Format::BinarySI) {
        if (compareMagnitudes(digits, exponent, maxBinaryValue, 0) > 0) {
            digits = maxBinaryValue;
            exponent = 0;
        }
        // Below 1 there is nothing binary to show.
        if (!digits.isEmpty() && compareMagnitudes(digits, exponent, "1", 0) < 0)
            format = Format::DecimalSI;
    }

    Quantity quantity;
    quantity.m_negative = negative && !digits.isEmpty();
    quantity.m_digits = digits;
    quantity.m_exponent = qint32(exponent);
    quantity.m_format = format;
    return quantity;
}

Result<Quantity> Quantity::fromJson(const QJsonValue &value)
{
    if (value.isString())
        return parse(value.toString());
    if (!value.isDouble())
        return Error{u"a Kubernetes quantity must be a string or a number, not "_s + jsonTypeName(value)};

    // QJsonValue keeps integers as exact qint64s; toInteger() answers its default for anything else,
    // so two different defaults tell an integer from a fraction without going through a double.
    const qint64 integer = value.toInteger(0);
    if (integer == value.toInteger(1))
        return parse(QString::number(integer));
    const double number = value.toDouble();
    if (!std::isfinite(number))
        return Error{u"a Kubernetes quantity must be a finite number"_s};
    // The shortest text that reads back as the same double: 0.25, not 0.25000000000000000.
    return parse(QString::number(number, 'g', QLocale::FloatingPointShortest));
}

QString Quantity::toString() const
{
    if (isZero())
        return u"0"_s;
    QByteArray text = m_negative ? "-" : "";

    // BinarySI only for integers of at least 1Ki; anything else would need rounding, so it is shown
    // as DecimalSI, as Kubernetes does.
    const bool binaryPrintable = m_format == Format::BinarySI && m_exponent >= 0
                                 && compareMagnitudes(m_digits, m_exponent, "1024", 0) >= 0;
    if (binaryPrintable) {
        QByteArray mantissa = m_digits + QByteArray(m_exponent, '0');
        int divisions = 0;
        while (divisions < maxBase1024Divisions) {
            std::optional<QByteArray> quotient = dividedExactly(mantissa, 1024);
            if (!quotient)
                break;
            mantissa = *quotient;
            ++divisions;
        }
        static const QByteArray binarySuffixes[] = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
        return QString::fromLatin1(text + mantissa + binarySuffixes[divisions]);
    }

    // The largest exponent that is a multiple of three and loses no digit. C++'s % truncates like
    // Go's, so negative exponents step down too (-1 -> -3).
    QByteArray mantissa = m_digits;
    qint64 exponent = m_exponent;
    while (exponent % 3 != 0) {
        mantissa.append('0');
        --exponent;
    }
    if (m_format == Format::DecimalExponent) {
        if (exponent != 0)
            mantissa += 'e' + QByteArray::number(exponent);
        return QString::fromLatin1(text + mantissa);
    }
    // E (10^18) is the largest SI suffix: beyond it the mantissa grows ("1000E"), so the value is kept.
    while (exponent > 18) {
        mantissa.append("000");
        exponent -= 3;
    }
    return QString::fromLatin1(text + mantissa + decimalSuffix(exponent));
}

bool Quantity::isZero() const
{
    return m_digits.isEmpty();
}

bool Quantity::isNegative() const
{
    return m_negative;
}

int Quantity::compare(const Quantity &other) const
{
    const int sign = isZero() ? 0 : (m_negative ? -1 : 1);
    const int otherSign = other.isZero() ? 0 : (other.m_negative ? -1 : 1);
    if (sign != otherSign)
        return sign < otherSign ? -1 : 1;
    const int magnitude = compareMagnitudes(m_digits, m_exponent, other.m_digits, other.m_exponent);
    return sign < 0 ? -magnitude : magnitude;
}

} // namespace locust::config

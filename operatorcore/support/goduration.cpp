#include "support/goduration.h"

#include "support/goquote.h"

#include <QByteArray>

#include <algorithm>
#include <cstdint>

using namespace Qt::StringLiterals;

namespace locust {

namespace {

// A port of Go's time.ParseDuration (src/time/format.go), on the UTF-8 bytes as Go reads them, with
// the same unsigned 64-bit arithmetic and overflow checks, so the same texts are accepted and give the
// same number of nanoseconds.
constexpr std::uint64_t limit = std::uint64_t(1) << 63;

Error invalidDuration(QStringView original)
{
    return Error{u"time: invalid duration "_s + goQuote(original.toString())};
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// Go's leadingInt: the leading [0-9]*; false on overflow.
bool consumeLeadingInt(QByteArrayView &rest, std::uint64_t &value)
{
    value = 0;
    qsizetype i = 0;
    for (; i < rest.size() && isDigit(rest[i]); ++i) {
        if (value > limit / 10)
            return false;
        value = value * 10 + std::uint64_t(rest[i] - '0');
        if (value > limit)
            return false;
    }
    rest = rest.sliced(i);
    return true;
}

// Go's leadingFraction: the leading [0-9]*, which stops gaining precision instead of failing.
void consumeLeadingFraction(QByteArrayView &rest, std::uint64_t &value, double &scale)
{
    value = 0;
    scale = 1;
    bool overflow = false;
    qsizetype i = 0;
    for (; i < rest.size() && isDigit(rest[i]); ++i) {
        if (overflow)
            continue;
        if (value > (limit - 1) / 10) {
            overflow = true;
            continue;
        }
        const std::uint64_t next = value * 10 + std::uint64_t(rest[i] - '0');
        if (next > limit) {
            overflow = true;
            continue;
        }
        value = next;
        scale *= 10;
    }
    rest = rest.sliced(i);
}

std::uint64_t unitInNanoseconds(QByteArrayView unit)
{
    if (unit == "ns")
        return 1;
    if (unit == "us" || unit == "\u00b5s" || unit == "\u03bcs") // micro sign and Greek mu, as Go
        return 1'000;
    if (unit == "ms")
        return 1'000'000;
    if (unit == "s")
        return 1'000'000'000;
    if (unit == "m")
        return 60'000'000'000;
    if (unit == "h")
        return 3'600'000'000'000;
    return 0;
}

// Go's fmtFrac: the fraction of value / 10^precision without trailing zeros (nothing when it is 0),
// written backwards into the tail of the buffer; returns value / 10^precision.
std::uint64_t prependFraction(QByteArray &reversed, std::uint64_t value, int precision)
{
    bool print = false;
    for (int i = 0; i < precision; ++i) {
        const auto digit = char(value % 10);
        print = print || digit != 0;
        if (print)
            reversed += char('0' + digit);
        value /= 10;
    }
    if (print)
        reversed += '.';
    return value;
}

void prependInteger(QByteArray &reversed, std::uint64_t value)
{
    do {
        reversed += char('0' + value % 10);
        value /= 10;
    } while (value > 0);
}

} // namespace

Result<std::chrono::nanoseconds> parseGoDuration(QStringView text)
{
    const QByteArray utf8 = text.toUtf8();
    QByteArrayView rest(utf8);
    bool negative = false;
    if (!rest.isEmpty() && (rest[0] == '-' || rest[0] == '+')) {
        negative = rest[0] == '-';
        rest = rest.sliced(1);
    }
    if (rest == "0")
        return std::chrono::nanoseconds(0);
    if (rest.isEmpty())
        return invalidDuration(text);

    std::uint64_t total = 0;
    while (!rest.isEmpty()) {
        if (!(rest[0] == '.' || isDigit(rest[0])))
            return invalidDuration(text);

        std::uint64_t whole = 0;
        const qsizetype before = rest.size();
        if (!consumeLeadingInt(rest, whole))
            return invalidDuration(text);
        const bool digitsBeforePoint = before != rest.size();

        std::uint64_t fraction = 0;
        double scale = 1;
        bool digitsAfterPoint = false;
        if (!rest.isEmpty() && rest[0] == '.') {
            rest = rest.sliced(1);
            const qsizetype beforeFraction = rest.size();
            consumeLeadingFraction(rest, fraction, scale);
            digitsAfterPoint = beforeFraction != rest.size();
        }
        if (!digitsBeforePoint && !digitsAfterPoint)
            return invalidDuration(text); // "." or ".s"

        qsizetype unitLength = 0;
        while (unitLength < rest.size() && rest[unitLength] != '.' && !isDigit(rest[unitLength]))
            ++unitLength;
        if (unitLength == 0)
            return Error{u"time: missing unit in duration "_s + goQuote(text.toString())};
        const QByteArrayView unitText = rest.first(unitLength);
        rest = rest.sliced(unitLength);
        const std::uint64_t unit = unitInNanoseconds(unitText);
        if (unit == 0) {
            return Error{u"time: unknown unit "_s + goQuote(QString::fromUtf8(unitText)) + u" in duration "_s
                         + goQuote(text.toString())};
        }

        if (whole > limit / unit)
            return invalidDuration(text);
        whole *= unit;
        if (fraction > 0) {
            // Go computes the fraction in float64 (exact to the nanosecond for fractions of an hour).
            whole += std::uint64_t(double(fraction) * (double(unit) / scale));
            if (whole > limit)
                return invalidDuration(text);
        }
        total += whole;
        if (total > limit)
            return invalidDuration(text);
    }
    if (negative) {
        // -2^63 is representable; two's complement negation of the unsigned count gives it exactly.
        return std::chrono::nanoseconds(static_cast<std::int64_t>(~total + 1));
    }
    if (total > limit - 1)
        return invalidDuration(text);
    return std::chrono::nanoseconds(static_cast<std::int64_t>(total));
}

Result<std::chrono::milliseconds> parseGoDurationMilliseconds(QStringView text)
{
    const Result<std::chrono::nanoseconds> parsed = parseGoDuration(text);
    if (!parsed)
        return parsed.error();
    return millisecondsRoundingUp(*parsed);
}

std::chrono::milliseconds millisecondsRoundingUp(std::chrono::nanoseconds duration)
{
    constexpr auto largest = std::chrono::floor<std::chrono::milliseconds>(std::chrono::nanoseconds::max());
    return std::min(std::chrono::ceil<std::chrono::milliseconds>(duration), largest);
}

QString formatGoDuration(std::chrono::nanoseconds duration)
{
    // A port of Go's Duration.format, which builds the text from its end.
    const std::int64_t count = duration.count();
    const bool negative = count < 0;
    std::uint64_t u = static_cast<std::uint64_t>(count);
    if (negative)
        u = ~u + 1;

    QByteArray reversed;
    constexpr std::uint64_t second = 1'000'000'000;
    if (u < second) {
        // Below a second Go switches to the smallest fitting unit: "1.2ms", "500µs", "7ns".
        reversed += 's';
        if (u == 0)
            return u"0s"_s;
        int precision = 0;
        if (u < 1'000) {
            reversed += 'n';
        } else if (u < 1'000'000) {
            precision = 3;
            reversed += "\xb5\xc2"; // "µ" (U+00B5) in UTF-8, reversed
        } else {
            precision = 6;
            reversed += 'm';
        }
        u = prependFraction(reversed, u, precision);
        prependInteger(reversed, u);
    } else {
        reversed += 's';
        u = prependFraction(reversed, u, 9); // now whole seconds
        prependInteger(reversed, u % 60);
        u /= 60; // whole minutes
        if (u > 0) {
            reversed += 'm';
            prependInteger(reversed, u % 60);
            u /= 60; // whole hours
            if (u > 0) {
                reversed += 'h';
                prependInteger(reversed, u);
            }
        }
    }
    if (negative)
        reversed += '-';
    std::reverse(reversed.begin(), reversed.end());
    return QString::fromUtf8(reversed);
}

} // namespace locust

#include "serialization/yamlscalarresolver.h"

#include <array>
#include <charconv>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <system_error>

namespace locust::serialization {

namespace {

using Kind = ResolvedScalar::Kind;

// go-yaml's resolveTable: the first character decides which interpretations are tried at all.
enum class Hint { None, Sign, Digit, InMap, Dot };

Hint hintFor(std::string_view text)
{
    if (text.empty())
        return Hint::InMap; // "" is in the map (null)
    const char c = text.front();
    if (c == '+' || c == '-')
        return Hint::Sign;
    if (c >= '0' && c <= '9')
        return Hint::Digit;
    if (c == '.')
        return Hint::Dot;
    if (std::string_view("yYnNtTfFoO~").find(c) != std::string_view::npos)
        return Hint::InMap;
    return Hint::None;
}

template<std::size_t N>
bool isOneOf(std::string_view text, const std::array<std::string_view, N> &words)
{
    for (const std::string_view word : words) {
        if (text == word)
            return true;
    }
    return false;
}

// go-yaml's resolveMap: exact words only, so `yes` is a bool but `yEs` is a string.
std::optional<ResolvedScalar> lookUpWord(std::string_view text)
{
    static constexpr std::array<std::string_view, 5> nulls{"", "~", "null", "Null", "NULL"};
    static constexpr std::array<std::string_view, 11> trues{"y",  "Y",    "yes",  "Yes", "YES", "true",
                                                            "True", "TRUE", "on", "On",  "ON"};
    static constexpr std::array<std::string_view, 11> falses{"n",     "N",     "no",  "No",  "NO", "false",
                                                             "False", "FALSE", "off", "Off", "OFF"};
    static constexpr std::array<std::string_view, 12> nonFinite{".nan",  ".NaN",  ".NAN",  ".inf",
                                                                ".Inf",  ".INF",  "+.inf", "+.Inf",
                                                                "+.INF", "-.inf", "-.Inf", "-.INF"};
    if (isOneOf(text, nulls))
        return ResolvedScalar{Kind::Null, QJsonValue(QJsonValue::Null)};
    if (isOneOf(text, trues))
        return ResolvedScalar{Kind::Bool, QJsonValue(true)};
    if (isOneOf(text, falses))
        return ResolvedScalar{Kind::Bool, QJsonValue(false)};
    if (isOneOf(text, nonFinite))
        return ResolvedScalar{Kind::NonFinite, QJsonValue()};
    return std::nullopt;
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

int digitValue(char c)
{
    if (isDigit(c))
        return c - '0';
    const char l = lower(c);
    if (l >= 'a' && l <= 'z')
        return l - 'a' + 10;
    return -1;
}

std::string withoutUnderscores(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        if (c != '_')
            out += c;
    }
    return out;
}

// Go's strconv.ParseUint(s, 0, 64) for text without underscores: 0x/0o/0b prefixes, and a leading 0
// alone means octal. Nothing on overflow, like Go's range error.
std::optional<std::uint64_t> parseGoUnsigned(std::string_view s)
{
    if (s.empty())
        return std::nullopt;
    int base = 10;
    if (s.front() == '0') {
        const char prefix = s.size() >= 3 ? lower(s[1]) : '\0';
        if (prefix == 'b' || prefix == 'o' || prefix == 'x') {
            base = prefix == 'b' ? 2 : prefix == 'o' ? 8 : 16;
            s.remove_prefix(2);
        } else {
            base = 8;
            s.remove_prefix(1); // "0" alone is then empty, which Go accepts as 0
        }
    }
    constexpr std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
    std::uint64_t n = 0;
    for (const char c : s) {
        const int d = digitValue(c);
        if (d < 0 || d >= base)
            return std::nullopt;
        const auto digit = static_cast<std::uint64_t>(d);
        if (n > (max - digit) / static_cast<std::uint64_t>(base))
            return std::nullopt;
        n = n * static_cast<std::uint64_t>(base) + digit;
    }
    return n;
}

// Go's ParseInt(s, 0, 64), then ParseUint(s, 0, 64) for values above INT64_MAX, as go-yaml does.
std::optional<QJsonValue> parseGoInteger(std::string_view s)
{
    if (s.empty())
        return std::nullopt;
    const bool hasSign = s.front() == '+' || s.front() == '-';
    const bool negative = s.front() == '-';
    const std::optional<std::uint64_t> magnitude = parseGoUnsigned(hasSign ? s.substr(1) : s);
    if (!magnitude)
        return std::nullopt;
    constexpr auto int64Max = static_cast<std::uint64_t>(std::numeric_limits<qint64>::max());
    if (!negative && *magnitude <= int64Max)
        return QJsonValue(static_cast<qint64>(*magnitude));
    if (negative && *magnitude <= int64Max + 1) {
        if (*magnitude == int64Max + 1)
            return QJsonValue(std::numeric_limits<qint64>::min());
        return QJsonValue(-static_cast<qint64>(*magnitude));
    }
    if (hasSign) // ParseUint accepts no sign at all
        return std::nullopt;
    return QJsonValue(static_cast<double>(*magnitude));
}

// go-yaml's yamlStyleFloat: ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$
bool isYamlStyleFloat(std::string_view s)
{
    std::size_t i = 0;
    const auto digits = [&] {
        const std::size_t start = i;
        while (i < s.size() && isDigit(s[i]))
            ++i;
        return i > start;
    };
    if (i < s.size() && (s[i] == '+' || s[i] == '-'))
        ++i;
    if (i < s.size() && s[i] == '.') {
        ++i;
        if (!digits())
            return false;
    } else {
        if (!digits())
            return false;
        if (i < s.size() && s[i] == '.') {
            ++i;
            digits();
        }
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-'))
            ++i;
        if (!digits())
            return false;
    }
    return i == s.size();
}

// std::from_chars reports overflow and underflow alike; Go's ParseFloat fails only on overflow and
// rounds underflow to zero. For text of float syntax, the decimal exponent of the first significant
// digit tells the two apart.
bool isOverflow(std::string_view s)
{
    std::size_t i = (!s.empty() && (s[0] == '+' || s[0] == '-')) ? 1 : 0;
    long integerDigits = 0;
    long digitIndex = 0;
    long firstSignificant = -1;
    bool afterPoint = false;
    for (; i < s.size() && s[i] != 'e' && s[i] != 'E'; ++i) {
        if (s[i] == '.') {
            afterPoint = true;
            continue;
        }
        if (firstSignificant < 0 && s[i] != '0')
            firstSignificant = digitIndex;
        ++digitIndex;
        if (!afterPoint)
            ++integerDigits;
    }
    if (firstSignificant < 0)
        return false; // zero never overflows
    const long magnitude = integerDigits - 1 - firstSignificant;
    long exponent = 0;
    if (i < s.size()) {
        ++i;
        const bool negativeExponent = i < s.size() && s[i] == '-';
        if (i < s.size() && (s[i] == '+' || s[i] == '-'))
            ++i;
        for (; i < s.size(); ++i) {
            if (exponent < 1'000'000)
                exponent = exponent * 10 + (s[i] - '0');
        }
        if (negativeExponent)
            exponent = -exponent;
    }
    return magnitude + exponent > 0;
}

// Converts float text (already checked for syntax, underscores removed) the way Go's ParseFloat does.
// Nothing when Go reports a range error (overflow), in which case go-yaml keeps the text as a string.
std::optional<double> parseGoFloat(std::string_view s)
{
    const bool negative = !s.empty() && s.front() == '-';
    std::string_view digits = s;
    if (!digits.empty() && digits.front() == '+')
        digits.remove_prefix(1); // from_chars accepts '-' but not '+'
    double value = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (error == std::errc::result_out_of_range) {
        if (isOverflow(s))
            return std::nullopt;
        return negative ? -0.0 : 0.0;
    }
    if (error != std::errc() || end != digits.data() + digits.size())
        return std::nullopt;
    return value;
}

// Go's underscoreOK: underscores only between digits (or after a base prefix).
bool underscoresOk(std::string_view s)
{
    char saw = '^';
    std::size_t i = 0;
    if (!s.empty() && (s[0] == '+' || s[0] == '-'))
        s.remove_prefix(1);
    bool hex = false;
    if (s.size() >= 2 && s[0] == '0' && (lower(s[1]) == 'b' || lower(s[1]) == 'o' || lower(s[1]) == 'x')) {
        i = 2;
        saw = '0';
        hex = lower(s[1]) == 'x';
    }
    for (; i < s.size(); ++i) {
        const char c = s[i];
        if (isDigit(c) || (hex && lower(c) >= 'a' && lower(c) <= 'f')) {
            saw = '0';
            continue;
        }
        if (c == '_') {
            if (saw != '0')
                return false;
            saw = '_';
            continue;
        }
        if (saw == '_')
            return false;
        saw = '!';
    }
    return saw != '_';
}

// go-yaml passes text starting with '.' to strconv.ParseFloat unchanged, so Go's float literal syntax
// applies there (`.5`, `.5e3`, `.5_0`), not go-yaml's own regular expression.
std::optional<double> parseDotFloat(std::string_view s)
{
    std::size_t i = 1; // s[0] == '.'
    bool underscores = false;
    bool sawDigits = false;
    for (; i < s.size(); ++i) {
        if (s[i] == '_')
            underscores = true;
        else if (isDigit(s[i]))
            sawDigits = true;
        else
            break;
    }
    if (!sawDigits)
        return std::nullopt;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-'))
            ++i;
        if (i >= s.size() || !isDigit(s[i]))
            return std::nullopt;
        for (; i < s.size() && (isDigit(s[i]) || s[i] == '_'); ++i) {
            if (s[i] == '_')
                underscores = true;
        }
    }
    if (i != s.size() || (underscores && !underscoresOk(s)))
        return std::nullopt;
    return parseGoFloat(withoutUnderscores(s));
}

// go-yaml's parseTimestamp starts with this quick check and then tries a few date layouts. Whatever
// the layouts say, kubectl keeps such a scalar as its original text (go-yaml does that for
// timestamps decoded into interface{}, and text of this shape is never a number), so the reader
// needs no date parsing; the writer quotes all of it to stay safe with stricter YAML tools.
bool startsLikeTimestamp(std::string_view s)
{
    return s.size() > 4 && isDigit(s[0]) && isDigit(s[1]) && isDigit(s[2]) && isDigit(s[3]) && s[4] == '-';
}

} // namespace

ResolvedScalar YamlScalarResolver::resolvePlain(std::string_view text)
{
    const Hint hint = hintFor(text);
    if (hint == Hint::None)
        return ResolvedScalar{};
    if (std::optional<ResolvedScalar> word = lookUpWord(text))
        return *word;

    switch (hint) {
    case Hint::None:
    case Hint::InMap:
        break;
    case Hint::Dot:
        if (const std::optional<double> value = parseDotFloat(text))
            return ResolvedScalar{Kind::Float, QJsonValue(*value)};
        break;
    case Hint::Sign:
    case Hint::Digit: {
        if (startsLikeTimestamp(text))
            return ResolvedScalar{Kind::Timestamp, QJsonValue()};
        const std::string plain = withoutUnderscores(text);
        if (std::optional<QJsonValue> value = parseGoInteger(plain))
            return ResolvedScalar{Kind::Integer, *value};
        if (isYamlStyleFloat(plain)) {
            if (const std::optional<double> value = parseGoFloat(plain))
                return ResolvedScalar{Kind::Float, QJsonValue(*value)};
        }
        break;
    }
    }
    return ResolvedScalar{};
}

} // namespace locust::serialization

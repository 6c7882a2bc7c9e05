#include "serialization/yamlwriter.h"

#include "serialization/yamlscalarresolver.h"

#include <QCborValue>
#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>
#include <QString>

#include <cmath>
#include <string_view>
#include <vector>

using namespace Qt::StringLiterals;

namespace locust::serialization {

namespace {

constexpr int kIndent = 2;

// YAML parsers refuse implicit keys longer than 1024 characters (yaml-cpp counts bytes), so longer
// keys are written as explicit keys: "? key" on one line, ": value" on the next.
constexpr qsizetype kMaxImplicitKeyBytes = 1000;

// Characters that must not appear raw in YAML output: C0 and C1 controls and DEL (not printable in
// YAML), NEL, LS and PS (line breaks in YAML 1.1, which go-yaml follows), the BOM (some tools strip
// it) and the non-characters U+FFFE/U+FFFF. Inside double quotes they are written as \uXXXX.
bool needsEscape(char16_t c)
{
    return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == 0x2028 || c == 0x2029 || c == 0xfeff
        || c == 0xfffe || c == 0xffff;
}

// go-yaml reads "1:20" as text, but YAML 1.1 parsers such as PyYAML read it as a base-60 number (80),
// so go-yaml's encoder quotes it. So do we: ^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$
bool isBase60Number(QStringView text)
{
    qsizetype i = 0;
    const auto isDigit
        = [&](qsizetype at) { return at < text.size() && text[at] >= u'0' && text[at] <= u'9'; };
    if (i < text.size() && (text[i] == u'+' || text[i] == u'-'))
        ++i;
    if (!isDigit(i))
        return false;
    while (isDigit(i) || (i < text.size() && text[i] == u'_'))
        ++i;
    int groups = 0;
    while (i < text.size() && text[i] == u':') {
        ++i;
        if (isDigit(i) && text[i] <= u'5' && isDigit(i + 1))
            i += 2;
        else if (isDigit(i))
            i += 1;
        else
            return false;
        ++groups;
    }
    if (groups == 0)
        return false;
    if (i < text.size() && text[i] == u'.') {
        ++i;
        while (isDigit(i) || (i < text.size() && text[i] == u'_'))
            ++i;
    }
    return i == text.size();
}

// Whether `text` can be written without quotes and read back (by YamlReader, yaml-cpp and go-yaml) as
// exactly the same string. Errs on the side of quoting.
bool canBePlain(const QString &text)
{
    if (text.isEmpty() || text == u"<<"_s) // "<<" as a key would be a merge key
        return false;
    if (text.front().isSpace() || text.back().isSpace())
        return false;
    constexpr std::u16string_view indicators = u"-?:,[]{}#&*!|>'\"%@`";
    const char16_t first = text.front().unicode();
    if (indicators.find(first) != std::u16string_view::npos) {
        // "-x" is plain (think "--master-port=5557"); "-" and "- x" are sequence entries.
        if (first != u'-' || text.size() == 1 || text[1] == u' ')
            return false;
    }
    if (text.startsWith(u"---"_s) || text.startsWith(u"..."_s)) // document markers at column 0
        return false;
    if (text.contains(u": "_s) || text.contains(u" #"_s) || text.endsWith(u':') || isBase60Number(text))
        return false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (needsEscape(c.unicode()))
            return false;
        if (c.isHighSurrogate() && i + 1 < text.size() && text[i + 1].isLowSurrogate()) {
            ++i;
            continue;
        }
        if (c.isSurrogate())
            return false;
    }
    const QByteArray utf8 = text.toUtf8();
    const std::string_view plain(utf8.constData(), static_cast<std::size_t>(utf8.size()));
    return YamlScalarResolver::resolvePlain(plain).kind == ResolvedScalar::Kind::String;
}

// A double-quoted YAML scalar with JSON-compatible escapes. Non-ASCII printable text stays UTF-8.
// A lone surrogate cannot be encoded at all and becomes U+FFFD, as in QString::toUtf8().
QByteArray doubleQuoted(const QString &text)
{
    QString out;
    out.reserve(text.size() + 2);
    out += u'"';
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (c.isHighSurrogate() && i + 1 < text.size() && text[i + 1].isLowSurrogate()) {
            out += c;
            out += text[++i];
            continue;
        }
        if (c.isSurrogate()) {
            out += QChar(QChar::ReplacementCharacter);
            continue;
        }
        switch (c.unicode()) {
        case u'"':
            out += u"\\\""_s;
            break;
        case u'\\':
            out += u"\\\\"_s;
            break;
        case u'\n':
            out += u"\\n"_s;
            break;
        case u'\t':
            out += u"\\t"_s;
            break;
        case u'\r':
            out += u"\\r"_s;
            break;
        default:
            if (needsEscape(c.unicode()))
                out += u"\\u%1"_s.arg(static_cast<int>(c.unicode()), 4, 16, QChar(u'0'));
            else
                out += c;
            break;
        }
    }
    out += u'"';
    return out.toUtf8();
}

QByteArray stringText(const QString &text)
{
    return canBePlain(text) ? text.toUtf8() : doubleQuoted(text);
}

QByteArray numberText(const QJsonValue &value)
{
    // QJsonValue stores whole numbers up to 2^53 (and every qint64 it is given) as integers, larger
    // whole doubles as doubles, and QJsonArray/QJsonObject comparisons tell the two apart. So each is
    // written as the reader reads it back: integers exactly, larger whole doubles with an exponent
    // ("1e+17" is a float), other doubles in their shortest form that reads back the same.
    const QCborValue stored = QCborValue::fromJsonValue(value);
    if (stored.isInteger())
        return QByteArray::number(stored.toInteger());
    const double number = value.toDouble();
    if (!std::isfinite(number))
        return QByteArrayLiteral("null");
    if (std::trunc(number) == number)
        return QByteArray::number(number, 'e', QLocale::FloatingPointShortest);
    return QByteArray::number(number, 'g', QLocale::FloatingPointShortest);
}

// Scalars and empty containers fit on the line of their key or "-".
bool isInline(const QJsonValue &value)
{
    if (value.isObject())
        return value.toObject().isEmpty();
    if (value.isArray())
        return value.toArray().isEmpty();
    return true;
}

QByteArray inlineText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        return value.toBool() ? QByteArrayLiteral("true") : QByteArrayLiteral("false");
    case QJsonValue::Double:
        return numberText(value);
    case QJsonValue::String:
        return stringText(value.toString());
    case QJsonValue::Array:
        return QByteArrayLiteral("[]");
    case QJsonValue::Object:
        return QByteArrayLiteral("{}");
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    return QByteArrayLiteral("null");
}

// "key:" or, for long keys, "? key\n<indent>:". The value follows.
QByteArray keyText(const QString &key, int indent)
{
    const QByteArray text = stringText(key);
    if (text.size() <= kMaxImplicitKeyBytes)
        return text + ':';
    return "? " + text + '\n' + QByteArray(indent, ' ') + ':';
}

// A container being written. The writer keeps its own stack instead of recursing, so no JSON value,
// however deep, can exhaust the call stack.
struct Frame
{
    bool isObject = false;
    QJsonObject object;
    QJsonArray array;
    qsizetype next = 0;
    int indent = 0;
    bool firstEntryInline = false; // the first entry goes right after a "- " already written

    qsizetype size() const { return isObject ? object.size() : array.size(); }
};

Frame frameFor(const QJsonValue &container, int indent, bool firstEntryInline)
{
    Frame frame;
    frame.isObject = container.isObject();
    if (frame.isObject)
        frame.object = container.toObject();
    else
        frame.array = container.toArray();
    frame.indent = indent;
    frame.firstEntryInline = firstEntryInline;
    return frame;
}

} // namespace

QByteArray YamlWriter::write(const QJsonValue &value)
{
    if (isInline(value))
        return inlineText(value) + '\n';

    QByteArray out;
    std::vector<Frame> stack;
    stack.push_back(frameFor(value, 0, false));
    while (!stack.empty()) {
        Frame &frame = stack.back();
        if (frame.next == frame.size()) {
            stack.pop_back();
            continue;
        }
        const qsizetype index = frame.next++;
        const int indent = frame.indent;
        if (index > 0 || !frame.firstEntryInline)
            out += QByteArray(indent, ' ');
        QJsonValue child;
        if (frame.isObject) {
            const auto entry = frame.object.constBegin() + index;
            out += keyText(entry.key(), indent);
            child = entry.value();
        } else {
            out += '-';
            child = frame.array.at(index);
        }
        if (isInline(child)) {
            out += ' ';
            out += inlineText(child);
            out += '\n';
            continue;
        }
        if (frame.isObject) {
            // Like kubectl: a mapping under a key is indented, a sequence stays at the key's column.
            out += '\n';
            stack.push_back(frameFor(child, child.isObject() ? indent + kIndent : indent, false));
        } else {
            out += ' ';
            stack.push_back(frameFor(child, indent + kIndent, true));
        }
    }
    return out;
}

QByteArray YamlWriter::writeAll(const QList<QJsonValue> &documents)
{
    QByteArray out;
    for (qsizetype i = 0; i < documents.size(); ++i) {
        if (i > 0)
            out += "---\n";
        out += write(documents.at(i));
    }
    return out;
}

} // namespace locust::serialization

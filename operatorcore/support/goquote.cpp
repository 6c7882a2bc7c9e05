#include "support/goquote.h"

#include <QList>

using namespace Qt::StringLiterals;

namespace locust {

namespace {

bool isPrintable(char32_t c)
{
    if (c < 0x20 || c == 0x7f)
        return false;
    if (c >= 0x80 && c < 0xa0)
        return false; // C1 control characters
    const QChar::Category category = QChar::category(c);
    switch (category) {
    case QChar::Other_Control:
    case QChar::Other_Format:
    case QChar::Other_Surrogate:
    case QChar::Other_PrivateUse:
    case QChar::Other_NotAssigned:
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph:
        return false;
    case QChar::Separator_Space:
        return c == U' ';
    default:
        return true;
    }
}

} // namespace

QString goQuote(const QString &text)
{
    QString out;
    out.reserve(text.size() + 2);
    out += u'"';
    const QList<uint> codePoints = text.toUcs4();
    for (const uint cp : codePoints) {
        const auto c = static_cast<char32_t>(cp);
        switch (c) {
        case U'"':
            out += u"\\\""_s;
            continue;
        case U'\\':
            out += u"\\\\"_s;
            continue;
        case U'\a':
            out += u"\\a"_s;
            continue;
        case U'\b':
            out += u"\\b"_s;
            continue;
        case U'\f':
            out += u"\\f"_s;
            continue;
        case U'\n':
            out += u"\\n"_s;
            continue;
        case U'\r':
            out += u"\\r"_s;
            continue;
        case U'\t':
            out += u"\\t"_s;
            continue;
        case U'\v':
            out += u"\\v"_s;
            continue;
        default:
            break;
        }
        if (isPrintable(c)) {
            out += QString::fromUcs4(&c, 1);
        } else if (c < 0x80) {
            out += u"\\x%1"_s.arg(uint(c), 2, 16, QChar(u'0'));
        } else if (c <= 0xffff) {
            out += u"\\u%1"_s.arg(uint(c), 4, 16, QChar(u'0'));
        } else {
            out += u"\\U%1"_s.arg(uint(c), 8, 16, QChar(u'0'));
        }
    }
    out += u'"';
    return out;
}

} // namespace locust

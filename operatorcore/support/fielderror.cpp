#include "support/fielderror.h"

#include "support/goquote.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

using namespace Qt::StringLiterals;

namespace locust {

FieldError::FieldError(Type type, QString field, QJsonValue value, QString detail)
    : m_type(type)
    , m_field(std::move(field))
    , m_value(std::move(value))
    , m_detail(std::move(detail))
{
}

FieldError FieldError::required(const QString &field, const QString &detail)
{
    return FieldError(Type::Required, field, QJsonValue::Undefined, detail);
}

FieldError FieldError::invalid(const QString &field, const QJsonValue &value, const QString &detail)
{
    return FieldError(Type::Invalid, field, value, detail);
}

FieldError FieldError::notSupported(const QString &field, const QJsonValue &value,
                                    const QStringList &supportedValues)
{
    QStringList quoted;
    for (const QString &supported : supportedValues)
        quoted << goQuote(supported);
    return FieldError(Type::NotSupported, field, value,
                      u"supported values: "_s + quoted.join(u", "_s));
}

FieldError FieldError::duplicate(const QString &field, const QJsonValue &value, const QString &detail)
{
    return FieldError(Type::Duplicate, field, value, detail);
}

FieldError FieldError::forbidden(const QString &field, const QString &detail)
{
    return FieldError(Type::Forbidden, field, QJsonValue::Undefined, detail);
}

FieldError FieldError::tooLong(const QString &field, const QJsonValue &value, int maxLength)
{
    return FieldError(Type::TooLong, field, value,
                      u"may not be more than %1 bytes"_s.arg(maxLength));
}

FieldError FieldError::unknownField(const QString &field)
{
    return FieldError(Type::UnknownField, field, QJsonValue::Undefined, {});
}

QString FieldError::reason() const
{
    switch (m_type) {
    case Type::Required:
        return u"Required value"_s;
    case Type::Invalid:
        return u"Invalid value"_s;
    case Type::NotSupported:
        return u"Unsupported value"_s;
    case Type::Duplicate:
        return u"Duplicate value"_s;
    case Type::Forbidden:
        return u"Forbidden"_s;
    case Type::TooLong:
        return u"Too long"_s;
    case Type::UnknownField:
        return u"Unknown field"_s;
    }
    return {};
}

QString FieldError::toString() const
{
    if (m_type == Type::UnknownField)
        return u"unknown field "_s + goQuote(m_field); // the API server's strict-decoding wording
    QString text = m_field + u": "_s + reason();
    if (!m_value.isUndefined())
        text += u": "_s + formatFieldValue(m_value);
    if (!m_detail.isEmpty())
        text += u": "_s + m_detail;
    return text;
}

FieldError FieldError::withField(const QString &field) const
{
    FieldError copy = *this;
    copy.m_field = field;
    // Schema messages name the field in their text too ("<field> in body should be ..."); keep the
    // two in agreement.
    const QString schemaPrefix = m_field + u" in body "_s;
    if (copy.m_detail.startsWith(schemaPrefix))
        copy.m_detail.replace(0, m_field.size(), field);
    return copy;
}

QString formatFieldValue(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return goQuote(value.toString());
    case QJsonValue::Bool:
        return value.toBool() ? u"true"_s : u"false"_s;
    case QJsonValue::Double: {
        // Whole numbers that fit a qint64 print as integers; the range check comes before the cast,
        // which is undefined for values out of range.
        const double number = value.toDouble();
        if (std::isfinite(number) && std::floor(number) == number && std::abs(number) < 9.2e18)
            return QString::number(static_cast<qint64>(number));
        return QString::number(number, 'g', 17);
    }
    case QJsonValue::Null:
        return u"null"_s;
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Undefined:
        break;
    }
    return {};
}

} // namespace locust

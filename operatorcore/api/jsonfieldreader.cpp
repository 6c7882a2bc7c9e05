#include "api/jsonfieldreader.h"

#include "support/goquote.h"

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace locust::api {

namespace {

bool isIntegral(double value)
{
    return std::isfinite(value) && std::floor(value) == value;
}

} // namespace

FieldError typeMismatch(const QString &path, const QJsonValue &value, const QString &expected)
{
    const QString actual = jsonTypeName(value);
    return FieldError::invalid(path, actual,
                               path + u" in body must be of type "_s + expected + u": "_s + goQuote(actual));
}

QString jsonTypeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return u"null"_s;
    case QJsonValue::Bool:
        return u"boolean"_s;
    case QJsonValue::Double:
        return isIntegral(value.toDouble()) ? u"integer"_s : u"number"_s;
    case QJsonValue::String:
        return u"string"_s;
    case QJsonValue::Array:
        return u"array"_s;
    case QJsonValue::Object:
        return u"object"_s;
    case QJsonValue::Undefined:
        break;
    }
    return u"undefined"_s;
}

JsonFieldReader::JsonFieldReader(const QJsonObject &object, const QString &path, FieldErrorList *errors)
    : m_object(object)
    , m_path(path)
    , m_errors(errors)
{
}

QString JsonFieldReader::childPath(const QString &key) const
{
    return m_path.isEmpty() ? key : m_path + u'.' + key;
}

QString JsonFieldReader::indexPath(const QString &path, qsizetype index)
{
    return path + u'[' + QString::number(index) + u']';
}

QString JsonFieldReader::keyPath(const QString &path, const QString &key)
{
    return path + u'[' + key + u']';
}

std::optional<QJsonValue> JsonFieldReader::take(const QString &key)
{
    m_read.insert(key);
    const auto it = m_object.constFind(key);
    if (it == m_object.constEnd() || it->isNull())
        return std::nullopt;
    return *it;
}

void JsonFieldReader::typeError(const QString &key, const QJsonValue &value, const QString &expected)
{
    m_errors->append(typeMismatch(childPath(key), value, expected));
}

std::optional<QString> JsonFieldReader::string(const QString &key)
{
    const std::optional<QJsonValue> value = take(key);
    if (!value)
        return std::nullopt;
    if (!value->isString()) {
        typeError(key, *value, u"string"_s);
        return std::nullopt;
    }
    return value->toString();
}

std::optional<bool> JsonFieldReader::boolean(const QString &key)
{
    const std::optional<QJsonValue> value = take(key);
    if (!value)
        return std::nullopt;
    if (!value->isBool()) {
        typeError(key, *value, u"boolean"_s);
        return std::nullopt;
    }
    return value->toBool();
}

std::optional<qint64> JsonFieldReader::integer(const QString &key, double lowest, double highest,
                                              const QString &outOfRange)
{
    const std::optional<QJsonValue> value = take(key);
    if (!value)
        return std::nullopt;
    if (!value->isDouble() || !isIntegral(value->toDouble())) {
        typeError(key, *value, u"integer"_s);
        return std::nullopt;
    }
    const double number = value->toDouble();
    if (number < lowest || number > highest) {
        m_errors->append(FieldError::invalid(childPath(key), *value, outOfRange));
        return std::nullopt;
    }
    return static_cast<qint64>(number);
}

std::optional<qint64> JsonFieldReader::int64(const QString &key)
{
    // -2^63 and the largest double below 2^63 (doubles are 1024 apart up there).
    return integer(key, -9223372036854775808.0, 9223372036854774784.0, u"must fit in a 64-bit integer"_s);
}

std::optional<qint32> JsonFieldReader::int32(const QString &key)
{
    const std::optional<qint64> value = integer(key, std::numeric_limits<qint32>::min(),
                                                std::numeric_limits<qint32>::max(),
                                                u"must fit in a 32-bit integer"_s);
    if (!value)
        return std::nullopt;
    return static_cast<qint32>(*value);
}

std::optional<StringMap> JsonFieldReader::stringMap(const QString &key)
{
    const std::optional<QJsonValue> value = take(key);
    if (!value)
        return std::nullopt;
    if (!value->isObject()) {
        typeError(key, *value, u"object"_s);
        return std::nullopt;
    }
    StringMap result;
    const QJsonObject object = value->toObject();
    const QString path = childPath(key);
    bool ok = true;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (!it->isString()) {
            m_errors->append(typeMismatch(path + u'.' + it.key(), *it, u"string"_s));
            ok = false;
            continue;
        }
        result.insert(it.key(), it->toString());
    }
    if (!ok)
        return std::nullopt;
    return result;
}

std::optional<QStringList> JsonFieldReader::stringList(const QString &key)
{
    const std::optional<QJsonValue> value = take(key);
    if (!value)
        return std::nullopt;
    if (!value->isArray()) {
        typeError(key, *value, u"array"_s);
        return std::nullopt;
    }
    const QJsonArray array = value->toArray();
    const QString path = childPath(key);
    QStringList result;
    bool ok = true;
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonValue item = array.at(i);
        if (!item.isString()) {
            m_errors->append(typeMismatch(indexPath(path, i), item, u"string"_s));
            ok = false;
            continue;
        }
        result << item.toString();
    }
    if (!ok)
        return std::nullopt;
    return result;
}

std::optional<QJsonObject> JsonFieldReader::object(const QString &key)
{
    const std::optional<QJsonValue> value = take(key);
    if (!value)
        return std::nullopt;
    if (!value->isObject()) {
        typeError(key, *value, u"object"_s);
        return std::nullopt;
    }
    return value->toObject();
}

std::optional<QJsonArray> JsonFieldReader::array(const QString &key)
{
    const std::optional<QJsonValue> value = take(key);
    if (!value)
        return std::nullopt;
    if (!value->isArray()) {
        typeError(key, *value, u"array"_s);
        return std::nullopt;
    }
    return value->toArray();
}

std::optional<QJsonArray> JsonFieldReader::arrayOfObjects(const QString &key)
{
    const std::optional<QJsonArray> items = array(key);
    if (!items)
        return std::nullopt;
    const QString path = childPath(key);
    bool ok = true;
    for (qsizetype i = 0; i < items->size(); ++i) {
        const QJsonValue item = items->at(i);
        if (!item.isObject()) {
            m_errors->append(typeMismatch(indexPath(path, i), item, u"object"_s));
            ok = false;
        }
    }
    if (!ok)
        return std::nullopt;
    return items;
}

void JsonFieldReader::finish()
{
    for (auto it = m_object.constBegin(); it != m_object.constEnd(); ++it) {
        if (!m_read.contains(it.key()))
            m_errors->append(FieldError::unknownField(childPath(it.key())));
    }
}

} // namespace locust::api

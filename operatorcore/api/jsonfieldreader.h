#pragma once

#include "support/fielderror.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QMap>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

namespace locust::api {

using StringMap = QMap<QString, QString>;

// Reads the fields of one JSON object strictly and with field paths, the way the API server's
// schema and strict decoding would judge them: a value of the wrong type becomes a FieldError
// ("spec.worker.replicas in body must be of type integer"), a key that nobody read becomes an
// "unknown field" error in finish(), and JSON null counts as absent. Reading never fails; the
// caller gets what could be read plus the list of problems.
class JsonFieldReader
{
public:
    JsonFieldReader(const QJsonObject &object, const QString &path, FieldErrorList *errors);

    std::optional<QString> string(const QString &key);
    std::optional<bool> boolean(const QString &key);
    std::optional<qint32> int32(const QString &key);
    std::optional<qint64> int64(const QString &key);
    std::optional<StringMap> stringMap(const QString &key);
    std::optional<QStringList> stringList(const QString &key);
    // Embedded Kubernetes core types are kept verbatim; only their JSON type is checked here.
    std::optional<QJsonObject> object(const QString &key);
    std::optional<QJsonArray> array(const QString &key);
    // An array whose items must all be objects (core types such as Volume or EnvVar).
    std::optional<QJsonArray> arrayOfObjects(const QString &key);

    // A nested structure: decode(const QJsonObject &, const QString &path, FieldErrorList *) -> T.
    template<typename T, typename Decode>
    std::optional<T> nested(const QString &key, Decode decode)
    {
        const std::optional<QJsonObject> value = object(key);
        if (!value)
            return std::nullopt;
        return decode(*value, childPath(key), m_errors);
    }

    // A list of nested structures, each decoded like nested().
    template<typename T, typename Decode>
    std::optional<QList<T>> list(const QString &key, Decode decode)
    {
        const std::optional<QJsonArray> items = arrayOfObjects(key);
        if (!items)
            return std::nullopt;
        QList<T> result;
        result.reserve(items->size());
        for (qsizetype i = 0; i < items->size(); ++i)
            result.append(decode(items->at(i).toObject(), indexPath(childPath(key), i), m_errors));
        return result;
    }

    // Reports every key that no read asked for, as "unknown field" errors.
    void finish();

    QString childPath(const QString &key) const;
    static QString indexPath(const QString &path, qsizetype index);
    static QString keyPath(const QString &path, const QString &key); // path[key] for map entries

private:
    // The value for key, or nullopt when the key is absent or null; marks the key as read.
    std::optional<QJsonValue> take(const QString &key);
    void typeError(const QString &key, const QJsonValue &value, const QString &expected);
    // An integral number within [lowest, highest]; outOfRange is the message otherwise.
    std::optional<qint64> integer(const QString &key, double lowest, double highest, const QString &outOfRange);

    QJsonObject m_object;
    QString m_path;
    FieldErrorList *m_errors;
    QSet<QString> m_read;
};

// The JSON type name the API server uses in "must be of type" messages.
QString jsonTypeName(const QJsonValue &value);

// "<path> in body must be of type <expected>: \"<actual>\"", as the API server words it.
FieldError typeMismatch(const QString &path, const QJsonValue &value, const QString &expected);

} // namespace locust::api

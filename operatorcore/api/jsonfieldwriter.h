#pragma once

#include "api/jsonfieldreader.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

#include <optional>

// The write side of JsonFieldReader: a field is written only when it is set, so absent stays absent
// and an explicitly empty value stays explicitly empty.
namespace locust::api::jsonfields {

QJsonObject toJsonObject(const StringMap &map);

inline void insert(QJsonObject &object, const QString &key, const std::optional<QString> &value)
{
    if (value)
        object.insert(key, *value);
}

inline void insert(QJsonObject &object, const QString &key, const std::optional<bool> &value)
{
    if (value)
        object.insert(key, *value);
}

inline void insert(QJsonObject &object, const QString &key, const std::optional<qint32> &value)
{
    if (value)
        object.insert(key, *value);
}

inline void insert(QJsonObject &object, const QString &key, const std::optional<qint64> &value)
{
    if (value)
        object.insert(key, *value);
}

inline void insert(QJsonObject &object, const QString &key, const std::optional<StringMap> &value)
{
    if (value)
        object.insert(key, toJsonObject(*value));
}

inline void insert(QJsonObject &object, const QString &key, const std::optional<QStringList> &value)
{
    if (value)
        object.insert(key, QJsonArray::fromStringList(*value));
}

inline void insert(QJsonObject &object, const QString &key, const std::optional<QJsonObject> &value)
{
    if (value)
        object.insert(key, *value);
}

inline void insert(QJsonObject &object, const QString &key, const std::optional<QJsonArray> &value)
{
    if (value)
        object.insert(key, *value);
}

// A nested structure, written with encode(const T &) -> QJsonObject.
template<typename T, typename Encode>
void insert(QJsonObject &object, const QString &key, const std::optional<T> &value, Encode encode)
{
    if (value)
        object.insert(key, encode(*value));
}

// A list of nested structures.
template<typename T, typename Encode>
void insert(QJsonObject &object, const QString &key, const std::optional<QList<T>> &value, Encode encode)
{
    if (!value)
        return;
    QJsonArray array;
    for (const T &item : *value)
        array.append(encode(item));
    object.insert(key, array);
}

} // namespace locust::api::jsonfields

#include "api/objectmetadata.h"

using namespace Qt::StringLiterals;

namespace locust::api::objectmetadata {

QString name(const QJsonObject &metadata)
{
    return metadata.value(u"name").toString();
}

QString generateName(const QJsonObject &metadata)
{
    return metadata.value(u"generateName").toString();
}

QString namespaceName(const QJsonObject &metadata)
{
    return metadata.value(u"namespace").toString();
}

QString uid(const QJsonObject &metadata)
{
    return metadata.value(u"uid").toString();
}

qint64 generation(const QJsonObject &metadata)
{
    // toInteger() gives 0 for anything that is not a whole number within qint64 (no overflowing cast).
    return metadata.value(u"generation").toInteger(0);
}

StringMap annotations(const QJsonObject &metadata)
{
    StringMap result;
    const QJsonObject object = metadata.value(u"annotations").toObject();
    for (auto it = object.constBegin(); it != object.constEnd(); ++it)
        result.insert(it.key(), it->toString());
    return result;
}

QJsonObject withAnnotation(QJsonObject metadata, const QString &key, const std::optional<QString> &value)
{
    QJsonObject annotations = metadata.value(u"annotations").toObject();
    if (value)
        annotations.insert(key, *value);
    else
        annotations.remove(key);
    if (annotations.isEmpty())
        metadata.remove(u"annotations");
    else
        metadata.insert(u"annotations", annotations);
    return metadata;
}

void checkTypes(const QJsonObject &metadata, FieldErrorList *errors)
{
    // Only the fields the operator reads; the rest of ObjectMeta is the API server's business.
    JsonFieldReader reader(metadata, u"metadata"_s, errors);
    (void)reader.string(u"name"_s);
    (void)reader.string(u"generateName"_s);
    (void)reader.string(u"namespace"_s);
    (void)reader.string(u"uid"_s);
    (void)reader.int64(u"generation"_s);
    (void)reader.stringMap(u"labels"_s);
    (void)reader.stringMap(u"annotations"_s);
}

} // namespace locust::api::objectmetadata

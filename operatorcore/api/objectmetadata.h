#pragma once

#include "api/jsonfieldreader.h"

#include <QJsonObject>
#include <QString>

// Reading and checking the ObjectMeta of any object, kept as JSON (metadata is copied verbatim
// through conversion and into owner references, so the API does not model it field by field).
namespace locust::api::objectmetadata {

QString name(const QJsonObject &metadata);
QString generateName(const QJsonObject &metadata);
QString namespaceName(const QJsonObject &metadata);
QString uid(const QJsonObject &metadata);
qint64 generation(const QJsonObject &metadata);
StringMap annotations(const QJsonObject &metadata);

// The metadata with one annotation set, or removed when value is nullopt (an annotations map left
// empty is removed, as the API server would not store it either).
QJsonObject withAnnotation(QJsonObject metadata, const QString &key, const std::optional<QString> &value);

// Type checks of the metadata fields the operator reads, with paths under "metadata".
void checkTypes(const QJsonObject &metadata, FieldErrorList *errors);

} // namespace locust::api::objectmetadata

#pragma once

#include "support/result.h"

#include <QJsonObject>
#include <QString>

// What the two review handlers share: checking the envelope of a review, the part that must be
// right before there is anything to answer (a uid to echo).
namespace locust::webhook::reviewsupport {

// The request of a review: apiVersion and kind must be the expected ones, `request` an object, and
// `request.uid` a non-empty string. Anything else is an Error (the HTTP layer answers 400).
Result<QJsonObject> request(const QJsonObject &review, const QString &apiVersion, const QString &kind);

// "<namespace>/<name>", "<name>", or "" for an object's metadata (names are not checked here).
QString objectName(const QJsonObject &object);

} // namespace locust::webhook::reviewsupport

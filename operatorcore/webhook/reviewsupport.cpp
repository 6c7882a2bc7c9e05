#include "webhook/reviewsupport.h"

#include "support/fielderror.h"

using namespace Qt::StringLiterals;

namespace locust::webhook::reviewsupport {

namespace {

Error problem(const FieldError &error)
{
    return Error{error.toString()};
}

} // namespace

Result<QJsonObject> request(const QJsonObject &review, const QString &apiVersion, const QString &kind)
{
    const QJsonValue version = review.value(u"apiVersion");
    if (version != QJsonValue(apiVersion))
        return problem(FieldError::notSupported(u"apiVersion"_s, version.isUndefined() ? QJsonValue(QString()) : version,
                                                {apiVersion}));
    const QJsonValue reviewKind = review.value(u"kind");
    if (reviewKind != QJsonValue(kind))
        return problem(FieldError::notSupported(u"kind"_s, reviewKind.isUndefined() ? QJsonValue(QString()) : reviewKind,
                                                {kind}));
    const QJsonValue request = review.value(u"request");
    if (request.isUndefined() || request.isNull())
        return problem(FieldError::required(u"request"_s));
    if (!request.isObject())
        return problem(FieldError::invalid(u"request"_s, request, u"must be an object"_s));
    const QJsonValue uid = request.toObject().value(u"uid");
    if (uid.isUndefined() || uid.isNull() || uid == QJsonValue(QString()))
        return problem(FieldError::required(u"request.uid"_s));
    if (!uid.isString())
        return problem(FieldError::invalid(u"request.uid"_s, uid, u"must be a string"_s));
    return request.toObject();
}

QString objectName(const QJsonObject &object)
{
    const QJsonObject metadata = object.value(u"metadata").toObject();
    const QString name = metadata.value(u"name").toString();
    const QString namespaceName = metadata.value(u"namespace").toString();
    if (namespaceName.isEmpty() || name.isEmpty())
        return name;
    return namespaceName + u'/' + name;
}

} // namespace locust::webhook::reviewsupport

#include "webhook/conversionreviewhandler.h"

#include "api/locusttestconverter.h"
#include "api/naming.h"
#include "webhook/reviewsupport.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace locust::webhook {

namespace {

const QString reviewApiVersion = u"apiextensions.k8s.io/v1"_s;
const QString reviewKind = u"ConversionReview"_s;

QStringList servedVersions()
{
    return {api::naming::apiVersionV1.toString(), api::naming::apiVersionV2.toString()};
}

QJsonValue orEmptyString(const QJsonValue &value)
{
    return value.isUndefined() ? QJsonValue(QString()) : value;
}

QString joined(const FieldErrorList &errors)
{
    QStringList lines;
    lines.reserve(errors.size());
    for (const FieldError &error : errors)
        lines << error.toString();
    return lines.join(u"; "_s);
}

// One object converted to desiredVersion, or what is wrong with it.
Result<QJsonObject> converted(const QJsonObject &object, const QString &desiredVersion)
{
    const QJsonValue apiVersion = object.value(u"apiVersion");
    if (apiVersion == QJsonValue(desiredVersion))
        return object;
    if (apiVersion == QJsonValue(api::naming::apiVersionV1.toString())) {
        const api::Decoded<api::LocustTestV1> decoded = api::LocustTestV1::fromJson(object);
        if (!decoded.errors.isEmpty())
            return Error{joined(decoded.errors)};
        return api::LocustTestConverter::toV2(decoded.value).toJson();
    }
    if (apiVersion == QJsonValue(api::naming::apiVersionV2.toString())) {
        const api::Decoded<api::LocustTestV2> decoded = api::LocustTestV2::fromJson(object);
        if (!decoded.errors.isEmpty())
            return Error{joined(decoded.errors)};
        return api::LocustTestConverter::toV1(decoded.value).toJson();
    }
    return Error{FieldError::notSupported(u"apiVersion"_s, orEmptyString(apiVersion), servedVersions()).toString()};
}

QString describeEntry(qsizetype index, const QJsonObject &object)
{
    const QString entry = u"request.objects[%1]"_s.arg(index);
    const QString name = reviewsupport::objectName(object);
    return name.isEmpty() ? entry : entry + u" ("_s + name + u')';
}

QJsonObject response(const QString &uid, const QJsonArray &objects)
{
    return QJsonObject{
        {u"uid"_s, uid},
        {u"convertedObjects"_s, objects},
        {u"result"_s, QJsonObject{{u"status"_s, u"Success"_s}}},
    };
}

QJsonObject failure(const QString &uid, const QString &message)
{
    return QJsonObject{
        {u"uid"_s, uid},
        {u"convertedObjects"_s, QJsonArray()},
        {u"result"_s, QJsonObject{{u"status"_s, u"Failure"_s}, {u"message"_s, message}}},
    };
}

QJsonObject respond(const QJsonObject &request)
{
    const QString uid = request.value(u"uid").toString();
    const QJsonValue desired = request.value(u"desiredAPIVersion");
    if (!desired.isString() || !servedVersions().contains(desired.toString()))
        return failure(uid, FieldError::notSupported(u"request.desiredAPIVersion"_s, orEmptyString(desired),
                                                     servedVersions()).toString());
    const QString desiredVersion = desired.toString();

    const QJsonValue objects = request.value(u"objects");
    if (objects.isUndefined() || objects.isNull())
        return response(uid, QJsonArray());
    if (!objects.isArray())
        return failure(uid, FieldError::invalid(u"request.objects"_s, objects, u"must be a list"_s).toString());

    const QJsonArray items = objects.toArray();
    QJsonArray result;
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QJsonValue item = items.at(i);
        if (!item.isObject())
            return failure(uid, u"cannot convert request.objects[%1] to %2: not an object"_s.arg(i).arg(desiredVersion));
        const QJsonObject object = item.toObject();
        const Result<QJsonObject> conversion = converted(object, desiredVersion);
        if (!conversion)
            return failure(uid, u"cannot convert "_s + describeEntry(i, object) + u" to "_s + desiredVersion + u": "_s
                                    + conversion.errorMessage());
        result.append(*conversion);
    }
    return response(uid, result);
}

} // namespace

Result<QJsonObject> ConversionReviewHandler::handle(const QJsonObject &review) const
{
    const Result<QJsonObject> request = reviewsupport::request(review, reviewApiVersion, reviewKind);
    if (!request)
        return request.error();
    return QJsonObject{
        {u"apiVersion"_s, reviewApiVersion},
        {u"kind"_s, reviewKind},
        {u"response"_s, respond(*request)},
    };
}

} // namespace locust::webhook

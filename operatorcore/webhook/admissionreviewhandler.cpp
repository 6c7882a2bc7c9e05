#include "webhook/admissionreviewhandler.h"

#include "api/locusttestdefaults.h"
#include "api/naming.h"
#include "config/operatorconfig.h"
#include "webhook/reviewsupport.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace locust::webhook {

namespace {

const QString reviewApiVersion = u"admission.k8s.io/v1"_s;
const QString reviewKind = u"AdmissionReview"_s;

// What the validator made of one object: decoding problems first (a field of the wrong type is
// dropped by decoding, so the rules below would otherwise judge an object without it), then the
// rules.
api::ValidationResult judge(const api::LocustTestValidator &validator, const QJsonObject &object)
{
    const QJsonValue apiVersion = object.value(u"apiVersion");
    if (apiVersion == QJsonValue(api::naming::apiVersionV1.toString())) {
        const api::Decoded<api::LocustTestV1> decoded = api::LocustTestV1::fromJson(object);
        api::ValidationResult result = validator.validate(api::LocustTestDefaults::applied(decoded.value));
        result.errors = decoded.errors + result.errors;
        return result;
    }
    if (apiVersion == QJsonValue(api::naming::apiVersionV2.toString())) {
        const api::Decoded<api::LocustTestV2> decoded = api::LocustTestV2::fromJson(object);
        api::ValidationResult result = validator.validate(api::LocustTestDefaults::applied(decoded.value));
        result.errors = decoded.errors + result.errors;
        return result;
    }
    api::ValidationResult result;
    result.errors << FieldError::notSupported(u"apiVersion"_s, apiVersion.isUndefined() ? QJsonValue(QString()) : apiVersion,
                                              {api::naming::apiVersionV1.toString(), api::naming::apiVersionV2.toString()});
    return result;
}

bool isBeingDeleted(const QJsonObject &object)
{
    const QJsonValue deletionTimestamp = object.value(u"metadata").toObject().value(u"deletionTimestamp");
    return deletionTimestamp.isString() && !deletionTimestamp.toString().isEmpty();
}

QJsonObject allowed(const QString &uid, const QStringList &warnings = {})
{
    QJsonObject response{
        {u"uid"_s, uid},
        {u"allowed"_s, true},
        {u"status"_s, QJsonObject{{u"code"_s, 200}}},
    };
    if (!warnings.isEmpty())
        response.insert(u"warnings"_s, QJsonArray::fromStringList(warnings));
    return response;
}

QJsonObject denied(const QString &uid, const QString &message, const QStringList &warnings = {})
{
    QJsonObject response{
        {u"uid"_s, uid},
        {u"allowed"_s, false},
        {u"status"_s, QJsonObject{{u"code"_s, 403}, {u"reason"_s, u"Forbidden"_s}, {u"message"_s, message}}},
    };
    if (!warnings.isEmpty())
        response.insert(u"warnings"_s, QJsonArray::fromStringList(warnings));
    return response;
}

} // namespace

AdmissionReviewHandler::AdmissionReviewHandler(api::ValidationOptions options)
    : m_validator(options)
{
}

AdmissionReviewHandler::AdmissionReviewHandler(const config::OperatorConfig &config)
    : AdmissionReviewHandler(api::ValidationOptions{config.affinityInjection, config.tolerationsInjection})
{
}

Result<QJsonObject> AdmissionReviewHandler::handle(const QJsonObject &review) const
{
    const Result<QJsonObject> request = reviewsupport::request(review, reviewApiVersion, reviewKind);
    if (!request)
        return request.error();
    const QJsonValue operation = request->value(u"operation");
    if (operation.isUndefined() || operation.isNull() || operation == QJsonValue(QString()))
        return Error{FieldError::required(u"request.operation"_s).toString()};
    if (!operation.isString())
        return Error{FieldError::invalid(u"request.operation"_s, operation, u"must be a string"_s).toString()};
    return QJsonObject{
        {u"apiVersion"_s, reviewApiVersion},
        {u"kind"_s, reviewKind},
        {u"response"_s, response(*request)},
    };
}

QJsonObject AdmissionReviewHandler::response(const QJsonObject &request) const
{
    const QString uid = request.value(u"uid").toString();
    const QString operation = request.value(u"operation").toString();
    if (operation != u"CREATE" && operation != u"UPDATE")
        return allowed(uid);

    const QJsonValue object = request.value(u"object");
    if (object.isUndefined() || object.isNull())
        return denied(uid, FieldError::required(u"request.object"_s).toString());
    if (!object.isObject())
        return denied(uid, FieldError::invalid(u"request.object"_s, object, u"must be an object"_s).toString());
    if (operation == u"UPDATE" && isBeingDeleted(object.toObject()))
        return allowed(uid);

    const api::ValidationResult result = judge(m_validator, object.toObject());
    QStringList warnings;
    warnings.reserve(result.warnings.size());
    for (const FieldWarning &warning : result.warnings)
        warnings << warning.toString();
    if (result.ok())
        return allowed(uid, warnings);
    QStringList errors;
    errors.reserve(result.errors.size());
    for (const FieldError &error : result.errors)
        errors << error.toString();
    return denied(uid, errors.join(u'\n'), warnings);
}

} // namespace locust::webhook

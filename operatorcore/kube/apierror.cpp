#include "kube/apierror.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace locust::kube {

namespace {

// The reason client-go gives a bare HTTP code (apimachinery errors.NewGenericServerResponse).
QString reasonForHttpStatus(int status)
{
    switch (status) {
    case 400:
        return u"BadRequest"_s;
    case 401:
        return u"Unauthorized"_s;
    case 403:
        return u"Forbidden"_s;
    case 404:
        return u"NotFound"_s;
    case 405:
        return u"MethodNotAllowed"_s;
    case 406:
        return u"NotAcceptable"_s;
    case 409:
        return u"Conflict"_s;
    case 410:
        return u"Gone"_s;
    case 413:
        return u"RequestEntityTooLarge"_s;
    case 415:
        return u"UnsupportedMediaType"_s;
    case 422:
        return u"Invalid"_s;
    case 429:
        return u"TooManyRequests"_s;
    case 500:
        return u"InternalError"_s;
    case 503:
        return u"ServiceUnavailable"_s;
    case 504:
        return u"Timeout"_s;
    default:
        return status >= 500 ? u"InternalError"_s : u"Unknown"_s;
    }
}

} // namespace

ApiError::ApiError(Kind kind, int httpStatus, QString reason, QString message)
    : m_kind(kind)
    , m_httpStatus(httpStatus)
    , m_reason(std::move(reason))
    , m_message(std::move(message))
{
}

ApiError ApiError::fromStatus(const QJsonObject &status)
{
    const int code = status.value(u"code").toInt();
    QString reason = status.value(u"reason").toString();
    if (reason.isEmpty())
        reason = reasonForHttpStatus(code);
    ApiError error(Kind::Response, code, reason, status.value(u"message").toString());
    error.m_status = status;
    for (const QJsonValue &cause : status.value(u"details").toObject().value(u"causes").toArray()) {
        const QJsonObject object = cause.toObject();
        error.m_causes << StatusCause{object.value(u"reason").toString(), object.value(u"message").toString(),
                                      object.value(u"field").toString()};
    }
    return error;
}

ApiError ApiError::fromResponse(int httpStatus, const QByteArray &body)
{
    const QJsonDocument document = QJsonDocument::fromJson(body);
    const QJsonObject object = document.object();
    if (object.value(u"kind").toString() == u"Status") {
        ApiError error = fromStatus(object);
        error.m_httpStatus = httpStatus; // the transport's code is the authoritative one
        if (error.m_reason.isEmpty() || error.m_reason == u"Unknown")
            error.m_reason = reasonForHttpStatus(httpStatus);
        return error;
    }
    // Not a Status (a proxy, an old server): keep a readable excerpt of the body.
    QString excerpt = QString::fromUtf8(body.left(512)).trimmed();
    if (excerpt.isEmpty())
        excerpt = u"the server responded with HTTP %1"_s.arg(httpStatus);
    return ApiError(Kind::Response, httpStatus, reasonForHttpStatus(httpStatus), excerpt);
}

ApiError ApiError::transport(const QString &message)
{
    return ApiError(Kind::Transport, 0, u"Transport"_s, message);
}

ApiError ApiError::credentials(const QString &message)
{
    return ApiError(Kind::Credentials, 0, u"Credentials"_s, message);
}

ApiError ApiError::decode(const QString &message)
{
    return ApiError(Kind::Decode, 0, u"Decode"_s, message);
}

bool ApiError::isNotFound() const
{
    return m_reason == u"NotFound" || (m_kind == Kind::Response && m_httpStatus == 404);
}

bool ApiError::isAlreadyExists() const
{
    return m_reason == u"AlreadyExists";
}

bool ApiError::isConflict() const
{
    return m_reason == u"Conflict" || (m_kind == Kind::Response && m_httpStatus == 409 && !isAlreadyExists());
}

bool ApiError::isInvalid() const
{
    return m_reason == u"Invalid" || (m_kind == Kind::Response && m_httpStatus == 422);
}

bool ApiError::isForbidden() const
{
    return m_reason == u"Forbidden" || (m_kind == Kind::Response && m_httpStatus == 403);
}

bool ApiError::isUnauthorized() const
{
    return m_reason == u"Unauthorized" || (m_kind == Kind::Response && m_httpStatus == 401);
}

bool ApiError::isGone() const
{
    return m_reason == u"Expired" || m_reason == u"Gone" || (m_kind == Kind::Response && m_httpStatus == 410);
}

bool ApiError::isBadRequest() const
{
    return m_reason == u"BadRequest" || (m_kind == Kind::Response && m_httpStatus == 400);
}

bool ApiError::isTimeout() const
{
    return m_reason == u"Timeout" || m_reason == u"ServerTimeout" || (m_kind == Kind::Response && m_httpStatus == 504);
}

bool ApiError::isTooManyRequests() const
{
    return m_reason == u"TooManyRequests" || (m_kind == Kind::Response && m_httpStatus == 429);
}

bool ApiError::isServerError() const
{
    return m_kind == Kind::Response && m_httpStatus >= 500;
}

QString ApiError::toString() const
{
    QString text = m_reason;
    if (m_httpStatus != 0)
        text += u" ("_s + QString::number(m_httpStatus) + u')';
    text += u": "_s + m_message;
    // The API server's Invalid message already lists the causes; others may not.
    for (const StatusCause &cause : m_causes) {
        const QString line = cause.field.isEmpty() ? cause.message : cause.field + u": "_s + cause.message;
        if (!m_message.contains(cause.message))
            text += u"; "_s + line;
    }
    return text;
}

} // namespace locust::kube

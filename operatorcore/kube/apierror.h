#pragma once

#include "support/result.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace locust::kube {

// One cause of an error, as the API server lists them in Status.details.causes (for Invalid).
struct StatusCause
{
    QString reason; // e.g. FieldValueInvalid
    QString message;
    QString field;  // e.g. spec.replicas

    bool operator==(const StatusCause &) const = default;
};

// A failed request: either the API server answered with an error (a Kubernetes Status, or another
// body with an error code), or no answer came (connection, TLS, timeout), or the client had no
// credentials to send. Callers ask what kind of failure it is (isNotFound(), isConflict(), ...),
// as with client-go's apierrors, instead of parsing messages.
class ApiError
{
public:
    enum class Kind {
        Transport,   // no HTTP response: connection refused, TLS failure, timeout, reset
        Credentials, // the client could not obtain credentials (token file, exec plugin)
        Response,    // the server answered with an error status
        Decode,      // the server answered 2xx with a body that is not the expected JSON
    };

    // The error described by an HTTP response: the Status in the body when there is one, otherwise
    // the reason that belongs to the HTTP code (as client-go does for bodies that are not a Status).
    static ApiError fromResponse(int httpStatus, const QByteArray &body);
    // The error carried by a Status object (a watch ERROR event carries one).
    static ApiError fromStatus(const QJsonObject &status);
    static ApiError transport(const QString &message);
    static ApiError credentials(const QString &message);
    static ApiError decode(const QString &message);

    Kind kind() const { return m_kind; }
    int httpStatus() const { return m_httpStatus; }    // 0 when there was no response
    const QString &reason() const { return m_reason; } // Status.reason, e.g. "NotFound"
    const QString &message() const { return m_message; }
    const QList<StatusCause> &causes() const { return m_causes; }
    const QJsonObject &status() const { return m_status; } // the Status object as received, if any

    bool isNotFound() const;
    bool isAlreadyExists() const;
    bool isConflict() const;
    bool isInvalid() const;
    bool isForbidden() const;
    bool isUnauthorized() const;
    bool isGone() const; // 410 Gone, or reason Expired: the resourceVersion is too old
    bool isBadRequest() const;
    bool isTimeout() const;
    bool isTooManyRequests() const;
    bool isServerError() const; // 5xx
    bool isTransport() const { return m_kind == Kind::Transport; }

    // "NotFound (404): configmaps \"x\" not found", with an Invalid error's causes appended.
    QString toString() const;

private:
    ApiError(Kind kind, int httpStatus, QString reason, QString message);

    Kind m_kind;
    int m_httpStatus;
    QString m_reason;
    QString m_message;
    QList<StatusCause> m_causes;
    QJsonObject m_status;
};

inline QString describe(const ApiError &error)
{
    return error.toString();
}

template<typename T>
using ApiResult = Result<T, ApiError>;

} // namespace locust::kube

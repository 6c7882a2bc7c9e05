#pragma once

#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

namespace locust {

// One problem with one field of an object, in the shape Kubernetes uses for its own validation
// errors (k8s.io/apimachinery/pkg/util/validation/field), so that the text users see from
// `locust-operator validate`, from the admission webhook and from the API server reads the same:
//
//   spec.worker.replicas: Invalid value: 0: must be greater than or equal to 1
//   spec.image: Required value
//   spec.imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"
class FieldError
{
public:
    enum class Type {
        Required,
        Invalid,
        NotSupported,
        Duplicate,
        Forbidden,
        TooLong,
        UnknownField,
    };

    static FieldError required(const QString &field, const QString &detail = {});
    static FieldError invalid(const QString &field, const QJsonValue &value, const QString &detail);
    static FieldError notSupported(const QString &field, const QJsonValue &value,
                                   const QStringList &supportedValues);
    static FieldError duplicate(const QString &field, const QJsonValue &value, const QString &detail = {});
    static FieldError forbidden(const QString &field, const QString &detail);
    static FieldError tooLong(const QString &field, const QJsonValue &value, int maxLength);
    static FieldError unknownField(const QString &field);

    Type type() const { return m_type; }
    const QString &field() const { return m_field; }
    const QJsonValue &value() const { return m_value; }
    // The human part of the message, without the field path. For the admission rules of the
    // reference operator this is exactly the reference's denial text.
    const QString &detail() const { return m_detail; }
    QString reason() const; // "Required value", "Invalid value", ... as Kubernetes names them

    // The whole line: "<field>: <reason>[: <value>][: <detail>]".
    QString toString() const;

    // The field path prefixed with another path, e.g. when a v2 object was validated on behalf
    // of a v1 object and the v1 paths differ.
    FieldError withField(const QString &field) const;

    bool operator==(const FieldError &other) const = default;

private:
    FieldError(Type type, QString field, QJsonValue value, QString detail);

    Type m_type;
    QString m_field;
    QJsonValue m_value;
    QString m_detail;
};

using FieldErrorList = QList<FieldError>;

// Something about a field that works but deserves the user's attention: a setting the operator
// ignores, a value that overrides what the operator manages, a name older clusters reject. Shown as
// admission warnings (kubectl prints "Warning: ...") and by `locust-operator validate`.
struct FieldWarning
{
    QString field;
    QString message;

    QString toString() const { return field.isEmpty() ? message : field + QStringLiteral(": ") + message; }
    bool operator==(const FieldWarning &other) const = default;
};

using FieldWarningList = QList<FieldWarning>;

// Formats a JSON value the way Kubernetes prints a bad value in a field error: strings quoted,
// numbers and booleans bare, objects and arrays as compact JSON.
QString formatFieldValue(const QJsonValue &value);

} // namespace locust

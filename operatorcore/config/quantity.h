#pragma once

#include "support/result.h"

#include <QByteArray>
#include <QJsonValue>
#include <QString>

namespace locust::config {

// A Kubernetes resource quantity (k8s.io/apimachinery/pkg/api/resource.Quantity): "250m", "1Gi",
// "30M", "1e3". Parsing never throws or aborts; a bad string is an Error value (review item C3).
//
// Values are exact decimals of arbitrary size. As in Kubernetes, values finer than 1n are rounded
// up to 1n, and toString() gives the canonical form the API server stores ("1000m" -> "1",
// "1024Mi" -> "1Gi", "1.5Gi" -> "1536Mi", "0.5" -> "500m"), so rendered objects equal stored ones.
class Quantity
{
public:
    enum class Format {
        DecimalSI,       // no suffix or n u m k M G T P E
        BinarySI,        // Ki Mi Gi Ti Pi Ei
        DecimalExponent, // e<N> / E<N>
    };

    // Zero, "0".
    Quantity();

    static Result<Quantity> parse(const QString &text);
    // A quantity as JSON carries it: a string, or a number (the schema is int-or-string).
    static Result<Quantity> fromJson(const QJsonValue &value);

    QString toString() const; // canonical form
    QJsonValue toJson() const { return toString(); }

    Format format() const { return m_format; }
    bool isZero() const;
    bool isNegative() const;

    // Compares values, not formats: "1" == "1000m", "1Gi" > "1G".
    int compare(const Quantity &other) const;
    bool operator==(const Quantity &other) const { return compare(other) == 0; }
    bool operator<(const Quantity &other) const { return compare(other) < 0; }

private:
    // value = (m_negative ? -1 : 1) * m_digits * 10^m_exponent; m_digits has no leading zeros and
    // is empty for zero.
    bool m_negative = false;
    QByteArray m_digits;
    qint32 m_exponent = 0;
    Format m_format = Format::DecimalSI;
};

} // namespace locust::config

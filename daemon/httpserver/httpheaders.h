#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <utility>

namespace locust::httpserver {

// HTTP header fields in the order they were received or added. Names compare ASCII
// case-insensitively, as RFC 9110 requires; values are kept as sent (without surrounding whitespace).
class HttpHeaders
{
public:
    using Field = std::pair<QByteArray, QByteArray>;

    void append(const QByteArray &name, const QByteArray &value);
    // Replaces every field of that name with one field (appended at the end if there was none).
    void set(const QByteArray &name, const QByteArray &value);
    void remove(QByteArrayView name);

    bool contains(QByteArrayView name) const;
    // The first value of that name, or defaultValue.
    QByteArray value(QByteArrayView name, const QByteArray &defaultValue = {}) const;
    QList<QByteArray> values(QByteArrayView name) const;
    // Every value of that name joined with ", " (the list form of RFC 9110 §5.3).
    QByteArray combinedValue(QByteArrayView name) const;
    // The comma-separated tokens of every field of that name, trimmed and lower-cased, empty ones
    // dropped (for Connection, Transfer-Encoding, Expect).
    QList<QByteArray> tokens(QByteArrayView name) const;
    int count(QByteArrayView name) const;

    const QList<Field> &fields() const { return m_fields; }
    qsizetype size() const { return m_fields.size(); }
    bool isEmpty() const { return m_fields.isEmpty(); }

    friend bool operator==(const HttpHeaders &, const HttpHeaders &) = default;

private:
    QList<Field> m_fields;
};

} // namespace locust::httpserver

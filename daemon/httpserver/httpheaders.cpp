#include "httpserver/httpheaders.h"

namespace locust::httpserver {

namespace {

bool sameName(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size() && a.compare(b, Qt::CaseInsensitive) == 0;
}

} // namespace

void HttpHeaders::append(const QByteArray &name, const QByteArray &value)
{
    m_fields.append({name, value});
}

void HttpHeaders::set(const QByteArray &name, const QByteArray &value)
{
    remove(name);
    append(name, value);
}

void HttpHeaders::remove(QByteArrayView name)
{
    m_fields.removeIf([name](const Field &field) { return sameName(field.first, name); });
}

bool HttpHeaders::contains(QByteArrayView name) const
{
    return count(name) > 0;
}

QByteArray HttpHeaders::value(QByteArrayView name, const QByteArray &defaultValue) const
{
    for (const Field &field : m_fields) {
        if (sameName(field.first, name))
            return field.second;
    }
    return defaultValue;
}

QList<QByteArray> HttpHeaders::values(QByteArrayView name) const
{
    QList<QByteArray> result;
    for (const Field &field : m_fields) {
        if (sameName(field.first, name))
            result.append(field.second);
    }
    return result;
}

QByteArray HttpHeaders::combinedValue(QByteArrayView name) const
{
    return values(name).join(", ");
}

QList<QByteArray> HttpHeaders::tokens(QByteArrayView name) const
{
    QList<QByteArray> result;
    for (const QByteArray &value : values(name)) {
        for (const QByteArray &part : value.split(',')) {
            const QByteArray token = part.trimmed().toLower();
            if (!token.isEmpty())
                result.append(token);
        }
    }
    return result;
}

int HttpHeaders::count(QByteArrayView name) const
{
    int n = 0;
    for (const Field &field : m_fields) {
        if (sameName(field.first, name))
            ++n;
    }
    return n;
}

} // namespace locust::httpserver

#include "support/logfields.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace locust {

QString withLogFields(QStringView message, const QJsonObject &fields)
{
    QString text = message.toString();
    if (fields.isEmpty())
        return text;
    text += logFieldSeparator;
    text += QString::fromUtf8(QJsonDocument(fields).toJson(QJsonDocument::Compact));
    return text;
}

LogMessageParts splitLogFields(QStringView text)
{
    const qsizetype separator = text.lastIndexOf(logFieldSeparator);
    if (separator < 0)
        return {text.toString(), {}};

    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text.mid(separator + 1).toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return {text.toString(), {}};
    return {text.left(separator).toString(), document.object()};
}

} // namespace locust

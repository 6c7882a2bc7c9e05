#include "apitestsupport.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace locust::testsupport {

QJsonObject parse(const QByteArray &text)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        qFatal("test data is not a JSON object: %s\n%s", qPrintable(error.errorString()), text.constData());
    return document.object();
}

QJsonObject merged(QJsonObject base, const QJsonObject &patch)
{
    for (auto it = patch.constBegin(); it != patch.constEnd(); ++it) {
        if (it->isNull())
            base.remove(it.key());
        else if (it->isObject() && base.value(it.key()).isObject())
            base.insert(it.key(), merged(base.value(it.key()).toObject(), it->toObject()));
        else
            base.insert(it.key(), *it);
    }
    return base;
}

QString compact(const QJsonValue &value)
{
    // Wrapped in an array so scalars serialise too.
    const QByteArray json = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(json.mid(1, json.size() - 2));
}

QStringList lines(const FieldErrorList &errors)
{
    QStringList result;
    for (const FieldError &error : errors)
        result << error.toString();
    return result;
}

QStringList fields(const FieldWarningList &warnings)
{
    QStringList result;
    for (const FieldWarning &warning : warnings)
        result << warning.field;
    return result;
}

QStringList invalidLines(const QString &path, const QString &value, const QStringList &problems)
{
    QStringList result;
    for (const QString &problem : problems)
        result << path + u": Invalid value: \""_s + value + u"\": "_s + problem; // written out, not via toString()
    return result;
}

} // namespace locust::testsupport

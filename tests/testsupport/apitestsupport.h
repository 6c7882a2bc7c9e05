#pragma once

#include "support/fielderror.h"

#include <QByteArray>
#include <QFile>
#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

// Small helpers the api tests share: JSON test data written inline, and error lists as text.
namespace locust::testsupport {

// A JSON object from inline test data; aborts the test binary when the data itself is broken.
QJsonObject parse(const QByteArray &text);

// base with patch applied: objects merge key by key, anything else replaces, null removes the key.
QJsonObject merged(QJsonObject base, const QJsonObject &patch);

QString compact(const QJsonValue &value); // one-line JSON

QStringList lines(const FieldErrorList &errors);        // toString() of each
QStringList fields(const FieldWarningList &warnings);   // the field of each
// The lines of Invalid errors on one field and value, one per problem text.
QStringList invalidLines(const QString &path, const QString &value, const QStringList &problems);

#ifdef LOCUST_TEST_DATA_DIR
// A JSON object from the test's data directory.
inline QJsonObject readFixture(const QString &name)
{
    QFile file(QString::fromUtf8(LOCUST_TEST_DATA_DIR) + u'/' + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read fixture %s", qPrintable(file.fileName()));
    return parse(file.readAll());
}
#endif

} // namespace locust::testsupport

#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

// Helpers for tests that compare whole Kubernetes objects.
namespace locust::testsupport {

// The documents of a YAML fixture file; fails the running test (QFAIL) when it cannot be read.
QList<QJsonValue> readYamlFile(const QString &path);

// Empty when equal; otherwise the paths where the two values differ, one per line
// ("spec.template.spec.containers[0].args[3]: expected "--master", got "--worker""), so a failing
// golden test says what changed instead of printing two large documents.
QString jsonDifference(const QJsonValue &actual, const QJsonValue &expected, const QString &path = QString());

} // namespace locust::testsupport

// QVERIFY2 with the difference as the message.
#define LOCUST_COMPARE_JSON(actual, expected)                                                              \
    do {                                                                                                   \
        const QString difference_ = locust::testsupport::jsonDifference((actual), (expected));             \
        QVERIFY2(difference_.isEmpty(), qPrintable(QStringLiteral("JSON differs:\n") + difference_));      \
    } while (false)

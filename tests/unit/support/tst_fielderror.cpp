#include "support/fielderror.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using locust::FieldError;

class FieldErrorTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void formatsLikeKubernetes_data()
    {
        QTest::addColumn<QString>("actual");
        QTest::addColumn<QString>("expected");
        QTest::newRow("required") << FieldError::required(u"spec.image"_s).toString()
                                  << u"spec.image: Required value"_s;
        QTest::newRow("invalid number")
            << FieldError::invalid(u"spec.worker.replicas"_s, 0, u"must be greater than or equal to 1"_s).toString()
            << u"spec.worker.replicas: Invalid value: 0: must be greater than or equal to 1"_s;
        QTest::newRow("invalid string")
            << FieldError::invalid(u"metadata.name"_s, u"a.b"_s, u"bad"_s).toString()
            << u"metadata.name: Invalid value: \"a.b\": bad"_s;
        QTest::newRow("unsupported")
            << FieldError::notSupported(u"spec.imagePullPolicy"_s, u"Sometimes"_s,
                                        {u"Always"_s, u"IfNotPresent"_s, u"Never"_s})
                   .toString()
            << u"spec.imagePullPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"IfNotPresent\", \"Never\""_s;
        QTest::newRow("forbidden") << FieldError::forbidden(u"spec.x"_s, u"not allowed"_s).toString()
                                   << u"spec.x: Forbidden: not allowed"_s;
        QTest::newRow("duplicate") << FieldError::duplicate(u"spec.volumes[1].name"_s, u"data"_s).toString()
                                   << u"spec.volumes[1].name: Duplicate value: \"data\""_s;
        QTest::newRow("too long") << FieldError::tooLong(u"metadata.name"_s, u"abc"_s, 2).toString()
                                  << u"metadata.name: Too long: \"abc\": may not be more than 2 bytes"_s;
        QTest::newRow("unknown field") << FieldError::unknownField(u"spec.foo"_s).toString()
                                       << u"unknown field \"spec.foo\""_s;
        QTest::newRow("bool value") << FieldError::invalid(u"a"_s, true, {}).toString()
                                    << u"a: Invalid value: true"_s;
        QTest::newRow("fraction value") << FieldError::invalid(u"a"_s, 1.5, {}).toString()
                                        << u"a: Invalid value: 1.5"_s;
        QTest::newRow("huge value") << FieldError::invalid(u"a"_s, 1e19, {}).toString()
                                    << u"a: Invalid value: 1e+19"_s;
        QTest::newRow("object value")
            << FieldError::invalid(u"a"_s, QJsonObject{{u"k"_s, 1}}, u"d"_s).toString()
            << u"a: Invalid value: {\"k\":1}: d"_s;
    }

    void formatsLikeKubernetes()
    {
        QFETCH(QString, actual);
        QFETCH(QString, expected);
        QCOMPARE(actual, expected);
    }

    void withFieldKeepsTheRest()
    {
        const FieldError error = FieldError::invalid(u"spec.master.command"_s, u"x"_s, u"d"_s);
        const FieldError moved = error.withField(u"spec.masterCommandSeed"_s);
        QCOMPARE(moved.field(), u"spec.masterCommandSeed"_s);
        QCOMPARE(moved.detail(), error.detail());
        QCOMPARE(moved.type(), error.type());
    }
};

QTEST_GUILESS_MAIN(FieldErrorTest)
#include "tst_fielderror.moc"

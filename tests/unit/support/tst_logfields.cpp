#include "support/logfields.h"

#include <QJsonArray>
#include <QTest>

using namespace Qt::StringLiterals;
using locust::LogMessageParts;
using locust::splitLogFields;
using locust::withLogFields;

class LogFieldsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void appendsCompactJsonAfterSeparator()
    {
        const QString text = withLogFields(u"Created resource", {{u"LocustTest"_s, u"ns/demo"_s}, {u"replicas"_s, 3}});
        QCOMPARE(text, u"Created resource\u001f{\"LocustTest\":\"ns/demo\",\"replicas\":3}"_s);
    }

    void noFieldsNoSeparator()
    {
        QCOMPARE(withLogFields(u"plain", {}), u"plain"_s);
        QCOMPARE(withLogFields(QStringView(), {}), QString());
    }

    void roundTrips_data()
    {
        QTest::addColumn<QString>("message");
        QTest::addColumn<QJsonObject>("fields");
        QTest::newRow("simple") << u"Reconciling"_s << QJsonObject{{u"name"_s, u"demo"_s}, {u"namespace"_s, u"load"_s}};
        QTest::newRow("nested and typed") << u"Status"_s
                                          << QJsonObject{{u"ok"_s, true},
                                                         {u"count"_s, 2},
                                                         {u"object"_s, QJsonObject{{u"kind"_s, u"Job"_s}}},
                                                         {u"list"_s, QJsonArray{1, u"two"_s}},
                                                         {u"nothing"_s, QJsonValue()}};
        QTest::newRow("empty message") << QString() << QJsonObject{{u"k"_s, u"v"_s}};
        QTest::newRow("multi-line message") << u"line one\nline two"_s << QJsonObject{{u"k"_s, u"v"_s}};
        QTest::newRow("separator inside the message") << u"a\u001fb\u001f{}"_s << QJsonObject{{u"k"_s, u"v"_s}};
        QTest::newRow("separator inside a value") << u"msg"_s << QJsonObject{{u"k"_s, u"x\u001fy"_s}};
        QTest::newRow("separator inside a key") << u"msg"_s << QJsonObject{{u"k\u001f"_s, u"v"_s}};
        QTest::newRow("unicode") << u"\u00e9t\u00e9 \U0001f600"_s << QJsonObject{{u"\u65e5"_s, u"\U0001f600"_s}};
    }

    void roundTrips()
    {
        QFETCH(QString, message);
        QFETCH(QJsonObject, fields);
        const LogMessageParts parts = splitLogFields(withLogFields(message, fields));
        QCOMPARE(parts.message, message);
        QCOMPARE(parts.fields, fields);
    }

    void keepsTextThatIsNotFields_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("no separator") << u"just a message {\"k\":1}"_s;
        QTest::newRow("empty") << QString();
        QTest::newRow("malformed JSON") << u"msg\u001f{\"k\":"_s;
        QTest::newRow("array, not object") << u"msg\u001f[1,2]"_s;
        QTest::newRow("string, not object") << u"msg\u001f\"x\""_s;
        QTest::newRow("nothing after separator") << u"msg\u001f"_s;
        QTest::newRow("trailing text after object") << u"msg\u001f{\"k\":1} and more"_s;
        QTest::newRow("separator alone") << u"\u001f"_s;
    }

    void keepsTextThatIsNotFields()
    {
        QFETCH(QString, text);
        const LogMessageParts parts = splitLogFields(text);
        QCOMPARE(parts.message, text);
        QVERIFY(parts.fields.isEmpty());
    }

    void emptyObjectSplitsOff()
    {
        const LogMessageParts parts = splitLogFields(u"msg\u001f{}");
        QCOMPARE(parts.message, u"msg"_s);
        QVERIFY(parts.fields.isEmpty());
    }
};

QTEST_GUILESS_MAIN(LogFieldsTest)
#include "tst_logfields.moc"

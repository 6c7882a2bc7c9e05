#include "support/goquote.h"

#include <QTest>

using namespace Qt::StringLiterals;

class GoQuoteTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void quotes_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain") << u"my-test"_s << u"\"my-test\""_s;
        QTest::newRow("empty") << QString() << u"\"\""_s;
        QTest::newRow("quote and backslash") << u"a\"b\\c"_s << u"\"a\\\"b\\\\c\""_s;
        QTest::newRow("newline and tab") << u"a\nb\tc"_s << u"\"a\\nb\\tc\""_s;
        QTest::newRow("control byte") << QString(QChar(0x01)) << u"\"\\x01\""_s;
        QTest::newRow("delete") << QString(QChar(0x7f)) << u"\"\\x7f\""_s;
        QTest::newRow("printable unicode kept") << u"caf\u00e9 \u65e5"_s << u"\"caf\u00e9 \u65e5\""_s;
        QTest::newRow("non-breaking space escaped") << u"a\u00a0b"_s << u"\"a\\u00a0b\""_s;
        QTest::newRow("line separator escaped") << u"\u2028"_s << u"\"\\u2028\""_s;
    }

    void quotes()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QCOMPARE(locust::goQuote(input), expected);
    }
};

QTEST_GUILESS_MAIN(GoQuoteTest)
#include "tst_goquote.moc"

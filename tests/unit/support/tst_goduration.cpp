#include "support/goduration.h"

#include <QTest>

#include <chrono>
#include <limits>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using locust::formatGoDuration;
using locust::parseGoDuration;
using locust::parseGoDurationMilliseconds;

// Expected values are Go's own (time.ParseDuration and Duration.String(), src/time/time_test.go).
class GoDurationTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parses_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("nanoseconds");
        constexpr qint64 ms = 1'000'000;
        constexpr qint64 s = 1'000 * ms;
        constexpr qint64 m = 60 * s;
        constexpr qint64 h = 60 * m;
        QTest::newRow("lone zero") << u"0"_s << qint64(0);
        QTest::newRow("plus zero") << u"+0"_s << qint64(0);
        QTest::newRow("minus zero") << u"-0"_s << qint64(0);
        QTest::newRow("zero with unit") << u"0s"_s << qint64(0);
        QTest::newRow("seconds") << u"30s"_s << 30 * s;
        QTest::newRow("many seconds") << u"1478s"_s << 1478 * s;
        QTest::newRow("negative") << u"-5s"_s << -5 * s;
        QTest::newRow("explicit plus") << u"+5s"_s << 5 * s;
        QTest::newRow("decimal") << u"5.6s"_s << 5 * s + 600 * ms;
        QTest::newRow("trailing point") << u"5.s"_s << 5 * s;
        QTest::newRow("leading point") << u".5s"_s << 500 * ms;
        QTest::newRow("trailing zeros") << u"1.0040s"_s << 1004 * ms;
        QTest::newRow("fraction with zeros") << u"100.00100s"_s << 100'001 * ms;
        QTest::newRow("ns") << u"10ns"_s << qint64(10);
        QTest::newRow("us") << u"11us"_s << qint64(11'000);
        QTest::newRow("micro sign") << u"12\u00b5s"_s << qint64(12'000);
        QTest::newRow("greek mu") << u"12\u03bcs"_s << qint64(12'000);
        QTest::newRow("ms") << u"13ms"_s << 13 * ms;
        QTest::newRow("m") << u"15m"_s << 15 * m;
        QTest::newRow("h") << u"16h"_s << 16 * h;
        QTest::newRow("decimal hours") << u"1.5h"_s << 90 * m;
        QTest::newRow("sequence") << u"1h30m"_s << 90 * m;
        QTest::newRow("any unit order") << u"10.5s4m"_s << 4 * m + 10 * s + 500 * ms;
        QTest::newRow("negative sequence") << u"-2m3.4s"_s << -(2 * m + 3 * s + 400 * ms);
        QTest::newRow("every unit") << u"1h2m3s4ms5us6ns"_s << h + 2 * m + 3 * s + 4 * ms + 5'000 + 6;
        QTest::newRow("third of an hour") << u"0.3333333333333333333h"_s << 20 * m;
        QTest::newRow("float fraction of an hour") << u"0.830103483285477580700h"_s
                                                   << 49 * m + 48 * s + 372'539'827;
        QTest::newRow("maximum") << u"9223372036854775807ns"_s << std::numeric_limits<qint64>::max();
        QTest::newRow("maximum in us") << u"9223372036854775.807us"_s << std::numeric_limits<qint64>::max();
        QTest::newRow("maximum in parts") << u"9223372036s854ms775us807ns"_s << std::numeric_limits<qint64>::max();
        QTest::newRow("minimum") << u"-9223372036854775808ns"_s << std::numeric_limits<qint64>::min();
        QTest::newRow("minimum in hours") << u"-2562047h47m16.854775808s"_s << std::numeric_limits<qint64>::min();
        QTest::newRow("long fraction stops gaining precision") << u"0.100000000000000000000h"_s << 6 * m;
    }

    void parses()
    {
        QFETCH(QString, text);
        QFETCH(qint64, nanoseconds);
        const auto parsed = parseGoDuration(text);
        QVERIFY2(parsed.ok(), qPrintable(parsed.errorMessage()));
        QCOMPARE(parsed->count(), nanoseconds);
    }

    void rejects_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << QString() << u"time: invalid duration \"\""_s;
        QTest::newRow("number without unit") << u"3"_s << u"time: missing unit in duration \"3\""_s;
        QTest::newRow("second number without unit") << u"1h30"_s << u"time: missing unit in duration \"1h30\""_s;
        QTest::newRow("sign alone") << u"-"_s << u"time: invalid duration \"-\""_s;
        QTest::newRow("unit alone") << u"s"_s << u"time: invalid duration \"s\""_s;
        QTest::newRow("point alone") << u"."_s << u"time: invalid duration \".\""_s;
        QTest::newRow("sign and point") << u"-."_s << u"time: invalid duration \"-.\""_s;
        QTest::newRow("point and unit") << u".s"_s << u"time: invalid duration \".s\""_s;
        QTest::newRow("signed point and unit") << u"+.s"_s << u"time: invalid duration \"+.s\""_s;
        QTest::newRow("days") << u"1d"_s << u"time: unknown unit \"d\" in duration \"1d\""_s;
        QTest::newRow("space between parts") << u"1h 30m"_s << u"time: unknown unit \"h \" in duration \"1h 30m\""_s;
        QTest::newRow("leading space") << u" 1s"_s << u"time: invalid duration \" 1s\""_s;
        QTest::newRow("exponent") << u"1e3s"_s << u"time: unknown unit \"e\" in duration \"1e3s\""_s;
        QTest::newRow("upper-case unit") << u"1S"_s << u"time: unknown unit \"S\" in duration \"1S\""_s;
        QTest::newRow("double sign") << u"--1s"_s << u"time: invalid duration \"--1s\""_s;
        QTest::newRow("sign inside") << u"1h-30m"_s << u"time: unknown unit \"h-\" in duration \"1h-30m\""_s;
        QTest::newRow("control character") << u"1\ns"_s << u"time: unknown unit \"\\ns\" in duration \"1\\ns\""_s;
        QTest::newRow("one past maximum") << u"9223372036854775808ns"_s
                                          << u"time: invalid duration \"9223372036854775808ns\""_s;
        QTest::newRow("one past maximum in us") << u"9223372036854775.808us"_s
                                                << u"time: invalid duration \"9223372036854775.808us\""_s;
        QTest::newRow("one past minimum") << u"-9223372036854775809ns"_s
                                          << u"time: invalid duration \"-9223372036854775809ns\""_s;
        // 2^64 nanoseconds: the digits alone wrap an unsigned 64-bit accumulator around to 0.
        QTest::newRow("digits wrapping 64 bits") << u"18446744073709551616ns"_s
                                                 << u"time: invalid duration \"18446744073709551616ns\""_s;
        QTest::newRow("too many hours") << u"3000000h"_s << u"time: invalid duration \"3000000h\""_s;
        // 6000000h wraps an unsigned 64-bit count of nanoseconds around to a plausible value.
        QTest::newRow("hours wrapping 64 bits") << u"6000000h"_s << u"time: invalid duration \"6000000h\""_s;
        QTest::newRow("sum overflows") << u"2562047h2562047h"_s << u"time: invalid duration \"2562047h2562047h\""_s;
        QTest::newRow("huge digits") << QString(400, u'9') + u's' << u"time: invalid duration \""_s
                + QString(400, u'9') + u"s\""_s;
    }

    void rejects()
    {
        QFETCH(QString, text);
        QFETCH(QString, message);
        const auto parsed = parseGoDuration(text);
        QVERIFY(!parsed.ok());
        QCOMPARE(parsed.errorMessage(), message);
        QCOMPARE(parseGoDurationMilliseconds(text).errorMessage(), message);
    }

    void millisecondsRoundUp_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("milliseconds");
        QTest::newRow("whole") << u"2m"_s << qint64(120'000);
        QTest::newRow("fractional seconds") << u"1.5s"_s << qint64(1'500);
        QTest::newRow("one nanosecond is not zero") << u"1ns"_s << qint64(1);
        QTest::newRow("partial millisecond up") << u"1500us"_s << qint64(2);
        QTest::newRow("exact millisecond") << u"1000us"_s << qint64(1);
        QTest::newRow("negative towards zero") << u"-1500us"_s << qint64(-1);
        QTest::newRow("zero") << u"0"_s << qint64(0);
        // Clamped: 9223372036855 ms would overflow when converted back to nanoseconds.
        QTest::newRow("maximum stays convertible") << u"9223372036854775807ns"_s << qint64(9'223'372'036'854);
        QTest::newRow("minimum") << u"-9223372036854775808ns"_s << qint64(-9'223'372'036'854);
    }

    void millisecondsRoundUp()
    {
        QFETCH(QString, text);
        QFETCH(qint64, milliseconds);
        const auto parsed = parseGoDurationMilliseconds(text);
        QVERIFY2(parsed.ok(), qPrintable(parsed.errorMessage()));
        QCOMPARE(parsed->count(), milliseconds);
        // Every result converts back to nanoseconds (what formatGoDuration() takes) without overflow.
        QVERIFY(formatGoDuration(*parsed).size() > 0);
    }

    void formats_data()
    {
        QTest::addColumn<qint64>("nanoseconds");
        QTest::addColumn<QString>("text");
        QTest::newRow("zero") << qint64(0) << u"0s"_s;
        QTest::newRow("nanosecond") << qint64(1) << u"1ns"_s;
        QTest::newRow("microseconds") << qint64(1'100) << u"1.1\u00b5s"_s;
        QTest::newRow("milliseconds") << qint64(2'200'000) << u"2.2ms"_s;
        QTest::newRow("90ms") << qint64(90'000'000) << u"90ms"_s;
        QTest::newRow("seconds") << qint64(3'300'000'000) << u"3.3s"_s;
        QTest::newRow("2m") << qint64(120'000'000'000) << u"2m0s"_s;
        QTest::newRow("minutes and seconds") << qint64(245'000'000'000) << u"4m5s"_s;
        QTest::newRow("minutes and fraction") << qint64(245'001'000'000) << u"4m5.001s"_s;
        QTest::newRow("hours") << qint64(18'367'001'000'000) << u"5h6m7.001s"_s;
        QTest::newRow("1h30m") << qint64(5'400'000'000'000) << u"1h30m0s"_s;
        QTest::newRow("nanosecond past minutes") << qint64(480'000'000'001) << u"8m0.000000001s"_s;
        QTest::newRow("negative") << qint64(-1'500'000'000) << u"-1.5s"_s;
        QTest::newRow("negative small") << qint64(-7) << u"-7ns"_s;
        QTest::newRow("maximum") << std::numeric_limits<qint64>::max() << u"2562047h47m16.854775807s"_s;
        QTest::newRow("minimum") << std::numeric_limits<qint64>::min() << u"-2562047h47m16.854775808s"_s;
    }

    void formats()
    {
        QFETCH(qint64, nanoseconds);
        QFETCH(QString, text);
        QCOMPARE(formatGoDuration(std::chrono::nanoseconds(nanoseconds)), text);
        // What Go prints, Go reads back.
        const auto reparsed = parseGoDuration(text);
        QVERIFY2(reparsed.ok(), qPrintable(reparsed.errorMessage()));
        QCOMPARE(reparsed->count(), nanoseconds);
    }

    void formatsMilliseconds()
    {
        QCOMPARE(formatGoDuration(std::chrono::milliseconds(30'000)), u"30s"_s);
        QCOMPARE(formatGoDuration(2min), u"2m0s"_s);
    }
};

QTEST_GUILESS_MAIN(GoDurationTest)
#include "tst_goduration.moc"

#include "config/quantity.h"
#include "support/goquote.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using locust::config::Quantity;

namespace {

Quantity parsed(const QString &text)
{
    const locust::Result<Quantity> quantity = Quantity::parse(text);
    if (!quantity)
        qWarning("unexpected parse error: %s", qPrintable(quantity.errorMessage()));
    return quantity ? *quantity : Quantity();
}

const QString suffixHelp =
    u"valid suffixes: n u m k M G T P E Ki Mi Gi Ti Pi Ei, or an exponent such as e3"_s;

} // namespace

class QuantityTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void canonical_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("canonical");

        // The operator's defaults and the spec's examples (controller.md §4.6).
        QTest::newRow("250m") << u"250m"_s << u"250m"_s;
        QTest::newRow("128Mi") << u"128Mi"_s << u"128Mi"_s;
        QTest::newRow("30M") << u"30M"_s << u"30M"_s;
        QTest::newRow("1000m") << u"1000m"_s << u"1"_s;
        QTest::newRow("1024Mi") << u"1024Mi"_s << u"1Gi"_s;
        QTest::newRow("50M") << u"50M"_s << u"50M"_s;
        QTest::newRow("2000m") << u"2000m"_s << u"2"_s;
        QTest::newRow("500m") << u"500m"_s << u"500m"_s;

        // From the brief, checked against the algorithm of apimachinery's CanonicalizeBytes.
        QTest::newRow("0.5") << u"0.5"_s << u"500m"_s;
        QTest::newRow("1.5Gi") << u"1.5Gi"_s << u"1536Mi"_s;
        QTest::newRow("1.5Ki below 1024 divisions") << u"1.5Ki"_s << u"1536"_s;
        QTest::newRow("0.5Ki below 1Ki") << u"0.5Ki"_s << u"512"_s;
        QTest::newRow("2048Ki") << u"2048Ki"_s << u"2Mi"_s;
        QTest::newRow("1e3") << u"1e3"_s << u"1e3"_s;
        QTest::newRow("1500") << u"1500"_s << u"1500"_s;
        QTest::newRow("1k") << u"1k"_s << u"1k"_s;
        QTest::newRow("1000") << u"1000"_s << u"1k"_s;
        QTest::newRow("0") << u"0"_s << u"0"_s;
        QTest::newRow("0.0") << u"0.0"_s << u"0"_s;
        QTest::newRow("-1") << u"-1"_s << u"-1"_s;
        QTest::newRow("+1") << u"+1"_s << u"1"_s;
        QTest::newRow("1M") << u"1M"_s << u"1M"_s;
        QTest::newRow("1000k") << u"1000k"_s << u"1M"_s;
        QTest::newRow("0.1n rounds up") << u"0.1n"_s << u"1n"_s;
        QTest::newRow("100u") << u"100u"_s << u"100u"_s;
        QTest::newRow("1.") << u"1."_s << u"1"_s;
        QTest::newRow(".5") << u".5"_s << u"500m"_s;
        QTest::newRow("12e6") << u"12e6"_s << u"12e6"_s;
        QTest::newRow("lone E is exa") << u"1E"_s << u"1E"_s;
        // 10 * 2^60 is capped at 2^63-1, which is odd, so no division by 1024 is exact: plain digits.
        QTest::newRow("10Ei capped") << u"10Ei"_s << u"9223372036854775807"_s;

        // Decimal exponents: the mantissa grows until the exponent is a multiple of 3, and an
        // exponent of 0 prints nothing.
        QTest::newRow("1000e0") << u"1000e0"_s << u"1e3"_s;
        QTest::newRow("1e1") << u"1e1"_s << u"10"_s;
        QTest::newRow("1e-1") << u"1e-1"_s << u"100e-3"_s;
        QTest::newRow("1.5e3") << u"1.5e3"_s << u"1500"_s;
        QTest::newRow("1e+3") << u"1e+3"_s << u"1e3"_s;
        QTest::newRow("E with digits is an exponent") << u"1E3"_s << u"1e3"_s;
        QTest::newRow("1e-9") << u"1e-9"_s << u"1e-9"_s;
        QTest::newRow("1e-10 rounds up to 1n") << u"1e-10"_s << u"1e-9"_s;
        // 1000 is not a multiple of 3, so the mantissa takes one zero.
        QTest::newRow("1e1000 largest exponent") << u"1e1000"_s << u"10e999"_s;
        QTest::newRow("1e999") << u"1e999"_s << u"1e999"_s;
        QTest::newRow("1e-1000 smallest exponent") << u"1e-1000"_s << u"1e-9"_s;

        // Decimal SI.
        QTest::newRow("leading zeros") << u"001"_s << u"1"_s;
        QTest::newRow("trailing fraction zeros") << u"1.500"_s << u"1500m"_s;
        QTest::newRow("0.001m") << u"0.001m"_s << u"1u"_s;
        QTest::newRow("1024 decimal") << u"1024"_s << u"1024"_s;
        QTest::newRow("-0") << u"-0"_s << u"0"_s;
        QTest::newRow("0Mi") << u"0Mi"_s << u"0"_s;
        QTest::newRow("-1.5") << u"-1.5"_s << u"-1500m"_s;
        QTest::newRow("decimal not capped")
            << u"12345678901234567890123"_s << u"12345678901234567890123"_s;
        QTest::newRow("2^63 decimal not capped") << u"9223372036854775808"_s << u"9223372036854775808"_s;
        // Past E (10^18) there is no SI suffix; the mantissa keeps the value. (The Go releases we know
        // of drop the exponent here and print "1"; the newest apimachinery prints "1e21". The brief
        // asks for "1000E", which keeps both the value and the DecimalSI style.)
        QTest::newRow("1000E") << u"1000E"_s << u"1000E"_s;
        QTest::newRow("1000000E") << u"1000000E"_s << u"1000000E"_s;

        // Binary SI.
        QTest::newRow("1Ki") << u"1Ki"_s << u"1Ki"_s;
        QTest::newRow("1023Ki") << u"1023Ki"_s << u"1023Ki"_s;
        QTest::newRow("1048576Ki") << u"1048576Ki"_s << u"1Gi"_s;
        QTest::newRow("7Ei") << u"7Ei"_s << u"7Ei"_s;
        QTest::newRow("1024Ei capped") << u"1024Ei"_s << u"9223372036854775807"_s;
        QTest::newRow("-1Ki") << u"-1Ki"_s << u"-1Ki"_s;
        QTest::newRow("-1.5Gi") << u"-1.5Gi"_s << u"-1536Mi"_s;
        // Go caps the magnitude, so negative binary values are capped at -(2^63-1).
        QTest::newRow("-10Ei capped") << u"-10Ei"_s << u"-9223372036854775807"_s;
        // 102.4 is below 1024: printed as DecimalSI.
        QTest::newRow("0.1Ki") << u"0.1Ki"_s << u"102400m"_s;
        // 1024.1024 is not an integer: printed as DecimalSI rather than rounded.
        QTest::newRow("1.0001Ki") << u"1.0001Ki"_s << u"1024102400u"_s;

        // Rounding to 1n, away from zero.
        QTest::newRow("1.0000000001") << u"1.0000000001"_s << u"1000000001n"_s;
        QTest::newRow("0.0000000001") << u"0.0000000001"_s << u"1n"_s;
        QTest::newRow("-0.1n") << u"-0.1n"_s << u"-1n"_s;
        QTest::newRow("1.5n") << u"1.5n"_s << u"2n"_s;
        QTest::newRow("carry") << u"1.9999999999"_s << u"2"_s;
        // 10^-12 * 1024 = 1.024n: rounded up to 2n, and DecimalSI since it is below 1.
        QTest::newRow("small binary") << u"0.000000000001Ki"_s << u"2n"_s;
        QTest::newRow("tiny binary") << u"0.000000000000001Ki"_s << u"1n"_s;
    }
    void canonical()
    {
        QFETCH(QString, text);
        QFETCH(QString, canonical);
        const locust::Result<Quantity> quantity = Quantity::parse(text);
        QVERIFY2(quantity.ok(), qPrintable(quantity.ok() ? QString() : quantity.errorMessage()));
        QCOMPARE(quantity->toString(), canonical);
        QCOMPARE(quantity->toJson(), QJsonValue(canonical));
        // The canonical form is a fixed point with the same value.
        const locust::Result<Quantity> again = Quantity::parse(canonical);
        QVERIFY(again.ok());
        QCOMPARE(again->toString(), canonical);
        QCOMPARE(again->compare(*quantity), 0);
    }

    void invalid_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("reason");
        QTest::newRow("empty") << QString() << u"it is empty"_s;
        QTest::newRow("minus") << u"-"_s << u"the number is missing"_s;
        QTest::newRow("plus") << u"+"_s << u"the number is missing"_s;
        QTest::newRow("dot") << u"."_s << u"the number is missing"_s;
        QTest::newRow("suffix only") << u"Mi"_s << u"the number is missing"_s;
        QTest::newRow("sign and suffix") << u"-Ki"_s << u"the number is missing"_s;
        QTest::newRow("1x") << u"1x"_s << u"unknown suffix \"x\" ("_s + suffixHelp + u")"_s;
        QTest::newRow("1000x") << u"1000x"_s << u"unknown suffix \"x\" ("_s + suffixHelp + u")"_s;
        QTest::newRow("upper K") << u"1K"_s << u"unknown suffix \"K\" ("_s + suffixHelp + u")"_s;
        QTest::newRow("lower ki") << u"1ki"_s << u"unknown suffix \"ki\" ("_s + suffixHelp + u")"_s;
        QTest::newRow("mi") << u"1mi"_s << u"unknown suffix \"mi\" ("_s + suffixHelp + u")"_s;
        QTest::newRow("two suffixes") << u"1e3Mi"_s << u"unknown suffix \"e3Mi\" ("_s + suffixHelp + u")"_s;
        QTest::newRow("ee") << u"1ee3"_s << u"unknown suffix \"ee3\" ("_s + suffixHelp + u")"_s;
        QTest::newRow("comma") << u"1,5"_s << u"unknown suffix \",5\" ("_s + suffixHelp + u")"_s;
        QTest::newRow("hex") << u"0x10"_s << u"unknown suffix \"x10\" ("_s + suffixHelp + u")"_s;
        QTest::newRow("underscore") << u"1_000"_s << u"unknown suffix \"_000\" ("_s + suffixHelp + u")"_s;
        QTest::newRow("double sign") << u"--1"_s << u"the number is missing"_s;
        QTest::newRow("mixed signs") << u"+-1"_s << u"the number is missing"_s;
        QTest::newRow("space inside") << u"1 Gi"_s << u"it contains whitespace"_s;
        QTest::newRow("leading space") << u" 1"_s << u"it contains whitespace"_s;
        QTest::newRow("trailing space") << u"1Gi "_s << u"it contains whitespace"_s;
        QTest::newRow("newline") << u"1\n"_s << u"it contains whitespace"_s;
        QTest::newRow("two points") << u"1.5.5"_s << u"it has more than one decimal point"_s;
        QTest::newRow("1..") << u"1.."_s << u"it has more than one decimal point"_s;
        QTest::newRow("lone e")
            << u"1e"_s << u"the exponent \"e\" has no digits (write it like e3 or e-3)"_s;
        QTest::newRow("e and sign")
            << u"1e+"_s << u"the exponent \"e+\" has no digits (write it like e3 or e-3)"_s;
        QTest::newRow("fractional exponent") << u"1e1.5"_s << u"the exponent must be a whole number"_s;
        QTest::newRow("exponent too large") << u"1e1001"_s
                                            << u"the exponent is out of range (at most 1000 in magnitude)"_s;
        QTest::newRow("exponent too small") << u"1e-1001"_s
                                            << u"the exponent is out of range (at most 1000 in magnitude)"_s;
        QTest::newRow("huge exponent") << u"1e99999999999999999999999"_s
                                       << u"the exponent is out of range (at most 1000 in magnitude)"_s;
        QTest::newRow("arabic digit") << u"\u0661"_s << u"the number is missing"_s;
        QTest::newRow("nan") << u"NaN"_s << u"the number is missing"_s;
    }
    void invalid()
    {
        QFETCH(QString, text);
        QFETCH(QString, reason);
        const locust::Result<Quantity> quantity = Quantity::parse(text);
        QVERIFY(!quantity.ok());
        QCOMPARE(quantity.errorMessage(),
                 locust::goQuote(text) + u" is not a valid Kubernetes quantity: "_s + reason);
    }

    void errorMessageIsReadable()
    {
        const locust::Result<Quantity> quantity = Quantity::parse(u"1000x"_s);
        QVERIFY(!quantity.ok());
        QCOMPARE(quantity.errorMessage(),
                 u"\"1000x\" is not a valid Kubernetes quantity: unknown suffix \"x\" (valid suffixes: "
                 "n u m k M G T P E Ki Mi Gi Ti Pi Ei, or an exponent such as e3)"_s);
        QCOMPARE(Quantity::parse(u"1\t"_s).errorMessage(),
                 u"\"1\\t\" is not a valid Kubernetes quantity: it contains whitespace"_s);
    }

    void format_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<Quantity::Format>("format");
        QTest::newRow("plain") << u"1"_s << Quantity::Format::DecimalSI;
        QTest::newRow("milli") << u"1m"_s << Quantity::Format::DecimalSI;
        QTest::newRow("exa") << u"1E"_s << Quantity::Format::DecimalSI;
        QTest::newRow("Ki") << u"1Ki"_s << Quantity::Format::BinarySI;
        QTest::newRow("0.5Ki is 512") << u"0.5Ki"_s << Quantity::Format::BinarySI;
        QTest::newRow("zero Ki") << u"0Ki"_s << Quantity::Format::BinarySI;
        // Go turns a BinarySI value whose magnitude is below 1 into DecimalSI.
        QTest::newRow("below one") << u"0.0001Ki"_s << Quantity::Format::DecimalSI;
        QTest::newRow("negative below one") << u"-0.0001Ki"_s << Quantity::Format::DecimalSI;
        QTest::newRow("exponent") << u"1e3"_s << Quantity::Format::DecimalExponent;
        QTest::newRow("exponent zero") << u"5e0"_s << Quantity::Format::DecimalExponent;
    }
    void format()
    {
        QFETCH(QString, text);
        QFETCH(Quantity::Format, format);
        const locust::Result<Quantity> quantity = Quantity::parse(text);
        QVERIFY(quantity.ok());
        QCOMPARE(quantity->format(), format);
    }

    void defaultIsZero()
    {
        const Quantity zero;
        QVERIFY(zero.isZero());
        QVERIFY(!zero.isNegative());
        QCOMPARE(zero.toString(), u"0"_s);
        QCOMPARE(zero.format(), Quantity::Format::DecimalSI);
        QCOMPARE(zero.compare(parsed(u"0"_s)), 0);
    }

    void signs_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("zero");
        QTest::addColumn<bool>("negative");
        QTest::newRow("0") << u"0"_s << true << false;
        QTest::newRow("-0") << u"-0"_s << true << false;
        QTest::newRow("-0.0Mi") << u"-0.0Mi"_s << true << false;
        QTest::newRow("1") << u"1"_s << false << false;
        QTest::newRow("-1m") << u"-1m"_s << false << true;
        QTest::newRow("0.1n is not zero") << u"0.1n"_s << false << false;
        QTest::newRow("-0.1n is negative") << u"-0.1n"_s << false << true;
    }
    void signs()
    {
        QFETCH(QString, text);
        QFETCH(bool, zero);
        QFETCH(bool, negative);
        const Quantity quantity = parsed(text);
        QCOMPARE(quantity.isZero(), zero);
        QCOMPARE(quantity.isNegative(), negative);
    }

    void compare_data()
    {
        QTest::addColumn<QString>("left");
        QTest::addColumn<QString>("right");
        QTest::addColumn<int>("expected");
        QTest::newRow("1 == 1000m") << u"1"_s << u"1000m"_s << 0;
        QTest::newRow("1Ki == 1024") << u"1Ki"_s << u"1024"_s << 0;
        QTest::newRow("1e3 == 1k") << u"1e3"_s << u"1k"_s << 0;
        QTest::newRow("1024Mi == 1Gi") << u"1024Mi"_s << u"1Gi"_s << 0;
        QTest::newRow("0 == -0") << u"0"_s << u"-0"_s << 0;
        QTest::newRow("0 == 0Mi") << u"0"_s << u"0Mi"_s << 0;
        QTest::newRow("capped == 2^63-1") << u"100Ei"_s << u"9223372036854775807"_s << 0;
        QTest::newRow("1Gi > 1G") << u"1Gi"_s << u"1G"_s << 1;
        QTest::newRow("1k < 1Ki") << u"1k"_s << u"1Ki"_s << -1;
        QTest::newRow("999m < 1") << u"999m"_s << u"1"_s << -1;
        QTest::newRow("1001m > 1") << u"1001m"_s << u"1"_s << 1;
        QTest::newRow("same lead, longer") << u"1.0000000001"_s << u"1"_s << 1;
        QTest::newRow("9 < 10") << u"9"_s << u"10"_s << -1;
        QTest::newRow("2 > 10m") << u"2"_s << u"10m"_s << 1;
        QTest::newRow("-1 < 0") << u"-1"_s << u"0"_s << -1;
        QTest::newRow("0 > -1n") << u"0"_s << u"-1n"_s << 1;
        QTest::newRow("-2 < -1") << u"-2"_s << u"-1"_s << -1;
        QTest::newRow("-1Gi < -1G") << u"-1Gi"_s << u"-1G"_s << -1;
        QTest::newRow("-1 < 1m") << u"-1"_s << u"1m"_s << -1;
        QTest::newRow("1e30 > 999999E") << u"1e30"_s << u"999999E"_s << 1;
        QTest::newRow("huge decimal > capped binary") << u"10E"_s << u"10Ei"_s << 1;
    }
    void compare()
    {
        QFETCH(QString, left);
        QFETCH(QString, right);
        QFETCH(int, expected);
        const Quantity a = parsed(left);
        const Quantity b = parsed(right);
        QCOMPARE(a.compare(b), expected);
        QCOMPARE(b.compare(a), -expected);
        QCOMPARE(a == b, expected == 0);
        QCOMPARE(a < b, expected < 0);
        QCOMPARE(b < a, expected > 0);
    }

    void fromJsonString()
    {
        const locust::Result<Quantity> quantity = Quantity::fromJson(QJsonValue(u"1024Mi"_s));
        QVERIFY(quantity.ok());
        QCOMPARE(quantity->toString(), u"1Gi"_s);

        const locust::Result<Quantity> bad = Quantity::fromJson(QJsonValue(u"1000x"_s));
        QVERIFY(!bad.ok());
        QVERIFY(bad.errorMessage().startsWith(
            u"\"1000x\" is not a valid Kubernetes quantity: unknown suffix"_s));

        // Go trims spaces around a JSON string; we do not (the API server only ever sends
        // canonical forms, so this only affects hand-written input).
        QVERIFY(!Quantity::fromJson(QJsonValue(u" 1"_s)).ok());
    }

    void fromJsonNumber_data()
    {
        QTest::addColumn<QJsonValue>("json");
        QTest::addColumn<QString>("canonical");
        QTest::newRow("1") << QJsonValue(1) << u"1"_s;
        QTest::newRow("0") << QJsonValue(0) << u"0"_s;
        QTest::newRow("-2") << QJsonValue(-2) << u"-2"_s;
        QTest::newRow("1000") << QJsonValue(1000) << u"1k"_s;
        QTest::newRow("1.0 as double") << QJsonValue(1.0) << u"1"_s;
        QTest::newRow("0.25") << QJsonValue(0.25) << u"250m"_s;
        QTest::newRow("1.5") << QJsonValue(1.5) << u"1500m"_s;
        QTest::newRow("0.1") << QJsonValue(0.1) << u"100m"_s;
        // Beyond 2^53 a double would round; the integer is kept exactly.
        QTest::newRow("2^53+1") << QJsonValue(qint64(9007199254740993)) << u"9007199254740993"_s;
        // A double beyond int64 is printed by Qt as "1e+20", so the quantity is in exponent form.
        // Go would read the JSON text 100000000000000000000 and print "100E": same value, other
        // form (a JSON number has lost its spelling by the time Qt hands it over).
        QTest::newRow("1e20") << QJsonValue(1e20) << u"100e18"_s;
        QTest::newRow("1e-7") << QJsonValue(1e-7) << u"100e-9"_s;
    }
    void fromJsonNumber()
    {
        QFETCH(QJsonValue, json);
        QFETCH(QString, canonical);
        const locust::Result<Quantity> quantity = Quantity::fromJson(json);
        QVERIFY2(quantity.ok(), qPrintable(quantity.ok() ? QString() : quantity.errorMessage()));
        QCOMPARE(quantity->toString(), canonical);
    }

    void fromJsonDocument()
    {
        // Numbers as the JSON parser produces them. Go keeps the text "1e3" (DecimalExponent);
        // QJsonDocument has already turned it into the number 1000, so we print "1k", the same value.
        const QJsonArray array = QJsonDocument::fromJson("[1, 0.25, 1e3, \"250m\"]").array();
        QCOMPARE(array.size(), 4);
        QStringList canonical;
        for (const QJsonValue &value : array) {
            const locust::Result<Quantity> quantity = Quantity::fromJson(value);
            QVERIFY(quantity.ok());
            canonical << quantity->toString();
        }
        QCOMPARE(canonical, (QStringList{u"1"_s, u"250m"_s, u"1k"_s, u"250m"_s}));
    }

    void fromJsonOtherTypes_data()
    {
        QTest::addColumn<QJsonValue>("json");
        QTest::addColumn<QString>("message");
        const QString prefix = u"a Kubernetes quantity must be a string or a number, not "_s;
        QTest::newRow("bool") << QJsonValue(true) << prefix + u"a boolean"_s;
        QTest::newRow("object") << QJsonValue(QJsonObject{{u"cpu"_s, 1}}) << prefix + u"an object"_s;
        QTest::newRow("array") << QJsonValue(QJsonArray{1}) << prefix + u"an array"_s;
        QTest::newRow("null") << QJsonValue(QJsonValue::Null) << prefix + u"null"_s;
        QTest::newRow("undefined") << QJsonValue(QJsonValue::Undefined) << prefix + u"undefined"_s;
    }
    void fromJsonOtherTypes()
    {
        QFETCH(QJsonValue, json);
        QFETCH(QString, message);
        const locust::Result<Quantity> quantity = Quantity::fromJson(json);
        QVERIFY(!quantity.ok());
        QCOMPARE(quantity.errorMessage(), message);
    }

    void fromJsonNonFinite()
    {
        // JSON cannot carry these, but a QJsonValue built in code can.
        const locust::Result<Quantity> quantity = Quantity::fromJson(QJsonValue(qInf()));
        QVERIFY(!quantity.ok());
        QCOMPARE(quantity.errorMessage(), u"a Kubernetes quantity must be a finite number"_s);
    }
};

QTEST_GUILESS_MAIN(QuantityTest)
#include "tst_quantity.moc"

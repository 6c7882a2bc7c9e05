#include "serialization/yamlreader.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <limits>

using namespace Qt::StringLiterals;
using locust::serialization::YamlDocument;
using locust::serialization::YamlReader;

namespace QTest {
// Lets QCOMPARE print JSON values when they differ.
template<>
inline char *toString(const QJsonValue &value)
{
    const QByteArray text = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return qstrdup(text.mid(1, text.size() - 2).constData());
}
} // namespace QTest

namespace {

// The value of key "v" in a one-document stream, or an invalid value with the error in `error`.
QJsonValue readValue(const QByteArray &yaml, QString *error = nullptr)
{
    const auto result = YamlReader::readAll(yaml);
    if (!result) {
        if (error)
            *error = result.errorMessage();
        return QJsonValue(QJsonValue::Undefined);
    }
    if (result->size() != 1)
        return QJsonValue(u"<%1 documents>"_s.arg(result->size()));
    return result->first().value.toObject().value(u"v"_s);
}

QString readError(const QByteArray &yaml)
{
    const auto result = YamlReader::readAll(yaml);
    return result ? u"<no error>"_s : result.errorMessage();
}

QByteArray nested(int depth, const QByteArray &open, const QByteArray &close)
{
    return open.repeated(depth) + close.repeated(depth);
}

QByteArray nestedBlockMapping(int depth)
{
    QByteArray text;
    for (int i = 0; i < depth; ++i)
        text += QByteArray(i * 2, ' ') + "a:\n";
    return text;
}

QByteArray nestedBlockSequence(int depth)
{
    QByteArray text;
    for (int i = 0; i < depth; ++i)
        text += QByteArray(i * 2, ' ') + "-\n";
    return text;
}

} // namespace

class YamlReaderTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void plainScalars_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QJsonValue>("expected");
        const QJsonValue null(QJsonValue::Null);
        const auto integer = [](qint64 v) { return QJsonValue(v); };

        QTest::newRow("empty is null") << ""_ba << null;
        for (const char *word : {"~", "null", "Null", "NULL"})
            QTest::addRow("null %s", word) << QByteArray(word) << null;
        QTest::newRow("nULL is a string") << "nULL"_ba << QJsonValue(u"nULL"_s);

        for (const char *word : {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"})
            QTest::addRow("true %s", word) << QByteArray(word) << QJsonValue(true);
        for (const char *word : {"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"})
            QTest::addRow("false %s", word) << QByteArray(word) << QJsonValue(false);
        QTest::newRow("yEs is a string") << "yEs"_ba << QJsonValue(u"yEs"_s);
        QTest::newRow("yes! is a string") << "yes!"_ba << QJsonValue(u"yes!"_s);

        QTest::newRow("zero") << "0"_ba << integer(0);
        QTest::newRow("decimal") << "12"_ba << integer(12);
        QTest::newRow("negative") << "-12"_ba << integer(-12);
        QTest::newRow("plus sign") << "+12"_ba << integer(12);
        QTest::newRow("leading zero is octal") << "012"_ba << integer(10);
        QTest::newRow("negative octal") << "-012"_ba << integer(-10);
        QTest::newRow("0o octal") << "0o12"_ba << integer(10);
        QTest::newRow("0O octal") << "0O12"_ba << integer(10);
        QTest::newRow("hex") << "0x1F"_ba << integer(31);
        QTest::newRow("hex upper prefix") << "0X1f"_ba << integer(31);
        QTest::newRow("negative hex") << "-0x10"_ba << integer(-16);
        QTest::newRow("binary") << "0b101"_ba << integer(5);
        QTest::newRow("binary upper prefix") << "0B101"_ba << integer(5);
        QTest::newRow("negative binary") << "-0b11"_ba << integer(-3);
        QTest::newRow("underscores") << "1_000_000"_ba << integer(1000000);
        QTest::newRow("underscore after hex prefix") << "0x_FF"_ba << integer(255);
        QTest::newRow("double underscore") << "1__0"_ba << integer(10);
        QTest::newRow("trailing underscore") << "1_"_ba << integer(1);
        QTest::newRow("int64 max exact") << "9223372036854775807"_ba
                                         << integer(std::numeric_limits<qint64>::max());
        QTest::newRow("int64 min exact") << "-9223372036854775808"_ba
                                         << integer(std::numeric_limits<qint64>::min());
        QTest::newRow("above int64 via uint64")
            << "9223372036854775808"_ba << QJsonValue(9223372036854775808.0);
        QTest::newRow("uint64 max") << "18446744073709551615"_ba << QJsonValue(18446744073709551615.0);
        QTest::newRow("uint64 max hex") << "0xFFFFFFFFFFFFFFFF"_ba << QJsonValue(18446744073709551615.0);
        QTest::newRow("above uint64 is a float")
            << "18446744073709551616"_ba << QJsonValue(1.8446744073709552e19);
        QTest::newRow("signed above int64 is a float") << "+18446744073709551615"_ba
                                                       << QJsonValue(1.8446744073709552e19);
        QTest::newRow("hex above uint64 is a string") << "0x10000000000000000"_ba
                                                      << QJsonValue(u"0x10000000000000000"_s);
        QTest::newRow("leading underscore is a string") << "_1"_ba << QJsonValue(u"_1"_s);
        QTest::newRow("bare 0x is a string") << "0x"_ba << QJsonValue(u"0x"_s);
        QTest::newRow("bare 0b is a string") << "0b"_ba << QJsonValue(u"0b"_s);
        QTest::newRow("bad binary digit") << "0b102"_ba << QJsonValue(u"0b102"_s);
        QTest::newRow("bad octal digit") << "0o8"_ba << QJsonValue(u"0o8"_s);
        QTest::newRow("sign alone") << "-a"_ba << QJsonValue(u"-a"_s);
        QTest::newRow("sexagesimal is a string") << "12:30"_ba << QJsonValue(u"12:30"_s);

        QTest::newRow("float") << "1.5"_ba << QJsonValue(1.5);
        QTest::newRow("negative float") << "-1.5"_ba << QJsonValue(-1.5);
        QTest::newRow("trailing zero") << "1.10"_ba << QJsonValue(1.1);
        QTest::newRow("leading dot") << ".5"_ba << QJsonValue(0.5);
        QTest::newRow("signed leading dot") << "+.5"_ba << QJsonValue(0.5);
        QTest::newRow("trailing dot") << "1."_ba << QJsonValue(1.0);
        QTest::newRow("08 is not octal but a float") << "08"_ba << QJsonValue(8.0);
        QTest::newRow("09.5") << "09.5"_ba << QJsonValue(9.5);
        QTest::newRow("exponent") << "1e3"_ba << QJsonValue(1000.0);
        QTest::newRow("upper exponent") << "1E3"_ba << QJsonValue(1000.0);
        QTest::newRow("signed exponent") << "-1.5e-3"_ba << QJsonValue(-0.0015);
        QTest::newRow("plus exponent") << "6.02e+23"_ba << QJsonValue(6.02e23);
        QTest::newRow("float underscores") << "1_000.5"_ba << QJsonValue(1000.5);
        QTest::newRow("dot float exponent") << ".5e3"_ba << QJsonValue(500.0);
        QTest::newRow("dot float underscore") << ".5_0"_ba << QJsonValue(0.5);
        QTest::newRow("dot underscore is a string") << "._5"_ba << QJsonValue(u"._5"_s);
        QTest::newRow("dot alone") << "."_ba << QJsonValue(u"."_s);
        QTest::newRow("overflow stays text") << "1e400"_ba << QJsonValue(u"1e400"_s);
        QTest::newRow("underflow is zero") << "1e-400"_ba << QJsonValue(0.0);
        QTest::newRow("smallest denormal") << "5e-324"_ba << QJsonValue(5e-324);
        QTest::newRow("exponent without digits") << "1e"_ba << QJsonValue(u"1e"_s);
        QTest::newRow("version number") << "1.2.3"_ba << QJsonValue(u"1.2.3"_s);
        QTest::newRow("hex float is a string") << "0x1p3"_ba << QJsonValue(u"0x1p3"_s);
        QTest::newRow("Go inf word is a string") << "Infinity"_ba << QJsonValue(u"Infinity"_s);

        QTest::newRow("date") << "2001-12-14"_ba << QJsonValue(u"2001-12-14"_s);
        QTest::newRow("timestamp") << "2001-12-14T21:59:43.10-05:00"_ba
                                   << QJsonValue(u"2001-12-14T21:59:43.10-05:00"_s);
        QTest::newRow("spaced timestamp") << "2001-12-14 21:59:43.10 -5"_ba
                                          << QJsonValue(u"2001-12-14 21:59:43.10 -5"_s);

        QTest::newRow("word") << "locust"_ba << QJsonValue(u"locust"_s);
        QTest::newRow("quantity") << "250m"_ba << QJsonValue(u"250m"_s);
        QTest::newRow("merge word as value") << "<<"_ba << QJsonValue(u"<<"_s);
        QTest::newRow("unicode") << "caf\xc3\xa9"_ba << QJsonValue(u"caf\u00e9"_s);
    }
    void plainScalars()
    {
        QFETCH(QByteArray, text);
        QFETCH(QJsonValue, expected);
        QString error;
        const QJsonValue actual = readValue("v: " + text + "\n", &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(actual, expected);
        // Also in flow style, where yaml-cpp scans scalars differently ("[]" is no [null], though).
        if (text.isEmpty())
            return;
        const auto inFlow = YamlReader::readAll("[" + text + "]");
        QVERIFY2(inFlow.ok(), qPrintable(inFlow.ok() ? QString() : inFlow.errorMessage()));
        QCOMPARE(inFlow->first().value.toArray().at(0), expected);
    }

    void integersStayExact()
    {
        // Above 2^53 a double would round; the reader keeps qint64 values exact.
        const QJsonValue value = readValue("v: 9007199254740993\n");
        QCOMPARE(value.toInteger(), Q_INT64_C(9007199254740993));
    }

    void nonPlainScalars_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QJsonValue>("expected");
        QTest::newRow("single quoted true") << "'true'"_ba << QJsonValue(u"true"_s);
        QTest::newRow("double quoted number") << "\"1\""_ba << QJsonValue(u"1"_s);
        QTest::newRow("quoted null") << "'null'"_ba << QJsonValue(u"null"_s);
        QTest::newRow("quoted empty") << "\"\""_ba << QJsonValue(u""_s);
        QTest::newRow("quoted hex") << "'0x10'"_ba << QJsonValue(u"0x10"_s);
        QTest::newRow("escapes") << "\"a\\tb\\n\\u00e9\""_ba << QJsonValue(u"a\tb\n\u00e9"_s);
        QTest::newRow("NUL escape") << "\"a\\u0000b\""_ba << QJsonValue(u"a\0b"_s);
        QTest::newRow("literal block") << "|\n  12\n  yes\n"_ba << QJsonValue(u"12\nyes\n"_s);
        QTest::newRow("folded block") << ">-\n  a\n  b\n"_ba << QJsonValue(u"a b"_s);

        QTest::newRow("!!str int") << "!!str 1"_ba << QJsonValue(u"1"_s);
        QTest::newRow("!!str bool") << "!!str true"_ba << QJsonValue(u"true"_s);
        QTest::newRow("!!str empty") << "!!str"_ba << QJsonValue(u""_s);
        QTest::newRow("!!str null word") << "!!str null"_ba << QJsonValue(u"null"_s);
        QTest::newRow("verbatim str tag") << "!<tag:yaml.org,2002:str> 1"_ba << QJsonValue(u"1"_s);
        QTest::newRow("!!int quoted") << "!!int \"12\""_ba << QJsonValue(qint64(12));
        QTest::newRow("!!int hex") << "!!int 0x10"_ba << QJsonValue(qint64(16));
        QTest::newRow("!!float int") << "!!float 1"_ba << QJsonValue(1.0);
        QTest::newRow("!!float quoted") << "!!float '1.5'"_ba << QJsonValue(1.5);
        QTest::newRow("!!bool yes") << "!!bool yes"_ba << QJsonValue(true);
        QTest::newRow("!!bool quoted") << "!!bool 'false'"_ba << QJsonValue(false);
        QTest::newRow("!!null tilde") << "!!null ~"_ba << QJsonValue(QJsonValue::Null);
        QTest::newRow("!!null empty") << "!!null"_ba << QJsonValue(QJsonValue::Null);
        QTest::newRow("non-specific tag") << "! 12"_ba << QJsonValue(u"12"_s);
        QTest::newRow("application tag") << "!custom 12"_ba << QJsonValue(u"12"_s);
        QTest::newRow("!!timestamp") << "!!timestamp 2001-12-14"_ba << QJsonValue(u"2001-12-14"_s);
        QTest::newRow("!!binary stays text") << "!!binary aGk="_ba << QJsonValue(u"aGk="_s);
        QTest::newRow("tag on a mapping is ignored")
            << "!thing {a: 1}"_ba << QJsonValue(QJsonObject{{u"a"_s, 1}});
        QTest::newRow("tag on a sequence is ignored") << "!!seq [1]"_ba << QJsonValue(QJsonArray{1});
    }
    void nonPlainScalars()
    {
        QFETCH(QByteArray, text);
        QFETCH(QJsonValue, expected);
        QString error;
        const QJsonValue actual = readValue("v: " + text + "\n", &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(actual, expected);
    }

    void scalarErrors_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("expectedError");
        QTest::newRow(".inf") << ".inf"_ba << u"line 2, column 4: .inf cannot be represented in JSON"_s;
        QTest::newRow(".Inf") << ".Inf"_ba << u"line 2, column 4: .Inf cannot be represented in JSON"_s;
        QTest::newRow("-.INF") << "-.INF"_ba << u"line 2, column 4: -.INF cannot be represented in JSON"_s;
        QTest::newRow("+.inf") << "+.inf"_ba << u"line 2, column 4: +.inf cannot be represented in JSON"_s;
        QTest::newRow(".nan") << ".nan"_ba << u"line 2, column 4: .nan cannot be represented in JSON"_s;
        QTest::newRow(".NaN") << ".NaN"_ba << u"line 2, column 4: .NaN cannot be represented in JSON"_s;
        QTest::newRow("!!float .inf") << "!!float .inf"_ba
                                      << u"line 2, column 4: .inf cannot be represented in JSON"_s;
        QTest::newRow("!!int word") << "!!int abc"_ba
                                    << u"line 2, column 4: cannot decode \"abc\" as !!int"_s;
        QTest::newRow("!!int float") << "!!int 1.5"_ba
                                     << u"line 2, column 4: cannot decode \"1.5\" as !!int"_s;
        QTest::newRow("!!int empty") << "!!int"_ba << u"line 2, column 4: cannot decode \"\" as !!int"_s;
        QTest::newRow("!!bool number")
            << "!!bool 1"_ba << u"line 2, column 4: cannot decode \"1\" as !!bool"_s;
        QTest::newRow("!!null word") << "!!null x"_ba
                                     << u"line 2, column 4: cannot decode \"x\" as !!null"_s;
        QTest::newRow("!!float word") << "!!float abc"_ba
                                      << u"line 2, column 4: cannot decode \"abc\" as !!float"_s;
    }
    void scalarErrors()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, expectedError);
        QCOMPARE(readError("ok: 1\nv: " + text + "\n"), expectedError);
    }

    void multipleDocuments()
    {
        const QByteArray text = "# leading comment\n"
                                "---\n"
                                "# a document with only a comment\n"
                                "---\n"
                                "kind: First\n"
                                "---\n"
                                "\n"
                                "kind: Second\n"
                                "...\n"
                                "---\n"
                                "~\n"
                                "--- plain text\n"
                                "---\n"
                                "- 1\n"
                                "---\n";
        const auto result = YamlReader::readAll(text);
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.errorMessage()));
        QCOMPARE(result->size(), 4);
        QCOMPARE(result->at(0).value, QJsonValue(QJsonObject{{u"kind"_s, u"First"_s}}));
        QCOMPARE(result->at(0).line, 5);
        QCOMPARE(result->at(1).value, QJsonValue(QJsonObject{{u"kind"_s, u"Second"_s}}));
        QCOMPARE(result->at(1).line, 8);
        QCOMPARE(result->at(2).value, QJsonValue(u"plain text"_s));
        QCOMPARE(result->at(2).line, 12);
        QCOMPARE(result->at(3).value, QJsonValue(QJsonArray{1}));
        QCOMPARE(result->at(3).line, 14);
    }

    void emptyStreams_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("nothing") << QByteArray();
        QTest::newRow("whitespace") << " \n\n"_ba;
        QTest::newRow("comment") << "# nothing here\n"_ba;
        QTest::newRow("separators") << "---\n---\n"_ba;
        QTest::newRow("null document") << "null\n"_ba;
    }
    void emptyStreams()
    {
        QFETCH(QByteArray, text);
        const auto result = YamlReader::readAll(text);
        QVERIFY(result.ok());
        QCOMPARE(result->size(), 0);
    }

    void lineEndingsAndByteOrderMark_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("CRLF") << "a: 1\r\nb: two\r\n"_ba;
        QTest::newRow("CR") << "a: 1\rb: two\r"_ba;
        QTest::newRow("byte order mark") << "\xef\xbb\xbf" "a: 1\nb: two\n"_ba;
        QTest::newRow("JSON with CRLF") << "{\"a\": 1,\r\n \"b\": \"two\"}\r\n"_ba;
    }
    void lineEndingsAndByteOrderMark()
    {
        QFETCH(QByteArray, text);
        const auto result = YamlReader::readAll(text);
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.errorMessage()));
        QCOMPARE(result->size(), 1);
        QCOMPARE(result->first().value, QJsonValue(QJsonObject{{u"a"_s, 1}, {u"b"_s, u"two"_s}}));
    }

    void byteOrderMarkInsideValuesIsKept()
    {
        QCOMPARE(readValue("v: \"\\ufeffx\"\n"), QJsonValue(u"\ufeffx"_s));
        QCOMPARE(readValue("v: \xef\xbb\xbfx\n"), QJsonValue(u"\ufeffx"_s));
    }

    void jsonInput()
    {
        const QByteArray text = "\n\n  {\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\",\n"
                                "   \"data\": {\"yes\": \"no\", \"n\": \"012\"},\n"
                                "   \"list\": [true, null, 1.5, 12345678901234567, \"x\", {}, []]}\n";
        const auto result = YamlReader::readAll(text);
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.errorMessage()));
        QCOMPARE(result->size(), 1);
        QCOMPARE(result->first().line, 3);
        const QJsonObject expected{
            {u"apiVersion"_s, u"v1"_s},
            {u"kind"_s, u"ConfigMap"_s},
            {u"data"_s, QJsonObject{{u"yes"_s, u"no"_s}, {u"n"_s, u"012"_s}}},
            {u"list"_s,
             QJsonArray{true, QJsonValue(QJsonValue::Null), 1.5, Q_INT64_C(12345678901234567), u"x"_s,
                        QJsonObject(), QJsonArray()}},
        };
        QCOMPARE(result->first().value, QJsonValue(expected));
        QCOMPARE(result->first().value[u"list"_s][3].toInteger(), Q_INT64_C(12345678901234567));
    }

    void jsonStreamIsReadAsYaml()
    {
        const auto result = YamlReader::readAll("{\"a\": 1}\n---\n[2]\n");
        QVERIFY(result.ok());
        QCOMPARE(result->size(), 2);
        QCOMPARE(result->at(1).value, QJsonValue(QJsonArray{2}));
        QCOMPARE(result->at(1).line, 3);
    }

    void jsonDuplicateKeyIsAnError()
    {
        QCOMPARE(readError("{\"a\": 1,\n \"b\": {\"c\": 1, \"c\": 2}}"),
                 u"line 2, column 16: duplicate key \"c\""_s);
    }

    void jsonTooDeepIsAnError()
    {
        const QString error = readError(nested(300, "[", "]"));
        QVERIFY2(error.startsWith(u"line 1, column "_s), qPrintable(error));
        QVERIFY2(error.contains(u"nesting is deeper than 256 levels"_s), qPrintable(error));
    }

    void mergeKeys_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QJsonObject>("expected");
        const QByteArray bases = "base: &base {a: 1, b: 2}\n"
                                 "other: &other {b: 3, c: 4}\n";
        QTest::newRow("single") << bases + "v:\n  <<: *base\n  d: 5\n"
                                << QJsonObject{{u"a"_s, 1}, {u"b"_s, 2}, {u"d"_s, 5}};
        QTest::newRow("explicit key wins") << bases + "v:\n  a: 10\n  <<: *base\n"
                                           << QJsonObject{{u"a"_s, 10}, {u"b"_s, 2}};
        QTest::newRow("explicit key wins after merge") << bases + "v:\n  <<: *base\n  a: 10\n"
                                                       << QJsonObject{{u"a"_s, 10}, {u"b"_s, 2}};
        QTest::newRow("list, earlier wins") << bases + "v:\n  <<: [*base, *other]\n"
                                            << QJsonObject{{u"a"_s, 1}, {u"b"_s, 2}, {u"c"_s, 4}};
        QTest::newRow("list, other order") << bases + "v:\n  <<: [*other, *base]\n"
                                           << QJsonObject{{u"a"_s, 1}, {u"b"_s, 3}, {u"c"_s, 4}};
        QTest::newRow("list and explicit") << bases + "v:\n  b: 0\n  <<: [*base, *other]\n"
                                           << QJsonObject{{u"a"_s, 1}, {u"b"_s, 0}, {u"c"_s, 4}};
        QTest::newRow("inline mapping") << "v:\n  <<: {a: 1}\n  b: 2\n"_ba
                                        << QJsonObject{{u"a"_s, 1}, {u"b"_s, 2}};
        QTest::newRow("merged mapping merges too")
            << bases + "mid: &mid\n  <<: *base\n  m: 1\nv:\n  <<: *mid\n"
            << QJsonObject{{u"a"_s, 1}, {u"b"_s, 2}, {u"m"_s, 1}};
        QTest::newRow("quoted << is a plain key") << "v:\n  \"<<\": 1\n"_ba << QJsonObject{{u"<<"_s, 1}};
        QTest::newRow("flow mapping") << bases + "v: {<<: *other, c: 0}\n"
                                      << QJsonObject{{u"b"_s, 3}, {u"c"_s, 0}};
    }
    void mergeKeys()
    {
        QFETCH(QByteArray, text);
        QFETCH(QJsonObject, expected);
        QString error;
        const QJsonValue actual = readValue(text, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(actual, QJsonValue(expected));
    }

    void mappingErrors_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("expectedError");
        QTest::newRow("duplicate key")
            << "a: 1\nb: 2\na: 3\n"_ba << u"line 3, column 1: duplicate key \"a\""_s;
        QTest::newRow("duplicate quoted key")
            << "a: 1\n'a': 3\n"_ba << u"line 2, column 1: duplicate key \"a\""_s;
        QTest::newRow("nested duplicate") << "a:\n  b:\n    c: 1\n    c: 1\n"_ba
                                          << u"line 4, column 5: duplicate key \"c\""_s;
        QTest::newRow("flow duplicate")
            << "x: {k: 1, k: 2}\n"_ba << u"line 1, column 11: duplicate key \"k\""_s;
        QTest::newRow("first duplicate reported") << "b: 1\na: 1\nb: 2\na: 2\n"_ba
                                                  << u"line 3, column 1: duplicate key \"b\""_s;
        QTest::newRow("two merge keys") << "a: &a {x: 1}\nv:\n  <<: *a\n  <<: *a\n"_ba
                                        << u"line 4, column 3: duplicate key \"<<\""_s;
        QTest::newRow("sequence key") << "? [a]\n: 1\n"_ba
                                      << u"line 1, column 3: mapping key must be a scalar, not a sequence"_s;
        QTest::newRow("mapping key") << "{{a: 1}: 1}\n"_ba
                                     << u"line 1, column 2: mapping key must be a scalar, not a mapping"_s;
        QTest::newRow("null key") << "~: 1\n"_ba << u"line 1, column 1: mapping key is null"_s;
        QTest::newRow("merge scalar")
            << "v:\n  <<: 1\n"_ba
            << u"line 2, column 7: a merge key (<<) needs a mapping or a list of mappings"_s;
        QTest::newRow("merge list of scalars")
            << "a: &a {x: 1}\nv:\n  <<: [*a, 2]\n"_ba
            << u"line 3, column 12: a merge key (<<) needs a mapping or a list "
               "of mappings"_s;
        QTest::newRow("merge null")
            << "v:\n  <<:\n  a: 1\n"_ba
            << u"line 3, column 3: a merge key (<<) needs a mapping or a list of mappings"_s;
    }
    void mappingErrors()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, expectedError);
        QCOMPARE(readError(text), expectedError);
    }

    void keysAreTextAsWritten()
    {
        const auto result = YamlReader::readAll("yes: 1\n1: x\n0x10: z2\n\"quoted\": z\n~x: w\n");
        QVERIFY(result.ok());
        const QJsonObject expected{
            {u"yes"_s, 1}, {u"1"_s, u"x"_s}, {u"0x10"_s, u"z2"_s}, {u"quoted"_s, u"z"_s}, {u"~x"_s, u"w"_s}};
        QCOMPARE(result->first().value, QJsonValue(expected));
    }

    void deepNesting_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("ok");
        QTest::newRow("flow 256") << nested(256, "[", "]") << true;
        QTest::newRow("flow 257") << nested(257, "[", "]") << false;
        QTest::newRow("flow 1000") << nested(1000, "[", "]") << false;
        QTest::newRow("flow mappings 1000") << nested(1000, "{a: ", "}") << false;
        QTest::newRow("flow 100000") << nested(100000, "[", "]") << false;
        QTest::newRow("block mappings 256") << nestedBlockMapping(256) << true;
        QTest::newRow("block mappings 257") << nestedBlockMapping(257) << false;
        QTest::newRow("block mappings 1000") << nestedBlockMapping(1000) << false;
        QTest::newRow("block sequences 1000") << nestedBlockSequence(1000) << false;
        QTest::newRow("alias reused deeper than its anchor")
            << "a: &x " + nested(200, "[", "]") + "\nb: " + nested(100, "[", "]").insert(100, "*x") << false;
        QTest::newRow("alias reused within the limit")
            << "a: &x " + nested(200, "[", "]") + "\nb: " + nested(50, "[", "]").insert(50, "*x") << true;
        QTest::newRow("alias containing itself") << "a: &x [*x]\n"_ba << false;
        QTest::newRow("mapping merging itself") << "a: &x {<<: *x}\n"_ba << false;
    }
    void deepNesting()
    {
        QFETCH(QByteArray, text);
        QFETCH(bool, ok);
        const auto result = YamlReader::readAll(text);
        QCOMPARE(result.ok(), ok);
        if (!ok) {
            QVERIFY2(result.errorMessage().startsWith(u"line "_s), qPrintable(result.errorMessage()));
            QVERIFY2(result.errorMessage().contains(u"nesting is"_s), qPrintable(result.errorMessage()));
        }
    }

    void billionLaughs()
    {
        QByteArray text = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
        for (char level = 'b'; level <= 'i'; ++level) {
            const char previous = static_cast<char>(level - 1);
            text += QByteArray(1, level) + ": &" + QByteArray(1, level) + " [";
            for (int i = 0; i < 10; ++i)
                text += (i ? ", *" : "*") + QByteArray(1, previous);
            text += "]\n";
        }
        QElapsedTimer timer;
        timer.start();
        const auto result = YamlReader::readAll(text);
        const qint64 elapsed = timer.elapsed();
        QVERIFY(!result.ok());
        QVERIFY2(result.errorMessage().contains(u"document expands to too many nodes"_s),
                 qPrintable(result.errorMessage()));
        QVERIFY2(result.errorMessage().startsWith(u"line "_s), qPrintable(result.errorMessage()));
        qInfo("billion laughs rejected after %lld ms", elapsed);
        QVERIFY2(elapsed < 20000, "the node budget must stop expansion early");
    }

    void manyAliasesWithinBudget()
    {
        // Aliases are fine as long as the expansion stays reasonable.
        const auto result = YamlReader::readAll("a: &a [1, 2, 3]\nb: [*a, *a, *a]\n");
        QVERIFY(result.ok());
        const QJsonArray three{1, 2, 3};
        QCOMPARE(result->first().value[u"b"_s], QJsonValue(QJsonArray{three, three, three}));
    }

    void malformedYaml_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("expectedStart");
        QTest::newRow("unclosed flow sequence") << "a: 1\nb: [1, 2\nc: 3\n"_ba << u"line 3, column "_s;
        QTest::newRow("unclosed double quote") << "a: \"open\nb: 2\n"_ba << u"line 3, column 1: "_s;
        QTest::newRow("unclosed single quote") << "a: 'open\nb: 2\n"_ba << u"line 3, column 1: "_s;
        QTest::newRow("unclosed quote, no newline") << "a: 'open\nb: 2"_ba << u"line 2, column 5: "_s;
        QTest::newRow("bad indentation") << "a:\n  b: 1\n c: 2\n"_ba << u"line 3, column "_s;
        QTest::newRow("undefined alias") << "a: 1\nb: *nope\n"_ba
                                         << u"line 2, column 4: the referenced anchor is not defined"_s;
        QTest::newRow("alias to another document")
            << "a: &x 1\n---\nb: *x\n"_ba << u"line 3, column 4: the referenced anchor is not defined"_s;
        QTest::newRow("tab indentation") << "a:\n\tb: 1\n"_ba << u"line 2, column "_s;
        QTest::newRow("invalid escape") << "a: \"\\q\"\n"_ba << u"line 1, column "_s;
        QTest::newRow("broken JSON") << "{\"a\": 1,,}"_ba << u"line 1, column "_s;
    }
    void malformedYaml()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, expectedStart);
        const QString error = readError(text);
        QVERIFY2(error.startsWith(expectedStart), qPrintable(error));
        QVERIFY2(!error.endsWith(u": "_s) && error.size() > 20, qPrintable(error)); // it says what, too
    }

    void locustTestManifest()
    {
        const QByteArray text
            = "# A LocustTest as users write it\n"
              "apiVersion: locust.io/v2\n"
              "kind: LocustTest\n"
              "metadata:\n"
              "  name: demo\n"
              "  namespace: load\n"
              "  labels:\n"
              "    team: perf\n"
              "spec:\n"
              "  image: locustio/locust:2.20.0\n"
              "  master:\n"
              "    command: \"--locustfile /lotest/src/demo.py --host https://example.com --users 100\"\n"
              "    autostart: true\n"
              "    autoquit:\n"
              "      enabled: yes\n"
              "      timeout: 60\n"
              "  worker:\n"
              "    command: --locustfile /lotest/src/demo.py\n"
              "    replicas: 5\n"
              "    resources:\n"
              "      requests:\n"
              "        cpu: 250m\n"
              "        memory: 128Mi\n"
              "      limits:\n"
              "        cpu: \"1\"\n"
              "  testFiles:\n"
              "    configMapRef: demo-scripts\n"
              "  env:\n"
              "    variables:\n"
              "    - name: TARGET\n"
              "      value: https://example.com\n"
              "    - name: DEBUG\n"
              "      value: \"false\"\n"
              "    - name: EMPTY\n"
              "  scheduling:\n"
              "    tolerations:\n"
              "      - key: dedicated\n"
              "        operator: Equal\n"
              "        value: loadtest\n"
              "        effect: NoSchedule\n"
              "    nodeSelector: {kubernetes.io/arch: amd64}\n"
              "  observability:\n"
              "    openTelemetry:\n"
              "      enabled: false\n"
              "      samplingRate: 0.5\n"
              "---\n";
        const QJsonObject expected{
            {u"apiVersion"_s, u"locust.io/v2"_s},
            {u"kind"_s, u"LocustTest"_s},
            {u"metadata"_s,
             QJsonObject{{u"name"_s, u"demo"_s},
                         {u"namespace"_s, u"load"_s},
                         {u"labels"_s, QJsonObject{{u"team"_s, u"perf"_s}}}}},
            {u"spec"_s,
             QJsonObject{
                 {u"image"_s, u"locustio/locust:2.20.0"_s},
                 {u"master"_s,
                  QJsonObject{{u"command"_s,
                               u"--locustfile /lotest/src/demo.py --host https://example.com --users 100"_s},
                              {u"autostart"_s, true},
                              {u"autoquit"_s, QJsonObject{{u"enabled"_s, true}, {u"timeout"_s, 60}}}}},
                 {u"worker"_s,
                  QJsonObject{{u"command"_s, u"--locustfile /lotest/src/demo.py"_s},
                              {u"replicas"_s, 5},
                              {u"resources"_s,
                               QJsonObject{{u"requests"_s,
                                            QJsonObject{{u"cpu"_s, u"250m"_s}, {u"memory"_s, u"128Mi"_s}}},
                                           {u"limits"_s, QJsonObject{{u"cpu"_s, u"1"_s}}}}}}},
                 {u"testFiles"_s, QJsonObject{{u"configMapRef"_s, u"demo-scripts"_s}}},
                 {u"env"_s,
                  QJsonObject{{u"variables"_s,
                               QJsonArray{QJsonObject{{u"name"_s, u"TARGET"_s},
                                                      {u"value"_s, u"https://example.com"_s}},
                                          QJsonObject{{u"name"_s, u"DEBUG"_s}, {u"value"_s, u"false"_s}},
                                          QJsonObject{{u"name"_s, u"EMPTY"_s}}}}}},
                 {u"scheduling"_s,
                  QJsonObject{{u"tolerations"_s,
                               QJsonArray{QJsonObject{{u"key"_s, u"dedicated"_s},
                                                      {u"operator"_s, u"Equal"_s},
                                                      {u"value"_s, u"loadtest"_s},
                                                      {u"effect"_s, u"NoSchedule"_s}}}},
                              {u"nodeSelector"_s, QJsonObject{{u"kubernetes.io/arch"_s, u"amd64"_s}}}}},
                 {u"observability"_s,
                  QJsonObject{
                      {u"openTelemetry"_s, QJsonObject{{u"enabled"_s, false}, {u"samplingRate"_s, 0.5}}}}},
             }},
        };
        const auto result = YamlReader::readAll(text);
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.errorMessage()));
        QCOMPARE(result->size(), 1);
        QCOMPARE(result->first().line, 2);
        QCOMPARE(result->first().value, QJsonValue(expected));
    }

    void bigMapping()
    {
        // Keys in reverse order: building the object must not be quadratic.
        QByteArray text;
        for (int i = 20000; i > 0; --i)
            text += "key" + QByteArray::number(i) + ": " + QByteArray::number(i) + "\n";
        const auto result = YamlReader::readAll(text);
        QVERIFY(result.ok());
        QCOMPARE(result->first().value.toObject().size(), 20000);
        QCOMPARE(result->first().value[u"key777"_s], QJsonValue(777));
    }
};

QTEST_GUILESS_MAIN(YamlReaderTest)
#include "tst_yamlreader.moc"

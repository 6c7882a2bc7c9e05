#include "serialization/yamlreader.h"
#include "serialization/yamlwriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

#include <cmath>
#include <cstring>
#include <limits>

using namespace Qt::StringLiterals;
using locust::serialization::YamlReader;
using locust::serialization::YamlWriter;

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

// Strings that mean something else to a YAML parser, or nearly so.
const QStringList &trickyStrings()
{
    static const QStringList strings{
        u"yes"_s, u"No"_s, u"on"_s, u"OFF"_s, u"y"_s, u"n"_s, u"~"_s, u"null"_s, u"Null"_s, u"true"_s,
        u"False"_s, u"0x1F"_s, u"0o7"_s, u"0b101"_s, u"012"_s, u"08"_s, u"1_000"_s, u"1e3"_s, u"1E+3"_s,
        u".5"_s, u"1."_s, u"+1"_s, u"-1"_s, u"-.inf"_s, u".nan"_s, u".Inf"_s, u"1e400"_s, u"2001-12-14"_s,
        u"2001-12-14T21:59:43.10-05:00"_s, u"12:30"_s, u"<<"_s, u"---"_s, u"--- x"_s, u"..."_s, u"-"_s,
        u"- x"_s, u"-x"_s, u"--autoquit"_s, u"?"_s, u"? x"_s, u"?x"_s, u":"_s, u":x"_s, u"a:"_s, u"a: b"_s,
        u"a:b"_s, u"#x"_s, u"a #b"_s, u"a#b"_s, u"&a"_s, u"*a"_s, u"!tag"_s, u"|"_s, u">"_s, u"%YAML"_s,
        u"@x"_s, u"`x"_s, u"'"_s, u"\""_s, u"it's"_s, u"say \"hi\""_s, u"\\"_s, u"C:\\dir"_s, u"{}"_s,
        u"[]"_s, u"{a: 1}"_s, u"[1, 2]"_s, u"a,b"_s, u"a[0]"_s, u"="_s, u" "_s, u" lead"_s, u"trail "_s,
        u"\t"_s, u"a\tb"_s, u"multi\nline"_s, u"trailing newline\n"_s, u"\r\n"_s, u"\u0085"_s,
        u"a\u2028b"_s, u"\u2029"_s, u"\u00a0x"_s, u"x\u00a0"_s, u"\ufeffbom"_s, u"caf\u00e9"_s,
        u"\u65e5\u672c"_s, u"\U0001F600"_s, QString(QChar(0x01)), QString(QChar(0x7f)), QString(QChar(0x9f)),
        QString(QChar(u'\0')), u"\uffff"_s, u"0"_s, u"-0"_s, u"0.0"_s, u"_"_s, u"_1"_s, u"."_s, u"e"_s,
        u"+"_s, u"0x"_s, u"1.2.3"_s, u"locustio/locust:2.15.1"_s, u"https://example.com/a?b=c#d"_s,
        u"250m"_s, u"--master-port=5557"_s, u""_s,
    };
    return strings;
}

class RandomJson
{
public:
    explicit RandomJson(quint32 seed)
        : m_random(seed)
    {
    }

    QString string()
    {
        static const QStringList characters{
            u"a"_s, u"Z"_s, u"0"_s, u"1"_s, u"9"_s, u" "_s, u":"_s, u"#"_s, u"-"_s, u"_"_s, u"."_s, u"'"_s,
            u"\""_s, u"\\"_s, u"\n"_s, u"\t"_s, u"\r"_s, u"{"_s, u"}"_s, u"["_s, u"]"_s, u","_s, u"&"_s,
            u"*"_s, u"!"_s, u"|"_s, u">"_s, u"%"_s, u"@"_s, u"`"_s, u"?"_s, u"<"_s, u"="_s, u"~"_s, u"+"_s,
            u"e"_s, u"x"_s, u"o"_s, u"b"_s, u"y"_s, u"n"_s, u"\u00e9"_s, u"\u65e5"_s, u"\U0001F600"_s,
            u"\u00a0"_s, u"\u0085"_s, u"\u2028"_s, u"\ufeff"_s, QString(QChar(0x01)), QString(QChar(0x7f)),
        };
        const QStringList &words = trickyStrings();
        QString text;
        const int pieces = int(m_random.bounded(6));
        for (int i = 0; i < pieces; ++i) {
            if (m_random.bounded(3) == 0)
                text += words.at(m_random.bounded(int(words.size())));
            else
                text += characters.at(m_random.bounded(int(characters.size())));
        }
        return text;
    }

    QJsonValue number()
    {
        switch (m_random.bounded(6)) {
        case 0:
            return qint64(m_random.bounded(2001)) - 1000;
        case 1:
            return qint64(m_random.generate64());
        case 2: {
            double value = 0;
            do {
                const quint64 bits = m_random.generate64();
                std::memcpy(&value, &bits, sizeof value);
            } while (!std::isfinite(value));
            return value;
        }
        case 3:
            return m_random.generateDouble() * std::pow(10.0, int(m_random.bounded(41)) - 20);
        case 4:
            return std::ldexp(1.0, int(m_random.bounded(80))) * (m_random.bounded(2) ? 1 : -1);
        default:
            return double(int(m_random.bounded(2001)) - 1000) / 8;
        }
    }

    QJsonValue value(int depth)
    {
        const int kind = int(m_random.bounded(depth > 0 ? 7 : 4));
        switch (kind) {
        case 0:
            return m_random.bounded(4) == 0 ? QJsonValue(QJsonValue::Null)
                                            : QJsonValue(m_random.bounded(2) == 0);
        case 1:
            return number();
        case 2:
        case 3:
            return string();
        case 4: {
            QJsonArray array;
            const int size = int(m_random.bounded(5));
            for (int i = 0; i < size; ++i)
                array.append(value(depth - 1));
            return array;
        }
        default: {
            QJsonObject object;
            const int size = int(m_random.bounded(5));
            for (int i = 0; i < size; ++i)
                object.insert(string(), value(depth - 1));
            return object;
        }
        }
    }

private:
    QRandomGenerator m_random;
};

// readAll(write(value)) must give back exactly `value`.
bool roundTrips(const QJsonValue &value, QString *problem)
{
    const QByteArray text = YamlWriter::write(value);
    const auto result = YamlReader::readAll(text);
    if (!result.ok()) {
        *problem = u"%1\nin:\n%2"_s.arg(result.errorMessage(), QString::fromUtf8(text));
        return false;
    }
    if (result->size() != 1 || result->first().value != value) {
        *problem = u"wrote %1\nas:\n%2read back %3"_s.arg(
            QString::fromUtf8(QTest::toString(value)), QString::fromUtf8(text),
            result->isEmpty() ? u"nothing"_s : QString::fromUtf8(QTest::toString(result->first().value)));
        return false;
    }
    return true;
}

} // namespace

class YamlWriterTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void kubernetesObject()
    {
        const QJsonObject container{
            {u"name"_s, u"locust"_s},
            {u"image"_s, u"locustio/locust:2.15.1"_s},
            {u"args"_s,
             QJsonArray{u"--master"_s, u"--autoquit"_s, u"60"_s, u"--expect-workers"_s, u"1"_s,
                        u"--master-port=5557"_s}},
            {u"env"_s,
             QJsonArray{
                 QJsonObject{{u"name"_s, u"LOCUST_HEADLESS"_s}, {u"value"_s, u"true"_s}},
                 QJsonObject{{u"name"_s, u"PADDED"_s}, {u"value"_s, u" lead"_s}},
                 QJsonObject{{u"name"_s, u"SCRIPT"_s}, {u"value"_s, u"multi\nline"_s}},
                 QJsonObject{{u"name"_s, u"TILDE"_s}, {u"value"_s, u"~"_s}},
                 QJsonObject{{u"name"_s, u"NULLISH"_s}, {u"value"_s, u"null"_s}},
                 QJsonObject{{u"name"_s, u"HEX"_s}, {u"value"_s, u"0x10"_s}},
                 QJsonObject{{u"name"_s, u"EXP"_s}, {u"value"_s, u"1e3"_s}},
                 QJsonObject{{u"name"_s, u"AFFIRM"_s}, {u"value"_s, u"yes"_s}},
                 QJsonObject{{u"name"_s, u"RATIO"_s}, {u"value"_s, 0.5}},
             }},
            {u"ports"_s, QJsonArray{QJsonObject{{u"containerPort"_s, 5557}, {u"name"_s, u"master"_s}}}},
            {u"resources"_s, QJsonObject()},
            {u"volumeMounts"_s, QJsonArray()},
        };
        const QJsonObject job{
            {u"apiVersion"_s, u"batch/v1"_s},
            {u"kind"_s, u"Job"_s},
            {u"metadata"_s,
             QJsonObject{
                 {u"name"_s, u"demo-master"_s},
                 {u"namespace"_s, u"load"_s},
                 {u"labels"_s, QJsonObject{{u"app"_s, u"locust"_s}, {u"enabled"_s, u"true"_s}}},
                 {u"annotations"_s,
                  QJsonObject{{u"note"_s, u"a: b"_s}, {u"comment"_s, u"#x"_s}, {u"empty"_s, u""_s}}}}},
            {u"spec"_s,
             QJsonObject{
                 {u"backoffLimit"_s, 0},
                 {u"ttlSecondsAfterFinished"_s, 60},
                 {u"template"_s,
                  QJsonObject{{u"spec"_s,
                               QJsonObject{{u"restartPolicy"_s, u"Never"_s},
                                           {u"containers"_s, QJsonArray{container}},
                                           {u"matrix"_s, QJsonArray{QJsonArray{1, 2}, QJsonArray()}}}}}}}},
        };
        const QByteArray expected = "apiVersion: batch/v1\n"
                                    "kind: Job\n"
                                    "metadata:\n"
                                    "  annotations:\n"
                                    "    comment: \"#x\"\n"
                                    "    empty: \"\"\n"
                                    "    note: \"a: b\"\n"
                                    "  labels:\n"
                                    "    app: locust\n"
                                    "    enabled: \"true\"\n"
                                    "  name: demo-master\n"
                                    "  namespace: load\n"
                                    "spec:\n"
                                    "  backoffLimit: 0\n"
                                    "  template:\n"
                                    "    spec:\n"
                                    "      containers:\n"
                                    "      - args:\n"
                                    "        - --master\n"
                                    "        - --autoquit\n"
                                    "        - \"60\"\n"
                                    "        - --expect-workers\n"
                                    "        - \"1\"\n"
                                    "        - --master-port=5557\n"
                                    "        env:\n"
                                    "        - name: LOCUST_HEADLESS\n"
                                    "          value: \"true\"\n"
                                    "        - name: PADDED\n"
                                    "          value: \" lead\"\n"
                                    "        - name: SCRIPT\n"
                                    "          value: \"multi\\nline\"\n"
                                    "        - name: TILDE\n"
                                    "          value: \"~\"\n"
                                    "        - name: NULLISH\n"
                                    "          value: \"null\"\n"
                                    "        - name: HEX\n"
                                    "          value: \"0x10\"\n"
                                    "        - name: EXP\n"
                                    "          value: \"1e3\"\n"
                                    "        - name: AFFIRM\n"
                                    "          value: \"yes\"\n"
                                    "        - name: RATIO\n"
                                    "          value: 0.5\n"
                                    "        image: locustio/locust:2.15.1\n"
                                    "        name: locust\n"
                                    "        ports:\n"
                                    "        - containerPort: 5557\n"
                                    "          name: master\n"
                                    "        resources: {}\n"
                                    "        volumeMounts: []\n"
                                    "      matrix:\n"
                                    "      - - 1\n"
                                    "        - 2\n"
                                    "      - []\n"
                                    "      restartPolicy: Never\n"
                                    "  ttlSecondsAfterFinished: 60\n";
        const QByteArray actual = YamlWriter::write(job);
        QCOMPARE(actual, expected);
        const auto read = YamlReader::readAll(actual);
        QVERIFY(read.ok());
        QCOMPARE(read->first().value, QJsonValue(job));
    }

    void topLevelValues_data()
    {
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("empty object") << QJsonValue(QJsonObject()) << "{}\n"_ba;
        QTest::newRow("empty array") << QJsonValue(QJsonArray()) << "[]\n"_ba;
        QTest::newRow("null") << QJsonValue(QJsonValue::Null) << "null\n"_ba;
        QTest::newRow("true") << QJsonValue(true) << "true\n"_ba;
        QTest::newRow("string") << QJsonValue(u"text"_s) << "text\n"_ba;
        QTest::newRow("document marker string") << QJsonValue(u"---"_s) << "\"---\"\n"_ba;
        // Built with append(): QJsonArray{QJsonArray{...}} copies instead of nesting (C++ list-init rules).
        QJsonArray innermost{1};
        QJsonArray inner;
        inner.append(innermost);
        QJsonArray outer;
        outer.append(inner);
        outer.append(2);
        QTest::newRow("sequence of sequences") << QJsonValue(outer) << "- - - 1\n- 2\n"_ba;
        QTest::newRow("mapping in sequence") << QJsonValue(
            QJsonArray{QJsonObject{{u"a"_s, 1}, {u"b"_s, QJsonObject{{u"c"_s, QJsonArray{}}}}}})
                                             << "- a: 1\n  b:\n    c: []\n"_ba;
        QTest::newRow("sequence under key")
            << QJsonValue(QJsonObject{{u"k"_s, QJsonArray{QJsonObject{{u"a"_s, 1}}}}}) << "k:\n- a: 1\n"_ba;
        QTest::newRow("quoted keys") << QJsonValue(QJsonObject{{u"yes"_s, 1}, {u"a: b"_s, 2}, {u""_s, 3}})
                                     << "\"\": 3\n\"a: b\": 2\n\"yes\": 1\n"_ba;
        QTest::newRow("merge key is quoted") << QJsonValue(QJsonObject{{u"<<"_s, 1}}) << "\"<<\": 1\n"_ba;
    }
    void topLevelValues()
    {
        QFETCH(QJsonValue, value);
        QFETCH(QByteArray, expected);
        QCOMPARE(YamlWriter::write(value), expected);
    }

    void strings_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QByteArray>("expected");
        const auto row = [](const char *name, const QString &value, const QByteArray &expected) {
            QTest::newRow(name) << value << expected;
        };
        row("plain word", u"locust"_s, "locust");
        row("plain with spaces", u"hello world"_s, "hello world");
        row("plain colon inside", u"image:tag"_s, "image:tag");
        row("plain url", u"https://example.com/#top"_s, "https://example.com/#top");
        row("plain flag", u"--autoquit"_s, "--autoquit");
        row("plain option", u"--master-port=5557"_s, "--master-port=5557");
        row("plain quantity", u"250m"_s, "250m");
        row("plain unicode", u"caf\u00e9 \u65e5"_s, "caf\xc3\xa9 \xe6\x97\xa5");
        row("plain quote inside", u"it's"_s, "it's");
        row("empty", u""_s, "\"\"");
        row("true", u"true"_s, "\"true\"");
        row("yes", u"yes"_s, "\"yes\"");
        row("y", u"y"_s, "\"y\"");
        row("Off", u"Off"_s, "\"Off\"");
        row("tilde", u"~"_s, "\"~\"");
        row("null", u"null"_s, "\"null\"");
        row("integer", u"1"_s, "\"1\"");
        row("octal", u"012"_s, "\"012\"");
        row("hex", u"0x10"_s, "\"0x10\"");
        row("underscored", u"1_000"_s, "\"1_000\"");
        row("float", u"1.5"_s, "\"1.5\"");
        row("exponent", u"1e3"_s, "\"1e3\"");
        row("infinity", u"-.inf"_s, "\"-.inf\"");
        row("date", u"2001-12-14"_s, "\"2001-12-14\"");
        row("version", u"1.2.3"_s, "1.2.3");
        row("overflowing float is text", u"1e400"_s, "1e400");
        row("base 60", u"12:30"_s, "\"12:30\"");
        row("base 60 float", u"-1:20:30.5"_s, "\"-1:20:30.5\"");
        row("not base 60", u"12:60"_s, "12:60");
        row("time of day with letters", u"12:30pm"_s, "12:30pm");
        row("colon space", u"a: b"_s, "\"a: b\"");
        row("trailing colon", u"a:"_s, "\"a:\"");
        row("hash", u"#x"_s, "\"#x\"");
        row("space hash", u"a #b"_s, "\"a #b\"");
        row("leading space", u" lead"_s, "\" lead\"");
        row("trailing space", u"trail "_s, "\"trail \"");
        row("dash", u"-"_s, "\"-\"");
        row("dash space", u"- x"_s, "\"- x\"");
        row("question", u"?x"_s, "\"?x\"");
        row("anchor", u"&a"_s, "\"&a\"");
        row("alias", u"*a"_s, "\"*a\"");
        row("tag", u"!x"_s, "\"!x\"");
        row("flow", u"[1]"_s, "\"[1]\"");
        row("single quote", u"'q'"_s, "\"'q'\"");
        row("double quote", u"\"q\""_s, "\"\\\"q\\\"\"");
        row("backslash", u"\\"_s, "\\");
        row("newline", u"multi\nline"_s, "\"multi\\nline\"");
        row("tab", u"a\tb"_s, "\"a\\tb\"");
        row("carriage return", u"a\rb"_s, "\"a\\rb\"");
        row("control", QString(QChar(0x01)), "\"\\u0001\"");
        row("NUL", QString(QChar(u'\0')), "\"\\u0000\"");
        row("delete", QString(QChar(0x7f)), "\"\\u007f\"");
        row("next line", u"a\u0085b"_s, "\"a\\u0085b\"");
        row("line separator", u"a\u2028b"_s, "\"a\\u2028b\"");
        row("byte order mark", u"\ufeffx"_s, "\"\\ufeffx\"");
        row("document start", u"--- x"_s, "\"--- x\"");
        row("document end", u"..."_s, "\"...\"");
        row("lone surrogate", QString(QChar(0xd800)), "\"\xef\xbf\xbd\"");
    }
    void strings()
    {
        QFETCH(QString, value);
        QFETCH(QByteArray, expected);
        QCOMPARE(YamlWriter::write(value), expected + '\n');
        QCOMPARE(YamlWriter::write(QJsonObject{{u"k"_s, value}}), "k: " + expected + '\n');
        QCOMPARE(YamlWriter::write(QJsonObject{{value, 1}}), expected + ": 1\n");
    }

    void numbers_data()
    {
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("zero") << QJsonValue(0) << "0"_ba;
        QTest::newRow("integral double") << QJsonValue(3.0) << "3"_ba;
        QTest::newRow("negative zero") << QJsonValue(-0.0) << "0"_ba;
        QTest::newRow("negative") << QJsonValue(-42) << "-42"_ba;
        QTest::newRow("fraction") << QJsonValue(1.5) << "1.5"_ba;
        QTest::newRow("shortest") << QJsonValue(0.1) << "0.1"_ba;
        QTest::newRow("small") << QJsonValue(1.5e-7) << "1.5e-07"_ba;
        QTest::newRow("2^53") << QJsonValue(9007199254740992.0) << "9007199254740992"_ba;
        QTest::newRow("qint64 above 2^53")
            << QJsonValue(Q_INT64_C(9007199254740993)) << "9007199254740993"_ba;
        QTest::newRow("int64 max") << QJsonValue(std::numeric_limits<qint64>::max())
                                   << "9223372036854775807"_ba;
        QTest::newRow("int64 min") << QJsonValue(std::numeric_limits<qint64>::min())
                                   << "-9223372036854775808"_ba;
        QTest::newRow("2^63") << QJsonValue(9223372036854775808.0) << "9.223372036854776e+18"_ba;
        QTest::newRow("whole above 2^53") << QJsonValue(9007199254740994.0) << "9.007199254740994e+15"_ba;
        QTest::newRow("huge") << QJsonValue(1e300) << "1e+300"_ba;
        QTest::newRow("max double") << QJsonValue(std::numeric_limits<double>::max())
                                    << "1.7976931348623157e+308"_ba;
        QTest::newRow("denormal") << QJsonValue(5e-324) << "5e-324"_ba;
        QTest::newRow("infinity") << QJsonValue(std::numeric_limits<double>::infinity()) << "null"_ba;
        QTest::newRow("nan") << QJsonValue(std::numeric_limits<double>::quiet_NaN()) << "null"_ba;
    }
    void numbers()
    {
        QFETCH(QJsonValue, value);
        QFETCH(QByteArray, expected);
        QCOMPARE(YamlWriter::write(value), expected + '\n');
        if (expected != "null") {
            const auto read = YamlReader::readAll("v: " + expected);
            QVERIFY(read.ok());
            QCOMPARE(read->first().value[u"v"_s], value);
            QCOMPARE(read->first().value[u"v"_s].toDouble(), value.toDouble());
        }
    }

    void longKeysAreExplicit()
    {
        const QString longKey = QString(1200, u'k');
        const QJsonObject object{{longKey, QJsonObject{{u"a"_s, 1}}}, {longKey + u'2', QJsonArray{1}},
                                 {longKey + u'3', u"v"_s}};
        const QByteArray text = YamlWriter::write(QJsonArray{object});
        QVERIFY(text.startsWith("- ? " + longKey.toUtf8() + "\n  :\n    a: 1\n"));
        QString problem;
        QVERIFY2(roundTrips(QJsonArray{object}, &problem), qPrintable(problem));
        QVERIFY2(roundTrips(object, &problem), qPrintable(problem));
    }

    void writeAll()
    {
        const QList<QJsonValue> documents{QJsonObject{{u"kind"_s, u"A"_s}}, QJsonArray{1, u"no"_s},
                                          u"text"_s};
        const QByteArray text = YamlWriter::writeAll(documents);
        QCOMPARE(text, "kind: A\n---\n- 1\n- \"no\"\n---\ntext\n"_ba);
        const auto read = YamlReader::readAll(text);
        QVERIFY(read.ok());
        QCOMPARE(read->size(), 3);
        for (qsizetype i = 0; i < documents.size(); ++i)
            QCOMPARE(read->at(i).value, documents.at(i));
        QCOMPARE(YamlWriter::writeAll({}), QByteArray());
    }

    void deepValuesDoNotExhaustTheStack()
    {
        QJsonValue value = QJsonArray{1};
        for (int i = 0; i < 5000; ++i)
            value = QJsonArray{value};
        const QByteArray text = YamlWriter::write(value);
        QVERIFY(text.endsWith("- 1\n"));
        QCOMPARE(text.count('\n'), 1);
        QCOMPARE(text.count('-'), 5001);
    }

    void handwrittenValuesRoundTrip()
    {
        QList<QJsonValue> values;
        for (const QString &text : trickyStrings()) {
            values << text << QJsonArray{text} << QJsonObject{{text, text}}
                   << QJsonObject{{u"k"_s, QJsonArray{QJsonObject{{text, QJsonArray{text}}}}}};
        }
        values << QString(5000, u'x') << QJsonObject{{QString(2000, u'\u00e9'), 1}}
               << QJsonArray{0,
                             -0.0,
                             0.1,
                             1e-7,
                             1e21,
                             1e22,
                             std::numeric_limits<double>::max(),
                             5e-324,
                             9007199254740992.0,
                             Q_INT64_C(9007199254740993),
                             std::numeric_limits<qint64>::max(),
                             std::numeric_limits<qint64>::min(),
                             9223372036854775808.0,
                             18446744073709551616.0,
                             -1.5,
                             123456.789,
                             true,
                             false,
                             QJsonValue::Null}
               << QJsonObject{{u"a"_s, QJsonObject()}, {u"b"_s, QJsonArray{QJsonArray(), QJsonObject()}}};
        QJsonValue deep = u"bottom"_s;
        for (int i = 0; i < 200; ++i)
            deep = (i % 2) ? QJsonValue(QJsonArray{deep, i}) : QJsonValue(QJsonObject{{u"k"_s, deep}});
        values << deep;

        QString problem;
        for (const QJsonValue &value : std::as_const(values))
            QVERIFY2(roundTrips(value, &problem), qPrintable(problem));
    }

    void randomValuesRoundTrip()
    {
        RandomJson random(20261123);
        QString problem;
        for (int i = 0; i < 4000; ++i) {
            QJsonValue value = random.value(i % 5);
            if (value.isNull())
                continue; // a null document is skipped on reading, by design
            QVERIFY2(roundTrips(value, &problem), qPrintable(u"value #%1: %2"_s.arg(i).arg(problem)));
        }
        for (int i = 0; i < 2000; ++i) {
            const QString text = random.string();
            QVERIFY2(roundTrips(text, &problem), qPrintable(problem));
            QVERIFY2(roundTrips(QJsonObject{{text, random.number()}}, &problem), qPrintable(problem));
        }
    }

    void randomStreamsRoundTrip()
    {
        RandomJson random(7);
        for (int round = 0; round < 100; ++round) {
            QList<QJsonValue> documents;
            for (int i = 0; i < 4; ++i)
                documents << QJsonObject{{u"doc"_s, i}, {u"body"_s, random.value(3)}};
            const auto read = YamlReader::readAll(YamlWriter::writeAll(documents));
            QVERIFY(read.ok());
            QCOMPARE(read->size(), documents.size());
            for (qsizetype i = 0; i < documents.size(); ++i)
                QCOMPARE(read->at(i).value, documents.at(i));
        }
    }
};

QTEST_GUILESS_MAIN(YamlWriterTest)
#include "tst_yamlwriter.moc"

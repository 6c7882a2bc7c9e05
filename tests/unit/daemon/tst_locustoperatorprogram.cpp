// The locust-operator executable as a shell uses it.

#include <QProcess>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray standardOutput;
    QByteArray standardError;
};

Run run(const QStringList &arguments, const QByteArray &standardInput = {})
{
    QProcess process;
    process.setProgram(QStringLiteral(LOCUST_OPERATOR_PROGRAM));
    process.setArguments(arguments);
    process.start();
    if (!process.waitForStarted())
        return {};
    process.write(standardInput);
    process.closeWriteChannel();
    if (!process.waitForFinished(30000))
        return {};
    return Run{process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAllStandardOutput(),
               process.readAllStandardError()};
}

QString fixture(const QString &name)
{
    return QStringLiteral(LOCUST_TEST_DATA_DIR) + u'/' + name;
}

} // namespace

class LocustOperatorProgramTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void validateFromStandardInput()
    {
        QFile file(fixture(u"valid-v2.yaml"_s));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const Run result = run({u"validate"_s, u"-f"_s, u"-"_s}, file.readAll());
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.standardOutput, QByteArray("<stdin>:6: LocustTest \"load/demo\" is valid\n"));
    }

    void exitCodes()
    {
        QCOMPARE(run({u"validate"_s, u"-f"_s, fixture(u"invalid-v2.yaml"_s)}).exitCode, 1);
        QCOMPARE(run({u"validate"_s}).exitCode, 2);
        QCOMPARE(run({u"frobnicate"_s}).exitCode, 2);
        QCOMPARE(run({}).exitCode, 2);
    }

    void renderWritesYamlToStandardOutput()
    {
        const Run result = run({u"render"_s, u"-f"_s, fixture(u"valid-v2.yaml"_s)});
        QCOMPARE(result.exitCode, 0);
        QVERIFY(result.standardOutput.startsWith("apiVersion: v1\nkind: Service\n"));
        QCOMPARE(result.standardOutput.count("\n---\n"), 2);
    }

    // Malformed input of every kind ends with a message and exit code 2, never a crash.
    void malformedInputNeverCrashes_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("binary") << QByteArray("\x00\xff\xfe\x01garbage", 12);
        QTest::newRow("unclosed flow") << QByteArray("a: [1, 2, {b: ");
        QTest::newRow("deep nesting") << QByteArray(100000, '[');
        QTest::newRow("tab indentation") << QByteArray("a:\n\tb: 1\n");
        QTest::newRow("alias bomb") << QByteArray("a: &a [x, x, x, x, x, x, x, x, x]\n"
                                                  "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                                                  "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
                                                  "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                                                  "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
                                                  "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
                                                  "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
                                                  "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n");
        QTest::newRow("json garbage") << QByteArray("{\"apiVersion\": ");
    }
    void malformedInputNeverCrashes()
    {
        QFETCH(QByteArray, text);
        for (const QString &command : {u"validate"_s, u"render"_s}) {
            const Run result = run({command, u"-f"_s, u"-"_s}, text);
            QCOMPARE(result.exitCode, 2);
            QVERIFY(result.standardError.startsWith("<stdin>"));
        }
        const Run converted = run({u"convert"_s, u"--to"_s, u"v2"_s, u"-f"_s, u"-"_s}, text);
        QCOMPARE(converted.exitCode, 2);
    }

    void version()
    {
        const Run result = run({u"--version"_s});
        QCOMPARE(result.exitCode, 0);
        QVERIFY(result.standardOutput.startsWith("locust-operator "));
    }
};

QTEST_GUILESS_MAIN(LocustOperatorProgramTest)
#include "tst_locustoperatorprogram.moc"

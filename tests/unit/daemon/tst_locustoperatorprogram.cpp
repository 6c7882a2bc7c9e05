// The locust-operator executable as a shell uses it.

#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
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
        QCOMPARE(run({u"frobnicate"_s}).exitCode, 2); // not a sub-command: a positional argument of the daemon
    }

    // Without a sub-command it is the daemon, with Go's flag syntax and the reference's exit codes.
    void daemonCommandLine()
    {
        const Run unknown = run({u"--no-such-flag"_s});
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY2(unknown.standardError.startsWith("flag provided but not defined: -no-such-flag\n"),
                 unknown.standardError.constData());
        QVERIFY(unknown.standardError.contains("-leader-elect"));

        const Run help = run({u"--help"_s});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.standardOutput.contains("-webhook-cert-wait-timeout duration"));
        QVERIFY(help.standardError.isEmpty());

        const Run noCertPath = run({u"--enable-webhooks"_s});
        QCOMPARE(noCertPath.exitCode, 1);
        QVERIFY2(noCertPath.standardError.contains("--webhook-cert-path is required when --enable-webhooks=true"),
                 noCertPath.standardError.constData());
    }

    // The bounded wait for the webhook certificate: exit 1 after the timeout, with the reference's text.
    void webhookCertificateWaitTimesOut()
    {
        QTemporaryDir empty;
        QElapsedTimer timer;
        timer.start();
        const Run result = run({u"--enable-webhooks"_s, u"--webhook-cert-path="_s + empty.path(),
                                u"--webhook-cert-wait-timeout=1s"_s, u"--health-probe-bind-address=0"_s});
        QCOMPARE(result.exitCode, 1);
        QVERIFY(timer.elapsed() < 10'000);
        QVERIFY2(result.standardError.contains("Waiting for webhook certificate files"), result.standardError.constData());
        QVERIFY2(result.standardError.contains("not present after 1s"), result.standardError.constData());
        QVERIFY(result.standardError.contains("unable to setup webhook server"));
    }

    // SIGTERM while the daemon waits for its certificate: a clean stop, exit 0.
    void terminationWhileWaitingExits0()
    {
        QTemporaryDir empty;
        QProcess process;
        process.setProgram(QStringLiteral(LOCUST_OPERATOR_PROGRAM));
        process.setArguments({u"--enable-webhooks"_s, u"--webhook-cert-path="_s + empty.path(),
                              u"--webhook-cert-wait-timeout=0"_s, u"--log-format=text"_s});
        process.start();
        QVERIFY(process.waitForStarted());
        QByteArray standardError;
        QTRY_VERIFY_WITH_TIMEOUT((standardError += process.readAllStandardError()).contains("Waiting for webhook certificate files"),
                                 10'000);
        process.terminate(); // SIGTERM
        QVERIFY(process.waitForFinished(10'000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 0);
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

#include "kube/credentialprovider.h"
#include "awaittask.h"
#include "manualclock.h"

#include <QCoroTask>
#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace locust;
using namespace locust::kube;

namespace {

void write(const QString &path, const QByteArray &text, bool executable = false)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    file.write(text);
    file.close();
    if (executable)
        file.setPermissions(file.permissions() | QFileDevice::ExeOwner);
}

QByteArray read(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

Result<Credentials> current(CredentialProvider &provider)
{
    return testsupport::await(provider.current());
}

} // namespace

class CredentialProviderTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_directory;

    // An exec plugin that counts its runs, records KUBERNETES_EXEC_INFO and prints `credential`.
    QString plugin(const QByteArray &credential, const QString &name = u"plugin"_s, int exitCode = 0)
    {
        const QString path = m_directory.filePath(name);
        const QString counter = m_directory.filePath(name + u".runs"_s);
        const QString info = m_directory.filePath(name + u".info"_s);
        write(path, "#!/bin/sh\necho run >> '" + counter.toUtf8() + "'\nprintf '%s' \"$KUBERNETES_EXEC_INFO\" > '"
                        + info.toUtf8() + "'\necho \"$MODE\" > '" + info.toUtf8() + ".mode'\n"
                        + "echo 'diagnostics on stderr' >&2\ncat <<'EOF'\n" + credential + "\nEOF\nexit "
                        + QByteArray::number(exitCode) + "\n",
              true);
        return path;
    }

    int runs(const QString &name = u"plugin"_s)
    {
        return int(read(m_directory.filePath(name + u".runs"_s)).count('\n'));
    }

    static QByteArray tokenCredential(const QString &token, const QDateTime &expires = {})
    {
        QJsonObject status{{u"token"_s, token}};
        if (expires.isValid())
            status.insert(u"expirationTimestamp"_s, expires.toString(Qt::ISODate));
        return QJsonDocument(QJsonObject{{u"apiVersion"_s, u"client.authentication.k8s.io/v1"_s},
                                         {u"kind"_s, u"ExecCredential"_s},
                                         {u"status"_s, status}})
            .toJson(QJsonDocument::Compact);
    }

    ClientConfig execConfig(const QString &command)
    {
        ClientConfig config;
        config.server = QUrl(u"https://127.0.0.1:6443"_s);
        config.caPem = "CA";
        ExecConfig exec;
        exec.apiVersion = u"client.authentication.k8s.io/v1"_s;
        exec.command = command;
        exec.env = {qMakePair(u"MODE"_s, u"fast"_s)};
        exec.provideClusterInfo = true;
        exec.installHint = u"install it with: apt install get-token"_s;
        config.exec = exec;
        return config;
    }

private Q_SLOTS:
    void staticCredentials()
    {
        ClientConfig config;
        config.bearerToken = u"static"_s;
        CredentialProvider provider(config);
        QCOMPARE(current(provider)->bearerToken, u"static"_s);
        QVERIFY(!provider.invalidate()); // nothing to refresh: retrying a 401 is pointless
    }

    // Projected service-account tokens rotate: the file is read again once a minute.
    void tokenFileIsReReadEveryMinute()
    {
        const QString path = m_directory.filePath(u"token"_s);
        write(path, "first\n");
        ClientConfig config;
        config.bearerTokenFile = path;
        testsupport::ManualClock clock;
        CredentialProvider provider(config, &clock);
        QCOMPARE(current(provider)->bearerToken, u"first"_s);
        write(path, "second");
        clock.advance(59'000);
        QCOMPARE(current(provider)->bearerToken, u"first"_s);
        clock.advance(1'000);
        QCOMPARE(current(provider)->bearerToken, u"second"_s);
        // After a 401 the file is read at once.
        write(path, "third");
        QVERIFY(provider.invalidate());
        QCOMPARE(current(provider)->bearerToken, u"third"_s);
        // A missing file keeps the last good token (the kubelet may be swapping it).
        QFile::remove(path);
        clock.advance(60'000);
        QCOMPARE(current(provider)->bearerToken, u"third"_s);
    }

    void missingTokenFileIsAnError()
    {
        ClientConfig config;
        config.bearerTokenFile = m_directory.filePath(u"nope"_s);
        CredentialProvider provider(config);
        const auto credentials = current(provider);
        QVERIFY(!credentials);
        QVERIFY(credentials.errorMessage().startsWith(u"cannot read the token file"_s));
    }

    void execPluginRunsOnceAndIsCached()
    {
        const QString command = plugin(tokenCredential(u"from-plugin"_s));
        CredentialProvider provider(execConfig(command));
        QCOMPARE(current(provider)->bearerToken, u"from-plugin"_s);
        QCOMPARE(current(provider)->bearerToken, u"from-plugin"_s);
        QCOMPARE(runs(), 1);
        QCOMPARE(provider.execRuns(), 1);
        // The plugin got its environment and KUBERNETES_EXEC_INFO with the cluster.
        QCOMPARE(read(m_directory.filePath(u"plugin.info.mode"_s)), QByteArray("fast\n"));
        const QJsonObject info = QJsonDocument::fromJson(read(m_directory.filePath(u"plugin.info"_s))).object();
        QCOMPARE(info[u"kind"_s].toString(), u"ExecCredential"_s);
        QCOMPARE(info[u"spec"_s][u"interactive"_s].toBool(true), false);
        QCOMPARE(info[u"spec"_s][u"cluster"_s][u"server"_s].toString(), u"https://127.0.0.1:6443"_s);
        QCOMPARE(info[u"spec"_s][u"cluster"_s][u"certificate-authority-data"_s].toString(), u"Q0E="_s);
    }

    void execPluginRunsAgainAfterExpiry()
    {
        const QString command =
            plugin(tokenCredential(u"short-lived"_s, QDateTime::currentDateTimeUtc().addSecs(120)), u"expiring"_s);
        testsupport::ManualClock clock;
        CredentialProvider provider(execConfig(command), &clock);
        QVERIFY(current(provider));
        clock.advance(100'000);
        QVERIFY(current(provider));
        QCOMPARE(runs(u"expiring"_s), 1);
        clock.advance(25'000); // past the expiration timestamp
        QVERIFY(current(provider));
        QCOMPARE(runs(u"expiring"_s), 2);
    }

    void execPluginRunsAgainAfterUnauthorized()
    {
        const QString command = plugin(tokenCredential(u"t"_s), u"rejected"_s);
        CredentialProvider provider(execConfig(command));
        QVERIFY(current(provider));
        QVERIFY(provider.invalidate());
        QVERIFY(current(provider));
        QCOMPARE(runs(u"rejected"_s), 2);
    }

    void concurrentCallersShareOneRun()
    {
        const QString command = plugin(tokenCredential(u"shared"_s), u"shared"_s);
        CredentialProvider provider(execConfig(command));
        auto first = provider.current();
        auto second = provider.current();
        QCOMPARE(testsupport::await(std::move(first))->bearerToken, u"shared"_s);
        QCOMPARE(testsupport::await(std::move(second))->bearerToken, u"shared"_s);
        QCOMPARE(runs(u"shared"_s), 1);
    }

    void execPluginFailures_data()
    {
        QTest::addColumn<QByteArray>("output");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QTest::newRow("exit code") << tokenCredential(u"t"_s) << 3 << u"failed (exit code 3): diagnostics on stderr"_s;
        QTest::newRow("not json") << QByteArray("hello") << 0 << u"did not print an ExecCredential"_s;
        QTest::newRow("wrong api version")
            << QByteArray(R"j({"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"t"}})j")
            << 0 << u"answered with apiVersion \"client.authentication.k8s.io/v1beta1\""_s;
        QTest::newRow("nothing useful")
            << QByteArray(R"j({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{}})j") << 0
            << u"gave neither a token nor a client certificate"_s;
        QTest::newRow("bad expiry")
            << QByteArray(R"j({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"t","expirationTimestamp":"soon"}})j")
            << 0 << u"gave an invalid expirationTimestamp \"soon\""_s;
    }
    void execPluginFailures()
    {
        QFETCH(QByteArray, output);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        const QString name = u"failing-"_s + QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'-');
        CredentialProvider provider(execConfig(plugin(output, name, exitCode)));
        const auto credentials = current(provider);
        QVERIFY(!credentials);
        QVERIFY2(credentials.errorMessage().contains(message), qPrintable(credentials.errorMessage()));
    }

    void missingPluginShowsTheInstallHint()
    {
        CredentialProvider provider(execConfig(m_directory.filePath(u"not-installed"_s)));
        const auto credentials = current(provider);
        QVERIFY(!credentials);
        QVERIFY2(credentials.errorMessage().startsWith(u"cannot run the exec credential plugin"_s),
                 qPrintable(credentials.errorMessage()));
        QVERIFY(credentials.errorMessage().endsWith(u"install it with: apt install get-token"_s));
    }
};

QTEST_GUILESS_MAIN(CredentialProviderTest)
#include "tst_credentialprovider.moc"

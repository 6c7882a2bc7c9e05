#include "kube/credentialprovider.h"

#include "support/goquote.h"

#include <QCoroProcess>
#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

using namespace Qt::StringLiterals;

namespace locust::kube {

CredentialProvider::CredentialProvider(ClientConfig config, Clock *clock, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_clock(clock)
{
}

CredentialProvider::~CredentialProvider() = default;

bool CredentialProvider::invalidate()
{
    if (m_config.exec) {
        m_execCredentials.reset();
        return true;
    }
    if (!m_config.bearerTokenFile.isEmpty()) {
        m_fileTokenReadAtMs.reset();
        return true;
    }
    return false;
}

Result<QString> CredentialProvider::readTokenFile()
{
    const qint64 now = m_clock->nowMs();
    if (m_fileTokenReadAtMs && now - *m_fileTokenReadAtMs < tokenFileRefreshMs)
        return m_fileToken;
    QFile file(m_config.bearerTokenFile);
    if (!file.open(QIODevice::ReadOnly)) {
        if (!m_fileToken.isEmpty())
            return m_fileToken; // keep the last good token; the file may be mid-rotation
        return Error{u"cannot read the token file %1: %2"_s.arg(goQuote(m_config.bearerTokenFile), file.errorString())};
    }
    const QString token = QString::fromUtf8(file.readAll()).trimmed();
    if (token.isEmpty() && m_fileToken.isEmpty())
        return Error{u"the token file %1 is empty"_s.arg(goQuote(m_config.bearerTokenFile))};
    if (!token.isEmpty())
        m_fileToken = token;
    m_fileTokenReadAtMs = now;
    return m_fileToken;
}

QCoro::Task<Result<Credentials>> CredentialProvider::current()
{
    Credentials credentials;
    credentials.bearerToken = m_config.bearerToken;
    credentials.username = m_config.username;
    credentials.password = m_config.password;
    credentials.clientCertificate = m_config.clientCertificate;
    credentials.clientKey = m_config.clientKey;

    if (!m_config.bearerTokenFile.isEmpty() && credentials.bearerToken.isEmpty()) {
        const Result<QString> token = readTokenFile();
        if (!token)
            co_return token.error();
        credentials.bearerToken = *token;
    }

    if (m_config.exec) {
        const bool expired = m_execExpiresAtMs && m_clock->nowMs() >= *m_execExpiresAtMs;
        if (!m_execCredentials || expired) {
            if (m_execRunning) {
                co_await m_execDone.wait();
            } else {
                const Result<Credentials> fresh = co_await runExecPlugin();
                if (!fresh)
                    co_return fresh.error();
            }
            if (!m_execCredentials)
                co_return m_lastExecError.value_or(Error{u"the exec plugin gave no credentials"_s});
        }
        // Exec credentials replace the static ones they provide.
        if (!m_execCredentials->bearerToken.isEmpty())
            credentials.bearerToken = m_execCredentials->bearerToken;
        if (!m_execCredentials->clientCertificate.isNull()) {
            credentials.clientCertificate = m_execCredentials->clientCertificate;
            credentials.clientKey = m_execCredentials->clientKey;
        }
    }
    co_return credentials;
}

QCoro::Task<Result<Credentials>> CredentialProvider::runExecPlugin()
{
    const ExecConfig &exec = *m_config.exec;
    m_execRunning = true;
    ++m_execRuns;
    m_lastExecError.reset();
    auto fail = [this](const QString &message) -> Result<Credentials> {
        m_execRunning = false;
        m_lastExecError = Error{message};
        m_execDone.wakeAll();
        return Error{message};
    };

    QJsonObject spec{{u"interactive"_s, false}};
    if (exec.provideClusterInfo) {
        QJsonObject cluster{{u"server"_s, m_config.server.toString()},
                            {u"insecure-skip-tls-verify"_s, m_config.insecureSkipTlsVerify}};
        if (!m_config.caPem.isEmpty())
            cluster.insert(u"certificate-authority-data"_s, QString::fromLatin1(m_config.caPem.toBase64()));
        if (!m_config.tlsServerName.isEmpty())
            cluster.insert(u"tls-server-name"_s, m_config.tlsServerName);
        spec.insert(u"cluster"_s, cluster);
    }
    const QJsonObject execInfo{{u"apiVersion"_s, exec.apiVersion}, {u"kind"_s, u"ExecCredential"_s}, {u"spec"_s, spec}};

    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const auto &[name, value] : exec.env)
        environment.insert(name, value);
    environment.insert(u"KUBERNETES_EXEC_INFO"_s,
                       QString::fromUtf8(QJsonDocument(execInfo).toJson(QJsonDocument::Compact)));

    QProcess process;
    process.setProcessEnvironment(environment);
    process.setInputChannelMode(QProcess::ManagedInputChannel);
    auto coProcess = qCoro(process);
    const QString commandLine = goQuote(exec.command);
    const bool started = co_await coProcess.start(exec.command, exec.args, QIODevice::ReadWrite);
    if (!started) {
        QString message = u"cannot run the exec credential plugin %1: %2"_s.arg(commandLine, process.errorString());
        if (!exec.installHint.isEmpty())
            message += u"\n"_s + exec.installHint;
        co_return fail(message);
    }
    process.closeWriteChannel(); // never interactive
    const bool finished = co_await coProcess.waitForFinished(std::chrono::milliseconds(execTimeoutMs));
    if (!finished) {
        process.kill();
        co_await coProcess.waitForFinished(std::chrono::milliseconds(1000));
        co_return fail(u"the exec credential plugin %1 did not finish within %2 s"_s.arg(commandLine).arg(execTimeoutMs / 1000));
    }
    const QByteArray output = process.readAllStandardOutput();
    const QString errors = QString::fromUtf8(process.readAllStandardError()).trimmed().right(2000);
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        co_return fail(u"the exec credential plugin %1 failed (exit code %2)%3"_s.arg(commandLine)
                           .arg(process.exitCode())
                           .arg(errors.isEmpty() ? QString() : u": "_s + errors));
    }

    QJsonParseError parseError;
    const QJsonObject credential = QJsonDocument::fromJson(output, &parseError).object();
    if (parseError.error != QJsonParseError::NoError || credential.value(u"kind").toString() != u"ExecCredential")
        co_return fail(u"the exec credential plugin %1 did not print an ExecCredential"_s.arg(commandLine));
    if (credential.value(u"apiVersion").toString() != exec.apiVersion) {
        co_return fail(u"the exec credential plugin %1 answered with apiVersion %2, expected %3"_s.arg(
            commandLine, goQuote(credential.value(u"apiVersion").toString()), goQuote(exec.apiVersion)));
    }
    const QJsonObject status = credential.value(u"status").toObject();
    Credentials fresh;
    fresh.bearerToken = status.value(u"token").toString();
    const QByteArray certificate = status.value(u"clientCertificateData").toString().toUtf8();
    const QByteArray key = status.value(u"clientKeyData").toString().toUtf8();
    if (!certificate.isEmpty() || !key.isEmpty()) {
        const QList<QSslCertificate> certificates = QSslCertificate::fromData(certificate, QSsl::Pem);
        QSslKey privateKey;
        for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec}) {
            privateKey = QSslKey(key, algorithm, QSsl::Pem, QSsl::PrivateKey);
            if (!privateKey.isNull())
                break;
        }
        if (certificates.isEmpty() || privateKey.isNull())
            co_return fail(u"the exec credential plugin %1 gave an unreadable client certificate or key"_s.arg(commandLine));
        fresh.clientCertificate = certificates.first();
        fresh.clientKey = privateKey;
    }
    if (fresh.bearerToken.isEmpty() && fresh.clientCertificate.isNull())
        co_return fail(u"the exec credential plugin %1 gave neither a token nor a client certificate"_s.arg(commandLine));

    m_execExpiresAtMs.reset();
    const QString expiration = status.value(u"expirationTimestamp").toString();
    if (!expiration.isEmpty()) {
        const QDateTime expiresAt = QDateTime::fromString(expiration, Qt::ISODate);
        if (!expiresAt.isValid())
            co_return fail(u"the exec credential plugin %1 gave an invalid expirationTimestamp %2"_s.arg(
                commandLine, goQuote(expiration)));
        m_execExpiresAtMs = m_clock->nowMs() + QDateTime::currentDateTimeUtc().msecsTo(expiresAt);
    }
    m_execCredentials = fresh;
    m_execRunning = false;
    m_execDone.wakeAll();
    co_return fresh;
}

} // namespace locust::kube

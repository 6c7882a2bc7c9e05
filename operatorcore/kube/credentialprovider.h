#pragma once

#include "kube/clientconfig.h"
#include "kube/clock.h"
#include "kube/waker.h"
#include "support/result.h"

#include <QCoroTask>
#include <QObject>
#include <QSslCertificate>
#include <QSslKey>

#include <optional>

namespace locust::kube {

// What a request carries to authenticate.
struct Credentials
{
    QString bearerToken;
    QString username; // basic auth
    QString password;
    QSslCertificate clientCertificate;
    QSslKey clientKey;
};

// Supplies the credentials of a ClientConfig, keeping those that change fresh:
//  - a token file is re-read when the last read is a minute old, as client-go does, because
//    projected service-account tokens rotate (a read failure keeps the previous token);
//  - an exec plugin runs (asynchronously, with a bounded time) when there are no credentials yet,
//    when the ones it gave have expired (status.expirationTimestamp), or after the server answered
//    401; concurrent callers share one run.
class CredentialProvider : public QObject
{
    Q_OBJECT

public:
    explicit CredentialProvider(ClientConfig config, Clock *clock = Clock::system(), QObject *parent = nullptr);
    ~CredentialProvider() override;

    QCoro::Task<Result<Credentials>> current();

    // The server rejected the credentials (HTTP 401). Returns whether fresh ones can be obtained, so
    // that retrying the request makes sense.
    bool invalidate();

    int execRuns() const { return m_execRuns; }

    static constexpr qint64 tokenFileRefreshMs = 60'000;
    static constexpr int execTimeoutMs = 60'000;

private:
    QCoro::Task<Result<Credentials>> runExecPlugin();
    Result<QString> readTokenFile();

    ClientConfig m_config;
    Clock *m_clock;
    std::optional<Credentials> m_execCredentials;
    std::optional<qint64> m_execExpiresAtMs; // no value: valid until the server says otherwise
    bool m_execRunning = false;
    std::optional<Error> m_lastExecError;
    int m_execRuns = 0;
    Waker m_execDone; // callers that arrive while the plugin runs wait for its result
    QString m_fileToken;
    std::optional<qint64> m_fileTokenReadAtMs;
};

} // namespace locust::kube

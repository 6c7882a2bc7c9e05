#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace locust::kube {

// An exec credential plugin (client.authentication.k8s.io ExecCredential), as a kubeconfig user
// declares it.
struct ExecConfig
{
    QString apiVersion;   // client.authentication.k8s.io/v1 (or v1beta1)
    QString command;      // resolved against the kubeconfig's directory when it contains a '/'
    QStringList args;
    QList<QPair<QString, QString>> env;
    QString installHint;
    bool provideClusterInfo = false;
    QString interactiveMode; // Never, IfAvailable, Always; the client never has a terminal to offer

    bool operator==(const ExecConfig &) const = default;
};

// Everything needed to talk to one API server as one user, from a kubeconfig context or from the
// pod's service account. Credentials that change over time (token files, exec plugins) are
// described here and obtained by CredentialProvider.
struct ClientConfig
{
    QUrl server;                           // https://host:port, possibly with a path prefix
    QList<QSslCertificate> caCertificates; // the CAs to trust; empty means the system's
    QByteArray caPem;                      // the same, as PEM (for exec plugins' cluster info)
    bool insecureSkipTlsVerify = false;
    QString tlsServerName;                 // the name to verify the server certificate against
    QUrl proxy;                            // proxy-url, empty for none
    QSslCertificate clientCertificate;
    QSslKey clientKey;
    QString bearerToken;
    QString bearerTokenFile; // re-read periodically: projected service-account tokens rotate
    QString username;        // basic auth
    QString password;
    std::optional<ExecConfig> exec;
    QString impersonateUser;
    QStringList impersonateGroups;

    QString namespaceName = QStringLiteral("default"); // the context's namespace
    QString contextName;                               // for messages; "in-cluster" in a pod
    QString source;                                    // the kubeconfig file(s), for messages

    double qps = 20; // client-side throttling (controller-runtime's defaults)
    int burst = 30;
    QString userAgent = QStringLiteral("locust-operator");
};

} // namespace locust::kube

// How KubeClient authenticates against the real API server, and how it fails when it cannot.

#include "awaittask.h"
#include "kube/credentialprovider.h"
#include "kube/kubeclient.h"
#include "kube/kubeconfig.h"
#include "kubetestcluster.h"

#include <QDateTime>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace locust;
using namespace locust::kube;
using testsupport::await;

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

} // namespace

class KubeAuthTest : public QObject
{
    Q_OBJECT

private:
    testsupport::KubeTestCluster m_cluster = testsupport::KubeTestCluster::connect();
    QTemporaryDir m_directory;

    // A kubeconfig for the control plane's server with the given `user:` mapping.
    Result<ClientConfig> kubeconfigWithUser(const QByteArray &user, const QByteArray &cluster = {})
    {
        const testsupport::ControlPlane &plane = m_cluster.controlPlane();
        const QByteArray clusterYaml = cluster.isEmpty()
            ? "    certificate-authority: " + plane.caCert.toUtf8() + "\n"
            : cluster;
        const QByteArray yaml = "current-context: t\nclusters:\n- name: c\n  cluster:\n    server: "
            + plane.apiserverUrl.toUtf8() + "\n" + clusterYaml + "users:\n- name: u\n  user:\n" + user
            + "contexts:\n- name: t\n  context: {cluster: c, user: u}\n";
        const QString path = m_directory.filePath(testsupport::uniqueName(u"kubeconfig"_s));
        write(path, yaml);
        const auto config = KubeConfig::load({path}, true);
        if (!config)
            return config.error();
        return config->clientConfig();
    }

    // A test's way to see whether it is authenticated: reading the namespace list needs admin rights.
    static ApiResult<ObjectList> listNamespaces(KubeClient &client)
    {
        ListOptions options;
        options.limit = 1;
        return await(client.list(ResourceType::namespaces(), QString(), options));
    }

    void openssl(const QStringList &arguments)
    {
        const testsupport::ProcessResult result = testsupport::runProcess(u"openssl"_s, arguments);
        if (!result.ok())
            qFatal("openssl failed: %s", qPrintable(result.describe()));
    }

private Q_SLOTS:
    void clientCertificate()
    {
        KubeClient client(m_cluster.adminConfig());
        const auto namespaces = listNamespaces(client);
        QVERIFY2(namespaces, qPrintable(namespaces.errorMessage()));
    }

    void bearerToken()
    {
        const auto config = kubeconfigWithUser("    token: " + m_cluster.controlPlane().adminToken.toUtf8() + "\n");
        QVERIFY2(config, qPrintable(config.errorMessage()));
        KubeClient client(*config);
        const auto namespaces = listNamespaces(client);
        QVERIFY2(namespaces, qPrintable(namespaces.errorMessage()));

        const auto wrong = kubeconfigWithUser("    token: not-a-token\n");
        KubeClient rejected(*wrong);
        const auto refused = listNamespaces(rejected);
        QVERIFY2(refused.error().isUnauthorized(), qPrintable(refused.errorMessage()));
    }

    // An exec plugin provides the token; it runs again when its credential expires.
    void execPluginWithExpiry()
    {
        const QString counter = m_directory.filePath(u"expiring.runs"_s);
        const QString plugin = m_directory.filePath(u"expiring-plugin"_s);
        write(plugin, "#!/bin/sh\necho run >> '" + counter.toUtf8() + "'\n"
                      "expires=$(date -u -d '+3 seconds' +%Y-%m-%dT%H:%M:%SZ)\n"
                      "printf '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
                      "\"status\":{\"token\":\"%s\",\"expirationTimestamp\":\"%s\"}}' '"
                          + m_cluster.controlPlane().adminToken.toUtf8() + "' \"$expires\"\n",
              true);
        const auto config = kubeconfigWithUser("    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
                                               "      command: " + plugin.toUtf8() + "\n");
        QVERIFY2(config, qPrintable(config.errorMessage()));
        KubeClient client(*config);
        QVERIFY2(listNamespaces(client), "first request");
        QVERIFY2(listNamespaces(client), "second request");
        QCOMPARE(read(counter).count('\n'), 1); // cached while valid
        QTest::qWait(3500);
        QVERIFY2(listNamespaces(client), "after expiry");
        QCOMPARE(read(counter).count('\n'), 2);
    }

    // The server says 401: the plugin runs again and the request is retried once with the new token.
    void execPluginRefreshedAfterUnauthorized()
    {
        const QString counter = m_directory.filePath(u"rotating.runs"_s);
        const QString plugin = m_directory.filePath(u"rotating-plugin"_s);
        write(plugin, "#!/bin/sh\necho run >> '" + counter.toUtf8() + "'\n"
                      "if [ \"$(wc -l < '" + counter.toUtf8() + "')\" -eq 1 ]; then token=revoked; else token='"
                          + m_cluster.controlPlane().adminToken.toUtf8() + "'; fi\n"
                      "printf '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
                      "\"status\":{\"token\":\"%s\"}}' \"$token\"\n",
              true);
        const auto config = kubeconfigWithUser("    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
                                               "      command: " + plugin.toUtf8() + "\n");
        KubeClient client(*config);
        const auto namespaces = listNamespaces(client);
        QVERIFY2(namespaces, qPrintable(namespaces.errorMessage()));
        QCOMPARE(read(counter).count('\n'), 2);
        QCOMPARE(client.requestCount(), 2); // the rejected request and its retry
    }

    // A kubeconfig whose CA did not sign the server's certificate: a clear TLS error.
    void wrongCertificateAuthority()
    {
        const QString key = m_directory.filePath(u"other-ca.key"_s);
        const QString certificate = m_directory.filePath(u"other-ca.crt"_s);
        openssl({u"req"_s, u"-x509"_s, u"-new"_s, u"-nodes"_s, u"-newkey"_s, u"rsa:2048"_s, u"-keyout"_s, key,
                 u"-out"_s, certificate, u"-days"_s, u"2"_s, u"-subj"_s, u"/CN=some-other-ca"_s});
        const auto config = kubeconfigWithUser("    token: " + m_cluster.controlPlane().adminToken.toUtf8() + "\n",
                                               "    certificate-authority: " + certificate.toUtf8() + "\n");
        QVERIFY2(config, qPrintable(config.errorMessage()));
        KubeClient client(*config);
        const auto refused = listNamespaces(client);
        QVERIFY(!refused);
        QVERIFY(refused.error().isTransport());
        const QString message = refused.errorMessage();
        QVERIFY2(message.contains(u"TLS connection to "_s + m_cluster.controlPlane().apiserverUrl + u" failed"_s),
                 qPrintable(message));
        QVERIFY2(message.contains(u"not trusted by the certificate-authority configured (context \"t\""_s),
                 qPrintable(message));
    }

    // insecure-skip-tls-verify accepts any server certificate (and is reported as such by kubeconfig).
    void insecureSkipTlsVerify()
    {
        const auto config = kubeconfigWithUser("    token: " + m_cluster.controlPlane().adminToken.toUtf8() + "\n",
                                               "    insecure-skip-tls-verify: true\n");
        KubeClient client(*config);
        const auto namespaces = listNamespaces(client);
        QVERIFY2(namespaces, qPrintable(namespaces.errorMessage()));
    }

    // A client certificate the API server's CA did not sign authenticates nobody.
    void untrustedClientCertificate()
    {
        const QString key = m_directory.filePath(u"stranger.key"_s);
        const QString certificate = m_directory.filePath(u"stranger.crt"_s);
        openssl({u"req"_s, u"-x509"_s, u"-new"_s, u"-nodes"_s, u"-newkey"_s, u"rsa:2048"_s, u"-keyout"_s, key,
                 u"-out"_s, certificate, u"-days"_s, u"2"_s, u"-subj"_s, u"/O=system:masters/CN=stranger"_s});
        const auto config = kubeconfigWithUser("    client-certificate: " + certificate.toUtf8()
                                               + "\n    client-key: " + key.toUtf8() + "\n");
        QVERIFY2(config, qPrintable(config.errorMessage()));
        KubeClient client(*config);
        const auto refused = listNamespaces(client);
        QVERIFY(!refused);
        QVERIFY2(refused.error().isUnauthorized(), qPrintable(refused.errorMessage()));
    }

    void unreachableServer()
    {
        ClientConfig config = m_cluster.adminConfig();
        config.server = QUrl(u"https://127.0.0.1:1"_s);
        KubeClient client(config);
        const auto refused = listNamespaces(client);
        QVERIFY(refused.error().isTransport());
        QVERIFY2(refused.errorMessage().contains(u"cannot reach https://127.0.0.1:1"_s), qPrintable(refused.errorMessage()));
    }
};

QTEST_GUILESS_MAIN(KubeAuthTest)
#include "tst_kubeauth.moc"

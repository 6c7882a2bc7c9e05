#include "kube/inclusterconfig.h"
#include "kube/kubeconfig.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace locust;
using namespace locust::kube;

namespace {

QByteArray fixture(const QString &name)
{
    QFile file(QStringLiteral(LOCUST_TEST_DATA_DIR) + u'/' + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(file.fileName()));
    return file.readAll();
}

QByteArray base64(const QString &name)
{
    return fixture(name).toBase64();
}

void write(const QString &path, const QByteArray &text)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    file.write(text);
}

// A kubeconfig with one cluster, user and context; `cluster` and `user` are the YAML mappings.
QByteArray kubeconfig(const QByteArray &cluster, const QByteArray &user, const QByteArray &extra = {})
{
    return "apiVersion: v1\nkind: Config\ncurrent-context: main\n"
           "clusters:\n- name: c\n  cluster:\n" + cluster +
           "users:\n- name: u\n  user:\n" + user +
           "contexts:\n- name: main\n  context: {cluster: c, user: u, namespace: load}\n" + extra;
}

Result<ClientConfig> parse(const QByteArray &yaml, const QString &directory = u"/nonexistent"_s)
{
    const Result<KubeConfig> config = KubeConfig::parse(yaml, directory, u"test.kubeconfig"_s);
    if (!config)
        return config.error();
    return config->clientConfig();
}

} // namespace

class KubeConfigTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tokenUser()
    {
        const auto config = parse(kubeconfig("    server: https://127.0.0.1:6443\n", "    token: abc123\n"));
        QVERIFY2(config, qPrintable(config.errorMessage()));
        QCOMPARE(config->server, QUrl(u"https://127.0.0.1:6443"_s));
        QCOMPARE(config->bearerToken, u"abc123"_s);
        QCOMPARE(config->namespaceName, u"load"_s);
        QCOMPARE(config->contextName, u"main"_s);
        QVERIFY(config->caCertificates.isEmpty());
        QVERIFY(!config->insecureSkipTlsVerify);
    }

    void embeddedCertificates_data()
    {
        QTest::addColumn<QString>("certificate");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QSsl::KeyAlgorithm>("algorithm");
        QTest::newRow("rsa") << u"client-rsa.crt"_s << u"client-rsa.key"_s << QSsl::Rsa;
        QTest::newRow("ec") << u"client-ec.crt"_s << u"client-ec.key"_s << QSsl::Ec;
    }
    void embeddedCertificates()
    {
        QFETCH(QString, certificate);
        QFETCH(QString, key);
        QFETCH(QSsl::KeyAlgorithm, algorithm);
        const auto config = parse(kubeconfig("    server: https://k8s.example:443\n    certificate-authority-data: "
                                                 + base64(u"ca.crt"_s) + "\n",
                                             "    client-certificate-data: " + base64(certificate)
                                                 + "\n    client-key-data: " + base64(key) + "\n"));
        QVERIFY2(config, qPrintable(config.errorMessage()));
        QCOMPARE(config->caCertificates.size(), 1);
        QCOMPARE(config->caCertificates.first().subjectInfo(QSslCertificate::CommonName).value(0), u"locust-test-ca"_s);
        QVERIFY(!config->clientCertificate.isNull());
        QCOMPARE(config->clientKey.algorithm(), algorithm);
        QCOMPARE(config->caPem, fixture(u"ca.crt"_s));
    }

    // File paths in a kubeconfig are relative to the kubeconfig's own directory.
    void relativeFilePaths()
    {
        QTemporaryDir directory;
        QVERIFY(directory.isValid());
        write(directory.filePath(u"pki/ca.crt"_s), fixture(u"ca.crt"_s));
        write(directory.filePath(u"pki/user.crt"_s), fixture(u"client-ec.crt"_s));
        write(directory.filePath(u"pki/user.key"_s), fixture(u"client-ec.key"_s));
        write(directory.filePath(u"token"_s), "from-file\n");
        write(directory.filePath(u"config"_s),
              kubeconfig("    server: https://h:1\n    certificate-authority: pki/ca.crt\n",
                         "    client-certificate: pki/user.crt\n    client-key: pki/user.key\n    tokenFile: token\n"));
        const auto loaded = KubeConfig::load({directory.filePath(u"config"_s)});
        QVERIFY2(loaded, qPrintable(loaded.errorMessage()));
        const auto config = loaded->clientConfig();
        QVERIFY2(config, qPrintable(config.errorMessage()));
        QCOMPARE(config->caCertificates.size(), 1);
        QVERIFY(!config->clientCertificate.isNull());
        QCOMPARE(config->bearerTokenFile, directory.filePath(u"token"_s));
    }

    void dataWinsOverFile()
    {
        const auto config = parse(kubeconfig("    server: https://h:1\n    certificate-authority: /no/such/file\n"
                                             "    certificate-authority-data: " + base64(u"ca.crt"_s) + "\n",
                                             "    token: t\n"));
        QVERIFY2(config, qPrintable(config.errorMessage()));
        QCOMPARE(config->caCertificates.size(), 1);
    }

    void clusterOptions()
    {
        const auto config = parse(kubeconfig("    server: https://h:1/prefix\n    insecure-skip-tls-verify: true\n"
                                             "    tls-server-name: api.internal\n    proxy-url: http://proxy:3128\n",
                                             "    username: admin\n    password: secret\n    as: someone\n"
                                             "    as-groups: [a, b]\n"));
        QVERIFY2(config, qPrintable(config.errorMessage()));
        QVERIFY(config->insecureSkipTlsVerify);
        QCOMPARE(config->tlsServerName, u"api.internal"_s);
        QCOMPARE(config->proxy, QUrl(u"http://proxy:3128"_s));
        QCOMPARE(config->server.path(), u"/prefix"_s);
        QCOMPARE(config->username, u"admin"_s);
        QCOMPARE(config->impersonateUser, u"someone"_s);
        QCOMPARE(config->impersonateGroups, (QStringList{u"a"_s, u"b"_s}));
    }

    void execPlugin()
    {
        const auto config = parse(kubeconfig("    server: https://h:1\n",
                                             "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
                                             "      command: ./bin/get-token\n      args: [--cluster, prod]\n"
                                             "      env: [{name: MODE, value: fast}]\n      provideClusterInfo: true\n"
                                             "      interactiveMode: Never\n      installHint: install get-token\n"),
                                  u"/etc/kube"_s);
        QVERIFY2(config, qPrintable(config.errorMessage()));
        QVERIFY(config->exec);
        QCOMPARE(config->exec->command, u"/etc/kube/bin/get-token"_s);
        QCOMPARE(config->exec->args, (QStringList{u"--cluster"_s, u"prod"_s}));
        QCOMPARE(config->exec->env.value(0), qMakePair(u"MODE"_s, u"fast"_s));
        QVERIFY(config->exec->provideClusterInfo);
        QCOMPARE(config->exec->installHint, u"install get-token"_s);
        // A bare command name is looked up on PATH, not resolved against the directory.
        const auto bare = parse(kubeconfig("    server: https://h:1\n",
                                           "    exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: aws}\n"));
        QVERIFY(bare);
        QCOMPARE(bare->exec->command, u"aws"_s);
    }

    void contextSelection()
    {
        const QByteArray yaml = kubeconfig("    server: https://h:1\n", "    token: t\n",
                                           "- name: other\n  context: {cluster: c, user: u}\n");
        const auto config = KubeConfig::parse(yaml, u"/"_s, u"x"_s);
        QVERIFY(config);
        QCOMPARE(config->contextNames(), (QStringList{u"main"_s, u"other"_s}));
        QCOMPARE(config->currentContext(), u"main"_s);
        QCOMPARE(config->contextNamespace(u"other"_s), u"default"_s);
        const auto other = config->clientConfig(u"other"_s);
        QVERIFY(other);
        QCOMPARE(other->contextName, u"other"_s);
        QCOMPARE(other->namespaceName, u"default"_s);
    }

    // KUBECONFIG=a:b: the first file that defines a name wins, and the first current-context.
    void mergedFilesPrecedence()
    {
        QTemporaryDir directory;
        write(directory.filePath(u"a"_s), "clusters:\n- name: c\n  cluster: {server: 'https://first:1'}\n"
                                          "users:\n- name: u\n  user: {token: first}\n");
        write(directory.filePath(u"b"_s), "current-context: main\n"
                                          "clusters:\n- name: c\n  cluster: {server: 'https://second:1'}\n"
                                          "users:\n- name: u\n  user: {token: second}\n"
                                          "contexts:\n- name: main\n  context: {cluster: c, user: u}\n");
        QProcessEnvironment environment;
        environment.insert(u"KUBECONFIG"_s, directory.filePath(u"a"_s) + u":"_s + directory.filePath(u"missing"_s)
                                                + u":"_s + directory.filePath(u"b"_s));
        const QStringList files = KubeConfig::defaultFiles(environment);
        QCOMPARE(files.size(), 3);
        const auto merged = KubeConfig::load(files);
        QVERIFY2(merged, qPrintable(merged.errorMessage()));
        const auto config = merged->clientConfig();
        QVERIFY2(config, qPrintable(config.errorMessage()));
        QCOMPARE(config->server.host(), u"first"_s);
        QCOMPARE(config->bearerToken, u"first"_s);
        // An explicit path must exist.
        const auto missing = KubeConfig::load({directory.filePath(u"missing"_s)}, true);
        QVERIFY(!missing);
        QVERIFY(missing.errorMessage().contains(u"does not exist"_s));
    }

    void defaultFiles()
    {
        QProcessEnvironment environment;
        environment.insert(u"HOME"_s, u"/home/me"_s);
        QCOMPARE(KubeConfig::defaultFiles(environment), QStringList{u"/home/me/.kube/config"_s});
        QCOMPARE(KubeConfig::defaultFiles(environment, u"/x"_s), QStringList{u"/x"_s});
        environment.insert(u"KUBECONFIG"_s, u"/a::/b:/a"_s);
        QCOMPARE(KubeConfig::defaultFiles(environment), (QStringList{u"/a"_s, u"/b"_s}));
    }

    void brokenKubeconfigs_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("message");
        const QByteArray server = "    server: https://h:1\n";
        QTest::newRow("malformed yaml") << QByteArray("clusters: [\n") << u"kubeconfig \"test.kubeconfig\": line"_s;
        QTest::newRow("no current context")
            << QByteArray("clusters: []\n") << u"no current context is set in test.kubeconfig"_s;
        QTest::newRow("unknown context") << QByteArray("current-context: nope\n") << u"context \"nope\" not found"_s;
        QTest::newRow("unknown cluster")
            << QByteArray("current-context: x\ncontexts:\n- name: x\n  context: {cluster: gone, user: u}\n")
            << u"cluster \"gone\" of context \"x\" not found"_s;
        QTest::newRow("unknown user") << kubeconfig(server, "    token: t\n").replace("user: u, namespace", "user: v, namespace")
                                      << u"user \"v\" of context \"main\" not found"_s;
        QTest::newRow("no server") << kubeconfig("    insecure-skip-tls-verify: true\n", "    token: t\n")
                                   << u"cluster \"c\" has no server"_s;
        QTest::newRow("server not a URL") << kubeconfig("    server: 'ftp://h'\n", "    token: t\n")
                                          << u"server \"ftp://h\" of cluster \"c\" is not an http(s) URL"_s;
        QTest::newRow("bad base64") << kubeconfig("    server: https://h:1\n    certificate-authority-data: '!!!'\n", "    token: t\n")
                                    << u"certificate-authority-data of cluster \"c\" is not valid base64"_s;
        QTest::newRow("ca not pem") << kubeconfig("    server: https://h:1\n    certificate-authority-data: aGVsbG8=\n", "    token: t\n")
                                    << u"certificate-authority of cluster \"c\" holds no PEM certificate"_s;
        QTest::newRow("ca file missing") << kubeconfig("    server: https://h:1\n    certificate-authority: /no/ca.crt\n", "    token: t\n")
                                         << u"cannot read certificate-authority of cluster \"c\" \"/no/ca.crt\""_s;
        QTest::newRow("insecure with ca")
            << kubeconfig("    server: https://h:1\n    insecure-skip-tls-verify: true\n    certificate-authority-data: "
                              + base64(u"ca.crt"_s) + "\n",
                          "    token: t\n")
            << u"sets both insecure-skip-tls-verify and a certificate-authority"_s;
        QTest::newRow("certificate without key")
            << kubeconfig(server, "    client-certificate-data: " + base64(u"client-ec.crt"_s) + "\n")
            << u"user \"u\" has a client certificate without a key"_s;
        QTest::newRow("key not a key")
            << kubeconfig(server, "    client-certificate-data: " + base64(u"client-ec.crt"_s)
                                      + "\n    client-key-data: " + base64(u"ca.crt"_s) + "\n")
            << u"client-key of user \"u\" is not a PEM private key"_s;
        QTest::newRow("auth provider")
            << kubeconfig(server, "    auth-provider: {name: gcp}\n") << u"uses auth-provider \"gcp\", which is not supported"_s;
        QTest::newRow("exec without command")
            << kubeconfig(server, "    exec: {apiVersion: client.authentication.k8s.io/v1}\n")
            << u"the exec plugin of user \"u\" has no command"_s;
        QTest::newRow("exec old api")
            << kubeconfig(server, "    exec: {apiVersion: client.authentication.k8s.io/v1alpha1, command: x}\n")
            << u"uses apiVersion \"client.authentication.k8s.io/v1alpha1\""_s;
        QTest::newRow("exec interactive")
            << kubeconfig(server, "    exec: {apiVersion: client.authentication.k8s.io/v1, command: x, interactiveMode: Always}\n")
            << u"needs an interactive terminal"_s;
        QTest::newRow("clusters not a list") << QByteArray("clusters: {a: 1}\n") << u"clusters must be a list"_s;
        QTest::newRow("entry without name") << QByteArray("clusters:\n- cluster: {server: x}\n")
                                            << u"an entry of clusters has no name"_s;
        QTest::newRow("two documents") << QByteArray("a: 1\n---\nb: 2\n") << u"is not a single YAML mapping"_s;
    }
    void brokenKubeconfigs()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, message);
        const auto config = parse(yaml);
        QVERIFY(!config);
        QVERIFY2(config.errorMessage().contains(message), qPrintable(config.errorMessage()));
    }

    void unreadableFile()
    {
        const auto config = KubeConfig::load({u"/"_s}, true); // a directory
        QVERIFY(!config);
        QVERIFY2(config.errorMessage().startsWith(u"cannot read kubeconfig \"/\""_s), qPrintable(config.errorMessage()));
    }

    // ---- in-cluster ----

    void inCluster()
    {
        QTemporaryDir directory;
        write(directory.filePath(u"token"_s), "sa-token\n");
        write(directory.filePath(u"ca.crt"_s), fixture(u"ca.crt"_s));
        write(directory.filePath(u"namespace"_s), "operators\n");
        QProcessEnvironment environment;
        environment.insert(u"KUBERNETES_SERVICE_HOST"_s, u"10.0.0.1"_s);
        environment.insert(u"KUBERNETES_SERVICE_PORT"_s, u"443"_s);
        const auto config = InClusterConfig::load(environment, directory.path());
        QVERIFY2(config, qPrintable(config.errorMessage()));
        QCOMPARE(config->server, QUrl(u"https://10.0.0.1:443"_s));
        QCOMPARE(config->bearerTokenFile, directory.filePath(u"token"_s)); // re-read, never copied
        QVERIFY(config->bearerToken.isEmpty());
        QCOMPARE(config->namespaceName, u"operators"_s);
        QCOMPARE(config->caCertificates.size(), 1);

        environment.insert(u"KUBERNETES_SERVICE_HOST"_s, u"fd00::1"_s);
        QCOMPARE(InClusterConfig::load(environment, directory.path())->server, QUrl(u"https://[fd00::1]:443"_s));
    }

    void inClusterErrors()
    {
        QTemporaryDir directory;
        QProcessEnvironment environment;
        QVERIFY(InClusterConfig::load(environment, directory.path()).errorMessage().startsWith(u"not running in a cluster"_s));
        environment.insert(u"KUBERNETES_SERVICE_HOST"_s, u"10.0.0.1"_s);
        environment.insert(u"KUBERNETES_SERVICE_PORT"_s, u"443"_s);
        QVERIFY(InClusterConfig::load(environment, directory.path()).errorMessage().contains(u"token"_s));
        write(directory.filePath(u"token"_s), "t");
        QVERIFY(InClusterConfig::load(environment, directory.path()).errorMessage().contains(u"cannot read the service account CA"_s));
        write(directory.filePath(u"ca.crt"_s), "not pem");
        QVERIFY(InClusterConfig::load(environment, directory.path()).errorMessage().contains(u"holds no PEM certificate"_s));
        write(directory.filePath(u"ca.crt"_s), fixture(u"ca.crt"_s));
        const auto config = InClusterConfig::load(environment, directory.path());
        QVERIFY(config);
        QCOMPARE(config->namespaceName, u"default"_s); // no namespace file
    }

    // controller-runtime's order: --kubeconfig, KUBECONFIG, in-cluster, ~/.kube/config.
    void defaultClientConfigOrder()
    {
        QTemporaryDir directory;
        write(directory.filePath(u"flag"_s), kubeconfig("    server: https://flag:1\n", "    token: t\n"));
        write(directory.filePath(u"env"_s), kubeconfig("    server: https://env:1\n", "    token: t\n"));
        write(directory.filePath(u"home/.kube/config"_s), kubeconfig("    server: https://home:1\n", "    token: t\n"));
        write(directory.filePath(u"sa/token"_s), "t");
        write(directory.filePath(u"sa/ca.crt"_s), fixture(u"ca.crt"_s));
        QProcessEnvironment environment;
        environment.insert(u"HOME"_s, directory.filePath(u"home"_s));
        QCOMPARE(defaultClientConfig(environment)->server.host(), u"home"_s);
        environment.insert(u"KUBECONFIG"_s, directory.filePath(u"env"_s));
        QCOMPARE(defaultClientConfig(environment)->server.host(), u"env"_s);
        QCOMPARE(defaultClientConfig(environment, directory.filePath(u"flag"_s))->server.host(), u"flag"_s);
        QVERIFY(!defaultClientConfig(environment, directory.filePath(u"nope"_s)));
    }
};

QTEST_GUILESS_MAIN(KubeConfigTest)
#include "tst_kubeconfig.moc"

// The daemon's webhooks called by the real API server: a ValidatingWebhookConfiguration pointing at
// the daemon rejects a bad LocustTest with the validator's field error; the CRD's conversion webhook
// pointing at the daemon makes locust.io/v1 work (created as v1, read as v2 and as v1, lossless);
// the serving certificate is rotated the way the kubelet updates a mounted Secret, and the daemon
// serves the new one without a restart.
//
// The test patches the shared CRD's conversion, so it runs alone (RESOURCE_LOCK) and restores the
// CRD as shipped (strategy None) at the end.

#include "apitestsupport.h"
#include "awaittask.h"
#include "daemonprocess.h"
#include "jsontestsupport.h"
#include "kubetestcluster.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace locust;
using namespace locust::kube;
using testsupport::await;
using testsupport::DaemonProcess;
using testsupport::parse;

namespace {

ResourceType locustTests(const QString &version)
{
    return ResourceType{u"locust.io"_s, version, u"locusttests"_s, u"LocustTest"_s, true};
}

const ResourceType validatingWebhooks{u"admissionregistration.k8s.io"_s, u"v1"_s,
                                      u"validatingwebhookconfigurations"_s, u"ValidatingWebhookConfiguration"_s,
                                      false};
const QString crdName = u"locusttests.locust.io"_s;

QJsonObject v2Object(const QString &namespaceName, const QString &name, const QByteArray &patch = "{}")
{
    QJsonObject object = testsupport::merged(parse(R"({"apiVersion":"locust.io/v2","kind":"LocustTest",
        "spec":{"image":"locustio/locust:2.12.0","master":{"command":"--locustfile /lotest/src/a.py"},
                "worker":{"command":"--locustfile /lotest/src/a.py","replicas":1}}})"),
                                             parse(patch));
    object.insert(u"metadata"_s, QJsonObject{{u"name"_s, name}, {u"namespace"_s, namespaceName}});
    return object;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

// The serving certificate as the kubelet mounts a Secret: tls.crt -> ..data/tls.crt,
// ..data -> ..<version>; an update writes a new ..<version>, renames a ..data_tmp symlink over
// ..data and removes the old directory.
class MountedSecret
{
public:
    explicit MountedSecret(const QString &directory)
        : m_dir(directory)
    {
    }

    bool write(const QByteArray &certificate, const QByteArray &key)
    {
        const QString version = u"..v%1"_s.arg(++m_version);
        if (!QDir(m_dir).mkdir(version) || !writeFile(m_dir + u'/' + version + u"/tls.crt"_s, certificate)
            || !writeFile(m_dir + u'/' + version + u"/tls.key"_s, key))
            return false;
        const QByteArray temporary = QFile::encodeName(m_dir + u"/..data_tmp"_s);
        if (::symlink(QFile::encodeName(version).constData(), temporary.constData()) != 0
            || ::rename(temporary.constData(), QFile::encodeName(m_dir + u"/..data"_s).constData()) != 0)
            return false;
        for (const QString &name : {u"tls.crt"_s, u"tls.key"_s}) {
            if (!QFile::exists(m_dir + u'/' + name) && !QFile::link(u"..data/"_s + name, m_dir + u'/' + name))
                return false;
        }
        if (m_version > 1)
            QDir(m_dir + u"/..v%1"_s.arg(m_version - 1)).removeRecursively();
        return true;
    }

private:
    QString m_dir;
    int m_version = 0;
};

// The certificate the server at 127.0.0.1:port presents (trusting caCertificate).
QSslCertificate servedCertificate(quint16 port, const QSslCertificate &caCertificate)
{
    QSslSocket socket;
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setCaCertificates({caCertificate});
    socket.setSslConfiguration(configuration);
    socket.connectToHostEncrypted(u"127.0.0.1"_s, port);
    if (!socket.waitForEncrypted(5000))
        return QSslCertificate();
    return socket.peerCertificate();
}

} // namespace

class WebhooksTest : public QObject
{
    Q_OBJECT

private:
    testsupport::KubeTestCluster m_cluster = testsupport::KubeTestCluster::connect();
    std::unique_ptr<KubeClient> m_client;
    QString m_namespace;
    QString m_webhookName;
    QTemporaryDir m_certificates;
    std::unique_ptr<MountedSecret> m_secret;
    std::unique_ptr<DaemonProcess> m_daemon;
    quint16 m_webhookPort = 0;
    quint16 m_probePort = 0;

    QByteArray caBundle() const { return readFile(m_cluster.controlPlane().caCert).toBase64(); }

    QString webhookUrl(const QString &path) const { return u"https://127.0.0.1:%1%2"_s.arg(m_webhookPort).arg(path); }

    bool ready()
    {
        QNetworkAccessManager network;
        QNetworkReply *reply = network.get(QNetworkRequest(QUrl(u"http://127.0.0.1:%1/readyz"_s.arg(m_probePort))));
        QSignalSpy finished(reply, &QNetworkReply::finished);
        finished.wait(5000);
        const bool ok = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200;
        delete reply;
        return ok;
    }

    testsupport::ProcessResult openssl(const QStringList &arguments)
    {
        return testsupport::runProcess(u"openssl"_s, arguments);
    }

    // A new serving certificate for 127.0.0.1 signed by the control plane's CA.
    bool issueCertificate(const QString &directory, QByteArray *certificate, QByteArray *key)
    {
        const QString config = directory + u"/ext.cnf"_s;
        if (!writeFile(config, "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n"))
            return false;
        if (!openssl({u"req"_s, u"-new"_s, u"-nodes"_s, u"-newkey"_s, u"rsa:2048"_s, u"-subj"_s, u"/CN=rotated-webhook"_s,
                      u"-keyout"_s, directory + u"/new.key"_s, u"-out"_s, directory + u"/new.csr"_s})
                 .ok())
            return false;
        if (!openssl({u"x509"_s, u"-req"_s, u"-in"_s, directory + u"/new.csr"_s, u"-CA"_s, m_cluster.controlPlane().caCert,
                      u"-CAkey"_s, m_cluster.controlPlane().caKey, u"-CAcreateserial"_s, u"-CAserial"_s,
                      directory + u"/ca.srl"_s, u"-days"_s, u"2"_s, u"-out"_s, directory + u"/new.crt"_s, u"-extfile"_s,
                      config})
                 .ok())
            return false;
        *certificate = readFile(directory + u"/new.crt"_s);
        *key = readFile(directory + u"/new.key"_s);
        return !certificate->isEmpty() && !key->isEmpty();
    }

    QJsonObject crdConversion(bool webhook) const
    {
        if (!webhook) // a merge patch: null removes the webhook stanza
            return QJsonObject{{u"strategy"_s, u"None"_s}, {u"webhook"_s, QJsonValue::Null}};
        return QJsonObject{
            {u"strategy"_s, u"Webhook"_s},
            {u"webhook"_s, QJsonObject{{u"conversionReviewVersions"_s, QJsonArray{u"v1"_s}},
                                      {u"clientConfig"_s, QJsonObject{{u"url"_s, webhookUrl(u"/convert"_s)},
                                                                      {u"caBundle"_s, QString::fromLatin1(caBundle())}}}}},
        };
    }

    bool patchCrdConversion(bool webhook)
    {
        const QJsonObject patch{{u"spec"_s, QJsonObject{{u"conversion"_s, crdConversion(webhook)}}}};
        return bool(await(m_client->patch(ResourceType::customResourceDefinitions(), {QString(), crdName},
                                          PatchType::Merge, QJsonDocument(patch).toJson(QJsonDocument::Compact))));
    }

    // Creating a test the webhook must deny; until the API server has picked up the configuration
    // (its informer), the create may still succeed: then the object is removed and tried again.
    ApiResult<QJsonObject> createExpectingDenial(const QJsonObject &object)
    {
        const QString name = object[u"metadata"_s][u"name"_s].toString();
        for (int attempt = 0;; ++attempt) {
            const ApiResult<QJsonObject> created = await(m_client->create(locustTests(u"v2"_s), object));
            if (!created || attempt == 50)
                return created;
            (void)await(m_client->remove(locustTests(u"v2"_s), {m_namespace, name}));
            QTest::qWait(200);
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_certificates.isValid());
        m_client = m_cluster.adminClient();
        m_namespace = m_cluster.createNamespace(*m_client, u"webhooks"_s);
        // 1.20 does not label namespaces with their name: the webhook selects this one by a label.
        QVERIFY(await(m_client->patch(ResourceType::namespaces(), {QString(), m_namespace}, PatchType::Merge,
                                      R"({"metadata":{"labels":{"locust-webhook-test":"yes"}}})")));

        m_secret = std::make_unique<MountedSecret>(m_certificates.path());
        QVERIFY(m_secret->write(readFile(m_cluster.controlPlane().webhookCert), readFile(m_cluster.controlPlane().webhookKey)));

        m_webhookPort = DaemonProcess::freePort();
        m_probePort = DaemonProcess::freePort();
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove(u"KUBECONFIG"_s);
        m_daemon = std::make_unique<DaemonProcess>(
            QStringList{u"--kubeconfig=%1"_s.arg(m_cluster.controlPlane().kubeconfig),
                        u"--watch-namespace=%1"_s.arg(m_namespace), u"--enable-webhooks"_s,
                        u"--webhook-cert-path=%1"_s.arg(m_certificates.path()),
                        u"--webhook-port=%1"_s.arg(m_webhookPort),
                        u"--health-probe-bind-address=127.0.0.1:%1"_s.arg(m_probePort)},
            environment);
        QVERIFY(m_daemon->start());
        QTRY_VERIFY_WITH_TIMEOUT(ready(), 30'000);

        m_webhookName = testsupport::uniqueName(u"locust-validation"_s);
        const QJsonObject configuration{
            {u"apiVersion"_s, u"admissionregistration.k8s.io/v1"_s},
            {u"kind"_s, u"ValidatingWebhookConfiguration"_s},
            {u"metadata"_s, QJsonObject{{u"name"_s, m_webhookName}}},
            {u"webhooks"_s,
             QJsonArray{QJsonObject{
                 {u"name"_s, u"vlocusttest-v2.locust.io"_s},
                 {u"admissionReviewVersions"_s, QJsonArray{u"v1"_s}},
                 {u"sideEffects"_s, u"None"_s},
                 {u"failurePolicy"_s, u"Fail"_s},
                 {u"timeoutSeconds"_s, 10},
                 {u"namespaceSelector"_s, QJsonObject{{u"matchLabels"_s, QJsonObject{{u"locust-webhook-test"_s, u"yes"_s}}}}},
                 {u"clientConfig"_s, QJsonObject{{u"url"_s, webhookUrl(u"/validate-locust-io-v2-locusttest"_s)},
                                                 {u"caBundle"_s, QString::fromLatin1(caBundle())}}},
                 {u"rules"_s, QJsonArray{QJsonObject{{u"apiGroups"_s, QJsonArray{u"locust.io"_s}},
                                                     {u"apiVersions"_s, QJsonArray{u"v2"_s}},
                                                     {u"operations"_s, QJsonArray{u"CREATE"_s, u"UPDATE"_s}},
                                                     {u"resources"_s, QJsonArray{u"locusttests"_s}}}}},
             }}},
        };
        const auto created = await(m_client->create(validatingWebhooks, configuration));
        QVERIFY2(created, qPrintable(created.errorMessage()));
    }

    void cleanupTestCase()
    {
        if (!m_webhookName.isEmpty())
            (void)await(m_client->remove(validatingWebhooks, {QString(), m_webhookName}));
        QVERIFY(patchCrdConversion(false));
        m_cluster.deleteNamespace(*m_client, m_namespace);
        if (m_daemon)
            QCOMPARE(m_daemon->terminate(), 0);
    }

    // The API server calls /validate-locust-io-v2-locusttest and denies with the validator's text.
    void invalidTestIsDeniedByTheApiServer()
    {
        const auto denied = createExpectingDenial(
            v2Object(m_namespace, u"bad-volume"_s, R"({"spec":{"volumes":[{"name":"secret-data","emptyDir":{}}],
                "volumeMounts":[{"name":"secret-data","mountPath":"/data","target":"both"}]}})"));
        QVERIFY2(!denied, "the webhook let an invalid test through");
        const QString message = denied.errorMessage();
        QVERIFY2(message.contains(u"admission webhook \"vlocusttest-v2.locust.io\" denied the request"_s), qPrintable(message));
        QVERIFY2(message.contains(u"spec.volumes[0].name"_s), qPrintable(message));
        QVERIFY2(message.contains(u"volume name \"secret-data\" uses reserved prefix \"secret-\""_s), qPrintable(message));

        const auto valid = await(m_client->create(locustTests(u"v2"_s), v2Object(m_namespace, u"good"_s)));
        QVERIFY2(valid, qPrintable(valid.errorMessage()));
    }

    // With the CRD's conversion pointing at /convert, locust.io/v1 works end to end.
    void v1IsConvertedByTheDaemon()
    {
        QVERIFY(patchCrdConversion(true));
        const QJsonObject v1 = parse(R"({"apiVersion":"locust.io/v1","kind":"LocustTest",
            "metadata":{"name":"legacy"},
            "spec":{"image":"locustio/locust:2.12.0","masterCommandSeed":"--locustfile /lotest/src/a.py",
                    "workerCommandSeed":"--locustfile /lotest/src/a.py","workerReplicas":3,
                    "configMap":"demo-test","labels":{"master":{"team":"perf"}}}})");
        QJsonObject object = v1;
        QJsonObject metadata = object.value(u"metadata").toObject();
        metadata.insert(u"namespace"_s, m_namespace);
        object.insert(u"metadata"_s, metadata);

        // The API server picks up the CRD change asynchronously: until it does, reading the v2 test
        // of the previous function as v1 only rewrites apiVersion (no masterCommandSeed).
        const auto goodAsV1 = [this] {
            const auto read = await(m_client->get(locustTests(u"v1"_s), {m_namespace, u"good"_s}));
            return read ? read->value(u"spec").toObject() : QJsonObject();
        };
        QTRY_VERIFY_WITH_TIMEOUT(goodAsV1().value(u"masterCommandSeed").isString(), 20'000);
        const ApiResult<QJsonObject> created = await(m_client->create(locustTests(u"v1"_s), object));
        QVERIFY2(created, qPrintable(created.errorMessage()));
        const auto read = await(m_client->get(locustTests(u"v2"_s), {m_namespace, u"legacy"_s}));
        QVERIFY2(read, qPrintable(read.errorMessage()));
        const QJsonObject asV2 = *read;
        QCOMPARE(asV2[u"apiVersion"_s].toString(), u"locust.io/v2"_s);
        const QJsonObject spec = asV2[u"spec"_s].toObject();
        QCOMPARE(spec[u"master"_s][u"command"_s].toString(), u"--locustfile /lotest/src/a.py"_s);
        QCOMPARE(spec[u"master"_s][u"autostart"_s].toBool(), true);
        QCOMPARE(spec[u"worker"_s][u"replicas"_s].toInt(), 3);
        QCOMPARE(spec[u"testFiles"_s][u"configMapRef"_s].toString(), u"demo-test"_s);
        QCOMPARE(spec[u"master"_s][u"labels"_s][u"team"_s].toString(), u"perf"_s);

        const auto asV1 = await(m_client->get(locustTests(u"v1"_s), {m_namespace, u"legacy"_s}));
        QVERIFY2(asV1, qPrintable(asV1.errorMessage()));
        QCOMPARE(asV1->value(u"apiVersion").toString(), u"locust.io/v1"_s);
        for (const QString &field : v1[u"spec"_s].toObject().keys())
            QVERIFY2(asV1->value(u"spec")[field] == v1[u"spec"_s][field], qPrintable(field));

        // A v2-only field survives an update through v1 (v2 -> v1 -> v2 is lossless).
        QVERIFY(await(m_client->patch(locustTests(u"v2"_s), {m_namespace, u"legacy"_s}, PatchType::Merge,
                                      R"({"spec":{"worker":{"extraArgs":["--stop-timeout","10"]}}})")));
        const auto again = await(m_client->get(locustTests(u"v1"_s), {m_namespace, u"legacy"_s}));
        QVERIFY(again);
        QJsonObject v1Update = *again;
        QJsonObject v1Spec = v1Update[u"spec"_s].toObject();
        v1Spec.insert(u"workerReplicas"_s, 4);
        v1Update.insert(u"spec"_s, v1Spec);
        const auto updated = await(m_client->update(locustTests(u"v1"_s), v1Update));
        QVERIFY2(updated, qPrintable(updated.errorMessage()));
        const auto final = await(m_client->get(locustTests(u"v2"_s), {m_namespace, u"legacy"_s}));
        QVERIFY(final);
        QCOMPARE((*final)[u"spec"_s][u"worker"_s][u"replicas"_s].toInt(), 4);
        QCOMPARE((*final)[u"spec"_s][u"worker"_s][u"extraArgs"_s].toArray(), (QJsonArray{u"--stop-timeout"_s, u"10"_s}));
    }

    // A kubelet-style update of the mounted Secret: the daemon serves the new certificate without a
    // restart, and the API server keeps calling it.
    void certificateIsRotatedWithoutRestart()
    {
        const QSslCertificate ca = QSslCertificate::fromPath(m_cluster.controlPlane().caCert).value(0);
        const QSslCertificate before = servedCertificate(m_webhookPort, ca);
        QVERIFY(!before.isNull());
        QCOMPARE(before.subjectInfo(QSslCertificate::CommonName).value(0), u"locust-test-webhook"_s);

        QTemporaryDir work;
        QByteArray certificate;
        QByteArray key;
        QVERIFY(issueCertificate(work.path(), &certificate, &key));
        const qint64 pid = m_daemon->pid();
        QVERIFY(m_secret->write(certificate, key));

        QTRY_COMPARE_WITH_TIMEOUT(servedCertificate(m_webhookPort, ca).subjectInfo(QSslCertificate::CommonName).value(0),
                                  u"rotated-webhook"_s, 15'000);
        QVERIFY(m_daemon->isRunning());
        QCOMPARE(m_daemon->pid(), pid);
        QVERIFY(m_daemon->waitForLog(u"Updated current TLS certificate"_s, 5000));

        const auto denied = await(m_client->create(locustTests(u"v2"_s),
                                                   v2Object(m_namespace, u"still-checked"_s,
                                                            R"({"spec":{"volumes":[{"name":"locust-lib","emptyDir":{}}]}})")));
        QVERIFY2(!denied, "the API server must still reach the webhook after the rotation");
        QVERIFY2(denied.errorMessage().contains(u"is reserved by the operator"_s), qPrintable(denied.errorMessage()));
    }
};

QTEST_GUILESS_MAIN(WebhooksTest)
#include "tst_webhooks.moc"

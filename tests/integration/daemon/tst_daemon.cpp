// The locust-operator daemon as a process against the real control plane: probes and metrics, two
// replicas with leader election (only the leader reconciles; when it stops, the other takes over),
// graceful shutdown with exit code 0.

#include "awaittask.h"
#include "daemonprocess.h"
#include "kubetestcluster.h"

#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace locust;
using namespace locust::kube;
using testsupport::await;
using testsupport::DaemonProcess;

namespace {

const ResourceType locustTests{u"locust.io"_s, u"v2"_s, u"locusttests"_s, u"LocustTest"_s, true};
const ResourceType services = ResourceType::services();

QJsonObject locustTest(const QString &namespaceName, const QString &name)
{
    return QJsonObject{
        {u"apiVersion"_s, u"locust.io/v2"_s},
        {u"kind"_s, u"LocustTest"_s},
        {u"metadata"_s, QJsonObject{{u"name"_s, name}, {u"namespace"_s, namespaceName}}},
        {u"spec"_s, QJsonObject{{u"image"_s, u"locustio/locust:2.12.0"_s},
                                {u"master"_s, QJsonObject{{u"command"_s, u"--locustfile /lotest/src/demo.py"_s}}},
                                {u"worker"_s, QJsonObject{{u"command"_s, u"--locustfile /lotest/src/demo.py"_s},
                                                         {u"replicas"_s, 1}}}}},
    };
}

struct HttpResult
{
    int status = 0;
    QByteArray body;
};

HttpResult httpGet(const QString &url)
{
    QNetworkAccessManager network;
    QNetworkRequest request{QUrl(url)};
    request.setTransferTimeout(5000);
    QNetworkReply *reply = network.get(request);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!finished.wait(10'000))
        return {};
    HttpResult result{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll()};
    reply->deleteLater();
    return result;
}

// The value of one series in a Prometheus text exposition, or -1 if it is not there.
double seriesValue(const QByteArray &exposition, const QString &series)
{
    for (const QByteArray &line : exposition.split('\n')) {
        const QString text = QString::fromUtf8(line);
        if (text.startsWith(series + u' '))
            return text.mid(series.size() + 1).toDouble();
    }
    return -1;
}

} // namespace

class DaemonTest : public QObject
{
    Q_OBJECT

private:
    testsupport::KubeTestCluster m_cluster = testsupport::KubeTestCluster::connect();
    std::unique_ptr<KubeClient> m_client;
    QString m_namespace;

    QProcessEnvironment environment() const
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove(u"KUBECONFIG"_s);
        return environment;
    }

    QStringList baseArguments(quint16 probePort) const
    {
        return {u"--kubeconfig=%1"_s.arg(m_cluster.controlPlane().kubeconfig),
                u"--watch-namespace=%1"_s.arg(m_namespace),
                u"--health-probe-bind-address=127.0.0.1:%1"_s.arg(probePort),
                u"--graceful-shutdown-timeout=20s"_s};
    }

    bool serviceExists(const QString &test)
    {
        return bool(await(m_client->get(services, {m_namespace, test + u"-master"_s})));
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_client = m_cluster.adminClient();
        m_namespace = m_cluster.createNamespace(*m_client, u"daemon"_s);
    }

    void cleanupTestCase() { m_cluster.deleteNamespace(*m_client, m_namespace); }

    // One replica without leader election: it becomes ready, reconciles a test, counts that in
    // /metrics under controller-runtime's names, and stops with exit code 0 on SIGTERM.
    void probesMetricsAndGracefulStop()
    {
        const quint16 probePort = DaemonProcess::freePort();
        const quint16 metricsPort = DaemonProcess::freePort();
        DaemonProcess daemon(baseArguments(probePort) + QStringList{u"--metrics-bind-address=127.0.0.1:%1"_s.arg(metricsPort),
                                                                     u"--metrics-secure=false"_s},
                             environment());
        QVERIFY(daemon.start());
        QVERIFY2(daemon.waitForLog(u"Starting workers"_s, 60'000), daemon.standardError().constData());

        QCOMPARE(httpGet(u"http://127.0.0.1:%1/healthz"_s.arg(probePort)).body, QByteArray("ok"));
        const HttpResult ready = httpGet(u"http://127.0.0.1:%1/readyz?verbose"_s.arg(probePort));
        QCOMPARE(ready.status, 200);
        QVERIFY2(ready.body.contains("[+]ping ok"), ready.body.constData());
        QVERIFY(!ready.body.contains("webhook")); // webhooks are off: no such check

        QVERIFY(await(m_client->create(locustTests, locustTest(m_namespace, u"counted"_s))));
        QTRY_VERIFY_WITH_TIMEOUT(serviceExists(u"counted"_s), 30'000);

        const QString reconciled = u"controller_runtime_reconcile_total{controller=\"locusttest\",result=\"success\"}"_s;
        QTRY_VERIFY_WITH_TIMEOUT(seriesValue(httpGet(u"http://127.0.0.1:%1/metrics"_s.arg(metricsPort)).body, reconciled) >= 1,
                                 20'000);
        const QByteArray exposition = httpGet(u"http://127.0.0.1:%1/metrics"_s.arg(metricsPort)).body;
        QVERIFY(exposition.contains("# TYPE controller_runtime_reconcile_time_seconds histogram"));
        QVERIFY(exposition.contains("workqueue_adds_total{"));
        QVERIFY(seriesValue(exposition, u"process_resident_memory_bytes"_s) > 0);

        QCOMPARE(daemon.terminate(), 0);
        QVERIFY(daemon.waitForLog(u"All workers finished"_s, 5000));
    }

    // Two replicas on one Lease: only the leader reconciles; after the leader stops (and releases
    // the lease), the other takes over and reconciles a test created after the handover.
    void leaderElectionHandsOver()
    {
        const QStringList election{u"--leader-elect"_s, u"--leader-election-namespace=%1"_s.arg(m_namespace)};
        DaemonProcess first(baseArguments(DaemonProcess::freePort()) + election, environment());
        QVERIFY(first.start());
        QVERIFY2(first.waitForLog(u"successfully acquired lease"_s, 60'000), first.standardError().constData());
        DaemonProcess second(baseArguments(DaemonProcess::freePort()) + election, environment());
        QVERIFY(second.start());
        QVERIFY2(second.waitForLog(u"attempting to acquire leader lease"_s, 30'000), second.standardError().constData());

        const auto lease = await(m_client->get(ResourceType::leases(), {m_namespace, u"locust-k8s-operator.locust.io"_s}));
        QVERIFY(lease);
        QString firstIdentity;
        for (const QJsonObject &line : first.logLines()) {
            if (line.value(u"msg").toString() == u"successfully acquired lease")
                firstIdentity = line.value(u"identity").toString();
        }
        QCOMPARE((*lease)[u"spec"_s][u"holderIdentity"_s].toString(), firstIdentity);

        QVERIFY(await(m_client->create(locustTests, locustTest(m_namespace, u"before-handover"_s))));
        QTRY_VERIFY_WITH_TIMEOUT(serviceExists(u"before-handover"_s), 30'000);
        QTest::qWait(1000);
        QVERIFY2(!second.waitForLog(u"Starting workers"_s, 0), "the standby must not reconcile");

        QElapsedTimer handover;
        handover.start();
        QCOMPARE(first.terminate(), 0);
        QVERIFY2(second.waitForLog(u"successfully acquired lease"_s, 30'000), second.standardError().constData());
        // The lease was released on the clean stop: no waiting for it to expire (15 s).
        QVERIFY2(handover.elapsed() < 10'000, qPrintable(QString::number(handover.elapsed())));

        QVERIFY(await(m_client->create(locustTests, locustTest(m_namespace, u"after-handover"_s))));
        QTRY_VERIFY_WITH_TIMEOUT(serviceExists(u"after-handover"_s), 30'000);
        QCOMPARE(second.terminate(), 0);
    }

    // Start-up failures of the reference's order end with exit code 1 and say why.
    void startupFailuresExit1_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("variable");
        QTest::addColumn<QString>("message");
        QTest::newRow("no leader election namespace outside a cluster")
            << QStringList{u"--leader-elect"_s} << QString() << u"unable to start manager"_s;
        QTest::newRow("invalid operator configuration")
            << QStringList{} << u"JOB_TTL_SECONDS_AFTER_FINISHED=soon"_s
            << u"failed to setup controllers"_s;
        QTest::newRow("probe port taken")
            << QStringList{u"--health-probe-bind-address=127.0.0.1:%1"_s.arg(m_cluster.controlPlane().apiserverPort)}
            << QString() << u"unable to start manager"_s;
    }

    void startupFailuresExit1()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, variable);
        QFETCH(QString, message);
        QProcessEnvironment env = environment();
        if (!variable.isEmpty())
            env.insert(variable.section(u'=', 0, 0), variable.section(u'=', 1));
        QStringList all{u"--kubeconfig=%1"_s.arg(m_cluster.controlPlane().kubeconfig),
                        u"--health-probe-bind-address=127.0.0.1:%1"_s.arg(DaemonProcess::freePort())};
        DaemonProcess daemon(all + arguments, env);
        QVERIFY(daemon.start());
        QCOMPARE(daemon.waitForExit(30'000), 1);
        QVERIFY2(daemon.waitForLog(message, 0), daemon.standardError().constData());
    }
};

QTEST_GUILESS_MAIN(DaemonTest)
#include "tst_daemon.moc"

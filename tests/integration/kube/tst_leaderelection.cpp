// Leader election on a real Lease: exactly one leader, handover on release and on a crash.

#include "awaittask.h"
#include "kube/leaderelector.h"
#include "kubetestcluster.h"

#include <QElapsedTimer>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace locust;
using namespace locust::kube;
using testsupport::await;

class LeaderElectionTest : public QObject
{
    Q_OBJECT

private:
    testsupport::KubeTestCluster m_cluster = testsupport::KubeTestCluster::connect();
    std::unique_ptr<KubeClient> m_client;
    QString m_namespace;

    LeaderElectionConfig config(const QString &identity, const QString &lease, bool releaseOnStop = true) const
    {
        LeaderElectionConfig config;
        config.leaseNamespace = m_namespace;
        config.leaseName = lease;
        config.identity = identity;
        config.leaseDurationMs = 3000;
        config.renewDeadlineMs = 2000;
        config.retryPeriodMs = 500;
        config.releaseOnStop = releaseOnStop;
        return config;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_client = m_cluster.adminClient();
        m_namespace = m_cluster.createNamespace(*m_client, u"election"_s);
    }

    void cleanupTestCase() { m_cluster.deleteNamespace(*m_client, m_namespace); }

    void validation()
    {
        LeaderElectionConfig config = this->config(u"a"_s, u"l"_s);
        QCOMPARE(config.validate(), QString());
        config.renewDeadlineMs = config.leaseDurationMs;
        QCOMPARE(config.validate(), u"leaseDuration must be greater than renewDeadline"_s);
        config = this->config(u"a"_s, u"l"_s);
        config.retryPeriodMs = 1700;
        QCOMPARE(config.validate(), u"renewDeadline must be greater than 1.2 * retryPeriod"_s);
    }

    // Two candidates: exactly one leads at any time; releasing hands over at once.
    void exactlyOneLeaderAndHandoverOnRelease()
    {
        auto first = std::make_unique<LeaderElector>(m_client.get(), config(u"first"_s, u"release"_s));
        LeaderElector second(m_client.get(), config(u"second"_s, u"release"_s));
        first->start();
        QTRY_VERIFY_WITH_TIMEOUT(first->isLeader(), 10000);
        second.start();
        // For three seconds (several renewals) the second never leads.
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 3000) {
            QVERIFY(!(first->isLeader() && second.isLeader()));
            QVERIFY(first->isLeader());
            QTest::qWait(100);
        }
        QCOMPARE(second.currentLeader(), u"first"_s);

        timer.restart();
        await(first->stop());
        QVERIFY(!first->isLeader());
        QTRY_VERIFY_WITH_TIMEOUT(second.isLeader(), 5000);
        QVERIFY2(timer.elapsed() < 2500, qPrintable(QString::number(timer.elapsed()))); // no lease expiry wait

        const auto lease = await(m_client->get(ResourceType::leases(), {m_namespace, u"release"_s}));
        QVERIFY(lease);
        const QJsonObject spec = lease->value(u"spec").toObject();
        QCOMPARE(spec.value(u"holderIdentity").toString(), u"second"_s);
        QCOMPARE(spec.value(u"leaseDurationSeconds").toInt(), 3);
        QCOMPARE(spec.value(u"leaseTransitions").toInt(), 1);
        QVERIFY(!spec.value(u"acquireTime").toString().isEmpty());
        QVERIFY(!spec.value(u"renewTime").toString().isEmpty());
        await(second.stop());
    }

    // A leader that disappears without releasing: the other takes over once the lease expires.
    void takeoverAfterTheLeaderDies()
    {
        auto first = std::make_unique<LeaderElector>(m_client.get(), config(u"first"_s, u"crash"_s, false));
        LeaderElector second(m_client.get(), config(u"second"_s, u"crash"_s));
        first->start();
        QTRY_VERIFY_WITH_TIMEOUT(first->isLeader(), 10000);
        second.start();
        QTest::qWait(1000);
        QVERIFY(!second.isLeader());

        QElapsedTimer timer;
        timer.start();
        first.reset(); // gone without a word, as a killed process would be
        QTRY_VERIFY_WITH_TIMEOUT(second.isLeader(), 10000);
        // Not before the lease duration observed by the candidate has passed.
        QVERIFY2(timer.elapsed() >= 2000, qPrintable(QString::number(timer.elapsed())));
        await(second.stop());
    }

    // A leader whose lease is taken away (here: overwritten) stops leading.
    void leaderThatLosesTheLeaseStops()
    {
        LeaderElector elector(m_client.get(), config(u"holder"_s, u"stolen"_s));
        bool stopped = false;
        connect(&elector, &LeaderElector::stoppedLeading, this, [&stopped] { stopped = true; });
        elector.start();
        QTRY_VERIFY_WITH_TIMEOUT(elector.isLeader(), 10000);
        // Another process writes itself in with a long lease.
        const auto lease = await(m_client->get(ResourceType::leases(), {m_namespace, u"stolen"_s}));
        QJsonObject taken = *lease;
        QJsonObject spec = taken[u"spec"_s].toObject();
        spec[u"holderIdentity"_s] = u"thief"_s;
        spec[u"leaseDurationSeconds"_s] = 60;
        taken[u"spec"_s] = spec;
        QVERIFY(await(m_client->update(ResourceType::leases(), taken)));
        QTRY_VERIFY_WITH_TIMEOUT(stopped, 5000);
        QVERIFY(!elector.isLeader());
        QCOMPARE(elector.currentLeader(), u"thief"_s);
        await(elector.stop());
    }
};

QTEST_GUILESS_MAIN(LeaderElectionTest)
#include "tst_leaderelection.moc"

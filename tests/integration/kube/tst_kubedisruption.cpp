// The client when the API server restarts and when a resourceVersion is compacted away. Runs alone
// (RESOURCE_LOCK): it restarts the shared API server.

#include "awaittask.h"
#include "kube/informer.h"
#include "kube/kubeclient.h"
#include "kube/watchstream.h"
#include "kubetestcluster.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace locust;
using namespace locust::kube;
using testsupport::await;
using testsupport::configMap;
using testsupport::secret;

class KubeDisruptionTest : public QObject
{
    Q_OBJECT

private:
    testsupport::KubeTestCluster m_cluster = testsupport::KubeTestCluster::connect();
    std::unique_ptr<KubeClient> m_client;
    QString m_namespace;

private Q_SLOTS:
    void initTestCase()
    {
        m_client = m_cluster.adminClient();
        m_namespace = m_cluster.createNamespace(*m_client, u"disruption"_s);
    }

    void cleanupTestCase() { m_cluster.deleteNamespace(*m_client, m_namespace); }

    // The informer keeps working across an API server restart: the watch drops, the reflector
    // retries with backoff and resumes from its resourceVersion. Nothing is missed.
    void informerSurvivesAnApiServerRestart()
    {
        QVERIFY(await(m_client->create(ResourceType::configMaps(), configMap(m_namespace, u"before"_s))));
        Informer informer(m_client.get(), ResourceType::configMaps(), m_namespace);
        informer.reflector()->setBackoff(Reflector::Backoff{200, 2000, 2.0, 0.5, 120'000});
        int failures = 0;
        connect(informer.reflector(), &Reflector::failed, this, [&failures] { ++failures; });
        informer.start();
        QVERIFY(await(informer.waitForSynced(std::chrono::seconds(20))));
        QVERIFY(informer.get({m_namespace, u"before"_s}));

        const testsupport::ProcessResult restart = m_cluster.controlPlane().restartApiserver();
        QVERIFY2(restart.ok(), qPrintable(restart.describe()));
        QVERIFY(await(m_client->create(ResourceType::configMaps(), configMap(m_namespace, u"after"_s))));
        QVERIFY(await(m_client->remove(ResourceType::configMaps(), {m_namespace, u"before"_s})));
        QTRY_VERIFY_WITH_TIMEOUT(informer.get({m_namespace, u"after"_s}).has_value(), 60000);
        QTRY_VERIFY_WITH_TIMEOUT(!informer.get({m_namespace, u"before"_s}).has_value(), 60000);
        QVERIFY(failures >= 1); // the dropped watch was noticed, not silently ignored
        informer.stop();
    }

    // When the informer's resourceVersion was compacted away while it could not watch, the server
    // answers 410 Gone and the reflector relists: changes made meanwhile still arrive.
    void informerRelistsAfterCompaction()
    {
        Informer informer(m_client.get(), ResourceType::configMaps(), m_namespace);
        informer.reflector()->setBackoff(Reflector::Backoff{200, 2000, 2.0, 0.5, 120'000});
        informer.start();
        QVERIFY(await(informer.waitForSynced(std::chrono::seconds(20))));
        const int listsBefore = informer.reflector()->listCount();
        // A write the ConfigMap informer does not see moves etcd's revision past the informer's
        // resourceVersion, so compacting now leaves that resourceVersion behind.
        QVERIFY(await(m_client->create(ResourceType::secrets(), secret(m_namespace, u"moves-the-revision"_s))));

        const testsupport::ProcessResult compact = m_cluster.controlPlane().compactEtcd();
        QVERIFY2(compact.ok(), qPrintable(compact.describe()));
        const testsupport::ProcessResult restart = m_cluster.controlPlane().restartApiserver();
        QVERIFY2(restart.ok(), qPrintable(restart.describe()));
        QVERIFY(await(m_client->create(ResourceType::configMaps(), configMap(m_namespace, u"after-compaction"_s))));
        QTRY_VERIFY_WITH_TIMEOUT(informer.get({m_namespace, u"after-compaction"_s}).has_value(), 60000);
        QVERIFY(informer.reflector()->listCount() > listsBefore); // 410 Gone led to a fresh list
        informer.stop();
    }

    // A watch from a resourceVersion that etcd has compacted away ends with 410 Gone.
    void compactedResourceVersionIsGone()
    {
        const auto list = await(m_client->list(ResourceType::configMaps(), m_namespace));
        QVERIFY(list);
        const QString old = list->resourceVersion;
        for (int i = 0; i < 3; ++i)
            QVERIFY(await(m_client->create(ResourceType::configMaps(), configMap(m_namespace, u"churn-%1"_s.arg(i)))));
        const testsupport::ProcessResult compact = m_cluster.controlPlane().compactEtcd();
        QVERIFY2(compact.ok(), qPrintable(compact.describe()));

        ListOptions options;
        options.resourceVersion = old;
        std::unique_ptr<WatchStream> stream(m_client->watch(ResourceType::configMaps(), m_namespace, options, nullptr));
        std::optional<ApiError> error;
        bool gone = false;
        connect(stream.get(), &WatchStream::eventReceived, this, [&](const WatchEvent &event) {
            if (event.type == WatchEvent::Type::Error)
                gone = ApiError::fromStatus(event.object).isGone();
        });
        bool ended = false;
        connect(stream.get(), &WatchStream::finished, this, [&](const std::optional<ApiError> &e) {
            error = e;
            ended = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(ended, 20000);
        QVERIFY2(gone || (error && error->isGone()), qPrintable(error ? error->toString() : u"no error"_s));
    }
};

QTEST_GUILESS_MAIN(KubeDisruptionTest)
#include "tst_kubedisruption.moc"

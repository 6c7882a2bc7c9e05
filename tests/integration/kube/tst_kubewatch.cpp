// Watches, the reflector and the informer against the real API server.

#include "awaittask.h"
#include "kube/informer.h"
#include "kube/kubeclient.h"
#include "kube/watchstream.h"
#include "kubetestcluster.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace locust;
using namespace locust::kube;
using testsupport::await;
using testsupport::configMap;
using testsupport::secret;

class KubeWatchTest : public QObject
{
    Q_OBJECT

private:
    testsupport::KubeTestCluster m_cluster = testsupport::KubeTestCluster::connect();
    std::unique_ptr<KubeClient> m_client;
    QString m_namespace;

    QString listResourceVersion()
    {
        const auto list = await(m_client->list(ResourceType::configMaps(), m_namespace));
        return list ? list->resourceVersion : QString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_client = m_cluster.adminClient();
        m_namespace = m_cluster.createNamespace(*m_client, u"kubewatch"_s);
    }

    void cleanupTestCase() { m_cluster.deleteNamespace(*m_client, m_namespace); }

    void watchStreamDeliversEventsInOrder()
    {
        ListOptions options;
        options.resourceVersion = listResourceVersion();
        // Only this test's object: the controller manager publishes kube-root-ca.crt into every new
        // namespace, maybe only now.
        options.fieldSelector = u"metadata.name=watched"_s;
        QList<WatchEvent> events;
        std::unique_ptr<WatchStream> stream(m_client->watch(ResourceType::configMaps(), m_namespace, options, nullptr));
        connect(stream.get(), &WatchStream::eventReceived, this, [&events](const WatchEvent &event) { events << event; });

        QVERIFY(await(m_client->create(ResourceType::configMaps(), configMap(m_namespace, u"watched"_s))));
        QVERIFY(await(m_client->patch(ResourceType::configMaps(), {m_namespace, u"watched"_s}, PatchType::Merge,
                                      R"j({"data":{"k":"v"}})j")));
        QVERIFY(await(m_client->remove(ResourceType::configMaps(), {m_namespace, u"watched"_s})));
        QTRY_COMPARE_WITH_TIMEOUT(events.size(), 3, 10000);
        QCOMPARE(events[0].type, WatchEvent::Type::Added);
        QCOMPARE(events[1].type, WatchEvent::Type::Modified);
        QCOMPARE(events[1].object[u"data"_s][u"k"_s].toString(), u"v"_s);
        QCOMPARE(events[2].type, WatchEvent::Type::Deleted);
        QCOMPARE(events[2].object[u"metadata"_s][u"name"_s].toString(), u"watched"_s);
        QVERIFY(stream->isRunning());
        stream->stop();
        QVERIFY(!stream->isRunning());
    }

    // Bookmarks move the resourceVersion on without an event: a 1.20 API server sends the first one
    // a minute into the watch (a heartbeat). (Secrets: the control plane serves ConfigMaps without a
    // watch cache, and only the cache sends bookmarks.) The watch then ends at its timeoutSeconds.
    void bookmarksAndServerTimeout()
    {
        QVERIFY(await(m_client->create(ResourceType::secrets(), secret(m_namespace, u"bookmarked"_s))));
        const auto list = await(m_client->list(ResourceType::secrets(), m_namespace));
        QVERIFY(list);
        ListOptions options;
        options.resourceVersion = list->resourceVersion;
        options.allowWatchBookmarks = true;
        options.timeoutSeconds = 70; // the heartbeat comes at min(60 s, timeout - 2 s)
        std::unique_ptr<WatchStream> stream(m_client->watch(ResourceType::secrets(), m_namespace, options, nullptr));
        QString bookmarkVersion;
        connect(stream.get(), &WatchStream::eventReceived, this, [&bookmarkVersion](const WatchEvent &event) {
            if (event.type == WatchEvent::Type::Bookmark)
                bookmarkVersion = event.resourceVersion();
        });
        int finished = 0;
        std::optional<ApiError> error;
        connect(stream.get(), &WatchStream::finished, this, [&](const std::optional<ApiError> &e) {
            ++finished;
            error = e;
        });
        QTRY_VERIFY_WITH_TIMEOUT(!bookmarkVersion.isEmpty(), 80000);
        QVERIFY(bookmarkVersion.toLongLong() >= list->resourceVersion.toLongLong());
        QTRY_COMPARE_WITH_TIMEOUT(finished, 1, 15000);
        QVERIFY2(!error, qPrintable(error ? error->toString() : QString())); // a normal end
    }

    void watchOfAForbiddenResourceEndsWithTheError()
    {
        ClientConfig nobody = m_cluster.adminConfig();
        nobody.impersonateUser = u"nobody"_s;
        KubeClient client(nobody);
        std::unique_ptr<WatchStream> stream(client.watch(ResourceType::secrets(), m_namespace, {}, nullptr));
        std::optional<ApiError> error;
        bool ended = false;
        connect(stream.get(), &WatchStream::finished, this, [&](const std::optional<ApiError> &e) {
            error = e;
            ended = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(ended, 10000);
        QVERIFY(error && error->isForbidden());
    }

    // The informer lists in pages, then follows changes; the cache and the signals agree.
    void informerSyncsAndFollows()
    {
        for (int i = 0; i < 12; ++i) {
            QVERIFY(await(m_client->create(ResourceType::configMaps(),
                                           configMap(m_namespace, u"cached-%1"_s.arg(i), {}, {{u"group"_s, u"cached"_s}}))));
        }
        QVERIFY(await(m_client->create(ResourceType::configMaps(), configMap(m_namespace, u"unlabelled"_s))));
        ListOptions selector;
        selector.labelSelector = u"group=cached"_s;
        Informer informer(m_client.get(), ResourceType::configMaps(), m_namespace, selector);
        informer.reflector()->setPageSize(5);
        QSignalSpy added(&informer, &Informer::added);
        QSignalSpy updated(&informer, &Informer::updated);
        QSignalSpy deleted(&informer, &Informer::deleted);
        informer.start();
        QVERIFY(await(informer.waitForSynced(std::chrono::seconds(20))));
        QCOMPARE(informer.size(), 12);
        QCOMPARE(added.count(), 12);
        QVERIFY(!informer.get({m_namespace, u"unlabelled"_s}));
        QVERIFY(informer.get({m_namespace, u"cached-3"_s}));

        QVERIFY(await(m_client->patch(ResourceType::configMaps(), {m_namespace, u"cached-3"_s}, PatchType::Merge,
                                      R"j({"data":{"x":"1"}})j")));
        QTRY_COMPARE_WITH_TIMEOUT(updated.count(), 1, 10000);
        QCOMPARE(informer.get({m_namespace, u"cached-3"_s})->value(u"data")[u"x"].toString(), u"1"_s);

        QVERIFY(await(m_client->remove(ResourceType::configMaps(), {m_namespace, u"cached-4"_s})));
        QTRY_COMPARE_WITH_TIMEOUT(deleted.count(), 1, 10000);
        QCOMPARE(informer.size(), 11);
        // A label change that leaves the selection looks like a deletion.
        QVERIFY(await(m_client->patch(ResourceType::configMaps(), {m_namespace, u"cached-5"_s}, PatchType::Merge,
                                      R"j({"metadata":{"labels":{"group":"other"}}})j")));
        QTRY_COMPARE_WITH_TIMEOUT(informer.size(), 10, 10000);
        QCOMPARE(informer.reflector()->listCount(), 1);
        informer.stop();
    }

    // When the server ends the watch (its timeout), the reflector resumes from where it was, no relist.
    void reflectorResumesAfterServerTimeout()
    {
        Informer informer(m_client.get(), ResourceType::configMaps(), m_namespace);
        informer.reflector()->setMinWatchTimeoutSeconds(2);
        informer.start();
        QVERIFY(await(informer.waitForSynced(std::chrono::seconds(20))));
        QTRY_VERIFY_WITH_TIMEOUT(informer.reflector()->watchCount() >= 3, 20000);
        QVERIFY(await(m_client->create(ResourceType::configMaps(), configMap(m_namespace, u"after-timeouts"_s))));
        QTRY_VERIFY_WITH_TIMEOUT(informer.get({m_namespace, u"after-timeouts"_s}).has_value(), 10000);
        QCOMPARE(informer.reflector()->listCount(), 1);
        informer.stop();
    }
};

QTEST_GUILESS_MAIN(KubeWatchTest)
#include "tst_kubewatch.moc"

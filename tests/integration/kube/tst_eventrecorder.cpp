// Events recorded on the real API server, with repeats aggregated.

#include "awaittask.h"
#include "kube/eventrecorder.h"
#include "kubetestcluster.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace locust;
using namespace locust::kube;
using testsupport::await;

class EventRecorderTest : public QObject
{
    Q_OBJECT

private:
    testsupport::KubeTestCluster m_cluster = testsupport::KubeTestCluster::connect();
    std::unique_ptr<KubeClient> m_client;
    QString m_namespace;

    QList<QJsonObject> eventsAbout(const QString &name)
    {
        ListOptions options;
        options.fieldSelector = u"involvedObject.name="_s + name;
        const auto list = await(m_client->list(ResourceType::events(), m_namespace, options));
        return list ? list->items : QList<QJsonObject>();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_client = m_cluster.adminClient();
        m_namespace = m_cluster.createNamespace(*m_client, u"events"_s);
    }

    void cleanupTestCase() { m_cluster.deleteNamespace(*m_client, m_namespace); }

    void repeatsAreAggregated()
    {
        const auto subject = await(m_client->create(ResourceType::configMaps(), testsupport::configMap(m_namespace, u"subject"_s)));
        QVERIFY(subject);
        EventRecorder recorder(m_client.get(), u"locusttest-controller"_s, u"test-host"_s);
        for (int i = 0; i < 3; ++i) {
            const auto event = await(recorder.recordAndWait(*subject, EventRecorder::Type::Warning, u"PodFailure"_s,
                                                            u"ImagePullError: 1 pod(s) affected"_s));
            QVERIFY2(event, qPrintable(event.errorMessage()));
        }
        QVERIFY(await(recorder.recordAndWait(*subject, EventRecorder::Type::Normal, u"Created"_s, u"Created Job x"_s)));

        const QList<QJsonObject> events = eventsAbout(u"subject"_s);
        QCOMPARE(events.size(), 2);
        for (const QJsonObject &event : events) {
            QCOMPARE(event[u"involvedObject"_s][u"uid"_s].toString(), subject->value(u"metadata")[u"uid"].toString());
            QCOMPARE(event[u"involvedObject"_s][u"kind"_s].toString(), u"ConfigMap"_s);
            QCOMPARE(event[u"source"_s][u"component"_s].toString(), u"locusttest-controller"_s);
            if (event[u"reason"_s].toString() == u"PodFailure") {
                QCOMPARE(event[u"count"_s].toInt(), 3);
                QCOMPARE(event[u"type"_s].toString(), u"Warning"_s);
                QCOMPARE(event[u"message"_s].toString(), u"ImagePullError: 1 pod(s) affected"_s);
            } else {
                QCOMPARE(event[u"count"_s].toInt(), 1);
                QCOMPARE(event[u"type"_s].toString(), u"Normal"_s);
            }
        }
    }

    void floodsAreDropped()
    {
        const auto subject = await(m_client->create(ResourceType::configMaps(), testsupport::configMap(m_namespace, u"flooded"_s)));
        EventRecorder recorder(m_client.get(), u"locusttest-controller"_s);
        for (int i = 0; i < EventRecorder::spamBurst + 5; ++i)
            (void)await(recorder.recordAndWait(*subject, EventRecorder::Type::Normal, u"Tick"_s, u"tick %1"_s.arg(i)));
        QCOMPARE(recorder.droppedCount(), 5);
        QCOMPARE(eventsAbout(u"flooded"_s).size(), EventRecorder::spamBurst);
    }

    // record() returns at once; flush() resumes only after every such Event is stored, so an owner
    // can wait for them before it destroys the client.
    void flushWaitsForFireAndForgetRecords()
    {
        const auto subject = await(m_client->create(ResourceType::configMaps(), testsupport::configMap(m_namespace, u"detached"_s)));
        QVERIFY(subject);
        EventRecorder recorder(m_client.get(), u"locusttest-controller"_s);
        for (int i = 0; i < 4; ++i)
            recorder.record(*subject, EventRecorder::Type::Normal, u"Step"_s, u"step %1"_s.arg(i));
        QCOMPARE(recorder.pendingCount(), 4);
        await(recorder.flush());
        QCOMPARE(recorder.pendingCount(), 0);
        QCOMPARE(eventsAbout(u"detached"_s).size(), 4);
        await(recorder.flush()); // nothing pending: returns at once
    }
};

QTEST_GUILESS_MAIN(EventRecorderTest)
#include "tst_eventrecorder.moc"

// The harness's disruptive operations, as the Kubernetes client's watch tests use them: restarting the
// API server keeps its port and the data, and compacting etcd expires older resourceVersions (410).
// Registered with RESOURCE_LOCK: it runs alone.
#include "controlplane.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using locust::testsupport::ControlPlane;
using locust::testsupport::ProcessResult;
using locust::testsupport::uniqueName;

#define VERIFY_PROCESS(result)                                                                             \
    do {                                                                                                   \
        const ProcessResult &result_ = (result);                                                           \
        QVERIFY2(result_.ok(), qPrintable(result_.describe()));                                            \
    } while (false)

class ControlPlaneDisruptionTest : public QObject
{
    Q_OBJECT

private:
    ControlPlane m_plane;
    QString m_namespace;

    QString createConfigMap(const QString &name)
    {
        const ProcessResult result = m_plane.runKubectl(
            {u"create"_s, u"configmap"_s, name, u"-n"_s, m_namespace, u"-o"_s, u"jsonpath={.metadata.resourceVersion}"_s});
        return result.ok() ? QString::fromUtf8(result.standardOutput).trimmed() : QString();
    }

    // The first event of a ConfigMap watch in the test namespace from resourceVersion (empty when
    // none came within the watch's 3 s).
    QJsonObject firstWatchEvent(const QString &resourceVersion)
    {
        const ProcessResult result = m_plane.runKubectl(
            {u"get"_s, u"--raw"_s,
             u"/api/v1/namespaces/%1/configmaps?watch=1&resourceVersion=%2&timeoutSeconds=3"_s.arg(
                 m_namespace, resourceVersion)});
        if (!result.ok())
            qWarning("%s", qPrintable(result.describe()));
        const QByteArray firstLine = result.standardOutput.split('\n').value(0);
        return QJsonDocument::fromJson(firstLine).object();
    }

private Q_SLOTS:
    void initTestCase()
    {
        auto plane = ControlPlane::fromEnvironment();
        QVERIFY2(plane.ok(), qPrintable(plane.errorMessage()));
        m_plane = plane.value();
        m_namespace = uniqueName(u"tst-disruption"_s);
        VERIFY_PROCESS(m_plane.runKubectl({u"create"_s, u"namespace"_s, m_namespace}));
    }

    void cleanupTestCase()
    {
        if (!m_namespace.isEmpty())
            m_plane.runKubectl({u"delete"_s, u"namespace"_s, m_namespace, u"--wait=false"_s});
    }

    void restartKeepsPortAndData()
    {
        QVERIFY(!createConfigMap(u"before-restart"_s).isEmpty());
        VERIFY_PROCESS(m_plane.restartApiserver());
        auto reloaded = ControlPlane::load(m_plane.dir);
        QVERIFY2(reloaded.ok(), qPrintable(reloaded.errorMessage()));
        QCOMPARE(reloaded->apiserverUrl, m_plane.apiserverUrl);
        const ProcessResult ready = m_plane.runKubectl({u"get"_s, u"--raw"_s, u"/readyz"_s});
        VERIFY_PROCESS(ready);
        QCOMPARE(ready.standardOutput.trimmed(), QByteArray("ok"));
        VERIFY_PROCESS(m_plane.runKubectl({u"get"_s, u"configmap"_s, u"before-restart"_s, u"-n"_s, m_namespace}));
    }

    void compactionExpiresOlderResourceVersions()
    {
        const QString old = createConfigMap(u"old"_s);
        QVERIFY(!old.isEmpty());
        const QString newest = createConfigMap(u"newer"_s);
        QVERIFY(!newest.isEmpty());
        // Before compaction the watch replays what happened after `old`.
        QJsonObject event = firstWatchEvent(old);
        QCOMPARE(event.value(u"type"_s).toString(), u"ADDED"_s);

        const ProcessResult compacted = m_plane.compactEtcd();
        VERIFY_PROCESS(compacted);
        const QString revision = QString::fromUtf8(compacted.standardOutput).trimmed();
        QVERIFY2(revision.toLongLong() > old.toLongLong(), qPrintable(revision));

        event = firstWatchEvent(old);
        QCOMPARE(event.value(u"type"_s).toString(), u"ERROR"_s);
        const QJsonObject status = event.value(u"object"_s).toObject();
        QCOMPARE(status.value(u"code"_s).toInt(), 410);
        QCOMPARE(status.value(u"reason"_s).toString(), u"Expired"_s);
        // The newest resourceVersion is still watchable: nothing happened since, so no event at all.
        QVERIFY(firstWatchEvent(newest).isEmpty());

        // Compacting again without writes in between is fine.
        VERIFY_PROCESS(m_plane.compactEtcd());
    }
};

QTEST_GUILESS_MAIN(ControlPlaneDisruptionTest)
#include "tst_controlplanedisruption.moc"

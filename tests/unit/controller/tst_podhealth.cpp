#include "apitestsupport.h"
#include "controller/podhealth.h"

#include <QDate>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QTime>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace locust::controller;
using locust::testsupport::parse;

namespace locust::controller {
// Lets QCOMPARE print both answers when they differ.
char *toString(const PodHealth &health)
{
    const QString text = u"{healthy=%1, reason=%2, message=%3, recheckAfter=%4ms, failedPods=[%5]}"_s.arg(
        health.healthy ? u"true"_s : u"false"_s, health.reason, health.message,
        QString::number(health.recheckAfter.count()), health.failedPods.join(u", "_s));
    return qstrdup(text.toUtf8().constData());
}
} // namespace locust::controller

namespace {

// Every test judges at this instant; pods are created OLD (ten minutes earlier, past the two
// minute grace period) unless a test is about the grace period.
const QDateTime now(QDate(2024, 5, 1), QTime(12, 0), QTimeZone::utc());
const QString old = u"2024-05-01T11:50:00Z"_s;

const QString master = u"load-test-master-x7k2p"_s;

QJsonObject pod(const QString &name, const QJsonObject &status, const QJsonValue &created = old,
                const QJsonObject &spec = {})
{
    QJsonObject metadata{{u"name"_s, name}, {u"namespace"_s, u"load"_s},
                         {u"labels"_s, QJsonObject{{u"performance-test-name"_s, u"load-test"_s}}}};
    if (!created.isUndefined())
        metadata.insert(u"creationTimestamp"_s, created);
    QJsonObject object{{u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"Pod"_s}, {u"metadata"_s, metadata},
                       {u"status"_s, status}};
    if (!spec.isEmpty())
        object.insert(u"spec"_s, spec);
    return object;
}

QJsonObject containerState(const QString &container, const QJsonObject &state)
{
    return QJsonObject{{u"name"_s, container}, {u"ready"_s, false}, {u"restartCount"_s, 0}, {u"state"_s, state}};
}

QJsonObject waiting(const QString &container, const QString &reason, const QString &message)
{
    return containerState(container, QJsonObject{{u"waiting"_s, QJsonObject{{u"reason"_s, reason}, {u"message"_s, message}}}});
}

QJsonObject terminated(const QString &container, int exitCode, const QString &reason)
{
    return containerState(container, QJsonObject{{u"terminated"_s, QJsonObject{{u"exitCode"_s, exitCode}, {u"reason"_s, reason}}}});
}

QJsonObject running(const QString &container)
{
    return containerState(container, QJsonObject{{u"running"_s, QJsonObject{{u"startedAt"_s, old}}}});
}

// A pod status with these container statuses (main, then init).
QJsonObject containers(const QJsonArray &main, const QJsonArray &init = {})
{
    QJsonObject status{{u"phase"_s, u"Pending"_s}, {u"containerStatuses"_s, main}};
    if (!init.isEmpty())
        status.insert(u"initContainerStatuses"_s, init);
    return status;
}

QJsonObject scheduledCondition(const QString &status, const QString &message)
{
    return QJsonObject{{u"type"_s, u"PodScheduled"_s}, {u"status"_s, status}, {u"reason"_s, u"Unschedulable"_s},
                       {u"message"_s, message}};
}

QJsonObject unschedulable(const QString &message)
{
    return QJsonObject{{u"phase"_s, u"Pending"_s}, {u"conditions"_s, QJsonArray{scheduledCondition(u"False"_s, message)}}};
}

// spec.initContainers with these names and restartPolicy values ("" = none).
QJsonObject initContainerSpec(const QList<std::pair<QString, QString>> &containers)
{
    QJsonArray list;
    for (const auto &[name, restartPolicy] : containers) {
        QJsonObject container{{u"name"_s, name}, {u"image"_s, u"busybox"_s}};
        if (!restartPolicy.isEmpty())
            container.insert(u"restartPolicy"_s, restartPolicy);
        list.append(container);
    }
    return QJsonObject{{u"initContainers"_s, list}, {u"containers"_s, QJsonArray{QJsonObject{{u"name"_s, u"locust"_s}}}}};
}

// A judged pod with one failure of the given kind, whose error text names the pod.
QJsonObject failing(const QString &name, const QString &kind, const QJsonValue &created = old)
{
    if (kind == u"config"_s)
        return pod(name, containers({waiting(u"locust"_s, u"CreateContainerConfigError"_s, u"configmap \"cm-"_s + name + u"\" not found"_s)}), created);
    if (kind == u"image"_s)
        return pod(name, containers({waiting(u"locust"_s, u"ImagePullBackOff"_s, u"Back-off pulling image \""_s + name + u"\""_s)}), created);
    if (kind == u"scheduling"_s)
        return pod(name, unschedulable(u"cannot schedule "_s + name), created);
    if (kind == u"crash"_s)
        return pod(name, containers({waiting(u"locust"_s, u"CrashLoopBackOff"_s, u"back-off restarting "_s + name)}), created);
    if (kind == u"init"_s)
        return pod(name, containers({waiting(u"locust"_s, u"PodInitializing"_s, QString())}, {terminated(u"init-"_s + name, 1, u"Error"_s)}), created);
    qFatal("unknown failure kind");
}

QJsonObject healthyPod(const QString &name, const QJsonValue &created = old)
{
    return pod(name, containers({running(u"locust"_s)}), created);
}

PodHealth healthy(const QString &reason, const QString &message, std::chrono::milliseconds recheckAfter = 0ms)
{
    return PodHealth{true, reason, message, recheckAfter, {}};
}

PodHealth allHealthy()
{
    return healthy(u"PodsHealthy"_s, u"All pods are healthy"_s);
}

PodHealth starting(std::chrono::milliseconds recheckAfter)
{
    return healthy(u"PodsStarting"_s, u"Pods are starting up"_s, recheckAfter);
}

PodHealth unhealthy(const QString &reason, const QString &message, const QStringList &pods)
{
    return PodHealth{false, reason, message, 0ms, pods};
}

} // namespace

class PodHealthTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void noPods()
    {
        QCOMPARE(assessPodHealth({}, {}, now), healthy(u"PodsStarting"_s, u"Waiting for pods to be created"_s));
        QCOMPARE(assessPodHealth({}, {u"files"_s, u"lib"_s}, now, 0ms),
                 healthy(u"PodsStarting"_s, u"Waiting for pods to be created"_s));
    }

    void unknown()
    {
        QCOMPARE(podHealthUnknown(), healthy(u"PodsHealthy"_s, u"Pod health check pending"_s));
    }

    void failureKinds_data()
    {
        QTest::addColumn<QJsonObject>("status");
        QTest::addColumn<QJsonObject>("spec");
        QTest::addColumn<PodHealth>("expected");

        QTest::newRow("running") << containers({running(u"locust"_s)}, {terminated(u"init"_s, 0, u"Completed"_s)}) << QJsonObject()
                                 << allHealthy();
        QTest::newRow("no status fields") << QJsonObject{{u"phase"_s, u"Pending"_s}} << QJsonObject() << allHealthy();

        QTest::newRow("PodScheduled=False")
            << unschedulable(u"0/3 nodes are available: 3 Insufficient cpu."_s) << QJsonObject()
            << unhealthy(u"SchedulingError"_s,
                         u"SchedulingError: 1 pod(s) affected [load-test-master-x7k2p]: 0/3 nodes are available: 3 Insufficient cpu."_s,
                         {master});
        QTest::newRow("PodScheduled=True")
            << QJsonObject{{u"conditions"_s, QJsonArray{scheduledCondition(u"True"_s, QString())}}} << QJsonObject() << allHealthy();
        QTest::newRow("PodScheduled=Unknown")
            << QJsonObject{{u"conditions"_s, QJsonArray{scheduledCondition(u"Unknown"_s, u"pending"_s)}}} << QJsonObject()
            << allHealthy();
        QTest::newRow("other condition False")
            << QJsonObject{{u"conditions"_s, QJsonArray{QJsonObject{{u"type"_s, u"Ready"_s}, {u"status"_s, u"False"_s}, {u"message"_s, u"not ready"_s}},
                                                         QJsonObject{{u"type"_s, u"ContainersReady"_s}, {u"status"_s, u"False"_s}}}}}
            << QJsonObject() << allHealthy();
        QTest::newRow("PodScheduled=False after other conditions")
            << QJsonObject{{u"conditions"_s, QJsonArray{QJsonObject{{u"type"_s, u"Ready"_s}, {u"status"_s, u"False"_s}},
                                                         scheduledCondition(u"False"_s, u"no nodes"_s)}}}
            << QJsonObject()
            << unhealthy(u"SchedulingError"_s, u"SchedulingError: 1 pod(s) affected [load-test-master-x7k2p]: no nodes"_s, {master});

        QTest::newRow("CreateContainerConfigError")
            << containers({waiting(u"locust"_s, u"CreateContainerConfigError"_s, u"configmap \"load-test-files\" not found"_s)})
            << QJsonObject()
            << unhealthy(u"ConfigurationError"_s,
                         u"ConfigurationError: 1 pod(s) affected [load-test-master-x7k2p]: configmap \"load-test-files\" not found. Create the ConfigMap and the pods will restart automatically."_s,
                         {master});
        QTest::newRow("ImagePullBackOff")
            << containers({waiting(u"locust"_s, u"ImagePullBackOff"_s, u"Back-off pulling image \"locustio/locust:9.9\""_s)})
            << QJsonObject()
            << unhealthy(u"ImagePullError"_s,
                         u"ImagePullError: 1 pod(s) affected [load-test-master-x7k2p]: Back-off pulling image \"locustio/locust:9.9\""_s,
                         {master});
        QTest::newRow("ErrImagePull")
            << containers({waiting(u"locust"_s, u"ErrImagePull"_s, u"rpc error: code = NotFound"_s)}) << QJsonObject()
            << unhealthy(u"ImagePullError"_s, u"ImagePullError: 1 pod(s) affected [load-test-master-x7k2p]: rpc error: code = NotFound"_s,
                         {master});
        QTest::newRow("reason containing ImagePull")
            << containers({waiting(u"locust"_s, u"RegistryImagePullDenied"_s, u"denied"_s)}) << QJsonObject()
            << unhealthy(u"ImagePullError"_s, u"ImagePullError: 1 pod(s) affected [load-test-master-x7k2p]: denied"_s, {master});
        QTest::newRow("imagepull in lower case is another reason")
            << containers({waiting(u"locust"_s, u"errimagepull"_s, u"x"_s)}) << QJsonObject() << allHealthy();
        QTest::newRow("CrashLoopBackOff waiting")
            << containers({waiting(u"locust"_s, u"CrashLoopBackOff"_s, u"back-off 5m0s restarting failed container=locust"_s)})
            << QJsonObject()
            << unhealthy(u"CrashLoopBackOff"_s,
                         u"CrashLoopBackOff: 1 pod(s) affected [load-test-master-x7k2p]: back-off 5m0s restarting failed container=locust"_s,
                         {master});
        QTest::newRow("CrashLoopBackOff waiting in an init container")
            << containers({waiting(u"locust"_s, u"PodInitializing"_s, QString())},
                          {waiting(u"fetch"_s, u"CrashLoopBackOff"_s, u"back-off 10s restarting failed container=fetch"_s)})
            << QJsonObject()
            << unhealthy(u"CrashLoopBackOff"_s,
                         u"CrashLoopBackOff: 1 pod(s) affected [load-test-master-x7k2p]: back-off 10s restarting failed container=fetch"_s,
                         {master});
        QTest::newRow("ContainerCreating")
            << containers({waiting(u"locust"_s, u"ContainerCreating"_s, QString())}) << QJsonObject() << allHealthy();
        QTest::newRow("PodInitializing")
            << containers({waiting(u"locust"_s, u"PodInitializing"_s, QString())}) << QJsonObject() << allHealthy();

        QTest::newRow("main container exits non-zero")
            << containers({terminated(u"locust"_s, 1, u"Error"_s)}) << QJsonObject()
            << unhealthy(u"CrashLoopBackOff"_s,
                         u"CrashLoopBackOff: 1 pod(s) affected [load-test-master-x7k2p]: Container locust exited with code 1: Error"_s,
                         {master});
        QTest::newRow("main container OOMKilled")
            << containers({running(u"metrics-exporter"_s), terminated(u"locust"_s, 137, u"OOMKilled"_s)}) << QJsonObject()
            << unhealthy(u"CrashLoopBackOff"_s,
                         u"CrashLoopBackOff: 1 pod(s) affected [load-test-master-x7k2p]: Container locust exited with code 137: OOMKilled"_s,
                         {master});
        QTest::newRow("init container exits non-zero")
            << containers({waiting(u"locust"_s, u"PodInitializing"_s, QString())}, {terminated(u"fetch-files"_s, 2, u"Error"_s)})
            << QJsonObject()
            << unhealthy(u"InitializationError"_s,
                         u"InitializationError: 1 pod(s) affected [load-test-master-x7k2p]: Container fetch-files exited with code 2: Error"_s,
                         {master});
        QTest::newRow("terminated without reason")
            << containers({terminated(u"locust"_s, 1, QString())}) << QJsonObject()
            << unhealthy(u"CrashLoopBackOff"_s,
                         u"CrashLoopBackOff: 1 pod(s) affected [load-test-master-x7k2p]: Container locust exited with code 1: "_s,
                         {master});
        QTest::newRow("exit code 0")
            << containers({terminated(u"locust"_s, 0, u"Completed"_s), terminated(u"metrics-exporter"_s, 0, u"Completed"_s)},
                          {terminated(u"fetch-files"_s, 0, u"Completed"_s)})
            << QJsonObject() << allHealthy();
        QTest::newRow("lastState is ignored")
            << containers({QJsonObject{{u"name"_s, u"locust"_s},
                                       {u"state"_s, QJsonObject{{u"running"_s, QJsonObject()}}},
                                       {u"lastState"_s, QJsonObject{{u"terminated"_s, QJsonObject{{u"exitCode"_s, 1}, {u"reason"_s, u"Error"_s}}}}}}})
            << QJsonObject() << allHealthy();

        // Native sidecars (init containers with restartPolicy Always) are stopped when the pod ends.
        QTest::newRow("native sidecar exits non-zero")
            << containers({terminated(u"locust"_s, 0, u"Completed"_s)}, {terminated(u"log-shipper"_s, 143, u"Error"_s)})
            << initContainerSpec({{u"log-shipper"_s, u"Always"_s}}) << allHealthy();
        QTest::newRow("init container without restartPolicy exits non-zero")
            << containers({terminated(u"locust"_s, 0, u"Completed"_s)}, {terminated(u"log-shipper"_s, 143, u"Error"_s)})
            << initContainerSpec({{u"log-shipper"_s, QString()}})
            << unhealthy(u"InitializationError"_s,
                         u"InitializationError: 1 pod(s) affected [load-test-master-x7k2p]: Container log-shipper exited with code 143: Error"_s,
                         {master});
        QTest::newRow("init container with restartPolicy Never exits non-zero")
            << containers({terminated(u"locust"_s, 0, u"Completed"_s)}, {terminated(u"log-shipper"_s, 143, u"Error"_s)})
            << initContainerSpec({{u"log-shipper"_s, u"Never"_s}})
            << unhealthy(u"InitializationError"_s,
                         u"InitializationError: 1 pod(s) affected [load-test-master-x7k2p]: Container log-shipper exited with code 143: Error"_s,
                         {master});
        QTest::newRow("the sidecar exemption is by name")
            << containers({waiting(u"locust"_s, u"PodInitializing"_s, QString())},
                          {terminated(u"log-shipper"_s, 143, u"Error"_s), terminated(u"fetch-files"_s, 1, u"Error"_s)})
            << initContainerSpec({{u"log-shipper"_s, u"Always"_s}, {u"fetch-files"_s, QString()}})
            << unhealthy(u"InitializationError"_s,
                         u"InitializationError: 1 pod(s) affected [load-test-master-x7k2p]: Container fetch-files exited with code 1: Error"_s,
                         {master});
        QTest::newRow("native sidecar in CrashLoopBackOff")
            << containers({running(u"locust"_s)}, {waiting(u"log-shipper"_s, u"CrashLoopBackOff"_s, u"back-off 20s"_s)})
            << initContainerSpec({{u"log-shipper"_s, u"Always"_s}})
            << unhealthy(u"CrashLoopBackOff"_s, u"CrashLoopBackOff: 1 pod(s) affected [load-test-master-x7k2p]: back-off 20s"_s, {master});
    }

    void failureKinds()
    {
        QFETCH(QJsonObject, status);
        QFETCH(QJsonObject, spec);
        QFETCH(PodHealth, expected);
        QCOMPARE(assessPodHealth({pod(master, status, old, spec)}, {}, now), expected);
    }

    // Each pod contributes its first failure only: scheduling, then init containers in order, then
    // main containers in order. The tests pick a later failure of a higher priority to show that
    // it is not counted.
    void firstFailureOfAPodWins_data()
    {
        QTest::addColumn<QJsonObject>("status");
        QTest::addColumn<PodHealth>("expected");

        QJsonObject scheduling = unschedulable(u"no nodes"_s);
        scheduling.insert(u"containerStatuses"_s, QJsonArray{waiting(u"locust"_s, u"ImagePullBackOff"_s, u"pull"_s)});
        QTest::newRow("scheduling before containers")
            << scheduling << unhealthy(u"SchedulingError"_s, u"SchedulingError: 1 pod(s) affected [load-test-master-x7k2p]: no nodes"_s, {master});
        QTest::newRow("init containers before main containers")
            << containers({waiting(u"locust"_s, u"CreateContainerConfigError"_s, u"configmap \"x\" not found"_s)},
                          {terminated(u"fetch-files"_s, 3, u"Error"_s)})
            << unhealthy(u"InitializationError"_s,
                         u"InitializationError: 1 pod(s) affected [load-test-master-x7k2p]: Container fetch-files exited with code 3: Error"_s,
                         {master});
        QTest::newRow("first main container")
            << containers({waiting(u"locust"_s, u"CrashLoopBackOff"_s, u"first"_s), waiting(u"metrics-exporter"_s, u"ErrImagePull"_s, u"second"_s)})
            << unhealthy(u"CrashLoopBackOff"_s, u"CrashLoopBackOff: 1 pod(s) affected [load-test-master-x7k2p]: first"_s, {master});
        QTest::newRow("first init container")
            << containers({}, {terminated(u"a"_s, 1, u"first"_s), terminated(u"b"_s, 2, u"second"_s)})
            << unhealthy(u"InitializationError"_s,
                         u"InitializationError: 1 pod(s) affected [load-test-master-x7k2p]: Container a exited with code 1: first"_s,
                         {master});
        QTest::newRow("healthy container before a failing one")
            << containers({running(u"metrics-exporter"_s), waiting(u"locust"_s, u"ErrImagePull"_s, u"pull failed"_s)})
            << unhealthy(u"ImagePullError"_s, u"ImagePullError: 1 pod(s) affected [load-test-master-x7k2p]: pull failed"_s, {master});
    }

    void firstFailureOfAPodWins()
    {
        QFETCH(QJsonObject, status);
        QFETCH(PodHealth, expected);
        QCOMPARE(assessPodHealth({pod(master, status)}, {}, now), expected);
    }

    void priority_data()
    {
        QTest::addColumn<QList<QJsonObject>>("pods");
        QTest::addColumn<PodHealth>("expected");

        QTest::newRow("all five")
            << QList<QJsonObject>{failing(u"p-init"_s, u"init"_s), failing(u"p-crash"_s, u"crash"_s),
                                  failing(u"p-scheduling"_s, u"scheduling"_s), failing(u"p-image"_s, u"image"_s),
                                  failing(u"p-config"_s, u"config"_s)}
            << unhealthy(u"ConfigurationError"_s,
                         u"ConfigurationError: 1 pod(s) affected [p-config]: configmap \"cm-p-config\" not found. Create the ConfigMap and the pods will restart automatically."_s,
                         {u"p-config"_s});
        QTest::newRow("ImagePullError over SchedulingError")
            << QList<QJsonObject>{failing(u"p-init"_s, u"init"_s), failing(u"p-crash"_s, u"crash"_s),
                                  failing(u"p-scheduling"_s, u"scheduling"_s), failing(u"p-image"_s, u"image"_s)}
            << unhealthy(u"ImagePullError"_s, u"ImagePullError: 1 pod(s) affected [p-image]: Back-off pulling image \"p-image\""_s,
                         {u"p-image"_s});
        QTest::newRow("SchedulingError over CrashLoopBackOff")
            << QList<QJsonObject>{failing(u"p-init"_s, u"init"_s), failing(u"p-crash"_s, u"crash"_s),
                                  failing(u"p-scheduling"_s, u"scheduling"_s)}
            << unhealthy(u"SchedulingError"_s, u"SchedulingError: 1 pod(s) affected [p-scheduling]: cannot schedule p-scheduling"_s,
                         {u"p-scheduling"_s});
        QTest::newRow("CrashLoopBackOff over InitializationError")
            << QList<QJsonObject>{failing(u"p-init"_s, u"init"_s), failing(u"p-crash"_s, u"crash"_s)}
            << unhealthy(u"CrashLoopBackOff"_s, u"CrashLoopBackOff: 1 pod(s) affected [p-crash]: back-off restarting p-crash"_s,
                         {u"p-crash"_s});
        QTest::newRow("InitializationError alone")
            << QList<QJsonObject>{healthyPod(u"p-ok"_s), failing(u"p-init"_s, u"init"_s)}
            << unhealthy(u"InitializationError"_s,
                         u"InitializationError: 1 pod(s) affected [p-init]: Container init-p-init exited with code 1: Error"_s,
                         {u"p-init"_s});
        QTest::newRow("ConfigurationError over ImagePullError, listed last")
            << QList<QJsonObject>{failing(u"p-image"_s, u"image"_s), failing(u"p-config"_s, u"config"_s)}
            << unhealthy(u"ConfigurationError"_s,
                         u"ConfigurationError: 1 pod(s) affected [p-config]: configmap \"cm-p-config\" not found. Create the ConfigMap and the pods will restart automatically."_s,
                         {u"p-config"_s});
    }

    void priority()
    {
        QFETCH(QList<QJsonObject>, pods);
        QFETCH(PodHealth, expected);
        QCOMPARE(assessPodHealth(pods, {}, now), expected);
    }

    // N and the names count only the pods of the reported type, in list order; the error text is
    // that of the first of them.
    void affectedPods()
    {
        const QList<QJsonObject> pods{healthyPod(u"load-test-master-a"_s), failing(u"load-test-worker-b"_s, u"crash"_s),
                                      failing(u"load-test-worker-c"_s, u"image"_s), failing(u"load-test-worker-d"_s, u"init"_s),
                                      failing(u"load-test-worker-e"_s, u"image"_s), healthyPod(u"load-test-worker-f"_s),
                                      failing(u"load-test-worker-g"_s, u"image"_s)};
        QCOMPARE(assessPodHealth(pods, {}, now),
                 unhealthy(u"ImagePullError"_s,
                           u"ImagePullError: 3 pod(s) affected [load-test-worker-c, load-test-worker-e, load-test-worker-g]: Back-off pulling image \"load-test-worker-c\""_s,
                           {u"load-test-worker-c"_s, u"load-test-worker-e"_s, u"load-test-worker-g"_s}));

        const QList<QJsonObject> configPods{failing(u"w-2"_s, u"config"_s), failing(u"w-1"_s, u"config"_s)};
        QCOMPARE(assessPodHealth(configPods, {}, now),
                 unhealthy(u"ConfigurationError"_s,
                           u"ConfigurationError: 2 pod(s) affected [w-2, w-1]: configmap \"cm-w-2\" not found. Create the ConfigMap and the pods will restart automatically."_s,
                           {u"w-2"_s, u"w-1"_s}));

        const QList<QJsonObject> healthyPods{healthyPod(u"a"_s), healthyPod(u"b"_s)};
        QCOMPARE(assessPodHealth(healthyPods, {}, now), allHealthy());
    }

    // The reference keyed the grace period on the oldest pod, so a pod created later (after a
    // recovery, say) was judged at once. Here each pod gets its own.
    void graceIsPerPod()
    {
        const QString young = u"2024-05-01T11:59:30Z"_s; // 30 s old: 90 s of grace left

        // A young failing pod next to an old healthy one is not judged yet.
        QCOMPARE(assessPodHealth({healthyPod(u"master"_s), failing(u"worker-new"_s, u"crash"_s, young)}, {}, now),
                 starting(90s));
        // Nor when all pods are young and failing.
        QCOMPARE(assessPodHealth({failing(u"master"_s, u"config"_s, young), failing(u"worker"_s, u"crash"_s, young)}, {}, now),
                 starting(90s));
        // An old failing pod is judged while a younger one is in grace; only the old one is named,
        // and there is nothing to recheck: the answer is final.
        QCOMPARE(assessPodHealth({failing(u"worker-new"_s, u"crash"_s, young), failing(u"master"_s, u"crash"_s)}, {}, now),
                 unhealthy(u"CrashLoopBackOff"_s, u"CrashLoopBackOff: 1 pod(s) affected [master]: back-off restarting master"_s,
                           {u"master"_s}));
        // A young pod of a higher-priority type does not displace the judged pod's type.
        QCOMPARE(assessPodHealth({failing(u"worker-new"_s, u"config"_s, young), failing(u"master"_s, u"init"_s)}, {}, now),
                 unhealthy(u"InitializationError"_s,
                           u"InitializationError: 1 pod(s) affected [master]: Container init-master exited with code 1: Error"_s,
                           {u"master"_s}));
        // The recheck comes when the first young pod leaves its grace period.
        QCOMPARE(assessPodHealth({healthyPod(u"a"_s, u"2024-05-01T11:59:45Z"_s), healthyPod(u"b"_s, u"2024-05-01T11:58:30Z"_s),
                                  healthyPod(u"c"_s, u"2024-05-01T11:59:00Z"_s), healthyPod(u"d"_s)},
                                 {}, now),
                 starting(30s));
    }

    // A pod is judged once it is at least gracePeriod old.
    void graceBoundary_data()
    {
        QTest::addColumn<QString>("created");
        QTest::addColumn<PodHealth>("expected");

        const PodHealth judged = unhealthy(u"CrashLoopBackOff"_s, u"CrashLoopBackOff: 1 pod(s) affected [p]: back-off restarting p"_s, {u"p"_s});
        QTest::newRow("exactly 2 minutes") << u"2024-05-01T11:58:00Z"_s << judged;
        QTest::newRow("1 ms more") << u"2024-05-01T11:57:59.999Z"_s << judged;
        QTest::newRow("1 ms less") << u"2024-05-01T11:58:00.001Z"_s << starting(1ms);
        QTest::newRow("just created") << u"2024-05-01T12:00:00Z"_s << starting(120s);
        // Clock skew: a creation time ahead of `now` counts as just created.
        QTest::newRow("in the future") << u"2024-05-01T12:05:00Z"_s << starting(120s);
        QTest::newRow("far in the future") << u"9999-12-31T23:59:59Z"_s << starting(120s);
        QTest::newRow("long ago") << u"0001-01-01T00:00:00Z"_s << judged;
    }

    void graceBoundary()
    {
        QFETCH(QString, created);
        QFETCH(PodHealth, expected);
        QCOMPARE(assessPodHealth({failing(u"p"_s, u"crash"_s, created)}, {}, now), expected);
    }

    // RFC 3339 as the API server may write it: offsets, fractions, lower-case separators.
    void timestampFormats_data()
    {
        QTest::addColumn<QString>("created");
        QTest::addColumn<std::chrono::milliseconds>("remaining");

        QTest::newRow("Z") << u"2024-05-01T11:59:30Z"_s << std::chrono::milliseconds(90s);
        QTest::newRow("positive offset") << u"2024-05-01T13:59:30+02:00"_s << std::chrono::milliseconds(90s);
        QTest::newRow("negative offset") << u"2024-05-01T07:29:30-04:30"_s << std::chrono::milliseconds(90s);
        QTest::newRow("zero offset") << u"2024-05-01T11:59:30+00:00"_s << std::chrono::milliseconds(90s);
        QTest::newRow("across midnight") << u"2024-05-02T01:59:30+14:00"_s << std::chrono::milliseconds(90s);
        QTest::newRow("fraction") << u"2024-05-01T11:59:30.5Z"_s << std::chrono::milliseconds(90500ms);
        QTest::newRow("nanoseconds") << u"2024-05-01T11:59:30.123456789Z"_s << std::chrono::milliseconds(90123ms);
        QTest::newRow("lower case") << u"2024-05-01t11:59:30z"_s << std::chrono::milliseconds(90s);
    }

    void timestampFormats()
    {
        QFETCH(QString, created);
        QFETCH(std::chrono::milliseconds, remaining);
        QCOMPARE(assessPodHealth({failing(u"p"_s, u"crash"_s, created)}, {}, now), starting(remaining));
    }

    // A pod whose age cannot be known is judged (as old): a broken timestamp never hides a failure,
    // and is never a failure itself.
    void unparsableTimestamp_data()
    {
        QTest::addColumn<QJsonValue>("created");

        QTest::newRow("missing") << QJsonValue(QJsonValue::Undefined);
        QTest::newRow("null") << QJsonValue(QJsonValue::Null);
        QTest::newRow("empty") << QJsonValue(u""_s);
        QTest::newRow("number") << QJsonValue(1714564770);
        QTest::newRow("object") << QJsonValue(QJsonObject{{u"seconds"_s, 1714564770}});
        QTest::newRow("words") << QJsonValue(u"yesterday"_s);
        QTest::newRow("date only") << QJsonValue(u"2024-05-01"_s);
        QTest::newRow("no offset") << QJsonValue(u"2024-05-01T11:59:30"_s);
        QTest::newRow("space separator") << QJsonValue(u"2024-05-01 11:59:30Z"_s);
        QTest::newRow("no seconds") << QJsonValue(u"2024-05-01T11:59Z"_s);
        QTest::newRow("empty fraction") << QJsonValue(u"2024-05-01T11:59:30.Z"_s);
        QTest::newRow("30 February") << QJsonValue(u"2024-02-30T11:59:30Z"_s);
        QTest::newRow("hour 24") << QJsonValue(u"2024-05-01T24:00:00Z"_s);
        QTest::newRow("leap second") << QJsonValue(u"2024-05-01T11:59:60Z"_s);
        // Out-of-range offsets, negative so that they would otherwise put the pod in its grace period.
        QTest::newRow("offset hour 24") << QJsonValue(u"2024-05-01T11:59:30-24:00"_s);
        QTest::newRow("offset minute 60") << QJsonValue(u"2024-05-01T11:59:30-00:60"_s);
        QTest::newRow("offset without colon") << QJsonValue(u"2024-05-01T11:59:30+0100"_s);
        QTest::newRow("trailing text") << QJsonValue(u"2024-05-01T11:59:30Z now"_s);
        QTest::newRow("non-ASCII digits") << QJsonValue(u"٢٠٢٤-05-01T11:59:30Z"_s);
    }

    void unparsableTimestamp()
    {
        QFETCH(QJsonValue, created);
        QCOMPARE(assessPodHealth({failing(u"p"_s, u"crash"_s, created)}, {}, now),
                 unhealthy(u"CrashLoopBackOff"_s, u"CrashLoopBackOff: 1 pod(s) affected [p]: back-off restarting p"_s, {u"p"_s}));
        QCOMPARE(assessPodHealth({healthyPod(u"p"_s, created)}, {}, now), allHealthy());
    }

    void gracePeriodArgument()
    {
        const QString young = u"2024-05-01T11:59:30Z"_s;
        // No grace: every pod is judged.
        QCOMPARE(assessPodHealth({failing(u"p"_s, u"crash"_s, young)}, {}, now, 0ms),
                 unhealthy(u"CrashLoopBackOff"_s, u"CrashLoopBackOff: 1 pod(s) affected [p]: back-off restarting p"_s, {u"p"_s}));
        QCOMPARE(assessPodHealth({failing(u"p"_s, u"crash"_s, young)}, {}, now, -1s),
                 unhealthy(u"CrashLoopBackOff"_s, u"CrashLoopBackOff: 1 pod(s) affected [p]: back-off restarting p"_s, {u"p"_s}));
        // A longer grace keeps the ten-minute-old pod in it.
        QCOMPARE(assessPodHealth({failing(u"p"_s, u"crash"_s)}, {}, now, 15min), starting(5min));
        QCOMPARE(assessPodHealth({failing(u"p"_s, u"crash"_s, young)}, {}, now, 31s), starting(1s));
        QCOMPARE(podStartupGracePeriod, std::chrono::milliseconds(2min));
    }

    void invalidNowJudgesEveryPod()
    {
        QCOMPARE(assessPodHealth({failing(u"p"_s, u"crash"_s, u"2024-05-01T11:59:30Z"_s)}, {}, QDateTime()),
                 unhealthy(u"CrashLoopBackOff"_s, u"CrashLoopBackOff: 1 pod(s) affected [p]: back-off restarting p"_s, {u"p"_s}));
    }

    // The "ConfigMap not found" hint is given only when the kubelet's message names one of the
    // ConfigMaps the test mounts (spec.testFiles).
    void configMapHint_data()
    {
        QTest::addColumn<std::optional<QString>>("testFiles");
        QTest::addColumn<std::optional<QString>>("library");
        QTest::addColumn<QString>("waitingMessage");
        QTest::addColumn<QString>("expectedMessage");

        const std::optional<QString> none;
        QTest::newRow("test files ConfigMap")
            << std::optional(u"load-test-files"_s) << none << u"configmap \"load-test-files\" not found"_s
            << u"ConfigurationError: 1 pod(s) affected [p]: ConfigMap not found (expected: load-test-files). configmap \"load-test-files\" not found. Create the ConfigMap and the pods will restart automatically."_s;
        QTest::newRow("test files ConfigMap, library set too")
            << std::optional(u"load-test-files"_s) << std::optional(u"load-test-lib"_s) << u"configmap \"load-test-files\" not found"_s
            << u"ConfigurationError: 1 pod(s) affected [p]: ConfigMap not found (expected: load-test-files). configmap \"load-test-files\" not found. Create the ConfigMap and the pods will restart automatically."_s;
        QTest::newRow("library ConfigMap, test files set too")
            << std::optional(u"load-test-files"_s) << std::optional(u"load-test-lib"_s) << u"configmap \"load-test-lib\" not found"_s
            << u"ConfigurationError: 1 pod(s) affected [p]: ConfigMap not found (expected: load-test-lib). configmap \"load-test-lib\" not found. Create the ConfigMap and the pods will restart automatically."_s;
        QTest::newRow("library ConfigMap only")
            << none << std::optional(u"load-test-lib"_s) << u"configmap \"load-test-lib\" not found"_s
            << u"ConfigurationError: 1 pod(s) affected [p]: ConfigMap not found (expected: load-test-lib). configmap \"load-test-lib\" not found. Create the ConfigMap and the pods will restart automatically."_s;
        QTest::newRow("empty configMapRef falls back to the library")
            << std::optional(u""_s) << std::optional(u"load-test-lib"_s) << u"configmap \"load-test-lib\" not found"_s
            << u"ConfigurationError: 1 pod(s) affected [p]: ConfigMap not found (expected: load-test-lib). configmap \"load-test-lib\" not found. Create the ConfigMap and the pods will restart automatically."_s;
        QTest::newRow("capitalised, several spaces")
            << std::optional(u"load-test-files"_s) << none << u"ConfigMap  \"load-test-files\" not found"_s
            << u"ConfigurationError: 1 pod(s) affected [p]: ConfigMap not found (expected: load-test-files). ConfigMap  \"load-test-files\" not found. Create the ConfigMap and the pods will restart automatically."_s;
        QTest::newRow("Configmap")
            << std::optional(u"load-test-files"_s) << none << u"Configmap \"load-test-files\" missing"_s
            << u"ConfigurationError: 1 pod(s) affected [p]: ConfigMap not found (expected: load-test-files). Configmap \"load-test-files\" missing. Create the ConfigMap and the pods will restart automatically."_s;

        QTest::newRow("another ConfigMap")
            << std::optional(u"load-test-files"_s) << std::optional(u"load-test-lib"_s) << u"configmap \"team-settings\" not found"_s
            << u"ConfigurationError: 1 pod(s) affected [p]: configmap \"team-settings\" not found. Create the ConfigMap and the pods will restart automatically."_s;
        QTest::newRow("a ConfigMap whose name contains the expected one")
            << std::optional(u"load-test"_s) << none << u"configmap \"load-test-files\" not found"_s
            << u"ConfigurationError: 1 pod(s) affected [p]: configmap \"load-test-files\" not found. Create the ConfigMap and the pods will restart automatically."_s;
        QTest::newRow("Secret")
            << std::optional(u"load-test-files"_s) << std::optional(u"load-test-lib"_s) << u"secret \"db-password\" not found"_s
            << u"ConfigurationError: 1 pod(s) affected [p]: secret \"db-password\" not found. Create the ConfigMap and the pods will restart automatically."_s;
        QTest::newRow("Secret named like the ConfigMap")
            << std::optional(u"load-test-files"_s) << none << u"secret \"load-test-files\" not found"_s
            << u"ConfigurationError: 1 pod(s) affected [p]: secret \"load-test-files\" not found. Create the ConfigMap and the pods will restart automatically."_s;
        QTest::newRow("message without a quoted name")
            << std::optional(u"load-test-files"_s) << none << u"couldn't find key locustfile.py in ConfigMap load/load-test-files"_s
            << u"ConfigurationError: 1 pod(s) affected [p]: couldn't find key locustfile.py in ConfigMap load/load-test-files. Create the ConfigMap and the pods will restart automatically."_s;
        QTest::newRow("no expected ConfigMap")
            << none << none << u"configmap \"load-test-files\" not found"_s
            << u"ConfigurationError: 1 pod(s) affected [p]: configmap \"load-test-files\" not found. Create the ConfigMap and the pods will restart automatically."_s;
        QTest::newRow("empty expected ConfigMaps")
            << std::optional(u""_s) << std::optional(u""_s) << u"configmap \"load-test-files\" not found"_s
            << u"ConfigurationError: 1 pod(s) affected [p]: configmap \"load-test-files\" not found. Create the ConfigMap and the pods will restart automatically."_s;
        QTest::newRow("empty message")
            << std::optional(u"load-test-files"_s) << none << QString()
            << u"ConfigurationError: 1 pod(s) affected [p]: . Create the ConfigMap and the pods will restart automatically."_s;
    }

    void configMapHint()
    {
        QFETCH(std::optional<QString>, testFiles);
        QFETCH(std::optional<QString>, library);
        QFETCH(QString, waitingMessage);
        QFETCH(QString, expectedMessage);
        const QJsonObject configError =
            pod(u"p"_s, containers({waiting(u"locust"_s, u"CreateContainerConfigError"_s, waitingMessage)}));
        QCOMPARE(assessPodHealth({configError}, ExpectedConfigMaps{testFiles, library}, now),
                 unhealthy(u"ConfigurationError"_s, expectedMessage, {u"p"_s}));
    }

    // The hint is part of the first error's text only; other reasons never get it.
    void configMapHintOnlyOnConfigurationError()
    {
        const ExpectedConfigMaps configMaps{u"load-test-files"_s, std::nullopt};
        const QJsonObject crash =
            pod(u"p"_s, containers({waiting(u"locust"_s, u"CrashLoopBackOff"_s, u"configmap \"load-test-files\" not found"_s)}));
        QCOMPARE(assessPodHealth({crash}, configMaps, now),
                 unhealthy(u"CrashLoopBackOff"_s, u"CrashLoopBackOff: 1 pod(s) affected [p]: configmap \"load-test-files\" not found"_s,
                           {u"p"_s}));
    }

    // Pods are whatever JSON the API server (or a broken proxy) sends: wrongly typed or missing
    // fields read as absent.
    void malformedPods_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<PodHealth>("expected");

        const auto crash = [](const QString &text) {
            return unhealthy(u"CrashLoopBackOff"_s, u"CrashLoopBackOff: 1 pod(s) affected [p]: "_s + text, {u"p"_s});
        };

        QTest::newRow("empty object") << QByteArray("{}") << allHealthy();
        QTest::newRow("metadata not an object") << QByteArray(R"({"metadata":"p","status":{}})") << allHealthy();
        QTest::newRow("status not an object") << QByteArray(R"({"metadata":{"name":"p"},"status":"Running"})") << allHealthy();
        QTest::newRow("status null") << QByteArray(R"({"metadata":{"name":"p"},"status":null})") << allHealthy();
        QTest::newRow("spec not an object") << QByteArray(R"({"metadata":{"name":"p"},"spec":[1],"status":{}})") << allHealthy();
        QTest::newRow("conditions not an array")
            << QByteArray(R"({"metadata":{"name":"p"},"status":{"conditions":{"type":"PodScheduled","status":"False"}}})") << allHealthy();
        QTest::newRow("conditions of wrong types")
            << QByteArray(R"({"metadata":{"name":"p"},"status":{"conditions":[null,1,"PodScheduled",[],
                 {"type":"PodScheduled","status":false},{"type":["PodScheduled"],"status":"False"}]}})")
            << allHealthy();
        QTest::newRow("condition message not a string")
            << QByteArray(R"({"metadata":{"name":"p"},"status":{"conditions":[{"type":"PodScheduled","status":"False","message":7}]}})")
            << unhealthy(u"SchedulingError"_s, u"SchedulingError: 1 pod(s) affected [p]: "_s, {u"p"_s});
        QTest::newRow("container statuses not arrays")
            << QByteArray(R"({"metadata":{"name":"p"},"status":{"containerStatuses":{"name":"c"},"initContainerStatuses":"x"}})")
            << allHealthy();
        QTest::newRow("container statuses of wrong types")
            << QByteArray(R"({"metadata":{"name":"p"},"status":{"containerStatuses":[null,1,"x",[],{},{"state":5},
                 {"state":{"waiting":"CrashLoopBackOff"}},{"state":{"terminated":1}},{"state":{"waiting":null,"terminated":null}}]}})")
            << allHealthy();
        QTest::newRow("waiting reason not a string")
            << QByteArray(R"({"metadata":{"name":"p"},"status":{"containerStatuses":[{"name":"c","state":{"waiting":{"reason":5}}}]}})")
            << allHealthy();
        QTest::newRow("waiting message not a string")
            << QByteArray(R"({"metadata":{"name":"p"},"status":{"containerStatuses":[{"name":"c","state":{"waiting":{"reason":"CrashLoopBackOff","message":{"a":1}}}}]}})")
            << crash(QString());
        QTest::newRow("exit code as a string")
            << QByteArray(R"({"metadata":{"name":"p"},"status":{"containerStatuses":[{"name":"c","state":{"terminated":{"exitCode":"1"}}}]}})")
            << allHealthy();
        QTest::newRow("exit code fractional")
            << QByteArray(R"({"metadata":{"name":"p"},"status":{"containerStatuses":[{"name":"c","state":{"terminated":{"exitCode":1.5}}}]}})")
            << allHealthy();
        QTest::newRow("exit code out of range")
            << QByteArray(R"({"metadata":{"name":"p"},"status":{"containerStatuses":[{"name":"c","state":{"terminated":{"exitCode":1e300}}}]}})")
            << allHealthy();
        QTest::newRow("exit code boolean")
            << QByteArray(R"({"metadata":{"name":"p"},"status":{"containerStatuses":[{"name":"c","state":{"terminated":{"exitCode":true}}}]}})")
            << allHealthy();
        QTest::newRow("exit code missing")
            << QByteArray(R"({"metadata":{"name":"p"},"status":{"containerStatuses":[{"name":"c","state":{"terminated":{"reason":"Error"}}}]}})")
            << allHealthy();
        QTest::newRow("exit code negative")
            << QByteArray(R"({"metadata":{"name":"p"},"status":{"containerStatuses":[{"name":"c","state":{"terminated":{"exitCode":-1,"reason":"Unknown"}}}]}})")
            << crash(u"Container c exited with code -1: Unknown"_s);
        QTest::newRow("exit code int32 minimum")
            << QByteArray(R"({"metadata":{"name":"p"},"status":{"containerStatuses":[{"name":"c","state":{"terminated":{"exitCode":-2147483648,"reason":"x"}}}]}})")
            << crash(u"Container c exited with code -2147483648: x"_s);
        QTest::newRow("exit code above int32")
            << QByteArray(R"({"metadata":{"name":"p"},"status":{"containerStatuses":[{"name":"c","state":{"terminated":{"exitCode":2147483648,"reason":"x"}}}]}})")
            << allHealthy();
        QTest::newRow("container without a name")
            << QByteArray(R"({"metadata":{"name":"p"},"status":{"containerStatuses":[{"state":{"terminated":{"exitCode":1,"reason":["Error"]}}}]}})")
            << crash(u"Container  exited with code 1: "_s);
        // Both states at once cannot come from a kubelet; each is checked as if alone.
        QTest::newRow("waiting and terminated")
            << QByteArray(R"({"metadata":{"name":"p"},"status":{"containerStatuses":[{"name":"c","state":{
                 "waiting":{"reason":"ContainerCreating"},"terminated":{"exitCode":3,"reason":"Error"}}}]}})")
            << crash(u"Container c exited with code 3: Error"_s);
        QTest::newRow("init containers of wrong types")
            << QByteArray(R"({"metadata":{"name":"p"},"spec":{"initContainers":[null,5,{"name":1,"restartPolicy":"Always"},
                 {"name":"c","restartPolicy":["Always"]}]},
                 "status":{"initContainerStatuses":[{"name":"c","state":{"terminated":{"exitCode":1,"reason":"Error"}}}]}})")
            << unhealthy(u"InitializationError"_s, u"InitializationError: 1 pod(s) affected [p]: Container c exited with code 1: Error"_s,
                         {u"p"_s});
        QTest::newRow("initContainers not an array")
            << QByteArray(R"({"metadata":{"name":"p"},"spec":{"initContainers":{"name":"c","restartPolicy":"Always"}},
                 "status":{"initContainerStatuses":[{"name":"c","state":{"terminated":{"exitCode":1,"reason":"Error"}}}]}})")
            << unhealthy(u"InitializationError"_s, u"InitializationError: 1 pod(s) affected [p]: Container c exited with code 1: Error"_s,
                         {u"p"_s});
        QTest::newRow("pod without a name")
            << QByteArray(R"({"metadata":{"name":42},"status":{"containerStatuses":[{"name":"c","state":{"waiting":{"reason":"CrashLoopBackOff","message":"m"}}}]}})")
            << unhealthy(u"CrashLoopBackOff"_s, u"CrashLoopBackOff: 1 pod(s) affected []: m"_s, {QString()});
    }

    void malformedPods()
    {
        QFETCH(QByteArray, json);
        QFETCH(PodHealth, expected);
        QCOMPARE(assessPodHealth({parse(json)}, {u"files"_s, u"lib"_s}, now), expected);
    }

    // Pure: the answer depends on the arguments only.
    void sameInputSameAnswer()
    {
        const QList<QJsonObject> pods{failing(u"a"_s, u"crash"_s, u"2024-05-01T11:59:00Z"_s), failing(u"b"_s, u"image"_s)};
        const PodHealth first = assessPodHealth(pods, {}, now);
        QCOMPARE(assessPodHealth(pods, {}, now), first);
        QCOMPARE(first, unhealthy(u"ImagePullError"_s, u"ImagePullError: 1 pod(s) affected [b]: Back-off pulling image \"b\""_s, {u"b"_s}));
        // The same pods a minute later: the young pod is now judged too.
        QCOMPARE(assessPodHealth(pods, {}, now.addSecs(60)), first);
        QCOMPARE(assessPodHealth({pods.first()}, {}, now.addSecs(60)),
                 unhealthy(u"CrashLoopBackOff"_s, u"CrashLoopBackOff: 1 pod(s) affected [a]: back-off restarting a"_s, {u"a"_s}));
        QCOMPARE(assessPodHealth({pods.first()}, {}, now), starting(60s));
    }
};

QTEST_GUILESS_MAIN(PodHealthTest)
#include "tst_podhealth.moc"

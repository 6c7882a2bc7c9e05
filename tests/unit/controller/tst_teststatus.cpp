#include "controller/conditions.h"
#include "controller/jobstate.h"
#include "controller/teststatus.h"

#include <QJsonArray>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace locust;
using namespace locust::controller;

namespace {

const QDateTime t0 = QDateTime::fromString(u"2026-11-24T10:00:00Z"_s, Qt::ISODate);
const QDateTime t1 = t0.addSecs(30);

QJsonObject job(int active, const QJsonArray &conditions = {})
{
    QJsonObject status;
    if (active > 0)
        status.insert(u"active"_s, active);
    if (!conditions.isEmpty())
        status.insert(u"conditions"_s, conditions);
    return QJsonObject{{u"status"_s, status}};
}

QJsonObject jobCondition(const QString &type, const QString &status)
{
    return QJsonObject{{u"type"_s, type}, {u"status"_s, status}};
}

PodHealth healthy()
{
    return PodHealth{true, u"PodsHealthy"_s, u"All pods are healthy"_s, {}, {}};
}

const api::Condition &condition(const api::LocustTestStatus &status, QStringView type)
{
    const api::Condition *found = findCondition(*status.conditions, type);
    if (!found)
        qFatal("no condition %s", qPrintable(type.toString()));
    return *found;
}

// A test whose resources were created at generation 1 and whose master pod runs.
api::LocustTestStatus runningStatus(int expectedWorkers = 2)
{
    api::LocustTestStatus status = teststatus::resourcesCreated(teststatus::initial(expectedWorkers, 1, t0), 1, t0);
    return teststatus::refreshed(status, 1, job(1), job(expectedWorkers), healthy(), t0).status;
}

QStringList reasons(const QList<TestEvent> &events)
{
    QStringList result;
    for (const TestEvent &event : events)
        result << (event.warning ? u"Warning "_s : u"Normal "_s) + event.reason;
    return result;
}

} // namespace

class TestStatusTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void setConditionKeepsTransitionTimeUnlessStatusChanges()
    {
        QList<api::Condition> conditions;
        QVERIFY(setCondition(conditions, {u"Ready", false, u"A"_s, u"a"_s}, 1, t0));
        QVERIFY(setCondition(conditions, {u"Other", true, u"B"_s, u"b"_s}, 1, t0));
        QVERIFY(setCondition(conditions, {u"Ready", false, u"C"_s, u"c"_s}, 2, t1));
        QCOMPARE(conditions.size(), 2);
        QCOMPARE(conditions[0].type, u"Ready"_s); // order of first setting
        QCOMPARE(conditions[0].reason, u"C"_s);
        QCOMPARE(conditions[0].observedGeneration, 2);
        QCOMPARE(conditions[0].lastTransitionTime, u"2026-11-24T10:00:00Z"_s);
        QVERIFY(setCondition(conditions, {u"Ready", true, u"C"_s, u"c"_s}, 2, t1));
        QCOMPARE(conditions[0].lastTransitionTime, u"2026-11-24T10:00:30Z"_s);
        QVERIFY(!setCondition(conditions, {u"Ready", true, u"C"_s, u"c"_s}, 2, t1.addSecs(5)));
    }

    void jobStates()
    {
        QCOMPARE(jobState(job(0)), JobState::NotStarted);
        QCOMPARE(jobState(QJsonObject{}), JobState::NotStarted);
        QCOMPARE(jobState(job(1)), JobState::Active);
        QCOMPARE(jobState(job(1, {jobCondition(u"Complete"_s, u"True"_s)})), JobState::Succeeded);
        QCOMPARE(jobState(job(0, {jobCondition(u"Complete"_s, u"False"_s)})), JobState::NotStarted);
        QCOMPARE(jobState(job(0, {jobCondition(u"Failed"_s, u"True"_s)})), JobState::Failed);
        // Order does not matter: Complete wins either way.
        QCOMPARE(jobState(job(0, {jobCondition(u"Failed"_s, u"True"_s), jobCondition(u"Complete"_s, u"True"_s)})),
                 JobState::Succeeded);
        QCOMPARE(jobState(job(0, {jobCondition(u"Complete"_s, u"True"_s), jobCondition(u"Failed"_s, u"True"_s)})),
                 JobState::Succeeded);
        QCOMPARE(activePods(QJsonObject{{u"status"_s, QJsonObject{{u"active"_s, u"3"_s}}}}), 0); // not a number
        QCOMPARE(activePods(QJsonObject{{u"status"_s, QJsonObject{{u"active"_s, -2}}}}), 0);
    }

    void initialStatus()
    {
        const api::LocustTestStatus status = teststatus::initial(3, 1, t0);
        QCOMPARE(status.phase, u"Pending"_s);
        QCOMPARE(status.expectedWorkers, 3);
        QVERIFY(!status.observedGeneration);
        QVERIFY(!status.connectedWorkers);
        QStringList summary;
        for (const api::Condition &c : *status.conditions)
            summary << u"%1=%2 %3: %4"_s.arg(c.type, c.status, c.reason, c.message);
        QCOMPARE(summary, (QStringList{u"Ready=False ResourcesCreating: Creating resources"_s,
                                       u"WorkersConnected=False WaitingForWorkers: Waiting for workers to connect"_s,
                                       u"TestCompleted=False TestInProgress: Test has not started"_s,
                                       u"PodsHealthy=True PodsStarting: Waiting for pods to start"_s}));
    }

    void resourcesCreatedSetsRunningOnce()
    {
        const api::LocustTestStatus created = teststatus::resourcesCreated(teststatus::initial(1, 1, t0), 1, t0);
        QCOMPARE(created.phase, u"Running"_s);
        QCOMPARE(created.observedGeneration, 1);
        QCOMPARE(created.startTime, u"2026-11-24T10:00:00Z"_s);
        QCOMPARE(condition(created, u"Ready").status, u"True"_s);
        QCOMPARE(condition(created, u"Ready").reason, u"ResourcesCreated"_s);
        // Recreating after a recovery keeps the start time.
        const api::LocustTestStatus again = teststatus::resourcesCreated(teststatus::recovering(created, 1, t1), 1, t1);
        QCOMPARE(again.startTime, u"2026-11-24T10:00:00Z"_s);
    }

    void creationFailureIsVisible()
    {
        const api::LocustTestStatus failed =
            teststatus::creationFailed(teststatus::initial(1, 1, t0), 1, t1, u"Failed to create Job x: invalid"_s);
        QCOMPARE(failed.phase, u"Pending"_s);
        QCOMPARE(condition(failed, u"Ready").reason, u"ResourceCreationFailed"_s);
        QCOMPARE(condition(failed, u"Ready").message, u"Failed to create Job x: invalid"_s);
    }

    void recoveringGoesBackToPending()
    {
        const api::LocustTestStatus status = teststatus::recovering(runningStatus(), 2, t1);
        QCOMPARE(status.phase, u"Pending"_s);
        QCOMPARE(status.observedGeneration, 2);
        QCOMPARE(condition(status, u"Ready").message, u"Recreating externally deleted resources"_s);
    }

    // The reference flipped Running -> Pending while the master Job had no active pod yet.
    void masterNotStartedKeepsRunning()
    {
        const api::LocustTestStatus created = teststatus::resourcesCreated(teststatus::initial(2, 1, t0), 1, t0);
        const teststatus::Refresh refresh = teststatus::refreshed(created, 1, job(0), job(0), healthy(), t1);
        QCOMPARE(refresh.status.phase, u"Running"_s);
        QVERIFY(refresh.events.isEmpty());
        QCOMPARE(condition(refresh.status, u"TestCompleted").message, u"Test has not started"_s);
    }

    void testStartedOnceWhenTheMasterRuns()
    {
        const api::LocustTestStatus created = teststatus::resourcesCreated(teststatus::initial(2, 1, t0), 1, t0);
        const teststatus::Refresh first = teststatus::refreshed(created, 1, job(1), job(0), healthy(), t1);
        QCOMPARE(reasons(first.events), QStringList{u"Normal TestStarted"_s});
        QCOMPARE(first.events[0].message, u"Load test execution started"_s);
        QCOMPARE(condition(first.status, u"TestCompleted").message, u"Test is running"_s);
        const teststatus::Refresh second = teststatus::refreshed(first.status, 1, job(1), job(2), healthy(), t1);
        QVERIFY(second.events.isEmpty());
    }

    void succeeded()
    {
        const teststatus::Refresh refresh = teststatus::refreshed(
            runningStatus(), 1, job(0, {jobCondition(u"Complete"_s, u"True"_s)}), job(0), healthy(), t1);
        QCOMPARE(refresh.status.phase, u"Succeeded"_s);
        QCOMPARE(refresh.status.completionTime, u"2026-11-24T10:00:30Z"_s);
        QCOMPARE(reasons(refresh.events), QStringList{u"Normal TestCompleted"_s});
        QCOMPARE(refresh.events[0].message, u"Load test completed successfully"_s);
        QCOMPARE(condition(refresh.status, u"TestCompleted").reason, u"TestSucceeded"_s);
        QCOMPARE(condition(refresh.status, u"Ready").status, u"True"_s); // left as it was
    }

    void failedJob()
    {
        const teststatus::Refresh refresh = teststatus::refreshed(
            runningStatus(), 1, job(0, {jobCondition(u"Failed"_s, u"True"_s)}), job(0), healthy(), t1);
        QCOMPARE(refresh.status.phase, u"Failed"_s);
        QCOMPARE(reasons(refresh.events), QStringList{u"Warning TestFailed"_s});
        QCOMPARE(condition(refresh.status, u"TestCompleted").reason, u"TestFailed"_s);
        QCOMPARE(condition(refresh.status, u"Ready").reason, u"ResourcesFailed"_s);
        QCOMPARE(condition(refresh.status, u"Ready").message, u"Test failed"_s);
    }

    void unhealthyPodsFailTheTestAndReportOnce()
    {
        const PodHealth sick{false, u"ImagePullError"_s, u"ImagePullError: 1 pod(s) affected [p]: boom"_s, {}, {u"p"_s}};
        const teststatus::Refresh refresh = teststatus::refreshed(runningStatus(), 1, job(1), job(2), sick, t1);
        QCOMPARE(refresh.status.phase, u"Failed"_s);
        QCOMPARE(reasons(refresh.events), (QStringList{u"Warning TestFailed"_s, u"Warning PodFailure"_s}));
        QCOMPARE(refresh.events[1].message, sick.message);
        QCOMPARE(condition(refresh.status, u"PodsHealthy").status, u"False"_s);
        QCOMPARE(condition(refresh.status, u"PodsHealthy").reason, u"ImagePullError"_s);
        // The same failure seen again is not reported again.
        api::LocustTestStatus stillRunning = refresh.status;
        stillRunning.phase = u"Running"_s;
        const teststatus::Refresh again = teststatus::refreshed(stillRunning, 1, job(1), job(2), sick, t1);
        QVERIFY(!reasons(again.events).contains(u"Warning PodFailure"_s));
    }

    void podsStartingRecheck()
    {
        const PodHealth starting{true, u"PodsStarting"_s, u"Pods are starting up"_s, std::chrono::seconds(42), {}};
        const teststatus::Refresh refresh = teststatus::refreshed(runningStatus(), 1, job(1), job(2), starting, t1);
        QCOMPARE(refresh.recheckAfter, std::chrono::milliseconds(42000));
        QCOMPARE(condition(refresh.status, u"PodsHealthy").reason, u"PodsStarting"_s);
    }

    void workers()
    {
        const teststatus::Refresh missing = teststatus::refreshed(runningStatus(3), 1, job(1), job(2), healthy(), t1);
        QCOMPARE(missing.status.connectedWorkers, 2);
        QCOMPARE(condition(missing.status, u"WorkersConnected").status, u"False"_s);
        QCOMPARE(condition(missing.status, u"WorkersConnected").reason, u"WorkersMissing"_s);
        QCOMPARE(condition(missing.status, u"WorkersConnected").message, u"2/3 workers connected"_s);
        const teststatus::Refresh all = teststatus::refreshed(runningStatus(3), 1, job(1), job(3), healthy(), t1);
        QCOMPARE(condition(all.status, u"WorkersConnected").reason, u"AllWorkersConnected"_s);
        QCOMPARE(condition(all.status, u"WorkersConnected").message, u"3/3 workers connected"_s);
        const teststatus::Refresh none = teststatus::refreshed(runningStatus(3), 1, job(1), job(0), healthy(), t1);
        QVERIFY(!none.status.connectedWorkers); // omitted while 0
    }

    void specDriftIsReportedOnce()
    {
        const teststatus::Refresh drift = teststatus::refreshed(runningStatus(), 2, job(1), job(2), healthy(), t1);
        QCOMPARE(drift.status.observedGeneration, 2);
        QCOMPARE(condition(drift.status, u"SpecDrifted").reason, u"SpecChangeIgnored"_s);
        QCOMPARE(reasons(drift.events), QStringList{u"Warning SpecChangeIgnored"_s});
        const teststatus::Refresh again = teststatus::refreshed(drift.status, 3, job(1), job(2), healthy(), t1);
        QVERIFY(again.events.isEmpty());
        // No drift when the resources were built from the current generation (edited before creation).
        const api::LocustTestStatus created = teststatus::resourcesCreated(teststatus::initial(2, 2, t0), 2, t0);
        const teststatus::Refresh fresh = teststatus::refreshed(created, 2, job(1), job(2), healthy(), t1);
        QVERIFY(!findCondition(*fresh.status.conditions, u"SpecDrifted"));
    }

    void unchangedInputsGiveAnUnchangedStatus()
    {
        const api::LocustTestStatus status = runningStatus();
        const teststatus::Refresh refresh = teststatus::refreshed(status, 1, job(1), job(2), healthy(), t1);
        QCOMPARE(refresh.status, status); // so the reconciler writes nothing
    }
};

QTEST_GUILESS_MAIN(TestStatusTest)
#include "tst_teststatus.moc"

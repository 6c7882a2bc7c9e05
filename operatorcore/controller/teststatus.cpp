#include "controller/teststatus.h"

#include "controller/conditions.h"
#include "controller/jobstate.h"

using namespace Qt::StringLiterals;

namespace locust::controller {

namespace {

const QString notStartedMessage = u"Test has not started"_s;
const QString runningMessage = u"Test is running"_s;

} // namespace

bool isTerminalPhase(const std::optional<QString> &phase)
{
    return phase == phase::succeeded || phase == phase::failed;
}

namespace teststatus {

api::LocustTestStatus initial(int expectedWorkers, qint64 generation, const QDateTime &now)
{
    api::LocustTestStatus status;
    status.phase = phase::pending.toString();
    status.expectedWorkers = expectedWorkers;
    QList<api::Condition> conditions;
    setCondition(conditions, {conditiontype::ready, false, u"ResourcesCreating"_s, u"Creating resources"_s},
                 generation, now);
    setCondition(conditions,
                 {conditiontype::workersConnected, false, u"WaitingForWorkers"_s, u"Waiting for workers to connect"_s},
                 generation, now);
    setCondition(conditions, {conditiontype::testCompleted, false, u"TestInProgress"_s, notStartedMessage}, generation,
                 now);
    setCondition(conditions, {conditiontype::podsHealthy, true, u"PodsStarting"_s, u"Waiting for pods to start"_s},
                 generation, now);
    status.conditions = conditions;
    return status;
}

api::LocustTestStatus resourcesCreated(api::LocustTestStatus status, qint64 generation, const QDateTime &now)
{
    status.phase = phase::running.toString();
    status.observedGeneration = generation;
    if (!status.startTime)
        status.startTime = formatTime(now);
    QList<api::Condition> conditions = status.conditions.value_or(QList<api::Condition>{});
    setCondition(conditions, {conditiontype::ready, true, u"ResourcesCreated"_s, u"All resources created"_s},
                 generation, now);
    status.conditions = conditions;
    return status;
}

api::LocustTestStatus creationFailed(api::LocustTestStatus status, qint64 generation, const QDateTime &now,
                                     const QString &message)
{
    status.observedGeneration = generation;
    QList<api::Condition> conditions = status.conditions.value_or(QList<api::Condition>{});
    setCondition(conditions, {conditiontype::ready, false, u"ResourceCreationFailed"_s, message}, generation, now);
    status.conditions = conditions;
    return status;
}

api::LocustTestStatus recovering(api::LocustTestStatus status, qint64 generation, const QDateTime &now)
{
    status.phase = phase::pending.toString();
    status.observedGeneration = generation;
    QList<api::Condition> conditions = status.conditions.value_or(QList<api::Condition>{});
    setCondition(conditions,
                 {conditiontype::ready, false, u"ResourcesCreating"_s, u"Recreating externally deleted resources"_s},
                 generation, now);
    status.conditions = conditions;
    return status;
}

Refresh refreshed(const api::LocustTestStatus &current, qint64 generation, const QJsonObject &masterJob,
                  const QJsonObject &workerJob, const PodHealth &podHealth, const QDateTime &now)
{
    Refresh refresh{current, {}, podHealth.recheckAfter};
    api::LocustTestStatus &status = refresh.status;
    QList<api::Condition> conditions = status.conditions.value_or(QList<api::Condition>{});

    const JobState master = jobState(masterJob);
    QString newPhase = status.phase.value_or(phase::running.toString());
    if (master == JobState::Succeeded)
        newPhase = phase::succeeded.toString();
    else if (master == JobState::Failed || !podHealth.healthy)
        newPhase = phase::failed.toString();

    // TestStarted once, when the master pod first runs: the TestCompleted condition remembers it.
    const api::Condition *completed = findCondition(conditions, conditiontype::testCompleted);
    if (master == JobState::Active && newPhase == phase::running
        && (!completed || (completed->status == u"False" && completed->message == notStartedMessage))) {
        setCondition(conditions, {conditiontype::testCompleted, false, u"TestInProgress"_s, runningMessage},
                     generation, now);
        refresh.events.append({false, u"TestStarted"_s, u"Load test execution started"_s});
    }

    if (newPhase != status.phase) {
        if (newPhase == phase::succeeded) {
            refresh.events.append({false, u"TestCompleted"_s, u"Load test completed successfully"_s});
            setCondition(conditions, {conditiontype::testCompleted, true, u"TestSucceeded"_s,
                                      u"Test completed successfully"_s},
                         generation, now);
            status.completionTime = formatTime(now);
        } else if (newPhase == phase::failed) {
            refresh.events.append({true, u"TestFailed"_s, u"Load test execution failed"_s});
            setCondition(conditions, {conditiontype::testCompleted, true, u"TestFailed"_s, u"Test failed"_s},
                         generation, now);
            setCondition(conditions, {conditiontype::ready, false, u"ResourcesFailed"_s, u"Test failed"_s}, generation,
                         now);
            status.completionTime = formatTime(now);
        }
        status.phase = newPhase;
    }

    const int connected = activePods(workerJob);
    const int expected = status.expectedWorkers.value_or(0);
    status.connectedWorkers = connected == 0 ? std::nullopt : std::optional<qint32>(connected);
    const QString workersMessage = u"%1/%2 workers connected"_s.arg(connected).arg(expected);
    setCondition(conditions,
                 connected >= expected
                     ? ConditionChange{conditiontype::workersConnected, true, u"AllWorkersConnected"_s, workersMessage}
                     : ConditionChange{conditiontype::workersConnected, false, u"WorkersMissing"_s, workersMessage},
                 generation, now);

    // PodFailure when the pods turn unhealthy or their failure changes, not on every reconcile.
    const api::Condition *pods = findCondition(conditions, conditiontype::podsHealthy);
    const bool podFailureIsNew = !podHealth.healthy && (!pods || pods->status != u"False" || pods->message != podHealth.message);
    setCondition(conditions, {conditiontype::podsHealthy, podHealth.healthy, podHealth.reason, podHealth.message},
                 generation, now);
    if (podFailureIsNew)
        refresh.events.append({true, u"PodFailure"_s, podHealth.message});

    // Spec edits after the resources were built are not applied: say so, once, as a condition and
    // a Warning event. Ready's observedGeneration is the generation the resources were built from.
    const api::Condition *ready = findCondition(conditions, conditiontype::ready);
    const bool drifted = ready && ready->reason == u"ResourcesCreated" && ready->observedGeneration
                         && *ready->observedGeneration < generation;
    if (drifted && !findCondition(conditions, conditiontype::specDrifted)) {
        const QString message = u"Spec changes after creation are ignored. Delete and recreate the CR to apply changes."_s;
        setCondition(conditions, {conditiontype::specDrifted, true, u"SpecChangeIgnored"_s, message}, generation, now);
        refresh.events.append({true, u"SpecChangeIgnored"_s, message});
    }

    status.observedGeneration = generation;
    status.conditions = conditions;
    if (isTerminalPhase(status.phase))
        refresh.recheckAfter = std::chrono::milliseconds(0);
    return refresh;
}

} // namespace teststatus

} // namespace locust::controller

#pragma once

#include "api/locusttestv2.h"
#include "controller/podhealth.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <chrono>

namespace locust::controller {

namespace phase {
inline constexpr QStringView pending = u"Pending";
inline constexpr QStringView running = u"Running";
inline constexpr QStringView succeeded = u"Succeeded";
inline constexpr QStringView failed = u"Failed";
} // namespace phase

bool isTerminalPhase(const std::optional<QString> &phase);

// An Event to record on the LocustTest.
struct TestEvent
{
    bool warning = false;
    QString reason;
    QString message;

    bool operator==(const TestEvent &) const = default;
};

// The pure status transitions of a LocustTest. Each takes the current status and returns the next
// one; the reconciler only reads the cluster and writes what these decide. `generation` is the
// test's metadata.generation, `now` the time stamped on changed conditions.
namespace teststatus {

// The status of a test seen for the first time: Pending, expectedWorkers, the four initial conditions.
api::LocustTestStatus initial(int expectedWorkers, qint64 generation, const QDateTime &now);

// After the Service and both Jobs exist: Running, Ready=True.
api::LocustTestStatus resourcesCreated(api::LocustTestStatus status, qint64 generation, const QDateTime &now);

// A create the API server refused: the phase stays Pending, Ready=False says what failed and why
// (the reference retried silently forever).
api::LocustTestStatus creationFailed(api::LocustTestStatus status, qint64 generation, const QDateTime &now,
                                     const QString &message);

// An owned object of a running test disappeared: back to Pending so that it is recreated.
api::LocustTestStatus recovering(api::LocustTestStatus status, qint64 generation, const QDateTime &now);

struct Refresh
{
    api::LocustTestStatus status;
    QList<TestEvent> events;
    std::chrono::milliseconds recheckAfter{0};
};

// A running test's status from its Jobs and pods. Unlike the reference, a master Job without an
// active pod yet keeps the test Running (resources exist; the phase no longer flips to Pending and
// back), and TestStarted is emitted once, when the master pod first runs.
Refresh refreshed(const api::LocustTestStatus &current, qint64 generation, const QJsonObject &masterJob,
                  const QJsonObject &workerJob, const PodHealth &podHealth, const QDateTime &now);

} // namespace teststatus

} // namespace locust::controller

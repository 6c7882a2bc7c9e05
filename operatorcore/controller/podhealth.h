#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <chrono>
#include <optional>

namespace locust::controller {

// What the PodsHealthy condition says about a test's pods, and when to look again.
struct PodHealth
{
    bool healthy = true;
    QString reason;  // the condition's reason: PodsStarting, PodsHealthy or a failure type
    QString message; // the condition's message
    // Greater than zero while the answer is healthy and some pod is still inside its start-up grace
    // period: failures of that pod are not judged yet, so the reconciler checks again after this long.
    // Zero on an unhealthy answer, which only ever judges pods past their grace period.
    std::chrono::milliseconds recheckAfter{0};
    QStringList failedPods; // the pods of the reported failure type, in list order

    bool operator==(const PodHealth &) const = default;
};

// The ConfigMaps the test mounts (spec.testFiles), for the hint on CreateContainerConfigError.
struct ExpectedConfigMaps
{
    std::optional<QString> testFiles; // spec.testFiles.configMapRef
    std::optional<QString> library;   // spec.testFiles.libConfigMapRef
};

// The start-up grace period of each pod: failures are judged only once a pod is this old.
inline constexpr std::chrono::milliseconds podStartupGracePeriod = std::chrono::minutes(2);

// Judges the pods of one test (the pods labelled performance-test-name=<test>), as spec'd for the
// PodsHealthy condition. Pure: the same pods and time give the same answer.
PodHealth assessPodHealth(const QList<QJsonObject> &pods, const ExpectedConfigMaps &configMaps,
                          const QDateTime &now,
                          std::chrono::milliseconds gracePeriod = podStartupGracePeriod);

// The answer when the pods could not be listed: healthy, "Pod health check pending".
PodHealth podHealthUnknown();

} // namespace locust::controller

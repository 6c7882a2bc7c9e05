#pragma once

#include "api/locusttestv2.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace locust::controller {

// Condition types of a LocustTest's status.
namespace conditiontype {
inline constexpr QStringView ready = u"Ready";
inline constexpr QStringView workersConnected = u"WorkersConnected";
inline constexpr QStringView testCompleted = u"TestCompleted";
inline constexpr QStringView podsHealthy = u"PodsHealthy";
inline constexpr QStringView specDrifted = u"SpecDrifted";
} // namespace conditiontype

// A condition to set: lastTransitionTime and observedGeneration are filled in by setCondition.
struct ConditionChange
{
    QStringView type;
    bool status = false;
    QString reason;
    QString message;
};

// Kubernetes' meta.SetStatusCondition: conditions are keyed by type; a new type is appended; an
// existing one gets the new reason, message and observedGeneration, and a new lastTransitionTime
// only when its status changes. Returns true when anything changed.
bool setCondition(QList<api::Condition> &conditions, const ConditionChange &change, qint64 generation,
                  const QDateTime &now);

const api::Condition *findCondition(const QList<api::Condition> &conditions, QStringView type);

// RFC 3339 in UTC with second precision, as metav1.Time serialises.
QString formatTime(const QDateTime &time);

} // namespace locust::controller

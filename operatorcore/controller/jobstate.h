#pragma once

#include <QJsonObject>

namespace locust::controller {

// Where a Job stands, from its status.
enum class JobState {
    NotStarted, // no active pod yet and no terminal condition
    Active,     // at least one active pod
    Succeeded,  // condition Complete=True
    Failed,     // condition Failed=True
};

// Complete=True wins over Failed=True wherever they appear in the list (the reference took the
// first of the two in list order, so the same Job could read either way); then active > 0.
JobState jobState(const QJsonObject &job);

// status.active of a Job, 0 when absent or not a number.
int activePods(const QJsonObject &job);

} // namespace locust::controller

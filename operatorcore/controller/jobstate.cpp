#include "controller/jobstate.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace locust::controller {

namespace {

bool hasTrueCondition(const QJsonArray &conditions, QStringView type)
{
    for (const QJsonValue &value : conditions) {
        const QJsonObject condition = value.toObject();
        if (condition.value(u"type").toString() == type && condition.value(u"status").toString() == u"True")
            return true;
    }
    return false;
}

} // namespace

JobState jobState(const QJsonObject &job)
{
    const QJsonArray conditions = job.value(u"status").toObject().value(u"conditions").toArray();
    if (hasTrueCondition(conditions, u"Complete"))
        return JobState::Succeeded;
    if (hasTrueCondition(conditions, u"Failed"))
        return JobState::Failed;
    return activePods(job) > 0 ? JobState::Active : JobState::NotStarted;
}

int activePods(const QJsonObject &job)
{
    const QJsonValue active = job.value(u"status").toObject().value(u"active");
    return active.isDouble() ? qMax(0, active.toInt()) : 0;
}

} // namespace locust::controller
